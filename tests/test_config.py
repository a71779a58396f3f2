"""Settings come from the environment, with the documented defaults and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, Settings
from storage.db import normalise_url


def test_defaults_match_the_architecture_document(tmp_path: Path) -> None:
    settings = Settings.from_env({})
    assert (settings.host, settings.port, settings.timezone, settings.sweep_seconds) == ("127.0.0.1", 3978, "Europe/Oslo", 30.0)
    assert settings.db_url(tmp_path) == f"sqlite+aiosqlite:///{tmp_path.resolve() / 'lupbot.db'}"
    assert settings.knowledge_dir is None and settings.teams_enabled


def test_lists_and_paths_are_parsed() -> None:
    settings = Settings.from_env({"LUPBOT_FACILITATORS": " U1, U2 ,,", "LUPBOT_KNOWLEDGE_DIR": "/tmp/kb",
                                  "LUPBOT_TEAMS": "off", "HOST": "0.0.0.0"})
    assert settings.facilitators == frozenset({"U1", "U2"})
    assert settings.knowledge_dir == Path("/tmp/kb")
    assert not settings.teams_enabled and not settings.host_is_loopback


@pytest.mark.parametrize(("env", "fragment"), [
    ({"PORT": "http"}, "PORT"),
    ({"LUPBOT_TIMEZONE": "Mars/Olympus"}, "time zone"),
    ({"LUPBOT_SWEEP_SECONDS": "-1"}, "positive"),
])
def test_bad_values_are_refused_with_a_message_naming_the_variable(env: dict[str, str], fragment: str) -> None:
    with pytest.raises(ConfigError, match=fragment):
        Settings.from_env(env)


@pytest.mark.parametrize(("url", "expected"), [
    ("postgresql://u@h/db", "postgresql+asyncpg://u@h/db"),
    ("postgres://u@h/db", "postgresql+asyncpg://u@h/db"),
    ("sqlite:////tmp/x.db", "sqlite+aiosqlite:////tmp/x.db"),
    ("sqlite+aiosqlite:////tmp/x.db", "sqlite+aiosqlite:////tmp/x.db"),
])
def test_plain_database_urls_get_the_async_driver(url: str, expected: str) -> None:
    assert normalise_url(url) == expected
