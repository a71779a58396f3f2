"""Fits the confidence model (knowledge/calibration.py) without touching the dev questions.

    .venv/bin/python bench/calibrate.py [--knowledge DIR] [--folds 4]

Positives: every phrasing in the knowledge base, held out of the index in k folds (each fold's
phrasings are removed from their articles, the index is rebuilt, and the phrasings are asked as
questions). Negatives: the other candidates for those questions, and every candidate for the
out-of-scope questions in bench/calibration_negatives.yaml. Prints the fitted coefficients, the
held-out ranking figures, and how well the probabilities match reality (reliability by bin).
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import sys
from pathlib import Path

import yaml

from knowledge.calibration import DEFAULT_CALIBRATION, Calibration, Signals
from knowledge.loader import load_or_raise
from knowledge.model import KnowledgeBase
from knowledge.search import SearchIndex, Tuning

HERE = Path(__file__).resolve().parent
FEATURES = ("lexical", "phrasing", "coverage", "margin", "shortfall")


def _features(s: Signals) -> list[float]:
    # The shortfall enters as a penalty (its weight, like every weight, fitted non-negative).
    return [s.lexical, s.phrasing, s.coverage, s.margin, -max(0.0, 0.5 - s.coverage)]


Ranked = list[tuple[str, Signals]]


def held_out(
    kb: KnowledgeBase, folds: int, tuning: Tuning | None = None
) -> list[tuple[str, str, Ranked]]:
    """(question, right slug, ranked candidates) for every phrasing, asked while held out."""
    tuning = tuning or Tuning()
    out = []
    for fold in range(folds):
        kept = {
            slug: dataclasses.replace(
                a, questions=tuple(q for i, q in enumerate(a.questions) if i % folds != fold)
            )
            for slug, a in kb.articles.items()
        }
        index = SearchIndex(dataclasses.replace(kb, articles=kept), tuning=tuning)
        for slug, article in kb.articles.items():
            for i, question in enumerate(article.questions):
                if i % folds == fold:
                    out.append((question, slug, index.signals(question)))
    return out


def top1(positives: list[tuple[str, str, Ranked]]) -> float:
    return sum(1 for _, slug, ranked in positives if ranked and ranked[0][0] == slug) / max(
        1, len(positives)
    )


def tune(kb: KnowledgeBase, folds: int) -> Tuning:
    """Coordinate search over the ranking parameters, maximising held-out top-1."""
    best = Tuning()
    best_score = top1(held_out(kb, folds, best))
    print(f"start: top-1 {best_score:.3f} {best}")
    for _ in range(2):
        for i, field in enumerate(best.fields):
            for weight in (0.5, 1.0, 2.0, 3.0, 4.0, 6.0):
                for b in (0.0, 0.3, 0.5, 0.75, 0.9):
                    fields = list(best.fields)
                    fields[i] = dataclasses.replace(field, weight=weight, b=b)
                    cand = dataclasses.replace(best, fields=tuple(fields))
                    score = top1(held_out(kb, folds, cand))
                    if score > best_score + 1e-9:
                        best, best_score = cand, score
                        print(f"  top-1 {best_score:.3f} {best}")
        for pw in (0.0, 0.25, 0.5, 0.75, 1.0, 1.5):
            for part in (0.3, 0.5, 0.7, 1.0):
                cand = dataclasses.replace(best, phrasing_weight=pw, part_weight=part)
                score = top1(held_out(kb, folds, cand))
                if score > best_score + 1e-9:
                    best, best_score = cand, score
                    print(f"  top-1 {best_score:.3f} {best}")
    return best


def fit(rows: list[tuple[list[float], int]], l2: float = 1e-3, steps: int = 100) -> list[float]:
    """Logistic regression by Newton's method (weights: intercept first)."""
    dim = len(rows[0][0]) + 1
    w = [0.0] * dim
    for _ in range(steps):
        grad = [0.0] * dim
        hess = [[0.0] * dim for _ in range(dim)]
        for x, y in rows:
            v = [1.0, *x]
            z = sum(a * b for a, b in zip(w, v, strict=True))
            p = 1 / (1 + math.exp(-max(-50, min(50, z))))
            for i in range(dim):
                grad[i] += (p - y) * v[i]
                for j in range(dim):
                    hess[i][j] += p * (1 - p) * v[i] * v[j]
        for i in range(dim):
            grad[i] += l2 * w[i]
            hess[i][i] += l2
        step = _solve(hess, grad)
        w = [a - b for a, b in zip(w, step, strict=True)]
        if max(abs(s) for s in step) < 1e-8:
            break
    return w


