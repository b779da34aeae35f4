"""Charset decoding of bounce text: declared charsets, mislabelled Japanese, Chinese and
Korean text, and headers in encoded words."""

from __future__ import annotations

from email import message_from_bytes
from email.message import Message
from email.policy import compat32

import pytest

from bounceparse.mime.mail import Mail
from bounceparse.mime.text import codec_for, decode_bytes, decode_header, part_bytes

JA = "次のあて先へのメッセージはエラーのため送信できませんでした。"


@pytest.mark.parametrize(
    ("label", "codec"),
    [("ISO-2022-JP", "iso2022_jp_ext"), ("Shift_JIS", "shift_jis"), ("x-sjis", "shift_jis"),
     ("EUC-JP", "euc_jp"), ("gb2312", "gbk"), ("windows-1251", "cp1251"),
     ("no-such-charset", "utf-8"), (None, "utf-8")],
)
def test_codec_for(label: str | None, codec: str) -> None:
    assert codec_for(label) == codec


@pytest.mark.parametrize(
    ("data", "label", "text"),
    [
        (JA.encode("iso2022_jp"), "iso-2022-jp", JA),
        (JA.encode("shift_jis"), "shift_jis", JA),
        (JA.encode("euc_jp"), "euc-jp", JA),
        # labelled ISO-2022-JP but written in another Japanese charset (carrier NDRs do this)
        (JA.encode("euc_jp"), "iso-2022-jp", JA),
        (JA.encode("cp932"), "iso-2022-jp", JA),
        (JA.encode("utf-8"), "iso-2022-jp", JA),
        # Shift_JIS with the Windows extensions (circled digits, NEC specials)
        ("①②③".encode("cp932"), "shift_jis", "①②③"),
        ("退信 收件人不存在".encode("gb18030"), "gb2312", "退信 收件人不存在"),
        ("Недоставленное сообщение".encode("cp1251"), "windows-1251",
         "Недоставленное сообщение"),
        ("Zustellung fehlgeschlagen für Empfänger".encode("latin-1"), "iso-8859-1",
         "Zustellung fehlgeschlagen für Empfänger"),
    ],
)
def test_decode_bytes(data: bytes, label: str, text: str) -> None:
    assert decode_bytes(data, label) == text


def test_decode_bytes_never_raises_on_garbage() -> None:
    for label in ("iso-2022-jp", "shift_jis", "utf-8", "euc-kr", "big5", None):
        assert isinstance(decode_bytes(bytes(range(256)), label), str)


def test_japanese_header() -> None:
    assert decode_header("=?ISO-2022-JP?B?GyRCJV4lJCVrJUkhPCVzJWEhPCVrGyhC?=") == \
        "マイルドーンメール"


def test_mislabelled_japanese_body_in_mail_text() -> None:
    body = ("送信先メールアドレスが見つかりませんでした。\n\n<bob@example.com>\n").encode("euc_jp")
    raw = (b"From: Postmaster@example.jp\nSubject: Mail System Error - Returned Mail\n"
           b"Content-Type: text/plain; charset=\"ISO-2022-JP\"\n\n" + body)
    assert "見つかりませんでした" in Mail.from_bytes(raw).text


def test_binary_in_a_text_part_is_decoded_only_in_part() -> None:
    from bounceparse.mime.mail import Mail
    from bounceparse.mime.text import BINARY_TEXT_LIMIT, looks_binary

    binary = bytes(range(256)) * 2000
    assert looks_binary(binary) and not looks_binary(b"Delivery failed.\n" * 1000)
    mail = Mail.from_bytes(b"Content-Type: text/plain\n\n" + binary)
    assert len(mail.text) <= BINARY_TEXT_LIMIT
    text = "Delivery to bob@example.com failed.\n" * 5000
    assert Mail.from_bytes(b"Subject: x\n\n" + text.encode()).text == text


def _leaves(msg: Message) -> list[Message]:
    return [p for p in msg.walk() if not p.is_multipart()]


@pytest.mark.parametrize(
    ("cte", "body"),
    [(None, "plain ascii\n"), ("7bit", "caf\xe9 in Latin-1\n"), ("8BIT", "x\udce9y\n"),
     (" base64", "aGVsbG8=\n"), ("base64 ", "aGVsbG8=\n"), ("BASE64", "aGVsbG8=\n"),
     ("Quoted-Printable", "a=3Db=\nc\n"), ("x-uuencode", "begin 644 x\n#86)C\n`\nend\n"),
     ("binary", "wide \u20ac char\n"), ("7bit", "")],
)
def test_part_bytes_is_what_get_payload_decodes(cte: str | None, body: str) -> None:
    part = Message()
    if cte is not None:
        part["Content-Transfer-Encoding"] = cte
    part.set_payload(body)
    assert part_bytes(part) == part.get_payload(decode=True)


def test_part_bytes_agrees_with_the_stdlib_on_every_sample() -> None:
    from conftest import sample_files

    for path in sample_files():
        data = path.read_bytes()
        trees = [Mail.from_bytes(data).message,
                 message_from_bytes(data, policy=compat32)]  # our reader's and the stdlib's
        for tree in trees:
            for part in _leaves(tree):
                expected = part.get_payload(decode=True)
                assert part_bytes(part) == (expected if isinstance(expected, bytes) else b"")
