"""Labels from the French record have an English version; French stays the record's wording."""

import csv

from qmi.config import REFERENCE_DIR
from qmi.domain.scoring import criteria, deployment_label
from qmi.draw.charts import RadarSeries, radar
from qmi.i18n.labels import challenge_name, edition_name, family_name


def _codes(name: str) -> list[dict[str, str]]:
    with open(REFERENCE_DIR / name, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_french_criteria_are_the_record_and_english_ones_are_translated():
    french, english = criteria(), criteria("en")
    assert [c.name for c in french][0] == "Expérimentation déployée"
    assert [c.code for c in french] == [c.code for c in english]
    for fr, en in zip(french, english):
        assert fr.name != en.name
        assert len(en.labels) == 4 and all(en.labels)
    assert english[0].labels[3] == "Test succeeded"


def test_deployment_labels_follow_the_language():
    assert deployment_label(2) == "Test lancé"
    assert deployment_label(2, lang="en") == "Test under way"
    assert deployment_label(None, True, "en") == "Abandoned"
    assert deployment_label(None, lang="en") == "Status unknown"
    assert deployment_label(None) == "Statut inconnu"


def test_every_challenge_family_and_edition_of_the_record_has_an_english_name():
    for row in _codes("challenges.csv"):
        assert challenge_name(row["code"], "fr", row["name"]) == row["name"]
        assert challenge_name(row["code"], "en", row["name"]) not in ("", row["code"])
    for row in _codes("families.csv"):
        assert family_name(row["code"], "en", row["name"]) != row["code"]
    assert edition_name(2, "en", "Édition 2") == "Edition 2"
    # an edition staff opened in the app is stored as « Édition 3 » only: its name still follows the language
    assert (edition_name(3, "en", "Édition 3"), edition_name(3, "fr")) == ("Edition 3", "Édition 3")
    assert challenge_name("nouveau-defi", "en", "Nouveau défi") == "Nouveau défi"
    assert family_name(float("nan"), "en", float("nan")) == ""  # a missing family never prints « nan »


def test_english_radar_names_its_axes_in_english():
    figure = radar([RadarSeries("X", [1, 2, 3, 2, 1], "#000000")], lang="en")
    axes = [name.replace("<br>", " ") for name in figure.data[0].theta]
    assert "Commercial traction" in axes
    assert "Traction commerciale" not in axes
