"""How a checklist run looks: step messages with buttons, records, status, summary, Markdown export."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, tzinfo

from handlers.checklist_texts import ct
from handlers.messages import Button, Lang
from handlers.safe_text import echo
from storage.checklist_runs import ACTIVE, DONE, FINISHED, SKIPPED, STOPPED, Run, RunEvent, StepMark

DONE_ACTION = "checklist.done"
SKIP_ACTION = "checklist.skip"
BACK_ACTION = "checklist.back"
EXPLAIN_ACTION = "checklist.explain"
STOP_ACTION = "checklist.stop"
START_ACTION = "checklist.start"


def button_value(run: Run, index: int) -> str:
    """A step button's value: the run id and the step it belongs to, so stale presses are recognised."""
    return f"{run.id}:{index}"


def parse_button_value(value: str) -> tuple[str, int] | None:
    run_id, sep, index = value.strip().partition(":")
    if not sep or not run_id or not index.isdigit():
        return None
    return run_id, int(index)


def when(moment: datetime, zone: tzinfo) -> str:
    """A timestamp as people read it in the bot's time zone."""
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def who(user: str) -> str:
    """A user id as it may appear in a reply (never a live mention)."""
    return echo(user, 80)


def progress(run: Run, lang: Lang, index: int | None = None) -> str:
    n = run.position if index is None else index
    return ct("step.progress", lang, n=min(n, len(run.steps) - 1) + 1, total=len(run.steps))


def run_ref(run: Run, lang: Lang) -> str:
    """`*Title* (step 3 of 9)`: how a run is named in other messages."""
    return ct(
        "run.ref",
        lang,
        title=run.title_in(lang),
        step=min(run.position + 1, len(run.steps)),
        total=len(run.steps),
    )


def step_buttons(run: Run, lang: Lang, *, explain: bool = True) -> tuple[Button, ...]:
    """done / skip / back / explain / stop for the run's current step (none once it has ended)."""
    if run.status != ACTIVE or run.position >= len(run.steps):
        return ()
    value = button_value(run, run.position)
    buttons = [
        Button(ct("button.done", lang), DONE_ACTION, value, style="primary"),
        Button(ct("button.skip", lang), SKIP_ACTION, value),
    ]
    if run.position > 0:
        buttons.append(Button(ct("button.back", lang), BACK_ACTION, value))
    if explain:
        buttons.append(Button(ct("button.explain", lang), EXPLAIN_ACTION, value))
    buttons.append(Button(ct("button.stop", lang), STOP_ACTION, value, style="danger"))
    return tuple(buttons)


def step_text(run: Run, lang: Lang) -> str:
    """The current step: the checklist, "Step 3 of 9", the instruction."""
    step = run.steps[run.position]
    return f"*{run.title_in(lang)}* · {progress(run, lang)}\n{step.text_in(lang)}"


def mark_text(mark: StepMark | None, lang: Lang, zone: tzinfo) -> str:
    if mark is None:
        return ct("mark.open", lang)
    key = "mark.done" if mark.state == DONE else "mark.skipped"
    return ct(key, lang, user=who(mark.user), time=when(mark.at, zone))


def record(run: Run, index: int, kind: str, user: str, lang: Lang, zone: tzinfo) -> str:
    """What became of one step, e.g. "✅ Step 3 of 9: … – done (kari, 14:02)"; replaces its message."""
    step = run.steps[index]
    values = {"progress": progress(run, lang, index), "text": step.text_in(lang), "user": who(user)}
    mark = run.marks[index]
    if kind in (DONE, SKIPPED) and mark is not None:
        key = "record.done" if kind == DONE else "record.skipped"
        return ct(key, lang, time=when(mark.at, zone), **values)
    return ct("record.back" if kind == "back" else "record.stopped", lang, **values)


def status_lines(run: Run, lang: Lang, zone: tzinfo) -> list[str]:
    """Every step with its mark; the current one pointed at."""
    lines = []
    for i, step in enumerate(run.steps):
        mark = run.marks[i]
        if mark is not None:
            icon = "✅" if mark.state == DONE else "⏭"
            lines.append(f"{icon} {i + 1}. {step.text_in(lang)} – {mark_text(mark, lang, zone)}")
        elif run.status == ACTIVE and i == run.position:
            lines.append(f"▶ *{i + 1}. {step.text_in(lang)}*")
        else:
            lines.append(f"◻ {i + 1}. {step.text_in(lang)}")
    return lines


