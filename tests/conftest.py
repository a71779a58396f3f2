"""Shared fixtures: a clean environment, a manual clock, and databases (SQLite always, PostgreSQL when set)."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from handlers.clock import ManualClock
from storage.db import Database
from tests.fake_slack import FakeSlack

# Variables lupbot reads; cleared for every test so the developer's shell never leaks in.
LUPBOT_ENV = (
    "HOST", "PORT", "DATABASE_URL", "LUPBOT_KNOWLEDGE_DIR", "LUPBOT_TIMEZONE", "LUPBOT_FACILITATORS",
    "LUPBOT_ESCALATION_CHANNEL", "LUPBOT_SWEEP_SECONDS", "LUPBOT_LATE_GRACE_SECONDS", "LUPBOT_TEAMS",
    "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_APP_TOKEN",
    "SLACK_API_URL", "MICROSOFT_APP_ID", "MICROSOFT_APP_PASSWORD", "MICROSOFT_APP_TENANT_ID",
)
PG_URL = os.environ.get("TEST_DATABASE_URL")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in LUPBOT_ENV:
        monkeypatch.delenv(name, raising=False)
    yield


@pytest.fixture
def clock() -> ManualClock:
    """Monday 2026-11-23 13:00 UTC (14:00 in Oslo), the same "now" as the dev time set."""
    return ManualClock(datetime(2026, 11, 23, 13, 0, tzinfo=UTC))


def _db_params() -> list[object]:
    params: list[object] = ["sqlite"]
    params.append(pytest.param("postgresql", marks=pytest.mark.skipif(not PG_URL, reason="TEST_DATABASE_URL not set")))
    return params


async def make_pg_database() -> tuple[Database, str]:
    """A PostgreSQL database isolated in its own fresh schema (so parallel runs never collide)."""
    assert PG_URL
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = Database(PG_URL)
    async with admin.engine.begin() as conn:
        from sqlalchemy import text

        await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    await admin.dispose()
    return Database(PG_URL, schema=schema), schema


async def drop_pg_schema(schema: str) -> None:
    assert PG_URL
    admin = Database(PG_URL)
    async with admin.engine.begin() as conn:
        from sqlalchemy import text

        await conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    await admin.dispose()


@pytest.fixture(params=_db_params())
async def db(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """A fresh, migrated database: SQLite in a temp file, and PostgreSQL when TEST_DATABASE_URL is set."""
    if request.param == "sqlite":
        database = Database(f"sqlite+aiosqlite:///{tmp_path / 'test.db'}")
        await database.create_schema()
        yield database
        await database.dispose()
    else:
        database, schema = await make_pg_database()
        await database.create_schema()
        try:
            yield database
        finally:
            await database.dispose()
            await drop_pg_schema(schema)


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    """A local fake Slack Web API on a free port; user UADMIN is a workspace admin."""
    server = await FakeSlack(admins={"UADMIN"}).start()
    yield server
    await server.stop()
