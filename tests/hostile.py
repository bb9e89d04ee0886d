"""Hostile inputs for the tests, made here: zip bombs dressed as Word documents, web servers
on 127.0.0.1 that serve compression bombs, slow redirects and an "intranet" page, and a
watch on a server's memory.

Nothing is downloaded; every bomb is built from zeros at test time.
"""

from __future__ import annotations

import http.server
import io
import struct
import threading
import time
import zipfile
import zlib
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

BODY = "word/document.xml"


def docx_bytes(*paragraphs: str) -> bytes:
    """Return a real Word document (python-docx) holding the paragraphs."""
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def repacked(data: bytes, replace: dict[str, tuple[bytes, int]]) -> bytes:
    """Return the archive with members' contents and compression replaced (or added)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w") as new:
        names = [i.filename for i in old.infolist()]
        for name in names + [n for n in replace if n not in names]:
            content, method = replace.get(name, (b"", 0)) if name not in names else \
                replace.get(name, (old.read(name), zipfile.ZIP_DEFLATED))
            new.writestr(zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0)), content,
                         compress_type=method)
    return out.getvalue()


def zeros(size: int) -> bytes:
    return bytes(size)


def bomb_docx(size: int, method: int) -> bytes:
    """Return a Word document whose body unpacks to `size` zero bytes, packed by method."""
    return repacked(docx_bytes("A hustings."), {BODY: (zeros(size), method)})


def lying_docx(size: int, declared: int = 1024) -> bytes:
    """Return a Word document whose deflated body unpacks to size bytes but declares fewer.

    The member's headers (local and central) say `declared`; its CRC is the real content's.
    """
    data = bytearray(bomb_docx(size, zipfile.ZIP_DEFLATED))
    name = BODY.encode()
    local = data.find(b"PK\x03\x04")
    while local >= 0:
        name_len = struct.unpack("<H", data[local + 26:local + 28])[0]
        if data[local + 30:local + 30 + name_len] == name:
            struct.pack_into("<I", data, local + 22, declared)
            break
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        name_len = struct.unpack("<H", data[central + 28:central + 30])[0]
        if data[central + 46:central + 46 + name_len] == name:
            struct.pack_into("<I", data, central + 24, declared)
            break
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


# -- hostile web servers, all on 127.0.0.1 -----------------------------------------------------

PUBLIC_IP = "93.184.216.34"  # looks public; the test jail routes it to a local server
PAGE = """<html><head><title>Oxwich hustings report</title></head><body><article>
<h1>Oxwich Hustings Report</h1>
<p>The Oxwich hustings took place at Oxwich Library on 16 April 2026. The candidates were
Petra Lisle (Green Party) and Conrad Voss (Labour).</p>
<h2>The harbour</h2>
<p>Petra Lisle promised to dredge the harbour so that fishing boats can land at low tide.</p>
<p>Conrad Voss said the harbour wall must be repaired before the winter storms.</p>
</article></body></html>"""
SECRET = "INTERNAL-ONLY: the intranet's page, which no fetch may ever read"


def streamed(make: Callable[[], object], size: int, block: int = 2**24) -> bytes:
    """Return `size` zero bytes compressed by a streaming compressor (compress/flush)."""
    packer = make()
    zero = bytes(block)
    parts = [packer.compress(zero) for _ in range(size // block)]  # type: ignore[attr-defined]
    parts.append(packer.flush())  # type: ignore[attr-defined]
    return b"".join(parts)


@dataclass
class Bombs:
    """Web pages that unpack to far more than they weigh, built once per test module."""

    brotli: bytes
    zstd: bytes
    gzip: bytes

    @classmethod
    def build(cls, size: int = 2 * 2**30, gzip_size: int = 64 * 2**20) -> Bombs:
        import brotli
        import zstandard

        class Brotli:
            def __init__(self) -> None:
                self.c = brotli.Compressor(quality=1)

            def compress(self, data: bytes) -> bytes:
                return self.c.process(data)

            def flush(self) -> bytes:
                return self.c.finish()

        class Zstd:
            def __init__(self) -> None:
                self.c = zstandard.ZstdCompressor(level=1).compressobj()

            def compress(self, data: bytes) -> bytes:
                return self.c.compress(data)

            def flush(self) -> bytes:
                return self.c.flush()

        return cls(streamed(Brotli, size), streamed(Zstd, size),
                   streamed(lambda: zlib.compressobj(1, zlib.DEFLATED, 31), gzip_size))


class Site(http.server.ThreadingHTTPServer):
    """A test web server on 127.0.0.1 that counts the requests for each path."""

    daemon_threads = True

    def __init__(self, bombs: Bombs | None, secret: bool) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.bombs = bombs
        self.secret = secret
        self.hits: dict[str, int] = {}
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def __enter__(self) -> Site:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()


class _Handler(http.server.BaseHTTPRequestHandler):
    """/page.html a round-up; /secret the intranet's page (or, on the public site, a harmless
    one); /br, /zstd, /gzip bombs; /hop/N a redirect after 1.2 s, N times; /markup 3 MB of
    markup; /text 600,000 characters of text."""

    server: Site

    def do_GET(self) -> None:
        site = self.server
        site.hits[self.path] = site.hits.get(self.path, 0) + 1
        path = self.path
        if path == "/page.html":
            self._send(PAGE.encode(), "text/html; charset=utf-8")
        elif path == "/secret":
            text = SECRET if site.secret else "<p>A public page about nothing in particular.</p>"
            self._send(f"<html><body><h1>Notes</h1><p>{text}</p></body></html>".encode(),
                       "text/html")
        elif path in ("/br", "/zstd", "/gzip") and site.bombs is not None:
            body = {"/br": site.bombs.brotli, "/zstd": site.bombs.zstd,
                    "/gzip": site.bombs.gzip}[path]
            encoding = {"/br": "br", "/zstd": "zstd", "/gzip": "gzip"}[path]
            self._send(body, "text/html", {"Content-Encoding": encoding})
        elif path.startswith("/hop/"):
            left = int(path.rsplit("/", 1)[1])
            time.sleep(1.2)
            self.send_response(302)
            self.send_header("Location", f"/hop/{left - 1}" if left > 1 else "/page.html")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/markup":
            unit = b'<div class="c"><span class="s">a</span><b>b</b></div>\n'
            self._send(b"<html><body>" + unit * (3 * 2**20 // len(unit)) + b"</body></html>",
                       "text/html")
        elif path == "/text":
            line = b"The candidate said the buses would run every ten minutes.\n"
            self._send(line * (600_000 // len(line) + 1), "text/plain; charset=utf-8")
        else:
            self.send_error(404)

    def _send(self, body: bytes, kind: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        with suppress(BrokenPipeError, ConnectionResetError):  # the fetcher stopped reading:
            self.wfile.write(body)  # what a cap should do

    def log_message(self, *args: object) -> None:
        pass


# -- memory of a running server ---------------------------------------------------------------

def status_mb(pid: int, field: str = "VmRSS") -> float:
    """Return a memory figure of a live process from /proc (VmRSS now, VmHWM its peak), MB."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return 0.0


def peak_rss_mb(pid: int) -> float:
    """Return a live process's peak resident memory (VmHWM), in MB."""
    return status_mb(pid, "VmHWM")


def tree_rss_mb(pid: int) -> float:
    """Return the resident memory of a process and all its descendants, in MB."""
    total = 0.0
    stack = [pid]
    while stack:
        current = stack.pop()
        total += status_mb(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            with suppress(OSError):
                stack.extend(int(c) for c in task.read_text().split())
    return total


class MemoryWatch:
    """Sample a process tree's memory every 0.1 s in a thread; keep the peak."""

    def __init__(self, pid: int, every: float = 0.1) -> None:
        self.pid = pid
        self.every = every
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self.peak = max(self.peak, tree_rss_mb(self.pid))
