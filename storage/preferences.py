"""Each user's reply language, remembered so short commands and button presses keep it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, String, bindparam, select
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UTCDateTime
from storage.db import Database
from storage.upsert import insert_on


class UserPrefRow(Base):
    __tablename__ = "user_prefs"

    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    workspace: Mapped[str] = mapped_column(String(64), primary_key=True)
    user: Mapped[str] = mapped_column(String(128), primary_key=True)
    lang: Mapped[str] = mapped_column(String(2))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


@dataclass(frozen=True)
class _Choice:
    platform: str
    workspace: str
    user: str
    lang: str
    now: datetime


class PreferenceStore:
    """Reads and writes per-user language preferences."""

    def __init__(self, db: Database) -> None:
        self._db = db
        table = UserPrefRow.__table__
        self._read = select(table.c.lang).where(
            table.c.platform == bindparam("platform"),
            table.c.workspace == bindparam("workspace"),
            table.c.user == bindparam("user"),
        )
        upsert = insert_on(db.dialect, table)
        # The row is only rewritten when the language differs: read and write in one statement.
        self._upsert = upsert.on_conflict_do_update(
            index_elements=["platform", "workspace", "user"],
            set_={"lang": upsert.excluded.lang, "updated_at": upsert.excluded.updated_at},
            where=table.c.lang != upsert.excluded.lang,
        )

    async def language(self, platform: str, workspace: str, user: str) -> str | None:
        params = {"platform": platform, "workspace": workspace, "user": user}
        async with self._db.reading() as conn:
            return (await conn.execute(self._read, params)).scalar_one_or_none()

    async def set_language(self, platform: str, workspace: str, user: str, lang: str, now: datetime) -> None:
        """Remember `lang` (committed when this returns); a language already stored is not rewritten."""
        await self._db.writes.submit(self._upsert_choices, _Choice(platform, workspace, user, lang, now))

    def _upsert_choices(self, conn: Connection, choices: list[_Choice]) -> list[None]:
        """One upsert for a batch; a user choosing twice in one batch keeps the later choice."""
        latest = {(c.platform, c.workspace, c.user): c for c in choices}
        rows = [
            {"platform": c.platform, "workspace": c.workspace, "user": c.user, "lang": c.lang, "updated_at": c.now}
            for c in latest.values()
        ]
        conn.execute(self._upsert, rows)
        return [None] * len(choices)
