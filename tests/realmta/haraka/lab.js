// Haraka lab plugin: relay everything (the lab listens on 127.0.0.1 only) and route every
// domain to the loopback sink instead of asking DNS.
exports.hook_connect = function (next, connection) {
    connection.relaying = true
    next()
}

exports.hook_rcpt = function (next) {
    next(OK)
}

exports.hook_get_mx = function (next, hmail, domain) {
    const sink = Number(process.env.LAB_SINK_PORT || 26261)
    if (domain === 'nullmx.example.org') {
        // what DNS answers for a domain that publishes a null MX (RFC 7505)
        return next(OK, { exchange: '', priority: 0 })
    }
    if (domain === 'nowhere.example.org') {
        // a host found, nothing listening on it
        return next(OK, { exchange: '127.0.0.1', port: sink + 10, priority: 10 })
    }
    next(OK, { exchange: '127.0.0.1', port: sink, priority: 10 })
}
