"""Values the knowledge files load into."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path


# Every answer posts an article's first paragraph; the bodies never change once loaded.
@lru_cache(maxsize=4096)
def _first_paragraph(body: str) -> tuple[str, str]:
    """Split markdown into (first paragraph, rest), ignoring leading headings and blank lines."""
    paragraphs = [p.strip() for p in body.strip().split("\n\n") if p.strip()]
    while paragraphs and paragraphs[0].startswith("#"):
        paragraphs.pop(0)
    if not paragraphs:
        return "", ""
    return paragraphs[0], "\n\n".join(paragraphs[1:])


@dataclass(frozen=True)
class Article:
    """One answer: Norwegian body first, English section second."""

    slug: str
    title: str
    title_en: str
    questions: tuple[str, ...]
    tags: tuple[str, ...]
    related: tuple[str, ...]
    source: str
    reviewed: date
    body_nb: str
    body_en: str
    path: Path | None = None

    def title_in(self, lang: str) -> str:
        return self.title_en if lang == "en" and self.title_en else self.title

    def short_answer(self, lang: str) -> str:
        """The first paragraph: what the bot posts as the answer."""
        body = self.body_en if lang == "en" and self.body_en else self.body_nb
        return _first_paragraph(body)[0]

    def read_more(self, lang: str) -> str:
        """Everything after the short answer."""
        body = self.body_en if lang == "en" and self.body_en else self.body_nb
        return _first_paragraph(body)[1]


@dataclass(frozen=True)
class Step:
    """One checklist step: an instruction, optional detail, and the article that explains it."""

    id: str
    text: str
    text_en: str
    article: str
    detail: str = ""
    detail_en: str = ""

    def text_in(self, lang: str) -> str:
        return self.text_en if lang == "en" and self.text_en else self.text

    def detail_in(self, lang: str) -> str:
        return self.detail_en if lang == "en" and self.detail_en else self.detail


@dataclass(frozen=True)
class Checklist:
    """A planning tool as ordered steps."""

    slug: str
    title: str
    title_en: str
    intro: str
    intro_en: str
    steps: tuple[Step, ...]
    aliases: tuple[str, ...] = ()
    next: str | None = None
    path: Path | None = None

    def title_in(self, lang: str) -> str:
        return self.title_en if lang == "en" and self.title_en else self.title

    def intro_in(self, lang: str) -> str:
        return self.intro_en if lang == "en" and self.intro_en else self.intro


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything loaded from one knowledge folder."""

    articles: dict[str, Article] = field(default_factory=dict)
    checklists: dict[str, Checklist] = field(default_factory=dict)
    root: Path | None = None
