"""QR codes (segno) of a public address (``qmi.outputs.links.public_url``), for posters."""

from __future__ import annotations

import functools
import io

import segno

from qmi import palette


@functools.lru_cache(maxsize=512)  # the PNG and the SVG of a page are made from one code
def _code(url: str) -> segno.QRCode:
    # Level M survives a poster's wear and a phone held at an angle; boost_error keeps it at least M.
    return segno.make_qr(url, error="m")


@functools.lru_cache(maxsize=512)  # pages draw the same codes on every run
def png_bytes(url: str, scale: int = 10) -> bytes:
    buffer = io.BytesIO()
    _code(url).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


@functools.lru_cache(maxsize=512)
def svg_bytes(url: str, scale: int = 10) -> bytes:
    """Vector version for print; black modules on white, no CSS classes."""
    buffer = io.BytesIO()
    _code(url).save(buffer, kind="svg", scale=scale, border=4, xmldecl=True, svgclass=None, lineclass=None,
                    dark=palette.QR_DARK, light=palette.QR_LIGHT)
    return buffer.getvalue()
