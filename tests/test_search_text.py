"""Search text handling: folding æ/ø/å and their stand-ins, hyphens, stems, compounds, typos."""

from __future__ import annotations

import pytest

from knowledge.analysis import Analyzer
from knowledge.compounds import CompoundSplitter
from knowledge.normalize import MAX_QUERY_WORDS, count_words, fold, query_words, words
from knowledge.stopwords import STOPWORDS
from knowledge.typos import TypoMatcher


@pytest.mark.parametrize(
    "variants",
    [
        ("møter", "moter", "moeter", "MØTER"),
        ("læringsnettverk", "laeringsnettverk"),
        ("påminnelse", "paaminnelse", "paminnelse"),
        ("leverandør", "leverandor", "leverandoer", "Leverandør"),
        ("ledelsesforankring", "Ledelsesforankring"),
    ],
)
def test_every_spelling_of_norwegian_letters_folds_to_one_word(variants: tuple[str, ...]) -> None:
    assert len({fold(v) for v in variants}) == 1


def test_folding_removes_accents_and_keeps_ascii() -> None:
    assert fold("Café naïve Ærlig Åse") == "cafe naive aerlig ase"


def test_hyphenated_words_give_their_parts_and_the_joined_word() -> None:
    found = words("en-til-en møter og e-handel")
    assert {"en", "til", "moter", "handel", "entilen", "ehandel"} <= set(found)
    assert "e" not in found  # single letters carry nothing


def test_punctuation_only_and_emoji_give_no_words() -> None:
    assert words("?!... 🙂🎉 — «»") == []


def test_count_words_counts_what_words_finds() -> None:
    text = "Markedsdialog – en-til-en-møter, e-handel og «zero-emission» (2017–18): MØTER, møter!"
    assert count_words(text) == {
        "markedsdialog": 1,
        "en": 2,
        "til": 1,
        "moter": 3,
        "handel": 1,
        "zero": 1,
        "emission": 1,
        "2017": 1,
        "18": 1,
        "og": 1,
        "entilenmoter": 1,
        "ehandel": 1,
        "zeroemission": 1,
    }


def test_a_long_message_is_read_only_up_to_a_cap() -> None:
    assert len(query_words("ord " * 10_000)) == MAX_QUERY_WORDS
    # A 10 000-part hyphen chain is read in one pass (no regex backtracking) as one joined word.
    assert words("a-" * 10_000 + "b") == ["a" * 10_000 + "b"]


def test_stop_words_cover_request_filler_in_both_languages() -> None:
    for word in ("hva", "hvordan", "kan", "du", "forklare", "what", "how", "please", "tell", "me"):
        assert fold(word) in STOPWORDS
    for topic in ("behov", "markedsdialog", "needs", "supplier", "konkurranse"):
        assert fold(topic) not in STOPWORDS


def test_noun_and_verb_forms_share_a_term() -> None:
    analyzer = Analyzer()

    def shared(a: str, b: str) -> bool:
        return bool(set(analyzer.terms(fold(a))) & set(analyzer.terms(fold(b))))

    assert shared("kartlegging", "kartlegger")
    assert shared("møtene", "møter")
    assert shared("forankring", "forankre")
    assert shared("meetings", "meeting")
    assert shared("suppliers", "supplier")
    assert not shared("markedsdialog", "konkurranse")


def test_compounds_split_into_known_words_with_linking_letters() -> None:
    vocabulary = {
        w: 3 for w in ("behov", "kartlegging", "tjeneste", "innovasjon", "partnerskap", "dialog")
    }
    splitter = CompoundSplitter(vocabulary)
    assert splitter.split("behovskartlegging") == ("behov", "kartlegging")
    assert splitter.split("tjenesteinnovasjon") == ("tjeneste", "innovasjon")
    assert splitter.split("innovasjonspartnerskap") == ("innovasjon", "partnerskap")
    assert splitter.split("tjenesteinnovasjonspartnerskap", max_parts=3) == (
        "tjeneste",
        "innovasjon",
        "partnerskap",
    )
    assert splitter.split("kontraktsoppfolging") is None  # parts the knowledge base never uses
    assert splitter.split("dialog") is None


def test_typos_map_to_known_words_close_by() -> None:
    matcher = TypoMatcher({"behovskartlegging": 4, "assessment": 2, "leverandor": 5, "mote": 3})
    assert [c.word for c in matcher.corrections("behovskartleging")] == ["behovskartlegging"]
    assert [c.word for c in matcher.corrections("assesment")] == ["assessment"]
    assert [c.word for c in matcher.corrections("leverandro")] == ["leverandor"]  # a swap
    assert matcher.corrections("mte") == []  # too short to guess
    assert matcher.corrections("asdfghjkl") == []


def test_a_slip_in_a_long_word_is_trusted_more_than_in_a_short_one() -> None:
    assert TypoMatcher.weight(16, 1) > TypoMatcher.weight(6, 1) > TypoMatcher.weight(6, 2)
