"""The benchmark's parts: synthetic stores of the requested shape, the naive and SQL aggregates agree,
concurrent sessions lose no write, and the report shows what was measured. Nothing here is timed."""

from __future__ import annotations

import json

import pandas as pd
from sqlalchemy import func, select

from qmi.bench import concurrency, report
from qmi.bench.runner import app_pages, summarise
from qmi.bench.synthetic import Tier, generate
from qmi.bench.workload import summary_pandas, summary_sql
from qmi.files import read_csv
from qmi.models import Assessment, AuditLog, Commune, Measurement, Project, ProtocolIndicator, User

TINY = Tier("tiny", communes=12, projects=36, measurements=400)


def test_generated_store_has_the_requested_shape_and_every_generated_row_is_flagged(empty_engine):
    assert generate(empty_engine, TINY) == {"communes": 12, "projects": 36, "measurements": 400, "assessments": 72}
    with empty_engine.connect() as connection:
        generated_projects = connection.execute(select(func.count()).select_from(Project).where(Project.is_demo)).scalar()
        real_measurements = connection.execute(
            select(func.count()).select_from(Measurement).where(Measurement.is_demo.is_(False))).scalar()
        real_assessments = connection.execute(
            select(func.count()).select_from(Assessment).where(Assessment.is_demo.is_(False))).scalar()
        generated_communes = connection.execute(
            select(Commune.insee_code).where(Commune.insee_code.like("99%")).order_by(Commune.insee_code)).scalars().all()
    assert generated_projects == 36 - len(read_csv("projects.csv"))  # the public record's experiments stay as they are
    assert real_measurements == 0 and real_assessments == 0
    assert generated_communes == ["99000", "99001"]  # a range no French commune uses
    with empty_engine.connect() as connection:
        published = connection.execute(
            select(ProtocolIndicator.target, ProtocolIndicator.is_demo).join(Project)
            .where(Project.slug == "atelier-baskets-pinces-a-linge", ProtocolIndicator.indicator_code == "SOC-JOBS")).one()
    assert tuple(published) == (8, False)  # a target from the public record is never replaced by a generated one


def test_generation_is_deterministic(empty_engine, tmp_path):
    from qmi.db import make_engine

    generate(empty_engine, TINY)
    other = make_engine(f"sqlite:///{tmp_path / 'other.db'}")
    generate(other, TINY)

    def values(engine):
        with engine.connect() as connection:
            return connection.execute(select(Measurement.project_id, Measurement.indicator_code,
                                             Measurement.period_start, Measurement.value)
                                      .order_by(Measurement.project_id, Measurement.indicator_code,
                                                Measurement.period_start)).all()

    assert values(empty_engine) == values(other)
    other.dispose()


def test_sql_and_naive_pandas_aggregates_give_the_same_table(empty_engine):
    generate(empty_engine, TINY)
    in_sql, in_pandas = summary_sql(empty_engine), summary_pandas(empty_engine)
    assert len(in_sql) == 12
    assert in_sql["measurements"].sum() == 400
    pd.testing.assert_frame_equal(in_sql, in_pandas, check_dtype=False)


def _counts(engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {m.__name__: connection.execute(select(func.count()).select_from(m)).scalar()
                for m in (Measurement, Assessment, User, AuditLog)}


def test_concurrent_sessions_lose_no_write_and_leave_the_store_as_it_was(empty_engine):
    generate(empty_engine, TINY)
    before = _counts(empty_engine)
    result = concurrency.run(empty_engine, sessions=20, writes_per_session=3, reads_per_write=1)
    assert _counts(empty_engine) == before
    assert result.errors == []
    assert result.acknowledged_writes == 60
    assert result.stored_writes == 60 and result.lost_writes == 0
    # The services' races ran too, each with its invariant held and every loser refused in words.
    assert [r["race"] for r in result.races] == ["sign_in_lock", "correct_vs_retract", "same_assessment"]
    assert result.race_violations == 0 and [r["error_count"] for r in result.races] == [0, 0, 0]
    by_race = {r["race"]: r for r in result.races}
    assert set(by_race["sign_in_lock"]["refusals"]) == {"auth.invalid"}
    assert by_race["correct_vs_retract"]["refusals"] == {"forms.error.not_active": 10}
    assert by_race["same_assessment"]["refusals"] == {}
    assert result.as_dict()["race_violations"] == 0 and len(result.as_dict()["races"]) == 3
    with empty_engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(Measurement)).scalar() == 400


