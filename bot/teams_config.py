"""When `lupbot serve` may run the Teams endpoint (no SDK import here: `serve` checks before loading it)."""

from __future__ import annotations

from bot.config import Settings


def teams_startup_problem(settings: Settings) -> str | None:
    """Why the server must not start with this Teams configuration, or None when it may."""
    if not settings.teams_enabled:
        return None
    if not settings.microsoft_app_id and not settings.host_is_loopback:
        return (
            f"refusing to start: HOST={settings.host} is not a loopback address and MICROSOFT_APP_ID is "
            "not set, so POST /api/messages would accept unauthenticated Bot Framework activities from "
            "anyone who can reach it. Set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD (and "
            "MICROSOFT_APP_TENANT_ID for a single-tenant Azure Bot) to have Teams requests verified, "
            "use HOST=127.0.0.1 for local testing with the Bot Framework Emulator, or set "
            "LUPBOT_TEAMS=off for a deployment without Teams."
        )
    if settings.microsoft_app_id and not settings.microsoft_app_password:
        return (
            "refusing to start: MICROSOFT_APP_ID is set but MICROSOFT_APP_PASSWORD is not, so the bot "
            "could not sign its replies to Teams. Set the client secret of the Azure Bot's app "
            "registration as MICROSOFT_APP_PASSWORD, or set LUPBOT_TEAMS=off."
        )
    return None
