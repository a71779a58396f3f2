"""Checklist runs: one row per run in a thread, with its steps snapshot, marks, version and event log.

A run is keyed by (platform, workspace, channel, thread); at most one run per thread is active,
which a partial unique index enforces on SQLite and PostgreSQL alike. Every transition is one
`UPDATE … WHERE id = :id AND version = :v` plus its event row, in one transaction: of two
concurrent presses of the same button exactly one matches the version and advances the run.

Minimum interface (used by the checklist handler and the Slack App Home):
`start`, `get`, `in_thread`, `latest_in_channel`, `transition`, `events`,
`active_runs_for_user`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from knowledge.model import Step
from storage.base import Base, UTCDateTime
from storage.db import Database

ACTIVE = "active"
FINISHED = "finished"
STOPPED = "stopped"
DONE = "done"
SKIPPED = "skipped"


class ChecklistRunRow(Base):
    __tablename__ = "checklist_runs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    workspace: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(128))
    thread: Mapped[str] = mapped_column(String(128))  # "" when the platform has no thread
    slug: Mapped[str] = mapped_column(String(128))
    title: Mapped[str] = mapped_column(Text)
    title_en: Mapped[str] = mapped_column(Text)
    next_slug: Mapped[str | None] = mapped_column(String(128), nullable=True)
    steps: Mapped[Any] = mapped_column(
        JSON
    )  # the steps the run started with: later file edits never reach it
    marks: Mapped[Any] = mapped_column(JSON)  # per step: null or {"state", "user", "at"}
    position: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer)
    started_by: Mapped[str] = mapped_column(String(128))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    finished_by: Mapped[str | None] = mapped_column(String(128), nullable=True)


# Two runs can never be active in one thread, even when two people start one at the same moment.
Index(
    "uq_checklist_run_active_thread",
    ChecklistRunRow.platform,
    ChecklistRunRow.workspace,
    ChecklistRunRow.channel,
    ChecklistRunRow.thread,
    unique=True,
    sqlite_where=ChecklistRunRow.status == ACTIVE,
    postgresql_where=ChecklistRunRow.status == ACTIVE,
)
Index(
    "ix_checklist_runs_place",
    ChecklistRunRow.platform,
    ChecklistRunRow.workspace,
    ChecklistRunRow.channel,
)


class ChecklistEventRow(Base):
    __tablename__ = "checklist_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(
        ForeignKey("checklist_runs.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    user: Mapped[str] = mapped_column(String(128), index=True)
    action: Mapped[str] = mapped_column(String(16))  # start | done | skip | back | stop | finish
    step_index: Mapped[int | None] = mapped_column(Integer, nullable=True)
    step_id: Mapped[str | None] = mapped_column(String(128), nullable=True)


@dataclass(frozen=True)
class StepMark:
    """What happened to a step: done or skipped, by whom, when."""

    state: str  # DONE | SKIPPED
    user: str
    at: datetime


@dataclass(frozen=True)
class Run:
    """One checklist run as stored; `position` is the current step (== len(steps) once finished)."""

    id: str
    platform: str
    workspace: str
    channel: str
    thread: str
    slug: str
    title: str
    title_en: str
    next_slug: str | None
    steps: tuple[Step, ...]
    marks: tuple[StepMark | None, ...]
    position: int
    status: str
    version: int
    started_by: str
    started_at: datetime
    updated_at: datetime
    finished_at: datetime | None = None
    finished_by: str | None = None

    @property
    def active(self) -> bool:
        return self.status == ACTIVE

    def title_in(self, lang: str) -> str:
        return self.title_en if lang == "en" and self.title_en else self.title

    def count(self, state: str) -> int:
        return sum(1 for m in self.marks if m is not None and m.state == state)


@dataclass(frozen=True)
class RunEvent:
    """One entry of a run's log: who did what to which step, when."""

    at: datetime
    user: str
    action: str
    step_index: int | None = None
    step_id: str | None = None


@dataclass(frozen=True)
class NewRun:
    """What starting a run needs."""

    platform: str
    workspace: str
    channel: str
    thread: str
    slug: str
    title: str
    title_en: str
    next_slug: str | None
    steps: tuple[Step, ...]
    user: str


@dataclass(frozen=True)
class Started:
    """The outcome of `start`: the new run, or the run already active in that thread."""

    run: Run
    created: bool


@dataclass(frozen=True)
class Change:
    """A transition to write: the run's new state and the event that explains it."""

    marks: tuple[StepMark | None, ...]
    position: int
    status: str
    events: tuple[RunEvent, ...]  # the first names who made the change


