#!/usr/bin/env bash
# Makes Haraka write the bounces of samples/haraka/: `bash tests/realmta/haraka/run.sh OUTDIR`.
# Not part of the test suite (it needs npm and Node). Installs Haraka from the npm registry
# into a scratch directory, runs it on 127.0.0.1 only, unprivileged ports, with the lab
# plugin (lab.js: relay everything, every domain routed to the loopback sink, no DNS) and
# retries cut to one after 5 s; the sink (sink.py) refuses recipients in the ways the
# cases of send.py ask for and keeps the bounces Haraka sends back. Stops what it started.
set -euo pipefail
out="$(realpath -m "${1:?usage: run.sh OUTDIR}")"
here="$(cd "$(dirname "$0")" && pwd)"
version="${HARAKA_VERSION:-3.3.4}"
smtp_port="${LAB_SMTP_PORT:-25251}"
export LAB_SINK_PORT="${LAB_SINK_PORT:-26261}"
work="$(mktemp -d /tmp/haraka-lab.XXXXXX)"
pids=()
stop() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap stop EXIT

npm install --silent --no-audit --no-fund --prefix "$work/npm" "Haraka@$version" >/dev/null
haraka="$work/npm/node_modules/.bin/haraka"
shipped="$work/npm/node_modules/Haraka/config"
"$haraka" -i "$work/inst" >/dev/null
cfg="$work/inst/config"
printf 'listen=127.0.0.1:%s\nnodes=0\n' "$smtp_port" > "$cfg/smtp.ini"
echo mail.example.net > "$cfg/me"
echo lab > "$cfg/plugins"
printf 'enable_tls=false\ntemp_fail_intervals=5s\nlocal_mx_ok=true\n' > "$cfg/outbound.ini"
cp "$here/lab.js" "$work/inst/plugins/lab.js"
# `haraka -i` does not copy the shipped bounce template: without it the text part is empty
cp "$shipped/outbound.bounce_message" "$cfg/"

wait_port() { for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return; sleep 0.2; done; echo "port $1 not up" >&2; exit 1; }
start_haraka() { "$haraka" -c "$work/inst" >>"$work/haraka.log" 2>&1 & pids+=($!); wait_port "$smtp_port"; }
wait_bounces() {  # count
    for _ in $(seq 60); do [ "$(ls "$work/mailbox" | wc -l)" -ge "$1" ] && return; sleep 1; done
    echo "only $(ls "$work/mailbox" | wc -l) of $1 bounces" >&2
}

python3 "$here/sink.py" --port "$LAB_SINK_PORT" --mailbox "$work/mailbox" --seconds 300 & pids+=($!)
wait_port "$LAB_SINK_PORT"
start_haraka
python3 "$here/send.py" "$smtp_port"
wait_bounces 8
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true; unset 'pids[-1]'

# the same once more with the shipped HTML template and its image
cp "$shipped/outbound.bounce_message_html" "$shipped/outbound.bounce_message_image" "$cfg/"
start_haraka
python3 "$here/send.py" "$smtp_port" html-template-unknown-user
wait_bounces 9

python3 "$here/send.py" --collect "$work/mailbox" "$out"
echo "Haraka $version: bounces in $out (log: $work/haraka.log)"
