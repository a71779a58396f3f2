"""Greetings, "who are you?" and thanks get a short, friendly reply instead of a search that finds nothing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from handlers.messages import Lang, Reply
from handlers.router import Command, Handler, Turn
from handlers.texts import t

GREETINGS: Mapping[Lang, tuple[str, ...]] = {
    "nb": ("hei", "hei hei", "heisann", "hallo", "morn", "god morgen", "god dag", "hei lupbot", "hallo lupbot"),
    "en": ("hi", "hello", "hey", "hiya", "good morning", "good afternoon", "hi lupbot", "hello lupbot",
           "hey lupbot"),
}
ABOUT: Mapping[Lang, tuple[str, ...]] = {
    "nb": ("hvem er du", "hva er du", "hva kan du", "hva kan du gjøre", "hva kan du hjelpe med",
           "hva kan du hjelpe meg med", "hva gjør du", "hva er lupbot"),
    "en": ("who are you", "what are you", "what can you do", "what can you help with",
           "what can you help me with", "what do you do", "what is lupbot"),
}
THANKS: Mapping[Lang, tuple[str, ...]] = {
    "nb": ("takk", "tusen takk", "mange takk", "takk skal du ha", "takk for hjelpen", "takker"),
    "en": ("thanks", "thank you", "thx", "cheers", "thanks a lot", "thank you very much", "thanks for the help"),
}


class SmallTalkCapability:
    """A whole message that is only a greeting, "what can you do?" or a thank-you; never listed in `help`."""

    def commands(self) -> Sequence[Command]:
        summary: Mapping[Lang, str] = {"nb": t("smalltalk.summary", "nb"), "en": t("smalltalk.summary", "en")}
        return (
            Command("smalltalk.greeting", GREETINGS, self.greet, summary, listed=False),
            Command("smalltalk.about", ABOUT, self.greet, summary, listed=False),
            Command("smalltalk.thanks", THANKS, self.thank, summary, listed=False),
        )

    def actions(self) -> Mapping[str, Handler]:
        return {}

    async def greet(self, turn: Turn) -> list[Reply]:
        return [self._reply(turn, "smalltalk.greeting")]

    async def thank(self, turn: Turn) -> list[Reply]:
        return [self._reply(turn, "smalltalk.thanks")]

    @staticmethod
    def _reply(turn: Turn, key: str) -> Reply:
        return Reply(t(key, turn.lang), in_thread=not turn.message.is_direct, lang=turn.lang)
