"""bounceparse on Dask: `read_bounces()` and `summarize()` on a real `distributed`
LocalCluster (two worker processes on loopback), S3 through a moto server on 127.0.0.1,
and the command line's `--scheduler`, URL inputs and `--format parquet`; always the same
records as the single-process command line on the same files."""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("dask.dataframe")
pytest.importorskip("distributed")
pytest.importorskip("pyarrow")

import cloudpickle
import pandas as pd
from distributed import Client, LocalCluster

from bounceparse import Options
from bounceparse.cli.main import main
from bounceparse.dask import read_bounces, summarize

ROOT = Path(__file__).resolve().parent.parent
BLOCK = 64 << 10  # small blocks: the mboxes below are split over several partitions
BREAKS = b"X-Test-Break-Parser: yes"  # the parser is made to fail on this message

cloudpickle.register_pickle_by_value(sys.modules[__name__])


def mbox_of(messages: list[bytes]) -> bytes:
    out = []
    for data in messages:
        lines = [(b">" + line if line.lstrip(b">").startswith(b"From ") else line)
                 for line in data.replace(b"\r\n", b"\n").split(b"\n")]
        out.append(b"From MAILER-DAEMON Tue Jun  4 10:12:03 2024\n" + b"\n".join(lines)
                   + b"\n\n")
    return b"".join(out)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Message files, a Maildir, an mbox of every sample (split over several partitions),
    a gzip-compressed mbox, an unreadable gzip file and a message that breaks the parser."""
    top = tmp_path_factory.mktemp("inputs")
    samples = sorted((ROOT / "samples").rglob("*.eml"))
    messages = [p.read_bytes() for p in samples]
    (top / "files").mkdir()
    for path in samples[:20]:
        (top / "files" / f"{path.parent.name}-{path.name}").write_bytes(path.read_bytes())
    (top / "files" / "ordinary.eml").write_bytes(
        b"From: Ann <ann@example.org>\nTo: bob@example.net\nSubject: lunch\n\nAt noon?\n")
    for sub in ("cur", "new", "tmp"):
        (top / "maildir" / sub).mkdir(parents=True)
    (top / "maildir" / "new" / "1.host").write_bytes(messages[30])
    (top / "all.mbox").write_bytes(mbox_of(messages))
    (top / "some.mbox.gz").write_bytes(gzip.compress(mbox_of(messages[40:80])))
    (top / "broken.gz").write_bytes(gzip.compress(messages[5])[:-30])
    (top / "breaks.eml").write_bytes(BREAKS + b"\n" + messages[0])
    return top


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=":0") as cluster, Client(cluster) as c:
        yield c


def _break_the_parser() -> None:
    """Make the analysis fail (raise) on the message carrying BREAKS, in this process."""
    from bounceparse.engine import pipeline as _pipeline

    real = getattr(_pipeline, "_real_analyse", _pipeline._analyse)

    def analyse(mail: Any, source: str | None) -> Any:
        if mail.message.get("X-Test-Break-Parser"):
            raise RuntimeError("the test breaks the parser here")
        return real(mail, source)

    _pipeline._real_analyse = real  # type: ignore[attr-defined]
    _pipeline._analyse = analyse


def _mend_the_parser() -> None:
    from bounceparse.engine import pipeline as _pipeline

    real = getattr(_pipeline, "_real_analyse", None)
    if real is not None:
        _pipeline._analyse = real


@pytest.fixture
def broken_parser(client: Client) -> Iterator[None]:
    client.run(_break_the_parser)
    _break_the_parser()
    try:
        yield
    finally:
        client.run(_mend_the_parser)
        _mend_the_parser()


def cli(*args: str) -> tuple[int, str, str]:
    """The command line in a fresh process: (status, stdout, stderr)."""
    out = subprocess.run([sys.executable, "-m", "bounceparse", *args], capture_output=True,
                         text=True, timeout=600)
    return out.returncode, out.stdout, out.stderr


def cli_here(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The command line in this process: (status, stdout, stderr)."""
    status = main(list(args))
    out = capsys.readouterr()
    return status, out.out, out.err


