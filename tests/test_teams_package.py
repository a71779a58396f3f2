"""`lupbot teams-package`: a zip Teams accepts, filled from MICROSOFT_APP_ID, refused without it."""

from __future__ import annotations

import io
import json
import os
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from bot.config import ConfigError, Settings
from bot.teams_icons import color_icon, outline_icon
from bot.teams_package import MAX_COMMANDS, build_package, menu_commands
from handlers.router import Command
from tests.core_helpers import KB_CORE

APP_ID = "5b4a8d07-1111-4c1b-8f0b-2f7d4a6f3b11"
REPO = Path(__file__).resolve().parent.parent


def _png_pixels(data: bytes) -> tuple[int, int, list[tuple[int, int, int, int]]]:
    """Decode the simple RGBA PNGs we write (one IDAT, filter 0) back into pixels."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height = 8, b"", 0, 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        tag, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert crc == zlib.crc32(tag + body) & 0xFFFFFFFF
        if tag == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert (depth, colour) == (8, 6)
        elif tag == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = 1 + width * 4
    pixels = []
    for y in range(height):
        row = raw[y * stride : (y + 1) * stride]
        assert row[0] == 0
        pixels.extend(tuple(row[1 + x * 4 : 5 + x * 4]) for x in range(width))  # type: ignore[misc]
    return width, height, pixels


def test_icons_have_the_sizes_and_colours_teams_requires() -> None:
    width, height, pixels = _png_pixels(color_icon())
    assert (width, height) == (192, 192) and all(p[3] == 255 for p in pixels)
    width, height, pixels = _png_pixels(outline_icon())
    assert (width, height) == (32, 32)
    assert set(pixels) == {(255, 255, 255, 255), (0, 0, 0, 0)}  # white on transparent, nothing else


def _commands() -> list[Command]:
    async def nothing(turn: object) -> list[object]:
        return []

    def command(key: str, nb: str, en: str, group: str) -> Command:
        return Command(
            key=key,
            words={"nb": (nb,), "en": (en,)},
            handler=nothing,  # type: ignore[arg-type]
            summary={"nb": f"nb {key}", "en": f"en {key}"},
            group=group,
        )

    return [command(f"run{i}", f"steg{i}", f"step{i}", "checklist_run") for i in range(6)] + [
        command("help", "hjelp", "help", "general"),
        command("lists", "sjekklister", "checklists", "checklists"),
        command("gatherings", "samlinger", "gatherings", "reminders"),
        command("deadlines", "frister", "deadlines", "reminders"),
        command("reminders", "påminnelser", "reminders", "reminders"),
    ]


def test_command_menu_puts_general_commands_first_and_keeps_ten() -> None:
    menu = menu_commands(_commands())
    assert len(menu) == MAX_COMMANDS
    assert [c.key for c in menu[:5]] == ["help", "lists", "gatherings", "deadlines", "reminders"]


def test_package_holds_a_manifest_for_the_app_id_with_all_scopes_and_both_languages() -> None:
    package = zipfile.ZipFile(
        io.BytesIO(build_package(Settings(microsoft_app_id=APP_ID), _commands()))
    )
    assert sorted(package.namelist()) == ["color.png", "en.json", "manifest.json", "outline.png"]
    manifest = json.loads(package.read("manifest.json"))
    assert manifest["id"] == APP_ID and manifest["manifestVersion"] == "1.17"
    (bot,) = manifest["bots"]
    assert bot["botId"] == APP_ID and bot["scopes"] == ["personal", "team", "groupChat"]
    (menu,) = bot["commandLists"]
    assert menu["commands"][0] == {"title": "hjelp", "description": "nb help"}
    assert all(len(c["title"]) <= 32 and len(c["description"]) <= 128 for c in menu["commands"])
    assert manifest["icons"] == {"color": "color.png", "outline": "outline.png"}
    assert (
        len(manifest["description"]["short"]) <= 80 and len(manifest["description"]["full"]) <= 4000
    )
    assert all(
        manifest["developer"][k].startswith("https://")
        for k in ("websiteUrl", "privacyUrl", "termsOfUseUrl")
    )
    english = json.loads(package.read("en.json"))
    assert english["bots[0].commandLists[0].commands[0].title"] == "help"
    assert manifest["localizationInfo"]["additionalLanguages"] == [
        {"languageTag": "en", "file": "en.json"}
    ]


@pytest.mark.parametrize("app_id", [None, "not-a-guid"])
def test_package_is_refused_without_a_usable_app_id(app_id: str | None) -> None:
    with pytest.raises(ConfigError, match="MICROSOFT_APP_ID"):
        build_package(Settings(microsoft_app_id=app_id), _commands())


def _cli(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    base.update(PYTHONPATH=str(REPO), LUPBOT_KNOWLEDGE_DIR=str(KB_CORE), **env)
    return subprocess.run(
        [sys.executable, "-m", "bot", "teams-package", "-o", str(tmp_path / "app.zip")],
        env=base,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_cli_writes_the_package_from_the_registered_commands(tmp_path: Path) -> None:
    done = _cli(tmp_path, MICROSOFT_APP_ID=APP_ID)
    assert done.returncode == 0, done.stderr
    manifest = json.loads(zipfile.ZipFile(tmp_path / "app.zip").read("manifest.json"))
    titles = [c["title"] for c in manifest["bots"][0]["commandLists"][0]["commands"]]
    assert titles[0] == "hjelp" and "sjekklister" in titles
    assert "hei" not in titles and "takk" not in titles  # small talk is understood, not advertised
    assert not (tmp_path / "lupbot.db").exists()  # building a package writes no database


def test_cli_refuses_clearly_without_an_app_id(tmp_path: Path) -> None:
    done = _cli(tmp_path)
    assert done.returncode == 2
    assert "MICROSOFT_APP_ID is not set" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "app.zip").exists()
