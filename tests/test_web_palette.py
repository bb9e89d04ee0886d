"""Speaker colours: a party's own colour or a neutral grey, never another party's; readable."""

from __future__ import annotations

import re

import pytest

from bot.web import palette


@pytest.mark.parametrize(("name", "key"), [
    ("Labour", "labour"), ("Welsh Labour", "labour"), ("Labour Co-op", "labour"),
    ("Australian Labor Party", "labour"), ("Conservative and Unionist", "conservative"),
    ("Scottish Conservatives", "conservative"), ("Tory", "conservative"),
    ("Liberal Democrats", "libdem"), ("Lib Dem", "libdem"), ("Scottish Greens", "green"),
    ("Green Party of England and Wales", "green"), ("Reform UK", "reform"),
    ("SNP", "snp"), ("Plaid Cymru", "plaid"),
    ("Social Democratic and Labour Party", "sdlp"),  # not Labour
    ("Democratic Unionist Party", "dup"), ("New Democratic Party", "ndp"),
    ("Democrats", "democratic"), ("Republican Party", "republican"),
])
def test_well_known_parties_get_their_own_colour(name, key):
    party = palette.party_of(name)
    assert party is not None and party.key == key


@pytest.mark.parametrize("name", ["Independent", "Liberal", "Alliance", "Christian Democrats",
                                  "Ashgrove First", "Reform Party of Somewhere Else", "", None])
def test_unknown_or_ambiguous_parties_get_no_party_colour(name):
    assert palette.party_of(name) is None


def test_candidates_without_a_known_party_get_distinct_neutral_greys():
    keys = palette.colour_keys([("A", "Labour"), ("B", "Independent"), ("C", None),
                                ("D", "Labour"), ("E", "Ashgrove First")])
    assert keys["A"] == keys["D"] == "labour"  # one party, one colour
    assert [keys[n] for n in "BCE"] == ["n0", "n1", "n2"]


def test_a_party_whose_colour_is_close_to_anothers_at_the_event_goes_neutral():
    keys = palette.colour_keys([("A", "Green"), ("B", "SDLP"), ("C", "Sinn Féin"),
                                ("D", "Plaid Cymru")])
    assert keys["A"] == "green"
    assert keys["B"].startswith("n")  # SDLP green beside the Greens would read as theirs
    colours = {p.key: p.colour for p in palette.PARTIES}
    shown = [colours[k] for k in keys.values() if not k.startswith("n")]
    assert all(palette.distance(a, b) >= palette.CLOSE for i, a in enumerate(shown)
               for b in shown[i + 1:])
    assert palette.colour_keys([("A", "Conservative"), ("B", "Reform UK")]) == {
        "A": "conservative", "B": "reform"}  # told apart at a glance: both keep theirs


def test_neutral_colours_have_no_hue_and_look_like_no_party():
    for n in range(palette.NEUTRAL):
        for colour in re.findall(r"#[0-9a-f]{6}", _rules(f"n{n}")):
            _lightness, a, b = palette._lab(colour)
            assert (a * a + b * b) ** 0.5 < 12, colour  # a grey, not a colour
            assert all(palette.distance(colour, p.colour) >= palette.CLOSE
                       for p in palette.PARTIES)


def test_every_mark_and_chip_is_readable_in_light_and_dark():
    css = palette.css()
    for key in [p.key for p in palette.PARTIES] + [f"n{n}" for n in range(palette.NEUTRAL)]:
        for rule in _rules(key).splitlines():
            if ".hs-swatch" in rule:
                continue  # decorative: the name and party are written beside it
            background = re.search(r"background: (#[0-9a-f]{6})", rule).group(1)
            text = re.search(r"[^-]color: (#[0-9a-f]{6})", rule).group(1)
            assert palette.contrast(text, background) >= 4.5, rule
        assert f".dark .hs-sent.hs-k-{key} " in css


def _rules(key: str) -> str:
    return "\n".join(line for line in palette.css().splitlines() if f"hs-k-{key} " in line)
