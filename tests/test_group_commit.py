"""Group commit: concurrent small writes share transactions, each caller answered after its commit."""

from __future__ import annotations

import asyncio
import threading
from datetime import timedelta
from pathlib import Path

from sqlalchemy import Connection, event, func, select

from handlers.clock import ManualClock
from storage.db import Database
from storage.group_commit import WRITER_THREAD, GroupCommit
from storage.preferences import PreferenceStore, UserPrefRow
from storage.questions import QuestionRow, QuestionStore
from storage.slack_state import SlackEventStore


def _count_commits(writes: GroupCommit) -> list[int]:
    commits: list[int] = []
    event.listen(writes.engine, "commit", lambda _conn: commits.append(1))
    return commits


async def _log(store: QuestionStore, clock: ManualClock, text: str) -> int:
    return await store.log(platform="slack", workspace="T1", channel="D1", user="U1", text=text,
                           lang="nb", slug=None, score=0.0, abstained=True, now=clock.now())


async def test_questions_logged_together_get_their_own_ids_and_share_transactions(
    db: Database, clock: ManualClock
) -> None:
    store = QuestionStore(db)
    await _log(store, clock, "first, alone")
    commits = _count_commits(db.writes)
    texts = [f"question {i}" for i in range(30)]
    ids = await asyncio.gather(*(_log(store, clock, text) for text in texts))
    assert 1 <= len(commits) < 30
    assert len(set(ids)) == 30
    for text, qid in zip(texts, ids, strict=True):
        asked = await store.get(qid)
        assert asked is not None and asked.text == text


async def test_a_write_is_committed_when_its_caller_resumes(db: Database, clock: ManualClock) -> None:
    store = QuestionStore(db)
    other_instance = Database(db.url, schema=await _schema_of(db))
    try:
        qid = await _log(store, clock, "hva er lup")
        async with other_instance.session() as session:
            assert await session.get(QuestionRow, qid) is not None
    finally:
        await other_instance.dispose()


async def test_claims_questions_and_languages_arriving_together_share_one_writer(
    db: Database, clock: ManualClock
) -> None:
    claims, questions, prefs = SlackEventStore(db), QuestionStore(db), PreferenceStore(db)
    results = await asyncio.gather(
        *(claims.claim(f"Ev{i}", "T1", clock.now()) for i in range(10)),
        *(_log(questions, clock, f"q{i}") for i in range(10)),
        *(prefs.set_language("slack", "T1", f"U{i}", "en", clock.now()) for i in range(10)),
    )
    assert results[:10] == [True] * 10
    assert len(set(results[10:20])) == 10
    assert [await prefs.language("slack", "T1", f"U{i}") for i in range(10)] == ["en"] * 10


async def test_a_batch_larger_than_the_limit_is_split_and_every_caller_answered(
    db: Database, clock: ManualClock
) -> None:
    writes = GroupCommit(db.write_transactions(), max_batch=7)
    commits = _count_commits(writes)

    def echo(_conn: Connection, items: list[int]) -> list[int]:
        return [i * 10 for i in items]

    try:
        assert await asyncio.gather(*(writes.submit(echo, i) for i in range(40))) == [i * 10 for i in range(40)]
    finally:
        await writes.close()
    assert 6 <= len(commits) <= 40


async def test_one_failing_write_fails_only_its_own_caller(db: Database, clock: ManualClock) -> None:
    store = QuestionStore(db)

    def refuse(_conn: Connection, items: list[str]) -> list[None]:
        raise ValueError(f"refused {items}")

    outcomes = await asyncio.gather(
        *(_log(store, clock, f"kept {i}") for i in range(5)),
        db.writes.submit(refuse, "bad"),
        *(_log(store, clock, f"kept too {i}") for i in range(5)),
        return_exceptions=True,
    )
    assert isinstance(outcomes[5], ValueError)
    kept = [o for i, o in enumerate(outcomes) if i != 5]
    assert all(isinstance(o, int) for o in kept)
    async with db.reading() as conn:
        assert (await conn.execute(select(func.count()).select_from(QuestionRow.__table__))).scalar_one() == 10


