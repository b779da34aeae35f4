"""Inputs: message files, mbox (From_ lines, >From quoting), Maildir, gzip, directories,
stdin; read one message at a time."""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SAMPLES, sample_files

from bounceparse.inputs import sources as _sources
from bounceparse.inputs.sources import Item, input_size, iter_messages

DSN = SAMPLES / "rfc3464" / "sendmail-user-unknown.eml"
FROM_LINE = b"From MAILER-DAEMON@example.net  Tue Jun  4 10:12:03 2024"


def mbox_of(messages: list[bytes], eol: bytes = b"\n") -> bytes:
    """An mboxrd file: a From_ line before each message, `>` before body lines that start
    with (>*)From , an empty line after each."""
    out = []
    for message in messages:
        assert message.endswith(eol)
        out.append(FROM_LINE + eol + re.sub(rb"(?m)^(>*From )", rb">\1", message) + eol)
    return b"".join(out)


def messages_with_from_lines() -> list[bytes]:
    base = [p.read_bytes() for p in sample_files()]
    tricky = (b"Subject: quoting\n\nFrom the start of a line, quoted in the mbox.\n"
              b">From already quoted once.\n>>From twice.\n\nFrom after a blank line.\n"
              b"From \n")
    return [*base, tricky, b"Subject: empty body\n\n"]


def items(*paths: Path | str) -> list[Item]:
    return list(iter_messages([str(p) for p in paths]))


def test_a_message_file(tmp_path: Path) -> None:
    (got,) = items(DSN)
    assert got.source == str(DSN) and got.data == DSN.read_bytes() and got.error is None
    assert got.size == len(DSN.read_bytes())


@pytest.mark.parametrize("eol", [b"\n", b"\r\n"], ids=["lf", "crlf"])
def test_mbox_messages_come_back_as_written(tmp_path: Path, eol: bytes) -> None:
    originals = [m.replace(b"\n", eol) for m in messages_with_from_lines()]
    path = tmp_path / "archive.mbox"
    path.write_bytes(mbox_of(originals, eol))
    got = items(path)
    assert [g.data for g in got] == originals
    # sources name the line of each From_ line
    lines, line = [], 1
    for m in originals:
        lines.append(line)
        line += 1 + m.count(b"\n") + 1
    assert [g.source for g in got] == [f"{path}:{n}" for n in lines]
    assert sum(g.size for g in got) == path.stat().st_size


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 7, 64, 1000])
def test_mbox_split_does_not_depend_on_chunk_size(tmp_path: Path, chunk: int,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    originals = messages_with_from_lines()
    path = tmp_path / "archive.mbox"
    path.write_bytes(mbox_of(originals))
    expected = [(g.source, g.data) for g in items(path)]
    monkeypatch.setattr(_sources, "CHUNK", chunk)
    monkeypatch.setattr(_sources, "MAX_LINE", 16)
    assert [(g.source, g.data) for g in items(path)] == expected
    assert [d for _, d in expected] == originals


def test_from_lines_need_an_empty_line_before_them(tmp_path: Path) -> None:
    path = tmp_path / "box"
    path.write_bytes(FROM_LINE + b"\nSubject: a\n\nbody\nFrom here on no separator\n\n"
                     + FROM_LINE + b"\nSubject: b\n\nsecond\n")
    got = items(path)
    assert [g.data for g in got] == [
        b"Subject: a\n\nbody\nFrom here on no separator\n", b"Subject: b\n\nsecond\n"]
    assert [g.source for g in got] == [f"{path}:1", f"{path}:7"]


def test_very_long_lines_pass_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_sources, "CHUNK", 100)
    monkeypatch.setattr(_sources, "MAX_LINE", 50)
    long_line = b"x" * 1000 + b"\n\nFrom inside a long line\n"
    message = b"Subject: long\n\n" + long_line
    path = tmp_path / "box"
    path.write_bytes(mbox_of([message, b"Subject: next\n\n"]))
    assert [g.data for g in items(path)] == [message, b"Subject: next\n\n"]


def test_an_mbox_is_read_one_message_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_sources, "CHUNK", 4096)
    message = DSN.read_bytes()
    data = mbox_of([message] * 2000)  # about 4 MB
    stream = io.BytesIO(data)
    got = _sources._stream("big", stream)  # type: ignore[arg-type]
    first = next(got)
    assert first.data == message
    assert stream.tell() <= 2 * 4096 + len(message)  # read a little ahead, no more
    assert sum(1 for _ in got) == 1999


def test_gzip_by_magic_number_not_by_name(tmp_path: Path) -> None:
    box = mbox_of([DSN.read_bytes(), b"Subject: b\n\n"])
    (tmp_path / "archive.mbox").write_bytes(gzip.compress(box))  # no .gz suffix
    (tmp_path / "message.eml.gz").write_bytes(gzip.compress(DSN.read_bytes()))
    (tmp_path / "plain.gz").write_bytes(DSN.read_bytes())  # a .gz suffix, not compressed
    second = box.count(b"\n") - 3  # line of the second From_ line
    got = items(tmp_path)
    assert [(Path(g.source).name, g.data) for g in got] == [
        ("archive.mbox:1", DSN.read_bytes()), (f"archive.mbox:{second}", b"Subject: b\n\n"),
        ("message.eml.gz", DSN.read_bytes()), ("plain.gz", DSN.read_bytes())]
    assert all(g.error is None for g in got)


