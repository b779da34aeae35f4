"""The phrase tables of the classifier, one per tier, each a tuple of (reason, phrases)
in the order they are read; a phrase is a string or a pair of fragments in order.

Generated from `codes/phrases.toml` by `python -m bounceparse.knowledge.make_kb`: do not
edit by hand.
"""

from __future__ import annotations

DECISIVE: tuple[tuple[str, tuple[str | tuple[str, str], ...]], ...] = (
    ('badreputation', (
        'excessive unknown recipients',
    )),
    ('expired', (
        'greylisted', 'greylisting',
    )),
    ('mailboxfull', (
        '收件人空间不足',
    )),
    ('mailboxfull', (
        'zuviele mails', 'zu viele mails', 'speichervolumen',
    )),
    ('mailboxfull', (
        'too many messages on the server', 'exhausted allowed storage', 'full mailbox',
        'mailbox has no space', 'not enough disk quota',
    )),
    ('ratelimited', (
        'sending quota', 'submission quota', 'receiving mail at a rate',
        'receiving mail too quickly',
    )),
    ('mailboxfull', (
        'mailbox full', 'mailbox is full', 'mailbox was full', 'mailbox has exceeded',
        'mailbox quota', 'mail quota', 'over quota', 'overquota', 'quota exceeded', 'quota exceed',
        'exceeded quota', 'exceeds quota', 'exceed quota', 'storage quota', 'disk quota',
        'user is over', 'out of storage space', 'inbox is full', 'box is full',
        'mailfolder is full', 'mail box full', 'not enough space in mailbox',
        'insufficient space in mailbox', 'exceeded storage allocation',
        'exceeds storage allocation', 'mailbox size limit', 'mailbox exceeds', 'mailbox is over',
        'account is full', 'account is over quota', "recipient's mailbox is full",
        'too many messages in', 'mailbox has reached', 'has reached its quota',
        'user has too many mails', ('quota', 'exceeded'), ('mailbox', 'full'),
    )),
    ('mailboxfull', (
        'boite pleine', 'boîte pleine', 'boite aux lettres pleine', 'est pleine',
        'boîte aux lettres pleine', ('boîte', 'pleine'), ('boite', 'pleine'),
    )),
    ('mailboxfull', (
        'postfach voll', 'postfach ist voll', 'speicherplatz', ('postfach', 'voll'),
    )),
    ('mailboxfull', (
        'casella piena', ('casella', 'piena'),
    )),
    ('mailboxfull', (
        'buzón lleno', 'buzon lleno', ('buzón', 'lleno'), ('buzon', 'lleno'),
    )),
    ('mailboxfull', (
        'caixa cheia', ('caixa', 'cheia'),
    )),
    ('mailboxfull', (
        'skrzynka jest pełna',
    )),
    ('mailboxfull', (
        'mailbox is vol',
    )),
    ('mailboxfull', (
        'メールボックスが一杯', '容量オーバー', '容量がオーバー', '容量超過',
    )),
    ('mailboxfull', (
        'ящик переполнен',
    )),
    ('mailboxfull', (
        '收件容量满', '邮箱已满', '郵箱已滿',
    )),
    ('mailererror', (
        'unable to chdir to maildir', 'temporary error on maildir delivery', 'child crashed',
        ('/bin/sh:', 'not found'),
    )),
    ('mailererror', (
        'command output:', 'command died with status', 'mail.local:', 'procmail:', 'maildrop: ',
        'pipe to |', 'could not execute', 'exited with status', 'x-unix;', 'mailer error',
    )),
    ('emailtoolarge', (
        'databytes limit', 'message is too long', 'attachment is too long', 'class=size',
        'mail too large', 'too big for',
    )),
    ('emailtoolarge', (
        'message too large', 'message is too large', 'message too big', 'message is too big',
        'message size exceeds', 'message size limit', 'exceeds the maximum message size',
        'exceeds maximum message size', 'exceeds the message size',
        'exceeds fixed maximum message size', 'too large for this recipient', 'recipsizelimit',
        'size limit exceeded', 'message length exceeds', 'message exceeds', 'mail size limit',
        'mailsize limit', 'message larger than', 'size of the message', 'message file too big',
        'email is too large', 'email too large', 'maximum allowed size', 'exceeded the size limit',
        'exceeds size limit', 'line too long',
    )),
    ('emailtoolarge', (
        'message trop gros',
    )),
    ('emailtoolarge', (
        'nachricht ist zu groß',
    )),
    ('emailtoolarge', (
        'messaggio troppo grande',
    )),
    ('emailtoolarge', (
        'mensaje demasiado grande',
    )),
    ('emailtoolarge', (
        '邮件过大',
    )),
    ('suspend', (
        'deactivated mailbox', 'mailbox is deactivated', 'account closed', 'account is not active',
        'account not activated', 'disableduser', 'is now disabled', 'user is locked',
        ('user ', ' is disabled'), 'mailbox has been deactivated',
    )),
    ('suspend', (
        'account disabled', 'account is disabled', 'account has been disabled',
        'account is inactive', 'account has been deactivated', 'account is suspended',
        'account has been suspended', 'account suspended', 'account expired',
        'account has expired', 'account is locked', 'account has been locked',
        'account is blocked', 'recipient account is blocked', 'account is frozen',
        'mailbox disabled', 'mailbox is disabled', 'mailbox has been disabled',
        'mailbox is inactive', 'mailbox is frozen', 'mailbox suspended',
        'mailbox has been suspended', 'mailbox is suspended', 'mailbox not active',
        'mailbox inactive', 'mailbox deactivated', 'user account disabled', 'user suspended',
        'user is suspended', 'user is inactive', 'user disabled', 'disabled recipient',
        'recipient is disabled', 'recipient suspended', 'tried to reach is disabled',
        'tried to reach is inactive', 'is no longer valid', 'has been disabled or discontinued',
        'discontinued', 'this mailbox is disabled', 'address is disabled',
        'address has been disabled', 'inactive email address', 'inactive mailbox', 'inactive user',
        'user(s) account is disabled',
    )),
    ('suspend', (
        'compte du destinataire est bloque', 'compte du destinataire est bloqué',
        'boite aux lettres desactivee', 'boîte aux lettres désactivée',
    )),
    ('suspend', (
        'mailbox deaktiviert', 'postfach deaktiviert', 'account gesperrt',
    )),
    ('suspend', (
        'bloccato per inutilizzo', 'mailbox disattivata',
    )),
    ('suspend', (
        'casilla ha expirado', 'estado: inactivo', 'cuenta desactivada',
    )),
    ('suspend', (
        'zablokowane administracyjnie', 'konto zablokowane',
    )),
    ('userunknown', (
        'permanent failure in user lookup',
    )),
    ('hasmoved', (
        'no longer on server', 'has moved', 'mailbox has moved', 'address has changed',
        'user has moved', 'recipient has moved', 'moved permanently', 'no longer at this address',
        'not our user', 'user not local', 'no longer with', 'is no longer available at',
    )),
    ('filtered', (
        'recipient address rejected: access denied', 'mail is rejected by recipients',
        'user in blacklist',
    )),
    ('filtered', (
        'recipient preferences', 'email preferences of the person', 'preferences of the person',
        'rejected by the domain filter', 'domain filter', 'blocked by the recipient',
        'recipient has blocked', 'recipient has chosen', 'recipient does not wish',
        "doesn't want your mail", 'does not want your mail', 'refused by recipient',
        'rejected by recipient',
    )),
    ('norelaying', (
        'allowed rcpthosts', 'non-local e-mail address', 'i cannot deliver mail for',
        'host denies relay', "isn't allowed to relay", 'relay check',
    )),
    ('securityerror', (
        'smtp authentication', 'authentication required', 'authentication is required',
        'without authentication', 'must authenticate', 'must be authenticated',
        'not authenticated to send', 'was not authenticated', 'auth required',
        'please authenticate', 'authentication first', 'requires authentication',
        'sender not authenticated', 'login required',
    )),
    ('norelaying', (
        'relay access denied', 'relaying denied', 'relay denied', 'relay not permitted',
        'relaying not permitted', 'relaying not allowed', 'relay not allowed',
        'not permitted to relay', 'not allowed to relay', 'unable to relay', 'cannot relay',
        "can't relay", 'we do not relay', 'do not relay', 'not configured to relay', 'no relaying',
        'relaying disallowed', 'relay prohibited', 'relaying prohibited', 'relay rejected',
        'is not a gateway', 'not a relay', 'relay not authorized', 'no relay',
    )),
    ('norelaying', (
        'relais refusé',
    )),
    ('norelaying', (
        'relay nicht erlaubt',
    )),
    ('syntaxerror', (
        'bad recipient address syntax', 'malformed destination address',
        'recipient address syntax error',
    )),
    ('failedstarttls', (
        'tls conversation required', 'tls is required',
    )),
    ('failedstarttls', (
        'must issue a starttls', 'starttls required', 'starttls is required', 'requires starttls',
        'tls required', 'tls is required', 'requires tls', 'requires encryption',
        'encryption required', 'encryption is required', 'starttls failed',
        'tls negotiation failed', 'tls handshake failed', 'could not start tls',
        'cannot start tls', 'tls not available', 'starttls-not-supported', 'requiretls', 'mta-sts',
        'dane ', 'tlsa', 'certificate verification failed', 'certificate-host-mismatch',
        'certificate-expired', 'over a tls connection',
    )),
    ('authfailure', (
        'spf policy', 'no passing dkim', 'anti-spoofing policy',
        'not permitted by the domain owner', 'dmarc check failed', 'open-spf.org', 'openspf.org',
        'fails to pass authentication', 'does not have authentication information',
    )),
    ('authfailure', (
        'dmarc policy', 'dmarc check', 'dmarc verification', 'dmarc validation', 'dmarc fail',
        'failed dmarc', 'fails dmarc', 'dmarc reject', 'dmarcrejection', 'does not pass dmarc',
        'not pass dmarc', 'dmarc record', 'due to dmarc', 'spf check', 'an spf record with',
        'spf validation', 'spf fail', 'spf-fail', 'fails to pass spf', 'failed spf', 'fails spf',
        'bad spf', 'spf sender invalid', 'sender policy framework', 'sender id validation',
        'spf authentication', 'dkim check', 'dkim fail', 'dkim validation', 'dkim signature',
        'dkim authentication', 'dkim invalid', 'failed dkim', 'invalid dkim',
        'authentication checks failed', 'unauthenticated email', 'sender is unauthenticated',
        'authenticate with either spf or dkim', 'arc validation', 'arc check',
        'domain authentication', 'not aligned', 'authentication level', 'required authentication',
    )),
    ('networkerror', (
        'host not found, try again',
    )),
    ('hostunknown', (
        'the account or domain may not exist',
    )),
)

