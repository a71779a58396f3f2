"""A local fake of the Slack Web API (and Socket Mode) that records every call, for tests and benchmarks.

Runs on 127.0.0.1 at a random free port; point `SLACK_API_URL` at `fake.api_url`. It answers the
methods lupbot uses, checks Block Kit the way Slack does (block counts, text lengths, unique
action ids per block) and can be told to answer a method with 429 + Retry-After.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web

BOT_USER = "UBOT0001"
BOT_ID = "BBOT0001"
TEAM = "T0001"


@dataclass
class Call:
    """One recorded Web API call."""

    method: str
    params: dict[str, Any]
    token: str | None
    at: float = field(default_factory=time.monotonic)
    result: dict[str, Any] = field(default_factory=dict)  # what the fake answered

    def blocks(self) -> list[dict[str, Any]]:
        raw = self.params.get("blocks")
        if isinstance(raw, str):
            return list(json.loads(raw))
        return list(raw or [])

    def view(self) -> dict[str, Any]:
        raw = self.params.get("view")
        return dict(json.loads(raw)) if isinstance(raw, str) else dict(raw or {})

    def all_text(self) -> str:
        """Every piece of text Slack would render or notify with, for injection checks."""
        return json.dumps(
            {"text": self.params.get("text"), "blocks": self.blocks()}, ensure_ascii=False
        )


def block_errors(blocks: list[dict[str, Any]], max_blocks: int = 50) -> list[str]:
    """What Slack would reject in these blocks (a subset of its checks that matters here)."""
    errors: list[str] = []
    if len(blocks) > max_blocks:
        errors.append(f"more than {max_blocks} blocks")
    block_ids = [b["block_id"] for b in blocks if "block_id" in b]
    if len(block_ids) != len(set(block_ids)):
        errors.append("duplicate block_id")
    for i, block in enumerate(blocks):
        kind = block.get("type")
        if kind == "section":
            text = (block.get("text") or {}).get("text", "")
            if not 1 <= len(text) <= 3000:
                errors.append(f"block {i}: section text length {len(text)}")
        elif kind == "actions":
            elements = block.get("elements") or []
            ids = [e.get("action_id") for e in elements]
            if not 1 <= len(elements) <= 25:
                errors.append(f"block {i}: {len(elements)} elements")
            if len(ids) != len(set(ids)):
                errors.append(f"block {i}: duplicate action_id {ids}")
            for e in elements:
                if e.get("type") == "button":
                    if not 1 <= len((e.get("text") or {}).get("text", "")) <= 75:
                        errors.append(f"block {i}: button text length")
                    if len(e.get("value", "")) > 2000:
                        errors.append(f"block {i}: button value length")
        elif kind == "header":
            if len((block.get("text") or {}).get("text", "")) > 150:
                errors.append(f"block {i}: header too long")
    return errors


class FakeSlack:
    """The fake server; `await start()`, use `api_url`, `await stop()`."""

    def __init__(self, *, admins: set[str] | None = None, record_params: bool = True) -> None:
        self.calls: list[Call] = []
        self.admins = set(admins or ())
        self.record_params = record_params
        self.blocked_channels: set[str] = set()  # chat.postMessage answers not_in_channel here
        self.tokens: dict[str, tuple[str, str]] = {}  # token → (team, bot user) for OAuth installs
        self.uploads: dict[str, bytes] = {}
        self.memberships: dict[
            str, list[str]
        ] = {}  # user → channels (users.conversations); default C2001
        self._failures: dict[str, list[tuple[int, float, str]]] = {}
        self._ts = itertools.count(1)
        self._changed = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._sockets: list[web.WebSocketResponse] = []
        self.socket_acks: list[dict[str, Any]] = []
        self.port = 0
        self.on_call: Callable[[Call], None] | None = None

    # -------------------------------------------------------------- lifecycle

    async def start(self) -> FakeSlack:
        app = web.Application(client_max_size=50 * 1024**2)
        app.router.add_post("/api/{method}", self._api)
        app.router.add_get("/api/{method}", self._api)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_post("/response/{key}", self._response_url)
        app.router.add_get("/socket", self._socket)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def stop(self) -> None:
        for ws in list(self._sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.base}/api/"

    def response_url(self, key: str = "r1") -> str:
        return f"{self.base}/response/{key}"

    # -------------------------------------------------------------- test controls

    def fail_next(
        self,
        method: str,
        times: int = 1,
        *,
        status: int = 429,
        retry_after: float = 0,
        error: str = "ratelimited",
    ) -> None:
        """Answer the next `times` calls to `method` with an error (429 + Retry-After by default)."""
        self._failures.setdefault(method, []).extend([(status, retry_after, error)] * times)

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[Call]:  # noqa: ASYNC109
        """Wait until `method` has been called `count` times (fails the test after `timeout`)."""

        async def reached() -> list[Call]:
            while len(self.calls_to(method)) < count:
                self._changed.clear()
                await self._changed.wait()
            return self.calls_to(method)

        try:
            return await asyncio.wait_for(reached(), timeout)
        except TimeoutError:
            seen = [c.method for c in self.calls]
            raise AssertionError(f"expected {count} × {method}, saw {seen}") from None

    async def settle(self, quiet: float = 0.3) -> None:
        """Wait until no call has arrived for `quiet` seconds (to assert that nothing more happens)."""
        while True:
            before = len(self.calls)
            await asyncio.sleep(quiet)
            if len(self.calls) == before:
                return

    async def push_socket_event(
        self, payload: dict[str, Any], envelope_id: str, kind: str = "events_api"
    ) -> None:
        """Send an envelope to every connected Socket Mode client."""
        envelope = {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": kind != "events_api",
            "retry_attempt": 0,
            "retry_reason": "",
        }
        for ws in self._sockets:
            await ws.send_str(json.dumps(envelope))

    # -------------------------------------------------------------- handlers

    def _record(self, method: str, params: dict[str, Any], token: str | None) -> Call:
        call = Call(method, params if self.record_params else {}, token)
        self.calls.append(call)
        if self.on_call is not None:
            self.on_call(call)
        self._changed.set()
        return call

    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        ctype = request.content_type
        if ctype == "application/json":
            params.update(await request.json())
        elif ctype == "multipart/form-data":
            form = await request.post()
            params.update({k: v for k, v in form.items() if isinstance(v, str)})
        else:
            params.update(dict(parse_qsl(await request.text())))
        return params

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await self._params(request)
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ").strip() or params.get("token")
        call = self._record(method, params, token)
        failures = self._failures.get(method)
        if failures:
            status, retry_after, error = failures.pop(0)
            headers = {"Retry-After": str(int(retry_after))} if status == 429 else {}
            return web.json_response({"ok": False, "error": error}, status=status, headers=headers)
        handler = getattr(self, "_m_" + method.replace(".", "_"), None)
        body = handler(params, token) if handler else {"ok": True}
        call.result = body
        return web.json_response(body)

    def _team_of(self, token: str | None) -> tuple[str, str]:
        return self.tokens.get(token or "", (TEAM, BOT_USER))

    def _m_auth_test(self, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        if not token:
            return {"ok": False, "error": "not_authed"}
        team, user = self._team_of(token)
        return {
            "ok": True,
            "url": "https://lupbot-test.slack.com/",
            "team": "Test",
            "user": "lupbot",
            "team_id": team,
            "user_id": user,
            "bot_id": BOT_ID,
            "is_enterprise_install": False,
        }

    def _m_chat_postMessage(self, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        channel = str(params.get("channel") or "")
        if not channel:
            return {"ok": False, "error": "channel_not_found"}
        if channel in self.blocked_channels:
            return {"ok": False, "error": "not_in_channel"}
        problems = block_errors(Call("", params, None).blocks())
        if problems:
            return {"ok": False, "error": "invalid_blocks", "errors": problems}
        if len(str(params.get("text") or "")) > 40000:
            return {"ok": False, "error": "msg_too_long"}
        n = next(self._ts)
        ts = f"{1_790_000_000 + n}.{n:06d}"
        return {
            "ok": True,
            "channel": channel,
            "ts": ts,
            "message": {"ts": ts, "text": params.get("text"), "bot_id": BOT_ID},
        }

    def _m_chat_update(self, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        problems = block_errors(Call("", params, None).blocks())
        if problems:
            return {"ok": False, "error": "invalid_blocks", "errors": problems}
        return {"ok": True, "channel": params.get("channel"), "ts": params.get("ts")}

    def _m_chat_getPermalink(self, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        ts = str(params.get("message_ts") or "").replace(".", "")
        return {
            "ok": True,
            "channel": params.get("channel"),
            "permalink": f"https://lupbot-test.slack.com/archives/{params.get('channel')}/p{ts}",
        }

    def _m_views_open(self, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        view = Call("", params, None).view()
        problems = block_errors(view.get("blocks") or [], max_blocks=100)
        if problems or len((view.get("title") or {}).get("text", "")) > 24:
            return {"ok": False, "error": "invalid_arguments", "errors": problems}
        return {"ok": True, "view": {**view, "id": "V0001"}}

    def _m_views_publish(self, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        view = Call("", params, None).view()
        problems = block_errors(view.get("blocks") or [], max_blocks=100)
        if problems:
            return {"ok": False, "error": "invalid_arguments", "errors": problems}
        return {"ok": True, "view": {**view, "id": "V0002"}}

    def _m_users_info(self, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        user = str(params.get("user") or "")
        admin = user in self.admins
        return {
            "ok": True,
            "user": {
                "id": user,
                "name": user.lower(),
                "is_admin": admin,
                "is_owner": False,
                "is_primary_owner": False,
                "is_bot": False,
            },
        }

    def _m_users_conversations(self, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        channels = self.memberships.get(str(params.get("user") or ""), ["C2001"])
        return {
            "ok": True,
            "channels": [{"id": c, "is_channel": True} for c in channels],
            "response_metadata": {"next_cursor": ""},
        }

    def _m_conversations_open(self, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        users = str(params.get("users") or "")
        return {"ok": True, "channel": {"id": "D" + users.split(",")[0][1:]}}

    def _m_oauth_v2_access(self, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        code = str(params.get("code") or "")
        team = "T" + code.upper()[:8]
        bot_token = f"xoxb-{team}-token"
        self.tokens[bot_token] = (team, "U" + team[1:] + "BOT")
        return {
            "ok": True,
            "app_id": "A0001",
            "authed_user": {"id": "UINSTALLER"},
            "scope": "chat:write,commands",
            "token_type": "bot",
            "access_token": bot_token,
            "bot_user_id": "U" + team[1:] + "BOT",
            "team": {"id": team, "name": f"Team {team}"},
            "enterprise": None,
            "is_enterprise_install": False,
        }

    def _m_files_getUploadURLExternal(
        self, params: dict[str, Any], token: str | None
    ) -> dict[str, Any]:
        file_id = f"F{next(self._ts):06d}"
        return {"ok": True, "upload_url": f"{self.base}/upload/{file_id}", "file_id": file_id}

    def _m_files_completeUploadExternal(
        self, params: dict[str, Any], token: str | None
    ) -> dict[str, Any]:
        files = params.get("files")
        files = json.loads(files) if isinstance(files, str) else files or []
        return {"ok": True, "files": [{"id": f.get("id"), "title": f.get("title")} for f in files]}

    def _m_files_info(self, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        return {"ok": True, "file": {"id": params.get("file")}}

    def _m_apps_connections_open(self, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket"}

    async def _upload(self, request: web.Request) -> web.Response:
        file_id = request.match_info["file_id"]
        self.uploads[file_id] = await request.read()
        self._record("upload", {"file_id": file_id, "size": len(self.uploads[file_id])}, None)
        return web.Response(text="OK - " + str(len(self.uploads[file_id])))

    async def _response_url(self, request: web.Request) -> web.Response:
        self._record("response_url", dict(await request.json()), None)
        return web.Response(text="ok")

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_str(
            json.dumps(
                {"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0001"}}
            )
        )
        self._record("socket.connected", {}, None)
        try:
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    data = json.loads(msg.data)
                    self.socket_acks.append(data)
                    self._record("socket.ack", data, None)
        finally:
            self._sockets.remove(ws)
        return ws
