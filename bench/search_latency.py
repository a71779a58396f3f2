"""Search latency: time per question in one warm process, and start-up, bundled and at scale.

    .venv/bin/python bench/search_latency.py [--articles 20000] [--repeat 5] [--dir PATH]

For each knowledge base: start-up (load the folder + build the index) is timed on its own; then
per-question time is (time for N+1 questions - time for 1 question) / N, as the architecture doc
counts it, with the questions of ../shared/eval/questions-dev.yaml and tests/search_cases.yaml
asked in turn. The large knowledge base is generated into a temporary folder in the loader's
format (bench/synthetic_kb.py) and loaded through load_knowledge, as LUPBOT_KNOWLEDGE_DIR would be.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml
from synthetic_kb import write_synthetic_kb

from knowledge.loader import load_or_raise
from knowledge.search import SearchIndex

REPO = Path(__file__).resolve().parent.parent
QUESTION_FILES = (
    REPO.parent / "shared" / "eval" / "questions-dev.yaml",
    REPO / "tests" / "search_cases.yaml",
)


def _items() -> list[tuple[str, str | None]]:
    out: list[tuple[str, str | None]] = []
    for path in QUESTION_FILES:
        if path.exists():
            out += [
                (str(i["q"]), i.get("expect"))
                for i in yaml.safe_load(path.read_text(encoding="utf-8"))
            ]
    return out


def _measure(
    name: str, root: Path | None, items: list[tuple[str, str | None]], repeat: int
) -> None:
    questions = [q for q, _ in items]
    t0 = time.perf_counter()
    kb = load_or_raise(root)
    t1 = time.perf_counter()
    index = SearchIndex(kb)
    t2 = time.perf_counter()
    index.search(questions[0])  # warm: first call
    asked = questions * repeat
    one_start = time.perf_counter()
    index.search(asked[0])
    one = time.perf_counter() - one_start
    all_start = time.perf_counter()
    for question in [asked[0], *asked]:
        index.search(question)
    n_plus_one = time.perf_counter() - all_start
    per_question = (n_plus_one - one) / len(asked)
    singles = []
    for question in questions:
        s = time.perf_counter()
        index.search(question)
        singles.append(time.perf_counter() - s)
    singles.sort()
    p95 = singles[int(0.95 * (len(singles) - 1))]
    print(f"\n{name}: {len(kb.articles)} articles")
    print(f"  start-up: load {t1 - t0:.2f} s + index {t2 - t1:.2f} s = {t2 - t0:.2f} s")
    in_scope = [(q, e) for q, e in items if e]
    top1 = sum(1 for q, e in in_scope if [h.slug for h in index.search(q).hits[:1]] == [e])
    print(
        f"  quality check: top-1 {top1 / len(in_scope):.3f} on the {len(in_scope)} in-scope questions"
    )
    print(
        f"  per question: {per_question * 1000:.2f} ms (N={len(asked)}); "
        f"single questions median {statistics.median(singles) * 1000:.2f} ms, "
        f"p95 {p95 * 1000:.2f} ms, max {singles[-1] * 1000:.2f} ms"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--articles", type=int, default=20_000, help="size of the generated knowledge base"
    )
    parser.add_argument("--repeat", type=int, default=5, help="times each question is asked")
    parser.add_argument(
        "--dir", type=Path, default=None, help="reuse/keep the generated folder here"
    )
    args = parser.parse_args(argv)
    items = _items()
    _measure("bundled knowledge", None, items, args.repeat * 4)
    if args.articles <= 0:
        return 0
    bundled = load_or_raise(None)
    if args.dir is not None:
        if not (args.dir / "articles").is_dir():
            write_synthetic_kb(args.dir, bundled, args.articles)
        _measure("generated + bundled knowledge", args.dir, items, args.repeat)
    else:
        with tempfile.TemporaryDirectory(prefix="lupbot-kb-") as tmp:
            write_synthetic_kb(Path(tmp), bundled, args.articles)
            _measure("generated + bundled knowledge", Path(tmp), items, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
