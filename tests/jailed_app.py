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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ANSWERS: dict[str, list[str]] = json.loads(os.environ.get("FAKE_DNS", "{}"))
ROUTES: dict[str, int] = {k: int(v) for k, v in
                          json.loads(os.environ.get("FAKE_ROUTES", "{}")).items()}
_asked: dict[str, int] = {}
_lock = threading.Lock()
_real_getaddrinfo = socket.getaddrinfo
_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def fake_getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
    name = host.decode() if isinstance(host, bytes) else host
    if name not in ANSWERS:
        return _real_getaddrinfo(host, port, family, type, proto, flags)
    with _lock:
        n = _asked.get(name, 0)
        _asked[name] = n + 1
    answer = ANSWERS[name][min(n, len(ANSWERS[name]) - 1)]
    print(f"FAKE DNS: {name} -> {answer}", file=sys.stderr, flush=True)
    kind = socket.AF_INET6 if ":" in answer else socket.AF_INET
    return [(kind, socket.SOCK_STREAM, 6, "", (answer, port or 0))]


def _target(address):
    """Return where a connection to address really goes; refuse leaving the machine."""
    if not isinstance(address, tuple) or not address:
        return address  # a Unix socket
    host = str(address[0]).split("%")[0]
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return address
    if str(ip) in ROUTES:
        return ("127.0.0.1", ROUTES[str(ip)])
    if ip.is_loopback or (ip.version == 6 and ip.ipv4_mapped and ip.ipv4_mapped.is_loopback):
        return address
    print(f"JAIL: refused a connection to {host}", file=sys.stderr, flush=True)
    raise ConnectionRefusedError(f"the test jail refuses {host}")


def jailed_connect(self, address):
    return _real_connect(self, _target(address))


def jailed_connect_ex(self, address):
    return _real_connect_ex(self, _target(address))


socket.getaddrinfo = fake_getaddrinfo
socket.socket.connect = jailed_connect
socket.socket.connect_ex = jailed_connect_ex

if __name__ == "__main__":
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    sys.argv = [str(ROOT / "app.py"), *sys.argv[1:]]
    runpy.run_path(str(ROOT / "app.py"), run_name="__main__")
