"""Reads and validates the knowledge folder: `articles/*.md` and `checklists/*.yaml`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import partial
from itertools import chain
from pathlib import Path
from typing import Any

import yaml

from knowledge.forked import in_runs, workers_for
from knowledge.frontmatter import read_simple
from knowledge.model import Article, Checklist, KnowledgeBase, Step

BUNDLED_DIR = Path(__file__).resolve().parent
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ENGLISH_HEADING = re.compile(r"^##\s+English\s*$", re.MULTILINE)
ARTICLE_REQUIRED = ("slug", "title", "title_en", "questions", "tags", "related", "source", "reviewed")
CHECKLIST_KEYS = frozenset({"slug", "title", "title_en", "intro", "intro_en", "aliases", "next", "steps"})
STEP_KEYS = frozenset({"id", "text", "text_en", "detail", "detail_en", "article"})


@dataclass(frozen=True)
class Problem:
    """A validation problem, reported as `file:line: message`."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class KnowledgeError(Exception):
    """The knowledge folder has problems; `problems` lists them all."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def _key_lines(node: yaml.Node | None, offset: int) -> dict[str, int]:
    """Map each top-level key of a YAML mapping node to its 1-based line in the file."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: k.start_mark.line + 1 + offset for k, _ in node.value if isinstance(k, yaml.ScalarNode)}


# libyaml when present: the pure-Python parser makes a 20 000-article folder take a minute to load.
_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parse_yaml(text: str) -> tuple[yaml.Node | None, Any]:
    """Parse once, keeping the node tree (for line numbers) and the data it constructs."""
    try:
        return _parse_yaml_with(_YamlLoader, text)
    except yaml.YAMLError:
        # Re-parse a broken file in pure Python: its error marks point at the offending line.
        return _parse_yaml_with(yaml.SafeLoader, text)


def _parse_yaml_with(loader_class: Any, text: str) -> tuple[yaml.Node | None, Any]:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def _str_list(value: Any) -> tuple[str, ...] | None:
    if value is None:
        return ()
    if isinstance(value, list) and set(map(type, value)) <= {str}:
        return tuple(filter(None, map(str.strip, value)))  # the common case, without a Python loop
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return tuple(str(v).strip() for v in value if str(v).strip())
    return None


def _read_text(path: Path) -> str:
    """The file's text with universal newlines, as `Path.read_text` gives it, read in one go."""
    with open(path, "rb") as file:
        text = file.read().decode("utf-8")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _english_heading(body: str) -> re.Match[str] | None:
    """`ENGLISH_HEADING.search(body)`, trying only where a "##" is (a regex search is slower)."""
    at = body.find("##")
    while at >= 0:
        found = ENGLISH_HEADING.match(body, at)
        if found:
            return found
        at = body.find("##", at + 1)
    return None


def _parse_article(path: Path, problems: list[Problem]) -> Article | None:
    text = _read_text(path)
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        problems.append(Problem(path, 1, "article must start with '---' YAML front matter"))
        return None
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        problems.append(Problem(path, 1, "front matter is not closed with '---'"))
        return None
    header = "\n".join(lines[1:end])
    simple = read_simple(header)
    if simple is not None:
        meta, header_lines = simple
        key_line = {key: line + 2 for key, line in header_lines.items()}
    else:
        try:
            node, meta = _parse_yaml(header)
            meta = meta or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 2 if mark is not None else 1
            problems.append(Problem(path, line, f"invalid YAML: {getattr(exc, 'problem', exc)}"))
            return None
        if not isinstance(meta, dict):
            problems.append(Problem(path, 2, "front matter must be a mapping"))
            return None
        key_line = _key_lines(node, offset=1)
    ok = True
    for key in ARTICLE_REQUIRED:
        if key not in meta or meta[key] in (None, "", []):
            problems.append(Problem(path, key_line.get(key, 2), f"missing or empty '{key}'"))
            ok = False
    lists = {k: _str_list(meta.get(k)) for k in ("questions", "tags", "related")}
    for key, val in lists.items():
        if val is None:
            problems.append(Problem(path, key_line.get(key, 2), f"'{key}' must be a list of strings"))
            ok = False
    slug = str(meta.get("slug", ""))
    if slug and not SLUG_RE.match(slug):
        problems.append(Problem(path, key_line.get("slug", 2), f"bad slug '{slug}' (lowercase a-z, 0-9, '-')"))
        ok = False
    if slug and slug != path.stem:
        problems.append(Problem(path, key_line.get("slug", 2), f"slug '{slug}' does not match file name '{path.stem}'"))
        ok = False
    reviewed = meta.get("reviewed")
    if isinstance(reviewed, str):
        try:
            reviewed = date.fromisoformat(reviewed)
        except ValueError:
            reviewed = None
    if not isinstance(reviewed, date):
        if "reviewed" in meta:
            problems.append(Problem(path, key_line.get("reviewed", 2), "'reviewed' must be a date (YYYY-MM-DD)"))
        ok = False
    body = "\n".join(lines[end + 1 :])
    body_line = end + 2
    split = _english_heading(body)
    if split:
        body_nb, body_en = body[: split.start()], body[split.end() :]
    else:
        body_nb, body_en = body, ""
        problems.append(Problem(path, body_line, "missing '## English' section"))
        ok = False
    for lang, part in (("Norwegian", body_nb), ("English", body_en)):
        if split and not any(p.strip() and not p.strip().startswith("#") for p in part.strip().split("\n\n")):
            problems.append(Problem(path, body_line, f"empty {lang} answer"))
            ok = False
    if not ok:
        return None
    assert isinstance(reviewed, date)
    return Article(
        slug=slug,
        title=str(meta["title"]).strip(),
        title_en=str(meta["title_en"]).strip(),
        questions=lists["questions"] or (),
        tags=lists["tags"] or (),
        related=lists["related"] or (),
        source=str(meta["source"]).strip(),
        reviewed=reviewed,
        body_nb=body_nb.strip(),
        body_en=body_en.strip(),
        path=path,
    )


