"""Unit tests for sentence selection, attribution and citation rendering."""

import numpy as np

from bot.citations import highlight, plain_sources
from bot.compose import Part, attribute, render, select
from bot.search.sentences import Sentence
from ingest.model import Passage, PassageKind, Span


def passage(pid, speaker, sentences, ordinal=0):
    spans, pos = [], 0
    for text in sentences:
        spans.append(Span(text, pos, pos + len(text)))
        pos += len(text) + 1
    return Passage(id=pid, text=" ".join(sentences), source="x.txt", event_id="e", event="Event",
                   section="Topic", speaker=speaker, party="Green" if speaker else None,
                   kind=PassageKind.SPEECH if speaker else PassageKind.NARRATION,
                   start=0, end=pos - 1, ordinal=ordinal, sentences=tuple(spans))


def sentence(p, i, score, vector):
    v = np.asarray(vector, dtype=np.float32)
    return Sentence(p, i, similarity=score, overlap=0.0, context=0.0, score=score,
                    vector=v / np.linalg.norm(v))


def test_select_skips_redundant_and_weak_sentences():
    p = passage("p1", "Mia Ford", ["Rents must fall.", "Rents must fall now.", "Buses matter.",
                                   "Unrelated."])
    ranked = [sentence(p, 0, 0.9, [1, 0, 0]), sentence(p, 1, 0.89, [1, 0.01, 0]),
              sentence(p, 2, 0.8, [0, 1, 0]), sentence(p, 3, 0.2, [0, 0, 1])]
    chosen = select(ranked, limit=3, budget=500)
    assert [s.index for s in chosen][:2] == [0, 2]
    assert all(s.index != 3 for s in chosen)


def test_select_respects_the_budget():
    p = passage("p1", None, ["A" * 100 + ".", "B" * 100 + "."])
    ranked = [sentence(p, 0, 0.9, [1, 0]), sentence(p, 1, 0.9, [0, 1])]
    assert len(select(ranked, limit=5, budget=150)) == 1


def test_attribute_adds_the_party_once():
    label = "Mia Ford (Green)"
    assert attribute("Mia Ford said rents must fall.", "Mia Ford", label) \
        == "Mia Ford (Green) said rents must fall."
    assert attribute("Mia also said so.", "Mia Ford", label) == "Mia Ford (Green) also said so."
    assert attribute("Rents must fall.", "Mia Ford", label) == "Mia Ford (Green): Rents must fall."


def test_render_numbers_citations_in_order_of_use():
    a = passage("a", "Mia Ford", ["Mia Ford said rents must fall.", "She wants caps."])
    b = passage("b", "Tom Hale", ["Tom Hale said trams first."], ordinal=1)
    parts = [Part("Tom Hale", "Tom Hale (Labour)", (sentence(b, 0, 0.5, [1, 0]),)),
             Part("Mia Ford", "Mia Ford (Green)", (sentence(a, 1, 0.5, [0, 1]),
                                                   sentence(a, 0, 0.6, [1, 1]))),
             Part(None, None, note="No statement from Ann Brook.")]
    text, citations = render(parts)
    assert text.startswith("Tom Hale (Labour) said trams first. [1]")
    assert "Mia Ford (Green) said rents must fall. [2] She wants caps. [2]" in text
    assert text.endswith("No statement from Ann Brook.")
    assert [c.n for c in citations] == [1, 2]
    assert citations[1].highlights == ("Mia Ford said rents must fall.", "She wants caps.")


def test_sources_render_as_text_and_safe_html():
    p = passage("a", "Mia Ford", ["Mia <b>Ford</b> said rents must fall.", "Other."])
    _, citations = render([Part("Mia Ford", "Mia Ford (Green)",
                                   (sentence(p, 0, 0.5, [1, 0]),))])
    line = plain_sources(citations)[0]
    assert line.startswith("[1] Mia Ford (Green), Topic, x.txt: \"Mia <b>Ford</b>")
    html = highlight(p.text, citations[0].highlights)
    assert "<mark>Mia &lt;b&gt;Ford&lt;/b&gt; said rents must fall.</mark>" in html
    assert "<b>" not in html


def test_share_gives_everyone_a_first_sentence_in_an_equal_share_before_anyone_a_second():
    from bot.compose import share

    long_one = passage("p1", "Mia Ford", ["M" * 280 + ".", "Mia wants trams."])
    short = passage("p2", "Tom Hale", ["Tom wants buses.", "Tom wants bikes too."])
    pools = {"Mia Ford": [sentence(long_one, 0, 0.9, [1, 0]), sentence(long_one, 1, 0.8, [0, 1])],
             "Tom Hale": [sentence(short, 0, 0.7, [1, 0]), sentence(short, 1, 0.69, [0, 1])]}
    tight = share(pools, budget=130)  # an equal share cannot hold the long one, nor seconds
    assert [s.index for s in tight["Mia Ford"]] == [1]
    assert [s.index for s in tight["Tom Hale"]] == [0]
    roomy = share(pools, budget=1000)
    assert [s.index for s in roomy["Mia Ford"]] == [0, 1] and len(roomy["Tom Hale"]) == 2


def test_a_long_thought_is_cut_to_the_opening_sentences_that_fit():
    from bot.compose import trimmed

    p = passage("p1", "Mia Ford", ["Rents must fall.", "She wants caps on rises.",
                                   "A" * 300 + "."])
    whole = Sentence(p, 0, 0.5, 0.0, 0.0, 0.5, np.ones(2, dtype=np.float32), last=2)
    assert trimmed(whole, 60).text == "Rents must fall. She wants caps on rises."
    assert trimmed(whole, 5).text == "Rents must fall."
