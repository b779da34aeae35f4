"""The generic readers alone: every format's own detector skipped, as for a format that no
one has written a detector for.  Each message in tests/data/readers/ shows one general fact
about where notices put recipients and replies (written for these tests)."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pytest

import bounceparse

DATA = Path(__file__).resolve().parent / "data" / "readers"
GENERIC = frozenset({"generic", "rfc3464", "flufl.bounce"})
ONLY_GENERIC = bounceparse.Options(
    skip_detectors=frozenset(bounceparse.detector_names()) - GENERIC)


class Want(NamedTuple):
    address: str
    status: str | None
    reply: str | None
    reason: str | None  # None: not asserted
    diagnostic: str  # a piece of it


CASES: dict[str, tuple[str, list[Want]]] = {
    # a label line ("because:") announces the reason in the next paragraph
    "label-then-reason.eml": ("failure", [
        Want("bob@example.com", None, None, "mailboxfull", "Mailbox quota exceeded")]),
    # "554 <a@b>... text" lines, and a refused RCPT TO of a quoted session
    "reply-lines-and-transcript.eml": ("failure", [
        Want("carol@example.edu", None, "554", None, "Remote protocol error"),
        Want("dave@example.com", None, "550", "hostunknown", "Host unknown"),
        Want("erin@example.co.jp", "5.1.1", "550", "userunknown", "No such user here")]),
    # the notice names no one: the returned original's one recipient failed
    "original-names-the-one.eml": ("failure", [
        Want("frank@example.com", None, "421", None, "Connection timed out")]),
    # no bounce sign in the headers, but the original returned and its recipient named
    "no-header-signs.eml": ("failure", [
        Want("grace@mobile.example.jp", None, None, "mailboxfull", "mailbox is full")]),
    # what the notice says first decides: a delay, whatever the details call it
    "delay-first.eml": ("delay", [
        Want("judy@example.jp", "4.2.2", "450", None, "Mailbox Full")]),
    # X-Failed-Recipients names the failed, even the bounce's own recipient
    "failed-recipient-is-the-sender.eml": ("failure", [
        Want("alice@example.org", "5.1.1", "550", "userunknown", "User unknown")]),
    # a standard DSN's bare 5.0.0 filled from the reply its text quotes
    "dsn-with-text-reply.eml": ("failure", [
        Want("kim@example.com", "5.7.25", "550", "requireptr", "Reverse DNS")]),
    # a notice of one line is its own reason; the address it names beats the original's
    "one-line-notice.eml": ("failure", [
        Want("leo@host.example.com", None, None, None, "Invalid final delivery userid")]),
    # the reasons stand between the statement of failure and the address, named last
    "reasons-before-address.eml": ("failure", [
        Want("mia@mobile.example.jp", None, None, "mailboxfull",
             "mailbox of this address is full")]),
    # recipients listed by display name with the address in brackets, each explained below
    "display-name-list.eml": ("failure", [
        Want("nora.jones@example.com", None, None, None, "couldn't be found"),
        Want("oscar@example.net", None, None, "mailboxfull", "mailbox is full")]),
    # a system address fails when the original went to it; the notice's own one does not
    "postmaster-recipient.eml": ("failure", [
        Want("postmaster@lost.example.net", None, None, None, "Domain does not exist")]),
    # the remote reply quoted inside a sentence beats the retry schedule above it
    "reply-in-a-sentence.eml": ("delay", [
        Want("pat@example.net", "4.2.2", "452", "mailboxfull", "returned was: 452 4.2.2")]),
    # the session transcript completes the first line of a reply that the DSN field kept
    "transcript-completes-dsn.eml": ("failure", [
        Want("quentin@example.com", "5.7.0", "552", None, "file type is not allowed here")]),
    # the paragraph under the statement of failure is the recipient's entry: a delivery
    # to a program ("pipe to |cmd") that failed
    "pipe-delivery.eml": ("failure", [
        Want("help@example.net", None, None, "mailererror", "pipe to |/usr/local/bin")]),
    # the line that leads to the reply names the command it answered: refused at HELO
    "command-before-reply.eml": ("failure", [
        Want("victor@example.com", None, "554", "blocked", "554 Not welcome here")]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_generic_readers_alone(name: str) -> None:
    kind, wanted = CASES[name]
    report = bounceparse.parse_file(DATA / name, options=ONLY_GENERIC)
    assert report.detector in GENERIC
    assert report.kind == kind
    assert [r.address for r in report.recipients] == [w.address for w in wanted]
    for got, want in zip(report.recipients, wanted, strict=True):
        assert (got.status, got.reply_code) == (want.status, want.reply)
        assert want.diagnostic in (got.diagnostic or "")
        if want.reason is not None:
            assert got.reason == want.reason


def test_a_person_forwarding_failure_words_is_not_a_bounce() -> None:
    """Failure wording and a returned message, but from a person, naming addresses that
    the forwarded message was not sent to."""
    report = bounceparse.parse_file(DATA / "forward-with-failure-words.eml",
                                    options=ONLY_GENERIC)
    assert report.kind == "none" and not report.recipients


def test_every_reader_case_has_a_file() -> None:
    files = {p.name for p in DATA.glob("*.eml")}
    assert set(CASES) | {"forward-with-failure-words.eml"} == files


def test_a_notice_in_unknown_words_explains_what_its_format_reader_found() -> None:
    """A format's reader that finds a failed recipient but no reason for it gets the
    notice's first sentence-like paragraph, not its greeting."""
    from bounceparse.mime.mail import Mail
    from bounceparse.readers.freetext import explain

    mail = Mail.from_bytes(
        b"From: groups-noreply@lists.example.com\nTo: ann@example.org\n"
        b"Subject: Address not found\n\nann@example.org\n\n"
        b"The group you wrote to may have been deleted, or you lack permission to post.\n")
    assert explain(mail, "list@lists.example.com") is None  # no failure stated
    assert explain(mail, "list@lists.example.com", failed=True) == (
        "The group you wrote to may have been deleted, or you lack permission to post.")


