"""Every colour is named in qmi/palette.py: the charts, the map, the PDF and the pages' style sheets read it."""

import re

from qmi import palette
from qmi.config import ROOT

HEX = re.compile(r"#[0-9A-Fa-f]{6}\b|#[0-9A-Fa-f]{3}\b")


def test_no_colour_is_typed_outside_the_palette():
    files = [*(ROOT / "qmi").rglob("*.py"), *(ROOT / "pages").glob("*.py"), ROOT / "app.py"]
    typed = [f"{p.relative_to(ROOT)}:{n}" for p in files if p.name != "palette.py"
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if HEX.search(line)]
    assert typed == []


def test_the_style_sheets_draw_the_demo_marker_and_slides_in_the_palettes_colours():
    from qmi.ui import styles

    demo = re.search(r"\.qmi-demo \{([^}]*)\}", styles.BASE).group(1)
    assert palette.DEMO_FILL in demo and palette.DEMO_TEXT in demo and palette.DEMO_BORDER in demo
    assert f"color: {palette.EDITION_COLORS[2]}" in re.search(r"\.qmi-slide-commune \{([^}]*)\}", styles.SLIDES).group(1)