def test_broken_gzip_is_an_error_and_the_batch_goes_on(tmp_path: Path) -> None:
    packed = gzip.compress(mbox_of([DSN.read_bytes()] * 50))
    (tmp_path / "a-truncated.gz").write_bytes(packed[: len(packed) // 2])
    (tmp_path / "b-garbage.gz").write_bytes(b"\x1f\x8b" + b"not deflate data" * 10)
    (tmp_path / "c.eml").write_bytes(DSN.read_bytes())
    got = items(tmp_path)
    errors = [g for g in got if g.error]
    assert [Path(g.source).name.split(":")[0] for g in errors] == ["a-truncated.gz",
                                                                  "b-garbage.gz"]
    assert got[-1].source.endswith("c.eml") and got[-1].error is None


def make_maildir(root: Path) -> None:
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True)
    (root / "new" / "1700000002.M1P1.host").write_bytes(b"Subject: new\n\n")
    (root / "cur" / "1700000001.M1P1.host:2,S").write_bytes(b"Subject: cur\n\n")
    (root / "tmp" / "1700000003.M1P1.host").write_bytes(b"Subject: half-delivered\n\n")
    (root / "dovecot-uidlist").write_bytes(b"3 V1 N4\n")
    (root / "maildirfolder").write_bytes(b"")
    sent = root / ".Sent"
    for sub in ("cur", "new", "tmp"):
        (sent / sub).mkdir(parents=True)
    (sent / "cur" / "1700000000.M1P1.host:2,S").write_bytes(b"Subject: sent\n\n")


def test_maildir_reads_cur_and_new_and_subfolders_only(tmp_path: Path) -> None:
    make_maildir(tmp_path / "Maildir")
    got = items(tmp_path / "Maildir")
    assert [g.data for g in got] == [b"Subject: sent\n\n", b"Subject: cur\n\n",
                                     b"Subject: new\n\n"]
    assert got[1].source == str(tmp_path / "Maildir" / "cur" / "1700000001.M1P1.host:2,S")


def test_directories_recursively_skipping_non_messages(tmp_path: Path) -> None:
    (tmp_path / "b" / "deeper").mkdir(parents=True)
    (tmp_path / "a.eml").write_bytes(b"Subject: a\n\n")
    (tmp_path / "a.json").write_bytes(b"{}")
    (tmp_path / ".hidden").write_bytes(b"Subject: hidden\n\n")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_bytes(b"ref: main\n")
    (tmp_path / "b" / "deeper" / "c").write_bytes(b"Subject: c\n\n")
    (tmp_path / "b" / "box.mbox").write_bytes(mbox_of([b"Subject: m\n\n"]))
    got = items(tmp_path)
    assert [g.data for g in got] == [b"Subject: a\n\n", b"Subject: m\n\n", b"Subject: c\n\n"]
    # an mbox holding a single message keeps its plain name
    assert got[1].source == f"{tmp_path / 'b' / 'box.mbox'}"
    assert input_size([tmp_path]) == sum(
        p.stat().st_size for p in (tmp_path / "a.eml", tmp_path / "b" / "deeper" / "c",
                                    tmp_path / "b" / "box.mbox"))


def test_eml_with_from_line_is_one_message(tmp_path: Path) -> None:
    data = b"From MAILER-DAEMON Mon Jan  1 00:00:00 2024\nSubject: x\n\nbody\n\nFrom here on\n"
    (tmp_path / "one.eml").write_bytes(data)
    (got,) = items(tmp_path / "one.eml")
    assert got.source == str(tmp_path / "one.eml") and got.data == data
    (tmp_path / "two.mbox").write_bytes(mbox_of([b"Subject: a\n\n", b"Subject: b\n\n"]))
    assert [g.source.rsplit(":", 1)[1] for g in items(tmp_path / "two.mbox")] == ["1", "5"]


def test_missing_input_is_an_error_item(tmp_path: Path) -> None:
    (got,) = items(tmp_path / "nope.eml")
    assert got.error == "no such file" and got.source == str(tmp_path / "nope.eml")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads everything")
def test_unreadable_file_is_an_error_item(tmp_path: Path) -> None:
    path = tmp_path / "secret.eml"
    path.write_bytes(b"Subject: x\n\n")
    path.chmod(0)
    (got,) = items(path)
    assert got.error == "permission denied"


class FakeStdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


def test_stdin_single_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", FakeStdin(DSN.read_bytes()))
    (got,) = items("-")
    assert got.source == "-" and got.data == DSN.read_bytes()


def test_stdin_mbox_and_gzip(monkeypatch: pytest.MonkeyPatch) -> None:
    box = mbox_of([DSN.read_bytes(), b"Subject: b\n\n"])
    monkeypatch.setattr(sys, "stdin", FakeStdin(gzip.compress(box)))
    second = box.count(b"\n") - 3
    got = items("-")
    assert [g.source for g in got] == ["-:1", f"-:{second}"]
    assert input_size(["-"]) is None


# -- issue 14 item 7: decompression and device bombs ----------------------------------


def test_a_gzip_bomb_is_decompressed_only_as_far_as_max_bytes(tmp_path: Path) -> None:
    import tracemalloc

    bomb = tmp_path / "bomb.eml.gz"
    with gzip.open(bomb, "wb", compresslevel=1) as out:
        out.write(b"Subject: zeros\n\n")
        block = b"\0" * (1 << 20)
        for _ in range(64):  # 64 MB expanded
            out.write(block)
    after = tmp_path / "after.eml"
    after.write_bytes(DSN.read_bytes())
    tracemalloc.start()
    try:
        got = list(iter_messages([str(bomb), str(after)], max_bytes=2_000_000))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [len(g.data) for g in got] == [2_000_000, len(DSN.read_bytes())]
    assert got[0].cut == 2_000_000 and got[1].cut == 0 and got[1].error is None
    assert peak < 16_000_000, f"{peak} bytes at peak"


def test_a_cut_input_says_so_in_its_report(tmp_path: Path) -> None:
    import dataclasses

    import bounceparse
    from bounceparse.model.options import Options

    big = tmp_path / "big.eml"
    big.write_bytes(DSN.read_bytes() + b"x" * 5000)
    (report,) = bounceparse.iter_parse([str(big)], options=dataclasses.replace(
        Options(), max_bytes=3000))
    assert "limit: only the first 3000 bytes of the input read, the rest skipped" in (
        report.defects)


def test_a_device_given_by_name_is_read_up_to_max_bytes() -> None:
    (got,) = list(iter_messages(["/dev/zero"], max_bytes=100_000))
    assert (len(got.data), got.cut, got.error) == (100_000, 100_000, None)


def test_a_link_to_a_device_in_a_directory_is_reported_not_read(tmp_path: Path) -> None:
    os.symlink("/dev/zero", tmp_path / "a-zero")
    (tmp_path / "b.eml").write_bytes(DSN.read_bytes())
    got = items(tmp_path)
    assert [(g.source, g.error) for g in got] == [
        (str(tmp_path / "a-zero"), "skipped: a device, not a regular file"),
        (str(tmp_path / "b.eml"), None)]


# -- issue 14 item 8: no hang, no silent skip in directory scans ---------------------


def _run_cli(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "bounceparse", *args, "--format", "jsonl"],
                          capture_output=True, timeout=timeout, check=False)


