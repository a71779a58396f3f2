"""The Teams app icons, drawn in code as PNGs (no image files or libraries to ship).

Teams wants a 192×192 full-colour icon and a 32×32 outline icon that is white on transparent.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable

Pixel = tuple[int, int, int, int]
ACCENT = (0x0B, 0x5C, 0x8A)  # lupbot blue
WHITE: Pixel = (255, 255, 255, 255)
CLEAR: Pixel = (0, 0, 0, 0)


def png(width: int, height: int, pixel: Callable[[int, int], Pixel]) -> bytes:
    """An RGBA PNG whose pixel (x, y) is `pixel(x, y)`."""
    rows = b"".join(
        b"\x00" + bytes(channel for x in range(width) for channel in pixel(x, y))
        for y in range(height)
    )

    def chunk(tag: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + tag
            + data
            + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def _rounded_rect(
    x: float, y: float, left: float, top: float, right: float, bottom: float, r: float
) -> bool:
    if not (left <= x <= right and top <= y <= bottom):
        return False
    nearest_x = min(max(x, left + r), right - r)
    nearest_y = min(max(y, top + r), bottom - r)
    return (x - nearest_x) ** 2 + (y - nearest_y) ** 2 <= r * r


def _bubble(x: float, y: float) -> bool:
    """A speech bubble with an "L" cut out, on a unit square (0..1): the mark of both icons."""
    body = _rounded_rect(x, y, 0.14, 0.16, 0.86, 0.68, 0.12)
    tail = 0.26 <= x <= 0.44 and 0.66 <= y <= 0.86 and (y - 0.66) <= (0.44 - x) * 1.1
    letter = (0.36 <= x <= 0.47 and 0.26 <= y <= 0.58) or (0.36 <= x <= 0.66 and 0.48 <= y <= 0.58)
    return (body or tail) and not letter


def color_icon(size: int = 192) -> bytes:
    """The full-colour icon: a white bubble on the accent colour, edge to edge."""
    background: Pixel = (*ACCENT, 255)

    def pixel(x: int, y: int) -> Pixel:
        return WHITE if _bubble((x + 0.5) / size, (y + 0.5) / size) else background

    return png(size, size, pixel)


def outline_icon(size: int = 32) -> bytes:
    """The outline icon: the same bubble, pure white on transparent."""

    def pixel(x: int, y: int) -> Pixel:
        return WHITE if _bubble((x + 0.5) / size, (y + 0.5) / size) else CLEAR

    return png(size, size, pixel)
