"""The Web API session: what a JSON body looks like on the wire."""

from __future__ import annotations

import json
from pathlib import Path

from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.config import Settings
from bot.slack_connection import SlackConnection
from storage.db import Database

TEXT = "Innkjøp – «LUP» på norsk 👍"


async def test_json_bodies_go_out_as_compact_utf8_that_slack_reads_back_unchanged(
    tmp_path: Path,
) -> None:
    received: list[tuple[bytes, str]] = []

    async def post_message(request: web.Request) -> web.Response:
        received.append((await request.read(), request.headers.get("Content-Type", "")))
        return web.json_response({"ok": True, "channel": "D1", "ts": "1.0"})

    app = web.Application()
    app.router.add_post("/api/chat.postMessage", post_message)
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'c.db'}")
    async with TestServer(app, host="127.0.0.1") as server:
        settings = Settings.from_env(
            {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_API_URL": str(server.make_url("/api/"))}
        )
        connection = SlackConnection(settings, db)
        await connection.open()
        try:
            blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": TEXT}}]
            await connection.client().chat_postMessage(channel="D1", text=TEXT, blocks=blocks)
        finally:
            await connection.close()
            await db.dispose()
    ((body, content_type),) = received
    assert content_type.startswith("application/json")
    assert TEXT.encode() in body  # not escaped as \uXXXX
    assert b'","' in body and b'", "' not in body  # no padding after separators
    sent = json.loads(body.decode("utf-8"))
    assert sent["text"] == TEXT and sent["blocks"] == blocks
