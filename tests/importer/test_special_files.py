"""Paths that are not ordinary saved posts: FIFOs, devices, sockets, folders, files over the limit,
and UTF-16/UTF-32 text (Windows' "Unicode" export).

A reader that follows a FIFO or /dev/zero never returns (or eats the machine's memory), so those
reads run in a child process with a timeout and an address-space limit: a regression fails the
test within seconds instead of hanging the suite."""

import json
import os
import socket
import subprocess
import sys
import textwrap
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from articles.importer.decode import decode_bytes, detect_wide_encoding
from articles.importer.parse import parse_bytes
from articles.importer.parsed import ImportFormatError
from articles.importer.source import read_source
from articles.models import ArticlePage

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"
TOC = FIXTURES / "toc_article.txt"
CHILD_TIMEOUT = 60  # seconds; a prompt refusal takes well under one
MEMORY_LIMIT = 2 * 1024**3  # bytes of address space for the child


def _limit_memory():
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def read_in_child(path: Path, limit: int = 5 * 1024 * 1024) -> dict:
    """read_source(path, limit) in a child process: {"error": message} or {"size": n}."""
    code = textwrap.dedent(
        f"""
        import json, sys
        from articles.importer.parsed import ImportFormatError
        from articles.importer.source import read_source
        try:
            data = read_source({str(path)!r}, {limit})
        except ImportFormatError as exc:
            print(json.dumps({{"error": str(exc)}}))
        else:
            print(json.dumps({{"size": len(data)}}))
        """
    )
    try:
        done = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=CHILD_TIMEOUT,
            preexec_fn=_limit_memory,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"reading {path} did not return within {CHILD_TIMEOUT} s")
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    return path


@pytest.fixture
def zero_link(tmp_path):
    path = tmp_path / "zero.txt"
    path.symlink_to("/dev/zero")
    return path


NOT_REGULAR = "not a regular file; only saved .txt or .html files can be imported"


def test_a_fifo_is_refused_at_once(fifo):
    assert read_in_child(fifo) == {"error": f"is a named pipe (FIFO), {NOT_REGULAR}"}


def test_a_symlink_to_dev_zero_is_refused_without_reading(zero_link):
    assert read_in_child(zero_link) == {"error": f"is a device, {NOT_REGULAR}"}


def test_a_folder_and_a_socket_are_refused(tmp_path):
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    assert read_in_child(folder) == {"error": f"is a folder, {NOT_REGULAR}"}
    sock_path = tmp_path / "s.txt"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(sock_path))
        assert read_in_child(sock_path) == {"error": f"is a socket, {NOT_REGULAR}"}


def test_a_symlink_to_a_regular_file_is_read(tmp_path):
    link = tmp_path / "link.txt"
    link.symlink_to(TOC)
    assert read_source(link, 5 * 1024 * 1024) == TOC.read_bytes()


def test_the_byte_limit_is_hard(tmp_path):
    path = tmp_path / "post.txt"
    path.write_bytes(b"a" * 100)
    assert len(read_source(path, 100)) == 100  # exactly at the limit: read
    with pytest.raises(ImportFormatError, match=r"^the file is larger than 99 bytes; is it really"):
        read_source(path, 99)
    with pytest.raises(ImportFormatError, match="^no such file$"):
        read_source(tmp_path / "gone.txt", 100)


