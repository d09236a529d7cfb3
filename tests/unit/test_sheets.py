"""The evaluation sheet: what it gathers, its 2-page PDF, « Toutes les évaluations », `python -m qmi sheets`
and the QR code of the list."""

import io
import re
from datetime import date

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import delete, select, update

from qmi.cli import main
from qmi.db import write_session
from qmi.models import Assessment, AssessorScore, Indicator, Measurement, Project, ProtocolIndicator, StatusChange
from qmi.outputs import links, qr
from qmi.outputs.sheet_pdf import sheet_pdf
from qmi.queries.sheets import ASSESSED, NOT_ASSESSED, sheet, sheet_list

HOSTILE = "**x** <b>y</b> [l](javascript:alert(1)) 🚲 漢字"


def _read(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def _project_id(engine, slug: str) -> int:
    with engine.connect() as connection:
        return connection.execute(select(Project.id).where(Project.slug == slug)).scalar_one()


def _grow(engine, slug: str = "pelican", steps: int = 20, indicators: int = 30) -> None:
    """An experiment with a long description, many steps and many measured protocol indicators."""
    project_id = _project_id(engine, slug)
    with write_session(engine) as session:
        session.execute(update(Project).where(Project.id == project_id).values(description="Un long texte. " * 400))
        for i in range(steps):
            session.add(StatusChange(project_id=project_id, changed_on=date(2020, 1, 1 + i), deployment_level=i % 4,
                                     source="Saisie de test", note=f"étape {i}"))
        taken = set(session.scalars(select(ProtocolIndicator.indicator_code).where(ProtocolIndicator.project_id == project_id)))
        codes = [c for c in session.scalars(select(Indicator.code).order_by(Indicator.code)) if c not in taken][:indicators]
        for code in codes:
            session.add(ProtocolIndicator(project_id=project_id, indicator_code=code, baseline=10, target=20))
            session.add(Measurement(project_id=project_id, indicator_code=code, period_start=date(2024, 5, 1), value=15))


def test_the_sheet_gathers_identity_timeline_indicators_radar_sources_and_demo_flags(demo_engine):
    data = sheet(demo_engine, "pelican")
    assert (data.name, data.organisation, data.commune, data.commune_insee, data.edition_id) == (
        "Pelican", "Pelican Cycle", "Meudon", "92048", 1)
    assert data.family_code is not None and data.challenge_code is not None
    assert data.start_date == date(2023, 6, 14)
    assert [(s.level, s.current) for s in data.timeline] == [(3, True)]
    assert len(data.indicators) == 4
    first = data.indicators[0]
    assert first.baseline is not None and first.latest is not None and first.target is not None and first.unit
    assert first.progress == pytest.approx((first.latest - first.baseline) / (first.target - first.baseline))
    assert first.is_demo  # the demo protocol and its values
    # The demo's two assessors of the latest assessment, two points apart on commercial traction, consolidated
    # at their mean: the index says so, and the public reads each one's scores.
    assert data.assessment.scores == (3, 1, 2, 3, 3) and data.assessment.index == 12 and data.assessment.is_demo
    assert (data.assessment.basis, data.assessment.count) == ("consolidated", 2)
    assert [line.scores for line in data.assessors] == [(3, 2, 2, 3, 3), (3, 0, 2, 3, 3)]
    assert data.spread == (0, 2, 0, 0, 0) and data.disagreements == ("commercial_traction",)
    assert data.assessments == 2
    # Its success story (seed 004, real) first, then the demo lessons.
    assert data.lessons[0].kind == "story" and not data.lessons[0].is_demo and data.lessons[0].source.startswith("004_")
    assert any(line.is_demo for line in data.lessons[1:])
    # Taken up in Argenteuil by the demo transfer (evaluated with results): the ladder's top, resting on demo data.
    assert [(line.outgoing, line.commune, line.stage, line.outcome, line.is_demo) for line in data.transfers] == [
        (True, "Argenteuil", "evaluated", "succeeded", True)]
    assert data.evidence.replicated_in == ("Argenteuil",) and "replication" in data.evidence.demo
    assert any("004_" in s for s in data.sources)
    assert data.any_demo and data.measured


def test_a_sheet_with_nothing_measured_says_so_and_has_no_demo_marker(engine):
    data = sheet(engine, "pelican")
    assert not data.measured and data.assessment is None and not data.any_demo
    pages, text = _read(sheet_pdf(engine, "pelican"))
    assert pages == 1
    assert "Rien n'a encore été mesuré ni évalué" in text
    assert "Réplicabilité (5 critères" not in text  # no empty radar
    assert "DÉMONSTRATION" not in text


def test_unknown_and_archived_experiments_have_no_sheet(demo_engine):
    assert sheet(demo_engine, "nope") is None
    with write_session(demo_engine) as session:
        session.execute(update(Project).where(Project.slug == "pelican").values(archived=True))
    assert sheet(demo_engine, "pelican") is None
    assert "pelican" not in set(sheet_list(demo_engine)["slug"])
    with pytest.raises(LookupError):
        sheet_pdf(demo_engine, "pelican")


def test_the_pdf_is_two_pages_with_the_key_facts_and_the_demo_marker(demo_engine):
    pages, text = _read(sheet_pdf(demo_engine, "pelican", base="https://qmi.example.org"))
    assert pages == 2
    for fact in ("Pelican", "Pelican Cycle", "Meudon", "Édition 1", "3 · Test réussi", "Indice de réplicabilité : 12 / 15",
                 "Indicateurs du protocole", "Émissions de CO₂ évitées", "DONNÉES DE DÉMONSTRATION",
                 "Belle histoire — ", "Évaluateurs et écarts", "Indice calculé sur : consolidé.",
                 "⚑ Plus d'un point d'écart entre évaluateurs : Traction commerciale. L'équipe du programme a consolidé", "Niveau 5 · ",
                 "Essaimé vers Argenteuil — Pelican à Argenteuil : Évalué, résultats obtenus *", "doc. 004",
                 "https://qmi.example.org/fiche?experimentation=pelican"):
        assert fact in text, fact
    assert ".txt" not in text  # sources read as documents


def test_what_two_pages_cannot_hold_is_said_to_be_online(demo_engine):
    from qmi.services import lessons
    from tests.unit.store_rows import STAFF, make_user

    staff = make_user(demo_engine, "claire", STAFF)
    for n in (1, 2):  # Pelican: a story and two demo lessons, then these two
        lessons.add_lesson(demo_engine, staff, "pelican", {"kind": "worked", "text": f"Leçon {n}."})
    _, text = _read(sheet_pdf(demo_engine, "pelican"))
    # Four lessons in the record's order (stories, then what worked…): the demo pitfall is the fifth.
    assert "Leçon 1." in text and "Leçon 2." in text and "Prévoir la recharge" not in text
    assert "… et 1 autre sur la fiche en ligne." in text


def test_a_sheet_keeps_each_assessors_scores_until_staff_consolidate(demo_engine):
    data = sheet(demo_engine, "modulatio")  # two demo assessors one point apart, not consolidated
    assert (data.assessment.basis, data.assessment.count) == ("mean", 2) and data.assessors == ()
    _, text = _read(sheet_pdf(demo_engine, "modulatio"))
    assert "Indice calculé sur : moyenne de 2 évaluateurs." in text
    assert "2 évaluateurs ont noté : les notes de chacun sont publiées une fois l'évaluation consolidée" in " ".join(text.split())


def test_a_big_experiment_is_trimmed_to_two_pages_pointing_to_the_online_sheet(demo_engine):
    _grow(demo_engine)
    pages, text = _read(sheet_pdf(demo_engine, "pelican"))
    assert pages == 2
    assert "… et 15 étapes plus anciennes" in text  # 21 steps, the 6 latest printed
    assert "étape 19" in text and "étape 13" not in text
    assert re.search(r"… et \d+ autres indicateurs", text)
    assert "(suite sur la fiche en ligne)" in text
    assert "Sources" in text and "Document généré" in text


def test_typed_markup_emoji_and_scripts_are_printed_as_typed(demo_engine):
    with write_session(demo_engine) as session:
        session.execute(update(Project).where(Project.slug == "pelican")
                        .values(name=HOSTILE, organisation=HOSTILE, description=HOSTILE, type_tags=HOSTILE))
    pages, text = _read(sheet_pdf(demo_engine, "pelican"))
    assert pages == 2
    assert "**x** <b>y</b> [l](javascript:alert(1))" in text


def test_the_english_sheet(demo_engine):
    pages, text = _read(sheet_pdf(demo_engine, "pelican", lang="en"))
    assert pages == 2
    assert "Evaluation sheet" in text and "Protocol indicators" in text and "Replicability index: 12 / 15" in text
    assert "lang=en" in text
    assert "Indicateurs du protocole" not in text


def test_the_list_filters_by_assessment_commune_status_and_text(demo_engine):
    with write_session(demo_engine) as session:  # the demo set assesses every experiment: one is not, now
        pelican = select(Assessment.id).where(Assessment.project_id == _project_id(demo_engine, "pelican"))
        session.execute(delete(AssessorScore).where(AssessorScore.assessment_id.in_(pelican)))
        session.execute(delete(Assessment).where(Assessment.id.in_(pelican)))
    every = sheet_list(demo_engine)
    assessed, not_assessed = sheet_list(demo_engine, assessed=ASSESSED), sheet_list(demo_engine, assessed=NOT_ASSESSED)
    assert len(assessed) == 29 and list(not_assessed["slug"]) == ["pelican"] and len(every) == 30
    assert assessed["replicability_index"].notna().all() and not_assessed["replicability_index"].isna().all()
    meudon = sheet_list(demo_engine, commune_insee="92048")
    assert "pelican" in set(meudon["slug"]) and set(meudon["commune"]) == {"Meudon"}
    assert list(sheet_list(demo_engine, search="cargos électriques")["slug"]) == ["pelican"]
    # « pelican » finds Pelican (no assessment now) and the demo transfer's « Pelican à Argenteuil » (assessed)
    assert list(sheet_list(demo_engine, search="pelican", assessed=ASSESSED)["slug"]) == ["pelican-argenteuil"]
    assert list(sheet_list(demo_engine, search="pelican", assessed=NOT_ASSESSED)["slug"]) == ["pelican"]
    assert set(sheet_list(demo_engine, status="3")["deployment_level"]) == {3}


def test_the_command_writes_one_pdf_per_experiment_named_by_slug(demo_engine, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("QMI_DATABASE_URL", str(demo_engine.url))
    assert main(["sheets", str(tmp_path / "all")]) == 0
    names = sorted(p.name for p in (tmp_path / "all").iterdir())
    assert names == sorted(f"{slug}.pdf" for slug in sheet_list(demo_engine)["slug"]) and len(names) == 30
    assert "30 fiches d'évaluation écrites" in capsys.readouterr().out
    assert main(["sheets", str(tmp_path / "meudon"), "--commune", "92048", "--lang", "en"]) == 0
    meudon = sorted(p.name for p in (tmp_path / "meudon").iterdir())
    assert meudon == sorted(f"{slug}.pdf" for slug in sheet_list(demo_engine, commune_insee="92048")["slug"])
    assert "Evaluation sheet" in _read((tmp_path / "meudon" / "pelican.pdf").read_bytes())[1]
    assert main(["sheets", str(tmp_path / "none"), "--commune", "00000"]) == 1


def test_the_qr_code_of_the_list_decodes_to_its_address():
    url = links.evaluations_url("https://qmi.example.org")
    assert url == "https://qmi.example.org/evaluations"
    decoded = [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.png_bytes(url))))]
    assert decoded == ["https://qmi.example.org/evaluations"]
    assert links.evaluations_url("https://qmi.example.org", "en") == "https://qmi.example.org/evaluations?lang=en"
    assert links.sheet_url("pelican", "https://a.example") == "https://a.example/fiche?experimentation=pelican"
