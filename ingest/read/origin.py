"""Remember the web address a file was fetched from, on the file itself.

The address is kept in the file's extended attribute `user.xdg.origin.url`, the freedesktop.org
convention that `curl --xattr`, `wget --xattr` and Chromium write too: a page fetched for ingest,
or a document a user downloaded, is cited with its original address. Where the file system
keeps no extended attributes nothing is recorded and citations carry no address.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

ATTRIBUTE = "user.xdg.origin.url"
_MAX_URL = 2048


def record_origin(path: Path, url: str) -> bool:
    """Record url as where path came from; return whether the file system kept it."""
    setxattr = getattr(os, "setxattr", None)
    if setxattr is None or not _web_address(url):
        return False
    try:
        setxattr(path, ATTRIBUTE, url.encode("utf-8"))
    except OSError:  # no extended attributes here (some network and FAT file systems)
        return False
    return True


def origin_of(path: Path) -> str | None:
    """Return the web address path was fetched from, or None when none is recorded."""
    getxattr = getattr(os, "getxattr", None)
    if getxattr is None:
        return None
    try:
        value = getxattr(path, ATTRIBUTE)
    except OSError:
        return None
    url = value[:_MAX_URL].decode("utf-8", errors="replace").strip()
    return url if _web_address(url) else None


def _web_address(url: str) -> bool:
    """Tell an http(s) address: nothing else is worth linking from a citation."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # "http://[::1" and other broken addresses
        return False
    return parts.scheme.lower() in ("http", "https") and bool(host) and \
        len(url) <= _MAX_URL and not any(ch.isspace() for ch in url)
