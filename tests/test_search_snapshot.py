"""The search answers the dev and own questions exactly as recorded (ranking, scores, abstention).

tests/fixtures/search_snapshot.json holds what `lupbot ask --json` answered on the bundled
articles for the questions of ../shared/eval/questions-dev.yaml and tests/search_cases.yaml, taken
before the index build was made faster; it guards such work against changing any answer. After an
intended change of ranking, or when the bundled articles change (the test then skips), regenerate
it with `.venv/bin/python -m tests.test_search_snapshot`.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from knowledge.loader import BUNDLED_DIR, load_or_raise
from knowledge.search import SearchIndex, SearchResult

REPO = Path(__file__).resolve().parent.parent
SNAPSHOT = REPO / "tests" / "fixtures" / "search_snapshot.json"
QUESTION_FILES = (
    REPO.parent / "shared" / "eval" / "questions-dev.yaml",
    REPO / "tests" / "search_cases.yaml",
)


def knowledge_digest(root: Path = BUNDLED_DIR) -> str:
    """A hash of the article files the snapshot was taken on."""
    digest = hashlib.sha256()
    for path in sorted((root / "articles").glob("*.md")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def ask_json(question: str, result: SearchResult) -> dict[str, Any]:
    """One line of `lupbot ask --json` (bot/cli.py)."""
    return {
        "question": question,
        "abstained": result.abstained,
        "results": [
            {"slug": h.slug, "title": h.title, "score": round(h.score, 4)} for h in result.hits
        ],
    }


def test_answers_match_the_snapshot() -> None:
    snapshot = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    if snapshot["knowledge"] != knowledge_digest():
        pytest.skip(
            "bundled articles changed: regenerate with python -m tests.test_search_snapshot"
        )
    index = SearchIndex(load_or_raise(BUNDLED_DIR))
    assert len(snapshot["answers"]) > 100
    for expected in snapshot["answers"]:
        question = expected["question"]
        assert ask_json(question, index.search(question, limit=5)) == expected


def _write_snapshot() -> None:
    questions: list[str] = []
    for path in QUESTION_FILES:
        questions += [str(i["q"]) for i in yaml.safe_load(path.read_text(encoding="utf-8"))]
    index = SearchIndex(load_or_raise(BUNDLED_DIR))
    answers = [ask_json(q, index.search(q, limit=5)) for q in questions]
    snapshot = {"knowledge": knowledge_digest(), "answers": answers}
    SNAPSHOT.write_text(json.dumps(snapshot, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(answers)} answers to {SNAPSHOT}", file=sys.stderr)


if __name__ == "__main__":
    _write_snapshot()
