"""Answers questions from the knowledge base, or says honestly that it does not know."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from handlers.checklist_render import START_ACTION
from handlers.clock import Clock
from handlers.messages import Button, Lang, Reply
from handlers.router import Command, Handler, Turn
from handlers.safe_text import echo, without_markup
from handlers.texts import t
from knowledge.model import Article, KnowledgeBase
from knowledge.search import Hit, SearchIndex
from storage.questions import QuestionStore

MAX_RELATED = 3
MAX_SUGGESTIONS = 3
MAX_READ_MORE_BUTTONS = 5
_INTERNAL_LINK = re.compile(r"\[([^\]]+)\]\(lup:([a-z0-9-]+)\)")


def internal_links(text: str) -> tuple[str, list[str]]:
    """Article text with `[text](lup:slug)` links made plain, and the slugs they pointed to."""
    slugs: list[str] = []

    def plain(match: re.Match[str]) -> str:
        if match.group(2) not in slugs:
            slugs.append(match.group(2))
        return match.group(1)

    return _INTERNAL_LINK.sub(plain, text), slugs


def _value(slug: str, question_id: int | None) -> str:
    return f"{slug}|{question_id}" if question_id is not None else slug


def _parse_value(value: str) -> tuple[str, int | None]:
    slug, _, qid = value.partition("|")
    return slug.strip(), int(qid) if qid.strip().isdigit() else None


class AskCapability:
    """The question handler plus the answer buttons (read more, related, helpful / not helpful)."""

    def __init__(
        self,
        kb: KnowledgeBase,
        index: SearchIndex,
        questions: QuestionStore,
        clock: Clock,
        escalation_channel: str | None = None,
    ) -> None:
        self._kb = kb
        self._index = index
        self._answer_cache: dict[tuple[str, Lang], tuple[str, tuple[Button, ...]]] = {}
        self._questions = questions
        self._clock = clock
        self._escalation = escalation_channel

    def commands(self) -> Sequence[Command]:
        return ()

    def actions(self) -> Mapping[str, Handler]:
        return {
            "answer.more": self.read_more,
            "answer.related": self.related,
            "answer.helpful": self.helpful,
            "answer.not_helpful": self.not_helpful,
        }

    async def question(self, turn: Turn) -> list[Reply]:
        """Search, log the outcome, then answer or abstain."""
        msg = turn.message
        result = self._index.search(without_markup(turn.text))
        best = result.best
        in_thread = not msg.is_direct
        if result.abstained and turn.near_command:
            # A mistyped command, not a gap in the knowledge (so not logged as one): say what it
            # would be, nothing else.
            text = t("ask.did_you_mean", turn.lang, command=echo(turn.near_command, 120))
            return [Reply(text, in_thread=in_thread, lang=turn.lang)]
        qid = await self._questions.log(
            platform=msg.platform, workspace=msg.workspace, channel=msg.channel, user=msg.user,
            text=turn.text, lang=turn.lang, slug=None if result.abstained or best is None else best.slug,
            score=best.score if best else 0.0, abstained=result.abstained, now=self._clock.now(),
        )
        if not result.abstained and best is not None:
            return [self._answer(self._kb.articles[best.slug], turn.lang, qid, in_thread)]
        suggestions = [h for h in result.hits if h.slug in self._kb.articles][:MAX_SUGGESTIONS]
        if len(suggestions) < 2:
            # Even with nothing close, offer a way in rather than a dead end.
            for slug in ("planleggingsverktoy", "lup", "markedsdialog"):
                if slug in self._kb.articles and all(s.slug != slug for s in suggestions):
                    suggestions.append(self._index_hit(slug))
                if len(suggestions) >= 2:
                    break
        lines = [t("ask.dont_know", turn.lang, question=echo(turn.text, 120))]
        if suggestions:
            lines.append(t("ask.nearest", turn.lang))
        lines.append(t("ask.logged", turn.lang))
        buttons = tuple(
            Button(self._kb.articles[h.slug].title_in(turn.lang), "answer.related", h.slug) for h in suggestions
        )
        replies = [Reply("\n".join(lines), buttons=buttons, in_thread=in_thread, lang=turn.lang)]
        if self._escalation and msg.platform != "console":
            text = t("ask.escalated", turn.lang, user=msg.user, question=echo(turn.text, 500))
            if msg.permalink:
                text += f"\n[{t('ask.escalated_link', turn.lang)}]({msg.permalink})"
            replies.append(Reply(text, channel=self._escalation, lang=turn.lang))
        return replies

    def _index_hit(self, slug: str) -> Hit:
        article = self._kb.articles[slug]
        return Hit(slug, article.title, article.title_en, 0.0)

    def _answer(self, article: Article, lang: Lang, qid: int | None, in_thread: bool, *, voted: str = "") -> Reply:
        answer, more = self._answer_parts(article, lang)
        if voted:
            return Reply(f"{answer}\n\n{voted}", in_thread=in_thread, lang=lang, replace_original=True)
        buttons = (
            *more,
            Button(t("button.helpful", lang), "answer.helpful", _value(article.slug, qid)),
            Button(t("button.not_helpful", lang), "answer.not_helpful", _value(article.slug, qid)),
        )
        text = f"{answer}\n\n{t('ask.helpful_prompt', lang)}"
        return Reply(text, buttons=buttons, in_thread=in_thread, lang=lang)

    def _answer_parts(self, article: Article, lang: Lang) -> tuple[str, tuple[Button, ...]]:
        """An article's answer (title, short answer, source) and its read-more and related buttons:
        the same for every question it answers, so made once per language."""
        key = (article.slug, lang)
        made = self._answer_cache.get(key)
        if made is None:
            source = t("ask.source", lang, source=article.source, reviewed=article.reviewed.isoformat())
            text = f"*{article.title_in(lang)}*\n\n{internal_links(article.short_answer(lang))[0]}\n\n_{source}_"
            buttons: list[Button] = []
            if article.read_more(lang):
                buttons.append(Button(t("button.more", lang), "answer.more", article.slug, style="primary"))
            related = MAX_RELATED
            if article.slug in self._kb.checklists:
                # A planning tool's article leads straight into doing it, in place of one related topic.
                buttons.append(Button(t("button.start_checklist", lang), START_ACTION, article.slug))
                related -= 1
            for rel in article.related[:related]:
                if rel in self._kb.articles:
                    buttons.append(Button(self._kb.articles[rel].title_in(lang), "answer.related", rel))
            made = self._answer_cache[key] = (text, tuple(buttons))
        return made

    def _article(self, turn: Turn) -> tuple[Article | None, int | None]:
        slug, qid = _parse_value(turn.args)
        return self._kb.articles.get(slug), qid

    async def read_more(self, turn: Turn) -> list[Reply]:
        article, _ = self._article(turn)
        in_thread = not turn.message.is_direct
        if article is None:
            return [Reply(t("ask.unknown_article", turn.lang), in_thread=in_thread, lang=turn.lang)]
        more, linked = internal_links(article.read_more(turn.lang))
        if not more:
            return [Reply(t("ask.no_more", turn.lang, title=article.title_in(turn.lang)), in_thread=in_thread, lang=turn.lang)]
        # Articles the text points to come first, then the curated related ones.
        targets = [s for s in dict.fromkeys([*linked, *article.related]) if s in self._kb.articles and s != article.slug]
        buttons = tuple(
            Button(self._kb.articles[r].title_in(turn.lang), "answer.related", r) for r in targets[:MAX_READ_MORE_BUTTONS]
        )
        return [Reply(f"*{article.title_in(turn.lang)}*\n\n{more}", buttons=buttons, in_thread=in_thread, lang=turn.lang)]

    async def related(self, turn: Turn) -> list[Reply]:
        article, _ = self._article(turn)
        in_thread = not turn.message.is_direct
        if article is None:
            return [Reply(t("ask.unknown_article", turn.lang), in_thread=in_thread, lang=turn.lang)]
        return [self._answer(article, turn.lang, None, in_thread)]

    async def helpful(self, turn: Turn) -> list[Reply]:
        return await self._vote(turn, helpful=True)

    async def not_helpful(self, turn: Turn) -> list[Reply]:
        return await self._vote(turn, helpful=False)

    async def _vote(self, turn: Turn, *, helpful: bool) -> list[Reply]:
        article, qid = self._article(turn)
        msg = turn.message
        in_thread = not msg.is_direct
        if article is None:
            return [Reply(t("ask.unknown_article", turn.lang), in_thread=in_thread, lang=turn.lang)]
        await self._questions.vote(
            question_id=qid, slug=article.slug, platform=msg.platform, workspace=msg.workspace,
            user=msg.user, helpful=helpful, now=self._clock.now(),
        )
        thanks = t("vote.thanks_yes" if helpful else "vote.thanks_no", turn.lang)
        return [self._answer(article, turn.lang, qid, in_thread, voted=thanks)]
