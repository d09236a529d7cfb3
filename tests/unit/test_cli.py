"""python -m qmi: init, export (the column contract), demo."""

from __future__ import annotations

import csv
import subprocess
import sys

import pytest

from qmi.config import ROOT

CONTRACT = {
    "communes.csv": ["insee_code", "name", "departement", "edition", "latitude", "longitude"],
    "projects.csv": ["id", "name", "organisation", "commune_insee", "edition", "family", "urban_challenge", "status", "is_demo"],
    "assessments.csv": ["project_id", "assessed_on", "deployment", "commercial_traction", "industrialisation",
                        "operational_ease", "financial_stability", "index", "is_demo"],
    "indicators.csv": ["code", "name", "category", "unit"],
    "measurements.csv": ["id", "project_id", "indicator_code", "period_start", "value", "entered_by", "entered_at", "is_demo"],
    "freshness.csv": ["project_slug", "indicator_code", "periodicity", "last_period", "next_due", "state"],
}


def qmi(tmp_path, *args: str) -> subprocess.CompletedProcess:
    env = {"QMI_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}", "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "qmi", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_init_then_export_writes_the_contracted_columns(tmp_path):
    assert qmi(tmp_path, "init").returncode == 0
    assert qmi(tmp_path, "init").returncode == 0
    result = qmi(tmp_path, "export", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    for name, columns in CONTRACT.items():
        with open(tmp_path / "out" / name, encoding="utf-8") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            rows = list(reader)
        assert header[: len(columns)] == columns, name
        assert rows, f"{name} is empty"
    with open(tmp_path / "out" / "communes.csv", encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == 10
    with open(tmp_path / "out" / "assessments.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert all(r["is_demo"] == "True" for r in rows)
    # Whole scores, or a mean of assessors (1.5): the index is their sum either way.
    assert all(float(r["index"]) == sum(float(r[c]) for c in CONTRACT["assessments.csv"][2:7]) for r in rows)


def test_no_demo_and_demo_remove_give_a_clean_store(tmp_path):
    assert qmi(tmp_path, "init", "--no-demo").returncode == 0
    qmi(tmp_path, "export", str(tmp_path / "a"))
    with open(tmp_path / "a" / "assessments.csv", encoding="utf-8") as handle:
        assert len(handle.readlines()) == 1
    assert qmi(tmp_path, "demo", "load").returncode == 0
    assert qmi(tmp_path, "demo", "remove").returncode == 0
    qmi(tmp_path, "export", str(tmp_path / "b"))
    with open(tmp_path / "b" / "measurements.csv", encoding="utf-8") as handle:
        assert len(handle.readlines()) == 1


@pytest.mark.parametrize("command", [[], ["init"], ["export"], ["demo"], ["prepare"]])
def test_every_command_has_help(tmp_path, command):
    result = qmi(tmp_path, *command, "--help")
    assert result.returncode == 0 and "usage" in result.stdout


def test_help_loads_no_heavy_module():
    """``python -m qmi --help`` answers at once: building the parser imports neither pandas, SQL nor Streamlit."""
    import subprocess
    import sys

    probe = ("import sys; from qmi.cli import build_parser; build_parser().format_help(); "
             "print(sorted(m for m in ('pandas', 'sqlalchemy', 'sqlmodel', 'streamlit', 'plotly') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"
