"""More kinds of account, each written here with invented people: live blogs, interviews,
newsletters, council forums abroad, and the people around the candidates."""

from __future__ import annotations

from ingest.understand import Role, read_file

from .test_reader_kinds import candidates, read, role_of, said

LIVE_BLOG = """# Brackenfield mayoral debate: live

**7.02pm**

Welcome to our live coverage. The debate is chaired by Nadia Ferreira of the Brackenfield
Gazette. Taking part are Colin Ashdown (Conservative), Yusuf Demir (Labour) and Harriet Vane-Tempest
(Green).

**7.10pm**

Demir opens by promising free bus travel for under-18s. "Young people should not be priced
out of their own town," he says.

Ashdown is not convinced. He says the scheme would cost £4m a year.

**7.18pm**

> **Harriet Vane-Tempest** @HVTforMayor · 19:17
>
> Just said it on stage: every new estate needs a cycle route from day one. #Brackenfield

**7.25pm**

A question from the floor: what about the closed library? Vane-Tempest says she would reopen it
as a community hub.

The audience applauds. Ferreira moves on to housing.
"""


def test_a_live_blog_with_times_and_an_embedded_post(tmp_path):
    page = tmp_path / "blog.md"
    page.write_text(LIVE_BLOG, encoding="utf-8")
    reading = read_file(page, "blog.md")
    assert candidates(reading) == {"Colin Ashdown", "Yusuf Demir", "Harriet Vane-Tempest"}
    assert reading.chairs == ("Nadia Ferreira",)
    assert said(reading, "priced\nout of their own town") == ("Yusuf Demir", Role.CANDIDATE)
    assert said(reading, "cost £4m a year") == ("Colin Ashdown", Role.CANDIDATE)
    assert said(reading, "cycle route from day one") == ("Harriet Vane-Tempest",
                                                         Role.CANDIDATE)
    assert said(reading, "community hub") == ("Harriet Vane-Tempest", Role.CANDIDATE)
    assert said(reading, "The audience applauds")[0] is None


INTERVIEW = """Five questions for the Labour candidate

By Tamsin Roe

Priyanka Mehra is Labour's candidate for Harlow Vale. We spoke to her on Tuesday.

Tamsin Roe: Why are you standing?

Priyanka Mehra: Because the town centre has been left to decline for a decade.

TR: What is your first priority?

PM: Reopening the walk-in centre at the old hospital.
"""


def test_an_interview_with_full_names_then_initials():
    reading = read(INTERVIEW)
    assert candidates(reading) == {"Priyanka Mehra"}
    assert role_of(reading, "Tamsin Roe") is not Role.CANDIDATE
    assert said(reading, "left to decline") == ("Priyanka Mehra", Role.CANDIDATE)
    assert said(reading, "walk-in centre") == ("Priyanka Mehra", Role.CANDIDATE)
    assert said(reading, "What is your first priority?")[1] is not Role.CANDIDATE


NEWSLETTER = """Hollins Park Residents' Newsletter - Election special

At our hustings on 3 May, the four candidates answered questions on parking. In brief:

- Cr Dominic Pryce (Independent): wants resident permits on every street near the station.
- Cr Abigail Nwosu (Team Hollins): would trial a park-and-stride scheme at the school.
- Graeme Lusk (Greens): opposed new car parks and called for more bike racks.
- Sally-Anne Cowper (Independent): said the council should ask residents first.

Council officer Martin Reed explained that permits cost £60 a year. "We review the charge every
April," he said.
"""


def test_a_newsletter_summary_with_a_line_per_candidate_and_an_official():
    reading = read(NEWSLETTER)
    assert candidates(reading) == {"Dominic Pryce", "Abigail Nwosu", "Graeme Lusk",
                                   "Sally-Anne Cowper"}
    assert said(reading, "park-and-stride") == ("Abigail Nwosu", Role.CANDIDATE)
    assert said(reading, "more bike racks") == ("Graeme Lusk", Role.CANDIDATE)
    assert role_of(reading, "Martin Reed") not in (Role.CANDIDATE, Role.CHAIR)
    assert said(reading, "review the charge")[1] is not Role.CANDIDATE


