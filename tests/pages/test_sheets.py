"""The evaluation sheet page (« fiche ») and « Toutes les évaluations »."""

from __future__ import annotations

from sqlalchemy import delete, select, update

from qmi.db import write_session
from qmi.i18n.formatting import literal
from qmi.models import Assessment, AssessorScore, Project
from tests.pages.conftest import assert_no_exception, assert_no_file_name, open_page, rendered_text

HOSTILE = "**x** <b>y</b> [l](javascript:alert(1))"


def _text(at) -> str:
    return " ".join(rendered_text(at))


def test_the_sheet_shows_identity_steps_radar_indicators_sources_and_the_demo_marker(demo_store):
    at = open_page("pages/sheet.py", experimentation="pelican")
    assert_no_exception(at)
    text = _text(at)
    assert at.title[0].value == "Pelican"
    for fact in ("Pelican Cycle", "Meudon", "Étapes", "Indice de réplicabilité : 12 / 15", "Indicateurs du protocole",
                 "Émissions de CO₂ évitées", "Belle histoire — ", "Indice calculé sur : consolidé.", "Niveau de preuve",
                 "Niveau 5 · ", "Essaimé vers Argenteuil — Pelican à Argenteuil"):
        assert fact in text, fact
    assert any("illustratives" in w.value for w in at.warning)  # the demo notice
    assert any("Plus d'un point d'écart entre évaluateurs : Traction commerciale" in w.value for w in at.warning)
    assert [b.label for b in at.get("download_button") if "PDF" in b.label] == ["Télécharger la fiche (PDF)"]
    table = next(t.value for t in at.table if "Progression" in t.value.columns)  # four columns: a phone shows a row whole
    assert list(table.columns) == ["Indicateur", "Référence → dernière valeur → cible", "Progression", "Démonstration"]
    assert "2,8 → 9,8 → 10,6" in list(table["Référence → dernière valeur → cible"])
    assert "90\u00a0% · En bonne voie" in list(table["Progression"])  # a no-break space before %
    assert_no_file_name(at)


def test_the_sheet_in_english(demo_store):
    at = open_page("pages/sheet.py", experimentation="pelican", lang="en")
    assert_no_exception(at)
    text = _text(at)
    assert "Protocol indicators" in text and "Replicability index: 12 / 15" in text and "Download the sheet (PDF)" in text
    assert "Indicateurs du protocole" not in text


def test_a_sheet_with_nothing_measured_says_so_without_a_radar(record_store):
    at = open_page("pages/sheet.py", experimentation="pelican")
    assert_no_exception(at)
    assert any("Rien n'a encore été mesuré" in i.value for i in at.info)
    assert not at.get("plotly_chart")
    assert not any("illustratives" in w.value for w in at.warning)


def test_an_unknown_slug_is_a_plain_message(demo_store):
    at = open_page("pages/sheet.py", experimentation="**nope**<script>")
    assert_no_exception(at)
    assert [w.value for w in at.warning] == ["Aucune fiche pour l'expérimentation « nopescript » : elle n'existe pas ou "
                                             "n'est plus publiée."]
    bare = open_page("pages/sheet.py")
    assert any("Choisissez une expérimentation" in i.value for i in bare.info)


def test_markdown_typed_in_the_fields_is_shown_literally(demo_store):
    with write_session(demo_store) as session:
        session.execute(update(Project).where(Project.slug == "pelican")
                        .values(name=HOSTILE, organisation=HOSTILE, description=HOSTILE, type_tags=HOSTILE))
    at = open_page("pages/sheet.py", experimentation="pelican")
    assert_no_exception(at)
    drawn = [m.value for m in at.markdown] + [t.value for t in at.title]
    assert not any("<b>y</b>" in v or "](javascript" in v for v in drawn)  # every one escaped
    shown = literal(HOSTILE)  # the typed text with every Markdown and HTML character as an entity
    assert sum(shown in v for v in drawn) >= 3  # title, identity, description


def test_the_list_filters_from_the_url_and_links_every_sheet(demo_store):
    at = open_page("pages/evaluations.py")
    assert_no_exception(at)
    table = at.dataframe[0].value
    assert len(table) == 30
    assert "/fiche?experimentation=pelican" in set(table["Fiche"])
    assert "30 fiches sur 30" in _text(at)

    with write_session(demo_store) as session:  # the demo set assesses every experiment: one is not, now
        pelican = select(Assessment.id).join(Project).where(Project.slug == "pelican")
        session.execute(delete(AssessorScore).where(AssessorScore.assessment_id.in_(pelican)))
        session.execute(delete(Assessment).where(Assessment.id.in_(pelican)))
    not_assessed = open_page("pages/evaluations.py", evaluee="non")
    rows = not_assessed.dataframe[0].value
    assert list(rows["Expérimentation"]) == ["Pelican"] and rows["Indice /15"].isna().all()
    assert not_assessed.selectbox(key="evaluations_assessed").value == "non"

    meudon = open_page("pages/evaluations.py", commune="92048", q="cargos", evaluee="non")
    assert list(meudon.dataframe[0].value["Expérimentation"]) == ["Pelican"]
    assert meudon.query_params["commune"] == "92048"  # the state stays in the URL to share

    nothing = open_page("pages/evaluations.py", q="aucune solution ne s'appelle ainsi")
    assert any("Aucune fiche ne correspond" in i.value for i in nothing.info)


def test_the_list_has_its_qr_code_and_reads_in_english(demo_store):
    at = open_page("pages/evaluations.py", lang="en")
    assert_no_exception(at)
    text = _text(at)
    assert "All evaluations" in text and "QR code of « All evaluations »" in text
    assert {b.label for b in at.get("download_button")} >= {"QR code (PNG)", "QR code (SVG, print)"}
    assert "Toutes les évaluations" not in [t.value for t in at.title]
