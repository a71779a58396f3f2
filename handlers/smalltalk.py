"""Greetings, thanks, "ok" and "what do you mean?" get a short, friendly reply, not a search.

A message is small talk only when every word in it is small talk ("hei", "tusen takk for
svaret", "good morning :)", "ok takk"); "hei, hva er LUP?" is a question and goes on to the
search. Small talk is never logged as a gap in the knowledge base.
"""

from __future__ import annotations

import re
from typing import Literal

from handlers.messages import Reply
from handlers.router import Handler, Turn
from handlers.texts import t

Kind = Literal["greeting", "about", "thanks", "ack", "confused"]

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")

_GREETING = frozenset("hei heisann hallo halla hallais morn morna heia hi hello hey hiya howdy yo".split())
_DAY_PART = frozenset("morgen morning dag day kveld evening afternoon ettermiddag".split())
_GREETING_EXTRA = _GREETING | _DAY_PART | frozenset(
    "god good there all everyone alle sammen folkens lupbot bot".split()
)
_THANKS = frozenset("takk takker thanks thank thx ty cheers".split())
_THANKS_EXTRA = _THANKS | frozenset(
    "tusen mange hjertelig så mye skal du ha for svaret svarene hjelpen det hjalp you so much a lot "
    "very the help helps helped answer that this again igjen lupbot".split()
)
_ACK_CORE = frozenset(
    "ok okei okay oki fint flott supert super perfekt bra kjempebra great nice cool kult perfect "
    "awesome skjønner forstår forstått understood helps hjalp nyttig useful helpful".split()
)
_ACK = _ACK_CORE | frozenset("got it jeg i see that's thats that det one very veldig var was really".split())
_ABOUT = frozenset({
    "hvem er du", "hva er du", "hva kan du", "hva kan du gjøre", "hva kan du hjelpe med",
    "hva kan du hjelpe meg med", "hva gjør du", "hva er lupbot", "who are you", "what are you",
    "what can you do", "what can you help with", "what can you help me with", "what do you do",
    "what is lupbot",
})
_CONFUSED = frozenset({
    "hva mener du", "hæ", "hæh", "hm", "hmm", "huh", "hva", "what", "what do you mean",
    "jeg forstår ikke", "forstår ikke", "jeg skjønner ikke", "skjønner ikke", "i don't understand",
    "i dont understand", "i do not understand",
})


def small_talk_kind(text: str) -> Kind | None:
    """What kind of small talk `text` is, or None when it holds anything else."""
    words = _WORD.findall(text.lower().replace("’", "'"))
    if not words or len(words) > 8:
        return None
    present, phrase = set(words), " ".join(words)
    if phrase in _ABOUT:
        return "about"
    if phrase in _CONFUSED:
        return "confused"
    if present <= _GREETING_EXTRA and (
        present & _GREETING or ({"god", "good"} & present and present & _DAY_PART)
    ):
        return "greeting"
    if present & _THANKS and present <= _THANKS_EXTRA | _ACK:
        return "thanks"
    if present <= _ACK and (present & _ACK_CORE or phrase in ("got it", "i see")):
        return "ack"
    return None


class SmallTalk:
    """Answers small talk itself and hands every other message to the question handler."""

    def __init__(self, question: Handler) -> None:
        self._question = question

    async def answer(self, turn: Turn) -> list[Reply]:
        """The reply to a message that is not a command."""
        kind = small_talk_kind(turn.text)
        if kind is None:
            return await self._question(turn)
        key = "smalltalk.greeting" if kind == "about" else f"smalltalk.{kind}"
        return [Reply(t(key, turn.lang), in_thread=not turn.message.is_direct, lang=turn.lang)]