ORDINARY: tuple[tuple[str, tuple[str | tuple[str, str], ...]], ...] = (
    ('requireptr', (
        'reverse dns', 'reverse-dns', 'reverse lookup', 'reverse dns lookup', 'ptr record',
        'ptr resource record', 'dns ptr', 'no ptr', 'rdns', 'reverse name', 'reverse mapping',
        'no reverse', 'unverifyable sending ip', 'unverifiable sending ip',
        'cannot find your hostname', 'cannot find your reverse hostname',
        'client host name not known', 'hostname does not resolve', 'does not resolve to your ip',
        'ip name lookup failed', 'host name lookup failed for your ip',
        'cannot resolve your address', 'unresolvable address', 'forward dns',
    )),
    ('notcompliantrfc', (
        'missing a valid address in from', 'malformed date header', 'malformed from header',
        'malformed sender header', 'missing sender header', 'invalid address in from',
        'header syntax',
    )),
    ('notcompliantrfc', (
        'rfc 5322', 'rfc5322', 'rfc 2822', 'rfc2822', 'rfc 822 ', 'rfc822 ', 'duplicate header',
        'multiple addresses in from', 'multiple from', 'missing date header',
        'missing from header', 'missing message-id', 'no message-id', 'invalid message-id',
        'not rfc compliant', 'non-compliant', 'not compliant', 'malformed header',
        'header is malformed', 'bare lf', 'bare linefeed', 'bare line feed', 'invalid characters',
        ('addresses in', 'from: header'),
    )),
    ('blocked', (
        'blocked using', 'barracuda reputation',
    )),
    ('badreputation', (
        'suspected spam sender', 'poor reputation',
    )),
    ('badreputation', (
        'reputation', 'poor sending history', 'sender score', 'senderscore', 'unusual rate of',
        'user complaints',
    )),
    ('virusdetected', (
        'virus', 'malware', 'infected', 'trojan', 'worm detected', 'malicious content',
        'malicious attachment', 'contains a virus',
    )),
    ('virusdetected', (
        'virenbefall',
    )),
    ('virusdetected', (
        'virus détecté',
    )),
    ('spamdetected', (
        'blacklisted url', 'blacklisted link', 'blacklisted domain in', 'url in message',
        'links in the message', 'link in the message', 'uribl', 'surbl', 'dbl.spamhaus',
    )),
    ('rejected', (
        'address that has been blacklisted', 'sender address is blacklisted',
        'sender is blacklisted', 'sender blacklisted', 'sender address blacklisted',
        'from address is blacklisted',
    )),
    ('blocked', (
        'connections will not be accepted from', 'black ip', 'client host rejected: access denied',
    )),
    ('blocked', (
        'blacklist', 'black list', 'blocklist', 'block list', 'listed at', 'listed on',
        'is listed', 'are listed', 'listed by', 'dnsbl', 'spamhaus', 'spamcop', 'sorbs',
        'barracudacentral', 'uceprotect', 'abuseat', 'dnsbl-lookup', 'rbl', 'banned sending ip',
        'banned sender', 'ip banned', 'your ip', 'sending ip', 'client host rejected',
        'client host blocked', 'host blocked', 'ip blocked', 'blocked ip', 'blocked for abuse',
        'refused to talk to me', 'not accepting connections', 'connection rejected', 'open relay',
        'open proxy', 'dynamic ip', 'dynamic address', 'residential ip', 'dial-up', 'dialup',
        'use the smtp server of your isp', 'use your isp', "your isp's smtp",
        'smtp server of your provider', 'not authorized to send email directly',
        'too many unwanted', 'helo command rejected', 'bad helo', 'invalid helo', 'helo rejected',
        'ehlo rejected', 'part of their network', 'network is on our block',
    )),
    ('blocked', (
        'service refuse', 'service refusé',
    )),
    ('spamdetected', (
        'dt:spm', 'mail content denied', 'known spam signature',
    )),
    ('spamdetected', (
        'spam', 'junk mail', 'unsolicited', 'bulk mail', 'bulk email', 'ube,', ' ube ', 'uce ',
        'message content rejected', 'content rejected', 'content filter', 'looks like spam',
        'classified as spam', 'suspicious', 'phishing', 'scam', 'message rejected as',
        'score too high', 'high spam',
    )),
    ('spamdetected', (
        'mail rejete', 'mail rejeté',
    )),
    ('spamdetected', (
        '垃圾邮件',
    )),
    ('spamdetected', (
        'antyspam',
    )),
    ('policyviolation', (
        'content presents a potential', 'email policy', 'quarantined message',
        'too many mime parts', 'restricted characters in address',
    )),
    ('policyviolation', (
        'policy reasons', 'denied by policy', 'violates our', 'violation of our',
        'policy violation', 'policy restriction', 'content policy', 'local policy',
        'message not allowed', 'not allowed by policy', 'prohibited by policy',
        'rejected by policy', 'forbidden attachment', 'prohibited attachment',
        'attachment not allowed', 'attachments not allowed', 'blocked attachment', 'file type',
        'extension is not allowed', 'unacceptable content', 'header error',
        'potential security issue', 'security issue', 'network not allowed',
        'has a policy that prohibits', 'policy that prohibits', 'transport rule', 'mail flow rule',
    )),
    ('policyviolation', (
        'unzulässiger anhang', 'unerlaubter anhang',
    )),
    ('ratelimited', (
        'too much mail from', 'too many new tls sessions', 'out of allow rcpt numbers',
    )),
    ('ratelimited', (
        'rate limit', 'rate-limit', 'ratelimit', 'rate limited', 'too many connections',
        'too many concurrent', 'connection limit', 'connections from your', 'too many recipients',
        'too many messages', 'too many mails', 'too many emails', 'frequency limited',
        'sending rate', 'too fast', 'slow down', 'throttl', 'exceeded the maximum number of',
        'max message per connection', 'maximum number of messages', 'limit exceeded',
        'limit reached', 'daily limit', 'hourly limit', 'daily sending', 'sending limit',
        'receive limit', 'excessive volume', 'unexpected volume', 'temporarily deferred',
        'try again later, closing connection',
    )),
    ('contenterror', (
        'maximum allowed line length', 'lines too long for transport', 'invalid line ending',
        'smtputf8 is required', 'smtputf8 is unsupported',
    )),
    ('contenterror', (
        'media error', 'headers too large', 'header too large', 'header size', 'too many headers',
        'too many received', '8-bit', '8bit', 'mime error', 'invalid mime', 'malformed mime',
        'message is malformed', 'malformed message', 'conversion failed', 'cannot convert',
        'content error', 'encoding error', 'illegal character', 'invalid content',
    )),
    ('rejected', (
        'emetteur invalide', 'émetteur invalide',
    )),
    ('rejected', (
        'badmailfrom', 'unacceptable sender', 'spoofed mail from', 'host denies the sender',
        'sender is unvalidated',
    )),
    ('rejected', (
        'sender address rejected', 'sender rejected', 'sender was rejected', 'sender is rejected',
        'sender denied', 'sender not allowed', 'sender is not allowed', 'sender blocked',
        'sender address is blocked', 'domain of sender address', 'sender domain',
        'sender verify failed', 'sender verification failed', 'invalid sender', 'bad sender',
        'unknown sender', 'sender unknown', 'sender address invalid', 'sender does not exist',
        'sender address does not exist', 'mail from address', 'envelope sender',
        'purported responsible address', 'from: domain is invalid', 'provide a valid from',
        'invalid from', 'not a member of this', 'not a member of the', 'you are not a member',
        'not have permission to post', 'not allowed to post', 'permission to post',
        'may not exist or you may not have permission', 'is not a registered gateway user',
        'not authorized to send to', 'customfromdenied', 'unroutable sender',
        'unresolvable rfc.5321 from', ('domain of', 'does not exist'),
        ('sender', 'does not exist'),
    )),
    ('rejected', (
        'no tienes los permisos',
    )),
    ('rejected', (
        "n'existe pas ou que vous ne soyez pas autorisé",
    )),
    ('rejected', (
        '投稿する権限',
    )),
    ('rejected', (
        'berechtigung zum posten', ('zum posten', 'berechtigt'), ('berechtig', 'zu posten'),
    )),
    ('rejected', (
        'غير مصرح لك بإرسال',
    )),
    ('rejected', (
        'पोस्ट करने की अनुमति',
    )),
    ('rejected', (
        '張貼留言的權限',
    )),
    ('hostunknown', (
        'point to non-existent hosts', "didn't resolve to any hosts",
    )),
    ('hostunknown', (
        'host unknown', 'unknown host', 'host not found', 'domain not found',
        'domain does not exist', "domain doesn't exist", 'no such domain', 'unknown domain',
        'domain unknown', 'invalid domain', 'domain is invalid', 'bad destination system address',
        'host or domain name not found', 'name or service not known', 'nxdomain',
        'non-existent domain', 'nonexistent domain', 'nonexistentdomain', 'unrouteable address',
        'unroutable address', 'no such host', "couldn't find any host", 'could not find any host',
        'domain name not found', 'find the recipient domain', 'domain is not reachable',
        'the domain of the recipient',
    )),
    ('hostunknown', (
        'no mail servers appear to exist',
    )),
    ('hostunknown', (
        'domain doesnt exist',
    )),
    ('hostunknown', (
        'no route found to domain',
    )),
    ('hostunknown', (
        ('failed to lookup', 'record not found'),
    )),
    ('hostunknown', (
        "domaine de l'adresse n'existe pas", ('domaine', "n'existe pas"),
    )),
    ('hostunknown', (
        'domäne des empfängers nicht vorhanden', ('domäne', 'nicht vorhanden'),
        ('domane', 'nicht vorhanden'),
    )),
    ('hostunknown', (
        '域名不存在',
    )),
    ('hostunknown', (
        ('el dominio', 'no existe'),
    )),
    ('hostunknown', (
        ('domínio', 'não existe'), ('dominio', 'não existe'),
    )),
    ('hostunknown', (
        ('dominio', 'non esiste'),
    )),
    ('hostunknown', (
        ('domein', 'bestaat niet'),
    )),
    ('notaccept', (
        'route does not accept incoming',
    )),
    ('notaccept', (
        'null mx', 'nullmx', "doesn't receive email", 'does not receive email',
        'does not accept mail', "doesn't accept mail", 'does not accept email', 'accepts no mail',
        'not accepting mail', 'no mail service', 'mail exchanger', 'no mx record', 'no mx for',
        'no mail exchanger', 'does not accept email over ipv6', 'no mx found',
        'indicated no smtp service',
    )),
    ('filtered', (
        'not allowed to send mail to', 'recipient is not allowed', 'that recipient is not allowed',
    )),
    ('userunknown', (
        'user unknown', 'unknown user', 'unknown recipient', 'recipient unknown', 'no such user',
        'no such mailbox', 'no such recipient', 'no such account', 'no such address',
        'no such local user', 'no such person', 'user not found', 'user not exist',
        'user does not exist', "user doesn't exist", 'mailbox not found', 'mailbox does not exist',
        "mailbox doesn't exist", 'account not found', 'account does not exist',
        "account doesn't exist", 'address not found', 'address does not exist',
        "address doesn't exist", 'recipient not found', 'recipient does not exist',
        "recipient doesn't exist", 'recipnotfound', 'recipientnotfound',
        'not found by smtp address lookup', 'invalid recipient', 'invalid mailbox',
        'invalid address', 'invalid user', 'bad recipient', 'bad address',
        'bad destination mailbox', 'illegal user', 'illegal alias', 'unknown local part',
        'unknown local-part', 'unknown alias', 'address unknown', 'not a valid mailbox',
        'not a valid user', 'not a known user', 'is not a valid recipient',
        'no mailbox here by that name', 'no mailbox by that name', 'no account by that name',
        'no such user here', 'not listed in', 'recipient name is not recognized',
        'unknown to address', 'email account that you tried to reach does not exist',
        'address may be misspelled', 'mailbox unavailable', 'mailbox is unavailable',
        'mailbox not available', 'user unavailable', 'invalid final delivery',
        'could not be delivered to mobile', "user doesn't have a", 'user does not have a',
    )),
    ('userunknown', (
        'benutzer nicht bekannt',
    )),
    ('userunknown', (
        'no mailbox found', 'mail-box not found', 'destination address is unknown',
        'user is unknown', 'not our customer', 'no valid recipients', 'no such mail box',
        'mailbox name not allowed', ('user ', ' does not exist'), ('user ', " doesn't exist"),
        ('mailbox ', ' does not exist'), ('recipient ', ' does not exist'),
        ('account ', ' does not exist'), 'address is possibly incorrect', 'possibly invalid',
    )),
    ('userunknown', (
        'destinataire inconnu', 'utilisateur inconnu', 'adresse destinataire invalide',
        'destinataire invalide', 'adresse invalide', 'adresse introuvable',
    )),
    ('userunknown', (
        'empfänger unbekannt', 'empfanger unbekannt', 'benutzer unbekannt', 'adressat unbekannt',
        'unbekannter empfänger', 'unbekannter benutzer', 'existiert nicht', 'nicht gefunden',
    )),
    ('userunknown', (
        'destinatario sconosciuto', 'destin. sconosciuto', 'destinatario errato',
        'indirizzo inesistente', 'utente sconosciuto',
    )),
    ('userunknown', (
        'destinatario desconocido', 'usuario desconocido', 'no existe',
    )),
    ('userunknown', (
        'usuário desconhecido', 'destinatário desconhecido', 'usuario desconhecido',
        'destinatario desconhecido',
    )),
    ('userunknown', (
        'nie istnieje', 'nie ma takiego konta',
    )),
    ('userunknown', (
        'onbekende gebruiker', 'bestaat niet', 'onbekende geadresseerde', 'onbekende ontvanger',
    )),
    ('userunknown', (
        'okänd mottagare',
    )),
    ('userunknown', (
        'нет такого пользователя', 'пользователь не найден', 'не существует',
    )),
    ('userunknown', (
        '收件人不存在', '用户不存在', '收件人並不存在', '該收件人並不存在',
    )),
    ('userunknown', (
        '受信者が存在していない', '宛先不明', '存在しないユーザ', '存在しないアドレス',
    )),
    ('systemfull', (
        'insufficient system storage', 'insufficient disk space', 'not enough disk space',
        'disk full', 'disk is full', 'no space left', 'out of disk', 'system storage',
        'spool is full', 'queue is full', 'file system full', 'filesystem full',
    )),
    ('systemerror', (
        'temporary local problem', 'system failure', 'queue file write error',
        'temporary lookup failure', 'table lookup failure', 'alias database unavailable',
        'user lookup error', 'could not scan message', 'points to local host',
    )),
    ('systemerror', (
        'internal system error', 'internal server error', 'internal error', 'system error',
        'server error', 'local error', 'temporary system problem', 'could not load', 'ldap',
        'configuration error', 'misconfigur', 'incorrectly configured', 'loops back to myself',
        'mail loops back', 'database error', 'i/o error', 'unable to process', 'processing error',
        'exceeded hop count', 'too many errors',
    )),
    ('networkerror', (
        'host lookup did not complete', 'no smtp servers were available',
        'communication with mail server failed',
    )),
    ('networkerror', (
        'dns error', 'dns failure', 'dns lookup', 'dns query', 'name server', 'nameserver',
        'name service error', 'host name lookup failure', 'lookup failure', 'unable to establish',
        "wasn't able to establish",
    )),
    ('expired', (
        'exceeds the expiry time',
    )),
    ('expired', (
        'message expired', 'queue.expired', 'envelope expired', 'delivery expired',
        'queue too long', 'in the queue too long', 'retry timeout exceeded', 'retry time',
        'could not be delivered for', 'could not deliver for', 'not delivered within',
        'unable to deliver in', 'giving up', 'gave up', 'timed out', 'timeout', 'time limit',
        'maximum time', 'delivery time', 'has not yet been delivered',
        'did not accept our requests to connect', 'not responding', 'no answer',
        'host is unreachable', 'host not reachable', 'deferred',
    )),
    ('systemerror', (
        'resources temporarily unavailable', 'resource temporarily unavailable',
        'system not available', 'try again later',
    )),
    ('networkerror', (
        'lost connection', 'connection reset', 'connection closed', 'connection dropped',
        'broken pipe', 'network error', 'network is unreachable', 'no route to host',
        'routing loop', 'mail loop', 'loop detected', 'hop count exceeded', 'too many hops',
        'could not connect', "couldn't connect", 'cannot connect', 'failed to connect',
        'unable to connect', 'connection refused', 'connection refused by', 'socket error',
        'protocol error', 'remote protocol error',
    )),
    ('syntaxerror', (
        'syntax: mail from', 'syntax: rcpt to',
    )),
    ('syntaxerror', (
        'syntax error', 'command not recognized', 'unrecognized command', 'command unrecognized',
        'improper sequence', 'bad sequence', 'out of sequence', 'need rcpt', 'need mail',
        'send hello first', 'command not implemented', 'parameter not implemented',
        'invalid command', 'unknown command', 'line too long for',
    )),
    ('policyviolation', (
        'administrative prohibition',
    )),
    ('securityerror', (
        'authentication failed', 'incorrect user or password', 'invalid credential',
        'must issue an auth command', 'not owned by user', 'permissions to send as this sender',
    )),
)

