"""A local stand-in for the Bot Framework connector (the activity's serviceUrl), recording every call.

Implements what lupbot calls: `POST /v3/conversations/{id}/activities[/{replyTo}]`,
`PUT /v3/conversations/{id}/activities/{id}`, `POST /v3/conversations`, plus `PUT /upload/{name}`
standing in for a OneDrive upload session. Failures can be queued (e.g. 429 with Retry-After).
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class Call:
    """One request the fake received."""

    kind: str  # "send" | "reply" | "update" | "create" | "upload"
    conversation: str | None
    activity_id: str | None
    body: Any
    headers: dict[str, str]
    status: int

    @property
    def card(self) -> dict[str, Any]:
        """The first Adaptive Card attached to the activity (fails the test if there is none)."""
        for attachment in self.body.get("attachments") or []:
            if attachment.get("contentType") == "application/vnd.microsoft.card.adaptive":
                return attachment["content"]
        raise AssertionError(f"no Adaptive Card in {self.body!r}")

    @property
    def card_text(self) -> str:
        return "\n".join(
            b.get("text", "") for b in self.card["body"] if b.get("type") == "TextBlock"
        )

    def actions(self) -> list[dict[str, Any]]:
        card = self.card
        found = list(card.get("actions") or [])
        for block in card["body"]:
            if block.get("type") == "ActionSet":
                found.extend(block["actions"])
        return found


@dataclass
class Failure:
    status: int
    retry_after: str | None = None
    kinds: tuple[str, ...] = ("send", "reply", "update", "create")


@dataclass
class FakeConnector:
    """The fake's state: recorded calls and queued failures."""

    calls: list[Call] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    url: str = ""
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _runner: web.AppRunner | None = None

    def fail_next(
        self,
        status: int,
        *,
        retry_after: str | None = None,
        times: int = 1,
        kinds: tuple[str, ...] = ("send", "reply", "update", "create"),
    ) -> None:
        self.failures.extend(Failure(status, retry_after, kinds) for _ in range(times))

    def ok(self, kind: str | None = None) -> list[Call]:
        """Successful calls, optionally of one kind."""
        return [c for c in self.calls if c.status < 300 and (kind is None or c.kind == kind)]

    async def wait_for(
        self, predicate: Callable[[list[Call]], bool], within: float = 5.0
    ) -> list[Call]:
        """Poll until `predicate(calls)` holds (behaviour, not time); fails after `within` seconds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while not predicate(self.calls):
            if loop.time() > deadline:
                raise AssertionError(f"fake connector never saw the expected calls: {self.calls!r}")
            await asyncio.sleep(0.01)
        return self.calls

    async def start(self) -> FakeConnector:
        app = web.Application()
        app.router.add_post("/v3/conversations", self._create)
        app.router.add_post("/v3/conversations/{conversation}/activities", self._activity)
        app.router.add_post(
            "/v3/conversations/{conversation}/activities/{activity}", self._activity
        )
        app.router.add_put("/v3/conversations/{conversation}/activities/{activity}", self._activity)
        app.router.add_put("/upload/{name}", self._upload)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{port}/"
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def _failure_for(self, kind: str) -> Failure | None:
        for failure in self.failures:
            if kind in failure.kinds:
                self.failures.remove(failure)
                return failure
        return None

    async def _record(self, request: web.Request, kind: str, body: Any) -> web.Response | None:
        failure = self._failure_for(kind)
        status = failure.status if failure else 200
        self.calls.append(
            Call(
                kind,
                request.match_info.get("conversation"),
                request.match_info.get("activity"),
                body,
                dict(request.headers),
                status,
            )
        )
        if failure is None:
            return None
        headers = {"Retry-After": failure.retry_after} if failure.retry_after is not None else {}
        return web.json_response(
            {"error": {"code": "Throttled", "message": "fake failure"}},
            status=failure.status,
            headers=headers,
        )

    async def _activity(self, request: web.Request) -> web.Response:
        if request.method == "PUT":
            kind = "update"
        else:
            kind = "reply" if "activity" in request.match_info else "send"
        body = await request.json()
        refused = await self._record(request, kind, body)
        if refused is not None:
            return refused
        activity_id = (
            request.match_info["activity"]
            if kind == "update"
            else f"bot-activity-{next(self._ids)}"
        )
        return web.json_response({"id": activity_id})

    async def _create(self, request: web.Request) -> web.Response:
        body = await request.json()
        refused = await self._record(request, "create", body)
        if refused is not None:
            return refused
        return web.json_response(
            {"id": f"a:personal-created-{next(self._ids)}", "activityId": None}
        )

    async def _upload(self, request: web.Request) -> web.Response:
        content = await request.read()
        refused = await self._record(request, "upload", content)
        if refused is not None:
            return refused
        return web.json_response(
            {"id": "drive-item-1", "name": request.match_info["name"]}, status=201
        )


def dumps(body: Any) -> str:
    return json.dumps(body, ensure_ascii=False)
