"""Reading documents into the search index's arrays, in worker processes for a large knowledge base.

For each document and field: the field's distinct words (by key, see `FieldedIndex`) and their
counts, end to end in flat arrays, and the field's BM25F factor; for all documents: how many
documents each word occurs in (in order of first appearance), and each document's head-field words,
from which the candidate postings are made. This is nearly all of the index's start-up time, and
it splits by document: with more than one CPU, runs of documents are read in forked processes (they
share the parent's memory, so the documents are not copied, and its string hashes) and the parts
joined in order, which gives exactly what one process would.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from array import array
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, pairwise, repeat
from multiprocessing.connection import Connection
from operator import add
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from knowledge.bm25 import Field

PARALLEL_FROM = 5_000  # documents; below this, forking costs more than it saves
MAX_WORKERS = 8
DF_BATCH = 400_000  # (document, word) pairs whose document frequencies are counted together

CountWords = Callable[[str], dict[str, int]]
WordKey = Callable[[str], int]


@dataclass
class Part:
    """The arrays of a run of documents (per field: word keys and counts end to end, each
    document's number of distinct words and BM25F factor), its words' document frequencies, and
    the documents each head word occurs in."""

    words: list[array]  # type: ignore[type-arg]
    counts: list[array]  # type: ignore[type-arg]
    lengths: list[array]  # type: ignore[type-arg]
    factors: list[array]  # type: ignore[type-arg]
    df: dict[str, int]
    postings: dict[int, array]  # type: ignore[type-arg]


@dataclass(frozen=True)
class Reader:
    """How documents are read: fields, word counting, skipped words, word keys, average lengths."""

    fields: tuple[Field, ...]
    count_words: CountWords
    skip: frozenset[str]
    word_key: WordKey
    average_length: dict[str, float]

    def read(self, documents: Sequence[Mapping[str, str]], first: int, end: int) -> Part:
        """Documents first..end-1 (document ids are their positions in `documents`)."""
        n_fields = len(self.fields)
        part = Part(
            words=[array("q") for _ in range(n_fields)],
            counts=[array("I") for _ in range(n_fields)],
            lengths=[array("I") for _ in range(n_fields)],
            factors=[array("f") for _ in range(n_fields)],
            df={},
            postings={},
        )
        # Each document's head words (keys), and the document, end to end: inverted at the end.
        head_keys, head_docs = array("q"), array("i")
        count_words, skip, word_key = self.count_words, self.skip, self.word_key
        # Each document's distinct words, end to end, for a batch of documents: counted together
        # and then added to `df` (a small table per batch, fewer lookups in the large one).
        batch: list[str] = []
        for doc_id in range(first, end):
            doc = documents[doc_id]
            in_fields: list[dict[str, int]] = []
            head: set[int] = set()
            for f, field in enumerate(self.fields):
                text = doc.get(field.name, "")
                counts = count_words(text) if text else {}
                for word in skip.intersection(counts):
                    dict.__delitem__(counts, word)  # C-level, even on a Counter
                if field.head:
                    keys = tuple(map(word_key, counts))
                    head.update(keys)
                    part.words[f].extend(keys)
                else:
                    part.words[f].extend(map(word_key, counts))
                part.counts[f].extend(counts.values())
                part.lengths[f].append(len(counts))
                part.factors[f].append(
                    field.weight
                    / ((1 - field.b) + field.b * len(text) / self.average_length[field.name])
                )
                in_fields.append(counts)
            batch.extend(dict.fromkeys(chain.from_iterable(in_fields)))
            if len(batch) >= DF_BATCH:
                add_counts(part.df, Counter(batch))
                batch.clear()
            head_keys.extend(head)
            head_docs.extend(repeat(doc_id, len(head)))
        add_counts(part.df, Counter(batch))
        # postings[key].append(doc) for each pair, in one C-level pass.
        postings: defaultdict[int, list[int]] = defaultdict(list)
        deque(map(list.append, map(postings.__getitem__, head_keys), head_docs), maxlen=0)
        part.postings = {key: array("i", docs) for key, docs in postings.items()}
        return part

    def read_all(self, documents: Sequence[Mapping[str, str]], workers: int) -> Part:
        """All documents, in `workers` processes (this one included) when it can fork."""
        n = len(documents)
        if workers < 2 or not _can_fork():
            return self.read(documents, 0, n)
        bounds = [n * i // workers for i in range(workers + 1)]
        runs = list(pairwise(bounds))
        context = multiprocessing.get_context("fork")
        children = []
        for first, end in runs[:-1]:
            receiver, sender = context.Pipe(duplex=False)
            child = context.Process(
                target=self._send, args=(sender, documents, first, end), daemon=True
            )
            child.start()
            sender.close()
            children.append((child, receiver, first, end))
        last = self.read(documents, *runs[-1])
        parts = []
        for child, receiver, first, end in children:
            try:
                parts.append(receiver.recv())
            except EOFError:
                # The child died (it prints its traceback): read its documents here instead.
                parts.append(self.read(documents, first, end))
            finally:
                receiver.close()
                child.join()
        return join_parts([*parts, last])

    def _send(
        self, sender: Connection, documents: Sequence[Mapping[str, str]], first: int, end: int
    ) -> None:
        try:
            sender.send(self.read(documents, first, end))
        finally:
            sender.close()


def join_parts(parts: Sequence[Part]) -> Part:
    """The parts of consecutive runs of documents as one."""
    joined = parts[0]
    for part in parts[1:]:
        for f in range(len(joined.words)):
            joined.words[f].extend(part.words[f])
            joined.counts[f].extend(part.counts[f])
            joined.lengths[f].extend(part.lengths[f])
            joined.factors[f].extend(part.factors[f])
        add_counts(joined.df, part.df)
        postings = joined.postings
        for key, docs in part.postings.items():
            if key in postings:
                postings[key].extend(docs)
            else:
                postings[key] = docs
    return joined


def starts(lengths: Iterable[int]) -> array:  # type: ignore[type-arg]
    """Where each document's run begins in a field's flat arrays, and where the last one ends."""
    return array("I", accumulate(lengths, initial=0))


def add_counts(total: dict[str, int], counts: Mapping[str, int]) -> None:
    """total[w] += n for each (w, n) in counts (new words appended in order), at C speed."""
    words = list(counts)
    total.update(
        zip(words, map(add, map(total.get, words, repeat(0)), counts.values()), strict=True)
    )


def workers_for(n_docs: int) -> int:
    """How many processes to read `n_docs` documents with: the CPUs this process may use."""
    if n_docs < PARALLEL_FROM:
        return 1
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cpus or 1, MAX_WORKERS))


def _can_fork() -> bool:
    # Forked children share the documents and the string hashes; elsewhere, read in one process.
    return sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods()
