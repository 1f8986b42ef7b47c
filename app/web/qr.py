"""QR codes drawn on the server as SVG: no image service, works without internet."""

import io

import segno


def qr_svg(url: str, *, scale: int = 8) -> str:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer, kind="svg", scale=scale, border=2, xmldecl=False, svgns=True,
        title="QR", dark="#000", light="#fff",
    )
    return buffer.getvalue().decode("utf-8")
