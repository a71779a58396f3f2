"""Reading documents into the search index's arrays, in worker processes for a large knowledge base.

For each document and field: the field's distinct words (by key, see `FieldedIndex`) and their
counts, end to end in flat arrays, and the field's length; for all documents: how many documents
each word occurs in (in order of first appearance), and which documents each head-field word occurs
in (the candidate postings). This is nearly all of the index's start-up time, and it splits by
document: with more than one CPU, runs of documents are read in forked processes (they share the
parent's memory, so the documents are not copied, and its string hashes; `knowledge/forked.py`) and
the parts joined in order, which gives exactly what one process would.
"""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import accumulate, chain, filterfalse, pairwise, repeat
from operator import add

from knowledge.forked import in_runs

DF_BATCH = 400_000  # (document, word) pairs whose document frequencies are counted together

CountWords = Callable[[str], dict[str, int]]
WordKey = Callable[[str], int]


@dataclass
class Part:
    """What a run of documents reads into, per field: word keys and counts end to end, each
    document's number of distinct words and text length; the words' document frequencies; and the
    head words' postings, end to end (`posting_keys[i]` occurs in `posting_docs` run i, of
    `posting_lengths[i]` documents). Arrays throughout: a part is sent between processes."""

    words: list[array]  # type: ignore[type-arg]
    counts: list[array]  # type: ignore[type-arg]
    distinct: list[array]  # type: ignore[type-arg]
    text_lengths: list[array]  # type: ignore[type-arg]
    df: dict[str, int]
    posting_keys: array  # type: ignore[type-arg]
    posting_lengths: array  # type: ignore[type-arg]
    posting_docs: array  # type: ignore[type-arg]


@dataclass
class Read:
    """All documents read: a `Part`'s arrays joined, with the postings as one table."""

    words: list[array]  # type: ignore[type-arg]
    counts: list[array]  # type: ignore[type-arg]
    starts: list[array]  # type: ignore[type-arg]  # document d's run: starts[d]:starts[d + 1]
    text_lengths: list[array]  # type: ignore[type-arg]
    df: dict[str, int]
    postings: dict[int, array]  # type: ignore[type-arg]


@dataclass(frozen=True)
class Reader:
    """How documents are read: the names of their fields, the head fields (those with postings),
    word counting, skipped words and word keys."""

    fields: tuple[str, ...]
    head: tuple[bool, ...]
    count_words: CountWords
    skip: frozenset[str]
    word_key: WordKey

    def read_all(self, documents: Sequence[Mapping[str, str]], workers: int) -> Read:
        """All documents, shared among `workers` processes (see `knowledge/forked.py`)."""
        return _joined(in_runs(partial(self.read, documents), len(documents), workers))

    def read(self, documents: Sequence[Mapping[str, str]], first: int, end: int) -> Part:
        """Documents first..end-1 (document ids are their positions in `documents`)."""
        n_fields = len(self.fields)
        part = Part(
            words=[array("q") for _ in range(n_fields)],
            counts=[array("I") for _ in range(n_fields)],
            distinct=[array("I") for _ in range(n_fields)],
            text_lengths=[array("I") for _ in range(n_fields)],
            df={},
            posting_keys=array("q"),
            posting_lengths=array("I"),
            posting_docs=array("i"),
        )
        count_words, skip, word_key = self.count_words, self.skip, self.word_key
        fields = list(enumerate(zip(self.fields, self.head, strict=True)))
        # Each document's distinct words, end to end, for a batch of documents: counted together
        # and then added to `df` (a small table per batch, fewer lookups in the large one).
        batch: list[str] = []
        # Each document's head words (keys), and the document, end to end: inverted at the end.
        head_keys, head_docs = array("q"), array("i")
        for doc_id in range(first, end):
            doc = documents[doc_id]
            in_fields: list[dict[str, int]] = []
            head: set[int] = set()
            for f, (name, is_head) in fields:
                text = doc.get(name, "")
                counts = count_words(text) if text else {}
                for word in skip.intersection(counts):
                    dict.__delitem__(counts, word)  # C-level, even on a Counter
                if is_head:
                    keys = tuple(map(word_key, counts))
                    head.update(keys)
                    part.words[f].extend(keys)
                else:
                    part.words[f].extend(map(word_key, counts))
                part.counts[f].extend(counts.values())
                part.distinct[f].append(len(counts))
                part.text_lengths[f].append(len(text))
                in_fields.append(counts)
            # The document's distinct words in order of first appearance (as
            # dict.fromkeys(all fields)), without building a dict of the last, longest field.
            earlier = dict.fromkeys(chain.from_iterable(in_fields[:-1]))
            batch.extend(earlier)
            batch.extend(filterfalse(earlier.__contains__, in_fields[-1]))
            if len(batch) >= DF_BATCH:
                add_counts(part.df, Counter(batch))
                batch.clear()
            head_keys.extend(head)
            head_docs.extend(repeat(doc_id, len(head)))
        add_counts(part.df, Counter(batch))
        # postings[key].append(doc) for each pair, in one C-level pass.
        postings: defaultdict[int, list[int]] = defaultdict(list)
        deque(map(list.append, map(postings.__getitem__, head_keys), head_docs), maxlen=0)
        part.posting_keys.extend(postings)
        part.posting_lengths.extend(map(len, postings.values()))
        part.posting_docs.extend(chain.from_iterable(postings.values()))
        return part


def _joined(parts: Sequence[Part]) -> Read:
    """The parts of consecutive runs of documents as one."""
    first = parts[0]
    read = Read(
        words=first.words,
        counts=first.counts,
        starts=[],
        text_lengths=first.text_lengths,
        df=first.df,
        postings={},
    )
    distinct = first.distinct
    for part in parts[1:]:
        for f in range(len(read.words)):
            read.words[f].extend(part.words[f])
            read.counts[f].extend(part.counts[f])
            distinct[f].extend(part.distinct[f])
            read.text_lengths[f].extend(part.text_lengths[f])
        add_counts(read.df, part.df)
    read.starts = [array("I", accumulate(lengths, initial=0)) for lengths in distinct]
    postings = read.postings
    for part in parts:
        docs = part.posting_docs
        ends = accumulate(part.posting_lengths, initial=0)
        for key, (start, end) in zip(part.posting_keys, pairwise(ends), strict=True):
            if key in postings:
                postings[key].extend(docs[start:end])
            else:
                postings[key] = docs[start:end]
    return read


def add_counts(total: dict[str, int], counts: Mapping[str, int]) -> None:
    """total[w] += n for each (w, n) in counts (new words appended in order), at C speed."""
    words = list(counts)
    total.update(
        zip(words, map(add, map(total.get, words, repeat(0)), counts.values()), strict=True)
    )
