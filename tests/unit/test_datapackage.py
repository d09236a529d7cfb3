"""The open data as a data package (issue #19, items 1–4): Table Schemas in data/schemas held to the export's
columns and the models' constants, frictionless validating every export (demo, empty, record, synthetic), an
export that would not validate refused with nothing written, the measurement import held to the same schema,
the Baromètre's indicateurs_avancement.csv and its formula, and the DCAT-AP catalogue."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlmodel import Session

from qmi.bench.synthetic import TIERS, generate
from qmi.config import ROOT, SCHEMA_DIR
from qmi.db import read_session, write_session
from qmi.domain import progress
from qmi.domain.evidence import LEVELS
from qmi.domain.scoring import CONSOLIDATED, MEAN, SINGLE
from qmi.domain.tableschema import field_problem
from qmi.domain.transfers import OUTCOMES
from qmi.files import table_schema
from qmi.i18n import t, tn
from qmi.i18n.sources import title
from qmi.models import (
    ASSESSOR_KINDS,
    CLASSIFICATION_STATES,
    CRITERIA,
    DATE_PRECISIONS,
    DIRECTIONS,
    EVIDENCE_KINDS,
    LESSON_KINDS,
    MEASUREMENT_STATES,
    REVIEW_STATES,
    TRANSFER_STAGES,
    VALUE_TYPES,
    Indicator,
    Measurement,
    Project,
    ProtocolIndicator,
    User,
)
from qmi.outputs import datapackage
from qmi.outputs.datapackage import FILES, ExportRefused, catalogue_descriptor, export_package, package_descriptor
from qmi.outputs.tables import open_data_tables
from qmi.queries.indicators import progress_table
from qmi.services.imports import import_measurements
from qmi.services.validation import SOURCE_MAX
from tests.values import approved

# Every field whose values are one of a model's constants: the schema's enum is that constant.
ENUMS = {
    ("projects", "challenge_status"): CLASSIFICATION_STATES,
    ("projects", "status"): ("0", "1", "2", "3", "abandoned"),
    ("assessments", "score_basis"): (CONSOLIDATED, MEAN, SINGLE),
    ("assessor_scores", "kind"): ASSESSOR_KINDS,
    ("indicators", "value_type"): VALUE_TYPES,
    ("indicators", "direction"): DIRECTIONS,
    ("measurements", "state"): MEASUREMENT_STATES,
    ("measurements", "review_state"): REVIEW_STATES,
    ("events", "date_precision"): DATE_PRECISIONS,
    ("lessons", "kind"): LESSON_KINDS,
    ("field_evidence", "date_precision"): DATE_PRECISIONS,
    ("field_evidence", "kind"): EVIDENCE_KINDS,
    ("transfers", "stage"): TRANSFER_STAGES,
    ("transfers", "outcome"): OUTCOMES,
    ("indicateurs_avancement", "direction"): DIRECTIONS,
}


MARKUP = "**x** <b>y</b> [l](javascript:alert(1))"


def _field(file: str, name: str) -> dict:
    return next(f for f in table_schema(file)["fields"] if f["name"] == name)


def _problems(folder) -> list:
    return datapackage.validate_folder(folder)


# --- the schemas -------------------------------------------------------------------------------------


def test_every_export_file_has_a_schema_listing_its_columns_in_order(demo_engine):
    tables = open_data_tables(demo_engine)
    assert list(tables) == list(FILES)
    assert sorted(p.name for p in SCHEMA_DIR.iterdir() if p.is_dir()) == sorted(FILES)
    for file, table in tables.items():
        assert [f["name"] for f in table_schema(file)["fields"]] == list(table.columns), file


def test_the_schemas_follow_schema_data_gouv_fr(demo_engine):
    for file in FILES:
        folder = SCHEMA_DIR / file
        assert (folder / "exemple-valide.csv").is_file() and (folder / "CHANGELOG.md").is_file(), file
        schema = table_schema(file)
        assert re.fullmatch(r"\d+\.\d+\.\d+", schema["version"]), file  # semver
        headings = [line for line in (folder / "CHANGELOG.md").read_text(encoding="utf-8").splitlines()
                    if line.startswith("## ")]
        assert headings[0].startswith(f"## {schema['version']} "), file  # the newest entry is the schema's version
        assert schema["licenses"] == [{"name": "etalab-2.0", "title": "Licence Ouverte / Open Licence version 2.0",
                                      "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"}]
        assert schema["title"] and schema["description"] and schema["contributors"] and schema["sources"], file
        for field in schema["fields"]:
            assert field["title"] and field["description"], (file, field["name"])
        assert schema.get("primaryKey") or file in ("assessments", "assessor_scores"), file
        for key in schema.get("foreignKeys", []):
            target = key["reference"]["resource"] or datapackage.resource_name(file)
            assert target in {datapackage.resource_name(f) for f in FILES}, (file, key)
    assert title("edition1_review") in [s["title"] for s in table_schema("projects")["sources"]]


def test_the_enums_are_the_models_constants_and_the_scores_are_0_to_3():
    for (file, name), values in ENUMS.items():
        assert _field(file, name)["constraints"]["enum"] == list(values), (file, name)
    for file in ("assessments", "assessor_scores"):
        for criterion in CRITERIA:
            constraints = _field(file, criterion)["constraints"]
            assert (constraints["minimum"], constraints["maximum"], constraints["required"]) == (0, 3, True)
    assert _field("assessor_scores", "deployment")["type"] == "integer"  # one assessor's whole score
    assert _field("assessments", "deployment")["type"] == "number"  # a mean of assessors may be 1.5
    assert (_field("assessments", "index")["constraints"]["maximum"]) == 15
    level = _field("evidence_levels", "level")["constraints"]
    assert (level["minimum"], level["maximum"]) == (LEVELS[0], LEVELS[-1])
    assert _field("measurements", "source")["constraints"]["maxLength"] == SOURCE_MAX  # what the forms accept


def test_each_valid_example_validates_against_its_schema():
    from frictionless import Resource, Schema

    for file in FILES:
        schema = datapackage.file_schema(file)
        # Alone, an example has no other file to refer to: its references to other files are left aside.
        schema["foreignKeys"] = [k for k in schema.get("foreignKeys", []) if not k["reference"]["resource"]]
        if not schema["foreignKeys"]:
            del schema["foreignKeys"]
        resource = Resource(path="exemple-valide.csv", basepath=str(SCHEMA_DIR / file), schema=Schema.from_descriptor(schema))
        report = resource.validate()
        assert report.valid, (file, report.flatten(["rowNumber", "fieldName", "type", "note"]))
        assert report.tasks[0].stats["rows"] >= 2, file


# --- every export validates ---------------------------------------------------------------------------


@pytest.mark.parametrize("store", ["demo_engine", "empty_engine", "engine"])
def test_frictionless_validates_the_export(store, request, tmp_path):
    engine = request.getfixturevalue(store)
    written = export_package(engine, tmp_path / "exports" / "out")
    assert {p.name for p in written} == {f"{f}.csv" for f in FILES} | {"datapackage.json", "catalogue.jsonld"}
    assert _problems(tmp_path / "exports" / "out") == []
    from frictionless import Package

    report = Package(str(tmp_path / "exports" / "out" / "datapackage.json")).validate()
    assert report.valid and len(report.tasks) == len(FILES)
    assert [p.name for p in (tmp_path / "exports").iterdir()] == ["out"]  # the temporary folder is gone


def test_frictionless_validates_the_export_of_a_synthetic_store(empty_engine, tmp_path):
    """The programme tier (80 experiments, 5 000 measurements): the national one is timed in the benchmark."""
    generate(empty_engine, TIERS["programme"])
    export_package(empty_engine, tmp_path / "out")
    with open(tmp_path / "out" / "measurements.csv", encoding="utf-8") as handle:
        assert sum(1 for _ in handle) == 5_000 + 1
    assert _problems(tmp_path / "out") == []


def test_the_frictionless_command_line_validates_the_demo_export(demo_engine, tmp_path):
    export_package(demo_engine, tmp_path / "out")
    command = Path(sys.executable).with_name("frictionless")  # the client installed beside the tests' Python
    result = subprocess.run([str(command), "validate", "datapackage.json"],
                            cwd=tmp_path / "out", capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-2000:]
    assert "INVALID" not in result.stdout


def _hostile_measurement(engine, source: str) -> None:
    with write_session(engine) as session:
        project = session.scalars(select(Project).order_by(Project.id)).first()
        code = session.scalars(select(Indicator.code).order_by(Indicator.code)).first()
        session.add(approved(project_id=project.id, indicator_code=code, period_start=date(2016, 1, 1), value=1.0,
                             source=source, is_demo=True, entered_by="test"))  # approved: the export publishes it


def test_an_export_that_would_not_validate_is_refused_and_nothing_is_written(demo_engine, tmp_path):
    _hostile_measurement(demo_engine, "x" * 501)  # the store takes it; measurements.csv's schema says 500 at most
    with pytest.raises(ExportRefused) as refused:
        export_package(demo_engine, tmp_path / "exports" / "out")
    assert list((tmp_path / "exports").iterdir()) == []  # neither OUTDIR nor the temporary folder
    [problem] = refused.value.problems
    assert (problem.file, problem.field, problem.kind) == ("measurements.csv", "source", "constraint-error")
    assert problem.why == t("opendata.error.constraint-error", cell="x" * 60 + "…",
                            constraint=t("opendata.constraint.maxLength", value=500))
    lines = refused.value.lines()
    assert lines[0] == tn("opendata.refused", 1, outdir=tmp_path / "exports" / "out")
    assert lines[0].startswith("Export refusé : un problème, les fichiers ne respectent pas leur schéma.")
    assert lines[1].startswith(f"- measurements.csv, ligne {problem.row}, colonne « source » : ")


def test_a_refused_export_leaves_the_previous_one_as_it_was(demo_engine, tmp_path):
    export_package(demo_engine, tmp_path / "out")
    before = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    _hostile_measurement(demo_engine, "y" * 600)
    with pytest.raises(ExportRefused):
        export_package(demo_engine, tmp_path / "out")
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == before


def test_500_characters_of_source_are_exported(demo_engine, tmp_path):
    _hostile_measurement(demo_engine, "z" * 500)
    export_package(demo_engine, tmp_path / "out")
    assert ("z" * 500) in (tmp_path / "out" / "measurements.csv").read_text(encoding="utf-8")


def test_the_command_prints_the_report_in_french_and_fails(tmp_path):
    env = {"QMI_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}", "PATH": "/usr/bin:/bin"}

    def qmi(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "qmi", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=180)

    assert qmi("init").returncode == 0
    from qmi.db import make_engine

    engine = make_engine(env["QMI_DATABASE_URL"])
    _hostile_measurement(engine, "w" * 501)
    engine.dispose()
    result = qmi("export", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "Export refusé : un problème, les fichiers ne respectent pas leur schéma. Rien n'a été écrit" in result.stderr
    assert "colonne « source » : « www" in result.stderr and "au plus 500 caractères" in result.stderr
    assert not (tmp_path / "out").exists()


def test_the_export_keeps_the_formula_guard(engine, tmp_path):
    from qmi.models import ProgrammeFigure

    with write_session(engine) as session:
        session.add(ProgrammeFigure(key="hostile", label="=HYPERLINK(\"http://evil\")", value=1, display="1", unit="",
                                    source="@SUM(A1)", position=99))
        session.add(ProgrammeFigure(key="markup", label=MARKUP, value=2, display="2", unit="", source=MARKUP, position=98))
    export_package(engine, tmp_path / "out")  # validated: a typed text is any text
    text = (tmp_path / "out" / "figures.csv").read_text(encoding="utf-8")
    rows = {row["key"]: row for row in csv.DictReader(io.StringIO(text, newline=""))}
    assert rows["hostile"]["label"] == "'=HYPERLINK(\"http://evil\")"
    assert rows["hostile"]["source"] == "'@SUM(A1)"
    assert rows["markup"]["label"] == MARKUP  # data, written as typed
    package = (tmp_path / "out" / "datapackage.json").read_text(encoding="utf-8")
    assert "javascript" not in package and "@SUM" not in package  # a typed source is no document of the package


def test_the_pages_do_not_import_the_validator():
    code = "import sys, qmi.outputs.datapackage, qmi.services.imports; print('frictionless' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False", result.stderr


# --- the package descriptor ----------------------------------------------------------------------------


def test_the_package_names_its_licence_sources_version_and_schemas(demo_engine):
    package = package_descriptor(demo_engine)
    assert package["version"] == "1.0.0"
    assert package["licenses"][0]["name"] == "etalab-2.0"
    sources = [s["title"] for s in package["sources"]]
    assert title("edition1_review") in sources and title("geography") in sources
    assert t("opendata.source.demo") in sources
    assert not any(".txt" in s for s in sources)  # documents by their titles, never by file name
    assert [r["name"] for r in package["resources"]] == [datapackage.resource_name(f) for f in FILES]
    measurements = package["resources"][FILES.index("measurements")]
    assert measurements["path"] == "measurements.csv"
    assert measurements["schema"]["fields"] == table_schema("measurements")["fields"]
    assert "$schema" not in measurements["schema"]
    online = package_descriptor(demo_engine, base="https://qmi.example.org", urls=True)
    assert online["resources"][0]["path"] == "https://qmi.example.org/api/v1/export/communes.csv"


# --- the import holds its rows to the measurements schema -----------------------------------------------


def test_a_field_fits_its_schema_on_both_sides_of_each_limit():
    score = {"name": "s", "type": "number", "constraints": {"required": True, "minimum": 0, "maximum": 3}}
    assert field_problem(score, 0) is None and field_problem(score, 3) is None
    assert field_problem(score, -0.5) == ("minimum", 0)
    assert field_problem(score, 3.5) == ("maximum", 3)
    assert field_problem(score, None) == ("required", True)
    assert field_problem(score, "2") == ("type", "number")
    text = {"name": "source", "type": "string", "constraints": {"maxLength": 500}}
    assert field_problem(text, "a" * 500) is None
    assert field_problem(text, "a" * 501) == ("maxLength", 500)
    assert field_problem(text, "") is None
    state = _field("measurements", "state")
    assert field_problem(state, "active") is None
    assert field_problem(state, "actif") == ("enum", list(MEASUREMENT_STATES))
    whole = {"name": "n", "type": "integer"}
    assert field_problem(whole, 2) is None and field_problem(whole, 2.5) == ("type", "integer")
    assert field_problem(whole, True) == ("type", "integer")


def test_the_import_refuses_a_row_out_of_the_measurements_schema(demo_engine, monkeypatch):
    from qmi.services import imports

    with read_session(demo_engine) as session:
        protocol = session.execute(select(ProtocolIndicator, Project, Indicator)
                                .join(Project, Project.id == ProtocolIndicator.project_id)
                                .join(Indicator, Indicator.code == ProtocolIndicator.indicator_code)
                                .where(Indicator.value_type == "number", Project.start_date.is_not(None))
                                .order_by(ProtocolIndicator.id)).first()
    _, project, indicator = protocol
    low = indicator.min_value or 0
    schema = table_schema("measurements")
    for field in schema["fields"]:
        if field["name"] == "value":  # the schema, stricter than the indicator: the import follows the schema
            field["constraints"] = {"required": True, "maximum": low + 1}
    monkeypatch.setattr(imports, "table_schema", lambda name: schema)
    with Session(demo_engine, expire_on_commit=False) as session:
        user = User(username="staff1", password_hash="-", role="staff")
        session.add(user)
        session.commit()
    day, next_day = project.start_date + timedelta(days=1), project.start_date + timedelta(days=2)  # not a demo period
    rows = f"experimentation;indicateur;debut_periode;valeur\n{project.slug};{indicator.code};{day:%d/%m/%Y};{low + 1}\n" \
           f"{project.slug};{indicator.code};{next_day:%d/%m/%Y};{low + 2}\n"
    report = import_measurements(demo_engine, user, rows.encode(), "mesures.csv", today=date(2026, 12, 1))
    assert report.written == 0
    [problem] = report.problems
    assert problem.row == 3
    limit = t("valid.schema.maximum", limit=f"{low + 1:g}".replace(".", ","))
    assert problem.why == limit
    with read_session(demo_engine) as session:
        assert session.scalars(select(Measurement).where(Measurement.period_start.in_([day, next_day]),
                                                      Measurement.project_id == project.id,
                                                      Measurement.indicator_code == indicator.code,
                                                      Measurement.entered_by == "staff1")).first() is None


# --- the Baromètre's shape -----------------------------------------------------------------------------


def test_the_progress_rate_at_and_around_100_percent():
    assert progress.rate(10.0, 20.0, 20.0) == 100.0  # exactly at the target
    assert progress.rate(10.0, 20.0, 19.999) == 99.99
    assert progress.rate(10.0, 20.0, 20.001) == 100.01  # past it: not clipped
    assert progress.rate(40.0, 30.0, 35.0) == 50.0  # lower is better: the same formula
    assert progress.rate(40.0, 30.0, 30.0) == 100.0
    assert progress.rate(10.0, 20.0, 5.0) == -50.0  # moved away from the target
    assert progress.rate(10.0, 10.0, 12.0) is None  # no planned change
    assert progress.rate(None, 20.0, 12.0) is None and progress.rate(10.0, 20.0, None) is None


def test_the_progress_file_has_one_row_per_experiment_and_protocol_indicator(demo_engine):
    rows = progress_table(demo_engine)
    with read_session(demo_engine) as session:
        shown = session.scalars(select(ProtocolIndicator.id).join(Project, Project.id == ProtocolIndicator.project_id)
                             .where(Project.archived.is_(False))).all()
    assert len(rows) == len(shown) > 0
    assert not rows.duplicated(["project_slug", "indicator_code"]).any()
    row = rows[rows["valeur_actuelle"].notna() & rows["valeur_initiale"].notna() & rows["valeur_cible"].notna()
               & (rows["valeur_initiale"] != rows["valeur_cible"])].iloc[0]
    assert row["taux_avancement"] == round(100 * (row["valeur_actuelle"] - row["valeur_initiale"])
                                           / (row["valeur_cible"] - row["valeur_initiale"]), 2)


def test_a_value_at_the_target_is_100_percent_and_archived_experiments_are_left_out(engine):
    with write_session(engine) as session:
        project = session.scalars(select(Project).order_by(Project.id)).first()
        other = session.scalars(select(Project).order_by(Project.id.desc())).first()
        code = session.scalars(select(Indicator.code).where(Indicator.value_type == "number")
                            .order_by(Indicator.code)).first()
        for p in (project, other):
            session.add(ProtocolIndicator(project_id=p.id, indicator_code=code, baseline=10.0, target=20.0))
        session.add(approved(project_id=project.id, indicator_code=code, period_start=date(2024, 1, 1), value=12.0,
                             source="relevé", entered_by="test"))
        session.add(approved(project_id=project.id, indicator_code=code, period_start=date(2024, 6, 1), value=20.0,
                             source="relevé", entered_by="test"))
        other.archived = True
        session.add(other)
        slug, other_slug = project.slug, other.slug
    rows = progress_table(engine)
    mine = rows[(rows["project_slug"] == slug) & (rows["indicator_code"] == code)].iloc[0]
    assert mine["valeur_actuelle"] == 20.0 and mine["taux_avancement"] == 100.0
    assert str(mine["date_valeur_actuelle"]) == "2024-06-01"
    assert bool(mine["is_demo"]) is False
    assert other_slug not in set(rows["project_slug"])


# --- the DCAT catalogue ----------------------------------------------------------------------------------


def test_the_catalogue_describes_every_file_as_a_dcat_dataset(demo_engine):
    tables = open_data_tables(demo_engine)
    catalogue = catalogue_descriptor(demo_engine, tables)
    assert {"dcat", "dct", "foaf", "vcard"} <= set(catalogue["@context"])
    assert catalogue["@type"] == "dcat:Catalog"
    datasets = catalogue["dcat:dataset"]
    assert [d["dct:identifier"].rsplit("/", 1)[1] for d in datasets] == [datapackage.resource_name(f) for f in FILES]
    for dataset, file in zip(datasets, FILES):
        assert dataset["@type"] == "dcat:Dataset"
        assert dataset["dct:title"] == {"@value": table_schema(file)["title"], "@language": "fr"}
        assert dataset["dct:description"]["@value"] == table_schema(file)["description"]
        assert dataset["dct:publisher"]["foaf:name"] == "Métropole du Grand Paris / Paris&Co"
        assert dataset["dct:license"] == {"@id": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"}
        assert dataset["dct:accrualPeriodicity"]["@id"].startswith("http://publications.europa.eu/resource/authority/frequency/")
        [distribution] = dataset["dcat:distribution"]
        assert distribution["dcat:downloadURL"] == {"@id": f"http://localhost:8501/api/v1/export/{file}.csv"}
        assert dataset["dct:spatial"]
    measurements = datasets[FILES.index("measurements")]
    assert measurements["dct:temporal"]["dcat:startDate"]["@value"] == str(min(tables["measurements"]["period_start"]))
    assert measurements["dct:temporal"]["dcat:endDate"]["@value"] == str(max(tables["measurements"]["period_start"]))
    communes = datasets[FILES.index("communes")]
    assert {"@id": "http://id.insee.fr/geo/commune/92071"} in communes["dct:spatial"]
    assert len(communes["dct:spatial"]) == len(tables["communes"])
    assert "dct:temporal" not in communes  # no date in the communes' file


def test_the_catalogue_publisher_and_addresses_are_configured(demo_engine, monkeypatch, tmp_path):
    monkeypatch.setenv("QMI_DATA_PUBLISHER", "Ville de Sceaux")
    monkeypatch.setenv("QMI_PUBLIC_BASE_URL", "https://qmi.example.org/")
    export_package(demo_engine, tmp_path / "out")
    catalogue = json.loads((tmp_path / "out" / "catalogue.jsonld").read_text(encoding="utf-8"))
    dataset = catalogue["dcat:dataset"][0]
    assert dataset["dct:publisher"]["foaf:name"] == "Ville de Sceaux"
    assert dataset["dcat:distribution"][0]["dcat:downloadURL"]["@id"] == "https://qmi.example.org/api/v1/export/communes.csv"
    assert catalogue["@id"] == "https://qmi.example.org/api/v1/catalogue.jsonld"


def test_the_report_lists_50_problems_then_counts_the_rest(tmp_path):
    problem = datapackage.Problem("measurements.csv", 2, "value", "type-error", "« abc » n'est pas du type attendu (nombre)")
    assert len(ExportRefused([problem] * 50, tmp_path).lines()) == 1 + 50
    lines = ExportRefused([problem] * 52, tmp_path).lines()
    assert len(lines) == 1 + 50 + 1 and lines[-1] == "… et 2 autres problèmes."
    assert lines[1] == "- measurements.csv, ligne 2, colonne « value » : « abc » n'est pas du type attendu (nombre)"
    assert ExportRefused([problem] * 51, tmp_path).lines()[-1] == "… et un autre problème."
