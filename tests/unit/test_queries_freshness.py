"""Freshness read from the store (qmi.queries.freshness): the last current value, per experiment, per commune."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from qmi.domain.freshness import A_JOUR, EN_RETARD, NON_APPLICABLE, NON_SAISI, PAS_ENCORE_DU
from qmi.models import Project, User
from qmi.queries import freshness
from qmi.services import measurements, reviews

ATELIER = "atelier-baskets-pinces-a-linge"  # Noisy-le-Grand; starts 2023-06-14; the record's SOC-JOBS protocol row


def staff(engine, username: str = "staff.fresh") -> User:
    with Session(engine, expire_on_commit=False) as session:
        user = User(username=username, password_hash="-", role="staff")
        session.add(user)
        session.commit()
        return user


def approved(engine, reviewer: User, row):
    """A second person approves what was entered or asked (four eyes, issue #18)."""
    reviews.approve(engine, reviewer, row.id)
    return row


def project(engine, slug: str) -> Project:
    with Session(engine) as session:
        return session.exec(select(Project).where(Project.slug == slug)).one()


def state(engine, today: date, slug: str = ATELIER, code: str = "SOC-JOBS"):
    rows = freshness.indicators(engine, today, project_id=project(engine, slug).id)
    return rows[rows["indicator_code"] == code].iloc[0]


def test_the_records_protocol_row_is_not_yet_due_then_never_entered_the_day_after_its_first_due_date(engine):
    # First period 14 June – 13 September 2023 (quarterly, the default), due 30 days later: 13 October.
    on_time = state(engine, date(2023, 10, 13))
    assert (on_time.state, on_time.due_on, on_time.periodicity, on_time.periodicity_is_default, on_time.is_demo) == (
        PAS_ENCORE_DU, date(2023, 10, 13), "quarterly", True, False)
    never = state(engine, date(2023, 10, 14))
    assert (never.state, never.late_days, never.last_period) == (NON_SAISI, 1, None)


def test_a_value_entered_makes_it_up_to_date_and_a_withdrawn_or_corrected_one_counts_as_its_current_version(engine):
    user, atelier, reviewer = staff(engine), project(engine, ATELIER), staff(engine, "staff.review")
    first = measurements.record(engine, user, {"project_id": atelier.id, "indicator_code": "SOC-JOBS",
                                               "period_start": "2025-01-01", "value": "3"}, today=date(2025, 6, 1))
    assert state(engine, date(2025, 7, 30)).state == NON_SAISI  # waiting for its review: not up to date yet
    approved(engine, reviewer, first)
    assert state(engine, date(2025, 7, 30)).state == A_JOUR  # next period April–June, due 30 July
    late = state(engine, date(2025, 7, 31))
    assert (late.state, late.late_days, late.last_period, late.next_period) == (EN_RETARD, 1, date(2025, 1, 1), date(2025, 4, 1))
    second = approved(engine, reviewer, measurements.record(engine, user, {
        "project_id": atelier.id, "indicator_code": "SOC-JOBS", "period_start": "2025-04-01", "value": "4"},
        today=date(2025, 7, 1)))
    assert state(engine, date(2025, 7, 31)).state == A_JOUR
    measurements.retract(engine, user, second.id, "saisie en double")  # a request, until approved
    assert state(engine, date(2025, 7, 31)).last_period == date(2025, 4, 1)
    approved(engine, reviewer, second)
    assert state(engine, date(2025, 7, 31)).last_period == date(2025, 1, 1)  # a withdrawn value is not current
    measurements.correct(engine, user, first.id, {"project_id": atelier.id, "indicator_code": "SOC-JOBS",
                                                  "period_start": "2025-01-01", "value": "5"}, today=date(2025, 7, 1))
    assert state(engine, date(2025, 7, 31)).last_period == date(2025, 1, 1)  # the correction carries the period


def test_the_demo_stores_abandoned_experiments_are_not_applicable_and_its_surveys_yearly(demo_engine):
    rows = freshness.indicators(demo_engine, date(2025, 5, 1))
    abandoned = rows[rows["abandoned"].astype(bool)]
    assert not abandoned.empty and set(abandoned["state"]) == {NON_APPLICABLE}
    running = rows[~rows["abandoned"].astype(bool)]
    surveys = running[running["indicator_code"].str.startswith("USR-")]
    assert set(surveys["periodicity"]) == {"yearly"} and set(running["periodicity"]) == {"quarterly", "yearly"}
    assert rows["is_demo"].all()
    # The demo series end in January 2025: on 1 May every quarterly one awaits April–June and is on time.
    quarterly = running[running["periodicity"] == "quarterly"]
    assert set(quarterly[quarterly["last_period"] == date(2025, 1, 1)]["state"]) == {A_JOUR}


def test_per_experiment_and_per_commune_the_share_up_to_date_counts_only_what_is_due(engine):
    user, atelier, reviewer = staff(engine), project(engine, ATELIER), staff(engine, "staff.review")
    today = date(2025, 7, 31)
    experiments = freshness.by_experiment(engine, today, commune_insee="93051")
    row = experiments[experiments["slug"] == ATELIER].iloc[0]
    assert (row[NON_SAISI], row["due"], row["late"], row["share_up_to_date"]) == (1, 1, 1, 0)
    approved(engine, reviewer, measurements.record(engine, user, {
        "project_id": atelier.id, "indicator_code": "SOC-JOBS", "period_start": "2025-04-01", "value": "4"},
        today=date(2025, 7, 1)))
    communes = freshness.by_commune(engine, today).set_index("commune_insee")
    noisy = communes.loc["93051"]
    assert (noisy[A_JOUR], noisy["due"], noisy["share_up_to_date"], noisy["experiments"], bool(noisy["never_entered_only"])) == (
        1, 1, 1.0, 1, False)
    meudon = communes.loc["92048"]  # a programme commune with no protocol in the record: nothing due
    assert (meudon["indicators"], meudon["share_up_to_date"], bool(meudon["never_entered_only"])) == (0, None, False)


def test_a_commune_whose_due_indicators_were_never_entered_is_told_apart(engine):
    communes = freshness.by_commune(engine, date(2025, 7, 31)).set_index("commune_insee")
    assert bool(communes.loc["93051", "never_entered_only"]) is True
    assert communes.loc["93051", "share_up_to_date"] == 0


def test_archived_experiments_are_left_out_unless_asked(engine):
    atelier = project(engine, ATELIER)
    with Session(engine) as session:
        row = session.get(Project, atelier.id)
        row.archived = True
        session.add(row)
        session.commit()
    assert freshness.indicators(engine, date(2025, 7, 31)).empty
    assert list(freshness.indicators(engine, date(2025, 7, 31), shown_only=False)["slug"]) == [ATELIER]


HEADER = ("project_slug,indicator_code,periodicity,last_period,next_due,state,next_period,availability_lag_days,"
          "late_days,periodicity_is_default,is_demo,archived,computed_on")


def test_the_open_data_gives_freshness_csv_with_its_columns(demo_engine, tmp_path):
    from qmi.outputs.tables import export_open_data, open_data_tables

    written = export_open_data(demo_engine, tmp_path)
    assert tmp_path / "freshness.csv" in written
    lines = (tmp_path / "freshness.csv").read_text("utf-8").splitlines()
    assert lines[0] == HEADER
    table = open_data_tables(demo_engine, today=date(2025, 7, 31))["freshness"]
    row = table[(table["project_slug"] == "pelican") & (table["indicator_code"] == "MOB-CARGO-KM")].iloc[0]
    assert (row["periodicity"], row["last_period"], row["next_due"], row["state"], row["late_days"], row["is_demo"]) == (
        "quarterly", date(2025, 1, 1), date(2025, 7, 30), EN_RETARD, 1, True)
    assert len(table) == len(freshness.indicators(demo_engine, date(2025, 7, 31), shown_only=False))


def test_an_empty_store_exports_the_freshness_header(empty_engine):
    from qmi.outputs.tables import csv_text, open_data_tables

    assert csv_text(open_data_tables(empty_engine)["freshness"]).strip() == HEADER


def test_each_experiment_counts_its_indicators_state_by_state_sorted_by_commune_then_name(demo_engine):
    today = date(2025, 5, 1)
    rows = freshness.indicators(demo_engine, today)
    experiments = freshness.by_experiment(demo_engine, today)
    assert list(experiments.columns) == list(freshness.EXPERIMENT_COLUMNS)
    assert len(experiments) == rows["project_id"].nunique() > 1 and experiments["is_demo"].all()
    assert list(zip(experiments["commune"], experiments["project"])) == sorted(zip(experiments["commune"], experiments["project"]))
    for experiment in experiments.itertuples():
        own = rows[rows["project_id"] == experiment.project_id]
        counted = {state: getattr(experiment, state) for state in (A_JOUR, EN_RETARD, PAS_ENCORE_DU, NON_SAISI, NON_APPLICABLE)}
        assert counted == {state: int((own["state"] == state).sum()) for state in counted}
        assert (experiment.indicators, experiment.late, experiment.due) == (
            len(own), counted[EN_RETARD] + counted[NON_SAISI], counted[A_JOUR] + counted[EN_RETARD] + counted[NON_SAISI])
        assert experiment.share_up_to_date == (counted[A_JOUR] / experiment.due if experiment.due else None)
        assert (experiment.slug, experiment.commune_insee) == (own["slug"].iloc[0], own["commune_insee"].iloc[0])
    # A group of communes counts the same experiments as the whole programme does.
    group = tuple(sorted(set(rows["commune_insee"]))[:2])
    assert freshness.by_experiment(demo_engine, today, group)["project_id"].tolist() == [
        p for p, insee in zip(experiments["project_id"], experiments["commune_insee"]) if insee in group]