def _mark_to_json(mark: StepMark | None) -> dict[str, str] | None:
    if mark is None:
        return None
    return {"state": mark.state, "user": mark.user, "at": mark.at.isoformat()}


def _mark_from_json(raw: object) -> StepMark | None:
    if not isinstance(raw, dict):
        return None
    try:
        return StepMark(
            state=str(raw["state"]),
            user=str(raw["user"]),
            at=datetime.fromisoformat(str(raw["at"])),
        )
    except (KeyError, ValueError):
        return None


def _step_to_json(step: Step) -> dict[str, str]:
    return {
        "id": step.id,
        "text": step.text,
        "text_en": step.text_en,
        "article": step.article,
        "detail": step.detail,
        "detail_en": step.detail_en,
    }


def _step_from_json(raw: object, index: int) -> Step:
    data = raw if isinstance(raw, dict) else {}
    return Step(
        id=str(data.get("id") or f"step-{index + 1}"),
        text=str(data.get("text") or ""),
        text_en=str(data.get("text_en") or ""),
        article=str(data.get("article") or ""),
        detail=str(data.get("detail") or ""),
        detail_en=str(data.get("detail_en") or ""),
    )


def _run(row: ChecklistRunRow) -> Run:
    raw_steps = row.steps if isinstance(row.steps, list) else []
    steps = tuple(_step_from_json(s, i) for i, s in enumerate(raw_steps))
    raw_marks = row.marks if isinstance(row.marks, list) else []
    marks = tuple(
        _mark_from_json(raw_marks[i]) if i < len(raw_marks) else None for i in range(len(steps))
    )
    return Run(
        id=row.id,
        platform=row.platform,
        workspace=row.workspace,
        channel=row.channel,
        thread=row.thread,
        slug=row.slug,
        title=row.title,
        title_en=row.title_en,
        next_slug=row.next_slug,
        steps=steps,
        marks=marks,
        position=max(0, min(row.position, len(steps))),
        status=row.status,
        version=row.version,
        started_by=row.started_by,
        started_at=row.started_at,
        updated_at=row.updated_at,
        finished_at=row.finished_at,
        finished_by=row.finished_by,
    )


def _event(row: ChecklistEventRow) -> RunEvent:
    return RunEvent(
        at=row.at, user=row.user, action=row.action, step_index=row.step_index, step_id=row.step_id
    )


