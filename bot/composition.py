"""The composition root: the one place that builds lupbot's objects and wires them together."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bot.config import Settings
from handlers.ask import AskCapability
from handlers.checklists import ChecklistCapability
from handlers.clock import Clock, SystemClock
from handlers.help import HelpCapability
from handlers.messages import Sender
from handlers.router import Capability, Router
from knowledge.loader import load_or_raise
from knowledge.model import KnowledgeBase
from knowledge.search import SearchIndex
from storage.checklist_runs import ChecklistRunStore
from storage.db import Database
from storage.preferences import PreferenceStore
from storage.questions import QuestionStore


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
) -> AsyncIterator[Services]:
    """Build every object, create or migrate the schema, and close the database on exit."""
    clock = clock or SystemClock()
    kb, index = knowledge or load_knowledge_for(settings)
    db = Database(settings.db_url(cwd))
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
        capabilities.append(ask)
        router = Router(capabilities, ask.question, preferences, clock)
        router_ref.append(router)
        yield Services(
            settings=settings, clock=clock, db=db, kb=kb, index=index,
            questions=questions, preferences=preferences, router=router,
            checklist_runs=checklist_runs,
        )
    finally:
        await db.dispose()