UNTAGGED_QUOTE = """Riverside ward forum

Three candidates took part: Ines Carvalho (Labour), Bram de Vries (Liberal Democrats) and
Ruth Abernethy (Conservative).

Carvalho was first to speak.

"The riverside flats need new lifts this year, not in five years' time."

De Vries said the lifts were the housing association's job.
"""


def test_an_untagged_quotation_after_the_paragraph_that_introduces_its_speaker():
    reading = read(UNTAGGED_QUOTE)
    assert said(reading, "new lifts this year") == ("Ines Carvalho", Role.CANDIDATE)
    assert said(reading, "housing association's job") == ("Bram de Vries", Role.CANDIDATE)


MODERATOR_UNNAMED = """Meet the candidates at Kestrel Hall

The moderator asked each candidate about the night bus. Lowri Penhale (Plaid Cymru) said it
should run until 2am. The moderator then asked about parking. Jasper Quigley (Reform UK) said
parking should be free after 6pm.
"""


def test_an_unnamed_moderator_is_the_chair_and_no_candidate():
    reading = read(MODERATOR_UNNAMED)
    assert said(reading, "about the night bus")[1] is Role.CHAIR
    assert said(reading, "until 2am") == ("Lowri Penhale", Role.CANDIDATE)
    assert said(reading, "free after 6pm") == ("Jasper Quigley", Role.CANDIDATE)


ONLINE_MEETING = """Calder Vale hustings, online

Host - Calder Civic Society: Welcome, everyone. Three candidates have joined us: Jonas
Whitlow for Labour, Mariam Qureshi for the Green Party, and Trevor Ashbury, who is standing as
an Independent and is joining us by phone. Jonas, you first.

Jonas Whitlow: Thank you. My priority is the flood defences on the Calder.

Mariam Qureshi: Mine too, and a safe crossing at the school.

Host - Calder Civic Society: Thank you both. Over to you, Trevor Ashbury.

+44 7700 900123: Can you hear me? I would put the library back in the town hall.

Host - Calder Civic Society: We can. A question from the chat: what about parking?

+44 7700 900123: Parking should be free for the first hour.
"""


def test_an_online_meeting_with_a_host_display_name_and_a_caller_on_the_phone():
    reading = read(ONLINE_MEETING)
    assert candidates(reading) == {"Jonas Whitlow", "Mariam Qureshi", "Trevor Ashbury"}
    assert said(reading, "Over to you")[1] is Role.CHAIR
    assert said(reading, "flood defences") == ("Jonas Whitlow", Role.CANDIDATE)
    assert said(reading, "library back in the town hall") == ("Trevor Ashbury", Role.CANDIDATE)
    assert said(reading, "free for the first hour") == ("Trevor Ashbury", Role.CANDIDATE)


MINUTES_LINES = """Westerleigh Residents' Forum
Minutes of the candidates' evening, 4 June 2026

Present: Cllr Bronwen Ashe (chair), Odile Markham (Labour) (OM), Callum Brede (Green) (CB),
Priti Venn (Independent) (PV), about 30 residents.
Apologies: Stellan Hobb (Reform UK), who sent a written statement.

1. Opening statements.
OM – wants the swimming pool reopened and said the closure had been a false economy.
CB – said his priority was a safe cycle route to the school; he would fund it from parking fees.
PV – described herself as the only candidate free of a party whip. She would hold weekly surgeries.
The chair read out Mr Hobb's statement: he wants every streetlight repaired within a month.

2. Questions from the floor.
A resident asked about the bus shelter. OM said the county had promised one by autumn.
"""


def test_minutes_lines_each_start_a_turn_and_a_read_out_statement_is_the_absentees():
    reading = read(MINUTES_LINES)
    assert candidates(reading) == {"Odile Markham", "Callum Brede", "Priti Venn", "Stellan Hobb"}
    absent = {p.name: p.reason for p in reading.candidates if p.reason}
    assert absent == {"Stellan Hobb": "sent apologies"}
    assert said(reading, "swimming pool") == ("Odile Markham", Role.CANDIDATE)
    assert said(reading, "fund it from parking fees") == ("Callum Brede", Role.CANDIDATE)
    assert said(reading, "weekly surgeries") == ("Priti Venn", Role.CANDIDATE)
    assert said(reading, "streetlight") == ("Stellan Hobb", Role.CANDIDATE)
    assert said(reading, "by autumn") == ("Odile Markham", Role.CANDIDATE)


