"""Inputs cut into pieces (`_blocks`): whatever the block size, the pieces together give
the messages and source names the command line's reader gives for the whole input."""

from __future__ import annotations

import gzip
import random
from pathlib import Path

import pytest

from bounceparse.inputs.sources import iter_messages

pytest.importorskip("fsspec")

from bounceparse.inputs import blocks as _blocks

ROOT = Path(__file__).resolve().parent.parent


def read_pieces(target: str | list[str], blocksize: int | None
                ) -> list[tuple[str, bytes, str | None]]:
    """Every piece read on its own, the line bases chained as `bounceparse.dask` does."""
    out = []
    line = 1
    previous = None
    for piece in _blocks.plan(target, blocksize=blocksize):
        if piece.kind == "mbox" and piece.start > 0:
            assert previous is not None
            line += _blocks.count_lines(previous)
        else:
            line = 1
        out += [(i.source, i.data, i.error) for i in _blocks.items(piece, line)]
        previous = piece
    return out


def expected(target: str | list[str]) -> list[tuple[str, bytes, str | None]]:
    given = [target] if isinstance(target, str) else target
    return [(i.source, i.data, i.error) for i in iter_messages(given)]


def mbox_of(messages: list[bytes], newline: bytes = b"\n") -> bytes:
    out = []
    for data in messages:
        body = data.replace(b"\r\n", b"\n")
        lines = [(b">" + line if line.lstrip(b">").startswith(b"From ") else line)
                 for line in body.split(b"\n")]
        out.append(b"From MAILER-DAEMON Tue Jun  4 10:12:03 2024\n" + b"\n".join(lines)
                   + b"\n\n")
    return b"".join(out).replace(b"\n", newline)


def sample_messages() -> list[bytes]:
    return [p.read_bytes() for p in sorted((ROOT / "samples").rglob("*.eml"))]


@pytest.mark.parametrize("newline", [b"\n", b"\r\n"])
@pytest.mark.parametrize("blocksize", [1, 97, 4096, 65536, 10 << 20])
def test_an_mbox_in_ranges_reads_as_a_whole(tmp_path: Path, newline: bytes,
                                           blocksize: int) -> None:
    path = tmp_path / "archive.mbox"
    path.write_bytes(mbox_of(sample_messages()[:40], newline))
    got = read_pieces(str(path), blocksize)
    assert got == expected(str(path))
    assert len(got) == 40


def test_tricky_boundaries(tmp_path: Path) -> None:
    """`From ` lines inside a message (not after an empty line), quoted ones, empty
    messages, a huge From_ line, and ranges that cut everywhere."""
    rng = random.Random(17)
    parts = [b"From a\n", b"Subject: x\n\nFrom inside, no blank before? yes: blank.\n",
             b"text\nFrom not a boundary\n", b"\n>From quoted\n", b"\n\n", b"\r\n",
             b"From b " + b"x" * 3000 + b"\n", b"body\n", b"\nFrom c\n\n", b"\n\nFrom d\n"]
    for seed in range(30):
        data = b"From first\n" + b"".join(rng.choice(parts) for _ in range(60))
        path = tmp_path / f"m{seed}.mbox"
        path.write_bytes(data)
        for blocksize in (1, 2, 3, 5, 8, 13, 200):
            assert read_pieces(str(path), blocksize) == expected(str(path)), (seed, blocksize)


def test_a_single_message_mbox_keeps_its_plain_name(tmp_path: Path) -> None:
    path = tmp_path / "one.mbox"
    path.write_bytes(mbox_of(sample_messages()[:1]))
    got = read_pieces(str(path), 50)
    assert [source for source, _, _ in got] == [str(path)]
    assert got == expected(str(path))


def test_gzip_files_in_parts(tmp_path: Path) -> None:
    path = tmp_path / "archive.mbox.gz"
    path.write_bytes(gzip.compress(mbox_of(sample_messages())))
    pieces = _blocks.plan(str(path), blocksize=4096)
    assert len(pieces) > 3 and {p.kind for p in pieces} == {"stream"}
    assert read_pieces(str(path), 4096) == expected(str(path))


def test_without_a_blocksize_small_inputs_make_min_pieces(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    """Under MIN_PIECES * BLOCKSIZE an input is cut in MIN_PIECES pieces, so that workers
    share it; a gzip file's parts stay of BLOCKSIZE / GZIP_RATIO (each decompresses the
    file from its start)."""
    monkeypatch.setattr(_blocks, "BLOCKSIZE", 64 << 10)
    monkeypatch.setattr(_blocks, "MIN_BLOCKSIZE", 1 << 10)
    data = mbox_of(sample_messages())
    path = tmp_path / "archive.mbox"
    path.write_bytes(data[:128 << 10])  # a message cut short at the end: read as such too
    assert len(_blocks.plan(str(path))) == _blocks.MIN_PIECES
    assert _blocks.auto_blocksize(128 << 10) == 2048
    assert _blocks.auto_blocksize(1 << 40) == 64 << 10
    assert _blocks.auto_blocksize(10) == 1 << 10
    assert read_pieces(str(path), None) == expected(str(path))
    packed = tmp_path / "archive.mbox.gz"
    packed.write_bytes(gzip.compress(data, mtime=0))
    parts = -(-packed.stat().st_size // (16 << 10))
    assert [p.kind for p in _blocks.plan(str(packed))] == ["stream"] * parts


def test_directories_globs_and_missing_inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                              ) -> None:
    box = tmp_path / "box"
    for sub in ("cur", "new", "tmp"):
        (box / sub).mkdir(parents=True)
    (box / "cur" / "1:2,S").write_bytes(sample_messages()[0])
    (box / "tmp" / "in-progress").write_bytes(b"Subject: not yet\n\n")
    (box / "dovecot-uidlist").write_bytes(b"3 V1\n")
    (box / ".Sent" / "cur").mkdir(parents=True)
    (box / ".Sent" / "new").mkdir()
    (box / ".Sent" / "cur" / "2:2,S").write_bytes(sample_messages()[1])
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.eml").write_bytes(b"Subject: hidden\n\n")
    (tmp_path / "notes.md").write_bytes(b"# not mail\n")
    (tmp_path / "a.eml").write_bytes(sample_messages()[2])
    (tmp_path / "b.mbox").write_bytes(mbox_of(sample_messages()[3:6]))
    monkeypatch.chdir(tmp_path)
    for target in (".", str(tmp_path), "box", "box/"):
        assert sorted(read_pieces(target, 1000)) == sorted(expected(target)), target
    assert sorted(read_pieces("*.eml", 1000)) == sorted(expected(["a.eml"]))
    assert read_pieces("missing.eml", 1000) == [("missing.eml", b"", "no such file")]


def test_a_fifo_in_a_directory_is_an_error_not_a_hang(tmp_path: Path) -> None:
    import os

    (tmp_path / "a.eml").write_bytes(sample_messages()[0])
    os.mkfifo(tmp_path / "pipe")
    got = read_pieces(str(tmp_path), 1000)
    assert (str(tmp_path / "pipe"), b"", "not a regular file") in got
    assert len(got) == 2
