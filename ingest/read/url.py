"""Fetch a web page for ingest: the one module that talks to the web, through httpx.

A page is fetched whole or not at all, within a time limit and a size cap, and only from public
addresses unless local ones are allowed: the server must not be turned into a way of reading
its own network.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from ingest.read.meta import SkipFile

MAX_REDIRECTS = 5
# What each content type is read as: the suffix the loaders dispatch on.
SUFFIXES = {"text/html": ".html", "application/xhtml+xml": ".html", "text/plain": ".txt",
            "text/markdown": ".md", "text/x-markdown": ".md", "application/pdf": ".pdf",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
            "text/vtt": ".vtt", "application/x-subrip": ".srt"}
USER_AGENT = "hustings-ingest/1"


@dataclass(frozen=True)
class FetchedPage:
    """A fetched document: where it came from and its bytes, as the loaders read them."""

    url: str  # as asked for
    final_url: str  # after redirects
    content: bytes
    suffix: str  # ".html", ".txt", ".md", ".pdf", ".docx", ".vtt" or ".srt"


def fetch_url(url: str, *, timeout: float, max_bytes: int,
              allow_local: bool = False) -> FetchedPage:
    """Fetch url within timeout seconds and max_bytes; raise SkipFile saying why not."""
    import httpx

    deadline = time.monotonic() + timeout
    current = check_url(url.strip())
    try:
        with httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=False,
                          headers={"User-Agent": USER_AGENT}, trust_env=False) as client:
            for _ in range(MAX_REDIRECTS + 1):
                _check_address(current, allow_local)
                with client.stream("GET", current) as response:
                    if response.is_redirect and "location" in response.headers:
                        current = check_url(urljoin(current, response.headers["location"]))
                        continue
                    if response.status_code >= 400:
                        raise SkipFile(f"the server answered {response.status_code} "
                                       f"{response.reason_phrase}".rstrip())
                    suffix = _suffix(response.headers.get("content-type", ""), current)
                    content = _read_capped(response, max_bytes, deadline, timeout)
                    return FetchedPage(url, current, content, suffix)
    except httpx.TimeoutException:
        raise SkipFile(f"took longer than {timeout:g} seconds to fetch") from None
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


def _check_address(url: str, allow_local: bool) -> None:
    """Refuse hosts that resolve to this machine or a private network, unless allowed."""
    host = urlsplit(url).hostname or ""
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise SkipFile(f"the host {host} was not found") from None
    if allow_local:
        return
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global:
            raise SkipFile(f"{host} is a local or private address; only public pages are "
                           "fetched (HUSTINGS_ALLOW_LOCAL_URLS=1 allows them)")


def _suffix(content_type: str, url: str) -> str:
    """Return the suffix to read a page as: from its content type, else its address."""
    kind = content_type.split(";")[0].strip().lower()
    if kind in SUFFIXES:
        return SUFFIXES[kind]
    path = urlsplit(url).path.lower()
    for suffix in (".html", ".htm", ".txt", ".md", ".pdf", ".docx", ".vtt", ".srt"):
        if path.endswith(suffix):
            return ".html" if suffix == ".htm" else suffix
    if not kind or kind == "application/octet-stream":
        return ".html"  # most servers that say nothing serve pages
    raise SkipFile(f"is {kind}, not a page or document (.html, .txt, .md, .pdf, .docx, .vtt "
                   "or .srt)")


def _read_capped(response, max_bytes: int, deadline: float, timeout: float) -> bytes:
    """Read the body, stopping at max_bytes or the deadline (a slow trickle counts too)."""
    too_big = SkipFile(f"is larger than {max_bytes // 2**20} MB; save a smaller part of it")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise too_big
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise too_big
        if time.monotonic() > deadline:
            raise SkipFile(f"took longer than {timeout:g} seconds to fetch")
        chunks.append(chunk)
    return b"".join(chunks)


def _reason(exc: Exception) -> str:
    text = re.sub(r"\s+", " ", str(exc)).strip()
    return text[:120] or type(exc).__name__
