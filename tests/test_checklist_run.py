"""Running a checklist in a thread, through the router, as users and their colleagues experience it."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
from pathlib import Path

import pytest

from handlers.clock import ManualClock
from handlers.messages import Button, Reply
from storage.checklist_runs import DONE, FINISHED, SKIPPED, STOPPED, ChecklistRunStore, Run
from storage.db import Database
from tests.checklist_helpers import (
    KB_CHECKLISTS,
    actions,
    build_bot,
    button,
    fixture_kb,
)
from tests.conftest import PG_URL, drop_pg_schema, make_pg_database

DONE_A, SKIP_A, BACK_A, EXPLAIN_A, STOP_A, START_A = (
    "checklist.done",
    "checklist.skip",
    "checklist.back",
    "checklist.explain",
    "checklist.stop",
    "checklist.start",
)


async def start(
    bot: object, text: str = "sjekkliste behovskartlegging", **where: object
) -> list[Reply]:
    replies = await bot.say(text, **where)  # type: ignore[attr-defined]
    assert replies, "no reply to the start command"
    return replies


# --- starting


async def test_starting_posts_the_intro_then_step_one_with_buttons_in_the_thread(
    db: Database, clock: ManualClock
) -> None:
    bot = build_bot(db, clock)
    intro, step = await start(bot)
    assert intro.in_thread and step.in_thread
    assert "Behovskartlegging" in intro.text and "4 steg" in intro.text
    assert "Steg 1 av 4" in step.text and "Involver interessentene tidlig." in step.text
    # No "back" on the first step: there is nothing to go back to.
    assert actions(step) == [DONE_A, SKIP_A, EXPLAIN_A, STOP_A]
    run = await bot.run_in("T1")
    assert {b.value for b in step.buttons} == {f"{run.id}:0"}


@pytest.mark.parametrize(
    "command",
    [
        "sjekkliste behovskartlegging",
        "Sjekkliste Behov",
        "checklist needs",
        "CHECKLIST needs assessment",
        "checklist Needs Assessment.",
        "sjekkliste behovskartleging",
        "sjekkliste behovs kartlegging",
        "start sjekklisten for behovskartlegging",
        "start the checklist needs assessment",
    ],
)
async def test_any_slug_title_or_alias_in_either_language_typos_and_all_starts_it(
    db: Database, clock: ManualClock, command: str
) -> None:
    bot = build_bot(db, clock)
    await start(bot, command)
    assert (await bot.run_in("T1")).slug == "behovskartlegging"


async def test_the_answer_about_a_planning_tool_offers_to_start_its_checklist(
    db: Database, clock: ManualClock
) -> None:
    bot = build_bot(db, clock)
    (answer,) = await bot.say("hva er behovskartlegging")
    start_button = button(answer, START_A)
    assert start_button.value == "behovskartlegging" and start_button.label == "📋 Start sjekklisten"
    _intro, step = await bot.press(start_button)
    assert "Steg 1 av 4" in step.text
    assert (await bot.run_in("T1")).slug == "behovskartlegging"
    (other,) = await bot.say("hva er funksjonskrav")  # an article that is no planning tool
    assert START_A not in actions(other)


async def test_an_english_command_gets_english_steps(db: Database, clock: ManualClock) -> None:
    bot = build_bot(db, clock)
    intro, step = await start(bot, "checklist needs")
    assert "Needs assessment" in intro.text and "4 steps" in intro.text
    assert "Step 1 of 4" in step.text and "Involve the stakeholders early." in step.text
    assert step.buttons[0].label.endswith("Done")


async def test_an_unknown_name_suggests_the_nearest_checklists_as_buttons(
    db: Database, clock: ManualClock
) -> None:
    bot = build_bot(db, clock)
    (reply,) = await bot.say("sjekkliste markedsanalyse")
    assert (
        "«markedsanalyse»" in reply.text
        and "Mente du" in reply.text
        and "sjekklister" in reply.text
    )
    assert set(actions(reply)) == {START_A}
    assert reply.buttons[0].value == "markedsdialog"
    assert await bot.runs.in_thread("slack", "W1", "C1", "T1") is None


async def test_a_name_near_nothing_offers_every_checklist(db: Database, clock: ManualClock) -> None:
    bot = build_bot(db, clock)
    (reply,) = await bot.say("checklist xyz")
    assert "“xyz”" in reply.text and "These are the checklists" in reply.text
    assert [b.value for b in reply.buttons] == ["behovskartlegging", "markedsdialog"]


async def test_a_suggested_checklist_starts_when_its_button_is_pressed(
    db: Database, clock: ManualClock
) -> None:
    bot = build_bot(db, clock)
    (reply,) = await bot.say("sjekkliste markeds-greier")
    chosen = next(b for b in reply.buttons if b.value == "markedsdialog")
    replies = await bot.press(chosen)
    assert "Steg 1 av 3" in replies[-1].text
    assert (await bot.run_in("T1")).slug == "markedsdialog"


async def test_names_echoed_back_never_carry_live_mentions(
    db: Database, clock: ManualClock
) -> None:
    bot = build_bot(db, clock)
    (reply,) = await bot.say("sjekkliste <!channel> <@U999>")
    assert "<!channel>" not in reply.text and "<@U999>" not in reply.text


async def test_the_list_shows_checklists_in_planning_order_with_start_buttons_and_your_runs(
    db: Database, clock: ManualClock
) -> None:
    bot = build_bot(db, clock)
    await start(bot, "sjekkliste markedsdialog", thread="T9")
    (reply,) = await bot.say("sjekklister")
    assert reply.text.index("Behovskartlegging") < reply.text.index("Markedsdialog")
    assert [b.value for b in reply.buttons] == ["behovskartlegging", "markedsdialog"]
    assert set(actions(reply)) == {START_A}
    assert "Pågående for deg" in reply.text and "steg 1 av 3" in reply.text
    (bare,) = await bot.say("checklist")
    assert "Checklists" in bare.text


# --- moving through the steps


async def test_pressing_done_turns_the_step_message_into_a_record_and_posts_the_next_step(
    db: Database, clock: ManualClock
) -> None:
    bot = build_bot(db, clock)
    _, step = await start(bot)
    clock.advance(timedelta(minutes=2))
    record, following = await bot.press(button(step, DONE_A), user="U7")
    assert record.replace_original and not record.buttons
    assert "Steg 1 av 4" in record.text and "ferdig" in record.text and "U7" in record.text
    assert "14:02" in record.text  # Oslo time
    assert not following.replace_original and following.in_thread
    assert "Steg 2 av 4" in following.text
    assert actions(following) == [DONE_A, SKIP_A, BACK_A, EXPLAIN_A, STOP_A]


async def test_typed_words_drive_the_same_transitions_as_the_buttons(
    db: Database, clock: ManualClock
) -> None:
    bot = build_bot(db, clock)
    await start(bot)
    (after_done,) = await bot.say("ferdig")
    assert (
        "ferdig" in after_done.text
        and "Steg 2 av 4" in after_done.text
        and not after_done.replace_original
    )
    (after_skip,) = await bot.say("hopp over")
    assert "hoppet over" in after_skip.text and "Steg 3 av 4" in after_skip.text
    (after_back,) = await bot.say("tilbake")
    assert "Steg 2 av 4" in after_back.text
    (after_english,) = await bot.say("skip")
    assert "Step 3 of 4" in after_english.text
    run = await bot.run_in("T1")
    assert run.position == 2
    assert [m.state if m else None for m in run.marks] == [DONE, SKIPPED, None, None]


async def test_colleagues_in_the_thread_tick_steps_and_the_run_records_who_and_when(
    db: Database, clock: ManualClock
) -> None:
    bot = build_bot(db, clock)
    _, step = await start(bot, user="U1")
    clock.advance(timedelta(minutes=5))
    *_, step = await bot.press(button(step, DONE_A), user="U2")
    clock.advance(timedelta(days=2))
    await bot.say("ferdig", user="U3")
    run = await bot.run_in("T1")
    marks = [m for m in run.marks if m]
    assert [(m.user, m.at) for m in marks] == [
        ("U2", clock.now() - timedelta(days=2)),
        ("U3", clock.now()),
    ]
    events = await bot.runs.events(run.id)
    assert [(e.action, e.user) for e in events] == [("start", "U1"), ("done", "U2"), ("done", "U3")]
    (status,) = await bot.say("status")
    assert "U2" in status.text and "U3" in status.text and "Steg 3 av 4" in status.text


async def test_finishing_posts_a_summary_and_offers_the_next_natural_checklist(
    db: Database, clock: ManualClock
) -> None:
    bot = build_bot(db, clock)
    await start(bot, user="U1")
    await bot.say("ferdig", user="U1")
    await bot.say("hopp over", user="U2")
    await bot.say("ferdig", user="U2")
    clock.advance(timedelta(hours=3))
    (summary,) = await bot.say("ferdig", user="U2")
    assert "fullført" in summary.text
    assert "3 av 4 steg ferdig, 1 hoppet over" in summary.text
    assert "Startet av U1" in summary.text and "fullført av U2" in summary.text
    assert "U2 (3)" in summary.text and "U1 (1)" in summary.text
    assert "Beskriv formålet" in summary.text  # the skipped step, worth coming back to
    assert "sjekkliste markedsdialog" in summary.text
    offer = button(summary, START_A)
    assert offer.value == "markedsdialog"
    run = await bot.run_in("T1")
    assert run.status == FINISHED and run.finished_by == "U2"
    replies = await bot.press(offer, user="U1")
    assert "Steg 1 av 3" in replies[-1].text
    assert (await bot.run_in("T1")).slug == "markedsdialog"


async def test_stop_ends_the_run_and_the_checklist_can_be_started_again(
    db: Database, clock: ManualClock
) -> None:
    bot = build_bot(db, clock)
    _, step = await start(bot)
    record, summary = await bot.press(button(step, STOP_A), user="U4")
    assert record.replace_original and "avbrøt" in record.text
    assert "avbrutt" in summary.text and "sjekkliste behovskartlegging" in summary.text
    assert (await bot.run_in("T1")).status == STOPPED
    (answer,) = await bot.say("ferdig")
    assert "avbrutt av U4" in answer.text
    replies = await start(bot)
    assert "Steg 1 av 4" in replies[-1].text


# --- explain, status, export


async def test_explain_answers_from_the_steps_article_with_its_detail(
    db: Database, clock: ManualClock
) -> None:
    bot = build_bot(db, clock)
    _, step = await start(bot)
    (explained,) = await bot.press(button(step, EXPLAIN_A))
    assert "Brukere, drift og økonomi." in explained.text  # the step's detail
    assert (
        "Behovskartlegging betyr å finne ut hva dere trenger" in explained.text
    )  # the article's short answer
    more = button(explained, "answer.more")
    assert more.value == "behovskartlegging"
    # The step can be ticked right from the explanation.
    assert DONE_A in actions(explained)
    (typed,) = await bot.say("explain")
    assert "A needs assessment finds out what you need" in typed.text
    (read_more,) = await bot.press(more)
    assert "involve the users early" in read_more.text  # in the language the user last wrote


async def test_status_shows_every_step_with_its_mark_and_the_current_one(
    db: Database, clock: ManualClock
) -> None:
    bot = build_bot(db, clock)
    await start(bot)
    await bot.say("ferdig")
    await bot.say("hopp over")
    (status,) = await bot.say("status")
    assert "pågår – Steg 3 av 4" in status.text
    assert "1 ferdig, 1 hoppet over, 2 igjen" in status.text
    assert (
        "✅ 1." in status.text
        and "⏭ 2." in status.text
        and "▶ *3." in status.text
        and "◻ 4." in status.text
    )
    assert "status markdown" in status.text
    assert DONE_A in actions(status)


@pytest.mark.parametrize("command", ["status markdown", "eksport", "export", "Status MD"])
async def test_the_markdown_export_is_a_summary_for_the_case_file(
    db: Database, clock: ManualClock, command: str
) -> None:
    bot = build_bot(db, clock)
    await start(bot, user="U1")
    await bot.say("ferdig", user="U1")
    await bot.say("hopp over", user="U2")
    (export,) = await bot.say(command)
    assert export.files and export.files[0].filename.endswith(".md")
    markdown = export.files[0].content.decode("utf-8")
    assert markdown in export.text
    heading = (
        "# Checklist: Needs assessment"
        if command == "export"
        else "# Sjekkliste: Behovskartlegging"
    )
    assert markdown.startswith(heading)
    lines = markdown.splitlines()
    assert any(line.startswith("- [x] 1.") and "U1" in line for line in lines)
    assert any(line.startswith("- [-] 2.") and "U2" in line for line in lines)
    assert any(line.startswith("- [ ] 3.") for line in lines)
    assert (
        sum(1 for line in lines if line.startswith("- 2026-11-23 14:00")) == 3
    )  # start, done, skip


async def test_a_finished_run_can_still_be_exported_from_its_thread(
    db: Database, clock: ManualClock
) -> None:
    bot = build_bot(db, clock)
    await start(bot, "sjekkliste markedsdialog")
    for _ in range(3):
        await bot.say("ferdig")
    (export,) = await bot.say("eksport")
    assert "Fullført" in export.text and "- [x] 3." in export.text


# --- stale buttons and bad input


async def test_an_old_steps_button_changes_nothing_and_says_so(
    db: Database, clock: ManualClock
) -> None:
    bot = build_bot(db, clock)
    _, step_one = await start(bot)
    await bot.press(button(step_one, DONE_A), user="U2")
    await bot.say("ferdig")
    (stale,) = await bot.press(button(step_one, SKIP_A), user="U3")
    assert not stale.replace_original
    assert "steg 1" in stale.text and "U2" in stale.text and "Steg 3 av 4" in stale.text
    run = await bot.run_in("T1")
    assert run.position == 2 and run.marks[0] is not None and run.marks[0].state == DONE


async def test_a_later_steps_button_after_going_back_changes_nothing(
    db: Database, clock: ManualClock
) -> None:
    bot = build_bot(db, clock)
    await start(bot)
    (after,) = await bot.say("ferdig")
    await bot.say("tilbake")
    (stale,) = await bot.press(button(after, DONE_A))
    assert "tilbake" in stale.text and "Steg 1 av 4" in stale.text
    assert (await bot.run_in("T1")).position == 0


async def test_buttons_of_a_finished_run_are_harmless(db: Database, clock: ManualClock) -> None:
    bot = build_bot(db, clock)
    *_, step = await start(bot, "sjekkliste markedsdialog")
    for _ in range(2):
        *_, step = await bot.press(button(step, DONE_A))
    *_, summary = await bot.press(button(step, DONE_A))
    assert DONE_A not in actions(summary)
    run = await bot.run_in("T1")
    assert run.status == FINISHED
    for action in (DONE_A, SKIP_A, BACK_A, STOP_A):
        (answer,) = await bot.press(Button("x", action, f"{run.id}:2"))
        assert "allerede fullført" in answer.text
    assert (await bot.runs.get(run.id)) == run


async def test_done_after_the_end_says_the_checklist_is_finished(
    db: Database, clock: ManualClock
) -> None:
    bot = build_bot(db, clock)
    await start(bot, "sjekkliste markedsdialog")
    for _ in range(3):
        await bot.say("ferdig")
    (answer,) = await bot.say("ferdig")
    assert "allerede fullført" in answer.text and "status" in answer.text


async def test_back_on_the_first_step_says_there_is_nothing_to_go_back_to(
    db: Database, clock: ManualClock
) -> None:
    bot = build_bot(db, clock)
    await start(bot)
    (answer,) = await bot.say("tilbake")
    assert "første steg" in answer.text and "Steg 1 av 4" in answer.text
    (english,) = await bot.say("back")
    assert "first step" in english.text
    assert (await bot.run_in("T1")).position == 0


@pytest.mark.parametrize(
    "command", ["ferdig", "hopp over", "tilbake", "forklar", "status", "avbryt", "eksport", "done"]
)
async def test_run_commands_where_no_run_is_going_say_how_to_start_one(
    db: Database, clock: ManualClock, command: str
) -> None:
    bot = build_bot(db, clock)
    (answer,) = await bot.say(command, thread="EMPTY")
    assert "sjekkliste <navn>" in answer.text or "checklist <name>" in answer.text


async def test_run_commands_in_the_wrong_thread_point_to_the_users_run_elsewhere(
    db: Database, clock: ManualClock
) -> None:
    bot = build_bot(db, clock)
    await start(bot, thread="T1")
    (answer,) = await bot.say("ferdig", thread="T2")
    assert "annen tråd" in answer.text and "Behovskartlegging" in answer.text
    assert (await bot.run_in("T1")).position == 0


async def test_a_second_checklist_in_the_same_thread_names_the_active_one(
    db: Database, clock: ManualClock
) -> None:
    bot = build_bot(db, clock)
    await start(bot)
    await bot.say("ferdig")
    (answer,) = await bot.say("sjekkliste markedsdialog")
    assert (
        "Behovskartlegging" in answer.text
        and "steg 2 av 4" in answer.text
        and "avbryt" in answer.text
    )
    assert STOP_A in actions(answer)
    same = await bot.say("sjekkliste behov")
    assert "allerede" in same[0].text and "Steg 2 av 4" in same[-1].text
    assert (await bot.run_in("T1")).slug == "behovskartlegging"
    other = await start(bot, "sjekkliste markedsdialog", thread="T2")
    assert "Steg 1 av 3" in other[-1].text


@pytest.mark.parametrize("value", ["", "garbage", "nope:1", "123", "abc:def"])
@pytest.mark.parametrize("action", [DONE_A, EXPLAIN_A, STOP_A])
async def test_malformed_or_unknown_button_values_get_a_kind_answer(
    db: Database, clock: ManualClock, action: str, value: str
) -> None:
    bot = build_bot(db, clock)
    (answer,) = await bot.press(Button("x", action, value))
    assert "knappen" in answer.text or "finner ikke" in answer.text


async def test_explain_on_a_step_index_out_of_range_is_refused_kindly(
    db: Database, clock: ManualClock
) -> None:
    bot = build_bot(db, clock)
    await start(bot)
    run = await bot.run_in("T1")
    (answer,) = await bot.press(Button("x", EXPLAIN_A, f"{run.id}:99"))
    assert "knappen" in answer.text


async def test_a_direct_message_outside_the_runs_thread_reaches_the_latest_run_in_the_dm(
    db: Database, clock: ManualClock
) -> None:
    bot = build_bot(db, clock)
    replies = await bot.say(
        "sjekkliste behov", thread=None, channel="D1", is_direct=True, message_id="m1"
    )
    assert all(r.in_thread for r in replies)
    (answer,) = await bot.say("ferdig", thread=None, channel="D1", is_direct=True, message_id="m2")
    assert "Steg 2 av 4" in answer.text
    run = await bot.runs.in_thread("slack", "W1", "D1", "m1")
    assert run is not None and run.position == 1


async def test_help_lists_the_checklist_commands_in_both_languages(
    db: Database, clock: ManualClock
) -> None:
    bot = build_bot(db, clock)
    commands = {c.key: c for c in bot.router.commands}
    for key in (
        "checklists",
        "checklist",
        "checklist.done",
        "checklist.skip",
        "checklist.back",
        "checklist.explain",
        "checklist.status",
        "checklist.stop",
    ):
        assert commands[key].summary["nb"] and commands[key].summary["en"]
        assert commands[key].group in ("checklists", "checklist_run")


# --- concurrency, restarts, edited files


async def test_two_people_pressing_the_same_done_button_at_once_advance_the_run_once(
    db: Database, clock: ManualClock
) -> None:
    bot = build_bot(db, clock)
    _, step = await start(bot)
    done = button(step, DONE_A)
    results = await asyncio.gather(*(bot.press(done, user=f"U{i}") for i in range(2, 6)))
    run = await bot.run_in("T1")
    assert run.position == 1 and run.version == 2
    assert [e.action for e in await bot.runs.events(run.id)] == ["start", "done"]
    winners = [r for r in results if r[0].replace_original]
    assert len(winners) == 1
    losers = [r for r in results if not r[0].replace_original]
    assert all("allerede" in r[0].text and "Steg 2 av 4" in r[0].text for r in losers)


class ReadTogetherStore(ChecklistRunStore):
    """The real store, except that thread look-ups wait for each other: both people read the run
    before either writes, which is what "at the same moment" means."""

    def __init__(self, db: Database, readers: int) -> None:
        super().__init__(db)
        self.barrier = asyncio.Barrier(readers)

    async def in_thread(
        self, platform: str, workspace: str, channel: str, thread: str
    ) -> Run | None:
        run = await super().in_thread(platform, workspace, channel, thread)
        await self.barrier.wait()
        return run


async def test_two_people_typing_done_at_the_same_moment_advance_the_run_once(
    db: Database, clock: ManualClock
) -> None:
    bot = build_bot(db, clock)
    await start(bot)
    together = build_bot(db, clock, runs=ReadTogetherStore(db, readers=2))
    (first,), (second,) = await asyncio.gather(
        together.say("ferdig", user="U2"), together.say("done", user="U3")
    )
    run = await bot.run_in("T1")
    assert run.position == 1
    assert [e.action for e in await bot.runs.events(run.id)] == ["start", "done"]
    late = [
        r
        for r in (first, second)
        if "Noen kom deg i forkjøpet" in r.text or "Someone got there first" in r.text
    ]
    assert len(late) == 1 and not late[0].buttons


Reopen = Callable[[], Awaitable[Database]]


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param("postgresql", marks=pytest.mark.skipif(not PG_URL, reason="no PG")),
    ]
)
async def reopen(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Reopen]:
    """Opens a new Database object on the same SQLite file or PostgreSQL schema each call (a restart)."""
    opened: list[Database] = []
    schema: str | None = None
    if request.param == "postgresql":
        first, schema = await make_pg_database()
        await first.dispose()

    async def open_again() -> Database:
        if schema is not None:
            assert PG_URL
            database = Database(PG_URL, schema=schema)
        else:
            database = Database(f"sqlite+aiosqlite:///{tmp_path / 'restart.db'}")
        await database.create_schema()
        opened.append(database)
        return database

    yield open_again
    for database in opened:
        await database.dispose()
    if schema is not None:
        await drop_pg_schema(schema)


async def test_a_restart_in_the_middle_of_a_run_resumes_exactly_where_it_was(
    reopen: Reopen, clock: ManualClock
) -> None:
    first_db = await reopen()
    bot = build_bot(first_db, clock)
    _, step = await start(bot, user="U1")
    await bot.press(button(step, DONE_A), user="U1")
    (after_skip,) = await bot.say("hopp over", user="U2")
    await first_db.dispose()

    clock.advance(timedelta(days=3))
    restarted = build_bot(await reopen(), clock)
    (status,) = await restarted.say("status")
    assert "Steg 3 av 4" in status.text and "U1" in status.text and "U2" in status.text
    # A button posted before the restart still works.
    record, following = await restarted.press(button(after_skip, DONE_A), user="U3")
    assert record.replace_original and "Steg 4 av 4" in following.text
    run = await restarted.run_in("T1")
    assert [e.user for e in await restarted.runs.events(run.id)] == ["U1", "U1", "U2", "U3"]


async def test_a_checklist_file_edited_mid_run_leaves_the_run_on_the_steps_it_started_with(
    db: Database, clock: ManualClock, tmp_path: Path
) -> None:
    bot = build_bot(db, clock)
    _, step = await start(bot)
    *_, step = await bot.press(button(step, DONE_A))

    edited = tmp_path / "kb"
    shutil.copytree(KB_CHECKLISTS, edited)
    path = edited / "checklists" / "behovskartlegging.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("Beskriv formålet – hva, ikke hvordan.", "Et helt nytt steg.")
    text = text.replace("  - id: marked\n", "  - id: nytt\n")
    path.write_text(text, encoding="utf-8")
    (edited / "articles" / "funksjonskrav.md").unlink()
    for checklist in (edited / "checklists").glob("*.yaml"):
        checklist.write_text(
            checklist.read_text(encoding="utf-8").replace(
                "article: funksjonskrav", "article: behovskartlegging"
            )
        )
    after_edit = build_bot(db, clock, fixture_kb(edited))

    (status,) = await after_edit.say("status")
    assert (
        "Beskriv formålet – hva, ikke hvordan." in status.text
        and "Et helt nytt steg." not in status.text
    )
    (explained,) = await after_edit.press(button(step, EXPLAIN_A))
    # Its article is gone; the run still explains what it can.
    assert "finnes ikke lenger" in explained.text
    record, following = await after_edit.press(button(step, DONE_A))
    assert record.replace_original
    assert "Steg 3 av 4" in following.text


async def test_a_run_whose_checklist_was_deleted_still_runs_to_the_end(
    db: Database, clock: ManualClock, tmp_path: Path
) -> None:
    bot = build_bot(db, clock)
    await start(bot, "sjekkliste markedsdialog")
    gone = tmp_path / "kb"
    shutil.copytree(KB_CHECKLISTS, gone)
    (gone / "checklists" / "markedsdialog.yaml").unlink()
    (gone / "checklists" / "behovskartlegging.yaml").write_text(
        (KB_CHECKLISTS / "checklists" / "behovskartlegging.yaml")
        .read_text(encoding="utf-8")
        .replace("next: markedsdialog\n", ""),
        encoding="utf-8",
    )
    after = build_bot(db, clock, fixture_kb(gone))
    for _ in range(2):
        await after.say("ferdig")
    (summary,) = await after.say("ferdig")
    assert "fullført" in summary.text
    assert (await after.run_in("T1")).status == FINISHED