def test_the_benchmark_finds_every_page_of_the_app():
    pages = {p.path: p.url_path for p in app_pages()}
    assert pages["pages/home.py"] == "accueil"
    assert pages["pages/map.py"] == "carte"
    assert len(pages) >= 12


def test_summary_gives_median_and_95th_percentile_in_milliseconds():
    assert summarise([0.1, 0.2, 0.3, 0.4, 1.0]) == {"n": 5, "median_ms": 300.0, "p95_ms": 1000.0}
    assert summarise([]) == {"n": 0, "median_ms": None, "p95_ms": None}


def test_report_shows_each_page_each_tier_and_whether_targets_are_met(tmp_path):
    page = {"page": "pages/map.py", "url_path": "carte", "errors": [],
            "cold": {"n": 2, "median_ms": 1500.0, "p95_ms": 1800.0},
            "warm": {"n": 2, "median_ms": 120.0, "p95_ms": 140.0},
            "nocache": {"n": 2, "median_ms": 600.0, "p95_ms": 700.0}}
    slow = page | {"warm": {"n": 2, "median_ms": 900.0, "p95_ms": 950.0}}
    results = {
        "started_at": "2026-11-23T17:00:00+00:00", "arguments": "--quick", "machine": report.machine(),
        "tiers": {"metropolis": {"database": "sqlite", "counts": {"communes": 130, "projects": 1000, "measurements": 200000},
                                 "generated_seconds": 50, "pages": [page]},
                  "national": {"database": "sqlite", "counts": {"communes": 1000}, "pages": [slow]}},
        "concurrency": [{"database": "sqlite", "sessions": 20, "acknowledged_writes": 500, "stored_writes": 500,
                         "lost_writes": 0, "error_count": 0, "operations_per_second": 80.0, "writes_per_second": 16.0}],
    }
    json_path, md_path = report.write(results, tmp_path)
    text = md_path.read_text(encoding="utf-8")
    assert "| pages/map.py | 1 500 / 1 800 | 120 / 140 | 600 / 700 | 5.0 |  |" in text
    assert "| Warm page run, metropolis tier (median, slowest page) | 150 ms | 120 ms | yes |" in text
    assert "| Warm page run, national tier (median, slowest page) | 500 ms | 900 ms | **no** |" in text
    assert "| Map page payload sent to the browser | 1.50 MB | not measured | — |" in text
    assert "| sqlite | 20 | 500 | 500 | 0 | 0 | 80.0 | 16.0 |" in text
    assert f"{results['machine']['nproc']} cores" in text
    assert json.loads(json_path.read_text())["tiers"]["metropolis"]["pages"][0]["warm"]["median_ms"] == 120.0


