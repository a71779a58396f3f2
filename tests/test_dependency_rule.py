"""The one rule: dependencies point inward, and only `bot/` knows a platform exists."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent

PLATFORM_PACKAGES = {"slack_bolt", "slack_sdk", "botbuilder", "microsoft_agents", "aiohttp"}

# What each inner package may not import: platforms, and any package further out.
FORBIDDEN = {
    "knowledge": PLATFORM_PACKAGES | {"bot", "handlers", "storage"},
    "storage": PLATFORM_PACKAGES | {"bot", "handlers"},
    "handlers": PLATFORM_PACKAGES | {"bot"},
}


def _top_level_imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_inner_packages_import_no_platform_and_nothing_further_out(package: str) -> None:
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in sorted((ROOT / package).rglob("*.py"))
        for name in sorted(_top_level_imports(path) & FORBIDDEN[package])
    ]
    assert offenders == []


def test_the_bot_framework_sdk_is_imported_only_by_the_teams_modules() -> None:
    # The Bot Framework SDK is archived upstream: moving to its successor must stay a Teams-only change.
    importers = [
        path.name
        for path in sorted((ROOT / "bot").glob("*.py"))
        if "botbuilder" in _top_level_imports(path) or "botframework" in _top_level_imports(path)
    ]
    assert importers and all(name.startswith("teams") for name in importers), importers
