"""The medical vocabulary (portal/data/medical_terms.txt) and the matcher built on it."""

from __future__ import annotations

import pytest

from portal.employer_gate import VOCABULARY_PATH, highlight, medical_words, parse_vocabulary, stem, vocabulary


def test_the_file_parses_and_every_section_has_entries():
    vocab = vocabulary()
    assert len(vocab.terms) > 150
    assert vocab.body and vocab.complaints and vocab.phrases and vocab.allow_words


def test_no_entry_is_listed_twice_in_a_section():
    seen: dict[str, set[str]] = {}
    section = None
    for raw in VOCABULARY_PATH.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line.startswith("["):
            section = line
            continue
        if line:
            word = line.split("~")[0].strip()
            assert word not in seen.setdefault(section, set()), f"{word} twice in {section}"
            seen[section].add(word)


def test_unknown_section_is_refused():
    with pytest.raises(ValueError):
        parse_vocabulary("[diagnoses]\nhernia\n")
    with pytest.raises(ValueError):
        parse_vocabulary("hernia\n")


def test_allowed_words_are_never_medical_terms_themselves():
    for word in vocabulary().allow_words:
        assert medical_words(f"Afgesproken met de {word}.") == [], word


@pytest.mark.parametrize("word", [
    "burn-out", "hernia", "depressie", "chemo", "fysiotherapeut", "pijnstillers", "psycholoog",
    "medicatie", "huisarts", "migraine", "artrose", "antidepressiva", "psychiater", "operatie",
])
def test_the_terms_the_issue_names_are_found(word):
    assert medical_words(f"Ze noemde {word} in het gesprek.") == [word]


@pytest.mark.parametrize(("text", "found"), [
    ("Twee pijnstillers per dag", ["pijnstillers"]),  # plural
    ("Hij is depressief", ["depressief"]),  # adjective
    ("De psychologen zijn druk", ["psychologen"]),
    ("Ze heeft rugklachten", ["rugklachten"]),  # body part + complaint in one word
    ("Na de knieoperatie", ["knieoperatie"]),
    ("Burn-outklachten nemen af", ["Burn-outklachten"]),
    ("Hij heeft last van zijn rug", ["last", "rug"]),  # within a few words
    ("Ze heeft pijn in haar rechterknie", ["pijn", "rechterknie"]),
    ("Hij krijgt een chemokuur", ["chemokuur"]),  # compound head
    ("Ze krijgt fysiotherapie", ["fysiotherapie"]),
    ("Hij is onder behandeling", ["onder", "behandeling"]),  # phrase
])
def test_inflections_compounds_and_phrases(text, found):
    assert medical_words(text) == found


@pytest.mark.parametrize("text", [
    "De operationele planning is rond.",  # not a substring match
    "Haar aanvraag is in behandeling bij het UWV.",
    "Klachten van klanten afhandelen gaat goed.",
    "Aan de hand van de vacatures is het profiel verbreed.",
    "Ze heeft de training achter de rug.",
    "Met de bedrijfsarts afgestemd: vier uur per dag.",
    "Ze solliciteert als secretaresse bij het ziekenhuis.",
    "Hij kan niet langer dan twee uur achter elkaar staan.",
    "Ze gaat terug naar haar oude werkgever.",
    "Het hoofdprobleem is het aantal vacatures.",
])
def test_work_sentences_are_left_alone(text):
    assert medical_words(text) == []


def test_stem_handles_hyphens_and_case():
    assert stem("Burn-out") == stem("burnout")
    assert stem("klachten") == stem("klacht")


def test_highlight_marks_whole_words_and_escapes_the_rest():
    html = str(highlight("<b>Hernia</b> en hernia's; herniaboek", ["Hernia"]))
    assert html.startswith("&lt;b&gt;<mark>Hernia</mark>&lt;/b&gt; en <mark>hernia</mark>")
    assert "<mark>herniaboek" not in html


@pytest.mark.parametrize(("text", "found"), [
    ("Door haar MS is ze snel moe", ["MS", "moe"]),  # abbreviations only in capitals
    ("Ze werkt met MS Office en Excel", []),
    ("Ze heeft een TIA gehad", ["TIA"]),
    ("Ze solliciteert bij het ziekenhuis als planner", []),  # a work context excuses the place
    ("Door haar ziekenhuisbezoeken kan ze minder solliciteren", ["ziekenhuisbezoeken"]),  # not a compound
    ("Ze moet naar het ziekenhuis", ["ziekenhuis"]),
])
def test_abbreviations_and_work_contexts(text, found):
    assert medical_words(text) == found
