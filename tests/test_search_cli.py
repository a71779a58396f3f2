"""`lupbot ask --json`: one JSON object per stdin line, in the architecture doc's shape."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

KB_SMALL = Path(__file__).parent / "fixtures" / "kb_small"


def ask(
    lines: list[str], cwd: Path, knowledge: Path | None = KB_SMALL
) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin"}
    if knowledge is not None:
        env["LUPBOT_KNOWLEDGE_DIR"] = str(knowledge)
    return subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json"],
        input="\n".join(lines) + "\n",
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_ask_json_prints_one_object_per_question_in_the_fixed_shape(tmp_path: Path) -> None:
    questions = ["en til en moter", "hva blir været i morgen", "behovskartleging", "<!channel> 🙂"]
    result = ask(questions, tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(questions)
    answers = [json.loads(line) for line in lines]
    for question, answer in zip(questions, answers, strict=True):
        assert set(answer) == {"question", "abstained", "results"}
        assert answer["question"] == question
        assert isinstance(answer["abstained"], bool)
        assert len(answer["results"]) <= 5
        for item in answer["results"]:
            assert set(item) == {"slug", "title", "score"}
            assert 0.0 <= item["score"] <= 1.0
        scores = [item["score"] for item in answer["results"]]
        assert scores == sorted(scores, reverse=True)
    assert answers[0]["abstained"] is False
    assert answers[0]["results"][0] == {
        "slug": "en-til-en-moter",
        "title": "En-til-en-møter med leverandører",
        "score": answers[0]["results"][0]["score"],
    }
    assert answers[1]["abstained"] is True
    assert answers[2]["results"][0]["slug"] == "behovskartlegging"
    assert answers[3]["abstained"] is True


def test_ask_json_skips_blank_lines_and_keeps_non_ascii_readable(tmp_path: Path) -> None:
    result = ask(["", "   ", "hva er markedsdialog?"], tmp_path)
    assert result.returncode == 0, result.stderr
    [line] = result.stdout.splitlines()
    assert "markedsdialog" in line and "\\u" not in line


def test_ask_json_on_the_bundled_knowledge_answers_at_most_five(tmp_path: Path) -> None:
    result = ask(["innovasjon anskaffelse leverandør"], tmp_path, knowledge=None)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert 1 <= len(answer["results"]) <= 5
