"""`lupbot chat` is one conversation: a checklist started there resumes the next time, in the same folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.checklist_helpers import KB_CHECKLISTS

LUPBOT = Path(sys.executable).parent / "lupbot"


def chat(cwd: Path, *lines: str) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(cwd),
        "USER": "kari",
        "LOGNAME": "kari",
        "LUPBOT_KNOWLEDGE_DIR": str(KB_CHECKLISTS),
    }
    result = subprocess.run(
        [str(LUPBOT), "chat"],
        cwd=cwd,
        input="".join(f"{line}\n" for line in lines),
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    return result


def test_running_chat_twice_in_the_same_folder_resumes_the_checklist(tmp_path: Path) -> None:
    first = chat(tmp_path, "sjekkliste behov", "ferdig", "hopp over")
    assert "Steg 1 av 4" in first.stdout and "Steg 3 av 4" in first.stdout

    second = chat(tmp_path, "status", "ferdig")
    assert "pågår – Steg 3 av 4" in second.stdout
    assert "✅ 1. Involver interessentene tidlig. – ferdig (kari" in second.stdout
    assert "Steg 4 av 4" in second.stdout


def test_console_buttons_are_numbered_choices_that_drive_the_run(tmp_path: Path) -> None:
    result = chat(tmp_path, "sjekkliste markedsdialog", "1", "1", "1")
    # Step 1's choices are [1] Done [2] Skip [3] Explain [4] Stop; typing 1 three times finishes the run.
    assert "[1] ✅ Ferdig" in result.stdout
    assert "Markedsdialog er fullført" in result.stdout
    resumed = chat(tmp_path, "ferdig")
    assert "allerede fullført" in resumed.stdout


def test_another_folder_is_another_conversation(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    chat(tmp_path / "a", "sjekkliste behov", "ferdig")
    other = chat(tmp_path / "b", "status")
    assert "Det pågår ingen sjekkliste her" in other.stdout
