"""Unit tests for sentence splitting and search terms."""

from ingest.text import query_terms, search_terms, split_sentences, stem


def test_sentences_keep_offsets_into_the_text():
    text = "Dr. Smith said 3.5% was too low. Then e.g. the rest! Next? Yes."
    spans = split_sentences(text, offset=10)
    assert [s.text for s in spans] == ["Dr. Smith said 3.5% was too low.", "Then e.g. the rest!",
                                       "Next?", "Yes."]
    for span in spans:
        assert text[span.start - 10:span.end - 10] == span.text


def test_sentence_without_final_punctuation_is_kept():
    assert [s.text for s in split_sentences("One. Two without end")] == ["One.", "Two without end"]


def test_stems_meet_across_word_forms():
    assert stem("programme") == stem("programmes") == stem("program")
    assert stem("proposed") == stem("propose") == stem("proposing")
    assert stem("policies") == stem("policy")
    assert stem("business") == "business"


def test_search_terms_drop_stopwords_and_keep_numbers():
    terms = search_terms("What is Jake's plan for 90% broadband on cyber-crime?")
    assert "90%" in terms and "broadband" in terms and stem("jake") in terms
    assert "cybercrim" in terms and "cyber" in terms
    assert "what" not in terms and "is" not in terms


def test_query_terms_join_words_and_form_acronyms():
    terms = query_terms("What about cyber crime and artificial intelligence?")
    assert stem("cybercrime") in terms
    assert "ai" in terms


def test_stems_meet_across_derived_forms():
    assert stem("protection") == stem("protect") == stem("protecting")
    assert stem("coastal") == stem("coast")
    assert stem("regulation") == stem("regulate")
    assert stem("million") != stem("mill")  # short words keep their ending
    assert stem("question") != stem("quest")
