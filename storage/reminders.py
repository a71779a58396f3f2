"""Events (gatherings, deadlines, reminders) and the reminder rows the dispatcher claims and sends.

The database is the source of truth for delivery: a row is claimed atomically (PostgreSQL
`FOR UPDATE SKIP LOCKED`, SQLite a conditional UPDATE, both in one statement) with a lease, so a
claim by a process that died is retaken once the lease expires; a recurring event is stored as a
rule and expanded one occurrence at a time under a unique constraint, so a restart never skips
or doubles an occurrence.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    bindparam,
    delete,
    exists,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.engine import CursorResult
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UTCDateTime
from storage.db import Database
from storage.upsert import insert_for

KINDS = ("gathering", "deadline", "reminder")
PENDING, SENDING, SENT, FAILED, CANCELLED = "pending", "sending", "sent", "failed", "cancelled"
CHANNEL = ""  # recipient of a row posted in the event's channel (otherwise: a user id, sent as a DM)


class ReminderEventRow(Base):
    __tablename__ = "reminder_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(Text)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())  # the first occurrence
    platform: Mapped[str] = mapped_column(String(16))
    workspace: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(128))  # where it was created
    thread: Mapped[str | None] = mapped_column(String(128), nullable=True)
    target_channel: Mapped[str] = mapped_column(String(128))  # where channel posts go
    target_label: Mapped[str | None] = mapped_column(String(128), nullable=True)  # e.g. "#nettverk"
    personal: Mapped[bool] = mapped_column(Boolean, default=False)  # DM to the owner, not a post
    owner: Mapped[str] = mapped_column(String(128))
    lang: Mapped[str] = mapped_column(String(2))
    offsets: Mapped[str] = mapped_column(String(256))  # seconds before each occurrence, "604800,86400"
    rule_freq: Mapped[str | None] = mapped_column(String(8), nullable=True)  # daily | weekly
    rule_weekday: Mapped[int | None] = mapped_column(Integer, nullable=True)
    rule_hour: Mapped[int | None] = mapped_column(Integer, nullable=True)
    rule_minute: Mapped[int | None] = mapped_column(Integer, nullable=True)
    rule_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    zone: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="active", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    cancelled_by: Mapped[str | None] = mapped_column(String(128), nullable=True)

    __table_args__ = (Index("ix_reminder_events_scope", "platform", "workspace", "kind"),)


class ReminderSubscriberRow(Base):
    """Users who pressed "remind me too": they get a DM for every reminder the channel gets."""

    __tablename__ = "reminder_subscribers"

    event_id: Mapped[int] = mapped_column(ForeignKey("reminder_events.id", ondelete="CASCADE"), primary_key=True)
    user: Mapped[str] = mapped_column(String(128), primary_key=True)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ReminderRow(Base):
    """One message to send at `due_at`: to the event's channel, or as a DM to `recipient`."""

    __tablename__ = "reminders"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("reminder_events.id", ondelete="CASCADE"), index=True)
    occurrence_at: Mapped[datetime] = mapped_column(UTCDateTime())
    offset_seconds: Mapped[int] = mapped_column(Integer)
    recipient: Mapped[str] = mapped_column(String(128), default=CHANNEL)
    platform: Mapped[str] = mapped_column(String(16))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16), default=PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    claimed_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (
        UniqueConstraint("event_id", "occurrence_at", "offset_seconds", "recipient", name="uq_reminder_occurrence"),
        Index("ix_reminders_due", "status", "next_attempt_at"),
        Index("ix_reminders_lease", "status", "lease_until"),
    )


@dataclass(frozen=True)
class Rule:
    """A stored repeat: daily or weekly at a local wall-clock time in `zone`, until a date."""

    freq: str
    hour: int
    minute: int
    weekday: int | None
    until: date | None
    zone: str


NextOccurrence = Callable[[Rule, datetime], "datetime | None"]


