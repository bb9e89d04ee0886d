"""Speaker colours: a party's own colour where the party is well known, a neutral grey otherwise.

Readers take a coloured mark for a party colour, so a candidate is only ever shown in the colour
of their own party, and a candidate whose party is unknown (or an independent, or a party whose
colour is close to another party's at the same event) gets a grey from the neutral palette,
told apart by its border style. The party's name is always written beside the colour.
Pure functions; the page's CSS for every colour comes from css() here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Party:
    """A well-known party's colour: the key of its CSS class and its colour (#rrggbb)."""

    key: str
    colour: str
    pattern: re.Pattern[str]


def _party(key: str, colour: str, pattern: str) -> Party:
    return Party(key, colour, re.compile(pattern, re.IGNORECASE))


# Most specific first: "Social Democratic and Labour" is not Labour, "Liberal Democrats" not the
# US Democrats. Names that mean different parties in different countries ("Liberal",
# "Alliance") have no colour. Matched against the party as the document names it.
PARTIES: tuple[Party, ...] = (
    _party("sdlp", "#2aa82c", r"\bsocial democratic (?:and|&) labour\b|\bsdlp\b"),
    _party("dup", "#d46a4c", r"\bdemocratic unionist\b|\bdup\b"),
    _party("uup", "#48a5ee", r"\bulster unionist\b|\buup\b"),
    _party("sinn-fein", "#326760", r"\bsinn f[eé]in\b"),
    _party("libdem", "#faa61a", r"\bliberal[\s-]*democrat|\blib[\s-]*dems?\b"),
    _party("ndp", "#f37021", r"\bnew democratic\b|\bndp\b"),
    _party("labour", "#e4003b", r"\blabou?r\b"),
    _party("conservative", "#0087dc", r"\bconservatives?\b|\btor(?:y|ies)\b"),
    _party("green", "#02a95b", r"\bgreens?\b"),
    _party("reform", "#12b6cf", r"^reform(?: uk)?(?: party)?$"),
    _party("snp", "#fdf38e", r"\bscottish national\b|\bsnp\b"),
    _party("plaid", "#005b54", r"\bplaid\b"),
    _party("ukip", "#6d3177", r"\bukip\b|\buk independence\b"),
    _party("republican", "#e81b23", r"^(?:the )?republicans?(?: party)?$"),
    _party("democratic", "#3333ff", r"^(?:the )?democrat(?:ic|s)?(?: party)?$"),
)
NEUTRAL = 8  # neutral colours (.hs-k-n0 … .hs-k-n7); more candidates reuse them
# Greys told apart by lightness and the style of their border: no hue, so no party's colour.
_NEUTRAL_LIGHT = ("#e5e5e5", "#d4d4d4", "#f5f5f5", "#ececec")
_NEUTRAL_DARK = ("#333333", "#3a3a3a", "#262626", "#2e2e2e")
_NEUTRAL_CHIP = ("#a3a3a3", "#d4d4d4", "#bdbdbd", "#e5e5e5")
_BORDERS = ("solid", "dashed", "dotted", "double")
CLOSE = 25.0  # CIE76 distance under which two colours read as the same colour
LIGHT_SURFACE, DARK_SURFACE = "#ffffff", "#0b0f19"
LIGHT_TEXT, DARK_TEXT = "#111827", "#f8fafc"


def party_of(name: str | None) -> Party | None:
    """Return the well-known party a party name stands for, or None."""
    text = " ".join((name or "").split()).strip()
    return next((p for p in PARTIES if p.pattern.search(text)), None) if text else None


def colour_keys(candidates: Sequence[tuple[str, str | None]]) -> dict[str, str]:
    """Return each candidate's colour key (CSS class hs-k-KEY), in the order given.

    A candidate gets their party's key when the party is well known and its colour is not close
    to another party's among these candidates; everyone else the next neutral key ("n0", …).
    """
    keys: dict[str, str] = {}
    taken: dict[str, str] = {}  # party key -> colour, among these candidates
    neutral = 0
    for name, party_name in candidates:
        if name in keys:
            continue
        party = party_of(party_name)
        if party and not any(key != party.key and distance(colour, party.colour) < CLOSE
                             for key, colour in taken.items()):
            taken[party.key] = party.colour
            keys[name] = party.key
        else:
            keys[name] = f"n{neutral % NEUTRAL}"
            neutral += 1
    return keys


@cache
def css() -> str:
    """Return the CSS of every colour key: sentence marks, swatches and name chips."""
    rules = []
    for party in PARTIES:
        rules += _rules(party.key, _mix(party.colour, LIGHT_SURFACE, LIGHT_TEXT),
                        _mix(party.colour, DARK_SURFACE, DARK_TEXT), party.colour, "solid")
    for n in range(NEUTRAL):
        i = n % len(_NEUTRAL_LIGHT)
        rules += _rules(f"n{n}", _NEUTRAL_LIGHT[i], _NEUTRAL_DARK[i], _NEUTRAL_CHIP[i],
                        _BORDERS[(n // len(_NEUTRAL_LIGHT) + i) % len(_BORDERS)])
    return "\n".join(rules)


def _rules(key: str, light: str, dark: str, colour: str, border: str) -> list[str]:
    chip = _readable(colour)
    ink = max((LIGHT_TEXT, DARK_TEXT), key=lambda text: contrast(text, chip))
    return [f".hs-sent.hs-k-{key} {{ background: {light}; color: {LIGHT_TEXT}; "
            f"border-bottom: 2px {border} {colour}; }}",
            f".dark .hs-sent.hs-k-{key} {{ background: {dark}; color: {DARK_TEXT}; }}",
            f".hs-swatch.hs-k-{key} {{ background: {colour}; border: 1px {border} {ink}; }}",
            f".hs-chip.hs-k-{key} {{ background: {chip}; color: {ink}; "
            f"border: 1px {border} {ink}; }}"]


def _readable(colour: str) -> str:
    """Return colour, darkened just enough for light or dark text on it to read (4.5:1)."""
    for step in range(0, 101, 5):
        shade = blend("#000000", colour, step / 100)
        if max(contrast(LIGHT_TEXT, shade), contrast(DARK_TEXT, shade)) >= 4.5:
            return shade
    return "#000000"


def _mix(colour: str, surface: str, text: str, ratio: float = 7.0) -> str:
    """Return the strongest tint of colour over surface on which text keeps a contrast >= ratio."""
    for step in range(30, -1, -1):
        tint = blend(colour, surface, step / 100)
        if contrast(text, tint) >= ratio:
            return tint
    return surface


def blend(colour: str, surface: str, share: float) -> str:
    """Return colour laid over surface at the given opacity share, as #rrggbb."""
    a, b = _rgb(colour), _rgb(surface)
    return "#" + "".join(f"{round(x * share + y * (1 - share)):02x}" for x, y in zip(a, b))


def contrast(one: str, other: str) -> float:
    """Return the WCAG contrast ratio of two colours."""
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def distance(one: str, other: str) -> float:
    """Return the CIE76 colour difference of two colours (about 2.3 is just noticeable)."""
    return sum((a - b) ** 2 for a, b in zip(_lab(one), _lab(other))) ** 0.5


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _luminance(colour: str) -> float:
    r, g, b = (_linear(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _lab(colour: str) -> tuple[float, float, float]:
    r, g, b = (_linear(c) for c in _rgb(colour))
    xyz = ((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, 0.2126 * r + 0.7152 * g + 0.0722 * b,
           (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883)
    f = [t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in xyz]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])
