"""Each user's reply language, remembered so short commands and button presses keep it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, select
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UTCDateTime
from storage.db import Database
from storage.upsert import insert_for


class UserPrefRow(Base):
    __tablename__ = "user_prefs"

    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    workspace: Mapped[str] = mapped_column(String(64), primary_key=True)
    user: Mapped[str] = mapped_column(String(128), primary_key=True)
    lang: Mapped[str] = mapped_column(String(2))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PreferenceStore:
    """Reads and writes per-user language preferences."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def language(self, platform: str, workspace: str, user: str) -> str | None:
        async with self._db.session() as session:
            return (
                await session.execute(
                    select(UserPrefRow.lang).where(
                        UserPrefRow.platform == platform, UserPrefRow.workspace == workspace, UserPrefRow.user == user
                    )
                )
            ).scalar_one_or_none()

    async def set_language(self, platform: str, workspace: str, user: str, lang: str, now: datetime) -> None:
        async with self._db.session() as session:
            stmt = insert_for(session, UserPrefRow).values(
                platform=platform, workspace=workspace, user=user, lang=lang, updated_at=now
            )
            await session.execute(
                stmt.on_conflict_do_update(
                    index_elements=["platform", "workspace", "user"], set_={"lang": lang, "updated_at": now}
                )
            )
