"""`lupbot teams-package`: the Teams app package (manifest.json, two icons) an admin uploads to Teams."""

from __future__ import annotations

import asyncio
import io
import json
import re
import sys
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from bot.config import ConfigError, Settings
from bot.teams_icons import color_icon, outline_icon
from handlers.messages import Lang
from handlers.router import Command

MANIFEST_VERSION = "1.17"
SCHEMA = f"https://developer.microsoft.com/en-us/json-schemas/teams/v{MANIFEST_VERSION}/MicrosoftTeams.schema.json"
LOCALIZATION_SCHEMA = f"https://developer.microsoft.com/en-us/json-schemas/teams/v{MANIFEST_VERSION}/MicrosoftTeams.Localization.schema.json"
SCOPES = ("personal", "team", "groupChat")
MAX_COMMANDS = 10  # Teams shows at most ten commands per command list
GROUP_PRIORITY = ("general", "checklists", "reminders", "checklist_run")
_GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")

NAME = {
    "nb": ("lupbot", "lupbot – assistent for innovative anskaffelser"),
    "en": ("lupbot", "lupbot – assistant for innovative public procurement"),
}
DESCRIPTION = {
    "nb": (
        "Svar, sjekklister og påminnelser for innovative anskaffelser.",
        "lupbot svarer på spørsmål om innovative offentlige anskaffelser og planleggingsverktøyene fra en "
        "kvalitetssikret kunnskapsbase (eller sier ærlig at den ikke vet), tar dere gjennom verktøyene som "
        "sjekklister steg for steg, og minner om nettverkssamlinger og frister i markedsdialoger.",
    ),
    "en": (
        "Answers, checklists and reminders for innovative public procurement.",
        "lupbot answers questions about innovative public procurement and the planning tools from a curated "
        "knowledge base (or says honestly that it does not know), walks you through the tools as step-by-step "
        "checklists, and reminds you of network gatherings and market-dialogue deadlines.",
    ),
}


@dataclass(frozen=True)
class Developer:
    """The publisher details Teams shows on the app's page (the URLs must be https)."""

    name: str = "lupbot"
    website_url: str = "https://innovativeanskaffelser.no"
    privacy_url: str = "https://innovativeanskaffelser.no"
    terms_url: str = "https://innovativeanskaffelser.no"


def _app_version() -> str:
    try:
        return version("lupbot")
    except PackageNotFoundError:
        return "0.1.0"


def menu_commands(commands: Sequence[Command]) -> list[Command]:
    """Up to ten commands for the Teams command menu: general ones first, in-run words last."""
    order = {group: i for i, group in enumerate(GROUP_PRIORITY)}
    ranked = sorted(
        enumerate(commands), key=lambda item: (order.get(item[1].group, len(order)), item[0])
    )
    return [command for _, command in ranked][:MAX_COMMANDS]


def _command_entry(command: Command, lang: Lang) -> dict[str, str]:
    return {"title": command.words[lang][0][:32], "description": command.summary[lang][:128]}


def manifest(
    app_id: str, commands: Sequence[Command], developer: Developer = Developer()
) -> dict[str, Any]:
    """The Teams app manifest (default language bokmål; English in `en.json`)."""
    menu = menu_commands(commands)
    return {
        "$schema": SCHEMA,
        "manifestVersion": MANIFEST_VERSION,
        "version": _app_version(),
        "id": app_id,
        "developer": {
            "name": developer.name,
            "websiteUrl": developer.website_url,
            "privacyUrl": developer.privacy_url,
            "termsOfUseUrl": developer.terms_url,
        },
        "name": {"short": NAME["nb"][0], "full": NAME["nb"][1]},
        "description": {"short": DESCRIPTION["nb"][0], "full": DESCRIPTION["nb"][1]},
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": "#0B5C8A",
        "bots": [
            {
                "botId": app_id,
                "scopes": list(SCOPES),
                "supportsFiles": True,  # calendar files and checklist exports, via file consent in personal chat
                "isNotificationOnly": False,
                "commandLists": [
                    {"scopes": list(SCOPES), "commands": [_command_entry(c, "nb") for c in menu]}
                ],
            }
        ],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [],
        "localizationInfo": {
            "defaultLanguageTag": "nb",
            "additionalLanguages": [{"languageTag": "en", "file": "en.json"}],
        },
    }


def english(commands: Sequence[Command]) -> dict[str, Any]:
    """The English localisation file: names, descriptions and the command menu."""
    strings: dict[str, Any] = {
        "$schema": LOCALIZATION_SCHEMA,
        "name.short": NAME["en"][0],
        "name.full": NAME["en"][1],
        "description.short": DESCRIPTION["en"][0],
        "description.full": DESCRIPTION["en"][1],
    }
    for i, command in enumerate(menu_commands(commands)):
        entry = _command_entry(command, "en")
        strings[f"bots[0].commandLists[0].commands[{i}].title"] = entry["title"]
        strings[f"bots[0].commandLists[0].commands[{i}].description"] = entry["description"]
    return strings


def build_package(
    settings: Settings, commands: Sequence[Command], developer: Developer = Developer()
) -> bytes:
    """The zip Teams accepts as a custom app; refuses without a usable MICROSOFT_APP_ID."""
    app_id = settings.microsoft_app_id
    if not app_id:
        raise ConfigError(
            "MICROSOFT_APP_ID is not set. Create an Azure Bot (see the README, section Microsoft Teams), "
            "then run `MICROSOFT_APP_ID=<its Microsoft App ID> lupbot teams-package`."
        )
    if not _GUID.match(app_id):
        raise ConfigError(
            f"MICROSOFT_APP_ID {app_id!r} is not a GUID like 00000000-0000-0000-0000-000000000000"
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "manifest.json",
            json.dumps(manifest(app_id, commands, developer), ensure_ascii=False, indent=2),
        )
        archive.writestr("en.json", json.dumps(english(commands), ensure_ascii=False, indent=2))
        archive.writestr("color.png", color_icon())
        archive.writestr("outline.png", outline_icon())
    return buffer.getvalue()


async def _commands(settings: Settings) -> list[Command]:
    """The registered chat commands, from a throwaway in-memory composition (nothing is written)."""
    from dataclasses import replace

    from bot.composition import open_services

    async with open_services(
        replace(settings, database_url="sqlite+aiosqlite:///:memory:")
    ) as services:
        return list(services.router.commands)


def run_teams_package(settings: Settings, output: Path, developer: Developer) -> int:
    """Write the package to `output`; a clear message and exit code 2 when it cannot be built."""
    try:
        if not settings.microsoft_app_id:
            build_package(settings, [], developer)  # raises the explanatory ConfigError
        package = build_package(settings, asyncio.run(_commands(settings)), developer)
    except ConfigError as exc:
        print(f"lupbot: cannot build the Teams app package: {exc}", file=sys.stderr)
        return 2
    output.write_bytes(package)
    print(
        f"wrote {output} (manifest.json, en.json, color.png, outline.png) for app id {settings.microsoft_app_id}"
    )
    print(
        "Upload it in Teams: Apps › Manage your apps › Upload an app (or the Teams admin center)."
    )
    return 0