async def test_an_unchanged_language_is_not_rewritten(db: Database, clock: ManualClock) -> None:
    prefs = PreferenceStore(db)
    first = clock.now()
    await prefs.set_language("slack", "T1", "U1", "nb", first)
    later = first + timedelta(hours=1)
    await prefs.set_language("slack", "T1", "U1", "nb", later)
    assert await _updated_at(db, "U1") == first
    await prefs.set_language("slack", "T1", "U1", "en", later)
    assert await prefs.language("slack", "T1", "U1") == "en"
    assert await _updated_at(db, "U1") == later


async def test_the_later_of_two_choices_in_one_batch_is_kept(db: Database, clock: ManualClock) -> None:
    prefs = PreferenceStore(db)
    await prefs.set_language("slack", "T1", "U1", "nb", clock.now())
    await asyncio.gather(*(prefs.set_language("slack", "T1", "U1", lang, clock.now()) for lang in ("en", "nb", "en")))
    assert await prefs.language("slack", "T1", "U1") == "en"


async def test_dispose_waits_for_writes_in_flight(tmp_path: Path, clock: ManualClock) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/drain.db")
    await db.create_schema()
    store = QuestionStore(db)
    pending = [asyncio.create_task(_log(store, clock, f"q{i}")) for i in range(20)]
    await asyncio.sleep(0)
    await db.dispose()
    assert all(isinstance(qid, int) for qid in await asyncio.gather(*pending))
    reopened = Database(f"sqlite+aiosqlite:///{tmp_path}/drain.db")
    try:
        async with reopened.reading() as conn:
            assert (await conn.execute(select(func.count()).select_from(QuestionRow.__table__))).scalar_one() == 20
    finally:
        await reopened.dispose()


async def _updated_at(db: Database, user: str) -> object:
    table = UserPrefRow.__table__
    async with db.reading() as conn:
        return (await conn.execute(select(table.c.updated_at).where(table.c.user == user))).scalar_one()


async def _schema_of(db: Database) -> str | None:
    if db.dialect != "postgresql":
        return None
    async with db.reading() as conn:
        return str((await conn.execute(select(func.current_schema()))).scalar_one())


async def test_two_instances_logging_at_once_never_share_an_id(db: Database, clock: ManualClock) -> None:
    other_instance = Database(db.url, schema=await _schema_of(db))
    try:
        here, there = QuestionStore(db), QuestionStore(other_instance)
        texts = [f"question {i}" for i in range(40)]
        ids = await asyncio.gather(
            *(_log(here if i % 2 else there, clock, text) for i, text in enumerate(texts))
        )
        assert len(set(ids)) == 40
        for text, qid in zip(texts, ids, strict=True):
            asked = await here.get(qid)
            assert asked is not None and asked.text == text
    finally:
        await other_instance.dispose()


async def test_a_batch_on_an_sqlite_file_runs_whole_in_the_writer_thread_and_elsewhere_on_the_loop(
    db: Database,
) -> None:
    ran_in: list[str] = []

    def where(_conn: Connection, items: list[int]) -> list[int]:
        ran_in.append(threading.current_thread().name)
        return items

    assert await asyncio.gather(*(db.writes.submit(where, i) for i in range(5))) == list(range(5))
    on_file = db.dialect == "sqlite"
    assert ran_in and all(name.startswith(WRITER_THREAD) == on_file for name in ran_in)
    if not on_file:
        assert set(ran_in) == {threading.current_thread().name}  # asyncpg: on the event loop


async def test_an_in_memory_sqlite_database_writes_through_its_own_engine(clock: ManualClock) -> None:
    db = Database("sqlite+aiosqlite:///:memory:")
    try:
        await db.create_schema()
        store = QuestionStore(db)
        ids = await asyncio.gather(*(_log(store, clock, f"q{i}") for i in range(10)))
        assert len(set(ids)) == 10
        assert (await store.get(ids[-1])) is not None
    finally:
        await db.dispose()


async def test_dispose_stops_the_writer_thread(tmp_path: Path, clock: ManualClock) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/threads.db")
    await db.create_schema()
    await _log(QuestionStore(db), clock, "hva er lup")
    assert any(t.name.startswith(WRITER_THREAD) for t in threading.enumerate())
    await db.dispose()
    assert not any(t.name.startswith(WRITER_THREAD) for t in threading.enumerate())
