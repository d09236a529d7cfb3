"""Chart images through kaleido and Debian's Chromium: the file names what it shows and its source."""

import pytest

from qmi.draw.charts import RadarSeries, radar
from qmi.outputs.images import ImageExportError, figure_bytes


def test_svg_and_png_carry_title_and_footnote():
    figure = radar([RadarSeries("Sceaux", [1, 2, 3, 2, 1], "#1F4E9E")])
    svg = figure_bytes(figure, "svg", 900, 600, title="Sceaux — radar <moyen>",
                       footnote="Source : 004_7cf11ddcf4017a53.txt\nDonnées de démonstration").decode("utf-8")
    assert svg.lstrip().startswith("<svg")
    assert "Sceaux — radar &#60;moyen&#62;" in svg  # shown as typed: plotly would read markup in it
    assert "004_7cf11ddcf4017a53.txt" in svg and "Données de démonstration" in svg
    assert "Traction" in svg and "commerciale" in svg  # the chart itself


def test_unknown_format_and_missing_browser(monkeypatch):
    figure = radar([RadarSeries("Sceaux", [1, 2, 3, 2, 1], "#1F4E9E")])
    with pytest.raises(ValueError):
        figure_bytes(figure, "gif")
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    with pytest.raises(ImageExportError):
        figure_bytes(figure, "png")
