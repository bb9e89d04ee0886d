"""Citations carry where their words are: the PDF page a passage starts on, and the address a
fetched page came from (real store, real model, real HTTP server)."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.read.origin import origin_of, record_origin

from .conftest import build_index
from .render import Block, to_pdf

pytestmark = pytest.mark.slow

FILLER = ("The hall was full well before the start, and the organisers brought out extra "
          "chairs from the store room while the candidates took their places on the stage. "
          "Residents had sent in more than forty questions in advance, and the chair said "
          "that there would be time for some from the floor at the end of the evening.")
PAGE = """<html><head><title>Brackenfold hustings</title></head><body><article>
<h1>Brackenfold hustings report</h1>
<p>The Brackenfold hustings took place at the Corn Exchange. The candidates were Yewande
Okwuosa (Liberal Democrats) and Tarquin Delacourt (Conservative).</p>
<h2>The canal towpath</h2>
<p>Yewande Okwuosa promised to resurface the canal towpath so that it can be cycled all year
round, paid for by the county's active travel fund.</p>
</article></body></html>"""


def report_blocks() -> list[Block]:
    blocks = [Block("heading", "Aldermoor hustings report", level=1),
              Block("para", "The Aldermoor hustings heard from Orla Prendergast (Labour) and "
                            "Declan Abernethy (Green Party).")]
    blocks += [Block("para", FILLER)] * 30  # the lido is on a later page
    blocks += [Block("heading", "The lido", level=2),
               Block("para", "Orla Prendergast promised to reopen the Aldermoor lido every "
                             "summer, with free swimming lessons for every primary school "
                             "child in the town.")]
    blocks += [Block("para", FILLER)] * 6
    return blocks


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve PAGE as /brackenfold.html from a real HTTP server on 127.0.0.1."""
    folder = tmp_path_factory.mktemp("site")
    (folder / "brackenfold.html").write_text(PAGE, encoding="utf-8")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def page_of(path: Path, words: str) -> int:
    """Return the page (from 1) whose text holds words, whitespace aside."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            if " ".join(words.split()) in " ".join((page.extract_text() or "").split()):
                return number
    raise AssertionError(f"{words!r} is on no page")


def test_a_citation_of_a_pdf_names_the_page_its_passage_starts_on(tmp_path):
    from bot.chatbot import Chatbot

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    pdf = corpus / "aldermoor.pdf"
    to_pdf(report_blocks(), pdf)
    bot = Chatbot(build_index(tmp_path / "index", [corpus]))
    answer = bot.ask("What did Orla Prendergast promise about the lido?")
    assert answer.answered
    record = next(c.to_record() for c in answer.citations if "lido" in c.passage.text)
    assert record["page"] == page_of(pdf, record["text"][:60]) >= 2
    assert record["url"] is None
    assert all(c.passage.page for c in answer.citations)  # every passage of a PDF has one


def test_a_citation_of_a_fetched_page_carries_its_address(tmp_path, site):
    from bot.chatbot import Chatbot
    from bot.web.upload import add_documents

    probe = tmp_path / "probe"
    probe.touch()
    if not record_origin(probe, "https://example.org/"):
        pytest.skip("this file system keeps no extended attributes")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    to_pdf(report_blocks(), corpus / "aldermoor.pdf")
    settings = build_index(tmp_path / "index", [corpus]).with_(allow_local_urls=True)
    url = f"{site}/brackenfold.html"
    results = add_documents([], [url], settings)
    assert results[0].skipped is None
    saved = next(p for p in settings.upload_folder.iterdir() if not p.name.startswith("."))
    assert origin_of(saved) == url
    answer = Chatbot(settings).ask("What did Yewande Okwuosa say about the canal towpath?")
    assert answer.answered
    record = answer.citations[0].to_record()
    assert "towpath" in record["text"] and record["url"] == url and record["page"] is None


def test_an_origin_is_only_a_web_address(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Notes.")
    assert not record_origin(path, "file:///etc/passwd")
    assert not record_origin(path, "javascript:alert(1)")
    assert origin_of(path) is None