@dataclass(frozen=True)
class NewEvent:
    """What a command asks to store."""

    kind: str
    title: str
    starts_at: datetime
    platform: str
    workspace: str
    channel: str
    owner: str
    lang: str
    zone: str
    offsets: tuple[int, ...] = (0,)
    thread: str | None = None
    target_channel: str | None = None  # default: `channel`
    target_label: str | None = None
    personal: bool = False
    rule: Rule | None = None


@dataclass(frozen=True)
class Reminder:
    """One stored reminder row."""

    id: int
    event_id: int
    occurrence_at: datetime
    offset_seconds: int
    recipient: str
    due_at: datetime
    status: str
    attempts: int
    next_attempt_at: datetime
    sent_at: datetime | None
    last_error: str | None


@dataclass(frozen=True)
class Event:
    """A stored event with (when read through `get`/`list_events`) its reminder rows."""

    id: int
    kind: str
    title: str
    starts_at: datetime
    platform: str
    workspace: str
    channel: str
    thread: str | None
    target_channel: str
    target_label: str | None
    personal: bool
    owner: str
    lang: str
    offsets: tuple[int, ...]
    rule: Rule | None
    zone: str
    status: str
    created_at: datetime
    reminders: tuple[Reminder, ...] = ()

    @property
    def upcoming(self) -> tuple[Reminder, ...]:
        return tuple(r for r in self.reminders if r.status in (PENDING, SENDING))

    @property
    def failed(self) -> tuple[Reminder, ...]:
        return tuple(r for r in self.reminders if r.status == FAILED)


@dataclass(frozen=True)
class Claimed:
    """A reminder row this worker holds the lease on, with its event."""

    reminder: Reminder
    event: Event


@dataclass(frozen=True)
class Created:
    """A newly stored event, the rows it got, and the offsets skipped because they had passed."""

    event: Event
    skipped_offsets: tuple[int, ...]


@dataclass(frozen=True)
class Joined:
    """Outcome of "remind me too": how many DM reminders were added (0 and `already`: pressed before)."""

    event: Event | None
    added: int
    already: bool


def _rowcount(result: object) -> int:
    return int(cast(CursorResult[Any], result).rowcount or 0)


def _encode_offsets(offsets: Sequence[int]) -> str:
    return ",".join(str(o) for o in sorted(set(offsets), reverse=True))


def _decode_offsets(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(",") if part.strip())


def _rule(row: ReminderEventRow) -> Rule | None:
    if row.rule_freq is None:
        return None
    return Rule(row.rule_freq, row.rule_hour or 0, row.rule_minute or 0, row.rule_weekday, row.rule_until, row.zone)


def _reminder(row: ReminderRow) -> Reminder:
    return Reminder(
        id=row.id, event_id=row.event_id, occurrence_at=row.occurrence_at, offset_seconds=row.offset_seconds,
        recipient=row.recipient, due_at=row.due_at, status=row.status, attempts=row.attempts,
        next_attempt_at=row.next_attempt_at, sent_at=row.sent_at, last_error=row.last_error,
    )


def _event(row: ReminderEventRow, reminders: Sequence[ReminderRow] = ()) -> Event:
    return Event(
        id=row.id, kind=row.kind, title=row.title, starts_at=row.starts_at, platform=row.platform,
        workspace=row.workspace, channel=row.channel, thread=row.thread, target_channel=row.target_channel,
        target_label=row.target_label, personal=row.personal, owner=row.owner, lang=row.lang,
        offsets=_decode_offsets(row.offsets), rule=_rule(row), zone=row.zone, status=row.status,
        created_at=row.created_at,
        reminders=tuple(_reminder(r) for r in sorted(reminders, key=lambda r: (r.due_at, r.id))),
    )


