"""The composition root: the one place that builds lupbot's objects and wires them together."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import Settings
from bot.slack_connection import SlackConnection, slack_configured
from bot.slack_outbound import SlackSender
from handlers.ask import AskCapability
from handlers.checklists import ChecklistCapability
from handlers.clock import Clock, SystemClock
from handlers.help import HelpCapability
from handlers.messages import Sender
from handlers.reminder_dispatch import ReminderDispatcher, next_occurrence
from handlers.reminders import ReminderCapability
from handlers.router import Capability, Router
from handlers.smalltalk import SmallTalk
from knowledge.loader import load_or_raise
from knowledge.model import KnowledgeBase
from knowledge.search import SearchIndex
from storage.checklist_runs import ChecklistRunStore
from storage.db import Database
from storage.preferences import PreferenceStore
from storage.questions import QuestionStore
from storage.reminders import ReminderStore

if TYPE_CHECKING:
    from bot.teams import TeamsApp


@dataclass
class Services:
    """Everything a running lupbot needs, built once and passed to the adapters."""

    settings: Settings
    clock: Clock
    db: Database
    kb: KnowledgeBase
    index: SearchIndex
    questions: QuestionStore
    preferences: PreferenceStore
    router: Router
    checklist_runs: ChecklistRunStore
    senders: dict[str, Sender] = field(default_factory=dict)
    slack: SlackConnection | None = None  # the Slack Web API connection when Slack is configured
    teams: TeamsApp | None = None  # the Teams adapter, when serving Teams (mounted at /api/messages)
    reminders: ReminderStore | None = None
    dispatcher: ReminderDispatcher | None = None  # sends due reminders through `senders`


def load_knowledge_for(settings: Settings) -> tuple[KnowledgeBase, SearchIndex]:
    """Load and index the configured knowledge folder (raises KnowledgeError on problems)."""
    kb = load_or_raise(settings.knowledge_dir)
    return kb, SearchIndex(kb)


@asynccontextmanager
async def open_services(
    settings: Settings,
    *,
    clock: Clock | None = None,
    cwd: Path | None = None,
    knowledge: tuple[KnowledgeBase, SearchIndex] | None = None,
    serve_teams: bool = False,
) -> AsyncIterator[Services]:
    """Build every object, create or migrate the schema, and close the database on exit.

    `serve_teams` builds the Teams adapter and its sender (only the server needs it; it loads the SDK)."""
    clock = clock or SystemClock()
    kb, index = knowledge or load_knowledge_for(settings)
    db = Database(settings.db_url(cwd))
    slack: SlackConnection | None = None
    try:
        await db.create_schema()
        questions = QuestionStore(db)
        preferences = PreferenceStore(db)
        ask = AskCapability(kb, index, questions, clock, settings.escalation_channel)
        capabilities: list[Capability] = []
        router_ref: list[Router] = []
        help_capability = HelpCapability(lambda: router_ref[0].commands)
        capabilities.append(help_capability)
        checklist_runs = ChecklistRunStore(db)
        capabilities.append(ChecklistCapability(kb, checklist_runs, clock, settings.zone))
        senders: dict[str, Sender] = {}
        reminders = ReminderStore(db, next_occurrence)
        dispatcher = ReminderDispatcher(
            reminders, senders, clock, late_grace=timedelta(seconds=settings.late_grace_seconds)
        )
        capabilities.append(
            ReminderCapability(reminders, clock, settings.zone, settings.facilitators, dispatcher.changed)
        )
        capabilities.append(ask)
        router = Router(capabilities, SmallTalk(ask.question).answer, preferences, clock)
        router_ref.append(router)
        slack = SlackConnection(settings, db) if slack_configured(settings) else None
        services = Services(
            settings=settings, clock=clock, db=db, kb=kb, index=index,
            questions=questions, preferences=preferences, router=router,
            checklist_runs=checklist_runs, slack=slack,
            senders=senders, reminders=reminders, dispatcher=dispatcher,
        )
        if slack is not None:
            await slack.open()
            services.senders["slack"] = SlackSender(slack)
        if serve_teams and settings.teams_enabled:
            from bot.teams import build_teams
            from storage.conversations import ConversationStore

            services.teams = build_teams(settings, router.handle, ConversationStore(db), clock)
            services.senders["teams"] = services.teams.sender
        yield services
    finally:
        if slack is not None:
            await slack.close()
        await db.dispose()
