"""The pieces of the detectors' signs that the filter's quick look (`quick.py`)
takes as markers beside its own words: a message holding none shows no detector its signs.
Boundary pieces are left out (a boundary's punctuation is in most MIME mail; a message whose
only sign is its boundary is still read by its text, which quick.py's own words cover).

Generated from the detector modules by `python -m bounceparse.detectors._make_index`: do
not edit by hand.
"""

from __future__ import annotations

SIGN_MARKERS: tuple[bytes, ...] = (
    b'x-amz-sns-message-id',
    b'microsoft exchange',
    b'x-ms-exchange-message-is-ndr',
    b'non recapitabile',
    b'unzustellbar',
    b'non remis',
    b'non distribuable',
    b'no se puede entregar',
    b'imposible de entregar',
    b'vel entregar',
    b'o entregue',
    b'onbestelbaar',
    b'niedostarczalne',
    b'olevererbart',
    b'kan ikke leveres',
    b'kunne ikke leveres',
    b'ei voitu toimittaa',
    b'nem k',
    b'nedoru',
    b'bermittlung verz',
    b'remise diff',
    b'entrega retrasada',
    b'recapito ritardato',
    b'mcafee',
    b'x-ses-outgoing',
    b'vzwpix.com',
    b'vtext.com',
    b'vzw.com',
    b'content-filter at',
    b'considered unsolicited bulk email',
    b'virus (',
    b'banned (',
    b'bad header',
    b'dragonfly mail agent',
    b'return receipt',
    b'<chasquid-dsn-',
    b'dion.ne.jp',
    b'auone-net.jp',
    b'kddi.com',
    b"'s subscription disabled on ",
    b' unsubscribed from ',
    b'x-mddsn-message',
    b'sympa',
)