class ReminderStore:
    """Reads and writes events and reminder rows; every method is one transaction."""

    def __init__(self, db: Database, next_occurrence: NextOccurrence | None = None) -> None:
        self._db = db
        self._next_occurrence = next_occurrence

    # --- writing events -------------------------------------------------------------------

    async def create(self, new: NewEvent, now: datetime) -> Created:
        """Store an event and a row for each offset still ahead of `now`."""
        (created,) = await self.create_many([new], now)
        return created

    async def create_many(self, events: Sequence[NewEvent], now: datetime) -> list[Created]:
        """Store several events in one transaction (used by imports and the benchmark)."""
        async with self._db.session() as session:
            event_rows: list[ReminderEventRow] = []
            for new in events:
                if new.kind not in KINDS:
                    raise ValueError(f"unknown event kind {new.kind!r}")
                if new.starts_at.tzinfo is None:
                    raise ValueError("starts_at must be aware")
                rule = new.rule
                event_rows.append(ReminderEventRow(
                    kind=new.kind, title=new.title, starts_at=new.starts_at, platform=new.platform,
                    workspace=new.workspace, channel=new.channel, thread=new.thread,
                    target_channel=new.target_channel or new.channel, target_label=new.target_label,
                    personal=new.personal, owner=new.owner, lang=new.lang, offsets=_encode_offsets(new.offsets),
                    rule_freq=rule.freq if rule else None, rule_weekday=rule.weekday if rule else None,
                    rule_hour=rule.hour if rule else None, rule_minute=rule.minute if rule else None,
                    rule_until=rule.until if rule else None, zone=new.zone, status="active", created_at=now,
                ))
            session.add_all(event_rows)
            await session.flush()  # assigns the event ids the reminder rows refer to
            per_event: list[tuple[list[ReminderRow], tuple[int, ...]]] = []
            for row, new in zip(event_rows, events, strict=True):
                offsets = _decode_offsets(row.offsets)
                recipient = new.owner if new.personal else CHANNEL
                ahead = [o for o in offsets if new.starts_at - timedelta(seconds=o) > now]
                reminder_rows = [self._row(row, new.starts_at, o, recipient, now) for o in ahead]
                per_event.append((reminder_rows, tuple(o for o in offsets if o not in ahead)))
                session.add_all(reminder_rows)
            await session.flush()
            return [Created(event=_event(row, rows), skipped_offsets=skipped)
                    for row, (rows, skipped) in zip(event_rows, per_event, strict=True)]

    @staticmethod
    def _row(event: ReminderEventRow, occurrence: datetime, offset: int, recipient: str, now: datetime) -> ReminderRow:
        due = occurrence - timedelta(seconds=offset)
        return ReminderRow(
            event_id=event.id, occurrence_at=occurrence, offset_seconds=offset, recipient=recipient,
            platform=event.platform, due_at=due, status=PENDING, attempts=0, next_attempt_at=due, created_at=now,
        )

    async def cancel(self, event_id: int, by: str, now: datetime) -> Event | None:
        """Cancel an event and every reminder not yet sent; None if there is no such active event."""
        async with self._db.session() as session:
            row = await session.get(ReminderEventRow, event_id, with_for_update=True)
            if row is None or row.status != "active":
                return None
            row.status, row.cancelled_at, row.cancelled_by = "cancelled", now, by
            await session.execute(
                update(ReminderRow)
                .where(ReminderRow.event_id == event_id, ReminderRow.status.in_((PENDING, SENDING)))
                .values(status=CANCELLED, lease_until=None)
            )
            return _event(row)

    async def join(self, event_id: int, user: str, now: datetime) -> Joined:
        """Add `user` as a subscriber: a DM copy of every channel reminder still to come."""
        async with self._db.session() as session:
            event = await session.get(ReminderEventRow, event_id)
            if event is None or event.status != "active":
                return Joined(None, 0, False)
            result = await session.execute(
                insert_for(session, ReminderSubscriberRow)
                .values(event_id=event_id, user=user, joined_at=now)
                .on_conflict_do_nothing(index_elements=["event_id", "user"])
            )
            already = _rowcount(result) == 0
            pending = (await session.execute(
                select(ReminderRow).where(
                    ReminderRow.event_id == event_id, ReminderRow.recipient == CHANNEL,
                    ReminderRow.status.in_((PENDING, SENDING)), ReminderRow.due_at > now,
                )
            )).scalars().all()
            targets = [(r.occurrence_at, r.offset_seconds) for r in pending]
            if not targets:
                latest = await self._latest_occurrence(session, event)
                if latest > now:
                    targets = [(latest, 0)]
            added = 0
            for occurrence, offset in targets:
                added += await self._insert_row(session, event, occurrence, offset, user, now)
            rows = await self._rows(session, event_id)
            return Joined(_event(event, rows), added, already and added == 0)

    # --- reading ---------------------------------------------------------------------------

    async def get(self, event_id: int) -> Event | None:
        async with self._db.session() as session:
            row = await session.get(ReminderEventRow, event_id)
            if row is None:
                return None
            return _event(row, await self._rows(session, event_id))

    async def list_events(
        self,
        platform: str,
        workspace: str,
        now: datetime,
        *,
        kinds: Sequence[str] = KINDS,
        channel: str | None = None,
        owner: str | None = None,
        limit: int = 50,
        failed_since: timedelta = timedelta(days=14),
    ) -> list[Event]:
        """Active events still to come (or with a recent failed reminder), soonest first.

        `channel` and `owner` narrow the scope; when both are given, either one matches.
        """
        async with self._db.session() as session:
            live = exists().where(
                ReminderRow.event_id == ReminderEventRow.id,
                or_(
                    ReminderRow.status.in_((PENDING, SENDING)),
                    and_(ReminderRow.status == FAILED, ReminderRow.due_at >= now - failed_since),
                ),
            )
            scope = []
            if channel is not None:
                # Someone else's personal reminder is never listed to the channel.
                scope.append(and_(ReminderEventRow.target_channel == channel, ReminderEventRow.personal.is_(False)))
            if owner is not None:
                scope.append(ReminderEventRow.owner == owner)
            stmt = select(ReminderEventRow).where(
                ReminderEventRow.platform == platform, ReminderEventRow.workspace == workspace,
                ReminderEventRow.status == "active", ReminderEventRow.kind.in_(tuple(kinds)),
                or_(live, ReminderEventRow.starts_at >= now),
            )
            if scope:
                stmt = stmt.where(or_(*scope))
            events = (await session.execute(stmt.limit(limit * 4))).scalars().all()
            if not events:
                return []
            rows = (await session.execute(
                select(ReminderRow).where(ReminderRow.event_id.in_([e.id for e in events]))
            )).scalars().all()
            by_event: dict[int, list[ReminderRow]] = {}
            for r in rows:
                by_event.setdefault(r.event_id, []).append(r)
            views = [_event(e, by_event.get(e.id, [])) for e in events]

        def soonest(view: Event) -> datetime:
            upcoming = [r.occurrence_at for r in view.upcoming]
            return min(upcoming) if upcoming else view.starts_at

        return sorted(views, key=soonest)[:limit]

    async def counts(self) -> dict[str, int]:
        """Reminder rows per status (for health checks, tests and the benchmark)."""
        async with self._db.session() as session:
            rows = (await session.execute(
                select(ReminderRow.status, func.count()).group_by(ReminderRow.status)
            )).all()
            return {status: int(n) for status, n in rows}

    # --- the dispatcher's side ---------------------------------------------------------------

    async def claim_due(
        self, now: datetime, platforms: Sequence[str], worker: str, *, limit: int = 100,
        lease: timedelta = timedelta(minutes=2),
    ) -> list[Claimed]:
        """Atomically take up to `limit` due rows (or rows whose previous claim's lease ran out)."""
        if not platforms:
            return []
        claimable = or_(
            and_(ReminderRow.status == PENDING, ReminderRow.next_attempt_at <= now),
            and_(ReminderRow.status == SENDING, ReminderRow.lease_until <= now),
        )
        async with self._db.session() as session:
            candidates = (
                select(ReminderRow.id)
                .where(ReminderRow.platform.in_(tuple(platforms)), claimable)
                .order_by(ReminderRow.next_attempt_at)
                .limit(limit)
            )
            if self._db.dialect == "postgresql":
                # Rows another instance is claiming right now are skipped, not waited for.
                candidates = candidates.with_for_update(skip_locked=True)
            claimed_ids = (await session.execute(
                update(ReminderRow)
                .where(ReminderRow.id.in_(candidates.scalar_subquery()), claimable)
                .values(status=SENDING, claimed_by=worker, lease_until=now + lease,
                        attempts=ReminderRow.attempts + 1)
                .returning(ReminderRow.id)
                .execution_options(synchronize_session=False)
            )).scalars().all()
            if not claimed_ids:
                return []
            pairs = (await session.execute(
                select(ReminderRow, ReminderEventRow)
                .join(ReminderEventRow, ReminderEventRow.id == ReminderRow.event_id)
                .where(ReminderRow.id.in_(claimed_ids))
                .order_by(ReminderRow.due_at)
                .execution_options(populate_existing=True)
            )).all()
            return [Claimed(_reminder(r), _event(e)) for r, e in pairs]

    async def mark_sent(self, sent: Sequence[tuple[int, datetime]], worker: str, now: datetime) -> None:
        """Record deliveries (row id, time sent) and expand the next occurrence of recurring events."""
        if not sent:
            return
        table = cast(Table, ReminderRow.__table__)
        async with self._db.session() as session:
            await session.execute(
                update(table)
                .where(table.c.id == bindparam("rid"), table.c.claimed_by == bindparam("worker"),
                       table.c.status == SENDING)
                .values(status=SENT, sent_at=bindparam("sat"), lease_until=None, last_error=None),
                [{"rid": rid, "worker": worker, "sat": at} for rid, at in sent],
            )
            await self._expand_after(session, [rid for rid, _ in sent], now)

    async def mark_retry(self, reminder_id: int, worker: str, next_attempt_at: datetime, error: str) -> None:
        """Give a claimed row back for another try at `next_attempt_at`, recording why."""
        async with self._db.session() as session:
            await session.execute(
                update(ReminderRow)
                .where(ReminderRow.id == reminder_id, ReminderRow.claimed_by == worker,
                       ReminderRow.status == SENDING)
                .values(status=PENDING, next_attempt_at=next_attempt_at, lease_until=None,
                        last_error=error[:2000])
            )

    async def mark_failed(self, reminder_id: int, worker: str, error: str, now: datetime) -> None:
        """Give up on a row (it stays visible as failed); a recurring event still moves on."""
        async with self._db.session() as session:
            await session.execute(
                update(ReminderRow)
                .where(ReminderRow.id == reminder_id, ReminderRow.claimed_by == worker,
                       ReminderRow.status == SENDING)
                .values(status=FAILED, lease_until=None, last_error=error[:2000])
            )
            await self._expand_after(session, [reminder_id], now)

    async def next_due(self, platforms: Sequence[str]) -> datetime | None:
        """When the dispatcher should next wake: the earliest due row or expiring lease."""
        if not platforms:
            return None
        async with self._db.session() as session:
            pending = (await session.execute(
                select(func.min(ReminderRow.next_attempt_at))
                .where(ReminderRow.status == PENDING, ReminderRow.platform.in_(tuple(platforms)))
            )).scalar()
            leased = (await session.execute(
                select(func.min(ReminderRow.lease_until))
                .where(ReminderRow.status == SENDING, ReminderRow.platform.in_(tuple(platforms)))
            )).scalar()
        return min((t for t in (pending, leased) if t is not None), default=None)

    async def ensure_upcoming(self, now: datetime) -> int:
        """Expand recurring events that have nothing pending (a safety net; normally done on send)."""
        async with self._db.session() as session:
            idle = (await session.execute(
                select(ReminderEventRow).where(
                    ReminderEventRow.status == "active", ReminderEventRow.rule_freq.is_not(None),
                    ~exists().where(ReminderRow.event_id == ReminderEventRow.id,
                                    ReminderRow.status.in_((PENDING, SENDING))),
                )
            )).scalars().all()
            added = 0
            for event in idle:
                latest = await self._latest_occurrence(session, event)
                added += await self._expand_event(session, event, latest, now)
            return added

    async def purge_before(self, before: datetime) -> int:
        """Delete events that ended before `before` and have nothing left to send (housekeeping)."""
        async with self._db.session() as session:
            result = await session.execute(
                delete(ReminderEventRow).where(
                    ReminderEventRow.starts_at < before, ReminderEventRow.rule_freq.is_(None),
                    ~exists().where(ReminderRow.event_id == ReminderEventRow.id,
                                    ReminderRow.status.in_((PENDING, SENDING))),
                )
            )
            return _rowcount(result)

    # --- recurrence ------------------------------------------------------------------------------

    async def _expand_after(self, session: AsyncSession, reminder_ids: Sequence[int], now: datetime) -> None:
        pairs = (await session.execute(
            select(ReminderRow.occurrence_at, ReminderEventRow)
            .join(ReminderEventRow, ReminderEventRow.id == ReminderRow.event_id)
            .where(ReminderRow.id.in_(tuple(reminder_ids)), ReminderEventRow.rule_freq.is_not(None),
                   ReminderEventRow.status == "active")
        )).all()
        done: set[tuple[int, datetime]] = set()
        for occurrence, event in pairs:
            if (event.id, occurrence) not in done:
                done.add((event.id, occurrence))
                await self._expand_event(session, event, occurrence, now)

    async def _expand_event(self, session: AsyncSession, event: ReminderEventRow, after: datetime,
                            now: datetime) -> int:
        """Insert the rows of the next occurrence after `after` (idempotent under the unique key).

        Occurrences that fell entirely inside a downtime are not replayed as a burst; the one that
        was already stored is sent late, and the rule continues from the next one still ahead.
        """
        rule = _rule(event)
        if rule is None or self._next_occurrence is None:
            return 0
        offsets = _decode_offsets(event.offsets)
        occurrence = self._next_occurrence(rule, after)
        if occurrence is not None and occurrence <= now:
            occurrence = self._next_occurrence(rule, now)
        recipients = [event.owner] if event.personal else [CHANNEL, *await self._subscribers(session, event.id)]
        for _ in range(64):
            if occurrence is None:
                return 0
            due = [o for o in offsets if occurrence - timedelta(seconds=o) > now]
            if due:
                added = 0
                for offset in due:
                    for recipient in recipients:
                        added += await self._insert_row(session, event, occurrence, offset, recipient, now)
                return added
            occurrence = self._next_occurrence(rule, occurrence)
        return 0

    async def _insert_row(self, session: AsyncSession, event: ReminderEventRow, occurrence: datetime, offset: int,
                          recipient: str, now: datetime) -> int:
        due = occurrence - timedelta(seconds=offset)
        result = await session.execute(
            insert_for(session, ReminderRow)
            .values(event_id=event.id, occurrence_at=occurrence, offset_seconds=offset, recipient=recipient,
                    platform=event.platform, due_at=due, status=PENDING, attempts=0, next_attempt_at=due,
                    created_at=now)
            .on_conflict_do_nothing(index_elements=["event_id", "occurrence_at", "offset_seconds", "recipient"])
        )
        return _rowcount(result)

    async def _latest_occurrence(self, session: AsyncSession, event: ReminderEventRow) -> datetime:
        latest = (await session.execute(
            select(func.max(ReminderRow.occurrence_at)).where(ReminderRow.event_id == event.id)
        )).scalar()
        return latest if latest is not None and latest > event.starts_at else event.starts_at

    async def _subscribers(self, session: AsyncSession, event_id: int) -> list[str]:
        return list((await session.execute(
            select(ReminderSubscriberRow.user).where(ReminderSubscriberRow.event_id == event_id)
            .order_by(ReminderSubscriberRow.user)
        )).scalars().all())

    async def _rows(self, session: AsyncSession, event_id: int) -> list[ReminderRow]:
        return list((await session.execute(
            select(ReminderRow).where(ReminderRow.event_id == event_id)
            .execution_options(populate_existing=True)
        )).scalars().all())
