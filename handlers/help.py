"""`hjelp` / `help`: generated from the command registry, so it never goes stale."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from handlers.messages import Reply
from handlers.router import Command, Handler, Turn
from handlers.texts import t

GROUP_ORDER = ("general", "checklists", "checklist_run", "reminders")


class HelpCapability:
    """Lists every registered command with its usage in the user's language."""

    def __init__(self, all_commands: Callable[[], Sequence[Command]]) -> None:
        self._all_commands = all_commands

    def commands(self) -> Sequence[Command]:
        return (
            Command(
                key="help",
                words={"nb": ("hjelp",), "en": ("help",)},
                handler=self.help,
                summary={"nb": t("help.summary", "nb"), "en": t("help.summary", "en")},
                usage={"nb": "hjelp [emne]", "en": "help [topic]"},
                takes_args=True,
                accepts=lambda args: not args.strip() or bool(self._groups_about(args)),
            ),
        )

    def _groups_about(self, topic: str) -> set[str]:
        """The help groups a topic names (`hjelp påminnelser`, `help checklists`); empty for a
        question (`hjelp med markedsdialog` is asked, not looked up)."""
        wanted = " ".join(re.findall(r"[^\W\d_]+", topic.lower()))
        if not wanted:
            return set()
        groups: set[str] = set()
        for command in self._all_commands():
            names = [w for ws in command.words.values() for w in ws]
            names += [t(f"help.group.{command.group}", lang).lower() for lang in ("nb", "en")]
            if any(wanted == n or (len(wanted) >= 5 and n.startswith(wanted[:5])) for n in names):
                groups.add(command.group)
        if "checklists" in groups:
            groups.add("checklist_run")  # starting one and working through it belong together
        return groups

    def actions(self) -> Mapping[str, Handler]:
        return {}

    async def help(self, turn: Turn) -> list[Reply]:
        lang = turn.lang
        only = self._groups_about(turn.args) if turn.args.strip() else None
        lines = [t("help.intro", lang)]
        groups: dict[str, list[Command]] = {}
        for command in self._all_commands():
            if only is None or command.group in only:
                groups.setdefault(command.group, []).append(command)
        for group in sorted(groups, key=lambda g: GROUP_ORDER.index(g) if g in GROUP_ORDER else len(GROUP_ORDER)):
            lines.append("")
            lines.append(f"*{t('help.group.' + group, lang)}*")
            for command in groups[group]:
                usage = command.usage.get(lang) or command.words[lang][0]
                lines.append(f"• `{usage}` – {command.summary[lang]}")
        lines.append("")
        lines.append(t("help.examples", lang))
        return [Reply("\n".join(lines), in_thread=not turn.message.is_direct, lang=lang)]