def test_a_statement_of_failure_explains_a_found_recipient_only_when_it_says_why() -> None:
    """When a format's reader found the failed recipient, the notice's statement of failure
    is its diagnostic only if it names a reason; "could not be delivered" alone is none."""
    from bounceparse.mime.mail import Mail
    from bounceparse.readers.freetext import explain

    def mail(statement: bytes) -> Mail:
        return Mail.from_bytes(b"From: mailer-daemon@lists.example.com\nTo: ann@example.org\n"
                               b"Subject: Undeliverable\n\nHello ann,\n\n" + statement + b"\n")

    says_why = (b"The list you wrote to may not exist, or you do not have permission to post "
                b"to it, so your message could not be delivered.")
    assert explain(mail(says_why), "list@lists.example.com", failed=True) == (
        says_why.decode())
    bare = b"Your message could not be delivered to one or more recipients."
    assert explain(mail(bare), "list@lists.example.com", failed=True) is None
    assert explain(mail(bare), "list@lists.example.com") == bare.decode()


def _loaded_readers(data: bytes) -> tuple[list[str], list[str]]:
    """(the readers loaded, each recipient's reply) when a new process parses `data`."""
    import json
    import subprocess
    import sys

    code = ("import json, sys, bounceparse; r = bounceparse.parse(sys.stdin.buffer.read()); "
            "print(json.dumps([sorted(m for m in sys.modules"
            " if m.startswith('bounceparse.readers.')), [x.diagnostic for x in r.recipients]]))")
    out = subprocess.run([sys.executable, "-c", code], input=data, capture_output=True,
                         check=True).stdout
    loaded, replies = json.loads(out)
    return loaded, replies


def test_the_transcript_reader_is_loaded_only_for_a_text_that_quotes_a_session() -> None:
    head = (b"From: MAILER-DAEMON@mx.example.org\nSubject: Delivery failure\n"
            b"To: a@example.org\n\nYour message could not be delivered.\n\n")
    loaded, _ = _loaded_readers(head + b"The recipient ghost@example.com was refused.\n")
    assert "bounceparse.readers.freetext" in loaded
    assert "bounceparse.readers.smtp" not in loaded
    assert "bounceparse.readers.sessions" not in loaded  # Sendmail's layout: its detectors'
    session = (b"Out: MAIL FROM:<a@example.org>\nIn: 250 ok\n"
               b"Out: RCPT TO:<ghost@example.com>\nIn: 550 5.1.1 No such user here\n")
    loaded, replies = _loaded_readers(head + session)
    assert "bounceparse.readers.smtp" in loaded
    assert any("No such user here" in (reply or "") for reply in replies)
