"""`lupbot chat` driven through stdin, as a newcomer would use it (no Slack or Teams)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.console import render_text
from tests.core_helpers import KB_CORE


def chat(cwd: Path, *lines: str, knowledge: Path | None = KB_CORE) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(cwd)}
    if knowledge is not None:
        env["LUPBOT_KNOWLEDGE_DIR"] = str(knowledge)
    return subprocess.run([sys.executable, "-m", "bot", "chat"], cwd=cwd, input="".join(f"{line}\n" for line in lines),
                          capture_output=True, text=True, env=env, timeout=120)


def test_chat_answers_each_stdin_line_and_creates_its_sqlite_file(tmp_path: Path) -> None:
    result = chat(tmp_path, "hva er markedsdialog", "what is market dialogue")
    assert result.returncode == 0, result.stderr
    assert "Markedsdialog er samtaler med leverandører" in result.stdout
    assert "Market dialogue is talking to suppliers" in result.stdout
    assert (tmp_path / "lupbot.db").exists()
    assert "Traceback" not in result.stderr


def test_buttons_are_numbered_choices_that_can_be_typed(tmp_path: Path) -> None:
    result = chat(tmp_path, "what is market dialogue", "1")
    assert "[1] Read more" in result.stdout
    assert "Read more about market dialogue here." in result.stdout


def test_a_number_that_is_not_a_choice_says_which_numbers_are(tmp_path: Path) -> None:
    result = chat(tmp_path, "what is market dialogue", "9")
    assert "There is no choice 9" in result.stdout


def test_bad_input_gets_short_replies_and_never_a_traceback(tmp_path: Path) -> None:
    result = chat(tmp_path, "", "?!?", "🙂🙂", "<!channel> hei", "x" * 20000)
    assert result.returncode == 0
    assert "Traceback" not in result.stdout + result.stderr
    assert "tom melding" in result.stdout and result.stdout.count("ingen ord") == 2
    assert "<!channel>" not in result.stdout
    assert "20000 tegn" in result.stdout


def test_chat_refuses_to_start_on_broken_knowledge_with_file_and_line(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    (kb / "articles").mkdir(parents=True)
    (kb / "articles" / "x.md").write_text("no front matter\n")
    result = chat(tmp_path, "hei", knowledge=kb)
    assert result.returncode == 1
    assert f"{kb / 'articles' / 'x.md'}:1:" in result.stderr


def test_kb_gaps_groups_unanswered_phrasings_and_lists_votes_and_stale_articles(tmp_path: Path) -> None:
    chat(tmp_path, "hva blir været i morgen", "hvordan blir været i morgen?", "Hva blir været i morgen",
         "kan du bestille pizza", "what is market dialogue", "4")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LUPBOT_KNOWLEDGE_DIR": str(KB_CORE)}
    result = subprocess.run([sys.executable, "-m", "bot", "kb", "gaps"], cwd=tmp_path, capture_output=True,
                            text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    unanswered, votes, stale = result.stdout.split("\n\n")
    assert "(4 asked, 2 topics)" in unanswered
    assert "   3 × " in unanswered and "   1 × kan du bestille pizza" in unanswered
    assert "1 no / 0 yes  markedsdialog" in votes
    assert "2024-01-15  dialogkonferanse" in stale and "markedsdialog" not in stale


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("*Dialogkonferanse*", "Dialogkonferanse"),
        ("**Forberedelser** før konferansen", "Forberedelser før konferansen"),
        ("*a* og **b**", "a og b"),
        ("a * b * c", "a * b * c"),
        ("se [DFØ](https://anskaffelser.no)", "se DFØ (https://anskaffelser.no)"),
    ],
)
def test_article_markdown_reads_cleanly_in_the_terminal(text: str, plain: str) -> None:
    assert render_text(text) == plain
    assert "\033[1m" in render_text("**x**", color=True)
