"""Writes a large synthetic knowledge folder (in the loader's format) for the latency benchmark.

Words come from the bundled articles plus compounds made from them, drawn with a Zipf-like
distribution, so the vocabulary and posting lists grow the way a real knowledge base's would.
"""

from __future__ import annotations

import itertools
import random
import re
import shutil
from pathlib import Path

from knowledge.model import KnowledgeBase

_WORD = re.compile(r"[A-Za-zÆØÅæøå]{3,}")


def _word_pool(kb: KnowledgeBase, rng: random.Random, extra_compounds: int) -> list[str]:
    seen: dict[str, int] = {}
    for article in kb.articles.values():
        text = " ".join(
            (article.title, article.title_en, *article.questions, article.body_nb, article.body_en)
        )
        for word in _WORD.findall(text.lower()):
            seen[word] = seen.get(word, 0) + 1
    base = sorted(seen, key=lambda w: (-seen[w], w))
    long_words = [w for w in base if len(w) >= 4]
    compounds = {
        rng.choice(long_words) + rng.choice(("", "s", "e")) + rng.choice(long_words)
        for _ in range(extra_compounds)
    }
    return base + sorted(compounds)


def _phrase(rng: random.Random, pool: list[str], cum_weights: list[float], n: int) -> str:
    return " ".join(rng.choices(pool, cum_weights=cum_weights, k=n))


def write_synthetic_kb(root: Path, kb: KnowledgeBase, count: int, seed: int = 7) -> Path:
    """Create `root/articles` with `count` generated articles plus copies of `kb`'s own (so
    quality can be checked at scale), and an empty `root/checklists`; return root."""
    rng = random.Random(seed)
    pool = _word_pool(kb, rng, extra_compounds=max(1000, count * 3))
    weights = list(itertools.accumulate(1.0 / (rank + 10) for rank in range(len(pool))))
    articles, checklists = root / "articles", root / "checklists"
    articles.mkdir(parents=True, exist_ok=True)
    checklists.mkdir(exist_ok=True)
    slugs = [f"syn-{i:05d}" for i in range(count)]
    for i, slug in enumerate(slugs):
        title = _phrase(rng, pool, weights, rng.randint(2, 4)).capitalize()
        title_en = _phrase(rng, pool, weights, rng.randint(2, 4)).capitalize()
        questions = "\n".join(
            f"  - {_phrase(rng, pool, weights, rng.randint(3, 9))}"
            for _ in range(rng.randint(6, 12))
        )
        tags = ", ".join(
            _phrase(rng, pool, weights, rng.randint(1, 2)) for _ in range(rng.randint(4, 10))
        )
        related = ", ".join(rng.sample(slugs[max(0, i - 50) : i + 50], 3))
        body_nb = "\n\n".join(
            _phrase(rng, pool, weights, rng.randint(30, 90)) + "." for _ in range(rng.randint(2, 5))
        )
        body_en = "\n\n".join(
            _phrase(rng, pool, weights, rng.randint(30, 90)) + "." for _ in range(rng.randint(2, 5))
        )
        (articles / f"{slug}.md").write_text(
            f"---\nslug: {slug}\ntitle: {title}\ntitle_en: {title_en}\nquestions:\n{questions}\n"
            f"tags: [{tags}]\nrelated: [{related}]\nsource: synthetic\nreviewed: 2026-01-01\n---\n"
            f"{body_nb}\n\n## English\n\n{body_en}\n",
            encoding="utf-8",
        )
    for article in kb.articles.values():
        if article.path is not None:
            shutil.copyfile(article.path, articles / article.path.name)
    return root
