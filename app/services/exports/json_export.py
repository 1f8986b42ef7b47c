"""The JSON export: the archive's data (`services.archive.dump`) as a file, streamed.

Exporting a restored café again gives the same file, byte for byte.
"""

import json
from collections.abc import Iterator

from app.models import Cafe
from app.services.archive.dump import cafe_json

CHUNK = 64 * 1024


def json_chunks(cafe: Cafe, anonymous: bool = False) -> Iterator[str]:
    """The file in pieces of about CHUNK characters, as the encoder writes it."""
    data = cafe_json(cafe, anonymous)

    def pieces() -> Iterator[str]:
        buffer, size = [], 0
        for piece in json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(data):
            buffer.append(piece)
            size += len(piece)
            if size >= CHUNK:
                yield "".join(buffer)
                buffer, size = [], 0
        buffer.append("\n")
        yield "".join(buffer)

    return pieces()


def json_text(cafe: Cafe, anonymous: bool = False) -> str:
    return "".join(json_chunks(cafe, anonymous))
