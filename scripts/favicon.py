"""Writes static/favicon.ico (32 and 16 px PNGs) to match static/favicon.svg, without tools
beyond Python: a white «E» on the site's blue. Run it after changing the design."""

import struct
import zlib
from pathlib import Path

BLUE = (10, 74, 140, 255)
WHITE = (255, 255, 255, 255)
CLEAR = (0, 0, 0, 0)


def pixel(x: float, y: float) -> tuple[int, int, int, int]:
    """The colour at (x, y) in a 0..1 square: rounded blue square, the E's bars in white."""
    r = 0.18
    cx, cy = min(max(x, r), 1 - r), min(max(y, r), 1 - r)
    if (x - cx) ** 2 + (y - cy) ** 2 > r * r:
        return CLEAR
    stem = 0.28 <= x <= 0.42 and 0.2 <= y <= 0.8
    bars = 0.28 <= x <= 0.74 and (0.2 <= y <= 0.33 or 0.435 <= y <= 0.565 or 0.67 <= y <= 0.8)
    return WHITE if stem or bars else BLUE


def png(size: int) -> bytes:
    rows = b"".join(
        b"\x00"
        + b"".join(bytes(pixel((x + 0.5) / size, (y + 0.5) / size)) for x in range(size))
        for y in range(size)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def ico(sizes=(32, 16)) -> bytes:
    images = [png(size) for size in sizes]
    offset = 6 + 16 * len(images)
    entries = b""
    for size, image in zip(sizes, images, strict=True):
        entries += struct.pack("<BBBBHHII", size, size, 0, 0, 1, 32, len(image), offset)
        offset += len(image)
    return struct.pack("<HHH", 0, 1, len(images)) + entries + b"".join(images)


if __name__ == "__main__":
    static = Path(__file__).resolve().parents[1] / "static"
    (static / "favicon.ico").write_bytes(ico())
    (static / "apple-touch-icon.png").write_bytes(png(180))
