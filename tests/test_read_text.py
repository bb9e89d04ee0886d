"""Plain text copied from a web page: furniture lines dropped, content and comments kept."""

from __future__ import annotations

from ingest.read.text import read_text

PAGE = """Skip to main content
Kestrel Valley Courier
Menu
News
Sport
Weather
Subscribe

Politics
Town council election 2025

Candidates spar over bus cuts at crowded Ashcombe hustings

Three hopefuls for the Ashcombe seat took questions from about 80 residents

By Tamsin Orrell, Community Reporter
19:05, 3 MAR 2025
Updated 08:10, 4 MAR 2025

Share this article
Facebook
X
Email

From left: Ada Quill, Ben Harrow and Cora Vane at the Ashcombe Institute
(Image: Tamsin Orrell)

Sign up to our newsletter
Get the best local stories sent to your inbox every morning
Enter email
Sign up
Thank you for subscribing!
Something went wrong, please try again later.

The hustings at the Ashcombe Institute on Monday was chaired by the vicar, Revd Hal Pym.

Advertisement

Ada Quill said she would restore the number 7 bus within a year of being elected.

Read more: Everything you need to know about the Ashcombe by-election

Ben Harrow said the bus company, not the council, had cut the route.

Most Read
1. Road closed after lorry sheds its load
2. Bakery wins regional award

Comments (2)

Wren 1977 - 1 hour ago
Good to see so many people there.

About us
Contact us
Privacy Notice
© 2025 Kestrel Valley Courier
"""


def test_a_news_page_keeps_its_story_and_drops_its_furniture():
    read = read_text(PAGE)
    lines = [line for line in read.text.split("\n") if line]
    assert lines[0] == "Candidates spar over bus cuts at crowded Ashcombe hustings"
    for gone in ("Skip to main content", "Menu", "Subscribe", "Politics", "Share this article",
                 "Facebook", "(Image: Tamsin Orrell)", "Sign up to our newsletter",
                 "Enter email", "Thank you for subscribing!", "Something went wrong",
                 "Advertisement", "Read more:", "Most Read", "Road closed", "About us",
                 "Privacy Notice", "© 2025", "Kestrel Valley Courier", "By Tamsin Orrell",
                 "19:05"):
        assert not any(line.startswith(gone) for line in lines), gone
    for kept in ("Three hopefuls for the Ashcombe seat took questions from about 80 residents",
                 "From left: Ada Quill, Ben Harrow and Cora Vane at the Ashcombe Institute",
                 "Ada Quill said she would restore the number 7 bus within a year of being "
                 "elected.",
                 "Ben Harrow said the bus company, not the council, had cut the route.",
                 "Comments (2)", "Good to see so many people there."):
        assert kept in lines, kept


def test_the_byline_and_the_date_go_into_the_metadata():
    meta = read_text(PAGE).meta
    assert meta.author == "Tamsin Orrell"
    assert meta.date == "2025-03-03"  # the first publication, not the update
    assert meta.title == "Candidates spar over bus cuts at crowded Ashcombe hustings"


def test_sentences_are_never_dropped_even_short_ones_at_the_end():
    text = ("# Fenby hustings\n\nJo Tate (Green) said the plan works.\n\n"
            "Menu options were discussed at length by the candidates.\nShare.\n")
    read = read_text(text)
    assert "Menu options were discussed at length by the candidates." in read.text


def test_a_round_up_without_furniture_is_left_exactly_as_it_was():
    text = ("Event round-up: Fenby Tech Hustings\nWe were joined by Jo Tate (Green).\n"
            "Candidates:\nGreen Jo Tate\nLabour Sam Eyre\nContact the team:\n")
    assert read_text(text).text == text


def test_menu_lines_of_separated_items_are_dropped_at_the_top():
    text = ("Home | News | Sport | Contact\n\nNews / Elections\n\n"
            "Fenby candidates meet voters\n\nBy Jo Lake\n\nJo Tate (Green) said the plan works "
            "for everyone in the village and beyond.\n")
    lines = [line for line in read_text(text).text.split("\n") if line]
    assert lines == ["Fenby candidates meet voters", "Jo Tate (Green) said the plan works for "
                     "everyone in the village and beyond."]


def test_tables_copied_from_a_page_or_laid_out_in_columns_become_pipe_tables():
    from ingest.read.text import read_text

    copied = ("The pledge answers were:\n\nCandidate\tPledge\nAda Quill (Labour)\tYes\n"
              "Ben Harrow (Green Party)\tNo, not until the survey\n")
    assert ("| Candidate | Pledge |\n| Ada Quill (Labour) | Yes |\n"
            "| Ben Harrow (Green Party) | No, not until the survey |") in read_text(copied).text
    aligned = ("Candidate                  Pledge\nAda Quill (Labour)         Yes\n"
               "Ben Harrow (Green Party)    No\n")
    assert "| Ben Harrow (Green Party) | No |" in read_text(aligned).text
    prose = ("Ada Quill spoke first.   She said the bus would return.\n"
             "Ben Harrow spoke next and   said homes must come first.\n")
    assert "|" not in read_text(prose).text
