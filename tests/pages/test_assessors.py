"""Several assessors on the record and the Saisie page, through the widgets: the demo's two assessors on
Pelican (consolidated) with their spread and flag, Modulatio's kept from the public until staff
consolidate, the blind rule as an assessor account sees it, staff's consolidation with its required
reason, and typed text shown literally."""

from __future__ import annotations

from sqlmodel import Session, select

from qmi.domain.scoring import CRITERIA
from qmi.models import Assessment, Project
from qmi.services import auth, users
from tests.pages.conftest import account, assert_no_exception, open_as, open_page, rendered_text

HOSTILE = "**x** <b>y</b> [l](javascript:alert(1))"


def assessor_account(store, username: str):
    users.add_user(store, username, "un mot de passe assez long", "viewer", None)
    users.set_assessor(store, username, True)
    return auth.sign_in(store, username, "un mot de passe assez long")


def latest_assessment(store, slug: str) -> int:
    with Session(store) as session:
        project = session.exec(select(Project.id).where(Project.slug == slug)).one()
        return session.exec(select(Assessment.id).where(Assessment.project_id == project)
                            .order_by(Assessment.assessed_on.desc())).first()


def test_the_public_record_shows_each_assessor_the_spread_and_the_two_point_flag(demo_store):
    at = open_page("pages/projects.py", experimentation="pelican")
    assert_no_exception(at)
    text = " ".join(rendered_text(at))
    assert "Notes de chaque évaluateur" in text and "Indice calculé sur : consolidé." in text
    assert "Désaccord de plus d'un point entre évaluateurs sur : Traction commerciale." in text
    table = next(t.value for t in at.table if "Écart" in t.value.columns)
    assert list(table["Écart"]) == ["0", "2", "0", "0", "0"]
    # Modulatio's two assessors are not consolidated yet: the public reads the index on their mean
    # (written with its half), not each one's scores.
    at = open_page("pages/projects.py", experimentation="modulatio")
    text = " ".join(rendered_text(at))
    assert "Indice calculé sur : moyenne de 2 évaluateurs." in text and "0,5 / 3" in text
    assert any("2 évaluateurs ont noté : les notes de chacun sont publiées une fois l'évaluation consolidée" in i.value
               for i in at.info)
    assert not any("Écart" in t.value.columns for t in at.table) and "Désaccord" not in text


def test_an_assessor_account_scores_blind_then_reads_the_others(demo_store):
    expert = assessor_account(demo_store, "expert")
    record = open_as("pages/projects.py", expert, experimentation="modulatio")
    assert "Les notes des autres évaluateurs s'affichent une fois la vôtre soumise." in " ".join(rendered_text(record))
    assert not any("Écart" in t.value.columns for t in record.table)
    latest = latest_assessment(demo_store, "modulatio")
    entry = open_as("pages/entry.py", expert, experimentation="modulatio")
    assert_no_exception(entry)
    assert entry.tabs == [] or all(t.label != "Nouvelle mesure" for t in entry.tabs)  # only the assessment form
    entry.selectbox(key=f"a_which_{record_project(demo_store, 'modulatio')}_fr").set_value(latest).run()
    prefix = f"a{record_project(demo_store, 'modulatio')}_{latest}_"
    submit = f"FormSubmitter:assess_form_{latest}-Soumettre mes notes"
    assert all(entry.radio(key=prefix + code).value is None for code in CRITERIA)  # no level given for them
    entry.button(key=submit).click().run()  # submitted without choosing: refused under each criterion
    assert_no_exception(entry)
    assert [e.value for e in entry.error].count("Ce champ est obligatoire.") == 5 and not entry.success
    entry.text_area(key=prefix + "comment").set_value(HOSTILE)
    for code, level in zip(CRITERIA, (3, 0, 1, 2, 1)):
        entry.radio(key=prefix + code).set_value(level)
    entry.button(key=submit).click().run()
    assert_no_exception(entry)
    assert any("moyenne de 3 évaluateurs" in s.value for s in entry.success)
    record = open_as("pages/projects.py", expert, experimentation="modulatio")
    text = " ".join(rendered_text(record))
    assert "Les notes des autres" not in text and "moyenne de 3 évaluateurs" in text
    shown = [m.value for m in record.markdown if "javascript" in m.value]
    # The typed comment is shown as typed: no Markdown or HTML of it is read (entities all through).
    assert shown and all("&#42;&#42;x&#42;&#42; &#60;b&#62;y" in m and "](javascript" not in m for m in shown)


def record_project(store, slug: str) -> int:
    with Session(store) as session:
        return session.exec(select(Project.id).where(Project.slug == slug)).one()


def test_staff_consolidate_with_a_required_reason_and_the_index_says_so(demo_store):
    staff = account(demo_store, "staff1", "staff")
    latest = latest_assessment(demo_store, "modulatio")
    at = open_as("pages/projects.py", staff, experimentation="modulatio")
    submit = f"FormSubmitter:consolidate_form_{latest}-Consolider"
    at.button(key=submit).click().run()
    assert_no_exception(at)
    assert any("Écrivez le motif de la consolidation." in e.value for e in at.error)
    assert "Consolidée par" not in " ".join(rendered_text(at))
    at.text_area(key=f"c_{latest}_reason").set_value(HOSTILE)
    at.radio(key=f"c_{latest}_commercial_traction").set_value(2)
    at.button(key=submit).click().run()
    assert_no_exception(at)
    text = " ".join(rendered_text(at))
    assert "Indice calculé sur : consolidé." in text and "Consolidée par staff1" in text
    viewer = open_as("pages/projects.py", account(demo_store, "viewer1", "viewer"), experimentation="modulatio")
    assert not any(b.label == "Consolider" for b in viewer.button)
    assert "Notes de chaque évaluateur" in " ".join(rendered_text(open_page("pages/projects.py", experimentation="modulatio")))


def test_agents_and_viewers_without_the_flag_cannot_score(demo_store):
    agent = account(demo_store, "agent.sceaux", "agent", "92071")
    at = open_as("pages/entry.py", agent)
    assert [t.label for t in at.tabs] == ["Nouvelle mesure", "Corriger ou retirer", "Importer"]
    viewer = open_as("pages/entry.py", account(demo_store, "viewer1", "viewer"))
    assert "lecture seule" in " ".join(rendered_text(viewer)).lower() or viewer.info

