"""Search quality on a question set: lupbot against two baselines, in one run.

    .venv/bin/python bench/search_quality.py [questions.yaml ...] [--knowledge DIR] [--stems both|nb|en] [-v]

Default question set: ../shared/eval/questions-dev.yaml relative to the repository. Prints, per
system, top-1 and top-3 (is the expected article ranked first / in the first three, for in-scope
questions), answered right (first and not abstained), out-of-scope abstention and false
abstention (in-scope questions the system refused). The baselines' abstention thresholds are
chosen on the same questions (an oracle, in their favour; see bench/baselines.py).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from baselines import Bm25Baseline, FuzzyBaseline, fair_threshold
from evaluation import Figures, Item, evaluate, load_items

from knowledge.loader import load_or_raise
from knowledge.search import SearchIndex

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SET = REPO.parent / "shared" / "eval" / "questions-dev.yaml"


def _baseline_system(ranker: FuzzyBaseline | Bm25Baseline, items: list[Item]):  # type: ignore[no-untyped-def]
    tops = []
    for item in items:
        ranked = ranker.rank(item.question)
        tops.append(ranked[0][1] if ranked else 0.0)
    threshold = fair_threshold(tops, [bool(i.expect) for i in items])

    def system(question: str) -> tuple[list[str], bool]:
        ranked = ranker.rank(question)
        return [s for s, _ in ranked], not ranked or ranked[0][1] < threshold

    return system, threshold


def _row(name: str, f: Figures) -> str:
    return (
        f"{name:<28} {f.top1:6.3f} {f.top3:6.3f} {f.answered_right:9.3f} "
        f"{f.oos_abstention:9.3f} {f.false_abstention:9.3f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("sets", nargs="*", type=Path, default=[DEFAULT_SET])
    parser.add_argument(
        "--knowledge", type=Path, default=None, help="knowledge folder (default: bundled)"
    )
    parser.add_argument("--stems", default="both", choices=("both", "nb", "en"))
    parser.add_argument("-v", "--verbose", action="store_true", help="list lupbot's misses")
    args = parser.parse_args(argv)
    kb = load_or_raise(args.knowledge)
    index = SearchIndex(kb, stems=args.stems)
    fuzzy, bm25 = FuzzyBaseline(kb), Bm25Baseline(kb)

    def lupbot(question: str) -> tuple[list[str], bool]:
        result = index.search(question, limit=5)
        return [h.slug for h in result.hits], result.abstained

    for path in args.sets:
        items = load_items(path)
        print(
            f"\n{path} — {sum(1 for i in items if i.expect)} in scope, "
            f"{sum(1 for i in items if not i.expect)} out of scope; {len(kb.articles)} articles"
        )
        print(
            f"{'system':<28} {'top-1':>6} {'top-3':>6} {'ans.right':>9} {'oos-abst':>9} {'false-abst':>9}"
        )
        ours = evaluate(lupbot, items)
        print(_row(f"lupbot (threshold {index.threshold})", ours))
        for name, ranker in (("rapidfuzz WRatio", fuzzy), ("plain BM25", bm25)):
            system, threshold = _baseline_system(ranker, items)
            print(_row(f"{name} (thr {threshold:.3g})", evaluate(system, items)))
        if args.verbose:
            for miss in ours.misses:
                print("  miss:", miss)
    return 0


if __name__ == "__main__":
    sys.exit(main())
