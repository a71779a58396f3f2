"""manifest.yml and the code agree: scopes, events, slash command, shortcut, interactivity, App Home."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.slack import BOT_SCOPES, EVENTS_PATH, REDIRECT_PATH, SLASH_COMMAND
from bot.slack_modal import SHORTCUT_ID

MANIFEST = yaml.safe_load((Path(__file__).parent.parent / "manifest.yml").read_text(encoding="utf-8"))


def test_manifest_requests_exactly_the_scopes_the_oauth_flow_asks_for() -> None:
    assert sorted(MANIFEST["oauth_config"]["scopes"]["bot"]) == sorted(BOT_SCOPES)


def test_manifest_subscribes_to_the_events_the_app_handles() -> None:
    settings = MANIFEST["settings"]
    assert set(settings["event_subscriptions"]["bot_events"]) == {"app_mention", "message.im", "app_home_opened"}
    assert settings["event_subscriptions"]["request_url"].endswith(EVENTS_PATH)
    assert settings["interactivity"]["is_enabled"] is True
    assert settings["interactivity"]["request_url"].endswith(EVENTS_PATH)
    assert all(url.endswith(REDIRECT_PATH) for url in MANIFEST["oauth_config"]["redirect_urls"])


def test_manifest_has_the_slash_command_shortcut_and_app_home_with_messages() -> None:
    features = MANIFEST["features"]
    (command,) = features["slash_commands"]
    assert command["command"] == SLASH_COMMAND
    assert command["url"].endswith(EVENTS_PATH)
    assert command["should_escape"] is True  # #channel and @user arrive as ids
    assert [s["callback_id"] for s in features["shortcuts"]] == [SHORTCUT_ID]
    assert features["app_home"]["home_tab_enabled"] is True
    assert features["app_home"]["messages_tab_enabled"] is True
    assert len(features["shortcuts"][0]["description"]) <= 80
    assert len(MANIFEST["display_information"]["long_description"]) >= 175
