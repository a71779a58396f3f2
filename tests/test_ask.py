"""The ask handler: a sourced short answer with buttons, or an honest "I don't know"."""

from __future__ import annotations

import pytest

from handlers.ask import AskCapability
from handlers.clock import ManualClock
from handlers.help import HelpCapability
from handlers.router import Router
from knowledge.loader import load_or_raise
from knowledge.search import SearchIndex
from storage.db import Database
from storage.preferences import PreferenceStore
from storage.questions import QuestionStore
from tests.core_helpers import KB_CORE, channel_message, dm


@pytest.fixture
async def bot(db: Database, clock: ManualClock) -> tuple[Router, QuestionStore]:
    kb = load_or_raise(KB_CORE)
    questions = QuestionStore(db)
    ask = AskCapability(kb, SearchIndex(kb), questions, clock, escalation_channel="C_ESC")
    holder: list[Router] = []
    router = Router([HelpCapability(lambda: holder[0].commands), ask], ask.question, PreferenceStore(db), clock)
    holder.append(router)
    return router, questions


async def test_question_in_english_gets_the_english_short_answer_with_source_and_buttons(bot: tuple[Router, QuestionStore]) -> None:
    router, _ = bot
    (reply,) = await router.handle(dm("what is market dialogue?"))
    assert reply.lang == "en"
    assert "Market dialogue is talking to suppliers" in reply.text
    assert "Read more about" not in reply.text  # the rest is behind "Read more"
    assert "Source: Testkilde" in reply.text and "2026-11-01" in reply.text
    actions = [b.action for b in reply.buttons]
    assert actions[0] == "answer.more"
    assert "answer.related" in actions and "answer.helpful" in actions and "answer.not_helpful" in actions


async def test_question_in_norwegian_is_answered_in_norwegian(bot: tuple[Router, QuestionStore]) -> None:
    router, _ = bot
    (reply,) = await router.handle(dm("hva er markedsdialog"))
    assert reply.lang == "nb" and "Markedsdialog er samtaler" in reply.text and "Kilde:" in reply.text


async def test_out_of_scope_question_abstains_offers_topics_and_is_logged(bot: tuple[Router, QuestionStore]) -> None:
    router, questions = bot
    replies = await router.handle(dm("hva blir været i morgen"))
    assert "vet jeg dessverre ikke" in replies[0].text
    assert replies[0].buttons and all(b.action == "answer.related" for b in replies[0].buttons)
    (logged,) = await questions.unanswered()
    assert logged.text == "hva blir været i morgen" and logged.abstained


async def test_unanswered_question_in_a_channel_is_escalated_with_a_link(bot: tuple[Router, QuestionStore]) -> None:
    router, _ = bot
    replies = await router.handle(channel_message("what's the capital of Australia"))
    escalation = [r for r in replies if r.channel == "C_ESC"]
    assert len(escalation) == 1 and "https://example.invalid/archives/C1/p111222" in escalation[0].text
    assert replies[0].in_thread


async def test_a_mistyped_command_is_answered_with_the_command_not_escalated_as_a_gap(
    bot: tuple[Router, QuestionStore],
) -> None:
    router, questions = bot
    replies = await router.handle(channel_message("hjlep"))
    assert [r.channel for r in replies] == [None]
    assert "Mente du `hjelp`?" in replies[0].text and replies[0].in_thread
    assert await questions.unanswered() == []  # not a gap for `kb gaps`


async def test_read_more_shows_the_rest_of_the_article(bot: tuple[Router, QuestionStore]) -> None:
    router, _ = bot
    (answer,) = await router.handle(dm("what is market dialogue"))
    more = next(b for b in answer.buttons if b.action == "answer.more")
    (reply,) = await router.handle(dm(more.value, action=more.action))
    assert "Read more about market dialogue here." in reply.text


async def test_helpful_vote_is_recorded_and_replaces_the_buttons_with_thanks(bot: tuple[Router, QuestionStore]) -> None:
    router, questions = bot
    (answer,) = await router.handle(dm("what is market dialogue"))
    no = next(b for b in answer.buttons if b.action == "answer.not_helpful")
    (reply,) = await router.handle(dm(no.value, action=no.action))
    assert reply.replace_original and reply.buttons == () and "Thanks for the feedback" in reply.text
    assert "Market dialogue is talking" in reply.text  # the answer stays, only the buttons go
    yes = next(b for b in answer.buttons if b.action == "answer.helpful")
    await router.handle(dm(yes.value, action=yes.action))  # changing one's mind replaces the vote
    (tally,) = await questions.tallies()
    assert (tally.slug, tally.helpful, tally.not_helpful) == ("markedsdialog", 1, 0)


async def test_button_for_an_article_that_no_longer_exists_says_so(bot: tuple[Router, QuestionStore]) -> None:
    router, _ = bot
    (reply,) = await router.handle(dm("gone-article", action="answer.related"))
    assert "finnes ikke lenger" in reply.text


async def test_mentions_and_broadcasts_in_the_question_are_not_echoed_live(bot: tuple[Router, QuestionStore]) -> None:
    router, _ = bot
    replies = await router.handle(dm("<!channel> <@U123> @here asdfgh qwerty"))
    text = replies[0].text
    assert "<!channel>" not in text and "<@U123>" not in text and "@here" not in text


async def test_mentions_around_a_question_do_not_hide_it_from_the_search(bot: tuple[Router, QuestionStore]) -> None:
    router, questions = bot
    (reply,) = await router.handle(dm("<!channel> hva er markedsdialog <@U123> @here"))
    assert "Markedsdialog er samtaler" in reply.text
    assert "<!channel>" not in reply.text and "<@U123>" not in reply.text
    assert await questions.unanswered() == []


async def test_a_message_of_nothing_but_mentions_gets_an_honest_i_dont_know(bot: tuple[Router, QuestionStore]) -> None:
    router, _ = bot
    replies = await router.handle(dm("<!channel> <@U123>"))
    assert "vet jeg dessverre ikke" in replies[0].text
    assert "<!channel>" not in replies[0].text and "<@U123>" not in replies[0].text


async def test_help_lists_commands_in_the_users_language(bot: tuple[Router, QuestionStore]) -> None:
    router, _ = bot
    (reply,) = await router.handle(dm("help"))
    assert "`help [topic]` – show this help" in reply.text
    (reply,) = await router.handle(dm("hjelp"))
    assert "`hjelp [emne]` – vis denne hjelpen" in reply.text


def test_internal_links_become_plain_text_and_their_targets_are_offered() -> None:
    from handlers.ask import internal_links

    text, slugs = internal_links("Se [dialogkonferanse](lup:dialogkonferanse) og [Doffin](https://doffin.no).")
    assert text == "Se dialogkonferanse og [Doffin](https://doffin.no)."
    assert slugs == ["dialogkonferanse"]
