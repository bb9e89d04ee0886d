"""Fetch a web page for ingest: the one module that talks to the web, through httpx.

A page is fetched whole or not at all, within one time limit for the whole fetch (every
redirect included) and a size cap that holds for the bytes as they arrive and as they are
decoded, and only from public addresses unless local ones are allowed. The address checked
is the address connected to: the host is resolved once per hop, and the connection is
pinned to that answer (as Gradio's safehttpx does), so a name that answers differently the
second time (DNS rebinding) cannot lead the server into its own network.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
import zlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from ingest.read.meta import SkipFile

MAX_REDIRECTS = 5
PIECE = 2**20  # the most bytes decoded at a time
# What each content type is read as: the suffix the loaders dispatch on.
SUFFIXES = {"text/html": ".html", "application/xhtml+xml": ".html", "text/plain": ".txt",
            "text/markdown": ".md", "text/x-markdown": ".md", "application/pdf": ".pdf",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
            "text/vtt": ".vtt", "application/x-subrip": ".srt", "text/srt": ".srt"}
USER_AGENT = "hustings-ingest/1"
# Only encodings that zlib can undo in bounded pieces are asked for, and only they are read:
# a brotli or zstd body of a few kilobytes can decode to gigabytes in one call.
ACCEPT_ENCODING = "gzip, deflate"
_ZLIB_WBITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS,
               "deflate": zlib.MAX_WBITS}


@dataclass(frozen=True)
class FetchedPage:
    """A fetched document: where it came from and its bytes, as the loaders read them."""

    url: str  # as asked for
    final_url: str  # after redirects
    content: bytes
    suffix: str  # ".html", ".txt", ".md", ".pdf", ".docx", ".vtt" or ".srt"


def fetch_url(url: str, *, timeout: float, max_bytes: int,
              allow_local: bool = False) -> FetchedPage:
    """Fetch url within timeout seconds in all and max_bytes; raise SkipFile saying why not."""
    return asyncio.run(_fetch(url, timeout, max_bytes, allow_local))


async def _fetch(url: str, timeout: float, max_bytes: int, allow_local: bool) -> FetchedPage:
    late = SkipFile(f"took longer than {timeout:g} seconds to fetch")
    current = check_url(url.strip())
    transport = PinnedTransport()
    try:
        async with asyncio.timeout(timeout), httpx.AsyncClient(
                transport=transport, timeout=httpx.Timeout(timeout), follow_redirects=False,
                trust_env=False, headers={"User-Agent": USER_AGENT,
                                          "Accept-Encoding": ACCEPT_ENCODING}) as client:
            for _ in range(MAX_REDIRECTS + 1):
                host = urlsplit(current).hostname or ""
                transport.pin(host, await _checked_address(host, allow_local))
                async with client.stream("GET", current) as response:
                    if response.is_redirect and "location" in response.headers:
                        current = check_url(urljoin(current, response.headers["location"]))
                        continue
                    if response.status_code >= 400:
                        raise SkipFile(f"the server answered {response.status_code} "
                                       f"{response.reason_phrase}".rstrip())
                    suffix = _suffix(response.headers.get("content-type", ""), current)
                    content = await _read_capped(response, max_bytes)
                    return FetchedPage(url, current, content, suffix)
    except (TimeoutError, httpx.TimeoutException):
        raise late from None
    except httpx.HTTPError as exc:
        raise SkipFile(f"could not be fetched ({_reason(exc)})") from None
    raise SkipFile(f"redirected more than {MAX_REDIRECTS} times")


def check_url(url: str) -> str:
    """Return url if it is an http(s) address; raise SkipFile otherwise."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise SkipFile("not a web address; give one starting with http:// or https://")
    if parts.username or parts.password:
        raise SkipFile("web addresses with a user name or password are not fetched")
    return url


