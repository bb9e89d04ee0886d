"""The web server's gatekeeper: an ASGI middleware in front of Gradio's own routes.

Gradio checks its login on the page and the API, but not on everything a public chat needs:
- its file upload route takes files in read-only mode too (they are refused here), and it
  does not note who sent a file (noted here, so that /ingest takes only the caller's own);
- its login can be tried as fast as a client can send (failures are slowed down here);
- its MCP routes are public even with a login set (here they need the same login, sent as
  HTTP Basic auth, since MCP clients cannot fill in a login form).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hmac
import json
import math
import threading
import time
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

if TYPE_CHECKING:
    from ingest.settings import Settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

UPLOAD = "/gradio_api/upload"
FILE_ROUTES = ("/gradio_api/file=", "/gradio_api/file/", "/file=", "/file/")
LOGIN = "/login"
MCP = "/gradio_api/mcp"
FREE_FAILURES = 3  # wrong passwords a client may send before it is slowed down
LONGEST_WAIT = 30.0  # seconds: the most a client waits between attempts
UPLOAD_TTL = 3600.0  # seconds an upload not yet added stays claimable (and on disk)
Owner = tuple[str, tuple[str, ...]]  # the client's address and its login cookies


def owner_of(client: tuple[str, int] | Any | None, cookies: Iterable[tuple[str, str]]) -> Owner:
    """Return who is asking: the client's address (as the proxy headers give it) and the
    login cookies it sent (Gradio's access tokens; none without a login)."""
    host = getattr(client, "host", None) or (client[0] if client else "")
    tokens = tuple(sorted(v for k, v in cookies if k.startswith("access-token")))
    return str(host), tokens


@dataclass
class UploadLedger:
    """The files Gradio received, each with who sent it: one may claim only its own, once."""

    ttl: float = UPLOAD_TTL
    _files: dict[str, tuple[Owner, float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, paths: Iterable[str], owner: Owner) -> None:
        """Note that owner sent the files now at paths."""
        now = time.monotonic()
        with self._lock:
            for path in paths:
                self._files[str(path)] = (owner, now)
            stale = [p for p, (_, t) in self._files.items() if now - t > self.ttl]
            for path in stale:
                del self._files[path]

    def claim(self, path: str, owner: Owner) -> bool:
        """Take a file that owner sent (then nobody can claim it again); tell if it was."""
        with self._lock:
            got = self._files.get(str(path))
            if got is None or got[0] != owner or time.monotonic() - got[1] > self.ttl:
                return False
            del self._files[str(path)]
            return True


@dataclass
class LoginThrottle:
    """Slow a client down after wrong passwords, as a tarpit: after FREE_FAILURES, each of its
    attempts waits its turn, spaced 1, 2, 4 … seconds (up to LONGEST_WAIT) from the one
    before, however many it sends at once; a right password resets it. A person who mistyped
    waits a moment and gets the answer; a guesser gets a few guesses a minute."""

    free: int = FREE_FAILURES
    longest: float = LONGEST_WAIT
    _failures: dict[str, int] = field(default_factory=dict)
    _next: dict[str, float] = field(default_factory=dict)  # when the client's next turn is
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def gap(self, client: str) -> float:
        """Return the seconds between this client's attempts now (0: not slowed)."""
        count = self._failures.get(client, 0)
        return 0.0 if count < self.free else min(self.longest, 2.0 ** (count - self.free))

    def turn(self, client: str) -> float | None:
        """Book the client's next attempt; return the seconds to wait for it, or None when
        its turn is further away than LONGEST_WAIT (it should come back later)."""
        now = time.monotonic()
        with self._lock:
            start = max(now, self._next.get(client, 0.0))
            if start - now > self.longest:
                return None
            self._next[client] = start + self.gap(client)
            if len(self._next) > 10_000:  # forget the oldest clients, not the memory
                for key in list(self._next)[:5_000]:
                    self._next.pop(key, None)
                    self._failures.pop(key, None)
        return start - now

    def wait(self, client: str) -> float:
        """Return the seconds until the client's next turn (0: it may try now)."""
        with self._lock:
            return max(0.0, self._next.get(client, 0.0) - time.monotonic())

    def failed(self, client: str) -> None:
        with self._lock:
            self._failures[client] = self._failures.get(client, 0) + 1
            booked = self._next.get(client, 0.0)
            self._next[client] = max(booked, time.monotonic() + self.gap(client))

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._failures.pop(client, None)
            self._next.pop(client, None)


@dataclass(frozen=True)
class Gate:
    """What the guard enforces: read-only mode, the login, and where it keeps its notes."""

    read_only: bool
    read_only_message: str
    login: tuple[str, str] | None
    uploads: UploadLedger
    throttle: LoginThrottle
    received: Path  # where Gradio puts the files it receives

    @classmethod
    def for_settings(cls, settings: Settings, login: tuple[str, str] | None) -> Gate:
        """Return the gate for a server with these settings and this login (if any)."""
        from gradio.utils import get_upload_folder

        from bot.web.add import READ_ONLY

        return cls(settings.read_only, READ_ONLY, login, UploadLedger(settings.upload_ttl),
                   LoginThrottle(), Path(get_upload_folder()).resolve())


def authenticate_mcp(demo: Any, gate: Gate) -> None:
    """Let Gradio's MCP server reach the chat's own API behind the login.

    Gradio runs queued tools through a gradio_client of its own on the local address, which
    knows no login: every tool call failed. Its client is made here, logged in, before any
    call; the MCP caller's own login was checked by the gate on the way in.
    """
    server = getattr(demo, "mcp_server_obj", None)
    if server is None or gate.login is None:
        return
    from gradio_client import Client

    if not hasattr(server, "_client_instance") or not getattr(server, "local_url", None):
        raise RuntimeError("this Gradio's MCP server cannot be given a login")
    server._client_instance = Client(server.local_url, auth=gate.login, download_files=False,
                                     verbose=False, analytics_enabled=False,
                                     headers={"x-gradio-user": "mcp"})


class Guard:
    """ASGI middleware applying a Gate to every HTTP request before Gradio sees it."""

    def __init__(self, app: ASGIApp, config: Gate) -> None:
        self.app = app
        self.config = config

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "").rstrip("/") or "/"
        method = scope.get("method", "GET")
        if path == UPLOAD and method == "POST":
            await self._upload(scope, receive, send)
        elif self._received(path):  # a file sent to be added is never served back
            await _reply(send, 404, {"detail": "Not found."})
        elif path == LOGIN and method == "POST" and self.config.login is not None:
            await self._login(scope, receive, send)
        elif (path == MCP or path.startswith(MCP + "/")) and self.config.login is not None:
            await self._mcp(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def _upload(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.config.read_only and (self.config.login is None or _logged_in(scope)):
            await _reply(send, 403, {"detail": self.config.read_only_message})
            return  # (without the login, Gradio's own check answers 401 first)
        owner = owner_of(scope.get("client"), _cookies(scope))
        status: list[int] = []
        body: list[bytes] = []

        async def noting(message: Message) -> None:
            if message["type"] == "http.response.start":
                status.append(int(message["status"]))
            elif message["type"] == "http.response.body":
                body.append(message.get("body", b""))
                if not message.get("more_body") and status and status[0] == 200:
                    self.config.uploads.record(_paths(b"".join(body)), owner)
            await send(message)

        await self.app(scope, receive, noting)

    async def _login(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Hold a login attempt until the client's turn (the page's form just takes longer to
        answer); refuse it when that is more than LONGEST_WAIT away."""
        client = owner_of(scope.get("client"), ())[0]
        wait = self.config.throttle.turn(client)
        if wait is None:
            await _too_many(send, self.config.throttle.longest)
            return
        if wait > 0:
            await asyncio.sleep(wait)
        status: list[int] = []

        async def counting(message: Message) -> None:
            if message["type"] == "http.response.start":
                status.append(int(message["status"]))
                if status[0] == 200:
                    self.config.throttle.succeeded(client)
                elif status[0] in (400, 401):
                    self.config.throttle.failed(client)
            await send(message)

        await self.app(scope, receive, counting)

    async def _mcp(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Let an MCP request through only with the login, as Basic auth or a login cookie."""
        client = owner_of(scope.get("client"), ())[0]
        headers = dict(_headers(scope))
        given = _basic(headers.get("authorization", ""))
        if given is None and _logged_in(scope):  # logged in through the page
            await self.app(scope, receive, send)
            return
        wait = self.config.throttle.wait(client)
        if wait > 0:
            await _too_many(send, wait)
            return
        if given is not None and self._right(given):
            self.config.throttle.succeeded(client)
            await self.app(scope, receive, send)
            return
        if given is not None:
            self.config.throttle.failed(client)
        await _reply(send, 401, {"detail": (
            "This chat needs a login, and so do its MCP tools: send the chat's user name and "
            "password as HTTP Basic auth (in the MCP client's configuration, "
            '"headers": {"Authorization": "Basic <base64 of user:password>"}).')},
            [(b"www-authenticate", b'Basic realm="hustings", charset="UTF-8"')])

    def _received(self, path: str) -> bool:
        """Tell if a request asks for a file Gradio received (/gradio_api/file=...)."""
        for route in FILE_ROUTES:
            if path.startswith(route):
                asked = Path(unquote(path[len(route):]))
                folder = self.config.received
                try:
                    real = (asked if asked.is_absolute() else Path.cwd() / asked).resolve()
                except (OSError, RuntimeError, ValueError):
                    return True
                return real == folder or folder in real.parents
        return False

    def _right(self, given: tuple[str, str]) -> bool:
        assert self.config.login is not None
        user, password = self.config.login
        return (hmac.compare_digest(given[0].encode(), user.encode())
                & hmac.compare_digest(given[1].encode(), password.encode()))


def _headers(scope: Scope) -> list[tuple[str, str]]:
    return [(k.decode("latin-1").lower(), v.decode("latin-1"))
            for k, v in scope.get("headers", [])]


def _cookies(scope: Scope) -> list[tuple[str, str]]:
    out = []
    for name, value in _headers(scope):
        if name == "cookie":
            for part in value.split(";"):
                key, _, val = part.strip().partition("=")
                if key:
                    out.append((key, val))
    return out


def _logged_in(scope: Scope) -> bool:
    """Tell if the request carries a login cookie the server issued (Gradio's tokens)."""
    tokens = getattr(scope.get("app"), "tokens", None)
    if not tokens:
        return False
    return any(value in tokens for name, value in _cookies(scope)
               if name.startswith("access-token"))


def _basic(header: str) -> tuple[str, str] | None:
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic" or not encoded:
        return None
    try:
        user, sep, password = base64.b64decode(encoded.strip(), validate=True).decode(
            "utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return (user, password) if sep else None


def _paths(body: bytes) -> list[str]:
    try:
        got = json.loads(body)
    except ValueError:
        return []
    return [str(p) for p in got if isinstance(p, str)] if isinstance(got, list) else []


async def _too_many(send: Send, wait: float) -> None:
    seconds = max(1, math.ceil(wait))
    await _reply(send, 429, {"detail": f"Too many wrong passwords: wait {seconds} seconds "
                                       "before trying again."},
                 [(b"retry-after", str(seconds).encode())])


async def _reply(send: Send, status: int, content: dict[str, Any],
                 headers: list[tuple[bytes, bytes]] | None = None) -> None:
    body = json.dumps(content).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()), *(headers or [])]})
    await send({"type": "http.response.body", "body": body})
