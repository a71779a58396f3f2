"""The fast front-matter reader gives what the YAML loader gives, or declines and leaves it to YAML."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import pytest
import yaml

from knowledge.frontmatter import read_simple
from knowledge.loader import BUNDLED_DIR

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _yaml(header: str) -> tuple[Any, dict[str, int]]:
    """What the YAML path makes of a header: the data and each key's 0-based line."""
    loader = _Loader(header)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node)
    finally:
        loader.dispose()
    lines = {k.value: k.start_mark.line for k, _ in node.value}
    return data, lines


def _header(path_text: str) -> str:
    lines = path_text.split("\n")
    end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    return "\n".join(lines[1:end])


def test_simple_front_matter_reads_as_yaml_does() -> None:
    header = (
        "slug: markedsdialog\n"
        "title: Markedsdialog – før konkurransen, hvorfor?\n"
        "questions:\n"
        "  - er det lov å ha dialog med markedet før utlysning?\n"
        "  - it's OK, C# and 100%\n"
        "tags: [markedsdialog, FOA 9-3, dialog med markedet,  spaced  out ]\n"
        "related: []\n"
        'source: "anskaffelser.no: «Markedsdialog»; FOA § 9-3 # not a comment"\n'
        "reviewed: 2026-11-23\n"
        "empty:"
    )
    simple = read_simple(header)
    assert simple is not None
    assert simple == _yaml(header)
    assert simple[0]["reviewed"] == date(2026, 11, 23)
    assert simple[0]["empty"] is None


@pytest.mark.parametrize(
    "header",
    [
        "title: yes",  # a boolean to YAML
        "title: 12",  # a number
        "tags: [a, no]",
        "title: null",
        "title: Foo # a comment",
        "title: a: b",
        "title: Foo\n  continued on the next line",
        "questions:\n  - one\n    continued",
        "questions:\n  - one\n - two",  # items at different indentation
        "title: Foo\n\nslug: foo",  # blank line
        "# comment\ntitle: Foo",
        "title: 'it''s'",  # an escaped quote
        'title: "tab\\there"',  # an escape
        "title: &anchor Foo",
        "title: |\n  block",
        "tags: [a,\n  b]",  # a list over two lines
        "title: Foo\ntitle: Bar",  # a duplicate key
        "reviewed: 2026-02-30",  # not a date
        "title: Foo\r\nslug: foo",
        "title: line\u2028break",
        "title: \ufeffFoo",
        "title: bell\x07",
        "questions:\n  - yes",
        "- just a list",
        "",
    ],
)
def test_anything_else_is_left_to_yaml(header: str) -> None:
    assert read_simple(header) is None


def test_every_bundled_header_reads_as_yaml_does() -> None:
    for path in sorted((BUNDLED_DIR / "articles").glob("*.md")):
        header = _header(path.read_text(encoding="utf-8"))
        simple = read_simple(header)
        if simple is not None:
            assert simple == _yaml(header), path.name


_ATOMS = [
    "hva", "er", "LUP", "møte", "FOA 9-3", "yes", "No", "on", "null", "~", "2026-11-23", "12",
    "1.5", "0x1f", "1:20", "a: b", "a:b", "x #c", "C#", "'q'", '"q"', "it's", "-x", "- y", "?x",
    ":x", "[a]", "{b}", "a,b", "&a", "*a", "!t", "|", ">", "%", "@", "`", "", " ", "é", "«»",
    "§", "\xa0", "\\", "'", '"', "...", "#", "=", "<<", ".inf", "x:", "end ",
]  # fmt: skip


def _random_header(rng: random.Random) -> str:
    def words() -> str:
        return " ".join(rng.choice(_ATOMS) for _ in range(rng.randint(1, 3)))

    lines = []
    for _ in range(rng.randint(1, 5)):
        key = rng.choice(["slug", "title", "tags", "questions", "reviewed", "yes", "t_2"])
        shape = rng.random()
        if shape < 0.4:
            lines.append(f"{key}: {words()}")
        elif shape < 0.7:
            items = ", ".join(words() for _ in range(rng.randint(0, 4)))
            lines.append(f"{key}: [{items}]" + rng.choice(["", "", " ", " #c"]))
        else:
            lines.append(f"{key}:" + rng.choice(["", " "]))
            indent = rng.choice(["", "  "])
            lines += [f"{indent}- {words()}" for _ in range(rng.randint(0, 3))]
    return "\n".join(lines)


def test_random_headers_read_as_yaml_does_whenever_accepted() -> None:
    rng = random.Random(20261123)
    accepted = 0
    for _ in range(3_000):
        header = _random_header(rng)
        simple = read_simple(header)
        if simple is not None:
            accepted += 1
            assert simple == _yaml(header), header
    assert accepted > 100  # the comparison really ran