def fit_non_negative(rows: list[tuple[list[float], int]]) -> list[float]:
    """`fit`, dropping any signal that comes out with a negative weight (correlated signals can
    trade places; a confidence that falls as the match improves would not be believable)."""
    active = list(range(len(rows[0][0])))
    while True:
        w = fit([([x[i] for i in active], y) for x, y in rows])
        negative = [i for i, c in zip(active, w[1:], strict=True) if c < 0]
        if not negative:
            full = [0.0] * (len(rows[0][0]) + 1)
            full[0] = w[0]
            for i, c in zip(active, w[1:], strict=True):
                full[i + 1] = c
            return full
        worst = min(negative, key=lambda i: w[1 + active.index(i)])
        active.remove(worst)


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    n = len(b)
    m = [[*row, b[i]] for i, row in enumerate(a)]
    for c in range(n):
        pivot = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[pivot] = m[pivot], m[c]
        for r in range(n):
            if r != c and m[c][c]:
                f = m[r][c] / m[c][c]
                m[r] = [x - f * y for x, y in zip(m[r], m[c], strict=True)]
    return [m[i][n] / m[i][i] for i in range(n)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--knowledge", type=Path, default=None)
    parser.add_argument("--folds", type=int, default=4)
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--tune", action="store_true", help="also search the ranking parameters")
    args = parser.parse_args(argv)
    kb = load_or_raise(args.knowledge)
    tuning = tune(kb, args.folds) if args.tune else Tuning()
    positives = held_out(kb, args.folds, tuning)
    full = SearchIndex(kb, tuning=tuning)
    negatives = [
        (q, full.signals(q))
        for q in yaml.safe_load((HERE / "calibration_negatives.yaml").read_text())
    ]
    # The model answers "is the top hit right?", so it is fitted on top hits only.
    rows: list[tuple[list[float], int]] = []
    for _, slug, ranked in positives:
        if ranked:
            rows.append((_features(ranked[0][1]), int(ranked[0][0] == slug)))
    for _, ranked in negatives:
        if ranked:
            rows.append((_features(ranked[0][1]), 0))
    model = Calibration(*fit_non_negative(rows))
    print(f"{len(positives)} held-out phrasings, {len(negatives)} out-of-scope questions")
    print(f"held-out top-1 {top1(positives):.3f}")
    print("fitted:  ", model)
    print("current: ", DEFAULT_CALIBRATION)
    for name, m in (("fitted", model), ("current", DEFAULT_CALIBRATION)):
        right = 0
        bins: list[list[int]] = [[0, 0] for _ in range(10)]
        for _, slug, ranked in positives:
            p = m.probability(ranked[0][1]) if ranked else 0.0
            ok = bool(ranked) and ranked[0][0] == slug
            right += ok and p >= args.threshold
            bins[min(9, int(p * 10))][0] += 1
            bins[min(9, int(p * 10))][1] += ok
        abstained = 0
        for question, ranked in negatives:
            p = m.probability(ranked[0][1]) if ranked else 0.0
            abstained += p < args.threshold
            if name == "fitted" and p >= args.threshold:
                print(f"  answered out-of-scope {question!r} with {ranked[0][0]} ({p:.2f})")
            bins[min(9, int(p * 10))][0] += 1
        print(
            f"\n{name}: held-out answered right {right / len(positives):.3f}, "
            f"out-of-scope abstention {abstained / len(negatives):.3f}"
        )
        print("  reliability of the top hit, right/all by confidence bin:")
        print("  " + "  ".join(f"{i / 10:.1f}+: {b[1]}/{b[0]}" for i, b in enumerate(bins) if b[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
