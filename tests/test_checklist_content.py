"""The bundled checklists: the four planning tools, bilingual, chained, and reachable by everyday names."""

from __future__ import annotations

from pathlib import Path

import pytest

from handlers.checklist_resolve import fold, resolve
from knowledge.loader import BUNDLED_DIR, load_knowledge
from knowledge.model import Checklist, KnowledgeBase, Step

PLANNING_TOOLS = ("ledelsesforankring", "oppstart", "behovskartlegging", "markedsdialog")


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    kb, problems = load_knowledge(BUNDLED_DIR)
    checklist_problems = [str(p) for p in problems if Path(p.path).parent.name == "checklists"]
    assert checklist_problems == []
    return kb


def test_the_four_planning_tools_are_checklists_chained_in_their_natural_order(
    kb: KnowledgeBase,
) -> None:
    assert set(PLANNING_TOOLS) <= set(kb.checklists)
    chain = [kb.checklists[slug].next for slug in PLANNING_TOOLS]
    assert chain == ["oppstart", "behovskartlegging", "markedsdialog", None]


@pytest.mark.parametrize("slug", PLANNING_TOOLS)
def test_each_has_at_least_five_short_bilingual_steps_linked_to_real_articles(
    kb: KnowledgeBase, slug: str
) -> None:
    checklist = kb.checklists[slug]
    assert len(checklist.steps) >= 5
    assert checklist.title and checklist.title_en and checklist.intro and checklist.intro_en
    for step in checklist.steps:
        assert step.text != step.text_en, f"{slug}/{step.id} is not translated"
        assert len(step.text) <= 160 and len(step.text_en) <= 160, f"{slug}/{step.id} is not short"
        assert step.article in kb.articles
        assert bool(step.detail) == bool(step.detail_en)


def test_market_dialogue_runs_from_the_doffin_notice_to_summing_up(kb: KnowledgeBase) -> None:
    steps = kb.checklists["markedsdialog"].steps
    articles = [s.article for s in steps]
    assert (
        articles.index("veiledende-kunngjoring")
        < articles.index("dialogkonferanse")
        < articles.index("en-til-en-moter")
    )
    assert "Oppsummer" in steps[-1].text


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("needs", "behovskartlegging"),
        ("needs assessment", "behovskartlegging"),
        ("behov", "behovskartlegging"),
        ("Behovskartlegging", "behovskartlegging"),
        ("behovskartleging", "behovskartlegging"),
        ("market dialogue", "markedsdialog"),
        ("markedsdialog", "markedsdialog"),
        ("markedsdialg", "markedsdialog"),
        ("dialog", "markedsdialog"),
        ("leadership", "ledelsesforankring"),
        ("ledelse", "ledelsesforankring"),
        ("Leadership anchoring", "ledelsesforankring"),
        ("ledelsesforankering", "ledelsesforankring"),
        ("start-up", "oppstart"),
        ("startup", "oppstart"),
        ("oppstart", "oppstart"),
        ("getting started", "oppstart"),
    ],
)
def test_everyday_names_in_both_languages_resolve_to_one_checklist(
    kb: KnowledgeBase, name: str, slug: str
) -> None:
    found = resolve(kb.checklists, name)
    assert found.match is not None and found.match.slug == slug


def _checklist(slug: str, title: str, title_en: str, *aliases: str) -> Checklist:
    step = Step(id="a", text="x", text_en="x", article="a")
    return Checklist(
        slug=slug,
        title=title,
        title_en=title_en,
        intro="",
        intro_en="",
        steps=(step,),
        aliases=aliases,
    )


def test_an_unknown_name_offers_the_nearest_checklists_first() -> None:
    checklists = {
        c.slug: c
        for c in (
            _checklist("behovskartlegging", "Behovskartlegging", "Needs assessment"),
            _checklist("markedsdialog", "Markedsdialog", "Market dialogue"),
            _checklist("oppstart", "Oppstart", "Start-up"),
        )
    }
    found = resolve(checklists, "markedsanalyse")
    assert found.match is None and not found.ambiguous
    assert found.candidates[0].slug == "markedsdialog"


def test_a_name_near_nothing_offers_every_checklist() -> None:
    checklists = {
        c.slug: c
        for c in (
            _checklist("behovskartlegging", "Behovskartlegging", "Needs assessment"),
            _checklist("markedsdialog", "Markedsdialog", "Market dialogue"),
        )
    }
    found = resolve(checklists, "xyz")
    assert found.match is None and not found.near
    assert [c.slug for c in found.candidates] == ["behovskartlegging", "markedsdialog"]


def test_a_name_that_fits_several_checklists_is_ambiguous() -> None:
    checklists = {
        c.slug: c
        for c in (
            _checklist("dialog-a", "Dialog med brukere", "Dialogue with users"),
            _checklist("dialog-b", "Dialog med leverandører", "Dialogue with suppliers"),
        )
    }
    found = resolve(checklists, "dialog med")
    assert found.match is None and found.ambiguous
    assert {c.slug for c in found.candidates} == {"dialog-a", "dialog-b"}


def test_folding_treats_the_ways_people_type_norwegian_letters_alike() -> None:
    assert fold("Behovskartlegging!") == fold("behovskartlegging")
    assert fold("Prøve") == fold("prove") == fold("proeve")
    assert fold("Påminnelse") == fold("paaminnelse")
    assert fold("checklist for the needs") == "needs"
