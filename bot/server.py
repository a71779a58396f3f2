"""The one aiohttp application: /healthz plus the platform endpoints that are configured."""

from __future__ import annotations

import logging

from aiohttp import web

from bot.composition import Services

log = logging.getLogger(__name__)

SERVICES_KEY = web.AppKey("services", Services)


async def healthz(request: web.Request) -> web.Response:
    """Liveness plus a database round trip, so a load balancer sees a broken database."""
    services = request.app[SERVICES_KEY]
    try:
        async with services.db.session() as session:
            from sqlalchemy import text

            await session.execute(text("SELECT 1"))
    except Exception as exc:  # the health check reports, it does not raise
        log.warning("health check: database unavailable: %s", exc)
        return web.json_response({"status": "error", "database": "unavailable"}, status=503)
    return web.json_response(
        {"status": "ok", "articles": len(services.kb.articles), "checklists": len(services.kb.checklists)}
    )


def build_app(services: Services) -> web.Application:
    """One application for every path; adapters add their routes to it."""
    app = web.Application(client_max_size=1024**2)
    app[SERVICES_KEY] = services
    app.router.add_get("/healthz", healthz)
    if services.slack is not None:
        from bot.slack import SlackAdapter

        SlackAdapter(services, services.slack).mount(app)
    else:
        from bot.slack_connection import slack_setup_problem

        if problem := slack_setup_problem(services.settings):
            log.warning(problem)
    if services.teams is not None:
        services.teams.mount(app)  # POST /api/messages
    return app
