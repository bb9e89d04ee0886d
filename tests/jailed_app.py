"""Run app.py with its name lookups faked and its connections kept on this machine.

    FAKE_DNS='{"name": ["first answer", "second answer", ...]}'  (the last answer repeats)
    FAKE_ROUTES='{"93.184.216.34": 43210}'  (an address that looks public -> a local port)
    python tests/jailed_app.py --port N

Tests use it to serve the real app as if on the internet, with every "public" server in fact
a test server on 127.0.0.1: a lookup of a faked name gives its answers in turn (DNS
rebinding is a second, different answer); a connection to a routed address goes to its
local port instead; any other connection off this machine is refused and printed
("JAIL: refused ..."), so that nothing a test does leaves the machine.
"""

from __future__ import annotations

import ipaddress
import json
import os
import runpy
import socket
import sys
import threading
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_real_getaddrinfo = socket.getaddrinfo
_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


class Jail:
    """Faked name lookups and connections that stay on this machine."""

    def __init__(self, answers: dict[str, list[str]], routes: dict[str, int]) -> None:
        self.answers = answers
        self.routes = routes
        self.asked: dict[str, int] = {}
        self.refused: list[str] = []
        self._lock = threading.Lock()

    def install(self, patch: Callable[[object, str, object], None] = setattr) -> None:
        """Patch the socket module (patch=monkeypatch.setattr undoes it after a test)."""
        jail = self

        def connect(sock: socket.socket, address: object) -> None:
            return _real_connect(sock, jail.target(address))

        def connect_ex(sock: socket.socket, address: object) -> int:
            return _real_connect_ex(sock, jail.target(address))

        patch(socket, "getaddrinfo", self.getaddrinfo)
        patch(socket.socket, "connect", connect)
        patch(socket.socket, "connect_ex", connect_ex)

    def getaddrinfo(self, host, port, family=0, type=0, proto=0, flags=0):
        name = host.decode() if isinstance(host, bytes) else host
        if name not in self.answers:
            return _real_getaddrinfo(host, port, family, type, proto, flags)
        with self._lock:
            n = self.asked.get(name, 0)
            self.asked[name] = n + 1
        answer = self.answers[name][min(n, len(self.answers[name]) - 1)]
        print(f"FAKE DNS: {name} -> {answer}", file=sys.stderr, flush=True)
        kind = socket.AF_INET6 if ":" in answer else socket.AF_INET
        return [(kind, socket.SOCK_STREAM, 6, "", (answer, port or 0))]

    def target(self, address: object) -> object:
        """Return where a connection to address really goes; refuse leaving the machine."""
        if not isinstance(address, tuple) or not address:
            return address  # a Unix socket
        host = str(address[0]).split("%")[0]
        try:
            ip = ipaddress.ip_address(host)
        except ValueError:
            return address
        if str(ip) in self.routes:
            return ("127.0.0.1", self.routes[str(ip)])
        mapped = getattr(ip, "ipv4_mapped", None)
        if ip.is_loopback or (mapped is not None and mapped.is_loopback):
            return address
        self.refused.append(host)
        print(f"JAIL: refused a connection to {host}", file=sys.stderr, flush=True)
        raise ConnectionRefusedError(f"the test jail refuses {host}")


if __name__ == "__main__":
    Jail(json.loads(os.environ.get("FAKE_DNS", "{}")),
         {k: int(v) for k, v in json.loads(os.environ.get("FAKE_ROUTES", "{}")).items()}
         ).install()
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    sys.argv = [str(ROOT / "app.py"), *sys.argv[1:]]
    runpy.run_path(str(ROOT / "app.py"), run_name="__main__")
