"""Slack buttons, the /lup slash command, the gathering modal and escalation, end to end over HTTP."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from bot.slack_modal import Submission, parse_submission
from tests.fake_slack import BOT_USER, Call, FakeSlack
from tests.slack_harness import SlackBot, running_bot, slack_settings
from tests.slack_requests import block_actions, dm_event, mention_event, next_ts, slash_command

LIVE_MENTION = re.compile(r"<[!@]")


@pytest.fixture
async def bot(fake: FakeSlack, tmp_path: Path) -> AsyncIterator[SlackBot]:
    settings = slack_settings(
        fake, f"sqlite+aiosqlite:///{tmp_path / 'slack.db'}", escalation_channel="CESCALATE"
    )
    async with running_bot(settings, fake) as running:
        yield running


def _buttons(call: Call) -> list[dict]:
    return [e for b in call.blocks() if b["type"] == "actions" for e in b["elements"]]


def _button(call: Call, action_id: str) -> dict:
    return next(e for e in _buttons(call) if e["action_id"] == action_id)


def _text(call: Call) -> str:
    return "\n".join(b["text"]["text"] for b in call.blocks() if b["type"] == "section")


async def _ask_in_dm(bot: SlackBot, fake: FakeSlack, question: str) -> Call:
    before = len(fake.calls_to("chat.postMessage"))
    await bot.event(dm_event(question))
    return (await fake.wait_for("chat.postMessage", count=before + 1))[-1]


async def test_helpful_vote_is_recorded_and_replaces_the_buttons_in_place(
    bot: SlackBot, fake: FakeSlack
) -> None:
    answer = await _ask_in_dm(bot, fake, "hva er markedsdialog")
    helpful = _button(answer, "answer.helpful")
    response = await bot.interact(
        block_actions(
            "answer.helpful",
            helpful["value"],
            message_ts=answer.result["ts"],
            blocks=answer.blocks(),
        )
    )
    assert response.status == 200
    (update,) = await fake.wait_for("chat.update")
    assert update.params["ts"] == answer.result["ts"]
    assert update.params["channel"] == "D1001"
    assert "Takk for tilbakemeldingen" in _text(update)
    assert _buttons(update) == []
    await fake.settle(0.2)
    assert len(fake.calls_to("chat.postMessage")) == 1  # no new message
    tallies = await bot.services.questions.tallies()
    assert [(t.slug, t.helpful, t.not_helpful) for t in tallies] == [("markedsdialog", 1, 0)]


async def test_related_button_answers_with_that_article(bot: SlackBot, fake: FakeSlack) -> None:
    answer = await _ask_in_dm(bot, fake, "hva er markedsdialog")
    related = [e for e in _buttons(answer) if e["action_id"] == "answer.related"]
    assert [e["value"] for e in related] == ["dialogkonferanse", "veiledning"]
    await bot.interact(
        block_actions("answer.related", "dialogkonferanse", message_ts=answer.result["ts"])
    )
    posts = await fake.wait_for("chat.postMessage", count=2)
    assert "*Dialogkonferanse*" in _text(posts[-1])
    assert posts[-1].params.get("thread_ts") is None  # a DM stays at the top level


async def test_read_more_button_posts_the_rest_of_the_article(
    bot: SlackBot, fake: FakeSlack
) -> None:
    answer = await _ask_in_dm(bot, fake, "hva er markedsdialog")
    await bot.interact(
        block_actions(
            "answer.more", _button(answer, "answer.more")["value"], message_ts=answer.result["ts"]
        )
    )
    posts = await fake.wait_for("chat.postMessage", count=2)
    assert "Les mer om markedsdialog her" in _text(posts[-1])
    assert "lup:" not in _text(posts[-1])


async def test_checklist_runs_in_a_thread_and_a_pressed_step_is_updated_in_place(
    bot: SlackBot, fake: FakeSlack
) -> None:
    root = next_ts()
    await bot.event(mention_event(f"<@{BOT_USER}> sjekkliste markedsdialog", ts=root, user="U1001"))
    intro, step = await fake.wait_for("chat.postMessage", count=2)
    assert {intro.params["thread_ts"], step.params["thread_ts"]} == {root}
    assert "Beskriv behovet" in _text(step)
    done = _button(step, "checklist.done")
    assert {e["action_id"] for e in _buttons(step)} >= {
        "checklist.done",
        "checklist.skip",
        "checklist.explain",
    }

    await bot.interact(
        block_actions(
            "checklist.done",
            done["value"],
            user="U1002",
            channel="C2001",
            message_ts=step.result["ts"],
            thread_ts=root,
        )
    )
    (update,) = await fake.wait_for("chat.update")
    assert update.params["ts"] == step.result["ts"]
    assert "U1002" in update.all_text()  # who pressed it is shown …
    assert not LIVE_MENTION.search(update.all_text())  # … without pinging anyone
    posts = await fake.wait_for("chat.postMessage", count=3)
    assert posts[-1].params["thread_ts"] == root
    assert "Send invitasjon" in _text(posts[-1])
    run = (await bot.services.checklist_runs.active_runs_for_user("slack", "T0001", "U1002"))[0]
    assert run.marks[0] is not None and run.marks[0].user == "U1002"


async def test_slash_command_is_acknowledged_at_once_and_answered_in_the_channel(
    bot: SlackBot, fake: FakeSlack
) -> None:
    response = await bot.command(slash_command("hjelp", channel="C2001"))
    assert response.status == 200
    assert response.text == ""
    (post,) = await fake.wait_for("chat.postMessage")
    assert post.params["channel"] == "C2001"
    assert "lupbot" in _text(post)


async def test_slash_command_or_mention_alone_shows_what_the_bot_can_do(
    bot: SlackBot, fake: FakeSlack
) -> None:
    response = await bot.command(slash_command("", channel="C2001"))
    assert response.status == 200
    await bot.event(mention_event(f"<@{BOT_USER}>", channel="C2001"))
    posts = await fake.wait_for("chat.postMessage", count=2)
    for post in posts:
        assert "sjekkliste" in _text(post) and "tom melding" not in _text(post)


async def test_slash_command_where_the_bot_cannot_post_answers_privately(
    bot: SlackBot, fake: FakeSlack
) -> None:
    fake.blocked_channels.add("C3001")
    await bot.command(
        slash_command("hva er markedsdialog", channel="C3001", response_url=fake.response_url("c1"))
    )
    (private,) = await fake.wait_for("response_url")
    assert private.params["response_type"] == "ephemeral"
    assert "Markedsdialog" in json.dumps(private.params, ensure_ascii=False)


async def test_slash_samling_opens_the_gathering_modal(bot: SlackBot, fake: FakeSlack) -> None:
    response = await bot.command(slash_command("samling", channel="C2001"))
    assert response.status == 200
    (opened,) = await fake.wait_for("views.open")
    assert opened.params["trigger_id"] == "trigger-2"
    view = opened.view()
    assert view["callback_id"] == "lupbot_gathering"
    kinds = {b["element"]["type"] for b in view["blocks"] if b["type"] == "input"}
    assert {
        "datepicker",
        "timepicker",
        "conversations_select",
        "plain_text_input",
        "checkboxes",
    } <= kinds
    assert fake.calls_to("chat.postMessage") == []


async def test_global_shortcut_opens_the_gathering_modal(bot: SlackBot, fake: FakeSlack) -> None:
    shortcut = {
        "type": "shortcut",
        "callback_id": "lupbot_new_gathering",
        "trigger_id": "trigger-3",
        "user": {"id": "UADMIN", "team_id": "T0001"},
        "team": {"id": "T0001"},
        "token": "x",
        "action_ts": "1.2",
    }
    assert (await bot.interact(shortcut)).status == 200
    (opened,) = await fake.wait_for("views.open")
    assert opened.params["trigger_id"] == "trigger-3"


def _submission(title: str, date: str | None, time_: str | None, channel: str | None) -> dict:
    values = {
        "kind": {"kind": {"type": "radio_buttons", "selected_option": {"value": "gathering"}}},
        "title": {"title": {"type": "plain_text_input", "value": title}},
        "date": {"date": {"type": "datepicker", "selected_date": date}},
        "time": {"time": {"type": "timepicker", "selected_time": time_}},
        "channel": {"channel": {"type": "conversations_select", "selected_conversation": channel}},
        "offsets": {
            "offsets": {
                "type": "checkboxes",
                "selected_options": [{"value": "7d"}, {"value": "1d"}],
            }
        },
    }
    return {
        "type": "view_submission",
        "team": {"id": "T0001", "domain": "lupbot-test"},
        "user": {"id": "UADMIN", "team_id": "T0001"},
        "api_app_id": "A0001",
        "token": "x",
        "trigger_id": "t",
        "view": {
            "id": "V1",
            "type": "modal",
            "callback_id": "lupbot_gathering",
            "private_metadata": json.dumps({"lang": "nb"}),
            "state": {"values": values},
        },
        "response_urls": [
            {
                "block_id": "channel",
                "action_id": "channel",
                "channel_id": channel or "",
                "response_url": "https://hooks.invalid/view/1",
            }
        ],
    }


async def test_incomplete_modal_is_refused_with_field_errors_and_nothing_posted(
    bot: SlackBot, fake: FakeSlack
) -> None:
    response = await bot.interact(_submission("", None, "09:00", None))
    assert response.status == 200
    body = json.loads(response.text)
    assert body["response_action"] == "errors"
    assert set(body["errors"]) == {"title", "date", "channel"}
    await fake.settle(0.2)
    assert fake.calls_to("chat.postMessage") == []


def test_modal_submission_is_the_text_command_a_facilitator_could_type() -> None:
    parsed = parse_submission(
        _submission("Nettverkssamling  om   dialog", "2026-12-10", "09:00", "C4001")
    )
    assert isinstance(parsed, Submission)
    assert parsed.command == 'samling "Nettverkssamling om dialog" 2026-12-10T09:00 --påminn 7d,1d'
    assert parsed.channel == "C4001"
    assert parsed.response_url == "https://hooks.invalid/view/1"


async def test_modal_submission_stores_the_gathering_and_confirms_in_the_chosen_channel(
    bot: SlackBot, fake: FakeSlack
) -> None:
    day = (datetime.now(UTC) + timedelta(days=30)).date().isoformat()
    response = await bot.interact(_submission("Nettverkssamling <!channel>", day, "09:00", "C4001"))
    assert response.status == 200
    assert response.text == ""
    (post,) = await fake.wait_for("chat.postMessage")
    assert post.params["channel"] == "C4001"
    assert not LIVE_MENTION.search(post.all_text())
    assert bot.services.reminders is not None
    (event,) = await bot.services.reminders.list_events(
        "slack", "T0001", datetime.now(UTC), kinds=("gathering",)
    )
    assert event.title == "Nettverkssamling <!channel>"
    assert event.target_channel == "C4001"
    assert sorted(event.offsets) == [86400, 7 * 86400]


async def test_app_home_shows_active_checklists_reminders_and_gatherings_in_my_channels(
    bot: SlackBot, fake: FakeSlack
) -> None:
    day = (datetime.now(UTC) + timedelta(days=30)).date().isoformat()
    await bot.event(
        mention_event(f"<@{BOT_USER}> sjekkliste markedsdialog", user="U1001", channel="C2001")
    )
    await bot.interact(_submission("Samling i min kanal", day, "09:00", "C2001"))
    await bot.interact(_submission("Samling et annet sted", day, "10:00", "C7777"))
    await bot.event(dm_event(f'påminn meg "Send innspill" {day}T08:00', user="U1001"))
    await fake.wait_for("chat.postMessage", count=5)

    await bot.event(
        {
            "type": "app_home_opened",
            "user": "U1001",
            "channel": "D1001",
            "tab": "home",
            "event_ts": next_ts(),
        }
    )
    (publish,) = await fake.wait_for("views.publish")
    home = json.dumps(publish.view(), ensure_ascii=False)
    assert "Markedsdialog" in home and "steg 1 av 2" in home
    assert "lupbot-test.slack.com/archives/C2001" in home  # a link back to the checklist's thread
    assert "Send innspill" in home
    assert "Samling i min kanal" in home and "<#C2001>" in home
    assert "Samling et annet sted" not in home  # not one of U1001's channels
    assert "Ny samling eller frist" not in home  # only facilitators get the modal button


async def test_app_home_offers_facilitators_the_gathering_modal(
    bot: SlackBot, fake: FakeSlack
) -> None:
    await bot.event(
        {
            "type": "app_home_opened",
            "user": "UADMIN",
            "channel": "D9",
            "tab": "home",
            "event_ts": next_ts(),
        }
    )
    (publish,) = await fake.wait_for("views.publish")
    button = next(
        e for b in publish.view()["blocks"] if b["type"] == "actions" for e in b["elements"]
    )
    await bot.interact(
        {
            "type": "block_actions",
            "user": {"id": "UADMIN", "team_id": "T0001"},
            "team": {"id": "T0001"},
            "trigger_id": "trigger-home",
            "token": "x",
            "api_app_id": "A0001",
            "container": {"type": "view", "view_id": "V0002"},
            "view": publish.result["view"],
            "actions": [
                {
                    "action_id": button["action_id"],
                    "value": button["value"],
                    "type": "button",
                    "block_id": "b",
                    "action_ts": "1",
                }
            ],
        }
    )
    (opened,) = await fake.wait_for("views.open")
    assert opened.params["trigger_id"] == "trigger-home"
    assert fake.calls_to("chat.postMessage") == []


async def test_unanswered_mention_is_escalated_with_a_link_and_an_answered_button(
    bot: SlackBot, fake: FakeSlack
) -> None:
    ts = next_ts()
    await bot.event(
        mention_event(
            f"<@{BOT_USER}> hvordan søker vi om kvantemidler <!here>", ts=ts, channel="C2001"
        )
    )
    posts = await fake.wait_for("chat.postMessage", count=2)
    escalation = next(p for p in posts if p.params["channel"] == "CESCALATE")
    answer = next(p for p in posts if p.params["channel"] == "C2001")
    assert answer.params["thread_ts"] == ts
    assert escalation.params.get("thread_ts") is None
    assert (
        f"https://lupbot-test.slack.com/archives/C2001/p{ts.replace('.', '')}"
        in escalation.all_text()
    )
    assert not LIVE_MENTION.search(escalation.all_text())
    answered = _button(escalation, "escalation.answered")

    await bot.interact(
        block_actions(
            "escalation.answered",
            answered["value"],
            user="UADMIN",
            channel="CESCALATE",
            message_ts=escalation.result["ts"],
            blocks=escalation.blocks(),
        )
    )
    (update,) = await fake.wait_for("chat.update")
    assert update.params["ts"] == escalation.result["ts"]
    assert "<@UADMIN>" in update.all_text()
    assert _buttons(update) == []


async def test_unknown_button_gets_a_friendly_answer(bot: SlackBot, fake: FakeSlack) -> None:
    await bot.interact(block_actions("something.old", "x", message_ts=next_ts()))
    (post,) = await fake.wait_for("chat.postMessage")
    assert "knappen" in _text(post)


async def test_interactivity_with_a_bad_signature_is_rejected(
    bot: SlackBot, fake: FakeSlack
) -> None:
    response = await bot.interact(
        block_actions("answer.helpful", "markedsdialog|1"), secret="wrong"
    )
    assert response.status == 401
    await fake.settle(0.2)
    assert fake.calls == []


def test_submission_form_body_is_form_encoded_payload() -> None:
    from tests.slack_requests import as_interactivity

    body, ctype = as_interactivity({"type": "block_actions"})
    assert ctype == "application/x-www-form-urlencoded"
    assert json.loads(parse_qs(body)["payload"][0]) == {"type": "block_actions"}


async def test_a_checklist_export_is_uploaded_as_a_file_in_the_thread(
    bot: SlackBot, fake: FakeSlack
) -> None:
    root = next_ts()
    await bot.event(mention_event(f"<@{BOT_USER}> sjekkliste markedsdialog", ts=root))
    await fake.wait_for("chat.postMessage", count=2)
    await bot.event(mention_event(f"<@{BOT_USER}> eksport", thread_ts=root))
    (complete,) = await fake.wait_for("files.completeUploadExternal")
    assert complete.params["channel_id"] == "C2001"
    assert complete.params["thread_ts"] == root
    (upload,) = fake.calls_to("upload")
    assert b"Beskriv behovet" in fake.uploads[upload.params["file_id"]]
