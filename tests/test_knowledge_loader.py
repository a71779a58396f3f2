"""Loading and validating knowledge files: problems reported as file:line."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from knowledge.loader import load_knowledge
from tests.core_helpers import KB_CORE

ROOT = Path(__file__).resolve().parents[1]


def _copy_kb(tmp_path: Path) -> Path:
    target = tmp_path / "kb"
    shutil.copytree(KB_CORE, target)
    return target


def test_article_splits_into_short_answer_and_read_more_per_language() -> None:
    kb, problems = load_knowledge(KB_CORE)
    assert problems == []
    article = kb.articles["markedsdialog"]
    assert article.short_answer("nb") == "Markedsdialog er samtaler med leverandører før konkurransen."
    assert article.read_more("en") == "Read more about market dialogue here."
    assert article.title_in("en") == "Market dialogue"


def test_dangling_related_slug_is_reported_with_its_line(tmp_path: Path) -> None:
    kb_dir = _copy_kb(tmp_path)
    path = kb_dir / "articles" / "dialogkonferanse.md"
    path.write_text(path.read_text().replace("related: [markedsdialog]", "related: [markedsdialog, finnes-ikke]"))
    _, problems = load_knowledge(kb_dir)
    assert [(p.path.name, p.line) for p in problems] == [("dialogkonferanse.md", 9)]
    assert "finnes-ikke" in problems[0].message


def test_duplicate_slug_empty_answer_and_missing_fields_are_all_reported(tmp_path: Path) -> None:
    kb_dir = _copy_kb(tmp_path)
    arts = kb_dir / "articles"
    (arts / "kopi.md").write_text((arts / "markedsdialog.md").read_text())
    empty = (arts / "dialogkonferanse.md").read_text().split("---\n", 2)
    (arts / "dialogkonferanse.md").write_text("---\n" + empty[1] + "---\n\n## English\n\nOnly English.\n")
    (arts / "tom.md").write_text("---\nslug: tom\ntitle: Tom\n---\nTekst\n\n## English\n\nText\n")
    _, problems = load_knowledge(kb_dir)
    messages = [f"{p.path.name}:{p.line}: {p.message}" for p in problems]
    assert any(m.startswith("kopi.md:2: slug 'markedsdialog' does not match") for m in messages)
    assert any("dialogkonferanse.md" in m and "empty Norwegian answer" in m for m in messages)
    assert any(m.startswith("tom.md:") and "missing or empty 'questions'" in m for m in messages)


def test_kb_check_exits_non_zero_with_file_and_line(tmp_path: Path) -> None:
    kb_dir = _copy_kb(tmp_path)
    (kb_dir / "articles" / "brutt.md").write_text("---\nslug: brutt\ntitle: [unclosed\n---\nx\n")
    result = subprocess.run([sys.executable, "-m", "bot", "kb", "check"], cwd=tmp_path, capture_output=True,
                            text=True, env={"LUPBOT_KNOWLEDGE_DIR": str(kb_dir), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 1
    assert f"{kb_dir / 'articles' / 'brutt.md'}:3: invalid YAML" in result.stderr


def test_kb_check_passes_on_the_bundled_knowledge() -> None:
    result = subprocess.run([sys.executable, "-m", "bot", "kb", "check"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok:")
