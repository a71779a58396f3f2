"""`lupbot kb check` is strict about checklists, and says file:line for every problem."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.cli import main
from knowledge.loader import load_knowledge
from tests.checklist_helpers import KB_CHECKLISTS

GOOD_STEP = """  - id: {id}
    text: Gjør noe.
    text_en: Do something.
    article: {article}
"""


def knowledge_with(tmp_path: Path, checklist: str, name: str = "proeve.yaml") -> tuple[Path, Path]:
    root = tmp_path / "kb"
    shutil.copytree(KB_CHECKLISTS, root)
    path = root / "checklists" / name
    path.write_text(checklist, encoding="utf-8")
    return root, path


def header(slug: str = "proeve", extra: str = "") -> str:
    return f"slug: {slug}\ntitle: Prøve\ntitle_en: Trial\nintro: Prøv.\nintro_en: Try.\n{extra}steps:\n"


def problems_in(root: Path) -> list[str]:
    return [str(p) for p in load_knowledge(root)[1]]


def test_the_fixture_and_the_bundled_checklists_pass() -> None:
    assert problems_in(KB_CHECKLISTS) == []
    kb, problems = load_knowledge()
    assert [p for p in problems if p.path.parent.name == "checklists"] == []
    assert len(kb.checklists) >= 4


def test_a_step_linking_to_an_unknown_article_is_reported_at_the_steps_line(tmp_path: Path) -> None:
    text = (
        header()
        + GOOD_STEP.format(id="a", article="behovskartlegging")
        + GOOD_STEP.format(id="b", article="finnes-ikke")
    )
    root, path = knowledge_with(tmp_path, text)
    assert problems_in(root) == [f"{path}:11: step 'b' links to unknown article 'finnes-ikke'"]


def test_empty_steps_are_reported_at_the_steps_key(tmp_path: Path) -> None:
    root, path = knowledge_with(tmp_path, header().replace("steps:\n", "steps: []\n"))
    assert problems_in(root) == [f"{path}:6: missing or empty 'steps'"]


def test_a_step_with_empty_text_is_reported(tmp_path: Path) -> None:
    text = header() + "  - id: a\n    text: ''\n    text_en: Do.\n    article: behovskartlegging\n"
    root, path = knowledge_with(tmp_path, text)
    assert problems_in(root) == [f"{path}:7: step 'a' has an empty 'text' or 'text_en'"]


def test_duplicate_step_ids_are_reported_at_the_second_one(tmp_path: Path) -> None:
    text = header() + GOOD_STEP.format(id="same", article="behovskartlegging") * 2
    root, path = knowledge_with(tmp_path, text)
    assert problems_in(root) == [f"{path}:11: duplicate step id 'same'"]


def test_misspelt_keys_are_reported_instead_of_silently_dropped(tmp_path: Path) -> None:
    text = (
        header(extra="alias: [x]\n")
        + GOOD_STEP.format(id="a", article="behovskartlegging")
        + "    detial: x\n"
    )
    root, path = knowledge_with(tmp_path, text)
    found = problems_in(root)
    assert f"{path}:6: unknown key 'alias'" in found[0]
    assert f"{path}:8: step 'a' has unknown key 'detial'" in found[1]


def test_detail_in_one_language_only_is_reported(tmp_path: Path) -> None:
    text = (
        header()
        + GOOD_STEP.format(id="a", article="behovskartlegging")
        + "    detail: Bare norsk.\n"
    )
    root, path = knowledge_with(tmp_path, text)
    assert problems_in(root) == [
        f"{path}:7: step 'a' needs both 'detail' and 'detail_en', or neither"
    ]


def test_an_unknown_next_checklist_is_reported_at_its_line(tmp_path: Path) -> None:
    text = header(extra="next: finnes-ikke\n") + GOOD_STEP.format(
        id="a", article="behovskartlegging"
    )
    root, path = knowledge_with(tmp_path, text)
    assert problems_in(root) == [f"{path}:6: 'next' names unknown checklist 'finnes-ikke'"]


def test_an_alias_naming_two_checklists_is_reported(tmp_path: Path) -> None:
    text = header(extra="aliases:\n  - prøv\n  - Needs\n") + GOOD_STEP.format(
        id="a", article="behovskartlegging"
    )
    root, path = knowledge_with(tmp_path, text)
    assert problems_in(root) == [f"{path}:8: name 'Needs' also names checklist 'behovskartlegging'"]


def test_kb_check_exits_non_zero_and_prints_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = header() + GOOD_STEP.format(id="a", article="finnes-ikke")
    root, path = knowledge_with(tmp_path, text)
    monkeypatch.setenv("LUPBOT_KNOWLEDGE_DIR", str(root))
    assert main(["kb", "check"]) == 1
    assert f"{path}:7: step 'a' links to unknown article 'finnes-ikke'" in capsys.readouterr().err