def _parse_articles(paths: list[Path], first: int, end: int) -> list[tuple[Article | None, list[Problem]]]:
    """Each of paths[first:end] parsed, with its own problems."""
    parsed = []
    for path in paths[first:end]:
        found: list[Problem] = []
        parsed.append((_parse_article(path, found), found))
    return parsed


def _parse_checklist(path: Path, problems: list[Problem]) -> tuple[Checklist, dict[str, int]] | None:
    text = path.read_text(encoding="utf-8")
    try:
        node, data = _parse_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.append(Problem(path, mark.line + 1 if mark else 1, f"invalid YAML: {getattr(exc, 'problem', exc)}"))
        return None
    if not isinstance(data, dict):
        problems.append(Problem(path, 1, "checklist must be a YAML mapping"))
        return None
    key_line = _key_lines(node, offset=0)
    ok = True
    for key in sorted(set(map(str, data)) - CHECKLIST_KEYS):
        # A misspelt key would silently drop content; say so instead.
        problems.append(Problem(path, key_line.get(key, 1), f"unknown key '{key}' (allowed: {', '.join(sorted(CHECKLIST_KEYS))})"))
        ok = False
    for key in ("slug", "title", "title_en", "intro", "intro_en", "steps"):
        if not data.get(key):
            problems.append(Problem(path, key_line.get(key, 1), f"missing or empty '{key}'"))
            ok = False
    slug = str(data.get("slug", ""))
    if slug and slug != path.stem:
        problems.append(Problem(path, key_line.get("slug", 1), f"slug '{slug}' does not match file name '{path.stem}'"))
        ok = False
    aliases = _str_list(data.get("aliases"))
    if aliases is None:
        problems.append(Problem(path, key_line.get("aliases", 1), "'aliases' must be a list of strings"))
        ok = False
    raw_steps = data.get("steps") or []
    step_nodes: list[yaml.Node] = []
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if getattr(k, "value", None) == "steps" and isinstance(v, yaml.SequenceNode):
                step_nodes = list(v.value)
    steps: list[Step] = []
    step_lines: dict[str, int] = {}
    seen: set[str] = set()
    if not isinstance(raw_steps, list):
        problems.append(Problem(path, key_line.get("steps", 1), "'steps' must be a list"))
        return None
    for i, raw in enumerate(raw_steps):
        line = step_nodes[i].start_mark.line + 1 if i < len(step_nodes) else key_line.get("steps", 1)
        if not isinstance(raw, dict):
            problems.append(Problem(path, line, f"step {i + 1} must be a mapping"))
            ok = False
            continue
        sid = str(raw.get("id") or "").strip()
        stext = str(raw.get("text") or "").strip()
        stext_en = str(raw.get("text_en") or "").strip()
        article = str(raw.get("article") or "").strip()
        if not sid:
            problems.append(Problem(path, line, f"step {i + 1} has no 'id'"))
            ok = False
        elif sid in seen:
            problems.append(Problem(path, line, f"duplicate step id '{sid}'"))
            ok = False
        seen.add(sid)
        if not stext or not stext_en:
            problems.append(Problem(path, line, f"step '{sid or i + 1}' has an empty 'text' or 'text_en'"))
            ok = False
        if not article:
            problems.append(Problem(path, line, f"step '{sid or i + 1}' has no 'article'"))
            ok = False
        for key in sorted(set(map(str, raw)) - STEP_KEYS):
            problems.append(Problem(path, line, f"step '{sid or i + 1}' has unknown key '{key}' (allowed: {', '.join(sorted(STEP_KEYS))})"))
            ok = False
        if bool(str(raw.get("detail") or "").strip()) != bool(str(raw.get("detail_en") or "").strip()):
            problems.append(Problem(path, line, f"step '{sid or i + 1}' needs both 'detail' and 'detail_en', or neither"))
            ok = False
        step_lines[sid] = line
        steps.append(
            Step(
                id=sid,
                text=stext,
                text_en=stext_en,
                article=article,
                detail=str(raw.get("detail") or "").strip(),
                detail_en=str(raw.get("detail_en") or "").strip(),
            )
        )
    if not ok:
        return None
    checklist = Checklist(
        slug=slug,
        title=str(data["title"]).strip(),
        title_en=str(data["title_en"]).strip(),
        intro=str(data["intro"]).strip(),
        intro_en=str(data["intro_en"]).strip(),
        steps=tuple(steps),
        aliases=aliases or (),
        next=(str(data["next"]).strip() if data.get("next") else None),
        path=path,
    )
    step_lines["__next__"] = key_line.get("next", 1)
    return checklist, step_lines


