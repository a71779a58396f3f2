"""Turns search signals into one calibrated confidence: the probability the article is the answer.

The coefficients are a logistic regression fitted by `bench/calibrate.py` on the knowledge base's
own phrasings, each held out of the index in turn (the right article is the positive, the other
candidates negatives), plus out-of-scope questions written for that purpose (all negatives). The
development questions are never used for fitting, so the dev figures stay honest.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Signals:
    """What the confidence is computed from, for one (question, article) pair (all in [0, 1]).

    lexical: the article's BM25F score over the most the question could score;
    phrasing: how closely the question matches the article's closest phrasing, title or tag;
    coverage: the share of the question's meaningful words the knowledge base knows at all;
    margin: for the top hit, its ranking score's lead over the runner-up (for others, <= 0),
    times coverage.
    """

    lexical: float
    phrasing: float
    coverage: float
    margin: float = 0.0


@dataclass(frozen=True)
class Calibration:
    """Logistic model over the search signals."""

    intercept: float
    lexical: float
    phrasing: float
    coverage: float
    margin: float = 0.0
    # A penalty when most of the question is unknown (coverage below one half).
    shortfall: float = 0.0

    def logit(self, s: Signals) -> float:
        return self.logit_of(s.lexical, s.phrasing, s.coverage, s.margin)

    def logit_of(
        self, lexical: float, phrasing: float, coverage: float, margin: float = 0.0
    ) -> float:
        """`logit` of the signals given one by one."""
        return (
            self.intercept
            + self.lexical * lexical
            + self.phrasing * phrasing
            + self.coverage * coverage
            + self.margin * margin
            - self.shortfall * max(0.0, 0.5 - coverage)
        )

    def probability(self, s: Signals) -> float:
        return self.probability_of(s.lexical, s.phrasing, s.coverage, s.margin)

    def probability_of(
        self, lexical: float, phrasing: float, coverage: float, margin: float = 0.0
    ) -> float:
        """`probability` of the signals given one by one (the search need not build `Signals`)."""
        z = self.logit_of(lexical, phrasing, coverage, margin)
        return 1.0 / (1.0 + math.exp(-z)) if z > -60 else 0.0


DEFAULT_CALIBRATION = Calibration(
    intercept=-1.83, lexical=2.04, phrasing=2.02, coverage=0.0, margin=6.14, shortfall=8.37
)