async def _checked_address(host: str, allow_local: bool) -> str:
    """Resolve host once; return the address to connect to, refusing local and private ones
    unless allowed (every answer must be public: any of them could be the one used)."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise SkipFile(f"the host {host} was not found") from None
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    if not addresses:
        raise SkipFile(f"the host {host} was not found")
    if not allow_local and not all(a.is_global for a in addresses):
        raise SkipFile(f"{host} is a local or private address; only public pages are fetched "
                       "(HUSTINGS_ALLOW_LOCAL_URLS=1 allows them)")
    return str(addresses[0])


class PinnedTransport(httpx.AsyncHTTPTransport):
    """Connect each host to the address it was checked at, never to a fresh lookup's.

    The request keeps its host name in the Host header and for TLS (SNI and the certificate
    check), as safehttpx's AsyncSecureTransport does.
    """

    def __init__(self) -> None:
        super().__init__(trust_env=False)
        self.pins: dict[str, str] = {}

    def pin(self, host: str, address: str) -> None:
        """Connect host to address from now on."""
        self.pins[host.lower()] = address

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        address = self.pins.get(host.lower())
        if address is None:  # every hop is checked and pinned before it is requested
            raise httpx.ConnectError(f"{host} was not checked", request=request)
        request.url = request.url.copy_with(host=address)
        request.headers["Host"] = _host_header(host, request.url.port)
        request.extensions = {**request.extensions, "sni_hostname": host}
        return await super().handle_async_request(request)


def _host_header(host: str, port: int | None) -> str:
    name = f"[{host}]" if ":" in host else host
    return f"{name}:{port}" if port else name


def _suffix(content_type: str, url: str) -> str:
    """Return the suffix to read a page as: from its content type, else its address (only
    formats the loaders read)."""
    from ingest.loaders import SUPPORTED

    kind = content_type.split(";")[0].strip().lower()
    if SUFFIXES.get(kind) in SUPPORTED:
        return SUFFIXES[kind]
    path = urlsplit(url).path.lower()
    for suffix in sorted(SUPPORTED, key=len, reverse=True):
        if path.endswith(suffix):
            return ".html" if suffix == ".htm" else suffix
    if not kind or kind == "application/octet-stream":
        return ".html"  # most servers that say nothing serve pages
    listed = sorted(s for s in SUPPORTED if s not in (".htm", ".markdown"))
    raise SkipFile(f"is {kind}, not a page or document ({', '.join(listed)})")


async def _read_capped(response: httpx.Response, max_bytes: int) -> bytes:
    """Read the body as sent, decode it in bounded pieces, and stop as soon as either the
    bytes received or the bytes decoded pass max_bytes."""
    too_big = SkipFile(f"is larger than {max_bytes // 2**20} MB; save a smaller part of it")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise too_big
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if encoding not in ("", "identity", *_ZLIB_WBITS):
        raise SkipFile(f"was sent encoded as {encoding[:40]!r}, which was not asked for; "
                       "only gzip and deflate are read")
    chunks: list[bytes] = []
    size = 0
    async for piece in _decoded(response.aiter_raw(), encoding, max_bytes):
        size += len(piece)
        if size > max_bytes:
            raise too_big
        chunks.append(piece)
    return b"".join(chunks)


async def _decoded(raw: AsyncIterator[bytes], encoding: str,
                   max_bytes: int) -> AsyncIterator[bytes]:
    """Yield the body decoded, never more than max_bytes + 1 bytes from one piece."""
    received = 0
    wbits = _ZLIB_WBITS.get(encoding)
    decoder = zlib.decompressobj(wbits) if wbits else None
    async for chunk in raw:
        received += len(chunk)
        if received > max_bytes:
            raise SkipFile(f"is larger than {max_bytes // 2**20} MB; save a smaller part of it")
        if decoder is None:
            yield chunk
            continue
        data = chunk
        while data:
            try:
                piece = decoder.decompress(data, min(max_bytes + 1, PIECE))
            except zlib.error:
                raise SkipFile("was sent with a broken compression; try again later") from None
            yield piece
            data = decoder.unconsumed_tail
    if decoder is not None:
        yield decoder.flush()


def _reason(exc: Exception) -> str:
    text = re.sub(r"\s+", " ", str(exc)).strip()
    return text[:120] or type(exc).__name__
