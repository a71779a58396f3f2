"""Files in Teams: bots may send them only in personal chat, through a file consent card.

The user accepts, Teams gives an upload URL in their OneDrive, and the bot PUTs the bytes there.
The file travels inside the card's accept context, so no instance needs to remember it (small
files only: a gathering's .ics is about one kilobyte).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

import aiohttp

from handlers.messages import Attachment, Lang

FILE_CONSENT_CONTENT_TYPE = "application/vnd.microsoft.teams.card.file.consent"
FILE_INFO_CONTENT_TYPE = "application/vnd.microsoft.teams.card.file.info"
MAX_INLINE_FILE_BYTES = 24 * 1024
UPLOAD_TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class PendingFile:
    """A file offered on a consent card, as carried in its accept context."""

    filename: str
    content: bytes
    mime_type: str
    lang: Lang


def consent_card(attachment: Attachment, description: str, lang: Lang) -> dict[str, Any]:
    """The content of a FileConsentCard that carries the file itself in its context."""
    context = {
        "filename": attachment.filename,
        "mime": attachment.mime_type,
        "lang": lang,
        "data": base64.b64encode(attachment.content).decode("ascii"),
    }
    return {
        "description": description,
        "sizeInBytes": len(attachment.content),
        "acceptContext": context,
        "declineContext": {"filename": attachment.filename, "lang": lang},
    }


def pending_file(context: Any) -> PendingFile | None:
    """The file back from an accept context; None when the context is not one of ours."""
    if not isinstance(context, dict):
        return None
    filename, data, mime = context.get("filename"), context.get("data"), context.get("mime")
    if not isinstance(filename, str) or not isinstance(data, str) or not isinstance(mime, str):
        return None
    try:
        content = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        return None
    if len(content) > MAX_INLINE_FILE_BYTES:
        return None
    lang: Lang = "en" if context.get("lang") == "en" else "nb"
    return PendingFile(filename=filename, content=content, mime_type=mime, lang=lang)


def context_lang(context: Any) -> Lang:
    return "en" if isinstance(context, dict) and context.get("lang") == "en" else "nb"


def context_filename(context: Any) -> str:
    name = context.get("filename") if isinstance(context, dict) else None
    return name if isinstance(name, str) else "?"


async def upload(upload_url: str, content: bytes) -> None:
    """PUT the whole file to the OneDrive upload session Teams created; raises on failure."""
    size = len(content)
    headers = {"Content-Length": str(size), "Content-Range": f"bytes 0-{max(size - 1, 0)}/{size}"}
    timeout = aiohttp.ClientTimeout(total=UPLOAD_TIMEOUT_SECONDS)
    async with (
        aiohttp.ClientSession(timeout=timeout) as session,
        session.put(upload_url, data=content, headers=headers) as response,
    ):
        if response.status >= 300:
            raise OSError(f"upload refused with HTTP {response.status}")
