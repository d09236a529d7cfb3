"""The « Fraîcheur des indicateurs » page: per commune, per experiment, per indicator; filters in the URL; demo
marked; the default periodicity said as a default; English; the protocol editor's periodicity and lag."""

from __future__ import annotations

import html

import pytest
from sqlmodel import Session, select

from qmi.models import AuditLog, Project, ProtocolIndicator
from tests.pages.conftest import account, assert_no_exception, open_as, open_page, rendered_text

pytestmark = pytest.mark.usefixtures("light_hashing")


def frames(at) -> list:
    return [frame.value for frame in at.dataframe]


def drawn(at) -> str:
    return html.unescape(" ".join(rendered_text(at)))


def test_the_page_gives_the_share_up_to_date_per_commune_and_asks_for_a_commune_before_each_indicator(demo_store):
    at = open_page("pages/freshness.py")
    assert_no_exception(at)
    text = drawn(at)
    assert "Fraîcheur des indicateurs" in text and "Part à jour" in text and "Par commune" in text
    assert at.warning and "illustratives" in at.warning[0].value  # the demo protocols are marked
    communes = frames(at)[0]
    assert {"Meudon", "Sceaux", "Noisy-le-Grand"} <= set(communes["Commune"])
    assert "Choisissez une commune ou une expérimentation" in text


def test_a_commune_in_the_url_lists_its_experiments_and_each_indicator_with_its_state_and_periodicity(demo_store):
    at = open_page("pages/freshness.py", commune="92048")
    assert_no_exception(at)
    assert at.selectbox(key="freshness_commune").value == "92048"
    tables = frames(at)
    experiments, indicators = tables[1], tables[2]
    assert "Pelican" in set(experiments["Expérimentation"]) and set(experiments["Commune"]) == {"Meudon"}
    assert {"Trimestrielle", "Annuelle"} <= set(indicators["Périodicité"])
    assert "En retard" in set(indicators["État"]) and any(d.endswith("mois") for d in indicators["Retard"])


def test_an_experiment_in_the_url_shows_its_indicators_only(demo_store):
    at = open_page("pages/freshness.py", experimentation="pelican")
    assert_no_exception(at)
    indicators = frames(at)[-1]
    assert set(indicators["Expérimentation"]) == {"Pelican"} and len(indicators) == 4
    at.selectbox(key="freshness_experiment").select(None).run()
    assert "experimentation" not in at.query_params


def test_the_records_row_says_its_periodicity_is_a_default_and_never_entered(record_store):
    at = open_page("pages/freshness.py", commune="93051")
    assert_no_exception(at)
    indicators = frames(at)[-1]
    [row] = indicators.to_dict("records")
    assert row["Périodicité"] == "Trimestrielle (par défaut, à confirmer)"
    assert row["État"] == "Non saisi" and row["Retard"] != "–" and row["Dernière période saisie"] == "jamais"
    assert not at.warning  # nothing demo
    assert "aucune source ne donne la périodicité" in drawn(at)


def test_in_english(demo_store):
    at = open_page("pages/freshness.py", commune="92048", lang="en")
    assert_no_exception(at)
    text = drawn(at)
    assert "Indicator freshness" in text and "Share up to date" in text
    indicators = frames(at)[-1]
    assert "Late" in set(indicators["State"]) and any(d.endswith("months") for d in indicators["Delay"])


def pelican(store) -> int:
    with Session(store) as session:
        return session.exec(select(Project.id).where(Project.slug == "pelican")).one()


def test_staff_set_the_periodicity_and_lag_in_the_protocol_editor_and_it_is_audited(demo_store):
    staff = account(demo_store, "staff.fresh", "staff")
    at = open_as("pages/indicators.py", staff, vue="protocoles", experimentation="pelican")
    assert_no_exception(at)
    at.selectbox(key="protocol_indicator_pelican").select("MOB-CARGO-KM").run()
    at.selectbox(key="protocol_periodicity_pelican_MOB-CARGO-KM").select("monthly")
    at.number_input(key="protocol_lag_pelican_MOB-CARGO-KM").set_value(10)
    at.button(key="FormSubmitter:protocol_form_pelican_MOB-CARGO-KM-Enregistrer").click().run()
    assert_no_exception(at)
    with Session(demo_store) as session:
        row = session.exec(select(ProtocolIndicator).where(ProtocolIndicator.project_id == pelican(demo_store),
                                                           ProtocolIndicator.indicator_code == "MOB-CARGO-KM")).one()
        entry = session.exec(select(AuditLog).where(AuditLog.action == "protocol.update")).one()
    assert (row.periodicity, row.availability_lag_days, row.periodicity_is_default, row.is_demo) == ("monthly", 10, False, False)
    assert entry.username == "staff.fresh" and '"periodicity": "monthly"' in entry.after_json


HOSTILE = "**x** <b>y</b> [l](javascript:alert(1))"


def test_a_typed_experiment_name_is_shown_as_typed(demo_store):
    with Session(demo_store) as session:
        row = session.exec(select(Project).where(Project.slug == "pelican")).one()
        row.name = HOSTILE
        session.add(row)
        session.commit()
    at = open_page("pages/freshness.py", experimentation="pelican")
    assert_no_exception(at)
    assert HOSTILE in set(frames(at)[-1]["Expérimentation"])
    [link] = [link for link in at.get("page_link") if "Meudon" in link.proto.label]
    assert "<b>" not in link.proto.label and "[l](" not in link.proto.label and "**" not in link.proto.label


def test_the_map_colours_the_communes_by_their_indicators_up_to_date_and_links_to_the_page(demo_store):
    at = open_page("pages/map.py", couleur="freshness")
    assert_no_exception(at)
    assert at.radio(key="carte_couleur").value == "freshness"
    assert "Indicateurs à jour au" in drawn(at)
    assert any(link.proto.page.endswith("fraicheur") or "Fraîcheur" in link.proto.label for link in at.get("page_link"))
    assert at.warning and "illustratives" in at.warning[0].value  # the demo protocols' figures are marked
    assert not at.date_input  # freshness is today's: no « Statuts au » date that would not apply
    assert open_page("pages/map.py", couleur="deployment").date_input  # the statuses keep theirs
