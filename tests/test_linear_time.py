"""Time grows linearly with the input: every detector, and the whole parse, on growing
pathological inputs (issue 14 item 6).

Each case is a bounce-looking message whose body (or one header field) is a run of one
hostile line shape: blank lines, whitespace lines, `> ` quoting, `From ` lines, `a: `
fields, dashes, CRs, dotted numbers, a folded header field.  Every detector's `parse()` is
run on it directly (whether or not the detector's signs or sniff would let the message
through), and the whole `parse()` too.  What is checked is a ratio, not a wall-clock
limit: the time at SCALE times the size over the time at the base size must stay well
under what quadratic growth gives (SCALE for linear, SCALE² for quadratic).  Times are CPU
times of this process (the load of other processes does not count), the best of a few
runs; a pair whose larger run takes under FLOOR seconds is not judged: at such times
noise is larger than growth.  The detectors share one parsed message per size, whose
common views (text, lines) are computed before the timing.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

import bounceparse
from bounceparse.detectors import REGISTRY, get
from bounceparse.mime.mail import Mail
from bounceparse.model.options import Options

BASE = 40_000  # bytes of the hostile run at the base size
SCALE = 8  # the larger run is SCALE times the base
LIMIT = 3.0 * SCALE  # ratio allowed: three times linear growth (quadratic gives SCALE**2)
FLOOR = 0.04  # seconds: a larger run faster than this is not judged

HEAD = (b"From: MAILER-DAEMON@example.org\nTo: a@example.org\n"
        b"Subject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\n"
        b"Content-Type: text/plain\n\n")
RUNS: dict[str, bytes] = {
    "blank lines": b"\n",
    "whitespace lines": b"   \n",
    "quoted lines": b"> \n",
    "quoted text": b"> x\n",
    "from lines": b"From \n",
    "delayed mail": b"DELAYED MAIL\n \n",
    "fields": b"a: \n",
    "dashes": b"-- \n",
    "carriage returns": b"\r",
    "dotted numbers": b"1.2.3.4.",
    "reply lines": b"550-5.1.1 x\n",
}
# a line before the run, where a detector needs one to read on
PREFIX: dict[str, bytes] = {
    "whitespace after a marker": b"UNDELIVERABLE MAIL\n",
    "a quoted transcript": b"The original message was received at Mon\n\n"
                           b"   ----- Transcript of session follows -----\n",
}
RUNS["whitespace after a marker"] = b" \n"
RUNS["a quoted transcript"] = b"> x\n"
OPTIONS = Options(annotate=False, max_text=10 ** 8)


def message(case: str, size: int) -> bytes:
    if case == "folded header":
        return (b"From: MAILER-DAEMON@example.org\nSubject: Undelivered Mail\nX-Long: x"
                + b"\n x" * (size // 3) + b"\n\nbody\n")
    run = RUNS[case]
    return HEAD + PREFIX.get(case, b"") + run * (size // len(run))


CASES = [*RUNS, "folded header"]


def cpu_time(work: Callable[[], object], repeat: int) -> float:
    """The best CPU time of `repeat` runs (CPU time: other processes' load does not count)."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        work()
        best = min(best, time.process_time() - started)
    return best


def warm_mail(data: bytes) -> Mail:
    """The message parsed, with the views detectors share already computed (their cost is
    the parse's, timed below, not the first detector's)."""
    mail = Mail.from_bytes(data, OPTIONS)
    _ = mail.text, mail.lines, mail.subject, list(mail.status_texts)
    return mail


def judged(run: Callable[[bytes | Mail], object], small: bytes | Mail, big: bytes | Mail
           ) -> tuple[float, float] | None:
    """(CPU time of the larger run, ratio), or None when the larger run is under FLOOR."""
    t_big = cpu_time(lambda: run(big), 1)
    if t_big < FLOOR:
        return None
    t_small = cpu_time(lambda: run(small), 3)
    t_big = min(t_big, cpu_time(lambda: run(big), 1))
    return t_big, t_big / max(t_small, 1e-4)


def detector_run(name: str) -> Callable[[bytes | Mail], object]:
    detector = get(name)

    def run(mail: bytes | Mail) -> object:
        assert isinstance(mail, Mail)
        try:
            return detector.parse(mail)
        except Exception:  # not the point here: the time is (test_hostile checks errors)
            return None

    return run


def verdict(what: str, got: tuple[float, float] | None) -> str | None:
    if got is None or got[1] <= LIMIT:
        return None
    return (f"{what}: {got[0]:.2f} s at {BASE * SCALE} bytes, {got[1]:.1f}x the time at "
            f"{BASE} (linear: {SCALE}x)")


@pytest.mark.parametrize("case", CASES)
def test_every_detector_is_linear(case: str) -> None:
    small, big = warm_mail(message(case, BASE)), warm_mail(message(case, BASE * SCALE))
    slow = [v for name in REGISTRY
            if (v := verdict(name, judged(detector_run(name), small, big)))]
    assert not slow, f"{case}: " + "; ".join(slow)


@pytest.mark.parametrize("case", CASES)
def test_the_whole_parse_is_linear(case: str) -> None:
    def run(data: bytes | Mail) -> object:
        assert isinstance(data, bytes)
        return bounceparse.parse(data, options=OPTIONS)

    problem = verdict("parse", judged(run, message(case, BASE), message(case, BASE * SCALE)))
    assert problem is None, f"{case}: {problem}"