def test_report_gives_the_first_page_after_a_start_over_several_starts(tmp_path):
    results = {
        "started_at": "2026-11-30T12:00:00+00:00", "arguments": "--tiers metropolis", "machine": report.machine(),
        "tiers": {},
        "browser": {"first_page_after_start": {"n": 3, "median_ms": 1850.0, "p95_ms": 2400.0},
                    "first_page_after_start_ms": 1850.0, "map_payload_bytes": 100_000,
                    "pages": [{"page": "pages/map.py", "url_path": "carte", "n": 3, "median_ms": 1700.0, "p95_ms": 1900.0,
                               "first_visit_ms": 1800.0, "websocket_bytes": 100_000}],
                    "memory": {"sessions": 5, "pages": ["pages/map.py"], "server_rss_before_mb": 300.0,
                               "server_rss_after_mb": 310.0, "per_session_mb": 2.0, "server_peak_rss_mb": 311.0}},
    }
    text = report.write(results, tmp_path)[1].read_text(encoding="utf-8")
    assert "| First page after the server starts (Chromium; else slowest cold page run) | 2 000 ms | 1 850 ms | yes |" in text
    assert "First page after the server starts: 1 850 ms (median of 3 starts, p95 2 400 ms)" in text
    assert "| Page ready in Chromium, metropolis (median, slowest page) | 2 500 ms | 1 700 ms | yes |" in text


def test_a_separate_run_of_one_tier_keeps_the_others_and_says_where_they_come_from():
    from qmi.bench.cli import _merge

    earlier = {"started_at": "2026-11-23T16:50:00+00:00", "arguments": "--tiers programme,metropolis",
               "tiers": {"programme": {"pages": []}, "metropolis": {"pages": []}},
               "concurrency": [{"database": "sqlite"}], "notes": []}
    now = {"tiers": {"national": {"pages": []}}, "notes": []}
    _merge(now, earlier, ["programme", "metropolis", "national"])
    assert list(now["tiers"]) == ["programme", "metropolis", "national"]
    assert now["concurrency"] == [{"database": "sqlite"}]
    assert any("metropolis tier comes from an earlier run of 2026-11-23T16:50:00" in n for n in now["notes"])


def test_the_open_data_export_is_measured_with_its_validation_and_reported(empty_engine, tmp_path):
    from qmi.bench.runner import time_export

    generate(empty_engine, TINY)
    export = time_export(empty_engine)
    assert export["problems"] == 0 and export["files"] == 16  # 14 CSVs, datapackage.json, catalogue.jsonld
    assert export["rows"] >= 400
    assert export["total_seconds"] >= export["validate_seconds"] >= 0
    results = {"started_at": "2026-12-02T21:00:00+00:00", "arguments": "", "machine": report.machine(),
               "tiers": {"national": {"database": "sqlite", "counts": {}, "pages": [],
                                      "open_data_export": export | {"total_seconds": 312.5, "validate_seconds": 250.0}}}}
    _, md_path = report.write(results, tmp_path)
    text = md_path.read_text(encoding="utf-8")
    assert "Open-data export with its data package (`python -m qmi export`): **312.5 s**" in text
    assert "frictionless validation 250.0 s; 0 validation problems." in text


def test_the_digest_of_every_commune_is_measured_and_held_to_its_minute(empty_engine, tmp_path):
    from qmi.bench.runner import time_digest

    generate(empty_engine, TINY)
    timed = time_digest(empty_engine)
    with empty_engine.connect() as connection:
        assert timed["communes"] == connection.execute(select(func.count()).select_from(Commune)).scalar_one()
    assert 0 < timed["messages"] <= timed["communes"] and timed["items"] >= timed["messages"]
    results = {"started_at": "2026-12-03T01:00:00+00:00", "arguments": "", "machine": report.machine(),
               "tiers": {"national": {"database": "sqlite", "counts": {}, "pages": [
                   {"page": "pages/worklist.py", "url_path": "a-faire", "cold": {"n": 3, "median_ms": 900.0, "p95_ms": 950.0},
                    "nocache": {"n": 3, "median_ms": 700.0, "p95_ms": 720.0},
                    "warm": {"n": 3, "median_ms": 510.0, "p95_ms": 600.0}, "errors": []}],
                   "digest": timed | {"seconds": 42.5}}}}
    _, md_path = report.write(results, tmp_path)
    text = md_path.read_text(encoding="utf-8")
    assert f"**42.5 s** for {timed['communes']} communes" in text
    assert "| `python -m qmi digest` for every commune, national tier | 60 000 ms | 42 500 ms | yes |" in text
    assert "| « À faire » as staff, national tier (warm median; as the warm-page target) | 500 ms | 510 ms | **no** |" in text


