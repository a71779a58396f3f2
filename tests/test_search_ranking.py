"""Ranking, confidence and abstention, on the small fixture knowledge folder."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from knowledge.loader import load_or_raise
from knowledge.model import Article, KnowledgeBase
from knowledge.search import SearchIndex

KB_SMALL = Path(__file__).parent / "fixtures" / "kb_small"


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(load_or_raise(KB_SMALL))


def best(index: SearchIndex, query: str) -> str | None:
    result = index.search(query)
    return None if result.abstained or result.best is None else result.best.slug


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("Hvordan kartlegger vi behovet?", "behovskartlegging"),
        ("behovskartleging", "behovskartlegging"),  # typo
        ("behov kartlegging", "behovskartlegging"),  # compound written apart
        ("how do we assess user needs", "behovskartlegging"),
        ("en til en moter", "en-til-en-moter"),  # no æøå, no hyphens
        ("en-til-en-møter med leverandører", "en-til-en-moter"),
        ("one-to-one meetings", "en-til-en-moter"),
        ("innovasjons partnerskap", "innovasjonspartnerskap"),
        ("innovation partnership", "innovasjonspartnerskap"),
        ("markedsdialogen", "markedsdialog"),  # inflected form
        ("markeds dialog likebehandling", "markedsdialog"),
        ("leverandordialog", "markedsdialog"),  # compound the articles never write whole
        ("zero-emission construction site", "utslippsfri-byggeplass"),
        ("utslippsfrie byggeplasser", "utslippsfri-byggeplass"),
    ],
)
def test_in_scope_questions_find_their_article(index: SearchIndex, query: str, slug: str) -> None:
    assert best(index, query) == slug


@pytest.mark.parametrize(
    "query",
    [
        "hva blir været i morgen",
        "how do I reset my password",
        "asdfgh qwerty",
        "kan du bestille pizza",
        "hva er hvordan og hvorfor",  # stop words only
        "",
        "?!?",
        "🙂🙂🙂",
    ],
)
def test_out_of_scope_questions_abstain(index: SearchIndex, query: str) -> None:
    result = index.search(query)
    assert result.abstained
    assert result.query == query


def test_hits_are_best_first_with_confidences_in_unit_range(index: SearchIndex) -> None:
    result = index.search("møter med leverandører i markedsdialogen", limit=3)
    scores = [h.score for h in result.hits]
    assert 1 <= len(scores) <= 3
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert {h.slug for h in result.hits} <= {
        "en-til-en-moter",
        "markedsdialog",
        "behovskartlegging",
        "innovasjonspartnerskap",
        "utslippsfri-byggeplass",
    }


def test_a_clear_question_is_more_confident_than_a_vague_one(index: SearchIndex) -> None:
    clear = index.search("hva er et innovasjonspartnerskap").hits[0].score
    vague = index.search("innovasjon").hits[0].score
    assert clear > vague


def test_hits_carry_both_titles(index: SearchIndex) -> None:
    hit = index.search("markedsdialog").hits[0]
    assert (hit.slug, hit.title, hit.title_en) == (
        "markedsdialog",
        "Markedsdialog",
        "Market dialogue",
    )


def test_a_20000_character_message_is_answered_without_error(index: SearchIndex) -> None:
    result = index.search("markedsdialog " + "x" * 20_000 + " <!channel> <@U123>")
    assert result.best is not None and result.best.slug == "markedsdialog"


def test_a_higher_threshold_abstains_more(index: SearchIndex) -> None:
    kb = load_or_raise(KB_SMALL)
    strict = SearchIndex(kb, threshold=0.999999)
    assert not index.search("behov kartlegging").abstained
    assert strict.search("behov kartlegging").abstained


def _article(slug: str, title: str, body: str) -> Article:
    return Article(
        slug=slug,
        title=title,
        title_en=title,
        questions=(f"hva er {title}",),
        tags=(title,),
        related=(),
        source="test",
        reviewed=date(2026, 1, 1),
        body_nb=body,
        body_en=body,
    )


def test_a_large_knowledge_base_finds_candidates_through_its_short_fields() -> None:
    # Beyond a few hundred articles the index no longer scores every article for every question.
    filler = {
        f"tema-{i}": _article(
            f"tema-{i}", f"tema nummer {i} om anskaffelser", "generell tekst om innkjøp " * 20
        )
        for i in range(600)
    }
    special = _article(
        "vinterdekk", "Vinterdekk på kommunale biler", "piggfrie vinterdekk til bilparken"
    )
    kb = KnowledgeBase(articles={**filler, "vinterdekk": special})
    index = SearchIndex(kb)
    assert index.search("piggfrie vinterdekk").best.slug == "vinterdekk"  # type: ignore[union-attr]
    assert index.search("tema nummer 417").best.slug == "tema-417"  # type: ignore[union-attr]


def test_the_index_does_not_depend_on_article_order() -> None:
    kb = load_or_raise(KB_SMALL)
    reversed_kb = dataclasses.replace(kb, articles=dict(reversed(list(kb.articles.items()))))
    for query in ("behov", "møter", "innovasjon partnerskap"):
        assert SearchIndex(kb).search(query) == SearchIndex(reversed_kb).search(query)


def test_a_hyphenated_name_is_matched_as_written_before_its_stem() -> None:
    # "Pilot-E" stems to "pilot"; the article naming Pilot-E must beat one that says pilot a lot.
    kb = KnowledgeBase(
        articles={
            "pilot": _article(
                "pilot", "Pilotprosjekter", "et pilotprosjekt er en pilot, pilot og pilot"
            ),
            "pilot-e": _article("pilot-e", "Finansiering", "Pilot-E gir samordnet finansiering"),
            "annet": _article("annet", "Noe annet", "helt andre ting"),
        }
    )
    assert SearchIndex(kb).search("pilot-e").best.slug == "pilot-e"  # type: ignore[union-attr]
