"""Small talk: a friendly word back in the user's language, no search and no knowledge gap."""

from __future__ import annotations

import pytest

from handlers.clock import ManualClock
from handlers.help import HelpCapability
from handlers.messages import Reply
from handlers.router import Router, Turn
from handlers.smalltalk import SmallTalk, small_talk_kind
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
    router = Router([HelpCapability(lambda: routers[0].commands)], SmallTalk(question).answer,
                    PreferenceStore(db), clock)
    routers.append(router)
    return router, questions


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("hei", "greeting"), ("Hallo!", "greeting"), ("Hi there", "greeting"), ("hey lupbot!", "greeting"),
        ("good morning :)", "greeting"), ("God morgen", "greeting"),
        ("tusen takk!", "thanks"), ("Thank you.", "thanks"), ("thanks 👍", "thanks"), ("ok takk", "thanks"),
        ("takk for svaret", "thanks"), ("thanks a lot for the help", "thanks"),
        ("ok", "ack"), ("Flott!", "ack"), ("got it", "ack"), ("jeg forstår", "ack"),
        ("that's great", "ack"), ("det var nyttig", "ack"), ("takk, det hjalp", "thanks"),
        ("tusen hjertelig takk", "thanks"),
        ("hva mener du?", "confused"), ("hæ?", "confused"), ("jeg forstår ikke", "confused"),
        ("I don't understand", "confused"),
        ("Hvem er du?", "about"), ("what can you do?", "about"),
    ],
)
def test_small_talk_is_recognised_whatever_the_punctuation_and_emoji(text: str, kind: str) -> None:
    assert small_talk_kind(text) == kind


@pytest.mark.parametrize(
    "text",
    [
        "hei, hva er markedsdialog?",
        "thanks for explaining, but what is a dialogue conference?",
        "god morgen, når er neste samling?",
        "ok, hvordan starter vi behovskartleggingen",
        "hva er LUP",
        "good practice for market dialogue",
        "jeg",
        "that was",
        "is that useful for market dialogue",
        "👍",
    ],
)
def test_a_message_with_anything_more_than_small_talk_is_not_small_talk(text: str) -> None:
    assert small_talk_kind(text) is None


@pytest.mark.parametrize(
    ("text", "lang", "start"),
    [
        ("hei", "nb", "Hei! 👋"),
        ("<@U0LUPBOT> god morgen", "nb", "Hei! 👋"),
        ("Hello!", "en", "Hi! 👋"),
        ("What can you do?", "en", "Hi! 👋"),
        ("tusen takk!", "nb", "Bare hyggelig!"),
        ("Thank you.", "en", "You're welcome!"),
        ("good morning :)", "en", "Hi! 👋"),
        ("hva mener du?", "nb", "Beklager, det ble visst uklart."),
    ],
)
async def test_small_talk_gets_a_short_reply_in_its_language_and_is_not_searched(
    chat: tuple[Router, list[str]], text: str, lang: str, start: str
) -> None:
    router, questions = chat
    (reply,) = await router.handle(dm(text))
    assert reply.text.startswith(start) and reply.lang == lang
    assert questions == []  # not searched, so not logged as a gap in the knowledge base


async def test_ok_keeps_the_language_the_user_wrote_in_last(chat: tuple[Router, list[str]]) -> None:
    router, _ = chat
    await router.handle(dm("thanks"))
    (reply,) = await router.handle(dm("ok"))
    assert reply.lang == "en" and reply.text.startswith("👍 Let me know")


async def test_small_talk_in_a_channel_is_answered_in_the_thread(chat: tuple[Router, list[str]]) -> None:
    router, _ = chat
    (reply,) = await router.handle(channel_message("hei"))
    assert reply.in_thread


async def test_a_question_that_starts_with_a_greeting_is_still_a_question(chat: tuple[Router, list[str]]) -> None:
    router, questions = chat
    await router.handle(dm("hei, hva er markedsdialog?"))
    assert questions == ["hei, hva er markedsdialog?"]
