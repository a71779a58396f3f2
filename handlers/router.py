"""Maps each incoming Message to the handler for its command or button; anything else is a question."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from rapidfuzz import process
from rapidfuzz.distance import OSA

from handlers.clock import Clock
from handlers.language import detect_language
from handlers.messages import Lang, Message, Reply
from handlers.safe_text import MAX_INPUT_CHARS, clean_input
from handlers.texts import t

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Turn:
    """One message as a handler sees it: cleaned text, the reply language, the command's arguments."""

    message: Message
    lang: Lang
    text: str  # the cleaned text (for a button press: the button's value)
    args: str = ""  # text after the command word(s)
    command: str = ""  # key of the matched command, "" for a question
    lang_explicit: bool = False  # True when the text itself showed its language
    near_command: str = ""  # for a question: the command it may have meant (see Router._near_command)


Handler = Callable[[Turn], Awaitable[list[Reply]]]


@dataclass(frozen=True)
class Command:
    """A chat command with its Norwegian and English words, for routing and for `help`."""

    key: str
    words: Mapping[Lang, tuple[str, ...]]
    handler: Handler
    summary: Mapping[Lang, str]
    usage: Mapping[Lang, str] = field(default_factory=dict)
    takes_args: bool = False
    accepts: Callable[[str], bool] | None = None  # False for these args: treat the text as a question
    group: str = "general"


class Capability(Protocol):
    """A feature that plugs into the router: its commands and its button actions."""

    def commands(self) -> Sequence[Command]: ...

    def actions(self) -> Mapping[str, Handler]: ...


class LanguageMemory(Protocol):
    """Remembers each user's reply language (storage.preferences.PreferenceStore)."""

    async def language(self, platform: str, workspace: str, user: str) -> str | None: ...

    async def set_language(self, platform: str, workspace: str, user: str, lang: str, now: datetime) -> None: ...


_LEADING_NOISE = re.compile(r"^(?:<@[A-Z0-9]+(?:\|[^>]*)?>|@lupbot|/lup)[\s:,]*", re.IGNORECASE)
_TRAILING_PUNCT = re.compile(r"[\s.!?]+$")
MIN_TYPO_WORD = 4  # shorter command words are too close to ordinary words to guess at


def _norm_words(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower()).strip()


