"""The chat command words and button action ids fixed by the architecture, as the composition root wires them.

Tests outside the project rely on these exact names, so every pair is checked on the assembled bot
(`open_services` with the bundled knowledge), not on one capability in isolation.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.composition import Services, open_services
from bot.config import Settings
from handlers.clock import ManualClock
from handlers.texts import t
from tests.core_helpers import dm

# (Norwegian, English) forms of every chat command in architecture.md, "Chat commands".
FIXED_COMMANDS = [
    ("hjelp", "help"),
    ("sjekklister", "checklists"),
    ("sjekkliste", "checklist"),
    ("ferdig", "done"),
    ("hopp over", "skip"),
    ("tilbake", "back"),
    ("forklar", "explain"),
    ("status", "status"),
    ("avbryt", "stop"),
    ("påminn", "remind"),
    ("samling", "gathering"),
    ("frist", "deadline"),
    ("samlinger", "gatherings"),
    ("frister", "deadlines"),
    ("påminnelser", "reminders"),
    ("slett", "cancel"),
]

# architecture.md, "Button action ids".
FIXED_ACTIONS = [
    "checklist.done",
    "checklist.skip",
    "checklist.back",
    "checklist.explain",
    "checklist.stop",
    "answer.helpful",
    "answer.not_helpful",
    "answer.more",
    "answer.related",
    "reminder.join",
    "reminder.cancel",
]


@pytest.fixture
async def services(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Services]:
    settings = Settings.from_env({"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'lupbot.db'}"})
    async with open_services(settings, clock=clock, cwd=tmp_path) as built:
        yield built


@pytest.mark.parametrize(("nb", "en"), FIXED_COMMANDS)
async def test_every_fixed_chat_command_has_its_norwegian_and_english_word_on_one_command(
    services: Services, nb: str, en: str
) -> None:
    by_nb = {c.key for c in services.router.commands if nb in c.words.get("nb", ())}
    by_en = {c.key for c in services.router.commands if en in c.words.get("en", ())}
    assert by_nb, f"no command answers to the Norwegian word {nb!r}"
    assert by_en, f"no command answers to the English word {en!r}"
    assert by_nb & by_en, f"{nb!r} and {en!r} are not the same command"


@pytest.mark.parametrize("word", [w for pair in FIXED_COMMANDS for w in pair] + ["HJELP", "Sjekklister", "Hopp Over"])
async def test_every_fixed_command_word_is_answered_as_a_command_never_as_an_unknown_question(
    services: Services, word: str
) -> None:
    replies = await services.router.handle(dm(word))
    assert replies
    text = "\n".join(r.text for r in replies)
    assert "vet jeg dessverre ikke" not in text and "I don't know" not in text
    assert await services.questions.unanswered() == []


@pytest.mark.parametrize("action", FIXED_ACTIONS)
async def test_every_fixed_button_action_id_has_a_handler(services: Services, action: str) -> None:
    replies = await services.router.handle(dm("999", action=action))
    assert replies
    for lang in ("nb", "en"):
        assert all(r.text != t("error.unknown_action", lang) for r in replies), f"{action} is not handled"
