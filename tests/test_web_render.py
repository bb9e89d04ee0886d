"""Unit tests for the web chat's pure parts: answer/source HTML and what the page explains."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from urllib.parse import parse_qs

import pytest
from markdown_it import MarkdownIt

from bot.answer import Answer, Citation, Filters
from bot.roster import Roster
from bot.web import guide, plain, render
from ingest.model import Event, Passage, PassageKind, Span, Speaker

SHORT = "Mia Ford said rents must fall. She wants more council homes."
LONG = ("Tom Reed said buses are the priority. " + "He described the network in detail. " * 12
        + "He promised a flat fare of £2 & free transfers.")


COPY = " Copy the answer with its sources"  # the actions after every answer


def passage(pid: str, text: str, speaker: str | None = "Mia Ford", section: str | None = "Housing",
            party: str | None = "Green", event: str = "Northtown Hustings") -> Passage:
    spans = [Span(s, 0, len(s)) for s in re.findall(r"[^.]+\.", text)]
    return Passage(id=pid, text=text, source="northtown.md", event_id="e1", event=event,
                   section=section, speaker=speaker, party=party,
                   kind=PassageKind.SPEECH if speaker else PassageKind.NARRATION, start=0,
                   end=len(text), ordinal=0, sentences=tuple(spans))


def answer(text: str, citations=(), answered: bool = True, notice: str | None = None) -> Answer:
    return Answer(question="q?", text=text, answered=answered, citations=tuple(citations),
                  notice=notice)


def visible(fragment: str) -> str:
    """Return the text a browser would show for an HTML fragment (tags dropped, entities read)."""
    import html

    inline = re.sub(r"</?(?:span|mark|strong|em|small|code)\b[^>]*>", "", fragment)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", inline)).split())


def as_markdown(content: str) -> str:
    """Render message content the way a CommonMark renderer (Gradio's chat) would."""
    return MarkdownIt("commonmark").render(content)


def test_answer_keeps_markers_and_sources_through_markdown():
    cite = Citation(1, passage("p1", SHORT), 0.8, ("Mia Ford said rents must fall.",))
    content = render.answer_html(answer("Mia Ford (Green) said rents must fall. [1]", [cite]))
    assert "\n\n" not in content  # one HTML block: nothing becomes a link definition
    shown = as_markdown(content)
    assert "[1]" in visible(shown)
    assert re.search(r'<a class="hs-cite" href="#hs-\w+-source-1"', shown)
    assert "<mark>Mia Ford said rents must fall.</mark>" in shown
    assert "Mia Ford" in shown and "(Green)" in shown and "Northtown Hustings" in shown
    assert "Housing" in shown and "Sources" in shown


def test_a_citation_line_is_never_a_link_definition():
    text = "[1]: this would vanish as a Markdown link definition"
    shown = visible(as_markdown(render.answer_html(answer(text))))
    assert shown.removesuffix(COPY) == text


def test_answer_text_is_escaped():
    content = render.answer_html(answer("She said <script>x</script> & *more* [2]"))
    assert "<script>" not in content
    assert "&lt;script&gt;" in content and "&amp;" in content
    assert visible(as_markdown(content)).removesuffix(COPY) == \
        "She said <script>x</script> & *more* [2]"


def test_paragraphs_stay_paragraphs():
    content = render.body_html("First part. [1]\n\n\n\nSecond part. [2]", answered=True)
    assert content.count("<p>") == 2


def test_decline_looks_different_from_an_answer():
    declined = render.answer_html(answer("The sources don't cover that.", answered=False))
    answered = render.answer_html(answer("An answer. [1]"))
    assert "hs-decline" in declined and "hs-declined" in declined
    assert "hs-decline" not in answered
    assert "Sources" not in declined  # nothing cited


def test_notice_is_shown_above_the_answer():
    content = render.answer_html(answer("An answer.", notice="Showing only Mia Ford."))
    assert content.index("Showing only Mia Ford.") < content.index("An answer.")
    assert render.notice_html(None) == ""


def test_short_passage_is_quoted_whole():
    cite = Citation(1, passage("p1", SHORT), 0.8, ("She wants more council homes.",))
    source = render.source_html(cite)
    assert "<details" not in source
    assert visible(source).endswith(SHORT)
    assert "<mark>She wants more council homes.</mark>" in source


def test_long_passage_shows_the_sentences_used_and_collapses_the_rest():
    used = "He promised a flat fare of £2 & free transfers."
    cite = Citation(2, passage("p2", LONG, speaker="Tom Reed", party=None), 0.7, (used,))
    source = render.source_html(cite)
    excerpt, rest = source.split("<details", 1)
    assert "He described the network" not in excerpt
    assert "<mark>He promised a flat fare of £2 &amp; free transfers.</mark>" in excerpt
    assert "He described the network" in rest and "<summary>" in rest
    assert "[2]" in visible(source) and "Tom Reed" in visible(source)
    assert "()" not in visible(source)  # no party, no empty brackets


def test_long_passage_without_highlights_shows_its_beginning():
    cite = Citation(1, passage("p3", LONG, speaker=None, section=None), 0.5)
    excerpt = render.excerpt_html(cite)
    assert excerpt.startswith("Tom Reed said buses") and excerpt.endswith("…")
    assert "From the round-up" in render.source_head(cite)


def test_a_marker_links_to_its_source_and_previews_the_quoted_sentences():
    cite = Citation(1, passage("p1", SHORT), 0.8, ("Mia Ford said rents must fall.",))
    content = render.answer_html(answer("She said so. [1] And [2].", [cite]), uid="u1")
    link = re.search(r'<a class="hs-cite" href="#(hs-u1-source-1)" aria-describedby="([^"]+)">',
                     content)
    assert link and f'id="{link.group(1)}"' in content  # the link leads to source 1 ...
    tip = re.search(rf'<span class="hs-tip" role="tooltip" id="{link.group(2)}">(.*?)</span>',
                    content)
    assert tip and visible(tip.group(1)) == "Mia Ford (Green), Housing, Northtown Hustings " \
        "Mia Ford said rents must fall."  # ... and describes it by the words it quotes
    assert '<span class="hs-cite">[2]</span>' in content  # a marker without a source stays text


def test_two_answers_never_share_an_id():
    cite = Citation(1, passage("p1", SHORT), 0.8, ("Mia Ford said rents must fall.",))
    one, two = (render.answer_html(answer("Same. [1]", [cite])) for _ in range(2))
    ids = re.findall(r'id="([^"]+)"', one + two)
    assert ids and len(ids) == len(set(ids))


def test_page_and_original_address_are_shown_with_a_safe_link():
    p = replace(passage("p1", SHORT), page=7, url="https://example.org/roundup?id=3&x=<y>")
    head = render.source_head(Citation(1, p, 0.8))
    assert "page 7" in visible(head)
    assert 'href="https://example.org/roundup?id=3&amp;x=&lt;y&gt;"' in head
    assert 'rel="noopener noreferrer"' in head and "example.org" in visible(head)
    for bad in ("javascript:alert(1)", "data:text/html,x", "file:///etc/passwd"):
        assert "hs-original" not in render.source_head(Citation(1, replace(p, url=bad), 0.8))
    assert "page" not in visible(render.source_head(Citation(1, passage("p2", SHORT), 0.8)))


def test_document_links_are_named_by_what_they_point_at():
    one = Citation(1, passage("p1", SHORT), 0.8)
    two = Citation(2, passage("p2", SHORT, speaker="Tom Reed", section="Buses"), 0.8)
    names = [visible(render.document_link(c)) for c in (one, two)]
    assert names[0].startswith("in the document") and len(set(names)) == 2
    assert "Tom Reed" in names[1] and "Buses" in names[1] and "source 2" in names[1]


def test_copy_gives_markdown_with_numbered_sources_not_html():
    first = Citation(1, replace(passage("p1", SHORT), page=3), 0.8,
                     ("Mia Ford said rents must fall.",))
    second = Citation(2, replace(passage("p2", LONG, speaker="Tom Reed", party="Labour",
                                         section=None), url="https://example.org/r"), 0.7)
    shown = answer("Mia Ford (Green) said rents must fall. [1]\n\nTom Reed spoke on buses. [2]",
                   [first, second], notice="Showing only Northtown Hustings.")
    text = plain.answer_markdown(shown)
    assert "<" not in text.replace("<https://example.org/r>", "")
    assert text.splitlines()[0] == "**q?**"
    assert "Mia Ford (Green) said rents must fall. [1]\n\nTom Reed spoke on buses. [2]" in text
    assert ('[1] Mia Ford (Green), Housing, Northtown Hustings, page 3: “Mia Ford said rents must '
            'fall.”') in text
    assert text.rstrip().endswith("free transfers.” <https://example.org/r>")
    content = render.answer_html(shown)
    copied = html.unescape(re.search(r'data-copy="([^"]*)"', content).group(1))
    assert copied == text  # the button carries exactly this text
    assert "\n\n" not in content


def test_a_link_reopens_the_question_with_its_filters():
    link = render.answer_link("What did Mia Ford say about rents & fares?",
                              Filters(event="Northtown Hustings", section="Housing"))
    assert link.startswith("?")
    assert parse_qs(link[1:]) == {"q": ["What did Mia Ford say about rents & fares?"],
                                  "event": ["Northtown Hustings"], "section": ["Housing"]}
    assert render.answer_link("Who?") == "?q=Who%3F"


def test_an_error_says_what_to_do_and_is_escaped():
    shown = render.error_html("Please rephrase", "No candidate called “<b>X</b>” spoke.")
    assert 'role="alert"' in shown and "&lt;b&gt;" in shown
    assert visible(shown) == "Please rephrase No candidate called “<b>X</b>” spoke."


def test_draft_of_a_language_model_is_marked_unchecked():
    draft = render.draft_html("Mia Ford said <b>rents</b> [1]")
    assert "&lt;b&gt;" in draft and "hs-cite" in draft
    assert "Checking" in visible(draft) and "hs-final" not in draft


@pytest.mark.parametrize("question", ["What about *fares* and [1]: x?", "1. first", "- a",
                                      "<b>bold</b> & co", "# heading", "2024) was it $5?"])
def test_question_shows_literally(question):
    shown = as_markdown(render.question_markdown(question))
    assert visible(shown) == question
    assert not re.search(r"<(?:em|strong|ol|ul|h1|b|a)\b", shown)


# -- what the page explains -----------------------------------------------------------------

def event(eid: str, title: str, date: str | None = None) -> Event:
    return Event(id=eid, title=title, source=f"/tmp/corpus/{eid}.md", date=date,
                 candidates=(Speaker("Mia Ford", "Green", True),
                             Speaker("Tom Reed", "Labour", True),
                             Speaker("Ann Bell", "Reform", False, "listed but did not take part"),
                             Speaker("Kit Vale", "Independent", False, "unwell on the night")),
                 moderators=("Jo Lamb",), sections=("Opening statements", "Housing",
                                                    "Buses and AI"))


@pytest.fixture
def events() -> list[Event]:
    north = event("e1", "Northtown Hustings", "3 May 2024")
    south = Event(id="e2", title="Southport Debate", source="south.md",
                  candidates=(Speaker("Lee Cho", "Green", True),), sections=("Parks",))
    return [north, south]


def test_about_lists_documents_speakers_and_absentees(events):
    about = guide.about_markdown(events)
    assert "Northtown Hustings" in about and "3 May 2024" in about and "Southport Debate" in about
    assert "source: e1.md" in about  # the file's name, not where it happens to live
    spoke = next(line for line in about.splitlines() if "Took part:" in line)
    assert "Mia Ford (Green)" in spoke and "Tom Reed (Labour)" in spoke
    absent = next(line for line in about.splitlines() if "Did not take part:" in line)
    assert "Ann Bell (Reform)" in absent
    assert "Kit Vale (Independent) (unwell on the night)" in absent
    assert "listed but did not take part" not in absent  # says nothing the heading doesn't
    assert "Chaired by Jo Lamb" in about
    assert "only" in about


def test_filter_choices_follow_the_rosters(events):
    roster = Roster(events)
    assert [c.value for c in guide.speaker_choices(roster)] == ["Lee Cho", "Mia Ford",
                                                                "Tom Reed"]  # by surname
    north = guide.speaker_choices(roster, "Northtown Hustings")
    assert [c.label for c in north] == ["Mia Ford (Green)", "Tom Reed (Labour)"]
    assert [c.label for c in guide.event_choices(events)] == ["Northtown Hustings (3 May 2024)",
                                                             "Southport Debate"]
    assert [c.value for c in guide.section_choices(events)] == ["Opening statements", "Housing",
                                                               "Buses and AI", "Parks"]
    assert [c.value for c in guide.section_choices(events, "Southport Debate")] == ["Parks"]


def test_every_view_words_a_candidates_status_the_same_way(events):
    by_name = {c.name: c for c in events[0].candidates}
    assert guide.status_text(by_name["Mia Ford"]) == "took part"
    assert guide.status_text(by_name["Ann Bell"]) == "listed but did not take part"
    assert guide.status_text(by_name["Kit Vale"]) == "did not take part: unwell on the night"
    assert guide.status_text(Speaker("Sam Roe")) == "did not take part"


def test_a_filter_no_list_offers_is_refused_with_what_to_do(events):
    roster = Roster(events)
    assert guide.filter_problem(Filters(), roster, events) is None
    assert guide.filter_problem(Filters(speaker="Mia Ford", event="Northtown Hustings",
                                        section="Housing"), roster, events) is None
    for filters, words in [(Filters(event="Nowhere Debate"), "Event list"),
                           (Filters(speaker="Ann Bell"), "Candidate list"),  # did not speak
                           (Filters(speaker="Lee Cho", event="Northtown Hustings"), "Candidate"),
                           (Filters(section="Parks", event="Northtown Hustings"), "Topic list")]:
        problem = guide.filter_problem(filters, roster, events)
        assert problem and words in problem and "Pick one" in problem, filters


def test_the_empty_chat_says_how_to_start_or_that_nothing_is_indexed(events):
    assert "Nothing is indexed yet" in guide.placeholder_markdown([])
    assert "Add documents" in guide.placeholder_markdown([])
    assert "Nothing" not in guide.placeholder_markdown(events)


def test_examples_cover_one_candidate_a_comparison_and_the_roster(events):
    passages = [passage("a", SHORT, "Tom Reed", "Housing"),
                passage("b", SHORT, "Mia Ford", "Buses and AI"),
                passage("c", SHORT, "Tom Reed", "Buses and AI"),
                passage("d", SHORT, "Mia Ford", "Opening statements"),
                passage("e", SHORT, "Tom Reed", "Opening statements")]
    examples = guide.example_questions(Roster(events), passages)
    assert examples == ["What did Tom Reed say about housing?",
                        "How do Mia Ford and Tom Reed differ on buses and AI?",
                        "Who are the candidates standing?"]


def test_topic_phrase_keeps_acronyms():
    from bot.replies import topic_phrase

    assert topic_phrase("Artificial Intelligence and AI") == "artificial intelligence and AI"


def test_title_and_description_name_a_single_event(events):
    assert guide.title(events[:1]) == "Hustings chat: Northtown Hustings"
    assert "Northtown Hustings" in guide.description(events[:1])
    assert "2 hustings" in guide.description(events)
