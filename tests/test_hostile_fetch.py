"""Fetching hostile pages and reading oversized documents, in this process (fast).

Web servers run on 127.0.0.1 (tests/hostile.py); names are resolved by a fake resolver and
connections routed by a jail (tests/jailed_app.py), so an address that looks public is a local
test server and nothing leaves this machine. The same cases run against the real server in
tests/test_hostile_web.py.
"""

from __future__ import annotations

import resource
import time

import pytest

from ingest.limits import MAX_MARKUP_CHARS, MAX_TEXT_CHARS, check_markup, check_text
from ingest.read.meta import SkipFile
from ingest.read.url import fetch_url
from tests.hostile import PUBLIC_IP, SECRET, Site
from tests.jailed_app import Jail

MB = 2**20


@pytest.fixture
def jail(monkeypatch, public: Site) -> Jail:
    jail = Jail({"news.example": [PUBLIC_IP], "rebind.example": [PUBLIC_IP, "127.0.0.1"],
                 "inside.example": ["10.1.2.3"]}, {PUBLIC_IP: public.port})
    jail.install(monkeypatch.setattr)
    return jail


def fetch(url: str, **options):
    options.setdefault("timeout", 3)
    options.setdefault("max_bytes", 4 * MB)
    return fetch_url(url, **options)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_a_public_page_is_fetched_through_the_checked_address(jail, public):
    page = fetch(f"http://news.example:{public.port}/page.html")
    assert b"Oxwich Hustings Report" in page.content and page.suffix == ".html"
    assert jail.asked["news.example"] == 1 and not jail.refused


def test_a_second_answer_of_127_0_0_1_is_never_connected_to(jail, public, intranet):
    page = fetch(f"http://rebind.example:{intranet.port}/secret")
    assert SECRET.encode() not in page.content
    assert intranet.hits.get("/secret", 0) == 0
    assert jail.asked["rebind.example"] == 1  # resolved once, connected to that answer


def test_a_private_address_is_refused_before_any_connection(jail, public):
    with pytest.raises(SkipFile, match="local or private address"):
        fetch("http://inside.example/")
    assert not jail.refused  # refused by the check, not by the jail


@pytest.mark.parametrize(("path", "words"), [
    ("/br", "encoded as 'br'"), ("/zstd", "encoded as 'zstd'"), ("/gzip", "larger than 4 MB")])
def test_compression_bombs_stop_at_the_cap_without_unpacking(jail, public, path, words):
    before = peak_mb()
    with pytest.raises(SkipFile, match=words):
        fetch(f"http://news.example:{public.port}{path}")
    assert peak_mb() - before < 64  # the bombs unpack to 2 GB and 64 MB


def test_the_time_limit_holds_for_all_redirects_together(jail, public):
    started = time.monotonic()
    with pytest.raises(SkipFile, match="took longer than 2 seconds"):
        fetch(f"http://news.example:{public.port}/hop/4", timeout=2)  # 4 x 1.2 s
    assert time.monotonic() - started < 3


def test_a_redirect_is_followed_to_the_page(jail, public):
    page = fetch(f"http://news.example:{public.port}/hop/1")
    assert page.final_url.endswith("/page.html") and b"Oxwich" in page.content


def test_page_markup_over_the_cap_is_refused_scripts_aside():
    unit = '<div class="c"><span>a</span></div>\n'
    with pytest.raises(SkipFile, match="million characters of page markup"):
        check_markup(unit * (MAX_MARKUP_CHARS // len(unit) + 10))
    script = "<script>" + "x" * MAX_MARKUP_CHARS + "</script>"
    check_markup(f"<html><body>{script}<p>A short article.</p></body></html>")


def test_text_over_the_cap_is_refused_before_it_is_parsed(tmp_path):
    from ingest.pipeline import _read_one

    path = tmp_path / "long.txt"
    path.write_text("The candidate said the buses would run.\n" * (MAX_TEXT_CHARS // 40 + 10))
    started = time.monotonic()
    got = _read_one(path)
    assert "characters of text, more than 500,000" in got.reason  # type: ignore[union-attr]
    assert time.monotonic() - started < 10  # spaCy never saw it
    with pytest.raises(SkipFile):
        check_text("x" * (MAX_TEXT_CHARS + 1))


def test_a_document_of_too_many_passages_is_refused_before_it_is_embedded(tmp_path,
                                                                          monkeypatch):
    from ingest import limits
    from ingest.pipeline import _read_one

    path = tmp_path / "panel.md"
    path.write_text("# Quarry Lane Hustings\n\n" + "\n\n".join(
        f"## Question {n}\n\nAnn Lee (Green Party) said answer {n} was about the quarry."
        for n in range(6)))
    assert _read_one(path).passages  # type: ignore[union-attr]
    monkeypatch.setattr(limits, "MAX_PASSAGES", 3)
    got = _read_one(path)
    assert "passages, more than 3 in one document" in got.reason  # type: ignore[union-attr]
