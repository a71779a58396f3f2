"""Where the bot can write to later: conversation references and users' platform account ids.

A platform adapter saves a reference for every conversation it hears from (Teams: on each
message, `conversationUpdate` and `installationUpdate`), so reminders can be posted proactively
from any instance, after any restart. The reference itself is the platform's own JSON, kept
opaque here; this module knows no platform.

Minimum interface: `save`, `get`, `personal`, `any_in_workspace`, `deactivate`,
`save_account`, `account`, `names`.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Index, String, Text, select, update
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UTCDateTime
from storage.db import Database
from storage.upsert import insert_for

PERSONAL = "personal"


class ConversationRefRow(Base):
    __tablename__ = "conversation_refs"
    __table_args__ = (
        Index("ix_conversation_refs_personal", "platform", "workspace", "user"),
        Index("ix_conversation_refs_workspace", "platform", "workspace", "updated_at"),
    )

    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    conversation: Mapped[str] = mapped_column(String(512), primary_key=True)
    workspace: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(16))  # "personal" | "channel" | "groupChat" | …
    user: Mapped[str | None] = mapped_column(
        String(256), nullable=True
    )  # the other party of a personal chat
    service_url: Mapped[str] = mapped_column(String(512))
    reference: Mapped[str] = mapped_column(Text)  # the platform's reference, as JSON
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class UserAccountRow(Base):
    __tablename__ = "user_accounts"

    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    workspace: Mapped[str] = mapped_column(String(128), primary_key=True)
    # The id handlers see (Teams: the AAD object id), the id the platform addresses (Teams: "29:…"),
    # and the display name, so replies can name people instead of showing ids.
    user: Mapped[str] = mapped_column(String(256), primary_key=True)
    account: Mapped[str] = mapped_column(String(256))
    name: Mapped[str | None] = mapped_column(String(256), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


@dataclass(frozen=True)
class ConversationRef:
    """A conversation the bot may write to, with the platform's opaque reference."""

    platform: str
    conversation: str
    workspace: str
    kind: str
    service_url: str
    reference: dict[str, Any]
    user: str | None = None
    active: bool = True
    updated_at: datetime | None = None

    @property
    def is_personal(self) -> bool:
        return self.kind == PERSONAL


def _from_row(row: ConversationRefRow) -> ConversationRef:
    return ConversationRef(
        platform=row.platform,
        conversation=row.conversation,
        workspace=row.workspace,
        kind=row.kind,
        service_url=row.service_url,
        reference=json.loads(row.reference),
        user=row.user,
        active=row.active,
        updated_at=row.updated_at,
    )


class ConversationStore:
    """Reads and writes conversation references and platform account ids."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def save(self, ref: ConversationRef, now: datetime) -> None:
        """Insert or refresh a reference; saving marks the conversation active again."""
        values = {
            "workspace": ref.workspace,
            "kind": ref.kind,
            "user": ref.user,
            "service_url": ref.service_url,
            "reference": json.dumps(ref.reference, sort_keys=True),
            "active": True,
            "updated_at": now,
        }
        async with self._db.session() as session:
            stmt = insert_for(session, ConversationRefRow).values(
                platform=ref.platform, conversation=ref.conversation, **values
            )
            await session.execute(
                stmt.on_conflict_do_update(index_elements=["platform", "conversation"], set_=values)
            )

    async def get(self, platform: str, conversation: str) -> ConversationRef | None:
        async with self._db.session() as session:
            row = await session.get(ConversationRefRow, (platform, conversation))
            return _from_row(row) if row is not None else None

    async def personal(self, platform: str, workspace: str, user: str) -> ConversationRef | None:
        """The most recent active one-to-one conversation with `user`, if the bot has one."""
        async with self._db.session() as session:
            row = (
                await session.execute(
                    select(ConversationRefRow)
                    .where(
                        ConversationRefRow.platform == platform,
                        ConversationRefRow.workspace == workspace,
                        ConversationRefRow.user == user,
                        ConversationRefRow.kind == PERSONAL,
                        ConversationRefRow.active.is_(True),
                    )
                    .order_by(ConversationRefRow.updated_at.desc())
                    .limit(1)
                )
            ).scalar_one_or_none()
            return _from_row(row) if row is not None else None

    async def any_in_workspace(self, platform: str, workspace: str) -> ConversationRef | None:
        """The most recently heard-from active conversation in a workspace (for its service address)."""
        async with self._db.session() as session:
            row = (
                await session.execute(
                    select(ConversationRefRow)
                    .where(
                        ConversationRefRow.platform == platform,
                        ConversationRefRow.workspace == workspace,
                        ConversationRefRow.active.is_(True),
                    )
                    .order_by(ConversationRefRow.updated_at.desc())
                    .limit(1)
                )
            ).scalar_one_or_none()
            return _from_row(row) if row is not None else None

    async def deactivate(self, platform: str, conversation: str, now: datetime) -> None:
        """The bot was removed from a conversation: keep the row, stop writing there."""
        async with self._db.session() as session:
            await session.execute(
                update(ConversationRefRow)
                .where(
                    ConversationRefRow.platform == platform,
                    ConversationRefRow.conversation == conversation,
                )
                .values(active=False, updated_at=now)
            )

    async def save_account(
        self,
        platform: str,
        workspace: str,
        user: str,
        account: str,
        now: datetime,
        name: str | None = None,
    ) -> None:
        """Remember the platform's own address (Teams: "29:…") and display name for a user."""
        async with self._db.session() as session:
            stmt = insert_for(session, UserAccountRow).values(
                platform=platform,
                workspace=workspace,
                user=user,
                account=account,
                name=name,
                updated_at=now,
            )
            changes: dict[str, object] = {"account": account, "updated_at": now}
            if name:
                changes["name"] = name
            await session.execute(
                stmt.on_conflict_do_update(
                    index_elements=["platform", "workspace", "user"], set_=changes
                )
            )

    async def names(self, platform: str, workspace: str, users: Collection[str]) -> dict[str, str]:
        """Display names of those `users` the platform has told us about."""
        if not users:
            return {}
        async with self._db.session() as session:
            rows = await session.execute(
                select(UserAccountRow.user, UserAccountRow.name).where(
                    UserAccountRow.platform == platform,
                    UserAccountRow.workspace == workspace,
                    UserAccountRow.user.in_(list(users)),
                    UserAccountRow.name.is_not(None),
                )
            )
            return {user: name for user, name in rows.all() if name}

    async def account(self, platform: str, workspace: str, user: str) -> str | None:
        async with self._db.session() as session:
            row = await session.get(UserAccountRow, (platform, workspace, user))
            return row.account if row is not None else None
