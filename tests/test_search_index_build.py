"""The index reads the same, however it is built: in worker processes or one, by hashes or numbers."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable

import pytest

from knowledge.analysis import Analyzer
from knowledge.bm25 import Alternative, Field, FieldedIndex, Unit
from knowledge.normalize import count_words, words

FIELDS = (
    Field("title", weight=3.0, b=0.5),
    Field("body", weight=0.5, b=0.3, head=False),
)
POOL = [
    "behovskartlegging", "markedsdialog", "leverandør", "konkurranse", "innovasjon", "møte",
    "dialog", "kartlegging", "behov", "pilot-e", "en-til-en", "anskaffelse", "og", "i", "the",
]  # fmt: skip


def _documents(n: int, seed: int = 1) -> list[dict[str, str]]:
    rng = random.Random(seed)
    return [
        {
            "title": " ".join(rng.choices(POOL, k=rng.randint(1, 4))),
            "body": " ".join(rng.choices(POOL, k=rng.randint(0, 30))).capitalize(),
        }
        for _ in range(n)
    ]


def _index(
    documents: list[dict[str, str]],
    workers: int | None = None,
    word_key: Callable[[str], int] = hash,
) -> FieldedIndex:
    stop = frozenset({"og", "i", "the"})
    index = FieldedIndex(FIELDS, documents, count_words, stop, word_key=word_key, workers=workers)
    # Each word its own term, and "kartlegg" the term of two words, as stems make them.
    index.add_term_words(
        [(w, w, 1.0) for w in index.document_frequency()]
        + [("kartlegg", "kartlegging", 1.0), ("kartlegg", "behovskartlegging", 0.5)]
    )
    return index


def _answers(index: FieldedIndex) -> list[list[tuple[int, float]]]:
    rng = random.Random(2)
    vocabulary = [*index.document_frequency(), "kartlegg", "unknown"]
    answers = []
    for _ in range(60):
        units = tuple(
            Unit(w, (Alternative((w,), 1.0),)) for w in rng.sample(vocabulary, rng.randint(1, 4))
        )
        answers.append(index.top(units, k=10))
    return answers


@pytest.mark.parametrize("n_docs", [40, 450])  # scored whole; found through the postings
def test_reading_in_worker_processes_gives_the_same_index(n_docs: int) -> None:
    documents = _documents(n_docs)
    alone, shared = _index(documents, workers=1), _index(documents, workers=3)
    assert list(shared.document_frequency().items()) == list(alone.document_frequency().items())
    assert [shared.idf(t) for t in ("kartlegg", "dialog")] == [
        alone.idf(t) for t in ("kartlegg", "dialog")
    ]
    assert _answers(shared) == _answers(alone)


def test_words_sharing_a_key_are_numbered_instead() -> None:
    documents = _documents(450)
    by_hash = _index(documents)
    by_length = _index(documents, word_key=len)  # many words of one length: keys collide
    assert list(by_length.document_frequency().items()) == list(
        by_hash.document_frequency().items()
    )
    # The same documents in the same order; scores may differ in the last bit (summed in another
    # order), as they do between runs with different string hashes.
    for numbered, hashed in zip(_answers(by_length), _answers(by_hash), strict=True):
        assert [doc for doc, _ in numbered] == [doc for doc, _ in hashed]
        assert [score for _, score in numbered] == pytest.approx([score for _, score in hashed])


def test_word_counts_are_the_words_counted_in_order_of_first_occurrence() -> None:
    rng = random.Random(3)
    pool = [*"abæøåÆØÅéÉ-–'’«» \n.,:;!?()0123", "aa", "oe", "en-til-en", "ﬁ", "İ", "Σ"]
    for _ in range(3_000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 40)))
        counts = count_words(text)
        assert counts == Counter(words(text))
        assert list(counts) == list(Counter(words(text))), text


def test_vocabulary_stemmed_at_once_as_word_by_word() -> None:
    vocabulary = ["kartlegging", "kartlegger", "meetings", "2026", "leverandørene", "x"]
    for mode in ("both", "nb", "en"):
        analyzer = Analyzer(mode)
        at_once = analyzer.terms_of_all(vocabulary)
        assert at_once == {w: analyzer.terms(w) for w in vocabulary}