# --- through the command -------------------------------------------------------------------------


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    return f"postgresql://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.mark.django_db
def test_the_command_reports_special_files_and_exits_non_zero(tmp_path, fifo, zero_link, settings):
    """manage.py in a child process (timeout, memory limit) on the test database: each special
    file gets one line, the exit status says a file failed, nothing hangs. (Only refusals here: the
    child commits, so it must not write.)"""
    folder = tmp_path / "posts"
    folder.mkdir()
    os.mkfifo(folder / "in-folder.txt")  # a FIFO inside a folder is reported, not skipped
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "clinic.settings.test",
    }
    try:
        done = subprocess.run(
            [
                sys.executable,
                "manage.py",
                "import_articles",
                str(fifo),
                str(zero_link),
                str(folder),
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=CHILD_TIMEOUT * 2,
            preexec_fn=_limit_memory,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("import_articles did not return")
    assert done.returncode == 1, done.stderr[-2000:]
    errors = [line for line in done.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [
        f"error: {fifo}: is a named pipe (FIFO), {NOT_REGULAR}",
        f"error: {zero_link}: is a device, {NOT_REGULAR}",
        f"error: {folder / 'in-folder.txt'}: is a named pipe (FIFO), {NOT_REGULAR}",
    ]
    assert "3 of 3 file(s) failed" in done.stderr
    assert "Files: 3 read, 3 failed." in done.stdout


@pytest.mark.django_db
def test_a_file_over_the_configured_limit_is_refused(tmp_path, settings):
    settings.ARTICLE_IMPORT_MAX_BYTES = 1000
    big = tmp_path / "big.txt"
    big.write_bytes(TOC.read_bytes()[:1001].ljust(1001, b" "))
    before = ArticlePage.objects.count()
    err = StringIO()
    with pytest.raises(CommandError, match="1 of 1 file"):
        call_command("import_articles", str(big), stdout=StringIO(), stderr=err)
    assert err.getvalue().strip() == (
        f"error: {big}: the file is larger than 1000 bytes; is it really a saved post?"
    )
    assert ArticlePage.objects.count() == before


# --- UTF-16 and UTF-32 ---------------------------------------------------------------------------

TEXT = TOC.read_text(encoding="utf-8") + "\nCafé, niño, corazón — “quotes”.\n"


@pytest.mark.parametrize(
    ("encoding", "bom", "name"),
    [
        ("utf-16-le", b"\xff\xfe", "UTF-16 text (little-endian)"),
        ("utf-16-be", b"\xfe\xff", "UTF-16 text (big-endian)"),
        ("utf-16-le", b"", "UTF-16 text (little-endian)"),  # no BOM: found by its NUL pattern
        ("utf-16-be", b"", "UTF-16 text (big-endian)"),
        ("utf-32-le", b"\xff\xfe\x00\x00", "UTF-32 text (little-endian)"),
    ],
)
def test_wide_text_decodes_like_utf8(encoding, bom, name):
    data = bom + TEXT.encode(encoding)
    assert decode_bytes(data) == decode_bytes(TEXT.encode("utf-8"))
    assert detect_wide_encoding(data)[1] == name.split()[0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("encoding", "bom"), [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")]
)
def test_utf16_files_import_as_the_same_article(tmp_path, encoding, bom):
    wide = tmp_path / "wide.txt"
    wide.write_bytes(bom + TEXT.encode(encoding))
    out = StringIO()
    call_command("import_articles", str(wide), stdout=out, stderr=StringIO())
    order = "little" if encoding.endswith("le") else "big"
    assert f"note: read as UTF-16 text ({order}-endian)" in out.getvalue()
    (article,) = parse_bytes(TEXT.encode("utf-8"), "narrow.txt").articles
    (page,) = ArticlePage.objects.filter(source_fingerprint=article.fingerprint)
    text = page.get_latest_revision_as_object().plain_text()
    assert "Café, niño, corazón — “quotes”." in text

    narrow = tmp_path / "narrow.txt"
    narrow.write_text(TEXT, encoding="utf-8")
    out = StringIO()
    call_command("import_articles", str(narrow), stdout=out, stderr=StringIO())
    assert "0 created, 0 updated, 1 unchanged" in out.getvalue()  # the same article, same content


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"\xff\xfe" + "Cut off".encode("utf-16-le") + b"a",
            "the file is UTF-16 text (little-endian) but is cut off (its length is not a whole "
            "number of 2-byte characters); save it again, preferably as UTF-8",
        ),
        (
            b"\xfe\xff" + "Broken ".encode("utf-16-be") + b"\xdc\x00" + "text".encode("utf-16-be"),
            "the file looks like UTF-16 text (big-endian) but is damaged (invalid UTF-16 at byte "
            "16); save it again, preferably as UTF-8",
        ),
        (
            b"\xff\xfe" + "Has a \x00 NUL".encode("utf-16-le"),
            "the file looks like UTF-16 text (little-endian) but holds NUL characters: is it "
            "really a saved post?",
        ),
        (
            b"\xff\xfe" + bytes([0x01, 0xE0, 0x41, 0x00]) * 50,  # private-use characters
            "the file starts like UTF-16 text (little-endian) but does not read as text: is it "
            "really a saved post?",
        ),
    ],
)
def test_damaged_utf16_gets_a_clear_message(data, message):
    with pytest.raises(ImportFormatError) as exc:
        decode_bytes(data)
    assert str(exc.value) == message


def test_binary_with_nuls_is_still_binary():
    with pytest.raises(ImportFormatError, match="binary"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00")
