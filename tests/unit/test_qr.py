"""QR codes decode to the page they promise.

Decoding uses zxing-cpp (a real, independent QR reader shipped as a wheel, pinned in
requirements-dev.txt), so a code that encodes the wrong text, is cut, or is unreadable fails.
The SVG is read back by drawing its module path onto a bitmap first.
"""

import io
import re

import zxingcpp
from PIL import Image, ImageDraw

from qmi.config import get_settings
from qmi.outputs import links, qr


def _decode(image: Image.Image) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(image)]


def _svg_to_image(svg: bytes, scale: int = 8) -> Image.Image:
    """segno's SVG: one path of horizontal strokes (M/m moves, h draws) over a white square."""
    text = svg.decode("utf-8")
    side = int(re.search(r'width="(\d+)"', text).group(1)) // 10  # modules (svg drawn at scale 10)
    path = re.search(r'stroke="#000" d="([^"]+)"', text).group(1)
    image = Image.new("L", (side * scale, side * scale), 255)
    draw = ImageDraw.Draw(image)
    x = y = 0.0
    for command, args in re.findall(r"([MmHh])([^MmHh]+)", path):
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", args)]
        if command == "M":
            x, y = numbers
        elif command == "m":
            x, y = x + numbers[0], y + numbers[1]
        elif command == "h":
            row = int(y)  # strokes run through the middle of a module row (y + 0.5)
            draw.rectangle([x * scale, row * scale, (x + numbers[0]) * scale - 1, (row + 1) * scale - 1], fill=0)
            x += numbers[0]
    return image


def test_commune_url_uses_the_configured_public_base_over_the_address_opened(monkeypatch):
    monkeypatch.setenv("QMI_PUBLIC_BASE_URL", "https://qmi.example.org/tableau/")
    base = links.public_base(get_settings().public_base_url, "http://localhost:8501/communes")
    assert links.public_url("commune", "92071", base) == "https://qmi.example.org/tableau/communes?commune=92071"
    assert links.public_url("experimentation", "pelican", base, lang="en") == (
        "https://qmi.example.org/tableau/experimentations?experimentation=pelican&lang=en"
    )


def test_png_decodes_to_the_commune_page():
    url = links.public_url("commune", "93005", "https://qmi.example.org")
    assert _decode(Image.open(io.BytesIO(qr.png_bytes(url)))) == ["https://qmi.example.org/communes?commune=93005"]


def test_svg_decodes_to_the_experiment_page():
    url = links.public_url("experimentation", "purple-alternative-surface", "https://qmi.example.org")
    svg = qr.svg_bytes(url)
    assert svg.startswith(b"<?xml")
    assert _decode(_svg_to_image(svg)) == [url]


def test_two_pages_give_two_different_codes():
    first = qr.png_bytes(links.public_url("commune", "92071", "https://a.example"))
    second = qr.png_bytes(links.public_url("commune", "92049", "https://a.example"))
    assert first != second
    assert _decode(Image.open(io.BytesIO(second))) == ["https://a.example/communes?commune=92049"]
