"""`lupbot chat`: the bot in the terminal on the embedded defaults."""

from __future__ import annotations

import sys

from bot.composition import open_services
from bot.config import Settings
from bot.console import ConsoleSender, ConsoleSession, render_text, run_console
from bot.scheduler import reminder_scheduler
from handlers.texts import t


async def run_chat(settings: Settings) -> int:
    """Chat until EOF: interactive on a TTY, one message per line from stdin otherwise."""
    interactive = sys.stdin.isatty()
    async with open_services(settings) as services:
        color = interactive and sys.stdout.isatty()
        session = ConsoleSession(services.router.handle, sys.stdout, color=color)
        greeting = "\n".join(render_text(t("console.greeting", lang), color=color) for lang in ("nb", "en"))
        # Reminders print into the conversation while it is open; those that fell due while it
        # was closed are delivered before the first prompt.
        services.senders["console"] = ConsoleSender(session)
        async with reminder_scheduler(services.dispatcher, services.clock, settings.sweep_seconds,
                                      recover_first=True):
            await run_console(session, sys.stdin, interactive=interactive, greeting=greeting)
    return 0
