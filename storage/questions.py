"""Every question asked with its outcome, and every feedback vote: the curation loop's raw data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    Boolean,
    Connection,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    insert,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UTCDateTime
from storage.db import Database


class QuestionRow(Base):
    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    platform: Mapped[str] = mapped_column(String(16))
    workspace: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(128))
    user: Mapped[str] = mapped_column(String(128))
    text: Mapped[str] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(2))
    slug: Mapped[str | None] = mapped_column(String(128), nullable=True)
    score: Mapped[float] = mapped_column(Float)
    abstained: Mapped[bool] = mapped_column(Boolean, index=True)
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class VoteRow(Base):
    __tablename__ = "feedback_votes"
    __table_args__ = (UniqueConstraint("question_id", "platform", "workspace", "user", name="uq_vote_per_user"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    question_id: Mapped[int | None] = mapped_column(ForeignKey("questions.id", ondelete="SET NULL"), nullable=True)
    slug: Mapped[str] = mapped_column(String(128), index=True)
    platform: Mapped[str] = mapped_column(String(16))
    workspace: Mapped[str] = mapped_column(String(64))
    user: Mapped[str] = mapped_column(String(128))
    helpful: Mapped[bool] = mapped_column(Boolean)
    voted_at: Mapped[datetime] = mapped_column(UTCDateTime())


@dataclass(frozen=True)
class AskedQuestion:
    """A logged question."""

    id: int
    text: str
    lang: str
    slug: str | None
    score: float
    abstained: bool
    asked_at: datetime


@dataclass(frozen=True)
class VoteTally:
    """Helpful / not helpful votes for one article."""

    slug: str
    helpful: int
    not_helpful: int


class QuestionStore:
    """Logs questions and votes; reads them back for `lupbot kb gaps`."""

    def __init__(self, db: Database) -> None:
        self._db = db
        # Built once; executed with a batch of rows, ids returned in the rows' order.
        self._insert = insert(QuestionRow).returning(QuestionRow.id, sort_by_parameter_order=True)
        self._insert_plain = insert(QuestionRow)
        self._last_rowid = select(func.last_insert_rowid())

    async def log(
        self,
        *,
        platform: str,
        workspace: str,
        channel: str,
        user: str,
        text: str,
        lang: str,
        slug: str | None,
        score: float,
        abstained: bool,
        now: datetime,
    ) -> int:
        """Record a question and its outcome (committed when this returns); returns its id."""
        row: dict[str, object] = {
            "platform": platform, "workspace": workspace, "channel": channel, "user": user,
            "text": text[:4000], "lang": lang, "slug": slug, "score": score, "abstained": abstained,
            "asked_at": now,
        }
        return await self._db.writes.submit(self._insert_questions, row)

    def _insert_questions(self, conn: Connection, rows: list[dict[str, object]]) -> list[int]:
        if conn.dialect.name != "sqlite":
            return [int(i) for i in conn.execute(self._insert, rows).scalars().all()]
        # SQLite cannot say which RETURNING row belongs to which parameter set, so SQLAlchemy
        # would insert the batch one statement per row. One executemany instead: from its first
        # row on this transaction holds the write lock, and SQLite gives each new row the
        # largest rowid so far plus one, so the batch's ids are the run ending at the last one.
        conn.execute(self._insert_plain, rows)
        last = int(conn.execute(self._last_rowid).scalar_one())
        return list(range(last - len(rows) + 1, last + 1))

    async def vote(
        self,
        *,
        question_id: int | None,
        slug: str,
        platform: str,
        workspace: str,
        user: str,
        helpful: bool,
        now: datetime,
    ) -> None:
        """Record a vote; a user voting again on the same answer changes their vote."""
        async with self._db.session() as session:
            existing = None
            if question_id is not None:
                if await session.get(QuestionRow, question_id) is None:
                    question_id = None
            if question_id is not None:
                existing = (
                    await session.execute(
                        select(VoteRow).where(
                            VoteRow.question_id == question_id,
                            VoteRow.platform == platform,
                            VoteRow.workspace == workspace,
                            VoteRow.user == user,
                        ).with_for_update()
                    )
                ).scalar_one_or_none()
            if existing is not None:
                existing.helpful = helpful
                existing.voted_at = now
            else:
                session.add(VoteRow(question_id=question_id, slug=slug, platform=platform,
                                    workspace=workspace, user=user, helpful=helpful, voted_at=now))

    async def get(self, question_id: int) -> AskedQuestion | None:
        async with self._db.session() as session:
            row = await session.get(QuestionRow, question_id)
            return _asked(row) if row else None

    async def unanswered(self, limit: int = 5000) -> list[AskedQuestion]:
        """The most recent questions the bot abstained on."""
        async with self._db.session() as session:
            rows = (
                await session.execute(
                    select(QuestionRow).where(QuestionRow.abstained.is_(True))
                    .order_by(QuestionRow.asked_at.desc()).limit(limit)
                )
            ).scalars().all()
            return [_asked(r) for r in rows]

    async def tallies(self) -> list[VoteTally]:
        """Votes per article, most "not helpful" first."""
        async with self._db.session() as session:
            helpful = func.sum(func.cast(VoteRow.helpful, Integer))
            total = func.count(VoteRow.id)
            rows = (await session.execute(select(VoteRow.slug, helpful, total).group_by(VoteRow.slug))).all()
        tallies = [VoteTally(slug=s, helpful=int(h or 0), not_helpful=int(t) - int(h or 0)) for s, h, t in rows]
        return sorted(tallies, key=lambda v: (-v.not_helpful, v.slug))


def _asked(row: QuestionRow) -> AskedQuestion:
    return AskedQuestion(id=row.id, text=row.text, lang=row.lang, slug=row.slug, score=row.score,
                         abstained=row.abstained, asked_at=row.asked_at)
