"""The router: commands in both languages, buttons by action id, everything else is a question."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

import pytest

from handlers.clock import ManualClock
from handlers.help import HelpCapability
from handlers.messages import Reply
from handlers.router import Command, Handler, Router, Turn
from handlers.texts import t
from storage.db import Database
from storage.preferences import PreferenceStore
from tests.core_helpers import dm


class Recorder:
    """A capability that records what reached it, so routing is observable."""

    def __init__(self) -> None:
        self.turns: list[Turn] = []

    async def record(self, turn: Turn) -> list[Reply]:
        self.turns.append(turn)
        return [Reply(f"{turn.command or 'question'}:{turn.args}", lang=turn.lang)]

    def commands(self) -> Sequence[Command]:
        summary = {"nb": "x", "en": "x"}
        return (
            Command("list", {"nb": ("sjekklister",), "en": ("checklists",)}, self.record, summary),
            Command("start", {"nb": ("sjekkliste",), "en": ("checklist",)}, self.record, summary, takes_args=True),
            Command("skip", {"nb": ("hopp over",), "en": ("skip",)}, self.record, summary),
            Command("status", {"nb": ("status",), "en": ("status",)}, self.record, summary),
            Command("deadline", {"nb": ("frist",), "en": ("deadline",)}, self.record, summary, takes_args=True,
                    accepts=lambda args: '"' in args,
                    usage={"nb": 'frist "<tittel>" <når>', "en": 'deadline "<title>" <when>'}),
        )

    def actions(self) -> Mapping[str, Handler]:
        return {"checklist.done": self.record}


@pytest.fixture
async def routed(db: Database, clock: ManualClock) -> tuple[Router, Recorder]:
    recorder = Recorder()
    router = Router([recorder], recorder.record, PreferenceStore(db), clock)
    return router, recorder


async def test_command_words_route_in_both_languages_case_insensitively(routed: tuple[Router, Recorder]) -> None:
    router, recorder = routed
    await router.handle(dm("Sjekklister"))
    await router.handle(dm("CHECKLISTS"))
    assert [t.command for t in recorder.turns] == ["list", "list"]
    assert [t.lang for t in recorder.turns] == ["nb", "en"]


async def test_longest_command_phrase_wins_and_arguments_keep_their_case(routed: tuple[Router, Recorder]) -> None:
    router, recorder = routed
    await router.handle(dm("sjekklister"))
    await router.handle(dm("sjekkliste Behovskartlegging"))
    await router.handle(dm("hopp over"))
    assert [(t.command, t.args) for t in recorder.turns] == [("list", ""), ("start", "Behovskartlegging"), ("skip", "")]


async def test_a_command_word_inside_a_sentence_is_a_question(routed: tuple[Router, Recorder]) -> None:
    router, recorder = routed
    await router.handle(dm("hva betyr status i en anskaffelse"))
    assert recorder.turns[-1].command == ""


async def test_command_whose_arguments_it_refuses_becomes_a_question(routed: tuple[Router, Recorder]) -> None:
    router, recorder = routed
    await router.handle(dm("frist for å levere tilbud?"))
    await router.handle(dm('frist "Påmelding" 1. desember kl 12'))
    assert [t.command for t in recorder.turns] == ["", "deadline"]


async def test_a_command_with_a_typo_in_its_first_word_reaches_the_question_handler_with_the_fix(
    routed: tuple[Router, Recorder],
) -> None:
    router, recorder = routed
    await router.handle(dm("sjekliste Behovskartlegging"))
    await router.handle(dm("statsu!"))
    await router.handle(dm("cheklist market dialogue"))
    assert [(t.command, t.near_command) for t in recorder.turns] == [
        ("", "sjekkliste Behovskartlegging"), ("", "status"), ("", "checklist market dialogue"),
    ]


async def test_a_command_word_without_the_arguments_it_takes_carries_its_usage_to_the_question(
    routed: tuple[Router, Recorder],
) -> None:
    router, recorder = routed
    await router.handle(dm("frist for å levere tilbud?"))
    await router.handle(dm("deadline for the tender?"))
    assert [(t.command, t.near_command) for t in recorder.turns] == [
        ("", 'frist "<tittel>" <når>'), ("", 'deadline "<title>" <when>'),
    ]


async def test_a_one_language_command_word_outside_its_command_sets_the_reply_language(
    routed: tuple[Router, Recorder],
) -> None:
    router, recorder = routed
    await router.handle(dm("what is market dialogue"))
    await router.handle(dm("frist 12"))  # no quotes, so no deadline: a question, in Norwegian
    assert (recorder.turns[-1].command, recorder.turns[-1].lang) == ("", "nb")


@pytest.mark.parametrize(
    "text",
    [
        "statsu for prosjektet",  # `status` takes no arguments, so this is no mistyped `status`
        "hva er markedsdialog",  # nothing like a command
        "skp",  # too short to guess at
    ],
)
async def test_no_command_is_guessed_where_none_was_meant(routed: tuple[Router, Recorder], text: str) -> None:
    router, recorder = routed
    await router.handle(dm(text))
    assert recorder.turns[-1].command == "" and recorder.turns[-1].near_command == ""


async def test_a_word_shared_by_both_languages_answers_in_the_users_last_language(routed: tuple[Router, Recorder]) -> None:
    router, recorder = routed
    await router.handle(dm("what is market dialogue"))
    await router.handle(dm("status"))
    assert recorder.turns[-1].lang == "en"
    await router.handle(dm("hva er markedsdialog"))
    await router.handle(dm("status"))
    assert recorder.turns[-1].lang == "nb"


async def test_button_press_routes_by_action_id_with_the_value_as_arguments(routed: tuple[Router, Recorder]) -> None:
    router, recorder = routed
    await router.handle(dm("run-7:2", action="checklist.done"))
    assert (recorder.turns[-1].command, recorder.turns[-1].args) == ("checklist.done", "run-7:2")


async def test_unknown_button_gets_a_friendly_answer(routed: tuple[Router, Recorder]) -> None:
    router, _ = routed
    replies = await router.handle(dm("x", action="nothing.here"))
    assert "hjelp" in replies[0].text


@pytest.mark.parametrize("text", ["", "   ", "\x00\x07"])
async def test_empty_message_gets_a_short_clear_reply(routed: tuple[Router, Recorder], text: str) -> None:
    router, recorder = routed
    replies = await router.handle(dm(text))
    assert len(replies) == 1 and "tom melding" in replies[0].text
    assert recorder.turns == []


async def test_the_bot_called_with_nothing_else_answers_with_help(db: Database, clock: ManualClock) -> None:
    routers: list[Router] = []
    router = Router([HelpCapability(lambda: routers[0].commands)], Recorder().record, PreferenceStore(db), clock)
    routers.append(router)
    (called,) = await router.handle(replace(dm(""), summoned=True))  # `@lupbot` or `/lup` alone
    (empty,) = await router.handle(dm(""))  # an empty line typed: no help dump, a short reply
    assert called.text.startswith(t("help.intro", "nb")) and "tom melding" in empty.text


@pytest.mark.parametrize("text", ["?!?", "…", "🙂🙂", "!!!???"])
async def test_punctuation_or_emoji_only_message_is_told_it_has_no_words(routed: tuple[Router, Recorder], text: str) -> None:
    router, recorder = routed
    replies = await router.handle(dm(text))
    assert len(replies) == 1 and "ingen ord" in replies[0].text
    assert recorder.turns == []


async def test_a_20000_character_message_gets_a_short_reply_and_reaches_no_handler(routed: tuple[Router, Recorder]) -> None:
    router, recorder = routed
    replies = await router.handle(dm("what is market dialogue " * 900))
    assert len(replies) == 1 and len(replies[0].text) < 300
    assert replies[0].lang == "en"
    assert recorder.turns == []


async def test_a_handler_that_fails_gives_an_apology_not_a_traceback(db: Database, clock: ManualClock) -> None:
    async def broken(turn: Turn) -> list[Reply]:
        raise RuntimeError("boom")

    router = Router([], broken, PreferenceStore(db), clock)
    replies = await router.handle(dm("what is market dialogue"))
    assert "Sorry" in replies[0].text and "boom" not in replies[0].text


async def test_leading_slack_mention_is_ignored_when_matching_commands(routed: tuple[Router, Recorder]) -> None:
    router, recorder = routed
    await router.handle(dm("<@U0BOT> checklists"))
    assert recorder.turns[-1].command == "list"


async def test_a_questions_language_is_stored_when_the_reply_comes_back(db: Database, clock: ManualClock) -> None:
    prefs = PreferenceStore(db)
    recorder = Recorder()
    router = Router([recorder], recorder.record, prefs, clock)
    await router.handle(dm("what is market dialogue", user="U77"))
    assert await prefs.language("console", "W1", "U77") == "en"


class RefusingMemory:
    """A language store whose writes fail (e.g. the database is down)."""

    async def language(self, platform: str, workspace: str, user: str) -> str | None:
        return None

    async def set_language(self, platform: str, workspace: str, user: str, lang: str, now: object) -> None:
        raise ConnectionError("database unavailable")


async def test_a_language_that_could_not_be_stored_gives_an_apology_not_an_answer(clock: ManualClock) -> None:
    recorder = Recorder()
    router = Router([recorder], recorder.record, RefusingMemory(), clock)  # type: ignore[arg-type]
    replies = await router.handle(dm("what is market dialogue"))
    assert [r.text for r in replies] == [t("error.internal", "nb")]  # the stored language is unknown
