"""Greetings and thanks: a friendly word back in the user's language, no search and no knowledge gap."""

from __future__ import annotations

import pytest

from handlers.clock import ManualClock
from handlers.help import HelpCapability
from handlers.messages import Reply
from handlers.router import Router, Turn
from handlers.smalltalk import SmallTalkCapability
from storage.db import Database
from storage.preferences import PreferenceStore
from tests.core_helpers import channel_message, dm


@pytest.fixture
async def chat(db: Database, clock: ManualClock) -> tuple[Router, list[str]]:
    questions: list[str] = []

    async def question(turn: Turn) -> list[Reply]:
        questions.append(turn.text)
        return [Reply("(question)", lang=turn.lang)]

    routers: list[Router] = []
    router = Router([HelpCapability(lambda: routers[0].commands), SmallTalkCapability()], question,
                    PreferenceStore(db), clock)
    routers.append(router)
    return router, questions


@pytest.mark.parametrize(
    ("text", "lang", "start"),
    [
        ("hei", "nb", "Hei! 👋"),
        ("Hallo!", "nb", "Hei! 👋"),
        ("<@U0LUPBOT> god morgen", "nb", "Hei! 👋"),
        ("Hello!", "en", "Hi! 👋"),
        ("What can you do?", "en", "Hi! 👋"),
        ("hvem er du?", "nb", "Hei! 👋"),
        ("tusen takk!", "nb", "Bare hyggelig!"),
        ("Thank you.", "en", "You're welcome!"),
    ],
)
async def test_a_greeting_or_thanks_alone_gets_a_short_reply_in_its_language(
    chat: tuple[Router, list[str]], text: str, lang: str, start: str
) -> None:
    router, questions = chat
    (reply,) = await router.handle(dm(text))
    assert reply.text.startswith(start) and reply.lang == lang
    assert questions == []  # not searched, so not logged as a gap in the knowledge base


async def test_a_greeting_in_a_channel_is_answered_in_the_thread(chat: tuple[Router, list[str]]) -> None:
    router, _ = chat
    (reply,) = await router.handle(channel_message("hei"))
    assert reply.in_thread


async def test_a_question_that_starts_with_a_greeting_is_still_a_question(chat: tuple[Router, list[str]]) -> None:
    router, questions = chat
    await router.handle(dm("hei, hva er markedsdialog?"))
    await router.handle(dm("thanks for explaining, but what is a dialogue conference?"))
    assert questions == ["hei, hva er markedsdialog?", "thanks for explaining, but what is a dialogue conference?"]


async def test_small_talk_is_not_listed_in_help(chat: tuple[Router, list[str]]) -> None:
    router, _ = chat
    (reply,) = await router.handle(dm("hjelp"))
    assert "hei" not in reply.text.lower().split("`") and "hilsener" not in reply.text
