"""The comparison chart of one indicator across experiments."""

from qmi.draw.indicator_charts import Compared, comparison


def test_bars_keep_their_order_targets_are_diamonds_and_demo_values_are_hatched():
    items = [
        Compared("Mube", "Sceaux", 3.2, "3,2 °C", "#1F4E9E", demo=True, target=3.0, target_text="Cible : 3 °C"),
        Compared("<b>Jardin</b>", "Sceaux", 1.1, "1,1 °C", "#1F4E9E", demo=False),
    ]
    figure = comparison(items, "Dernière valeur (°C)", "Cible", "valeur de démonstration")
    bars, targets = figure.data
    assert list(bars.x) == [3.2, 1.1]
    assert list(bars.marker.pattern.shape) == ["/", ""]
    assert "&lt;b&gt;Jardin&lt;/b&gt;" in bars.y[1]  # typed text is never drawn as HTML
    assert targets.marker.symbol == "diamond" and list(targets.x) == [3.0]
    assert list(figure.layout.yaxis.categoryarray)[-1] == bars.y[0]  # first item on top
    assert "démonstration" in figure.layout.xaxis.title.text
