"""Which language a message is in: the reply follows it, and words both languages use decide nothing."""

from __future__ import annotations

import pytest

from handlers.language import detect_language


@pytest.mark.parametrize(
    "text",
    [
        "hvem vant fotball-VM i 2018",  # "i" is Norwegian "in" as often as English "I"
        "hva skjer i markedsdialogen",
        "jeg tror at vi trenger en dialogkonferanse",
        "er det ok å snakke med en leverandør",
        "under hvilke forhold kan vi bruke innovasjonspartnerskap",
    ],
)
def test_norwegian_questions_with_words_english_also_uses_are_norwegian(text: str) -> None:
    assert detect_language(text) == "nb"


@pytest.mark.parametrize(
    "text",
    [
        "can i talk to a supplier before the tender",
        "what is market dialogue",
        "where do i find her notes from the meeting",
        "is it ok to meet vendors one by one",
    ],
)
def test_english_questions_are_english(text: str) -> None:
    assert detect_language(text) == "en"


@pytest.mark.parametrize("text", ["ok", "i", "LUP", "2026", "Doffin"])
def test_a_message_with_no_telling_word_has_no_language_of_its_own(text: str) -> None:
    assert detect_language(text) is None
