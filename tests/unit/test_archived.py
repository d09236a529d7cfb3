"""An archived experiment, event or figure is left out of every public figure; the exports keep it."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from qmi.models import Event, ProgrammeFigure, Project, ProtocolIndicator
from qmi.outputs.tables import open_data_tables
from qmi.queries import communes, essaimage, events, geo, indicators, measurements, programme, themes
from qmi.queries import projects as queries
from qmi.services import auth, catalogue, users

PASSWORD = "un mot de passe assez long"
MEUDON = "92048"
SLUG = "pelican"  # Meudon, edition 1, level 3, assessed and measured in the demo set


@pytest.fixture
def staff(demo_engine):
    users.add_user(demo_engine, "staff.archives", PASSWORD, "staff")
    return auth.sign_in(demo_engine, "staff.archives", PASSWORD)


def _meudon(table):
    return table[table["insee_code"] == MEUDON].iloc[0]


def _followed(engine) -> str:
    """An indicator the archived experiment follows in its protocol."""
    with Session(engine) as session:
        project_id = session.exec(select(Project.id).where(Project.slug == SLUG)).one()
        return session.exec(select(ProtocolIndicator.indicator_code)
                            .where(ProtocolIndicator.project_id == project_id)).first()


def figures_of_the_experiments(engine, code: str) -> dict[str, object]:
    """Every count, list and average the public pages read that the experiment takes part in."""
    profile = communes.profile(engine, MEUDON)
    library = indicators.library(engine)
    return {
        "projects": len(queries.projects(engine)),
        "catalogue": SLUG in set(queries.catalogue(engine)["slug"]),
        "record": queries.project(engine, SLUG) is not None,
        "catalogue total": queries.catalogue_options(engine).total,
        "ranking": SLUG in set(queries.ranking(engine)["slug"]),
        "commune average": int(_average(queries.average_index_by_commune(engine), "Meudon")),
        "family averages": int(queries.average_index_by_family(engine)["assessed"].sum()),
        "challenge counts": int(themes.challenge_counts(engine)["projects"].sum()),
        "computed shares": int(themes.share_comparison(engine)["total"].iloc[0]),
        "commune projects": profile.projects,
        "commune statuses": (profile.with_status, profile.deployed),
        "commune assessed": profile.assessed,
        "thematic mix": int(communes.thematic_mix(engine, MEUDON)["projects"].sum()),
        "mean criteria": int(communes.mean_criteria(engine, MEUDON)["assessed"].iloc[0]),
        "map": tuple(int(_meudon(geo.commune_stats(engine))[c]) for c in ("projects", "assessed", "known_status")),
        "edition": int(programme.editions(engine).set_index("id").loc[1, "projects"]),
        "essaimage": SLUG in set(essaimage.candidates(engine, "92071")["slug"]),
        "library": int(library.loc[library["code"] == code, "experiments"].iloc[0]),
        "library measured": int(library["measured"].sum()),
        "comparison": SLUG in set(indicators.comparison(engine, code)["slug"]),
        "protocol editor": SLUG in set(indicators.protocol_projects(engine)["slug"]),
        "latest values": SLUG in set(measurements.latest_values(engine, commune_insee=MEUDON)["slug"]),
        "entry form": SLUG in set(measurements.writable_projects(engine, "staff", None)["slug"]),
    }


def _average(table, name: str) -> int:
    return table.loc[table["name"] == name, "assessed"].iloc[0]


def test_an_archived_experiment_leaves_every_figure_and_comes_back_when_restored(demo_engine, staff):
    code = _followed(demo_engine)
    before = figures_of_the_experiments(demo_engine, code)
    assert catalogue.set_project_archived(demo_engine, staff, SLUG, True)
    after = figures_of_the_experiments(demo_engine, code)

    assert after.pop("library measured") < before["library measured"]  # its measured indicators
    assert after == {
        "projects": before["projects"] - 1, "catalogue": False, "record": False,
        "catalogue total": before["catalogue total"] - 1, "ranking": False,
        "commune average": before["commune average"] - 1, "family averages": before["family averages"] - 1,
        "challenge counts": before["challenge counts"] - 1, "computed shares": before["computed shares"] - 1,
        "commune projects": before["commune projects"] - 1,
        "commune statuses": (before["commune statuses"][0] - 1, before["commune statuses"][1] - 1),
        "commune assessed": before["commune assessed"] - 1, "thematic mix": before["thematic mix"] - 1,
        "mean criteria": before["mean criteria"] - 1,
        "map": tuple(n - 1 for n in before["map"]), "edition": before["edition"] - 1, "essaimage": False,
        "library": before["library"] - 1,
        "comparison": False, "protocol editor": False, "latest values": False, "entry form": False,
    }
    exported = open_data_tables(demo_engine)["projects"].set_index("slug")
    assert bool(exported.loc[SLUG, "archived"]) and len(exported) == before["projects"]

    catalogue.set_project_archived(demo_engine, staff, SLUG, False)
    assert figures_of_the_experiments(demo_engine, code) == before


def test_an_archived_event_is_not_in_the_meetings(engine):
    users.add_user(engine, "staff.archives", PASSWORD, "staff")
    staff = auth.sign_in(engine, "staff.archives", PASSWORD)
    with Session(engine) as session:
        sceaux = session.exec(select(Event).where(Event.event_key == "sceaux-2023")).one()
    meetings = events.attendance_totals(engine).meetings
    catalogue.set_event_archived(engine, staff, sceaux.id, True)

    assert sceaux.id not in set(events.meetings(engine)["id"])
    assert sceaux.id not in set(programme.events(engine)["id"])
    assert communes.commune_events(engine, "92071").empty
    assert events.attendance_totals(engine).meetings == meetings - 1
    exported = open_data_tables(engine)["events"]
    assert exported.loc[exported["event_key"] == "sceaux-2023", "archived"].tolist() == [True]


def test_an_archived_figure_is_not_among_the_figures(engine):
    users.add_user(engine, "staff.archives", PASSWORD, "staff")
    staff = auth.sign_in(engine, "staff.archives", PASSWORD)
    with Session(engine) as session:
        rows = session.exec(select(ProgrammeFigure).where(ProgrammeFigure.key == "applications")).all()
    card = next(c for c in programme.headline_figures(engine) if c.key == "applications")
    assert card.disputed and len(card.values) == len(rows) == 3
    for row in rows[1:]:
        catalogue.set_figure_archived(engine, staff, row.id, True)

    assert set(programme.figures(engine)["id"]) & {r.id for r in rows} == {rows[0].id}
    card = next(c for c in programme.headline_figures(engine) if c.key == "applications")
    assert not card.disputed and card.values[0][1] == rows[0].source
    published = events.attendance_totals(engine).published
    total = session_figure(engine, events.PUBLISHED_TOTAL_KEY)
    catalogue.set_figure_archived(engine, staff, total, True)
    assert len(events.attendance_totals(engine).published) == len(published) - 1


def session_figure(engine, key: str) -> int:
    with Session(engine) as session:
        return session.exec(select(ProgrammeFigure.id).where(ProgrammeFigure.key == key)).first()
