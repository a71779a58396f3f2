"""Shared scoring of a ranked-answer system on a list of (question, expected slug or None)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

# A system answers a question with its ranked slugs and whether it abstains.
System = Callable[[str], tuple[list[str], bool]]


@dataclass(frozen=True)
class Item:
    question: str
    expect: str | None


@dataclass(frozen=True)
class Figures:
    top1: float
    top3: float
    answered_right: float
    oos_abstention: float
    false_abstention: float
    n_in: int
    n_out: int
    misses: tuple[str, ...]


def load_items(path: Path) -> list[Item]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [Item(str(r["q"]), r.get("expect")) for r in raw]


def evaluate(system: System, items: Sequence[Item]) -> Figures:
    """top-1/top-3 rank the expected article among in-scope questions (abstaining or not);
    answered_right needs the right first article and no abstention."""
    top1 = top3 = right = false_abst = oos_abst = 0
    misses: list[str] = []
    in_scope = [i for i in items if i.expect]
    out_scope = [i for i in items if not i.expect]
    for item in in_scope:
        ranked, abstained = system(item.question)
        top1 += ranked[:1] == [item.expect]
        top3 += item.expect in ranked[:3]
        right += ranked[:1] == [item.expect] and not abstained
        false_abst += abstained
        if ranked[:1] != [item.expect] or abstained:
            misses.append(
                f"{item.question!r}: expected {item.expect}, got {ranked[:3]}{' (abstained)' if abstained else ''}"
            )
    for item in out_scope:
        ranked, abstained = system(item.question)
        oos_abst += abstained
        if not abstained:
            misses.append(f"{item.question!r}: out of scope, answered {ranked[:1]}")
    n_in, n_out = max(1, len(in_scope)), max(1, len(out_scope))
    return Figures(
        top1 / n_in,
        top3 / n_in,
        right / n_in,
        oos_abst / n_out,
        false_abst / n_in,
        len(in_scope),
        len(out_scope),
        tuple(misses),
    )
