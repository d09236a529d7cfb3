"""Challenges by commune and edition, the report's shares and the store's, the meetings and their totals."""

from __future__ import annotations

import pytest
from sqlmodel import select

from qmi.db import write_session
from qmi.models import Project
from qmi.queries import events, themes


def test_challenge_counts_by_commune_add_up_to_the_catalogue(engine):
    counts = themes.challenge_counts(engine)
    assert counts["projects"].sum() == 29
    meudon = counts[(counts["commune"] == "Meudon") & (counts["challenge_code"] == "flux-mobilites")].iloc[0]
    assert (meudon["projects"], meudon["proposed"]) == (3, 2)  # Pelican's challenge is sourced (003)
    assert themes.challenge_counts(engine, edition_id=2).empty  # the record lists no edition-2 experiment


def test_published_shares_stand_beside_computed_shares(engine):
    table = themes.share_comparison(engine).set_index("challenge_code")
    circular = table.loc["economie-circulaire"]
    assert circular["published_projects"] == pytest.approx(0.23)
    assert circular["published_applications"] == pytest.approx(0.15)
    assert circular["computed"] == pytest.approx(5 / 29)
    assert circular["published_projects_source"] == "004_7cf11ddcf4017a53.txt"
    assert table.loc["animation-commerces", "published_projects"] is None  # the report gives no share
    assert table["proposed"].sum() == 25 and table["total"].iloc[0] == 29
    assert table.loc["sport-ville", "projects"] == 0


def test_unclassified_experiments_count_in_the_computed_shares(engine):
    with write_session(engine) as session:
        session.exec(select(Project).where(Project.slug == "pelican")).one().challenge_code = None
    table = themes.share_comparison(engine)
    unclassified = table[table["challenge_code"].isna()].iloc[0]
    assert unclassified["projects"] == 1 and unclassified["computed"] == pytest.approx(1 / 29)
    assert sum(table["computed"]) == pytest.approx(1.0)


def test_meetings_flag_the_date_the_documents_disagree_on(engine):
    meetings = events.meetings(engine)
    assert meetings["event_key"].nunique() == 4 and len(meetings) == 5
    disputed = meetings[meetings["dates"] > 1]
    assert set(disputed["host_name"]) == {"Aulnay-sous-Bois"} and len(disputed) == 2


def test_attendance_total_counts_each_meeting_once_beside_the_published_total(engine):
    totals = events.attendance_totals(engine)
    assert (totals.meetings, totals.listed) == (4, 280)
    assert [(display, source) for display, _, source, _ in totals.published] == [("plus de 290", "004_7cf11ddcf4017a53.txt")]


def test_empty_store_gives_empty_answers(empty_engine):
    assert themes.challenge_counts(empty_engine).empty
    assert themes.share_comparison(empty_engine).empty
    assert events.meetings(empty_engine).empty
    assert events.attendance_totals(empty_engine) == events.AttendanceTotals(0, 0, ())


def test_challenge_bars_hatch_the_proposed_part_and_escape_names(engine):
    from qmi.draw import charts

    counts = themes.challenge_counts(engine)
    counts.loc[counts["commune"] == "Sceaux", "commune"] = "<b>Sceaux</b>"
    figure = charts.challenge_bars(counts)
    hatched = [t for t in figure.data if t.marker.pattern.shape == "/"]
    assert sum(sum(t.x) for t in hatched) == 25  # the 25 experiments with a proposed challenge
    assert sum(sum(t.x) for t in figure.data) == 29
    assert "&lt;b&gt;Sceaux&lt;/b&gt;<br>(éd. 1)" in figure.layout.yaxis.categoryarray


def test_share_chart_leaves_unpublished_shares_empty(engine):
    from qmi.draw import charts

    figure = charts.share_comparison(themes.share_comparison(engine))
    published, applications, computed = figure.data
    names = [name.replace("<br>", " ") for name in published.y]  # long names on two lines
    assert published.x[names.index("Économie circulaire")] == pytest.approx(0.23)
    assert published.x[names.index("Animation locale et commerces")] is None
    assert computed.marker.pattern.shape == "/" and computed.text[names.index("Économie circulaire")] == "17\u00a0%"


def test_timeline_shows_both_aulnay_dates_as_one_dashed_meeting(engine):
    from qmi.draw import charts

    figure = charts.event_timeline(events.meetings(engine))
    assert len(figure.data) == 4
    aulnay = next(t for t in figure.data if t.name == "Aulnay-sous-Bois")
    assert len(aulnay.x) == 2 and aulnay.marker.symbol == "circle-open" and aulnay.line.dash == "dash"
    assert "février 2025" in aulnay.text[0] and "novembre 2025" in aulnay.text[1]