def test_a_display_name_of_an_office_is_that_role_not_the_writer():
    reading = read("Westerleigh by-election: online hustings\n\n"
                   "Town Clerk - Westerleigh Council: Welcome, everyone. With us is Odile "
                   "Markham of Labour.\n\n"
                   "Odile Markham: Thank you. I want the swimming pool reopened.\n\n"
                   "Town Clerk - Westerleigh Council: Thank you. Next question, on buses.\n\n"
                   "Odile Markham: The evening buses must come back.\n")
    assert said(reading, "With us is")[1] is Role.OTHER
    assert said(reading, "evening buses") == ("Odile Markham", Role.CANDIDATE)


NEWS_REPORT = """Candidates clash over the hospital at Kelsham hustings

By Aled Pryce, Local Democracy Reporter

The event, organised by Kelsham Churches Together and chaired by the Rev. Miriam Oyelaran,
filled the church hall on Tuesday.

Labour's Tobias Wren-Ashby said the town needed a new walk-in centre.

The Liberal Democrat, Elodie de Vere, who chairs the council's health scrutiny committee, said
the problem was staffing rather than buildings.

"Every new estate needs a surgery before the first family moves in," Ms de Vere told the
audience.
"""


def test_a_candidate_who_chairs_a_committee_is_no_chair_and_keeps_her_party():
    reading = read(NEWS_REPORT)
    assert reading.chairs == ("Miriam Oyelaran",)
    parties = {p.name: p.party for p in reading.candidates}
    assert parties == {"Tobias Wren-Ashby": "Labour", "Elodie de Vere": "Liberal Democrats"}
    assert said(reading, "staffing rather than buildings") == ("Elodie de Vere", Role.CANDIDATE)
    assert said(reading, "surgery before the first family") == ("Elodie de Vere", Role.CANDIDATE)


def test_a_questionnaire_with_name_and_party_fields_and_numbered_questions(tmp_path):
    from docx import Document

    doc = Document()
    doc.add_heading("Tidewater Walkers' candidate survey", 1)
    doc.add_paragraph("We sent the same questions to every candidate. Two candidates did not "
                      "reply: Rufus Penhallow (Conservative) and Ines Vasquez-Obi (Independent).")
    for name, party, first, second in (
            ("Koa Merriweather", "Green", "Yes. I would open the cliff path first.",
             "A 20 mph limit on every lane."),
            ("Zofia Brzęczek", "Labour", "Yes, within two years.", "More crossings by schools.")):
        doc.add_paragraph(f"Name: {name}")
        doc.add_paragraph(f"Party: {party}")
        doc.add_paragraph("1. Will you reopen the cliff path?")
        doc.add_paragraph(first)
        doc.add_paragraph("2. What is your top safety priority?")
        doc.add_paragraph(second)
    doc.add_heading("About this survey", 2)
    doc.add_paragraph("Tidewater Walkers is a volunteer group and supports no candidate.")
    path = tmp_path / "survey.docx"
    doc.save(str(path))
    reading = read_file(path, path.name)
    absent = {p.name: p.reason for p in reading.candidates if p.reason}
    assert absent == {"Rufus Penhallow": "did not respond", "Ines Vasquez-Obi": "did not respond"}
    assert said(reading, "same questions to every candidate") == (None, Role.REPORTER)
    assert said(reading, "cliff path first") == ("Koa Merriweather", Role.CANDIDATE)
    assert said(reading, "every lane") == ("Koa Merriweather", Role.CANDIDATE)
    assert said(reading, "within two years") == ("Zofia Brzęczek", Role.CANDIDATE)
    assert said(reading, "volunteer group")[0] is None


