"""The one configuration object, built from the environment."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class ConfigError(Exception):
    """The environment asks for something impossible; the message says what to change."""


def _split_ids(value: str | None) -> frozenset[str]:
    return frozenset(part.strip() for part in (value or "").split(",") if part.strip())


def _is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return host == "localhost"
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Settings:
    """Everything lupbot reads from its environment, with the documented defaults."""

    host: str = "127.0.0.1"
    port: int = 3978
    database_url: str | None = None  # None: a SQLite file in the working directory
    knowledge_dir: Path | None = None  # None: the bundled knowledge
    timezone: str = "Europe/Oslo"
    facilitators: frozenset[str] = field(default_factory=frozenset)
    escalation_channel: str | None = None
    sweep_seconds: float = 30.0
    late_grace_seconds: float = 300.0
    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_client_id: str | None = None
    slack_client_secret: str | None = None
    slack_app_token: str | None = None
    slack_api_url: str | None = None
    microsoft_app_id: str | None = None
    microsoft_app_password: str | None = None
    microsoft_app_tenant_id: str | None = None
    teams_enabled: bool = True

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read settings from `env` (default: os.environ); raises ConfigError on bad values."""
        env = os.environ if env is None else env

        def get(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        try:
            port = int(get("PORT") or 3978)
        except ValueError as exc:
            raise ConfigError(f"PORT must be a number, got {env.get('PORT')!r}") from exc
        try:
            sweep = float(get("LUPBOT_SWEEP_SECONDS") or 30)
            grace = float(get("LUPBOT_LATE_GRACE_SECONDS") or 300)
        except ValueError as exc:
            raise ConfigError("LUPBOT_SWEEP_SECONDS and LUPBOT_LATE_GRACE_SECONDS must be numbers") from exc
        if sweep <= 0:
            raise ConfigError("LUPBOT_SWEEP_SECONDS must be positive")
        tz = get("LUPBOT_TIMEZONE") or "Europe/Oslo"
        try:
            ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ConfigError(f"LUPBOT_TIMEZONE {tz!r} is not a known time zone") from exc
        kdir = get("LUPBOT_KNOWLEDGE_DIR")
        teams = (get("LUPBOT_TEAMS") or "on").lower() not in ("off", "0", "false", "no")
        return cls(
            host=get("HOST") or "127.0.0.1",
            port=port,
            database_url=get("DATABASE_URL"),
            knowledge_dir=Path(kdir).expanduser().resolve() if kdir else None,
            timezone=tz,
            facilitators=_split_ids(env.get("LUPBOT_FACILITATORS")),
            escalation_channel=get("LUPBOT_ESCALATION_CHANNEL"),
            sweep_seconds=sweep,
            late_grace_seconds=grace,
            slack_bot_token=get("SLACK_BOT_TOKEN"),
            slack_signing_secret=get("SLACK_SIGNING_SECRET"),
            slack_client_id=get("SLACK_CLIENT_ID"),
            slack_client_secret=get("SLACK_CLIENT_SECRET"),
            slack_app_token=get("SLACK_APP_TOKEN"),
            slack_api_url=get("SLACK_API_URL"),
            microsoft_app_id=get("MICROSOFT_APP_ID"),
            microsoft_app_password=get("MICROSOFT_APP_PASSWORD"),
            microsoft_app_tenant_id=get("MICROSOFT_APP_TENANT_ID"),
            teams_enabled=teams,
        )

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def host_is_loopback(self) -> bool:
        return _is_loopback(self.host)

    def db_url(self, cwd: Path | None = None) -> str:
        """The database URL to use: DATABASE_URL, or the SQLite file in the working directory."""
        from storage.db import default_sqlite_url

        return self.database_url or default_sqlite_url(cwd)