def state_text(run: Run, lang: Lang, zone: tzinfo) -> str:
    if run.status == ACTIVE:
        return ct("status.active", lang, progress=progress(run, lang))
    at = when(run.finished_at or run.updated_at, zone)
    if run.status == FINISHED:
        return ct("status.finished", lang, time=at)
    return ct("status.stopped", lang, user=who(run.finished_by or ""), time=at)


def counts_text(run: Run, lang: Lang) -> str:
    done, skipped = run.count(DONE), run.count(SKIPPED)
    return ct(
        "status.counts", lang, done=done, skipped=skipped, left=len(run.steps) - done - skipped
    )


def status_text(run: Run, lang: Lang, zone: tzinfo) -> str:
    parts = [
        f"📋 *{run.title_in(lang)}* – {state_text(run, lang, zone)}",
        ct("status.started", lang, user=who(run.started_by), time=when(run.started_at, zone))
        + " "
        + counts_text(run, lang),
        "\n".join(status_lines(run, lang, zone)),
        ct("status.export_hint", lang),
    ]
    return "\n\n".join(parts)


def people_text(run: Run) -> str:
    tally = Counter(m.user for m in run.marks if m is not None)
    return ", ".join(f"{who(user)} ({count})" for user, count in tally.most_common())


def summary_text(run: Run, lang: Lang, zone: tzinfo) -> str:
    """The end of a run: what was done and skipped, by whom, when."""
    finished = run.status == FINISHED
    lines = [
        ct("summary.finished" if finished else "summary.stopped", lang, title=run.title_in(lang)),
        ct(
            "summary.counts",
            lang,
            done=run.count(DONE),
            total=len(run.steps),
            skipped=run.count(SKIPPED),
        ),
    ]
    lines.append(
        ct(
            "summary.who",
            lang,
            starter=who(run.started_by),
            started=when(run.started_at, zone),
            ended_word=ct("summary.word.finished" if finished else "summary.word.stopped", lang),
            ender=who(run.finished_by or ""),
            ended=when(run.finished_at or run.updated_at, zone),
        )
    )
    people = people_text(run)
    if people:
        lines.append(ct("summary.people", lang, people=people))
    skipped = [
        f"{i + 1}. {step.text_in(lang).rstrip('.')}"
        for i, (step, mark) in enumerate(zip(run.steps, run.marks, strict=True))
        if mark is not None and mark.state == SKIPPED
    ]
    if skipped:
        lines.append(ct("summary.skipped", lang, steps="; ".join(skipped)))
    return "\n".join(lines)


def _state_word(status: str, lang: Lang) -> str:
    return ct(f"state.{status}", lang) if status in (ACTIVE, FINISHED, STOPPED) else status


def _log_text(event: RunEvent, lang: Lang) -> str:
    n = (event.step_index or 0) + 1
    key = f"log.{event.action}"
    try:
        return ct(key, lang, n=n)
    except KeyError:
        return event.action


def markdown_export(
    run: Run, events: list[RunEvent], lang: Lang, zone: tzinfo, now: datetime
) -> str:
    """The run as Markdown for a case file: status, every step with who and when, and the log."""
    lines = [f"# {ct('export.title', lang, title=run.title_in(lang))}", ""]
    lines.append(f"- **{ct('export.status', lang)}:** {_state_word(run.status, lang)}")
    lines.append(
        f"- **{ct('export.started', lang)}:** "
        + ct("export.by", lang, time=when(run.started_at, zone), user=who(run.started_by))
    )
    if run.status != ACTIVE:
        key = "export.ended.finished" if run.status == FINISHED else "export.ended.stopped"
        ended = ct(
            "export.by",
            lang,
            time=when(run.finished_at or run.updated_at, zone),
            user=who(run.finished_by or ""),
        )
        lines.append(f"- **{ct(key, lang)}:** {ended}")
    lines.append(f"- **{ct('export.progress', lang)}:** {counts_text(run, lang)}")
    lines += ["", f"## {ct('export.steps', lang)}", ""]
    for i, step in enumerate(run.steps):
        mark = run.marks[i]
        box = (
            "[x]"
            if mark is not None and mark.state == DONE
            else "[-]"
            if mark is not None
            else "[ ]"
        )
        tail = mark_text(mark, lang, zone)
        if mark is None and run.status == ACTIVE and i == run.position:
            tail += f" ({ct('export.current', lang)})"
        lines.append(f"- {box} {i + 1}. {step.text_in(lang)} – {tail}")
    lines += ["", f"## {ct('export.log', lang)}", ""]
    for event in events:
        lines.append(f"- {when(event.at, zone)} – {who(event.user)}: {_log_text(event, lang)}")
    lines += ["", f"_{ct('export.generated', lang, time=when(now, zone))}_", ""]
    return "\n".join(lines)