TV_INTRODUCED = """Harwick Mayoral Debate - Full Transcript

OKORO: Good evening and welcome to the Harwick mayoral debate. I'm Chiamaka Okoro. Joining me
are the candidates: the incumbent mayor, Democrat Winifred Ashcombe-Lyle; Republican businessman
Stig Halvorsen; and independent councillor Mateo Ibáñez.

ASHCOMBE-LYLE: Thank you. We have repaved eighty miles of road.

HALVORSEN: And property taxes are up twelve percent. I will freeze them.

OKORO: Mr Ibáñez?

IBÁÑEZ: I would build two thousand starter homes.
"""


def test_a_tv_transcript_whose_host_introduces_the_candidates_by_what_they_do():
    reading = read(TV_INTRODUCED)
    parties = {p.name: p.party for p in reading.candidates}
    assert parties == {"Winifred Ashcombe-Lyle": "Democrat", "Stig Halvorsen": "Republican",
                       "Mateo Ibáñez": "Independent"}
    assert reading.chairs == ("Chiamaka Okoro",)
    assert said(reading, "freeze them") == ("Stig Halvorsen", Role.CANDIDATE)
    assert said(reading, "starter homes") == ("Mateo Ibáñez", Role.CANDIDATE)


STUDENT_UNION = """Students' Union elections: the candidates' debate

The candidates for President are Folasade Adeyemi and Bastian Krol. Standing for VP Education
are Anjali Menon and Tadhg Ó Ceallaigh.

Adeyemi said the union should fight for a rent cap in halls. Krol argued that the budget should
go to clubs and societies first.

Menon promised lecture recordings for every module. Ó Ceallaigh said he would campaign for free
printing.
"""


def test_a_student_union_election_names_posts_where_parties_would_be():
    reading = read(STUDENT_UNION)
    posts = {p.name: p.party for p in reading.candidates}
    assert posts == {"Folasade Adeyemi": "President", "Bastian Krol": "President",
                     "Anjali Menon": "VP Education", "Tadhg Ó Ceallaigh": "VP Education"}
    assert said(reading, "rent cap") == ("Folasade Adeyemi", Role.CANDIDATE)
    assert said(reading, "free\nprinting") == ("Tadhg Ó Ceallaigh", Role.CANDIDATE)


MEETING_VTT = """WEBVTT

00:00:01.000 --> 00:00:06.000
<v Town Clerk - Brinwell Council>Good evening. With us tonight is Ottilie Fenn of the Green Party.

00:00:06.500 --> 00:00:12.000
<v Ottilie F>Thank you. I want the harbour bus back every hour.

00:00:12.500 --> 00:00:18.000
<v Town Clerk - Brinwell Council>Thank you. Next, Cormac Ashby-Vale for the Conservatives.

00:00:18.500 --> 00:00:24.000
<v Cormac A-V>Thanks. I will not support parking charges at the pool.
"""


def test_a_meeting_transcript_joins_cut_display_names_to_the_names_the_host_gives(tmp_path):
    path = tmp_path / "brinwell-online-hustings.vtt"
    path.write_text(MEETING_VTT, encoding="utf-8")
    reading = read_file(path, path.name)
    assert reading.title == "Brinwell online hustings"  # no heading: not the first turn
    parties = {p.name: p.party for p in reading.candidates}
    assert parties == {"Ottilie Fenn": "Green", "Cormac Ashby-Vale": "Conservative"}
    assert said(reading, "harbour bus") == ("Ottilie Fenn", Role.CANDIDATE)
    assert said(reading, "parking charges") == ("Cormac Ashby-Vale", Role.CANDIDATE)
    assert said(reading, "With us tonight")[1] is Role.OTHER


def test_a_list_of_names_with_parties_in_brackets_takes_parties_no_list_knows():
    reading = read("Candidates' forum\n\nMara Quist facilitated the evening's proceedings, which "
                   "featured Ulla Berg (Greens), Tane Rewiti (Te Pāti Whenua), Ivo Sand "
                   "(Labour) and Petra Lind (Modern Sunrise).\n\nBerg said the river comes "
                   "first. Lind said she would cut rates.\n")
    assert reading.chairs == ("Mara Quist",)
    parties = {p.name: p.party for p in reading.candidates}
    assert parties == {"Ulla Berg": "Green", "Tane Rewiti": "Te Pāti Whenua",
                       "Ivo Sand": "Labour", "Petra Lind": "Modern Sunrise"}
    assert said(reading, "cut rates") == ("Petra Lind", Role.CANDIDATE)