def test_the_write_heavy_scenario_and_the_runs_after_a_write_are_held_to_their_targets(tmp_path):
    page = {"n": 40, "median_ms": 120.0, "p95_ms": 280.0}
    results = {"started_at": "2026-12-03T01:30:00+00:00", "arguments": "", "machine": report.machine(),
               "tiers": {"metropolis": {"database": "sqlite", "counts": {}, "pages": [], "after_write": [
                   {"page": "pages/communes.py", "warm": {"n": 3, "median_ms": 100.0, "p95_ms": 110.0},
                    "after_write_elsewhere": {"n": 3, "median_ms": 130.0, "p95_ms": 140.0},
                    "after_write_here": {"n": 3, "median_ms": 149.0, "p95_ms": 160.0}, "problems": []}]}},
               "write_heavy": [
                   {"tier": "metropolis", "database": "sqlite", "replicas": 1, "officials": 20, "agents": 20, "seconds": 60,
                    "pages": {"carte": page | {"p95_ms": 900.0}}, "all_pages": page | {"p95_ms": 900.0},
                    "visible": {"n": 30, "median_ms": 2100.0, "p95_ms": 2900.0}, "not_visible": 0,
                    "acknowledged_writes": 30, "stored_writes": 30, "lost_writes": 0, "errors": [], "error_count": 0},
                   {"tier": "metropolis", "database": "sqlite", "replicas": 2, "officials": 20, "agents": 20, "seconds": 60,
                    "pages": {"carte": page}, "all_pages": page, "visible": {"n": 30, "median_ms": 2100.0, "p95_ms": 2900.0},
                    "not_visible": 0, "acknowledged_writes": 30, "stored_writes": 29, "lost_writes": 1, "errors": [],
                    "error_count": 0, "servers_cpu_per_second": 1.62, "bench_cpu_per_second": 0.31, "cores": 2,
                    "warm_cpu_ms": {"carte": 39.0, "record": 111.0}, "record_runs": 50, "warm_demand_cores": 0.12},
                   {"tier": "metropolis", "database": "postgresql", "officials": 20, "agents": 20, "seconds": 60,
                    "pages": {"carte": page | {"p95_ms": 301.0}}, "all_pages": page | {"p95_ms": 301.0},
                    "visible": {"n": 0, "median_ms": None, "p95_ms": None}, "not_visible": 0, "acknowledged_writes": 0,
                    "stored_writes": 0, "lost_writes": 0, "errors": [], "error_count": 0}]}
    _, md_path = report.write(results, tmp_path)
    text = md_path.read_text(encoding="utf-8")
    assert "metropolis (slowest page; « as warm »: at most 1.2×) | 1.20× | 1.30× | **no** |" in text
    assert "| First run after a write in its commune, metropolis (median, slowest page) | 150 ms | 149 ms | yes |" in text
    # The target is held by the run with the most replicas (the deployment's shape); each run is shown.
    assert "| Officials' page runs while 20 agents write, metropolis, SQLite (p95; most replicas run) | 300 ms | 280 ms | yes |" in text
    assert "| Officials' page runs while 20 agents write, PostgreSQL (p95; most replicas run) | 300 ms | 301 ms | **no** |" in text
    assert "### metropolis tier, sqlite, 1 replica: 20 officials" in text and "| carte | 40 | 120 / 900 |" in text
    assert "### metropolis tier, sqlite, 2 replicas: 20 officials" in text
    assert "| Writes lost in the write-heavy scenario (every store) | 0 | 1 | **no** |" in text
    assert "| pages/communes.py | 100 / 110 | 130 / 140 | 149 / 160 |" in text
    assert "Values acknowledged 30, stored 29, **lost 1**; submitted → drawn: 2 100 / 2 900 ms" in text
    assert "Cores busy during the run: the servers 1.62, the benchmark's own sessions and writes 0.31, of 2" in text
    assert text.count("Cores busy during the run") == 1  # said for the runs that measured it
    assert "nothing written, before the clock): carte 39, an experiment’s record 111. At these costs alone, the 40 " \
           "officials' runs and the agents' 50 runs of their records ask 0.12 cores of 2" in text


