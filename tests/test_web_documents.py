"""The Documents view, the who-spoke-on-what grid and the `/documents` API, on invented round-ups.

The readings are real (spaCy reads the fixture files); the API tests start the real app, which
builds its own index from the fixtures, and compare `/documents` with `hustings inspect --json`.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT
from tests.web_app import RunningApp, running_app

DOCUMENTS = FIXTURES / "documents"
ASHGROVE = DOCUMENTS / "ashgrove-hustings.md"  # sections, a chair, an absentee, a <script>
MILLBROOK = DOCUMENTS / "millbrook-forum.txt"  # a report with no headings
# Headings with digits, a long question as a heading, five parties, a candidate listed as taking
# part who says nothing (the reader says "took part", the index "listed but did not take part").
RIVERSIDE = DOCUMENTS / "riverside-hustings.md"
BROOKFIELD = DOCUMENTS / "brookfield-forum.txt"  # no headings: questions put by the chair
TAKING_PART = ("Marta Quill", "Owen Harte")
ABSENT = "Lena Fisk"


class Marks(HTMLParser):
    """Collect the sentences of a document view: id, speaker, role, classes and text."""

    def __init__(self) -> None:
        super().__init__()
        self.sentences: list[dict[str, str]] = []
        self.cells: list[dict[str, str]] = []
        self._open: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "span" and "hs-sent" in a.get("class", "").split():
            self._open = {**a, "text": ""}
        if tag == "button" and "hs-cell" in a.get("class", "").split():
            self.cells.append(a)

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._open is not None:
            self.sentences.append(self._open)
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open["text"] += data


def marks(markup: str) -> Marks:
    parser = Marks()
    parser.feed(markup)
    return parser


@pytest.fixture(scope="module")
def ashgrove():
    from ingest.understand import read_file

    return read_file(ASHGROVE, str(ASHGROVE))


@pytest.fixture(scope="module")
def millbrook():
    from ingest.understand import read_file

    return read_file(MILLBROOK, str(MILLBROOK))


def parsed(path: Path):
    """Return how a document is read, and the event and passages the index would hold."""
    from ingest.parse import document_of
    from ingest.understand import read_file

    return document_of(read_file(path, str(path)))


@pytest.fixture(scope="module")
def documents() -> dict[str, object]:
    return {path.stem: parsed(path) for path in (ASHGROVE, MILLBROOK, RIVERSIDE, BROOKFIELD)}


def said(doc):
    from bot.web.statements import statements

    return statements(doc.event, doc.passages)


def test_a_stored_reading_comes_back_whole(ashgrove):
    from ingest.index.readings import reading_digest, reading_from_json, reading_json

    back = reading_from_json(reading_json(ashgrove))
    assert back == ashgrove
    assert back.sentences == ashgrove.sentences  # not compared by Reading's equality
    assert reading_digest(back) == reading_digest(ashgrove)
    assert reading_from_json("Ashgrove council hustings") is None  # an index from before


def test_every_sentence_is_marked_with_who_said_it(documents):
    from bot.web.documents import colour_of, document_html, sentence_anchor

    doc = documents["ashgrove-hustings"]
    ashgrove = doc.reading
    shown = marks(document_html(ashgrove, doc.event))
    said_ = [s for s in ashgrove.sentences if not s.heading]
    assert len(shown.sentences) == len(said_)
    colours = colour_of(doc.event, ashgrove)
    assert sorted(colours) == sorted([*TAKING_PART, ABSENT])
    assert len(set(colours.values())) == len(colours)  # three parties, three colours
    for sentence, span in zip(said_, shown.sentences):
        assert span["id"] == sentence_anchor(doc.event.id, sentence.start)
        assert " ".join(span["text"].split()) == " ".join(sentence.text.split())
        assert span["data-speaker"] == (sentence.speaker or "")
        assert span["data-role"] == (sentence.role.value if sentence.role else "")
        classes = span["class"].split()
        if sentence.role and sentence.role.value == "candidate":
            assert f"hs-k-{colours[sentence.speaker]}" in classes
        elif sentence.role:
            assert f"hs-role-{sentence.role.value}" in classes
    by_text = {" ".join(s["text"].split()): s for s in shown.sentences}
    assert by_text["Cold homes cost lives."]["data-speaker"] == "Marta Quill"
    homes = next(s for t, s in by_text.items() if "four hundred social homes" in t)
    assert homes["data-speaker"] == "Owen Harte"
    resident = next(s for t, s in by_text.items() if t.startswith("A resident asked"))
    assert resident["data-role"] == "audience"
    welcome = next(s for t, s in by_text.items() if "Welcome, everyone" in t)
    assert welcome["data-role"] == "chair"


def test_the_view_shows_the_event_roster_and_legend_and_escapes_the_text(documents):
    from bot.web.documents import document_html

    doc = documents["ashgrove-hustings"]
    ashgrove = doc.reading
    markup = document_html(ashgrove, doc.event)
    assert "<script>" not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert ashgrove.title in markup and "2025-05-14" in markup
    assert "Bea Lorimer" in markup.split('class="hs-doc-facts"')[1].split("</dl>")[0]
    if ashgrove.organiser:
        assert "Organiser" in markup
    roster = markup.split('<table class="hs-roster">')[1].split("</table>")[0]
    for name in TAKING_PART:
        assert f'<tr data-candidate="{name}">' in roster
    absent_row = roster.split(f'<tr data-candidate="{ABSENT}">')[1].split("</tr>")[0]
    assert "did not take part: sent apologies" in absent_row
    legend = markup.split('class="hs-legend"')[1].split("</ul>")[0]
    for label in ("Marta Quill (Green)", "Owen Harte (Labour)", "chair", "audience", "reporter"):
        assert label in legend


def test_the_roster_says_what_the_chat_says_not_what_the_reader_guessed(documents):
    from bot.web.documents import document_html
    from bot.web.guide import about_markdown, status_text

    doc = documents["riverside-hustings"]
    quinn = next(p for p in doc.reading.candidates if p.name == "Tara Quinn")
    assert quinn.status.value == "took_part"  # the reader's guess: "all six took part" ...
    listed = doc.event.candidate("Tara Quinn")
    assert not listed.spoke  # ... but the index, which the chat answers from, has no word of hers
    roster = document_html(doc.reading, doc.event).split('class="hs-roster"')[1]
    row = roster.split('data-candidate="Tara Quinn"')[1].split("</tr>")[0]
    assert status_text(listed) in row and "took part" not in row.replace("did not take part", "")
    about = about_markdown([doc.event])
    assert "Tara Quinn (Green)" in next(line for line in about.splitlines()
                                        if "Did not take part" in line)


def test_grid_counts_each_candidates_statements_per_topic(documents):
    from bot.web.grid import build_grid, grid_html

    doc = documents["ashgrove-hustings"]
    ashgrove = doc.reading
    grid = build_grid(said(doc))
    assert {p.name for p in grid.candidates} == set(TAKING_PART)  # only who took part
    assert [p.name for p in grid.absent] == [ABSENT]
    assert grid.topics == ("7.30pm", "Housing", "Transport", "Parks")  # every section said in
    counts = {(c.candidate, c.topic): c.statements for row in grid.cells for c in row}
    for (name, topic), n in counts.items():
        assert n == sum(1 for s in ashgrove.sentences if s.speaker == name
                        and s.section == topic and s.role.value == "candidate")
    assert counts[("Marta Quill", "Housing")] == 2
    assert counts[("Owen Harte", "Parks")] == 0
    markup = grid_html(grid)
    assert markup.count("no statement") == 1
    cells = marks(markup).cells
    assert len(cells) == sum(1 for n in counts.values() if n)
    asks = [json.loads(html.unescape(c["data-ask"])) for c in cells]
    assert {"question": "What did Marta Quill say about housing?", "event": ashgrove.title,
            "section": "Housing"} in asks
    assert {"question": "What did Owen Harte say?", "event": ashgrove.title,
            "section": "7.30pm"} in asks  # a time is no topic: the section filter says where
    assert "(Conservative): did not take part: sent apologies" in markup


def test_no_heading_is_left_out_of_the_grid(documents):
    from bot.web.grid import build_grid, grid_html

    doc = documents["riverside-hustings"]
    headings = [s.text for s in doc.reading.sentences if s.heading
                and any(p.section == s.text and p.speaker for p in doc.passages)]
    grid = build_grid(said(doc))
    assert list(grid.topics) == headings  # long ones, ones with digits, questions: all
    assert any(len(t.split()) > 12 and "?" in t for t in grid.topics)
    assert any(any(ch.isdigit() for ch in t) for t in grid.topics)
    markup = grid_html(grid)
    for topic in grid.topics:
        assert f'<th scope="row">{html.escape(topic)}</th>' in markup
    assert "Tara Quinn" in markup.split('class="hs-absent"')[1]


def test_a_document_without_headings_is_divided_by_the_questions_put(documents):
    from bot.web.grid import NO_HEADINGS, build_grid, grid_html
    from bot.web.statements import Division

    doc = documents["brookfield-forum"]
    grid = build_grid(said(doc))
    assert grid.statements.division is Division.QUESTIONS
    assert len(grid.topics) == 2 and all(t.endswith("?") for t in grid.topics)
    counts = {(c.candidate, c.topic): c.statements for row in grid.cells for c in row}
    assert counts[("Ada Lowe", grid.topics[0])] == 2 and counts[("Ben Croft", grid.topics[1])] == 0
    assert NO_HEADINGS in grid_html(grid)


def test_a_document_without_headings_or_questions_says_so(documents):
    from bot.web.grid import NOTHING_TO_DIVIDE, build_grid, grid_html
    from bot.web.statements import WHOLE_EVENT, Division

    doc = documents["millbrook-forum"]
    grid = build_grid(said(doc))
    assert grid.statements.division is Division.NONE and grid.topics == (WHOLE_EVENT,)
    speakers = {s.speaker for s in doc.reading.sentences
                if s.role and s.role.value == "candidate"}
    assert {c.candidate for c in grid.cells[0] if c.statements} == speakers
    assert all(c.question == f"What did {c.candidate} say?" for c in grid.cells[0])
    absent = [c for c in doc.event.candidates if not c.spoke]
    assert absent and grid.absent == tuple(absent)
    markup = grid_html(grid)
    assert html.escape(NOTHING_TO_DIVIDE) in markup
    assert all(f"{p.name}<span class=\"hs-sr\">" in markup for p in absent)


def test_a_card_gives_a_candidates_party_status_and_statements_by_topic(documents):
    from bot.web.cards import cards_html
    from bot.web.documents import card_id, document_html

    doc = documents["riverside-hustings"]
    statements_ = said(doc)
    cards = cards_html(statements_)
    view = document_html(doc.reading, doc.event, cards)
    for candidate in doc.event.candidates:
        ident = card_id(doc.event.id, candidate.name)
        assert view.count(f'data-card="{ident}"') >= 1  # the roster opens it
        card = cards.split(f'id="{ident}"')[1].split("</dialog>")[0]
        assert candidate.name in card and (candidate.party or "not given") in card
        for topic, items in statements_.by_topic(candidate.name):
            assert html.escape(topic) in card
            for item in items:
                assert f'href="#{item.anchor}">{html.escape(item.text)}</a>' in card
    price = cards.split(f'id="{card_id(doc.event.id, "Ella Price")}"')[1].split("</dialog>")[0]
    assert price.index("Question 1: housing") < price.index("Parks and green spaces")
    quinn = cards.split(f'id="{card_id(doc.event.id, "Tara Quinn")}"')[1].split("</dialog>")[0]
    assert "listed but did not take part" in quinn and "No statement" in quinn


def test_a_citation_links_to_its_sentence_in_the_view(documents):
    from bot.answer import Citation
    from bot.web.documents import document_html
    from bot.web.render import document_link, source_html

    doc = documents["ashgrove-hustings"]
    ids = {s["id"] for s in marks(document_html(doc.reading, doc.event)).sentences}
    speech = [p for p in doc.passages if p.speaker and len(p.sentences) > 1]
    assert speech
    for passage in speech:
        second = passage.sentences[1]
        link = document_link(Citation(1, passage, 0.5, (second.text,)))
        anchor = link.split('href="#')[1].split('"')[0]
        assert anchor in ids
        assert anchor.endswith(f"-{second.start}")  # the sentence used, not the passage's first
        plain = document_link(Citation(1, passage, 0.5))
        assert plain.split('href="#')[1].split('"')[0].endswith(f"-{passage.start}")
        assert link in source_html(Citation(1, passage, 0.5, (second.text,)))


def test_examples_use_real_candidates_and_topics_only(ashgrove, millbrook):
    from bot.roster import Roster
    from bot.web.guide import example_questions
    from ingest.parse import document_of

    docs = [document_of(ashgrove), document_of(millbrook)]
    roster = Roster([d.event for d in docs])
    examples = example_questions(roster, [p for d in docs for p in d.passages])
    assert examples
    people = {c.name for d in docs for c in d.event.candidates}
    for question in examples:
        assert "7.30pm" not in question and "Bea Lorimer" not in question
        named = [n for n in people if n in question]
        assert named or question == "Who are the candidates standing?"
    assert any("housing" in q or "transport" in q or "parks" in q for q in examples)


def test_about_panel_stays_short_for_a_campaign():
    from bot.web.guide import about_markdown
    from ingest.model import Event, Speaker

    events = [Event(id=f"e{i}", title=f"Ward {i} hustings", source=f"w{i}.md",
                    candidates=(Speaker(f"Cand {i}a", "Green", True),
                                Speaker(f"Cand {i}b", None, False, "unwell")))
              for i in range(60)]
    about = about_markdown(events)
    assert "60 hustings" in about and "120 candidates" in about and "Documents" in about
    assert len(about.splitlines()) < 5
    assert "Cand 1a" in about_markdown(events[:2])  # a few events are still listed


# -- the /documents API, through gradio_client ------------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("documents-corpus")
    for path in (ASHGROVE, MILLBROOK):
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> Iterator[RunningApp]:
    index = tmp_path_factory.mktemp("documents-index") / "index"
    with running_app({"HUSTINGS_INDEX": str(index), "HUSTINGS_DATA": str(corpus)}) as app:
        yield app


@pytest.fixture(scope="module")
def client(app: RunningApp):
    from gradio_client import Client

    return Client(app.url, verbose=False)


def inspect(path: Path) -> dict:
    run = subprocess.run([sys.executable, "-m", "bot.cli", "inspect", "--json", str(path)],
                         cwd=ROOT, capture_output=True, text=True, timeout=600,
                         env={**os.environ, "HF_HUB_OFFLINE": "1"})
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


@pytest.mark.slow
def test_documents_lists_the_events_with_their_rosters(client, corpus: Path):
    listed = client.predict(api_name="/documents")["events"]
    # the API shows no server path: a file outside the working folder by its name
    assert sorted(e["source"] for e in listed) == sorted(p.name for p in (ASHGROVE, MILLBROOK))
    ash = next(e for e in listed if e["source"].endswith(ASHGROVE.name))
    roster = {c["name"]: c for c in ash["candidates"]}
    assert set(roster) == {*TAKING_PART, ABSENT}
    assert roster[ABSENT]["took_part"] is False and roster[ABSENT]["note"] == "sent apologies"
    assert all(roster[n]["took_part"] for n in TAKING_PART)
    assert ash["chairs"] == ["Bea Lorimer"]


@pytest.mark.slow
def test_documents_of_an_event_is_its_inspect_record(client, corpus: Path):
    for name in (ASHGROVE.name, MILLBROOK.name):
        source = str(corpus / name)
        assert client.predict(source, api_name="/documents") == {**inspect(corpus / name),
                                                                 "source": name}
    by_title = client.predict("Ashgrove council hustings", api_name="/documents")
    assert by_title["source"] == ASHGROVE.name


@pytest.mark.slow
def test_documents_of_an_unknown_event_is_a_clear_error(client):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="No indexed event"):
        client.predict("Nowhere hustings", api_name="/documents")


@pytest.mark.slow
def test_documents_is_public_beside_chat_with_an_optional_event(client):
    api = client.view_api(return_format="dict", print_info=False)
    assert {"/chat", "/documents"} <= set(api["named_endpoints"])
    params = api["named_endpoints"]["/documents"]["parameters"]
    assert [p["parameter_name"] for p in params] == ["event"]
    assert params[0]["parameter_has_default"]


@pytest.mark.slow
def test_readings_are_stored_at_ingest_and_an_older_index_gets_them_again(tmp_path, embeddings):
    from bot.chatbot import Chatbot
    from bot.web.library import Library
    from ingest.errors import IndexMissingError
    from ingest.index.store import IndexStore
    from ingest.pipeline import ingest_paths
    from ingest.understand import read_file
    from tests.conftest import build_index

    settings = build_index(tmp_path / "index", [ASHGROVE])
    store = IndexStore(settings, embeddings)
    event = store.load_events()[0]
    assert store.load_reading(event.source) == read_file(ASHGROVE, event.source)  # exact
    # An index written before readings were stored has only the event record.
    vector = store.events.get(ids=[event.id], include=["embeddings"])["embeddings"][0]
    store.delete_events([event.source])
    store.write_event(event, vector)
    assert store.load_reading(event.source) is None
    with pytest.raises(IndexMissingError, match="hustings ingest"):
        Library(Chatbot(settings, store)).reading(event)
    summary = ingest_paths([ASHGROVE], settings, progress=False)
    assert summary.added == 0 and summary.removed == 0  # nothing else changed ...
    store.refresh()
    assert store.load_reading(event.source) == read_file(ASHGROVE, event.source)  # ... but this
