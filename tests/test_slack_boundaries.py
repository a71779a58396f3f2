"""The one rule, for Slack: nothing in handlers/, knowledge/ or storage/ imports Slack code."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLATFORM_PACKAGES = ("slack_bolt", "slack_sdk", "bot")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_inner_packages_never_import_slack_or_the_adapters() -> None:
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for package in ("handlers", "knowledge", "storage")
        for path in sorted((ROOT / package).rglob("*.py"))
        for name in sorted(_imports(path) & set(PLATFORM_PACKAGES))
    ]
    assert offenders == []
