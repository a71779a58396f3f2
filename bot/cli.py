"""The `lupbot` command line: chat, serve, ask, kb check, kb gaps (and the capabilities' own verbs)."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from collections.abc import Sequence
from datetime import timedelta

from bot.config import ConfigError, Settings
from knowledge.loader import KnowledgeError, load_knowledge

log = logging.getLogger("lupbot")


def _settings_or_exit() -> Settings:
    try:
        return Settings.from_env()
    except ConfigError as exc:
        print(f"lupbot: configuration error: {exc}", file=sys.stderr)
        raise SystemExit(2) from exc


def cmd_chat(args: argparse.Namespace) -> int:
    from bot.chat import run_chat

    return asyncio.run(run_chat(_settings_or_exit()))


def cmd_serve(args: argparse.Namespace) -> int:
    from bot.serve import run_serve

    return run_serve(_settings_or_exit())


def cmd_ask(args: argparse.Namespace) -> int:
    from bot.composition import load_knowledge_for

    _, index = load_knowledge_for(_settings_or_exit())
    for line in sys.stdin:
        question = line.rstrip("\n")
        if not question.strip():
            continue
        result = index.search(question, limit=5)
        if args.json:
            print(json.dumps({
                "question": question,
                "abstained": result.abstained,
                "results": [{"slug": h.slug, "title": h.title, "score": round(h.score, 4)} for h in result.hits],
            }, ensure_ascii=False), flush=True)
        else:
            best = result.best
            verdict = "abstain" if result.abstained else (best.slug if best else "-")
            print(f"{verdict}\t{question}", flush=True)
    return 0


def cmd_kb_check(args: argparse.Namespace) -> int:
    settings = _settings_or_exit()
    kb, problems = load_knowledge(settings.knowledge_dir)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in {kb.root}", file=sys.stderr)
        return 1
    print(f"ok: {len(kb.articles)} articles, {len(kb.checklists)} checklists in {kb.root}")
    return 0


def cmd_kb_gaps(args: argparse.Namespace) -> int:
    return asyncio.run(_kb_gaps(_settings_or_exit(), args.limit))


async def _kb_gaps(settings: Settings, limit: int) -> int:
    from bot.composition import open_services
    from knowledge.gaps import group_questions

    async with open_services(settings) as services:
        unanswered = await services.questions.unanswered()
        tallies = await services.questions.tallies()
        now = services.clock.now().date()
        kb = services.kb
    groups = group_questions([q.text for q in unanswered])
    print(f"Unanswered questions ({len(unanswered)} asked, {len(groups)} topics):")
    for group in groups[:limit]:
        others = "; ".join(e for e in group.examples if e != group.representative)
        print(f"  {group.count:4d} × {group.representative}" + (f"   (also: {others})" if others else ""))
    if not groups:
        print("  none")
    print("\nArticles with the most 'not helpful' votes:")
    voted = [t for t in tallies if t.not_helpful > 0]
    for tally in voted[:limit]:
        print(f"  {tally.not_helpful:4d} no / {tally.helpful} yes  {tally.slug}")
    if not voted:
        print("  none")
    print("\nArticles not reviewed for over a year:")
    stale = sorted((a for a in kb.articles.values() if now - a.reviewed > timedelta(days=365)), key=lambda a: a.reviewed)
    for article in stale:
        print(f"  {article.reviewed.isoformat()}  {article.slug}")
    if not stale:
        print("  none")
    return 0


def cmd_when(args: argparse.Namespace) -> int:
    from bot.when_cli import cmd_when as run_when

    return run_when(args, _settings_or_exit().zone)


def cmd_teams_package(args: argparse.Namespace) -> int:
    from pathlib import Path

    from bot.teams_package import Developer, run_teams_package

    developer = Developer(args.developer, args.website_url, args.privacy_url or args.website_url,
                          args.terms_url or args.website_url)
    return run_teams_package(_settings_or_exit(), Path(args.output), developer)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lupbot", description="Assistant for innovative public procurement.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug output")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("chat", help="chat with the bot in the terminal").set_defaults(func=cmd_chat)
    sub.add_parser("serve", help="run the web server for Slack and Teams").set_defaults(func=cmd_serve)
    ask = sub.add_parser("ask", help="search the knowledge base, one question per stdin line")
    ask.add_argument("--json", action="store_true", help="print one JSON object per line")
    ask.set_defaults(func=cmd_ask)
    when = sub.add_parser("when", help="show how the bot reads a time expression")
    when.add_argument("--json", action="store_true", help='print {"input": ..., "when": ISO or null}')
    when.add_argument("--now", help="pretend it is this ISO 8601 time (default: now)")
    when.add_argument("expression", nargs="+", help='e.g. "i morgen kl 10"')
    when.set_defaults(func=cmd_when)
    teams = sub.add_parser("teams-package", help="build the Teams app package (needs MICROSOFT_APP_ID)")
    teams.add_argument("--output", "-o", default="lupbot-teams.zip", help="zip file to write")
    teams.add_argument("--developer", default="lupbot", help="publisher name shown in Teams")
    teams.add_argument("--website-url", default="https://innovativeanskaffelser.no", help="https URL")
    teams.add_argument("--privacy-url", help="https URL of the privacy statement (default: website)")
    teams.add_argument("--terms-url", help="https URL of the terms of use (default: website)")
    teams.set_defaults(func=cmd_teams_package)
    kb = sub.add_parser("kb", help="knowledge base tools")
    kb_sub = kb.add_subparsers(dest="kb_command", required=True)
    kb_sub.add_parser("check", help="validate the knowledge files").set_defaults(func=cmd_kb_check)
    gaps = kb_sub.add_parser("gaps", help="what the knowledge base is missing")
    gaps.add_argument("--limit", type=int, default=30)
    gaps.set_defaults(func=cmd_kb_gaps)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        return int(args.func(args) or 0)
    except KnowledgeError as exc:
        print("lupbot: the knowledge files have problems (run `lupbot kb check`):", file=sys.stderr)
        print(exc, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`lupbot chat … | head`): stop quietly, as other command-line tools
        # do; stdout is pointed at devnull so the interpreter's final flush cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