def test_officials_browse_while_agents_write_and_no_write_is_lost(tmp_path):
    """The scenario itself, small: the app served by two replicas on a tiny store, 2 officials and 2 agents
    (one of each on each replica) for a few seconds."""
    from qmi.bench import write_heavy
    from qmi.bench.postgres import free_port
    from qmi.bench.runner import app_pages
    from qmi.db import make_engine

    url = f"sqlite:///{tmp_path / 'tiny.db'}"
    engine = make_engine(url)
    generate(engine, TINY)
    before = _count(engine)
    result = write_heavy.run(url, app_pages(), [free_port(), free_port()], lambda _message: None, agents=2, officials=2,
                             seconds=8)
    assert result["database"] == "sqlite" and result["agents"] == 2 and result["replicas"] == 2
    assert result["acknowledged_writes"] >= 2 and result["lost_writes"] == 0, result
    assert result["visible"]["n"] >= 1 and result["not_visible"] == 0, result
    assert result["all_pages"]["n"] >= 4 and result["error_count"] == 0, result["errors"]
    # Before the clock: every official page on each replica, and each agent's records (one or more).
    assert result["steady_state_runs"] >= 2 * len(write_heavy.OFFICIAL_PAGES) + 2, result
    # What a warm run of each page costs the server, and what the scenario's runs would ask at that cost.
    assert set(result["warm_cpu_ms"]) == {*write_heavy.OFFICIAL_PAGES, write_heavy.RECORD}, result["warm_cpu_ms"]
    assert all(ms > 0 for ms in result["warm_cpu_ms"].values()) and result["record_runs"] >= result["visible"]["n"]
    assert 0 < result["warm_demand_cores"] <= result["servers_cpu_per_second"] * 1.5, result
    # The servers served every run: they used CPU, within what the machine's cores can give.
    assert 0 < result["servers_cpu_per_second"] <= result["cores"] and 0 < result["bench_cpu_per_second"] <= result["cores"]
    assert _count(engine) == before  # the values written are taken away again
    engine.dispose()


def _count(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(Measurement)).scalar_one()


def test_a_submitted_value_approved_by_a_second_person_is_on_the_experiment_s_next_page_run(tmp_path):
    """The « submitted → visible » measure finds the value on the page: public pages draw approved values only."""
    from qmi.bench.runner import store_env, time_submission_visible
    from qmi.db import make_engine

    url = f"sqlite:///{tmp_path / 'tiny.db'}"
    engine = make_engine(url)
    generate(engine, TINY)
    before = _count(engine)
    with store_env(url):
        timed = time_submission_visible(engine, 2)
    assert timed["problems"] == [] and timed["n"] == 2, timed
    assert _count(engine) == before  # the values written are taken away again
    engine.dispose()