class ChecklistRunStore:
    """Reads and writes checklist runs; each method is one transaction."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def start(self, new: NewRun, now: datetime) -> Started:
        """Start a run in a thread, unless one is already active there (then return that one)."""
        existing = await self._active_in_thread(
            new.platform, new.workspace, new.channel, new.thread
        )
        if existing is not None:
            return Started(existing, created=False)
        row = ChecklistRunRow(
            id=uuid.uuid4().hex,
            platform=new.platform,
            workspace=new.workspace,
            channel=new.channel,
            thread=new.thread,
            slug=new.slug,
            title=new.title,
            title_en=new.title_en,
            next_slug=new.next_slug,
            steps=[_step_to_json(s) for s in new.steps],
            marks=[None] * len(new.steps),
            position=0,
            status=ACTIVE,
            version=1,
            started_by=new.user,
            started_at=now,
            updated_at=now,
        )
        try:
            async with self._db.session() as session:
                session.add(row)
                await session.flush()
                session.add(ChecklistEventRow(run_id=row.id, at=now, user=new.user, action="start"))
        except IntegrityError:
            # Someone else started a run in this thread between our check and our insert.
            existing = await self._active_in_thread(
                new.platform, new.workspace, new.channel, new.thread
            )
            if existing is None:
                raise
            return Started(existing, created=False)
        return Started(_run(row), created=True)

    async def get(self, run_id: str) -> Run | None:
        async with self._db.session() as session:
            row = await session.get(ChecklistRunRow, run_id)
            return _run(row) if row is not None else None

    async def in_thread(
        self, platform: str, workspace: str, channel: str, thread: str
    ) -> Run | None:
        """The thread's active run, else its most recently started one (finished or stopped)."""
        async with self._db.session() as session:
            rows = (
                (
                    await session.execute(
                        select(ChecklistRunRow)
                        .where(
                            ChecklistRunRow.platform == platform,
                            ChecklistRunRow.workspace == workspace,
                            ChecklistRunRow.channel == channel,
                            ChecklistRunRow.thread == thread,
                        )
                        .order_by(ChecklistRunRow.started_at.desc(), ChecklistRunRow.id)
                        .limit(20)
                    )
                )
                .scalars()
                .all()
            )
        for row in rows:
            if row.status == ACTIVE:
                return _run(row)
        return _run(rows[0]) if rows else None

    async def latest_in_channel(self, platform: str, workspace: str, channel: str) -> Run | None:
        """The most recently touched active run anywhere in a channel, else the most recent run at all.

        A direct message typed outside the run's thread uses this.
        """
        place = (
            ChecklistRunRow.platform == platform,
            ChecklistRunRow.workspace == workspace,
            ChecklistRunRow.channel == channel,
        )
        recent = (ChecklistRunRow.updated_at.desc(), ChecklistRunRow.id)
        async with self._db.session() as session:
            row = (
                await session.execute(
                    select(ChecklistRunRow)
                    .where(*place, ChecklistRunRow.status == ACTIVE)
                    .order_by(*recent)
                    .limit(1)
                )
            ).scalar_one_or_none()
            if row is None:
                row = (
                    await session.execute(
                        select(ChecklistRunRow).where(*place).order_by(*recent).limit(1)
                    )
                ).scalar_one_or_none()
            return _run(row) if row is not None else None

    async def transition(self, run: Run, change: Change, now: datetime) -> Run | None:
        """Write `change` if nobody changed the run since it was read; None when someone did."""
        values: dict[str, Any] = {
            "marks": [_mark_to_json(m) for m in change.marks],
            "position": change.position,
            "status": change.status,
            "version": run.version + 1,
            "updated_at": now,
        }
        if change.status != ACTIVE:
            values["finished_at"] = now
            values["finished_by"] = change.events[0].user if change.events else None
        async with self._db.session() as session:
            result = await session.execute(
                update(ChecklistRunRow)
                .where(ChecklistRunRow.id == run.id, ChecklistRunRow.version == run.version)
                .values(**values)
                .execution_options(synchronize_session=False)
            )
            if result.rowcount != 1:  # type: ignore[attr-defined]
                return None
            for event in change.events:
                self._log(session, run.id, event)
            row = await session.get(ChecklistRunRow, run.id, populate_existing=True)
            assert row is not None
            return _run(row)

    async def events(self, run_id: str) -> list[RunEvent]:
        """The run's log, oldest first."""
        async with self._db.session() as session:
            rows = (
                (
                    await session.execute(
                        select(ChecklistEventRow)
                        .where(ChecklistEventRow.run_id == run_id)
                        .order_by(ChecklistEventRow.id)
                    )
                )
                .scalars()
                .all()
            )
            return [_event(r) for r in rows]

    async def active_runs_for_user(self, platform: str, workspace: str, user: str) -> list[Run]:
        """Active runs the user started or took part in, most recently touched first."""
        took_part = select(ChecklistEventRow.run_id).where(ChecklistEventRow.user == user)
        async with self._db.session() as session:
            rows = (
                (
                    await session.execute(
                        select(ChecklistRunRow)
                        .where(
                            ChecklistRunRow.platform == platform,
                            ChecklistRunRow.workspace == workspace,
                            ChecklistRunRow.status == ACTIVE,
                            or_(
                                ChecklistRunRow.started_by == user,
                                ChecklistRunRow.id.in_(took_part),
                            ),
                        )
                        .order_by(ChecklistRunRow.updated_at.desc(), ChecklistRunRow.id)
                    )
                )
                .scalars()
                .all()
            )
            return [_run(r) for r in rows]

    async def _active_in_thread(
        self, platform: str, workspace: str, channel: str, thread: str
    ) -> Run | None:
        async with self._db.session() as session:
            row = (
                await session.execute(
                    select(ChecklistRunRow).where(
                        ChecklistRunRow.platform == platform,
                        ChecklistRunRow.workspace == workspace,
                        ChecklistRunRow.channel == channel,
                        ChecklistRunRow.thread == thread,
                        ChecklistRunRow.status == ACTIVE,
                    )
                )
            ).scalar_one_or_none()
            return _run(row) if row is not None else None

    @staticmethod
    def _log(session: AsyncSession, run_id: str, event: RunEvent) -> None:
        session.add(
            ChecklistEventRow(
                run_id=run_id,
                at=event.at,
                user=event.user,
                action=event.action,
                step_index=event.step_index,
                step_id=event.step_id,
            )
        )
