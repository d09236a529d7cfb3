"""QR codes (segno) pointing at the public pages of a commune or an experiment, for posters."""

from __future__ import annotations

import functools
import io

import segno

from qmi import palette
from qmi.config import get_settings
from qmi.outputs import links

PAGE_PATHS = {"commune": links.COMMUNES, "experimentation": links.EXPERIMENTS}


def page_url(kind: str, key: str, lang: str = "fr", base: str | None = None) -> str:
    """Public address of a commune (kind "commune", INSEE code) or experiment ("experimentation", slug).

    ``base`` defaults to the configured public base URL (``QMI_PUBLIC_BASE_URL``).
    """
    base = base if base is not None else get_settings().public_base_url
    return links.page_url(PAGE_PATHS[kind], base, lang, **{kind: key})


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
