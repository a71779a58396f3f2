"""`lupbot when`: the command line shows exactly what the bot would schedule."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from bot.cli import main

DEV_SET = Path("/work/shared/eval/times-dev.yaml")
NOW = "2026-11-23T14:00:00+01:00"


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    assert main(["when", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_gives_the_instant_with_its_offset(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_json(capsys, "--now", NOW, "i morgen kl 10") == {
        "input": "i morgen kl 10", "when": "2026-11-24T10:00:00+01:00",
    }


def test_json_refusal_has_null_and_an_english_error(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_json(capsys, "--now", NOW, "31. februar kl 10")
    assert out["input"] == "31. februar kl 10" and out["when"] is None
    assert "There is no 31 February" in str(out["error"])


def test_now_without_offset_is_local_time(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_json(capsys, "--now", "2026-11-23T14:00", "om 2 timer")["when"] == "2026-11-23T16:00:00+01:00"
    assert run_json(capsys, "--now", "2026-11-23T13:00Z", "om 2 timer")["when"] == "2026-11-23T16:00:00+01:00"


def test_configured_time_zone_is_used(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LUPBOT_TIMEZONE", "UTC")
    assert run_json(capsys, "--now", "2026-11-23T14:00Z", "i morgen kl 10")["when"] == "2026-11-24T10:00:00+00:00"


def test_recurring_expression_reports_its_rule(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_json(capsys, "--now", NOW, "hver mandag kl 09:00 til 1. mars")
    assert out["when"] == "2026-11-30T09:00:00+01:00"
    assert out["recurrence"] == {"freq": "weekly", "weekday": 0, "time": "09:00", "until": "2027-03-01"}


def test_plain_form_prints_iso_and_words_or_fails(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["when", "--now", NOW, "fredag", "13:30"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2026-11-27T13:30:00+01:00")
    assert "fredag 27. november 2026 kl. 13:30" in out and "Friday 27 November 2026 at 13:30" in out
    assert main(["when", "--now", NOW, "blabla"]) == 1
    err = capsys.readouterr().err
    assert "blabla" in err


def test_bad_now_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["when", "--now", "yesterday-ish", "i morgen"]) == 2
    assert "--now" in capsys.readouterr().err


@pytest.mark.skipif(not DEV_SET.exists(), reason="shared dev set not present")
def test_dev_set_through_the_installed_command_line() -> None:
    import yaml

    data = yaml.safe_load(DEV_SET.read_text(encoding="utf-8"))
    for case in data["cases"]:
        done = subprocess.run(
            [sys.executable, "-m", "bot", "when", "--json", "--now", data["now"], case["expr"]],
            capture_output=True, text=True, check=True, timeout=60,
        )
        out = json.loads(done.stdout)
        assert out["input"] == case["expr"]
        if case["expect"] is None:
            assert out["when"] is None and out["error"], case
        else:
            assert datetime.fromisoformat(out["when"]) == datetime.fromisoformat(case["expect"]), case
