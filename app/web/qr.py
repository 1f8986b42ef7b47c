"""QR codes drawn on the server as SVG: no image service, works without internet."""

import io

import segno


def qr_svg(url: str, *, scale: int = 8, fit: bool = False) -> str:
    """fit: no width and height but a viewBox, so that CSS sizes the code (a badge's or a
    route card's millimetres) instead of cutting it off."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer, kind="svg", scale=scale, border=2, xmldecl=False, svgns=True,
        title="QR", dark="#000", light="#fff", omitsize=fit,
    )
    return buffer.getvalue().decode("utf-8")
