"""Garbage-collector settings for the long-running server.

Once started, most of the heap is the loaded knowledge (search index, articles, checklists),
built once and never freed; the collector would still walk all of it on every full collection,
which under load came to about a tenth of a millisecond per event and pauses of ~100 ms (see
the README's Slack load figures). Freezing it moves it out of the collector's sight. A turn
allocates a few hundred container objects, so the default young-generation threshold (700)
collected after every few events; a larger one lets most of them die before anyone looks.
"""

from __future__ import annotations

import gc

YOUNG_GENERATION_THRESHOLD = 10_000


def settle_after_startup() -> None:
    """Freeze everything allocated so far and collect the young generation less often."""
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_GENERATION_THRESHOLD, middle, old)