def load_knowledge(root: Path | None = None) -> tuple[KnowledgeBase, list[Problem]]:
    """Load every article and checklist under `root` (default: the bundled folder) and validate links."""
    root = (root or BUNDLED_DIR).resolve()
    problems: list[Problem] = []
    articles: dict[str, Article] = {}
    checklists: dict[str, Checklist] = {}
    art_dir, chk_dir = root / "articles", root / "checklists"
    if not art_dir.is_dir():
        problems.append(Problem(art_dir, 0, "no 'articles' folder"))
    paths = sorted(art_dir.glob("*.md")) if art_dir.is_dir() else []
    # Parsed in runs, in forked processes for a large folder (knowledge/forked.py); in order.
    runs = in_runs(partial(_parse_articles, paths), len(paths), workers_for(len(paths)))
    for path, (article, found) in zip(paths, chain.from_iterable(runs), strict=True):
        problems.extend(found)
        if article is None:
            continue
        if article.slug in articles:
            problems.append(Problem(path, 2, f"duplicate slug '{article.slug}' (also in {articles[article.slug].path})"))
            continue
        articles[article.slug] = article
    step_lines: dict[str, dict[str, int]] = {}
    for path in sorted(chk_dir.glob("*.y*ml")) if chk_dir.is_dir() else []:
        parsed = _parse_checklist(path, problems)
        if parsed is None:
            continue
        checklist, lines = parsed
        if checklist.slug in checklists:
            problems.append(Problem(path, 1, f"duplicate checklist slug '{checklist.slug}'"))
            continue
        checklists[checklist.slug] = checklist
        step_lines[checklist.slug] = lines
    for article in articles.values():
        assert article.path is not None
        for rel in article.related:
            if rel not in articles:
                line = _line_of(article.path, rel, start="related:")
                problems.append(Problem(article.path, line, f"related slug '{rel}' is not an article"))
        bodies = article.body_nb + article.body_en
        for target in re.findall(r"\]\(lup:([a-z0-9-]+)\)", bodies) if "](lup:" in bodies else ():
            if target not in articles:
                problems.append(Problem(article.path, _line_of(article.path, f"lup:{target}"), f"link to unknown article '{target}'"))
    for checklist in checklists.values():
        assert checklist.path is not None
        lines = step_lines[checklist.slug]
        for step in checklist.steps:
            if step.article not in articles:
                problems.append(Problem(checklist.path, lines.get(step.id, 1), f"step '{step.id}' links to unknown article '{step.article}'"))
        if checklist.next and checklist.next not in checklists:
            problems.append(Problem(checklist.path, lines["__next__"], f"'next' names unknown checklist '{checklist.next}'"))
        elif checklist.next == checklist.slug:
            problems.append(Problem(checklist.path, lines["__next__"], "'next' names the checklist itself"))
    problems.extend(_name_clashes(checklists))
    return KnowledgeBase(articles=articles, checklists=checklists, root=root), problems


def _name_clashes(checklists: dict[str, Checklist]) -> list[Problem]:
    """Every slug, title and alias must name one checklist only, or `sjekkliste <name>` is ambiguous."""
    owner: dict[str, str] = {}
    problems: list[Problem] = []
    for checklist in checklists.values():
        assert checklist.path is not None
        names = (checklist.slug, checklist.title, checklist.title_en, *checklist.aliases)
        for name in dict.fromkeys(n.strip() for n in names if n.strip()):
            other = owner.setdefault(name.lower(), checklist.slug)
            if other != checklist.slug:
                problems.append(Problem(checklist.path, _line_of(checklist.path, name),
                                        f"name '{name}' also names checklist '{other}'"))
    return problems


def _line_of(path: Path, needle: str, start: str = "") -> int:
    """The first line containing `needle`, at or after the first line starting with `start`."""
    started = not start
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        started = started or line.startswith(start)
        if started and needle in line:
            return number
    return 1


def load_or_raise(root: Path | None = None) -> KnowledgeBase:
    """Load the knowledge folder, raising KnowledgeError if anything is wrong."""
    kb, problems = load_knowledge(root)
    if problems:
        raise KnowledgeError(problems)
    return kb
