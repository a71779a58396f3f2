"""Building the checklist capability in tests: a real router, real stores, a fixture knowledge folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from handlers.ask import AskCapability
from handlers.checklists import ChecklistCapability
from handlers.clock import ManualClock
from handlers.messages import Button, Message, Reply
from handlers.router import Router
from knowledge.loader import load_or_raise
from knowledge.model import KnowledgeBase
from knowledge.search import SearchIndex
from storage.checklist_runs import ChecklistRunStore, Run
from storage.db import Database
from storage.preferences import PreferenceStore
from storage.questions import QuestionStore

KB_CHECKLISTS = Path(__file__).parent / "fixtures" / "kb_checklists"
OSLO = ZoneInfo("Europe/Oslo")


def fixture_kb(root: Path = KB_CHECKLISTS) -> KnowledgeBase:
    return load_or_raise(root)


@dataclass
class ChecklistBot:
    """The conversation core with the checklist capability, as the composition root builds it."""

    router: Router
    runs: ChecklistRunStore
    clock: ManualClock

    async def say(
        self,
        text: str,
        *,
        user: str = "U1",
        thread: str | None = "T1",
        channel: str = "C1",
        is_direct: bool = False,
        message_id: str | None = None,
    ) -> list[Reply]:
        return await self.router.handle(
            Message(
                platform="slack",
                workspace="W1",
                channel=channel,
                thread=thread,
                user=user,
                text=text,
                is_direct=is_direct,
                message_id=message_id,
            )
        )

    async def press(
        self, button: Button, *, user: str = "U1", thread: str | None = "T1", channel: str = "C1"
    ) -> list[Reply]:
        return await self.router.handle(
            Message(
                platform="slack",
                workspace="W1",
                channel=channel,
                thread=thread,
                user=user,
                text=button.value,
                action=button.action,
            )
        )

    async def run_in(self, thread: str = "T1", channel: str = "C1") -> Run:
        run = await self.runs.in_thread("slack", "W1", channel, thread)
        assert run is not None, f"no run in thread {thread}"
        return run


def build_bot(
    db: Database,
    clock: ManualClock,
    kb: KnowledgeBase | None = None,
    runs: ChecklistRunStore | None = None,
) -> ChecklistBot:
    kb = kb or fixture_kb()
    runs = runs or ChecklistRunStore(db)
    checklists = ChecklistCapability(kb, runs, clock, OSLO)
    ask = AskCapability(kb, SearchIndex(kb), QuestionStore(db), clock)
    router = Router([checklists, ask], ask.question, PreferenceStore(db), clock)
    return ChecklistBot(router=router, runs=runs, clock=clock)


def button(reply: Reply, action: str) -> Button:
    """The reply's button with this action id (fails the test when it is missing)."""
    found = [b for b in reply.buttons if b.action == action]
    assert found, f"no {action} button in {[b.action for b in reply.buttons]}"
    return found[0]


def actions(reply: Reply) -> list[str]:
    return [b.action for b in reply.buttons]


def last_buttons(replies: list[Reply]) -> Reply:
    """The last reply that carries buttons (the current step message)."""
    with_buttons = [r for r in replies if r.buttons]
    assert with_buttons, f"no buttons in {[r.text for r in replies]}"
    return with_buttons[-1]
