"""Uploaded files, refused by their announced size before a byte of them is read."""

from flask import request
from flask_babel import lazy_gettext as _l

from app.services.errors import ServiceError


def file_bytes(field: str, max_bytes: int) -> bytes | None:
    """The bytes of the uploaded file `field`, None when the form holds none.

    A body larger than max_bytes, or of unknown size (no Content-Length, as in a chunked
    upload), is refused with 413 unread: reading and parsing it first would let anyone keep
    the server busy with uploads nobody can use.
    """
    size = request.content_length
    if size is None or size > max_bytes:
        raise ServiceError(
            "too_large",
            _l("The file is too large: this page takes files of up to %(size)s MB.",
               size=f"{max_bytes / 1_000_000:g}"),
            status=413,
        )
    # Werkzeug's own bound is the app-wide MAX_CONTENT_LENGTH; this upload has its own.
    request.max_content_length = max_bytes
    upload = request.files.get(field)
    return upload.read() if upload else None