WEAK: tuple[tuple[str, tuple[str | tuple[str, str], ...]], ...] = (
    ('onhold', (
        'on hold',
    )),
    ('userunknown', (
        'recipient address rejected', 'address rejected', 'recipient rejected',
        'rejected recipient', 'does not like recipient',
    )),
    ('securityerror', (
        'not authorized', 'not authorised', 'unauthorized', 'unauthorised', 'permission denied',
        'insufficient permission', 'delivery not authorized', 'security', 'certificate',
    )),
    ('blocked', (
        'access denied', 'blocked', 'not permitted', 'refused', 'denied',
    )),
    ('systemerror', (
        'service unavailable', 'service not available',
    )),
)

AUTOREPLY_SUBJECTS: tuple[str, ...] = (
    'auto:', 'auto reply', 'auto-reply', 'autoreply', 'auto response', 'auto-response',
    'autoresponse', 'automatic reply', 'automatic response', 'automated reply',
    'automated response', 'out of office', 'out of the office', 'out-of-office',
    'away from the office', 'away from my desk', 'on vacation', 'on holiday', 'on leave',
    'vacation reply', 'vacation:', 'holiday reply', 'away until', 'away:', 'automatische antwort',
    'abwesenheitsnotiz', 'abwesend', 'nicht im büro', 'réponse automatique', 'reponse automatique',
    'absence du bureau', 'absent du bureau', 'respuesta automática', 'respuesta automatica',
    'fuera de la oficina', 'resposta automática', 'resposta automatica', 'fora do escritório',
    'risposta automatica', 'fuori sede', 'fuori ufficio', 'automatisch antwoord', 'afwezig',
    'buiten kantoor', 'automatyczna odpowiedź', 'odpowiedź automatyczna', 'poza biurem',
    'automatiskt svar', 'autosvar', 'automatisk svar', 'frånvaro', 'automaattinen vastaus',
    'automatická odpověď', 'mimo kancelář', 'автоответ', 'автоматический ответ',
    'автоматична відповідь', 'otomatik yanıt', 'otomatik yanit', '自動応答', '自動返信', '不在通知', '自动答复',
    '自动回复', '自動回覆', '자동 회신',
)

AUTOREPLY_BODY: tuple[str, ...] = (
    'out of the office', 'out of office', 'away from the office', 'i am away', "i'm away",
    'i am currently away', 'i am on vacation', "i'm on vacation", 'i am on holiday',
    "i'm on holiday", 'i am on leave', 'i will be out', "i'll be out", 'i will be away',
    'i will return', "i'll be back", 'i will be back', 'limited access to email',
    'limited access to e-mail', 'this is an automatic reply', 'this is an automated reply',
    'this is an auto-reply', 'automatic response', 'auto-reply', 'autoreply', 'vacation',
    'ich bin derzeit nicht', 'ich bin bis', 'abwesend', 'nicht im büro', 'je suis absent',
    'absent du bureau', 'estaré fuera', 'estoy fuera', 'fuera de la oficina', 'estou fora',
    'fora do escritório', 'sono assente', 'fuori ufficio', 'in vacanza', 'ben ik afwezig',
    'niet aanwezig', 'jestem poza', 'är ledig', 'frånvarande', 'olen lomalla', 'jsem mimo',
    'в отпуске', '不在', '休暇', '外出', '부재중',
)