def test_a_part_kept_over_two_separate_runs_still_names_the_run_that_measured_it():
    from qmi.bench.cli import _merge

    first = {"started_at": "2026-11-30T12:00:00+00:00", "arguments": "--tiers programme,metropolis,national",
             "tiers": {"programme": {"pages": []}, "national": {"pages": []}}, "browser": {"pages": []},
             "notes": ["Tier(s) national: pages not measured in this run: pages/admin.py."]}
    second = {"started_at": "2026-12-03T13:40:00+00:00", "arguments": "--skip-pages", "tiers": {},
              "write_heavy": [{"tier": "metropolis"}], "notes": []}
    _merge(second, first, ["programme", "metropolis", "national"])
    third = {"started_at": "2026-12-03T13:45:00+00:00", "tiers": {"metropolis": {"pages": []}}, "notes": []}
    _merge(third, second, ["programme", "metropolis", "national"])
    assert third["notes"] == [
        "Tier(s) national: pages not measured in this run: pages/admin.py.",
        "The programme tier comes from an earlier run of 2026-11-30T12:00:00+00:00 "
        "(`python -m qmi bench --tiers programme,metropolis,national`).",
        "The national tier comes from an earlier run of 2026-11-30T12:00:00+00:00 "
        "(`python -m qmi bench --tiers programme,metropolis,national`).",
        "Chromium figures come from an earlier run of 2026-11-30T12:00:00+00:00 "
        "(`python -m qmi bench --tiers programme,metropolis,national`).",
        "Write-heavy figures come from an earlier run of 2026-12-03T13:40:00+00:00 (`python -m qmi bench --skip-pages`).",
    ]


def test_the_bytes_of_chart_json_are_read_from_streamlit_s_own_messages():
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    from qmi.bench.runner import chart_bytes

    chart = ForwardMsg()
    chart.delta.new_element.plotly_chart.spec = '{"data": [{"type": "bar"}]}'
    text = ForwardMsg()
    text.delta.new_element.markdown.body = "x" * 500
    assert chart_bytes(chart.SerializeToString()) == len('{"data": [{"type": "bar"}]}')
    assert chart_bytes(text.SerializeToString()) == 0
    assert chart_bytes(b"\xff\xfe not a message") == 0


def test_pages_in_chromium_are_held_to_the_lightest_page_of_the_same_run(tmp_path):
    def page(path, ready, **profile):
        return {"page": path, "url_path": path, "n": 3, "median_ms": ready, "p95_ms": ready, "first_visit_ms": ready,
                "websocket_bytes": 10_000, "profile": profile or None}

    browser = {"first_page_after_start_ms": 1500.0, "pages": [
        page("pages/legal_notice.py", 1400.0, ScriptDuration=310.0, LayoutDuration=40.0, RecalcStyleDuration=30.0,
             elements=400, iframes=0, charts=0, chart_json_bytes=0, tables=0),
        page("pages/themes.py", 2100.0, ScriptDuration=900.4, LayoutDuration=120.0, RecalcStyleDuration=80.0,
             elements=2500, iframes=0, charts=4, chart_json_bytes=48_000, tables=2)]}
    results = {"started_at": "2026-12-03T16:00:00+00:00", "arguments": "", "machine": report.machine(), "tiers": {},
               "browser": browser}
    text = report.write(results, tmp_path)[1].read_text(encoding="utf-8")
    assert ("| Page ready in Chromium ÷ the lightest page of the same run, metropolis (median, slowest page) "
            "| 1.30× | 1.50× | **no** |") in text
    assert "| pages/themes.py | 1.50× | 900 | 120 | 80 | 2500 | 0 | 4 | 48 000 | 2 |" in text
    assert "against pages/legal_notice.py" in text
    browser["pages"][1]["median_ms"] = 1800.0
    text = report.write(results, tmp_path)[1].read_text(encoding="utf-8")
    assert "| 1.30× | 1.29× | yes |" in text


def test_a_page_timed_through_apptest_runs_inside_the_app_as_a_server_runs_it(tmp_path):
    """A page's timed run is app.py around the page (sidebar, language menu, navigation), not the page's
    script alone, so the figures hold what a visitor's run costs."""
    from qmi.bench.runner import _apptest, app_pages, store_env
    from qmi.db import make_engine

    url = f"sqlite:///{tmp_path / 'tiny.db'}"
    engine = make_engine(url)
    generate(engine, TINY)
    [page] = [p for p in app_pages() if p.path == "pages/accessibility.py"]
    with store_env(url):
        at = _apptest(page).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="lang").value == "fr"  # the sidebar of app.py was drawn
    assert at.title[0].value == "Déclaration d'accessibilité"  # around the page asked for
    engine.dispose()
