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


WCAG_TEXT = 4.5  # WCAG 2.1 AA, 1.4.3: normal text
WCAG_LARGE_TEXT = 3.0  # 24 px, or 18.7 px bold


def test_contrast_is_the_wcag_ratio():
    assert round(palette.contrast("#000", "#FFFFFF"), 1) == 21.0
    assert palette.contrast(palette.TEXT, palette.TEXT) == 1.0
    assert round(palette.contrast("#767676", palette.WHITE), 2) == 4.54  # the lightest grey that passes on white


def test_every_text_colour_reads_on_its_background():
    pairs = {
        "text on white": (palette.TEXT, palette.WHITE),
        "captions, sources on white": (palette.MUTED_TEXT, palette.WHITE),
        "muted text on the light fill": (palette.MUTED_TEXT, palette.BACKGROUND_FILL),
        "big figures": (palette.EDITION_COLORS[1], palette.WHITE),
        "demo marker": (palette.DEMO_TEXT, palette.DEMO_FILL),
        "proposed marker": (palette.PROPOSED_TEXT, palette.PROPOSED_FILL),
        "skip links": (palette.TEXT, palette.WHITE),
    }
    low = {name: round(palette.contrast(*pair), 2) for name, pair in pairs.items() if palette.contrast(*pair) < WCAG_TEXT}
    assert low == {}
    # The slide's commune name is 2.6 rem bold: large text.
    assert palette.contrast(palette.EDITION_COLORS[2], palette.WHITE) >= WCAG_LARGE_TEXT


def test_text_drawn_on_a_colour_is_in_whichever_of_text_or_white_reads_on_it():
    """Badges, bars and slices that carry text (the sequential scale carries none: bar values sit outside)."""
    fills = {**{f"status {k}": v for k, v in palette.STATUS_COLORS.items()},
             **{f"edition {k}": v for k, v in palette.EDITION_COLORS.items()},
             **{f"challenge {k}": v for k, v in palette.CHALLENGE_COLORS.items()},
             "unclassified": palette.UNCLASSIFIED_COLOR}
    low = {name: round(palette.contrast(palette.text_on(fill), fill), 2) for name, fill in fills.items()
           if palette.contrast(palette.text_on(fill), fill) < WCAG_TEXT}
    assert low == {}
    assert palette.text_on("#FFFF00") == palette.TEXT and palette.text_on(palette.EDITION_COLORS[1]) == palette.WHITE


def test_streamlit_s_theme_and_the_focus_outline_use_the_palette():
    import tomllib

    theme = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["theme"]
    assert theme["textColor"] == palette.TEXT and theme["primaryColor"] == palette.EDITION_COLORS[1]
    assert palette.contrast(palette.FOCUS, palette.WHITE) >= WCAG_LARGE_TEXT  # 1.4.11: a control's outline


def test_chart_axes_and_legends_are_in_the_text_colour():
    from qmi.draw import charts

    figure = charts.bars([charts.Bar("Kunagi", 9, "9 / 15", palette.EDITION_COLORS[1], "Édition 1")], "Indice")
    layout = figure.layout
    assert {layout.xaxis.tickfont.color, layout.xaxis.title.font.color, layout.yaxis.tickfont.color,
            layout.legend.font.color} == {palette.TEXT}
