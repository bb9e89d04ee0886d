"""Markdown: front matter into metadata, site furniture dropped, turn labels kept as words."""

from __future__ import annotations

from ingest.read.markdown import front_matter, read_markdown

PAGE = """---
layout: post
title: "Ormsby by-election: the candidates answer"
date: 2025-06-02 10:00:00 +0100
author: Ormsby Cycling Club
tags: [ormsby, survey]
---

[Skip to main content](#main)

**Ormsby Cycling Club** · Riding the fens since 1952

[Home](/) | [Rides](/rides) | [Join](/join) | [Contact](/contact)

> We use cookies to count visits. [Accept all](#) · [Manage preferences](#)

[Home](/) › [News](/news) › By-election survey

<a id="main"></a>

# Ormsby by-election: the candidates answer

▶ [Listen again (20 min)](/audio/ep.mp3) · [Download](/audio/ep.mp3?dl=1)

<iframe src="https://player.example/ep"></iframe>

**PRESENTER:** Welcome to the [Ormsby](/ormsby) debate.

**Nia Brook (Green Party):** We will paint _every_ cycle lane.

**Panel:**

- Nia Brook (Green Party)

**Tags:** Ormsby · Cycling · By-election

**Share this:** [Facebook](#) · [Email](#)

### More from the club

- [Summer ride report](/summer) – 2 May 2025

### Comments (1)

**fenrider** · 3 June 2025, 09:00
Good to hear from both of them.

[Log in to comment](/login)

© 2025 Ormsby Cycling Club · [Privacy](/privacy)
"""


def test_front_matter_fills_the_metadata_and_leaves_the_text():
    read = read_markdown(PAGE)
    assert read.meta.title == "Ormsby by-election: the candidates answer"
    assert read.meta.date == "2025-06-02"
    assert read.meta.author == "Ormsby Cycling Club"
    assert "layout" not in read.text and "permalink" not in read.text


def test_links_embeds_html_and_cookie_notices_are_dropped():
    text = read_markdown(PAGE).text
    for gone in ("Skip to main content", "Rides", "cookies", "Listen again", "iframe",
                 "<a id", "Share this", "Tags:", "Summer ride report", "Log in to comment",
                 "© 2025", "By-election survey", "Riding the fens"):
        assert gone not in text, gone
    assert text.startswith("# Ormsby by-election: the candidates answer\n")


def test_turn_labels_lose_their_emphasis_and_keep_their_words():
    lines = read_markdown(PAGE).text.split("\n")
    assert "PRESENTER: Welcome to the Ormsby debate." in lines
    assert "Nia Brook (Green Party): We will paint every cycle lane." in lines
    assert "**Panel:**" in lines  # a bold line on its own is a heading to the structure reader
    assert "- Nia Brook (Green Party)" in lines


def test_readers_comments_are_kept_for_the_audience():
    text = read_markdown(PAGE).text
    assert "Comments (1)" in text and "Good to hear from both of them." in text


def test_a_rule_at_the_top_is_not_front_matter():
    meta, body = front_matter("---\n\nJo Tate said the plan works.\n\n---\n")
    assert meta.title is None and body.startswith("---")


def test_a_document_without_furniture_keeps_every_line():
    text = "# Fenby hustings\n\nJo Tate (Green) said the plan works.\n\n- Sam Eyre (Labour)\n"
    assert read_markdown(text).text == text