def ordered(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows in one order (order aside); strings as pandas `string` however they were read
    (a Parquet file without pandas' metadata reads as `str`)."""
    strings = {name: pd.StringDtype("pyarrow") for name, dtype in frame.dtypes.items()
               if pd.api.types.is_string_dtype(dtype)
               and not isinstance(dtype, pd.CategoricalDtype)}
    keys = ["source", "address", "status", "diagnostic"]
    return frame.astype(strings).sort_values(keys, na_position="first").reset_index(
        drop=True)


def test_the_same_records_as_the_command_line(inputs: Path, client: Client,
                                              broken_parser: None, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    paths = [str(inputs / name) for name in ("files", "maildir", "all.mbox", "some.mbox.gz",
                                             "broken.gz", "breaks.eml")]
    df = read_bounces(paths, blocksize=BLOCK)
    mbox_partitions = df.map_partitions(
        lambda part: pd.Series([part.source.str.startswith(paths[2]).any()])).compute()
    assert mbox_partitions.sum() >= 3  # the mbox is split over several partitions
    got = df.compute()

    status, _, _ = cli_here(capsys, "parse", "--format", "parquet", "--output",
                         str(tmp_path / "out"), *paths)
    assert status == 66  # broken.gz is unreadable
    expected = pd.read_parquet(tmp_path / "out")
    pd.testing.assert_frame_equal(ordered(got), ordered(expected))

    # the same messages as the command line's JSON Lines, read independently
    status, text, _ = cli_here(capsys, "parse", "--format", "jsonl", *paths)
    reports = [json.loads(line) for line in text.splitlines()]
    assert sorted(set(got.source)) == sorted(r["source"] for r in reports)
    assert len(got) == sum(max(1, len(r["recipients"])) for r in reports)
    mbox_sources = [r["source"] for r in reports if r["source"].startswith(paths[2])]
    assert len(mbox_sources) > 100 and all(":" in s[len(paths[2]):] for s in mbox_sources)

    broken = got[got.source == paths[5]]
    assert len(broken) == 1 and broken.kind.iloc[0] == "none"
    assert "analysis failed: RuntimeError: the test breaks the parser here" in \
        broken.defects.iloc[0]
    unreadable = got[got.source == paths[4]]
    assert len(unreadable) == 1 and unreadable.error.iloc[0]


def test_columns_are_typed(inputs: Path, client: Client) -> None:
    df = read_bounces(str(inputs / "files"), options=Options(original_headers=("X-Mailer",)))
    for name in ("kind", "reason", "bounce_type", "detector"):
        assert isinstance(df[name].dtype, pd.CategoricalDtype), name
    assert df.is_bounce.dtype == bool and df.recipients.dtype == "int32"
    assert str(df.source.dtype) == "string" and "X-Mailer" in df.columns
    got = df.compute()
    assert set(got.kind) <= {"failure", "delay", "delivery", "autoreply", "feedback", "none"}
    assert got[got.recipients == 0].address.isna().all()  # a message without recipients
    assert (got.recipients == 0).any() and (got.recipients > 0).any()


def test_parquet_from_dask_and_from_the_command_line_match(
        inputs: Path, client: Client, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    import pyarrow.parquet as pq

    target = str(inputs / "all.mbox")
    read_bounces(target, blocksize=BLOCK).to_parquet(tmp_path / "dask", write_index=False)
    assert cli_here(capsys, "parse", "-f", "parquet", "-o", str(tmp_path / "cli"),
                    target)[0] == 0
    one = pq.read_schema(tmp_path / "dask" / "part.0.parquet").remove_metadata()
    two = pq.read_schema(tmp_path / "cli" / "part.0.parquet").remove_metadata()
    assert one.equals(two)
    pd.testing.assert_frame_equal(ordered(pd.read_parquet(tmp_path / "dask")),
                                  ordered(pd.read_parquet(tmp_path / "cli")))


def test_summary_on_the_cluster_is_the_local_summary(inputs: Path, client: Client) -> None:
    paths = [str(inputs / "all.mbox"), str(inputs / "files"), str(inputs / "broken.gz")]
    got = summarize(paths, blocksize=BLOCK)
    status, text, _ = cli("summary", "--format", "json", "--top", "0", *paths)
    assert status == 66
    assert got.as_dict(0) == json.loads(text)
    scheduler = client.scheduler.address
    status, text2, err = cli("summary", "--format", "json", "--top", "0", "--scheduler",
                             scheduler, "--block-size", "64k", *paths)
    assert status == 66, err
    assert text2 == text


# -- S3 through moto -----------------------------------------------------------------------

def _free_port() -> int:
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def s3(inputs: Path) -> Iterator[dict[str, Any]]:
    """A moto S3 server on 127.0.0.1 holding the inputs under s3://bounces/in/."""
    pytest.importorskip("s3fs")
    moto_server = pytest.importorskip("moto.server")
    import s3fs

    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=_free_port(),
                                            verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        options = {"key": "testing", "secret": "testing",
                   "endpoint_url": f"http://{host}:{port}",
                   "client_kwargs": {"region_name": "us-east-1"}}
        import boto3

        boto3.client("s3", endpoint_url=options["endpoint_url"], region_name="us-east-1",
                     aws_access_key_id="testing", aws_secret_access_key="testing"
                     ).create_bucket(Bucket="bounces")
        fs = s3fs.S3FileSystem(**options)
        for path in inputs.rglob("*"):
            if path.is_file():
                fs.pipe(f"bounces/in/{path.relative_to(inputs).as_posix()}", path.read_bytes())
        yield options
    finally:
        server.stop()


def test_s3_inputs_give_the_local_records(inputs: Path, client: Client, s3: dict[str, Any]
                                          ) -> None:
    names = ("files", "all.mbox", "some.mbox.gz")
    got = read_bounces([f"s3://bounces/in/{n}" for n in names], storage_options=s3,
                       blocksize=BLOCK).compute()
    local = read_bounces([str(inputs / n) for n in names], blocksize=BLOCK).compute()
    local["source"] = local.source.str.replace(str(inputs), "s3://bounces/in", regex=False)
    pd.testing.assert_frame_equal(ordered(got), ordered(local))


def test_command_line_with_s3_and_a_scheduler(inputs: Path, client: Client,
                                              s3: dict[str, Any], tmp_path: Path) -> None:
    store = ["--storage-option", "key=testing", "--storage-option", "secret=testing",
             "--storage-option", f"endpoint_url={s3['endpoint_url']}",
             "--storage-option", 'client_kwargs={"region_name": "us-east-1"}']
    scheduler = ["--scheduler", client.scheduler.address, "--block-size", "64k"]
    local = [str(inputs / "all.mbox"), str(inputs / "files")]
    remote = ["s3://bounces/in/all.mbox", "s3://bounces/in/files"]

    status, text, err = cli("summary", "-f", "json", *local)
    assert status == 0, err
    for extra in (scheduler, []):  # on the cluster, and on local processes
        status, got, err = cli("summary", "-f", "json", *store, *extra, *remote)
        assert (status, got) == (0, text), err

    assert cli("parse", "-f", "parquet", "-o", str(tmp_path / "local"), *local)[0] == 0
    status, _, err = cli("parse", "-f", "parquet", "-o", "s3://bounces/out", *store,
                         *scheduler, *remote)
    assert status == 0, err
    import s3fs

    fs = s3fs.S3FileSystem(**s3)
    parts = sorted(fs.glob("bounces/out/*.parquet"))
    assert len(parts) >= 3
    got = pd.concat([pd.read_parquet(io.BytesIO(fs.cat_file(p))) for p in parts])
    expected = pd.read_parquet(tmp_path / "local")
    expected["source"] = expected.source.str.replace(str(inputs), "s3://bounces/in",
                                                     regex=False)
    pd.testing.assert_frame_equal(ordered(got), ordered(expected))


def test_command_line_refusals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sample = str(ROOT / "samples" / "rfc3464" / "sendmail-user-unknown.eml")
    status, _, err = cli_here(capsys, "parse", "-f", "parquet", sample)
    assert status == 64 and "--output" in err
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "old.parquet").write_bytes(b"")
    status, _, err = cli_here(capsys, "parse", "-f", "parquet", "-o", str(tmp_path / "full"),
                              sample)
    assert status == 64 and "not empty" in err
    status, _, err = cli_here(capsys, "parse", "-f", "jsonl", "--scheduler",
                              "tcp://127.0.0.1:1", sample)
    assert status == 64 and "--format parquet" in err
    status, _, err = cli_here(capsys, "parse", "-f", "parquet", "-o", str(tmp_path / "new"),
                              "--original-header", "status", sample)
    assert status == 64 and "'status'" in err
    status, _, err = cli_here(capsys, "summary", "--storage-option", "novalue", "s3://b/k")
    assert status == 64 and "KEY=VALUE" in err
    port = _free_port()  # nothing listens there
    status, _, err = cli_here(capsys, "summary", "--scheduler", f"tcp://127.0.0.1:{port}",
                              sample)
    assert status == 69 and "cannot reach the Dask scheduler" in err


def test_import_bounceparse_stays_light() -> None:
    sample = ROOT / "samples" / "rfc3464" / "sendmail-user-unknown.eml"
    code = ("import sys, bounceparse\n"
            f"bounceparse.parse_file({str(sample)!r})\n"
            "import bounceparse.cli.parse, bounceparse.cli.summary, bounceparse.output.columns\n"
            "heavy = ('dask', 'distributed', 'pandas', 'pyarrow', 'fsspec', 'numpy')\n"
            "print([m for m in heavy if m in sys.modules])\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"