class Router:
    """Routes messages to capabilities; the question handler takes everything that is not a command."""

    def __init__(
        self,
        capabilities: Sequence[Capability],
        question: Handler,
        languages: LanguageMemory,
        clock: Clock,
        default_lang: Lang = "nb",
    ) -> None:
        self._question = question
        self._languages = languages
        self._clock = clock
        self._default: Lang = default_lang
        self.commands: list[Command] = []
        self._actions: dict[str, Handler] = {}
        for capability in capabilities:
            self.commands.extend(capability.commands())
            for action, handler in capability.actions().items():
                if action in self._actions:
                    raise ValueError(f"action {action!r} registered twice")
                self._actions[action] = handler
        # Longest phrase first, so "hopp over" wins over "hopp" and "sjekklister" over "sjekkliste".
        langs_of: dict[tuple[str, str], set[Lang]] = {}
        for c in self.commands:
            for lang, ws in c.words.items():
                for w in ws:
                    langs_of.setdefault((_norm_words(w), c.key), set()).add(lang)
        by_key = {c.key: c for c in self.commands}
        self._phrases: list[tuple[str, frozenset[Lang], Command]] = sorted(
            ((phrase, frozenset(langs), by_key[key]) for (phrase, key), langs in langs_of.items()),
            key=lambda item: -len(item[0]),
        )
        # A phrase can only match a text that starts with the phrase's first word.
        self._first_words = frozenset(phrase.split(" ", 1)[0] for phrase, _, _ in self._phrases)
        # The languages each command's first word belongs to: "kalender abc" is Norwegian.
        self._first_word_langs: dict[str, frozenset[Lang]] = {}
        for phrase, langs, _ in self._phrases:
            head = phrase.split(" ", 1)[0]
            self._first_word_langs[head] = self._first_word_langs.get(head, frozenset()) | langs
        # First words of the commands long enough to guess at, for "did you mean" on a typo.
        self._typo_heads = sorted(w for w in self._first_words if len(w) >= MIN_TYPO_WORD)

    async def handle(self, message: Message) -> list[Reply]:
        """Answer one message; never raises, whatever the input."""
        try:
            return await self._route(message)
        except Exception:
            log.exception("handler failed for %s message in %s", message.platform, message.channel)
            lang = await self._stored_lang(message)
            return [Reply(t("error.internal", lang), in_thread=message.thread is not None, lang=lang)]

    async def _stored_lang(self, message: Message) -> Lang:
        try:
            stored = await self._languages.language(message.platform, message.workspace, message.user)
        except Exception:
            log.exception("could not read language preference")
            stored = None
        return "en" if stored == "en" else "nb" if stored == "nb" else self._default

    async def _route(self, message: Message) -> list[Reply]:
        text = clean_input(message.text)
        if message.action:
            handler = self._actions.get(message.action)
            lang = await self._stored_lang(message)
            if handler is None:
                return [Reply(t("error.unknown_action", lang), lang=lang)]
            return await handler(Turn(message=message, lang=lang, text=text, args=text, command=message.action))
        text = _LEADING_NOISE.sub("", text).strip()
        detected = detect_language(text)
        if not text or not re.search(r"\w", text):
            lang = detected or await self._stored_lang(message)
            help_match = self._match("help" if lang == "en" else "hjelp") if not text and message.summoned else None
            if help_match is not None:  # `@lupbot` or `/lup` alone: what can you do?
                return await help_match[0].handler(Turn(message=message, lang=lang, text="", command=help_match[0].key))
            return [Reply(t("error.empty" if not text else "error.no_words", lang), lang=lang)]
        if len(text) > MAX_INPUT_CHARS:
            lang = detected or await self._stored_lang(message)
            return [Reply(t("error.too_long", lang, length=len(text), limit=MAX_INPUT_CHARS), lang=lang)]
        match = self._match(text)
        if match is not None:
            command, word_langs, args = match
            # A command word that belongs to one language only is the strongest hint there is.
            if len(word_langs) == 1:
                (lang,) = word_langs
                await self._remember(message, lang)
            elif detected:
                lang = detected
                await self._remember(message, lang)
            else:
                lang = await self._stored_lang(message)
            return await command.handler(
                Turn(message=message, lang=lang, text=text, args=args, command=command.key,
                     lang_explicit=len(word_langs) == 1 or detected is not None)
            )
        word_langs = self._first_word_langs.get(_TRAILING_PUNCT.sub("", text.split(" ", 1)[0].lower()), frozenset())
        if detected is None and len(word_langs) == 1:
            (detected,) = word_langs  # a command word of one language, used outside its command
        lang = detected or await self._stored_lang(message)
        turn = Turn(message=message, lang=lang, text=text, lang_explicit=detected is not None,
                    near_command=self._near_command(text, lang))
        if not detected:
            return await self._question(turn)
        # The question handler does not read the stored language, so both run at once and their
        # writes share one commit; the reply is returned only once both are stored.
        remembering = asyncio.ensure_future(self._remember(message, detected))
        try:
            answered = await self._question(turn)
        except BaseException:
            await asyncio.gather(remembering, return_exceptions=True)  # never left running
            raise
        await remembering
        return answered

    async def _remember(self, message: Message, lang: Lang) -> None:
        await self._languages.set_language(message.platform, message.workspace, message.user, lang, self._clock.now())

    def _near_command(self, text: str, lang: Lang) -> str:
        """The command a question may have meant, or "": with one typo in its first word fixed
        (`sjekliste markedsdialog` → `sjekkliste markedsdialog`), or the usage of a command whose
        word it starts with but whose arguments it lacks (`kalender abc` → `kalender <id>`)."""
        words = text.split()
        first = _TRAILING_PUNCT.sub("", words[0].lower())
        if len(first) < MIN_TYPO_WORD:
            return ""
        if first in self._first_words:
            for phrase, _, command in self._phrases:
                if command.takes_args and phrase == first:
                    return command.usage.get(lang) or phrase
            return ""
        close = process.extract(first, self._typo_heads, scorer=OSA.distance, score_cutoff=1, limit=None)
        for head, distance, _ in sorted(close, key=lambda c: c[1]):
            if distance == 0:
                continue
            candidate = " ".join([head, *words[1:]])
            if self._match(candidate) is not None:
                return candidate
        return ""

    def _match(self, text: str) -> tuple[Command, frozenset[Lang], str] | None:
        lowered = _norm_words(text)
        bare = _TRAILING_PUNCT.sub("", lowered)
        first_words = self._first_words
        if lowered.split(" ", 1)[0] not in first_words and bare.split(" ", 1)[0] not in first_words:
            return None  # most questions: no command starts with their first word
        for phrase, langs, command in self._phrases:
            if command.takes_args:
                if lowered == phrase or bare == phrase or lowered.startswith(phrase + " "):
                    args = text.strip()[len(phrase) :].strip() if lowered.startswith(phrase + " ") else ""
                    if command.accepts is not None and not command.accepts(args):
                        continue
                    return command, langs, args
            elif bare == phrase:
                return command, langs, ""
        return None
