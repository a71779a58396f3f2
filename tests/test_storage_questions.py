"""Question and vote storage (SQLite always, PostgreSQL when TEST_DATABASE_URL is set)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from handlers.clock import ManualClock
from storage.db import Database
from storage.preferences import PreferenceStore
from storage.questions import QuestionStore


async def _ask(store: QuestionStore, clock: ManualClock, text: str, *, abstained: bool, slug: str | None = None) -> int:
    return await store.log(platform="slack", workspace="T1", channel="C1", user="U1", text=text, lang="nb",
                           slug=slug, score=0.1 if abstained else 0.9, abstained=abstained, now=clock.now())


async def test_unanswered_questions_come_back_newest_first(db: Database, clock: ManualClock) -> None:
    store = QuestionStore(db)
    await _ask(store, clock, "hva blir været", abstained=True)
    clock.advance(timedelta(minutes=1))
    await _ask(store, clock, "hva er markedsdialog", abstained=False, slug="markedsdialog")
    clock.advance(timedelta(minutes=1))
    await _ask(store, clock, "bestille pizza", abstained=True)
    unanswered = await store.unanswered()
    assert [q.text for q in unanswered] == ["bestille pizza", "hva blir været"]
    assert unanswered[0].asked_at == clock.now()


async def test_one_vote_per_user_per_answer_and_tallies_put_the_worst_first(db: Database, clock: ManualClock) -> None:
    store = QuestionStore(db)
    q1 = await _ask(store, clock, "a", abstained=False, slug="doffin")
    q2 = await _ask(store, clock, "b", abstained=False, slug="lup")
    await store.vote(question_id=q1, slug="doffin", platform="slack", workspace="T1", user="U1", helpful=True, now=clock.now())
    await store.vote(question_id=q1, slug="doffin", platform="slack", workspace="T1", user="U1", helpful=False, now=clock.now())
    await store.vote(question_id=q1, slug="doffin", platform="slack", workspace="T1", user="U2", helpful=False, now=clock.now())
    await store.vote(question_id=q2, slug="lup", platform="slack", workspace="T1", user="U1", helpful=True, now=clock.now())
    tallies = await store.tallies()
    assert [(t.slug, t.helpful, t.not_helpful) for t in tallies] == [("doffin", 0, 2), ("lup", 1, 0)]


async def test_vote_for_an_unknown_question_is_kept_against_the_article(db: Database, clock: ManualClock) -> None:
    store = QuestionStore(db)
    await store.vote(question_id=999, slug="lup", platform="teams", workspace="T", user="U", helpful=False, now=clock.now())
    (tally,) = await store.tallies()
    assert (tally.slug, tally.not_helpful) == ("lup", 1)


async def test_language_preference_upserts_even_when_written_concurrently(db: Database, clock: ManualClock) -> None:
    prefs = PreferenceStore(db)
    assert await prefs.language("slack", "T1", "U1") is None
    await asyncio.gather(*(prefs.set_language("slack", "T1", "U1", lang, clock.now()) for lang in ("nb", "en", "nb", "en")))
    assert await prefs.language("slack", "T1", "U1") in ("nb", "en")
    await prefs.set_language("slack", "T1", "U1", "en", clock.now())
    assert await prefs.language("slack", "T1", "U1") == "en"


async def test_schema_creation_is_idempotent(db: Database) -> None:
    await db.create_schema()
    await db.create_schema()
