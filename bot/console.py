"""The terminal adapter: one conversation, buttons shown as numbered choices the user can type."""

from __future__ import annotations

import asyncio
import getpass
import re
import sys
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TextIO

from handlers.messages import Attachment, Button, Destination, Lang, Message, Reply
from handlers.texts import t

CONSOLE_WORKSPACE = "local"
CONSOLE_CHANNEL = "console"
CONSOLE_THREAD = "console"

_LINK = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")
# Slack's *x* and markdown's **x**; not a lone star between spaces ("a * b * c").
_BOLD = re.compile(r"(?<![\w*])\*\*?(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*?\*(?![\w*])")
_ITALIC = re.compile(r"(?<![\w_])_([^_\n]+)_(?![\w_])")


def render_text(text: str, *, color: bool = False) -> str:
    """Light markdown to terminal text: links as `text (url)`, bold/italic as ANSI or plain."""
    text = _LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})", text)
    if color:
        text = _BOLD.sub(lambda m: f"\033[1m{m.group(1)}\033[0m", text)
        text = _ITALIC.sub(lambda m: f"\033[3m{m.group(1)}\033[0m", text)
    else:
        text = _BOLD.sub(lambda m: m.group(1), text)
        text = _ITALIC.sub(lambda m: m.group(1), text)
    return text


def render_reply(reply: Reply, first_number: int, *, color: bool = False) -> str:
    """A reply as terminal text; its buttons numbered from `first_number`."""
    lines = [render_text(reply.text, color=color)]
    if reply.buttons:
        choices = [f"[{first_number + i}] {b.label}" for i, b in enumerate(reply.buttons)]
        lines.append("   ".join(choices))
    return "\n".join(lines)


class ConsoleSession:
    """Turns typed lines into Messages, and Replies into printed text with numbered choices."""

    def __init__(
        self,
        handle: Callable[[Message], Awaitable[list[Reply]]],
        out: TextIO,
        *,
        user: str | None = None,
        color: bool = False,
        files_dir: Path | None = None,
    ) -> None:
        self._handle = handle
        self._files_dir = files_dir  # where attached files are written (None: the working directory)
        self._out = out
        self._user = user or _local_user()
        self._color = color
        self._choices: list[Button] = []
        self._lang: Lang = "nb"
        self._lock = asyncio.Lock()

    @property
    def user(self) -> str:
        return self._user

    @property
    def out(self) -> TextIO:
        return self._out

    async def send_line(self, line: str) -> None:
        """Handle one typed line and print the replies."""
        typed = line.strip()
        action: str | None = None
        text = typed
        if typed.isdigit() and self._choices:
            if not 1 <= int(typed) <= len(self._choices):
                await self.print_replies(
                    [Reply(t("console.no_such_choice", self._lang, number=typed, last=len(self._choices)))],
                    keep_choices=True,
                )
                return
            button = self._choices[int(typed) - 1]
            action, text = button.action, button.value
        message = Message(
            platform="console", workspace=CONSOLE_WORKSPACE, channel=CONSOLE_CHANNEL, thread=CONSOLE_THREAD,
            user=self._user, text=text, action=action, is_direct=True, user_is_admin=True,
        )
        replies = await self._handle(message)
        await self.print_replies(replies)

    async def print_replies(self, replies: list[Reply], *, keep_choices: bool = False) -> None:
        """Print replies; their buttons become the numbered choices (unless `keep_choices`)."""
        async with self._lock:
            choices: list[Button] = []
            for reply in replies:
                if reply.channel is not None:
                    continue  # posts to other channels have no place in a terminal
                self._out.write(render_reply(reply, len(choices) + 1, color=self._color) + "\n\n")
                for attachment in reply.files:
                    path = await asyncio.to_thread(self._save, attachment)
                    self._out.write(f"📎 {path}\n\n")
                choices.extend(reply.buttons)
                self._lang = reply.lang
            if not keep_choices:
                self._choices = choices
            self._out.flush()


    def _save(self, attachment: Attachment) -> Path:
        """Write an attached file (e.g. a gathering's .ics) where the user can open it."""
        folder = self._files_dir or Path.cwd()
        path = folder / (Path(attachment.filename).name or "lupbot-file")
        path.write_bytes(attachment.content)
        return path


class ConsoleSender:
    """Delivers reminders while `lupbot chat` is open: they are printed into the conversation."""

    def __init__(self, session: ConsoleSession) -> None:
        self._session = session

    async def send(self, to: Destination, reply: Reply) -> None:
        await self._session.print_replies([Reply(reply.text, buttons=reply.buttons, lang=reply.lang)])


def _local_user() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "local-user"


async def read_lines(stream: TextIO) -> asyncio.Queue[str | None]:
    """Feed lines from a blocking stream into a queue without blocking the event loop."""
    queue: asyncio.Queue[str | None] = asyncio.Queue()
    loop = asyncio.get_running_loop()

    def pump() -> None:
        try:
            for line in iter(stream.readline, ""):
                loop.call_soon_threadsafe(queue.put_nowait, line)
            loop.call_soon_threadsafe(queue.put_nowait, None)
        except RuntimeError:
            # The conversation ended (e.g. its reader went away) while input was still coming:
            # the loop is closed and the rest of the input has nobody to go to.
            return

    # A daemon thread, so quitting never waits for a blocked readline.
    threading.Thread(target=pump, name="console-stdin", daemon=True).start()
    return queue


async def run_console(session: ConsoleSession, stdin: TextIO = sys.stdin, *, interactive: bool = False,
                      greeting: str = "") -> None:
    """Read one message per line until EOF (or `quit` on a terminal), printing each reply."""
    out = session.out
    if interactive and greeting:
        out.write(greeting + "\n\n")
        out.flush()
    queue = await read_lines(stdin)
    while True:
        if interactive:
            out.write("> ")
            out.flush()
        line = await queue.get()
        if line is None:
            break
        if interactive and line.strip().lower() in ("quit", "exit", "avslutt", "/quit"):
            break
        await session.send_line(line.rstrip("\n"))