def test_a_fifo_in_a_directory_is_reported_and_the_scan_goes_on(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "a-fifo")
    (tmp_path / "b.eml").write_bytes(DSN.read_bytes())
    done = _run_cli(str(tmp_path))  # used to hang, waiting for a writer
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(r["source"], r["error"]) for r in lines] == [
        (str(tmp_path / "a-fifo"), "skipped: a FIFO, not a regular file"),
        (str(tmp_path / "b.eml"), None)]


def test_a_fifo_given_by_name(tmp_path: Path) -> None:
    import threading

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    done = _run_cli(str(fifo), str(DSN))  # nothing writes to it: reported, not waited on
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["error"] for r in lines] == ["skipped: a FIFO with nothing writing to it", None]

    def write() -> None:
        with open(fifo, "wb") as out:
            out.write(DSN.read_bytes())

    writer = threading.Thread(target=write)
    writer.start()  # a FIFO something writes to is read, as `<(zcat x.gz)` would be
    import time

    time.sleep(0.2)
    got = items(fifo)
    writer.join(10)
    assert [g.data for g in got] == [DSN.read_bytes()]


def test_a_link_to_a_directory_is_followed_once(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "x.eml").write_bytes(b"Subject: x\n\n")
    top = tmp_path / "top"
    top.mkdir()
    os.symlink(real, top / "linked")
    os.symlink(top, top / "loop")  # a link back up: not read twice, no endless walk
    got = items(top)
    assert [g.source for g in got] == [str(top / "linked" / "x.eml")]


def test_files_beside_a_maildirs_folders_are_read(tmp_path: Path) -> None:
    root = tmp_path / "Maildir"
    make_maildir(root)
    (root / "saved.mbox").write_bytes(mbox_of([b"Subject: one\n\n", b"Subject: two\n\n"]))
    got = items(root)
    assert [g.data for g in got] == [b"Subject: one\n\n", b"Subject: two\n\n",
                                     b"Subject: sent\n\n", b"Subject: cur\n\n",
                                     b"Subject: new\n\n"]


# -- issue 14 item 9: CR-only mbox -------------------------------------------------------


def test_a_cr_only_file_starting_with_a_from_line_is_one_message(tmp_path: Path) -> None:
    import bounceparse

    data = (FROM_LINE + b"\n" + DSN.read_bytes()).replace(b"\n", b"\r")
    path = tmp_path / "cr-only"
    path.write_bytes(data)
    (got,) = items(path)
    assert (got.source, got.data) == (str(path), data)  # was one empty message
    (report,) = bounceparse.iter_parse([str(path)])
    assert report.is_bounce and report.recipients
