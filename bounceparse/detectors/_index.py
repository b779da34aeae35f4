"""The cheap signs of every registered detector (see `_gate.py`), in registry order.

Generated from the detector modules by `python -m bounceparse.detectors._make_index`: do
not edit by hand.
"""

from __future__ import annotations

from ._gate import ALWAYS, Signs

SIGNS: dict[str, Signs] = {
    'office365': Signs(subject=(':',), headers=('x-ms-exchange-message-is-ndr',)),
    'exchange2007': Signs(subject=(':',), headers=('x-ms-exchange-message-is-ndr',)),
    'exchange2003': Signs(
        subject=('undeliverable:',),
        sender=('system administrator',),
        headers=('x-ms-embedded-report',),
        values=(('x-mailer', 'internet mail service'), ('x-mimeole', 'microsoft exchange')),
    ),
    'outlook': Signs(sender=('hotmail.', 'outlook.', 'live.', 'msn.')),
    'googleworkspace': Signs(
        sender=(
            'mailer-daemon@googlemail.com',
            'mailer-daemon@gmail.com',
            'mailer-daemon@google.com',
        ),
    ),
    'googlegroups': Signs(
        sender=(
            'mailer-daemon@googlemail.com',
            'mailer-daemon@gmail.com',
            'mailer-daemon@google.com',
        ),
    ),
    'gmail': Signs(
        sender=(
            'mailer-daemon@googlemail.com',
            'mailer-daemon@gmail.com',
            'mailer-daemon@google.com',
        ),
    ),
    'yahoo': Signs(subject=('failure notice',), sender=('yahoo.',)),
    'aol': Signs(sender=('aol.com',), headers=('x-aol-ip',)),
    'amazonworkmail': Signs(values=(('x-mailer', 'amazon workmail'),)),
    'amazonses': Signs(
        sender=('no-reply@sns.amazonaws.com', 'amazonses.com'),
        headers=('x-amz-sns-message-id',),
    ),
    'receivingses': Signs(headers=('x-ses-outgoing',)),
    'zoho': Signs(sender=('zoho',)),
    'sendgrid': Signs(values=(('return-path', '@sendgrid.net'), ('x-mailer', 'mime-tools'))),
    'powermta': Signs(subject=('delivery report',)),
    'mcafee': Signs(values=(('x-nai-header', 'mcafee'),)),
    'barracuda': Signs(subject=('message you sent blocked by',)),
    'mimecast': Signs(subject=('[postmaster] email delivery failure',)),
    'messagelabs': Signs(sender=('messagelabs.com',)),
    'verizon': Signs(sender=('vzwpix.com', 'vtext.com', 'vzw.com')),
    'facebook': Signs(sender=('facebook.com',)),
    'postfix': Signs(
        subject=(
            'undelivered mail returned to sender',
            'delayed mail (still being retried)',
            'mail delivery status report',
            'successful mail delivery report',
            'postmaster copy: undelivered mail',
            'postmaster warning: delayed mail',
            'undeliverable mail returned to sender',
        ),
        boundary=('/',),
    ),
    'sendmail': Signs(
        subject=(
            'returned mail:',
            'postmaster notify:',
            'warning: could not send message for past',
            'return receipt',
        ),
        sender=('mail delivery subsystem',),
    ),
    'v5sendmail': Signs(
        subject=(
            'returned mail:',
            'postmaster notify:',
            'warning: could not send message for past',
            'return receipt',
        ),
    ),
    'exim': Signs(
        subject=('mail delivery failed', 'warning: message '),
        boundary=('-eximdsn-',),
        headers=('x-failed-recipients',),
    ),
    'qmail': Signs(subject=('failure notice',)),
    'x2': Signs(subject=('delivery failure', 'failed delivery', 'failure delivery')),
    'dragonfly': Signs(
        subject=('mail delivery failed',),
        values=(('received', 'dragonfly mail agent'),),
    ),
    'opensmtpd': Signs(subject=('delivery status notification:',), boundary=('/',)),
    'messagingserver': Signs(subject=('delivery notification:',), boundary=('boundary_(id_',)),
    'imailserver': Signs(subject=('undeliverable mail',), values=(('x-mailer', 'smtp32 v'),)),
    'fml': Signs(subject=('member',), headers=('x-mlserver',)),
    'x1': Signs(subject=('returned mail:', 'mail delivery failure')),
    'x3': Signs(subject=('delivery status notification',)),
    'mfilter': Signs(subject=('failure notice',), values=(('x-mailer', 'm-filter'),)),
    'courier': Signs(subject=('notice: mail delivery status',), boundary=('=_courier_',)),
    'amavis': Signs(
        subject=(
            'undeliverable mail,',
            'considered unsolicited bulk email',
            'virus (',
            'banned (',
            'bad header',
            '***** spam',
        ),
        sender=('content-filter at',),
    ),
    'smail': Signs(subject=('mail failed, returning to sender',)),
    'mailru': Signs(sender=('mail.ru',), values=(('received', '.mail.ru'),)),
    'gmx': Signs(sender=('gmx.', 'web.de', 'mail.com'), headers=('x-gmx-antivirus',)),
    'einsundeins': Signs(
        sender=('kundenserver.', '1and1.', '1und1.de', 'ionos.', 'online.de', 'perfora.net'),
    ),
    'yandex': Signs(sender=('yandex.',)),
    'ezweb': Signs(
        subject=('mail system error - returned mail',),
        sender=('ezweb.ne.jp', 'au.com'),
    ),
    'kddi': Signs(
        sender=('dion.ne.jp', 'auone-net.jp', 'kddi.com'),
        values=(('message-id', 'auone-net.jp'),),
    ),
    'notes': Signs(subject=('undeliverable message',)),
    'domino': Signs(subject=('failure:',)),
    'chasquid': Signs(sender=('postmaster-dsn@',), values=(('message-id', '<chasquid-dsn-'),)),
    'stalwart': Signs(
        subject=(
            'failed to deliver message',
            'warning: delay in message delivery',
            'partially delivered message',
            'warning: temporary and permanent failures during message delivery',
        ),
    ),
    'postal': Signs(subject=('mail delivery failed (',)),
    'hmailserver': Signs(subject=('message undeliverable:',)),
    'mdaemon': Signs(sender=('mdaemon@',), headers=('x-mddsn-message',)),
    'groupwise': Signs(values=(('x-mailer', 'groupwise'),)),
    'mailman': Signs(
        subject=(
            'uncaught bounce notification',
            'bounce action notification',
            "'s subscription disabled on ",
            'due to bounces',
        ),
    ),
    'sympa': Signs(
        subject=('automatic bounce management',),
        sender=('sympa',),
        values=(('x-loop', 'sympa'),),
    ),
    'arf': ALWAYS,
    'rfc3834': ALWAYS,
    'rfc3464': ALWAYS,
    'generic': ALWAYS,
}
