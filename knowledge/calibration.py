"""Turns search signals into one calibrated confidence: the probability the article is the answer.

The coefficients are a logistic regression fitted by `bench/calibrate.py` on the knowledge base's
own phrasings, each held out of the index in turn (the right article is the positive, the other
candidates negatives), plus out-of-scope questions written for that purpose (all negatives). The
development questions are never used for fitting, so the dev figures stay honest.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple


class Signals(NamedTuple):
    """What the confidence is computed from, for one (question, article) pair (all in [0, 1]).

    lexical: the article's BM25F score over the most the question could score;
    phrasing: how closely the question matches the article's closest phrasing, title or tag;
    coverage: the share of the question's meaningful words the knowledge base knows at all;
    margin: for the top hit, its ranking score's lead over the runner-up (for others, <= 0),
    times coverage.

    A named tuple rather than a dataclass: the search makes one per re-ranked article.
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
        """The model's log-odds that the article is the answer."""
        return (
            self.intercept
            + self.lexical * s.lexical
            + self.phrasing * s.phrasing
            + self.coverage * s.coverage
            + self.margin * s.margin
            - self.shortfall * max(0.0, 0.5 - s.coverage)
        )

    def probability(self, s: Signals) -> float:
        """The calibrated probability that the article is the answer."""
        z = self.logit(s)
        return 1.0 / (1.0 + math.exp(-z)) if z > -60 else 0.0


DEFAULT_CALIBRATION = Calibration(
    intercept=-1.83, lexical=2.04, phrasing=2.02, coverage=0.0, margin=6.14, shortfall=8.37
)
