"""The curated knowledge base that ships with lupbot: every required topic, each a complete bilingual article."""

from __future__ import annotations

from pathlib import Path

import pytest

from handlers.language import detect_language
from knowledge.loader import load_or_raise
from knowledge.model import KnowledgeBase

BUNDLED = Path(__file__).parent.parent / "knowledge"

# The slugs issue 2 requires, each a topic a buyer or facilitator asks about.
REQUIRED_SLUGS = [
    "lup", "planleggingsverktoy", "ledelsesforankring", "oppstart", "behovskartlegging", "markedsdialog",
    "veiledende-kunngjoring", "dialogkonferanse", "en-til-en-moter", "funksjonskrav", "konkurranse",
    "innovasjonspartnerskap", "innovasjonsvennlig-anskaffelse", "anskaffelse-av-innovasjon",
    "kontraktsoppfolging", "gevinstrealisering", "risikoavlastning", "fellesanskaffelser", "big-buyers",
    "utslippsfri-byggeplass", "virkemidler", "laeringsnettverk", "vegkart-tjenesteinnovasjon",
    "tjenestedesign", "anskaffelsesakademiet", "doffin", "leverandorer", "barrierer",
]


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_or_raise(BUNDLED)


@pytest.mark.parametrize("slug", REQUIRED_SLUGS)
def test_every_required_topic_has_a_complete_bilingual_article(kb: KnowledgeBase, slug: str) -> None:
    assert slug in kb.articles, f"the bundled knowledge has no article {slug!r}"
    article = kb.articles[slug]
    assert article.title.strip() and article.title_en.strip()
    assert article.short_answer("nb").strip(), "no Norwegian short answer"
    assert article.short_answer("en").strip(), "no English short answer (## English section)"
    assert article.source.strip() and article.reviewed is not None
    assert article.tags and article.related


@pytest.mark.parametrize("slug", REQUIRED_SLUGS)
def test_every_required_topic_is_asked_at_least_four_ways_in_both_languages(kb: KnowledgeBase, slug: str) -> None:
    phrasings = kb.articles[slug].questions
    languages = [detect_language(q) for q in phrasings]
    assert len(phrasings) >= 4
    assert "nb" in languages and "en" in languages, f"{slug}: phrasings are not in both languages: {phrasings}"
