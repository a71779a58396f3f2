"""Guided checklists in a thread: the chat commands and buttons that drive a checklist run.

Reply design (the same on every platform):
- Starting posts two replies in the thread: the intro, then step 1 with its buttons.
- A step button that moves the run (done / skip / back / stop) replaces the message it was
  pressed on with a one-line record of what happened ("✅ Step 3 of 9: … – done (kari, 14:02)"),
  so old buttons disappear, then posts the next step (or the summary) as a new message.
- A typed command cannot point at a message, so its reply is one new message: the record line
  followed by the next step (or the summary).
- `explain` and `status` never change the run and post a new message.
- A button for another step than the current one, or for a run that has ended, changes nothing
  and says so.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, tzinfo

from handlers import checklist_engine as engine
from handlers import checklist_render as render
from handlers.checklist_resolve import Resolution, resolve
from handlers.checklist_texts import ct
from handlers.clock import Clock
from handlers.messages import Attachment, Button, Lang, Message, Reply
from handlers.router import Command, Handler, Turn
from handlers.safe_text import echo
from knowledge.model import Checklist, KnowledgeBase
from storage.checklist_runs import (
    ACTIVE,
    DONE,
    FINISHED,
    SKIPPED,
    ChecklistRunStore,
    NewRun,
    Run,
)

EXPORT_WORDS = frozenset({"markdown", "md", "eksport", "export"})
MAX_ATTEMPTS = 3


def _both(key: str) -> dict[Lang, str]:
    return {"nb": ct(key, "nb"), "en": ct(key, "en")}


def _start_args_ok(args: str) -> bool:
    # "sjekkliste behov" is a command; a long sentence with a question mark is a question.
    return "?" not in args and len(args.split()) <= 6


def _status_args_ok(args: str) -> bool:
    return not args or args.lower().strip(" .!") in EXPORT_WORDS


def thread_of(message: Message) -> str:
    """The thread a run started from this message lives in (the platform threads replies under it)."""
    return message.thread or message.message_id or ""


class ChecklistCapability:
    """The checklist commands and the checklist.* buttons, over a run store and the knowledge base."""

    def __init__(
        self, kb: KnowledgeBase, runs: ChecklistRunStore, clock: Clock, zone: tzinfo = UTC
    ) -> None:
        self._kb = kb
        self._runs = runs
        self._clock = clock
        self._zone = zone

    # --- registration

    def commands(self) -> Sequence[Command]:
        def command(
            key: str,
            nb: tuple[str, ...],
            en: tuple[str, ...],
            handler: Handler,
            summary: str,
            group: str = "checklist_run",
            *,
            takes_args: bool = False,
            accepts: Callable[[str], bool] | None = None,
            usage: str | None = None,
        ) -> Command:
            return Command(
                key=key,
                words={"nb": nb, "en": en},
                handler=handler,
                summary=_both(summary),
                usage=_both(usage) if usage else {},
                takes_args=takes_args,
                accepts=accepts,
                group=group,
            )

        return (
            command(
                "checklists",
                ("sjekklister",),
                ("checklists",),
                self.list_checklists,
                "cmd.list",
                group="checklists",
            ),
            command(
                "checklist",
                ("sjekkliste", "start sjekkliste", "start sjekklisten", "start sjekklista"),
                ("checklist", "start checklist", "start the checklist", "start a checklist"),
                self.start,
                "cmd.start",
                group="checklists",
                takes_args=True,
                accepts=_start_args_ok,
                usage="cmd.start.usage",
            ),
            command("checklist.done", ("ferdig",), ("done",), self.typed_done, "cmd.done"),
            command("checklist.skip", ("hopp over",), ("skip",), self.typed_skip, "cmd.skip"),
            command("checklist.back", ("tilbake",), ("back",), self.typed_back, "cmd.back"),
            command(
                "checklist.explain", ("forklar",), ("explain",), self.typed_explain, "cmd.explain"
            ),
            command(
                "checklist.status",
                ("status",),
                ("status",),
                self.status,
                "cmd.status",
                takes_args=True,
                accepts=_status_args_ok,
                usage="cmd.status.usage",
            ),
            command("checklist.export", ("eksport",), ("export",), self.export, "cmd.export"),
            command("checklist.stop", ("avbryt",), ("stop",), self.typed_stop, "cmd.stop"),
        )

    def actions(self) -> Mapping[str, Handler]:
        return {
            render.DONE_ACTION: self.pressed_done,
            render.SKIP_ACTION: self.pressed_skip,
            render.BACK_ACTION: self.pressed_back,
            render.EXPLAIN_ACTION: self.pressed_explain,
            render.STOP_ACTION: self.pressed_stop,
            render.START_ACTION: self.pressed_start,
        }

    # --- listing and starting

    async def list_checklists(self, turn: Turn) -> list[Reply]:
        """`sjekklister`: every checklist with a start button, and the user's runs in progress."""
        lang, msg = turn.lang, turn.message
        in_thread = not msg.is_direct
        checklists = in_planning_order(self._kb.checklists)
        if not checklists:
            return [Reply(ct("list.empty", lang), in_thread=in_thread, lang=lang)]
        lines = [ct("list.header", lang)]
        for c in checklists:
            lines.append(
                ct(
                    "list.item",
                    lang,
                    title=c.title_in(lang),
                    slug=c.slug,
                    count=len(c.steps),
                    intro=_first_sentence(c.intro_in(lang)),
                )
            )
        mine = await self._runs.active_runs_for_user(msg.platform, msg.workspace, msg.user)
        if mine:
            lines.append("")
            lines.append(
                ct("list.yours", lang, runs=", ".join(render.run_ref(r, lang) for r in mine))
            )
        buttons = tuple(
            Button(ct("button.start", lang, title=c.title_in(lang)), render.START_ACTION, c.slug)
            for c in checklists
        )
        return [Reply("\n".join(lines), buttons=buttons, in_thread=in_thread, lang=lang)]

    async def start(self, turn: Turn) -> list[Reply]:
        """`sjekkliste <name>`: start that checklist in this thread (or say what is in the way)."""
        name = turn.args.strip()
        if not name:
            return await self.list_checklists(turn)
        found = resolve(self._kb.checklists, name)
        if found.match is None:
            return [self._suggest(turn, name, found)]
        return await self._start(turn, found.match)

    async def pressed_start(self, turn: Turn) -> list[Reply]:
        checklist = self._kb.checklists.get(turn.args.strip())
        if checklist is None:
            return [Reply(ct("err.unknown_run", turn.lang), in_thread=True, lang=turn.lang)]
        return await self._start(turn, checklist)

    def _suggest(self, turn: Turn, name: str, found: Resolution) -> Reply:
        lang = turn.lang
        if found.ambiguous:
            text = ct("start.ambiguous", lang, name=echo(name, 80))
        else:
            text = ct("start.unknown", lang, name=echo(name, 80))
            if found.candidates:
                text += " " + ct("start.nearest" if found.near else "start.these", lang)
        if found.near:
            text += " " + ct("start.all", lang)
        candidates = (
            in_planning_order({c.slug: c for c in found.candidates})
            if not found.near
            else found.candidates
        )
        buttons = tuple(
            Button(ct("button.start", lang, title=c.title_in(lang)), render.START_ACTION, c.slug)
            for c in candidates
        )
        return Reply(text, buttons=buttons, in_thread=not turn.message.is_direct, lang=lang)

    async def _start(self, turn: Turn, checklist: Checklist) -> list[Reply]:
        lang, msg = turn.lang, turn.message
        steps = checklist.steps  # the run keeps this snapshot even if the file changes later
        started = await self._runs.start(
            NewRun(
                platform=msg.platform,
                workspace=msg.workspace,
                channel=msg.channel,
                thread=thread_of(msg),
                slug=checklist.slug,
                title=checklist.title,
                title_en=checklist.title_en,
                next_slug=checklist.next,
                steps=steps,
                user=msg.user,
            ),
            self._clock.now(),
        )
        run = started.run
        if not started.created:
            if run.slug == checklist.slug:
                return [
                    self._reply(ct("start.same_active", lang, title=run.title_in(lang)), lang),
                    self._step(run, lang),
                ]
            text = ct(
                "start.other_active",
                lang,
                run=render.run_ref(run, lang),
                title=checklist.title_in(lang),
            )
            return [self._reply(text, lang, buttons=render.step_buttons(run, lang))]
        intro = ct(
            "start.intro",
            lang,
            title=run.title_in(lang),
            count=len(run.steps),
            intro=checklist.intro_in(lang),
        )
        return [self._reply(intro, lang), self._step(run, lang)]

    # --- transitions: typed words and pressed buttons share one path

    async def typed_done(self, turn: Turn) -> list[Reply]:
        return await self._typed(turn, engine.done, DONE)

    async def typed_skip(self, turn: Turn) -> list[Reply]:
        return await self._typed(turn, engine.skip, SKIPPED)

    async def typed_back(self, turn: Turn) -> list[Reply]:
        return await self._typed(turn, engine.back, "back")

    async def typed_stop(self, turn: Turn) -> list[Reply]:
        return await self._typed(turn, engine.stop, "stop")

    async def pressed_done(self, turn: Turn) -> list[Reply]:
        return await self._pressed(turn, engine.done, DONE)

    async def pressed_skip(self, turn: Turn) -> list[Reply]:
        return await self._pressed(turn, engine.skip, SKIPPED)

    async def pressed_back(self, turn: Turn) -> list[Reply]:
        return await self._pressed(turn, engine.back, "back")

    async def pressed_stop(self, turn: Turn) -> list[Reply]:
        return await self._pressed(turn, engine.stop, "stop")

    async def _typed(self, turn: Turn, transition: engine.Transition, kind: str) -> list[Reply]:
        run = await self._run_here(turn.message)
        if run is None:
            return await self._no_run(turn)
        # A typed word means the step the speaker saw: if someone else moves first, it is stale too.
        return await self._apply(turn, run, transition, kind, expected=run.position, pressed=False)

    async def _pressed(self, turn: Turn, transition: engine.Transition, kind: str) -> list[Reply]:
        parsed = render.parse_button_value(turn.args)
        if parsed is None:
            return [Reply(ct("err.bad_button", turn.lang), in_thread=True, lang=turn.lang)]
        run = await self._runs.get(parsed[0])
        if run is None:
            return [Reply(ct("err.unknown_run", turn.lang), in_thread=True, lang=turn.lang)]
        return await self._apply(turn, run, transition, kind, expected=parsed[1], pressed=True)

    async def _apply(
        self,
        turn: Turn,
        run: Run,
        transition: engine.Transition,
        kind: str,
        *,
        expected: int,
        pressed: bool,
    ) -> list[Reply]:
        lang, user = turn.lang, turn.message.user
        for _ in range(MAX_ATTEMPTS):
            now = self._clock.now()
            outcome = transition(run, user, now, expected)
            if isinstance(outcome, engine.Refusal):
                return [self._refusal(run, outcome, expected, lang, pressed=pressed)]
            assert isinstance(outcome, engine.Change)
            moved = await self._runs.transition(run, outcome, now)
            if moved is not None:
                return self._moved(moved, run.position, kind, user, lang, pressed)
            # Someone changed the run between our read and our write: judge again on the fresh state.
            fresh = await self._runs.get(run.id)
            if fresh is None:
                return [Reply(ct("err.unknown_run", lang), in_thread=True, lang=lang)]
            run = fresh
        return [Reply(ct("err.busy", lang), in_thread=True, lang=lang)]

    def _moved(
        self, run: Run, index: int, kind: str, user: str, lang: Lang, pressed: bool
    ) -> list[Reply]:
        line = render.record(run, index, kind, user, lang, self._zone)
        if run.status == ACTIVE:
            follow = self._step(run, lang)
        else:
            follow = self._summary(run, lang)
        if pressed:
            return [Reply(line, in_thread=True, replace_original=True, lang=lang), follow]
        return [
            Reply(f"{line}\n\n{follow.text}", buttons=follow.buttons, in_thread=True, lang=lang)
        ]

    def _refusal(
        self, run: Run, refusal: engine.Refusal, expected: int, lang: Lang, *, pressed: bool
    ) -> Reply:
        if refusal.reason == engine.NOT_ACTIVE:
            return self._ended(run, lang)
        if refusal.reason == engine.FIRST_STEP:
            return self._reply(
                ct("err.first_step", lang) + "\n\n" + render.step_text(run, lang),
                lang,
                buttons=render.step_buttons(run, lang),
            )
        where = render.progress(run, lang)
        if 0 <= expected < run.position:
            what = render.mark_text(run.marks[expected], lang, self._zone)
            key = "err.stale_behind" if pressed else "err.stale_typed"
            text = ct(key, lang, n=expected + 1, what=what, progress=where)
        elif pressed:
            text = ct("err.stale_ahead", lang, n=expected + 1, progress=where)
        else:
            text = ct("err.stale_typed_moved", lang, progress=where)
        return self._reply(text, lang)

    def _ended(self, run: Run, lang: Lang) -> Reply:
        at = render.when(run.finished_at or run.updated_at, self._zone)
        if run.status == FINISHED:
            return self._reply(ct("err.finished", lang, title=run.title_in(lang), time=at), lang)
        return self._reply(
            ct(
                "err.stopped",
                lang,
                title=run.title_in(lang),
                user=render.who(run.finished_by or ""),
                time=at,
                slug=run.slug,
            ),
            lang,
        )

    # --- read-only: explain, status, export

    async def typed_explain(self, turn: Turn) -> list[Reply]:
        run = await self._run_here(turn.message)
        if run is None:
            return await self._no_run(turn)
        if run.status != ACTIVE:
            return [self._ended(run, turn.lang)]
        return [self._explain(run, run.position, turn.lang)]

    async def pressed_explain(self, turn: Turn) -> list[Reply]:
        parsed = render.parse_button_value(turn.args)
        if parsed is None:
            return [Reply(ct("err.bad_button", turn.lang), in_thread=True, lang=turn.lang)]
        run = await self._runs.get(parsed[0])
        if run is None:
            return [Reply(ct("err.unknown_run", turn.lang), in_thread=True, lang=turn.lang)]
        if not 0 <= parsed[1] < len(run.steps):
            return [Reply(ct("err.bad_button", turn.lang), in_thread=True, lang=turn.lang)]
        # Explaining is harmless, so an older step's explain button still explains that step.
        return [self._explain(run, parsed[1], turn.lang)]

    def _explain(self, run: Run, index: int, lang: Lang) -> Reply:
        step = run.steps[index]
        parts = [ct("explain.header", lang, n=index + 1, text=step.text_in(lang))]
        if step.detail_in(lang):
            parts.append(step.detail_in(lang))
        buttons: list[Button] = []
        article = self._kb.articles.get(step.article)
        if article is None:
            parts.append("_" + ct("explain.no_article", lang) + "_")
        else:
            parts.append(
                ct("explain.article", lang, title=article.title_in(lang))
                + "\n"
                + article.short_answer(lang)
            )
            if article.read_more(lang):
                buttons.append(
                    Button(
                        ct("button.read_more", lang, title=article.title_in(lang)),
                        "answer.more",
                        article.slug,
                    )
                )
        if run.status == ACTIVE and index == run.position:
            buttons.extend(render.step_buttons(run, lang, explain=False))
        return self._reply("\n\n".join(parts), lang, buttons=tuple(buttons))

    async def status(self, turn: Turn) -> list[Reply]:
        """`status`: where the run stands; `status markdown` gives the export."""
        if turn.args.strip():
            return await self.export(turn)
        run = await self._run_here(turn.message)
        if run is None:
            return await self._no_run(turn)
        return [
            self._reply(
                render.status_text(run, turn.lang, self._zone),
                turn.lang,
                buttons=render.step_buttons(run, turn.lang),
            )
        ]

    async def export(self, turn: Turn) -> list[Reply]:
        """`eksport` / `status markdown`: the run as Markdown for the case file, also as a file."""
        run = await self._run_here(turn.message)
        if run is None:
            return await self._no_run(turn)
        now = self._clock.now()
        markdown = render.markdown_export(
            run, await self._runs.events(run.id), turn.lang, self._zone, now
        )
        name = f"{run.slug}-{now.astimezone(self._zone):%Y-%m-%d}.md"
        file = Attachment(
            filename=name, content=markdown.encode("utf-8"), mime_type="text/markdown"
        )
        text = f"{ct('export.intro', turn.lang)}\n```\n{markdown}```"
        return [Reply(text, in_thread=True, lang=turn.lang, files=(file,))]

    # --- helpers

    async def _run_here(self, message: Message) -> Run | None:
        """The run a typed command means: this thread's; in a DM's top level, the latest in the DM."""
        if message.thread:
            return await self._runs.in_thread(
                message.platform, message.workspace, message.channel, message.thread
            )
        run = await self._runs.in_thread(message.platform, message.workspace, message.channel, "")
        if run is None and message.is_direct:
            run = await self._runs.latest_in_channel(
                message.platform, message.workspace, message.channel
            )
        return run

    async def _no_run(self, turn: Turn) -> list[Reply]:
        msg, lang = turn.message, turn.lang
        text = ct("err.no_run", lang)
        elsewhere = await self._runs.active_runs_for_user(msg.platform, msg.workspace, msg.user)
        if elsewhere:
            text += "\n" + ct(
                "err.elsewhere",
                lang,
                runs=", ".join(render.run_ref(r, lang) for r in elsewhere[:3]),
            )
        return [Reply(text, in_thread=msg.thread is not None, lang=lang)]

    def _step(self, run: Run, lang: Lang) -> Reply:
        return self._reply(
            render.step_text(run, lang), lang, buttons=render.step_buttons(run, lang)
        )

    def _summary(self, run: Run, lang: Lang) -> Reply:
        text = render.summary_text(run, lang, self._zone)
        buttons: tuple[Button, ...] = ()
        following = self._kb.checklists.get(run.next_slug or "")
        if run.status == FINISHED and following is not None:
            text += "\n\n" + ct(
                "summary.next", lang, title=following.title_in(lang), slug=following.slug
            )
            buttons = (
                Button(
                    ct("button.start", lang, title=following.title_in(lang)),
                    render.START_ACTION,
                    following.slug,
                    style="primary",
                ),
            )
        elif run.status != FINISHED:
            text += "\n\n" + ct("summary.restart", lang, slug=run.slug)
        text += "\n" + ct("status.export_hint", lang)
        return self._reply(text, lang, buttons=buttons)

    @staticmethod
    def _reply(text: str, lang: Lang, *, buttons: tuple[Button, ...] = ()) -> Reply:
        return Reply(text, buttons=buttons, in_thread=True, lang=lang)


def in_planning_order(checklists: Mapping[str, Checklist]) -> list[Checklist]:
    """Checklists in the order their `next` links chain them (each chain from its start), then the rest."""
    targets = {c.next for c in checklists.values() if c.next}
    ordered: list[Checklist] = []
    seen: set[str] = set()
    for head in checklists.values():
        if head.slug in targets:
            continue
        current: Checklist | None = head
        while current is not None and current.slug not in seen:
            ordered.append(current)
            seen.add(current.slug)
            current = checklists.get(current.next or "")
    ordered.extend(c for c in checklists.values() if c.slug not in seen)  # chains that loop
    return ordered


def _first_sentence(text: str) -> str:
    head, dot, _ = text.partition(". ")
    return head + "." if dot else text
