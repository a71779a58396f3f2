"""A tiny catalogue type: every user-facing string in Norwegian bokmål and English."""

from __future__ import annotations

from collections.abc import Mapping

from handlers.messages import Lang


class Catalog:
    """Look up `key` in `lang` and fill in `{placeholders}`; a missing key is a programming error."""

    def __init__(self, entries: Mapping[str, Mapping[Lang, str]]) -> None:
        for key, forms in entries.items():
            if set(forms) != {"nb", "en"}:
                raise ValueError(f"text {key!r} must have exactly 'nb' and 'en' forms")
        self._entries = dict(entries)

    def __call__(self, key: str, lang: Lang, /, **values: object) -> str:
        template = self._entries[key][lang]
        return template.format(**values) if values else template

    def keys(self) -> list[str]:
        return list(self._entries)