def test_a_pronoun_after_someone_the_cast_does_not_know_is_no_one_elses():
    reading = read("Harbour hustings\n\nTaking part were Tomas Reid (Labour) and Ines Lane "
                   "(Conservative Party candidate).\n\nTomas Reid said the ferry must be "
                   "saved.\n\nOscar Street argued that the market should move. He said that rents "
                   "had doubled.\n")
    assert {p.name: p.party for p in reading.candidates} == {"Tomas Reid": "Labour",
                                                             "Ines Lane": "Conservative"}
    assert said(reading, "rents had doubled")[0] is None  # not Tomas Reid's


def test_a_name_tied_to_a_party_is_a_person_whatever_its_last_word():
    reading = read("Tech hustings\n\nTaking part were Andrea Street (Conservative Party "
                   "candidate) and Bo Finch (Labour).\n\nAndrea Street argued that broadband "
                   "holds the region together. She said transport spending had risen.\n")
    assert {p.name for p in reading.candidates} == {"Andrea Street", "Bo Finch"}
    assert said(reading, "transport spending") == ("Andrea Street", Role.CANDIDATE)


def test_a_list_that_names_each_candidate_then_their_party():
    reading = read("Meet the candidates\n\nThey were Aroha Tane, New Conservative, Ivy Marsh, "
                   "Green Party, Rawiri Pohe, Forward Together, and Dale Kerr, Labour.\n\n"
                   "Pohe said the river must be cleaned up.\n")
    parties = {p.name: p.party for p in reading.candidates}
    assert parties == {"Aroha Tane": "New Conservative", "Ivy Marsh": "Green",
                       "Rawiri Pohe": "Forward Together", "Dale Kerr": "Labour"}
    assert all(p.name != "Forward Together" for p in reading.people)  # a party, no person
    assert said(reading, "cleaned up") == ("Rawiri Pohe", Role.CANDIDATE)


TOWN_HALL = """Town hall with the candidate, as transcribed

MODERATOR: Welcome. Our first question is from a teacher here tonight.

Q Thank you. Rents here have doubled. What would you do about them?

MS. HALVARD: I would build forty thousand homes for rent, and fast.

Q Okay.

MS. HALVARD: And I would cap the rise in any one year.

Q And what about the buses that stopped running?

MS. HALVARD: They come back in my first budget.
"""


def test_questions_written_q_and_one_space_are_the_audiences_where_the_document_does_so():
    reading = read(TOWN_HALL)  # as a page or a PDF gives a transcript's "Q    Text"
    assert said(reading, "Rents here have doubled") == (None, Role.AUDIENCE)
    assert said(reading, "Q Okay.") == (None, Role.AUDIENCE)  # not the candidate's words
    assert said(reading, "cap the rise")[1] is Role.CANDIDATE


def test_a_short_line_of_two_sentences_is_no_heading():
    reading = read("Live: the debate\n\nThe candidates are on stage now.\n\n"
                   "Four hours to go You ready? I'm ready: pic.example.com/abc\n\n"
                   "— Jo Roe (@joroe) May 1, 2026\n\nThe debate began at nine.\n")
    line = next(s for s in reading.sentences if "You ready" in s.text)
    assert not line.heading


def test_a_particle_and_its_link_after_a_party_are_one_name():
    reading = read("Meeting report\n\nKestrel Outdoors Party candidate Tadhg Mac an Fhir, "
                   "who is standing in the east, was the first to speak.\n\n"
                   "Mac an Fhir said the rivers belong to everyone.\n")
    assert [p.name for p in reading.candidates] == ["Tadhg Mac an Fhir"]
    assert said(reading, "belong to everyone") == ("Tadhg Mac an Fhir", Role.CANDIDATE)
