"""The read-only HTTP API (/api/v1) over the demo store, through Starlette's TestClient (httpx): every
route, a battery of bad input sent to every route, ETag and 304, the page-size cap, QMI_API=off, the
rate limit, nothing private exposed, and the same rows as the open-data export."""

from __future__ import annotations

import dataclasses
import io

import pandas as pd
import pytest
from sqlalchemy import update
from sqlmodel import Session
from starlette.applications import Starlette
from starlette.testclient import TestClient

from qmi.config import get_settings
from qmi.domain.progress import rate
from qmi.models import Measurement, Project
from qmi.outputs import api, links
from qmi.outputs.tables import csv_text, neutralise, open_data_tables
from qmi.queries.indicators import project_protocol
from qmi.services import measurements as measurement_service
from qmi.services import reviews
from tests.unit.store_rows import STAFF, make_user

BASE = "http://testserver"
LISTS = ("communes", "experiments", "measurements", "indicators", "progress")
ROUTES = (*LISTS, "communes/92071", "experiments/pelican", "export/communes.csv")
EXPORT_FILES = ("communes", "projects", "assessments", "assessor_scores", "indicators", "measurements", "events",
                "figures", "lessons", "field_evidence", "transfers", "evidence_levels", "freshness",
                "indicateurs_avancement")


def settings(**changes):
    return dataclasses.replace(get_settings(), **changes)


def client_for(engine, **changes) -> TestClient:
    return TestClient(Starlette(routes=api.routes(settings(**changes), engine)))


@pytest.fixture
def client(demo_engine) -> TestClient:
    return client_for(demo_engine)


def everything(client: TestClient, route: str) -> list[dict]:
    """Every item of a list, page after page, following ``next``."""
    items, url = [], f"/api/v1/{route}"
    while url:
        body = client.get(url).json()
        items += body["items"]
        url = body["next"]
    return items


def export_rows(engine, name: str) -> list[dict]:
    """A file of the export as a reader of the CSV gets it (text cells; blanks as None)."""
    table = pd.read_csv(io.StringIO(csv_text(open_data_tables(engine)[name])), dtype=str, keep_default_na=False)
    return [{k: (v or None) for k, v in row.items()} for row in table.to_dict("records")]


def as_text(value: object) -> str | None:
    """A JSON value as the CSV writes it (a CSV has no difference between "" and a blank)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "True" if value else "False"
    return str(value)


# --- every route ------------------------------------------------------------------------------

@pytest.mark.parametrize("route", ROUTES)
def test_every_route_answers_with_an_etag_and_read_only_cors(client, route):
    response = client.get(f"/api/v1/{route}")
    assert response.status_code == 200, response.text
    assert response.headers["etag"].startswith('"')
    assert response.headers["cache-control"] == "public, no-cache"
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["x-content-type-options"] == "nosniff"
    if not route.endswith(".csv"):
        assert response.headers["content-type"] == "application/json"
        assert response.json()


@pytest.mark.parametrize("route", LISTS)
def test_each_item_of_a_list_carries_its_page_url(client, route):
    items = client.get(f"/api/v1/{route}").json()["items"]
    assert items and all(item["url"].startswith(f"{BASE}/") for item in items)


def test_an_experiment_links_to_its_page_and_its_values(client):
    body = client.get("/api/v1/experiments/pelican").json()
    assert body["slug"] == "pelican"
    assert body["url"] == links.public_url("experimentation", "pelican", BASE) == f"{BASE}/experimentations?experimentation=pelican"
    assert body["measurements"] == f"{BASE}/api/v1/measurements?experiment=pelican"
    assert client.get(body["measurements"]).status_code == 200


def test_a_commune_links_to_its_page(client):
    assert client.get("/api/v1/communes/92071").json()["url"] == f"{BASE}/communes?commune=92071"


def test_the_configured_public_address_starts_the_page_urls(demo_engine):
    client = client_for(demo_engine, public_base_url="https://qmi.example.fr")
    assert client.get("/api/v1/experiments/pelican").json()["url"] == "https://qmi.example.fr/experimentations?experimentation=pelican"


def test_the_record_page_and_the_api_agree_on_the_address_of_the_json():
    assert links.api_url("experimentation", "pelican", "https://qmi.example.fr") == "https://qmi.example.fr/api/v1/experiments/pelican"
    assert links.api_url("commune", "92071") == "/api/v1/communes/92071"


def test_the_openapi_description_lists_every_route(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/experiments", "/api/v1/experiments/{slug}", "/api/v1/measurements", "/api/v1/progress",
            "/api/v1/export/{name}.csv", "/api/v1/indicators", "/api/v1/communes"} <= set(paths)
    assert [p["name"] for p in paths["/api/v1/measurements"]["get"]["parameters"]] == [
        "experiment", "indicator", "since", "page", "per_page"]


# --- the same rows as the export --------------------------------------------------------------

@pytest.mark.parametrize("name", EXPORT_FILES)
def test_every_export_file_is_served_as_the_export_writes_it(client, demo_engine, name):
    response = client.get(f"/api/v1/export/{name}.csv")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.content == csv_text(open_data_tables(demo_engine)[name]).encode("utf-8")


def test_the_export_routes_are_every_file_of_the_export(demo_engine):
    assert tuple(open_data_tables(demo_engine)) == EXPORT_FILES


@pytest.mark.parametrize(("route", "name", "key", "left_out"), [
    ("communes", "communes", "insee_code", ()),
    ("experiments", "projects", "id", ()),
    ("indicators", "indicators", "code", ()),
    ("measurements", "measurements", "id", ("entered_by", "reviewed_by")),
])
def test_a_list_holds_the_export_rows_with_the_export_column_names(client, demo_engine, route, name, key, left_out):
    exported = export_rows(demo_engine, name)
    items = everything(client, route)
    assert list(items[0]) == [c for c in exported[0] if c not in left_out] + ["url"]
    by_key = {row[key]: row for row in exported}
    for item in items:
        row = by_key[str(item[key])]
        for column, value in item.items():
            if column == "url" or column in ("entered_at", "reviewed_at", "latitude", "longitude", "area_km2", "value",
                                             "min_value", "max_value"):
                continue  # numbers and times: compared below as numbers
            # The CSV guards a cell a spreadsheet would run (« '% »); JSON is read by programs, as typed.
            assert neutralise(as_text(value)) == row[column], (item[key], column)
    numeric = [c for c in ("latitude", "longitude", "area_km2", "value", "min_value", "max_value") if c in items[0]]
    for item in items:
        for column in numeric:
            expected = by_key[str(item[key])][column]
            assert (item[column] is None and expected is None) or float(expected) == pytest.approx(item[column])


def test_the_lists_hold_every_public_row_of_the_export(client, demo_engine):
    tables = open_data_tables(demo_engine)
    projects = tables["projects"]
    public_ids = set(projects.loc[~projects["archived"].astype(bool), "id"])
    assert {item["id"] for item in everything(client, "experiments")} == public_ids
    values = tables["measurements"]
    published = set(values.loc[(values["state"] == "active") & values["project_id"].isin(public_ids), "id"])
    assert {item["id"] for item in everything(client, "measurements")} == published
    assert len(everything(client, "communes")) == len(tables["communes"])


# --- what is never exposed --------------------------------------------------------------------

def test_archived_experiments_and_withdrawn_values_are_left_out(demo_engine):
    client = client_for(demo_engine)
    staff = make_user(demo_engine, "claire-secret", STAFF)
    pelican_values = everything(client, "measurements?experiment=pelican")
    assert pelican_values
    withdrawn = pelican_values[0]["id"]
    measurement_service.retract(demo_engine, staff, withdrawn, "Erreur de saisie")  # asked: still published
    assert withdrawn in {item["id"] for item in everything(client, "measurements")}
    reviews.approve(demo_engine, make_user(demo_engine, "reviewer", STAFF), withdrawn)  # a second person approves
    assert withdrawn not in {item["id"] for item in everything(client, "measurements")}
    with Session(demo_engine) as session:
        session.execute(update(Project).where(Project.slug == "pelican").values(archived=True))
        session.commit()
    response = client.get("/api/v1/experiments/pelican")
    assert response.status_code == 404 and response.json()["error"] == "not_found"
    assert "pelican" not in {item["slug"] for item in everything(client, "experiments")}
    assert client.get("/api/v1/measurements?experiment=pelican").status_code == 404
    assert "pelican" not in {item["project_slug"] for item in everything(client, "progress")}
    assert not [i for i in everything(client, "measurements") if i["url"].endswith("=pelican")]


def test_no_account_and_no_audit_entry_is_ever_sent(demo_engine):
    staff = make_user(demo_engine, "claire-secret", STAFF)
    with Session(demo_engine) as session:
        session.execute(update(Measurement).where(Measurement.id == 1).values(entered_by="claire-secret"))
        session.commit()
    measurement_service.retract(demo_engine, staff, 2, "motif-secret")  # an audit entry that names the account
    client = client_for(demo_engine)
    for route in LISTS:
        text = "".join(client.get(url).text for url in _pages(client, route))
        for private in ("claire-secret", "motif-secret", "password", "audit", "session_version", "is_validator"):
            assert private not in text, (route, private)
    for path in ("users", "user", "auditlog", "audit_log", "accounts"):
        assert client.get(f"/api/v1/{path}").status_code == 404
        assert client.get(f"/api/v1/export/{path}.csv").status_code == 404


def _pages(client: TestClient, route: str) -> list[str]:
    urls, url = [], f"/api/v1/{route}"
    while url:
        urls.append(url)
        url = client.get(url).json()["next"]
    return urls


def test_demo_rows_carry_is_demo(client):
    values = everything(client, "measurements")
    assert values and all(isinstance(item["is_demo"], bool) for item in values)
    assert any(item["is_demo"] for item in values)
    assert all(item["is_demo"] for item in everything(client, "progress") if item["valeur_actuelle"] is not None
               and item["project_slug"] == "atelier-baskets-pinces-a-linge")


def test_progress_is_the_dashboards_progress(client, demo_engine):
    rows = [r for r in everything(client, "progress?experiment=soy-pv")]
    protocol = project_protocol(demo_engine, client.get("/api/v1/experiments/soy-pv").json()["id"])
    assert {r["indicator_code"] for r in rows} == set(protocol["indicator_code"])
    for row in rows:
        expected = protocol.set_index("indicator_code").loc[row["indicator_code"]]
        assert row["valeur_initiale"] == expected["baseline"] and row["valeur_cible"] == expected["target"]
        assert row["valeur_actuelle"] == pytest.approx(expected["latest_value"])
        assert row["taux_avancement"] == rate(row["valeur_initiale"], row["valeur_cible"], row["valeur_actuelle"])
        assert row["taux_avancement"] == pytest.approx(100 * expected["progress"], abs=0.005)  # in percent


# --- filters and pages ------------------------------------------------------------------------

def test_measurements_filter_by_experiment_indicator_and_period(client):
    rows = everything(client, "measurements?experiment=soy-pv")
    assert rows and {r["url"] for r in rows} == {f"{BASE}/experimentations?experimentation=soy-pv"}
    code = rows[0]["indicator_code"]
    one = everything(client, f"measurements?experiment=soy-pv&indicator={code}")
    assert one and {r["indicator_code"] for r in one} == {code}
    days = sorted(r["period_start"] for r in one)
    later = everything(client, f"measurements?experiment=soy-pv&indicator={code}&since={days[-1]}")
    assert [r["period_start"] for r in later] == [days[-1]]


def test_a_page_holds_at_most_100_items(client):
    body = client.get("/api/v1/measurements?per_page=100").json()
    assert len(body["items"]) == 100 and body["per_page"] == 100
    assert len(client.get("/api/v1/measurements").json()["items"]) == 100  # the default
    refused = client.get("/api/v1/measurements?per_page=101")
    assert refused.status_code == 400 and refused.json()["error"] == "bad_parameter"


def test_pages_follow_each_other_without_a_gap(client):
    first = client.get("/api/v1/experiments?per_page=10").json()
    second = client.get(first["next"]).json()
    assert first["previous"] is None and second["page"] == 2 and second["previous"]
    assert first["items"][-1]["id"] < second["items"][0]["id"]
    assert client.get("/api/v1/experiments?per_page=10").headers["link"] == f'<{first["next"]}>; rel="next"'


def test_a_page_past_the_last_is_404_and_the_last_has_no_next(client):
    total = len(everything(client, "experiments"))
    last = client.get(f"/api/v1/experiments?per_page=10&page={(total - 1) // 10 + 1}").json()
    assert last["next"] is None and last["items"]
    past = client.get(f"/api/v1/experiments?per_page=10&page={(total - 1) // 10 + 2}")
    assert past.status_code == 404 and past.json()["error"] == "page_out_of_range"


def test_page_numbers_from_1_to_100000(client):
    assert client.get("/api/v1/communes?page=1").status_code == 200
    assert client.get("/api/v1/communes?page=0").status_code == 400
    assert client.get("/api/v1/communes?page=100000").json()["error"] == "page_out_of_range"
    assert client.get("/api/v1/communes?page=100001").json()["error"] == "bad_parameter"
    assert client.get("/api/v1/communes?per_page=1").status_code == 200


# --- bad input --------------------------------------------------------------------------------

BAD_QUERIES = (
    "zzz=1", "page=-1", "page=0", "page=abc", "page=1.5", "page=99999999999999999999", "page=", "per_page=101",
    "per_page=0", "per_page=-5", "page=1&page=2", "since=2025-13-45", "since=hier", "since=2025-02-30",
    "experiment=%27%20OR%201%3D1%20--", "experiment=x%00y", "indicator=%27%3B%20DROP%20TABLE%20measurement%3B--",
    "experiment=" + "a" * 500, "indicator=%E2%80%AE", "page=%F0%9F%98%80", "experiment=inconnue-xyz",
    "indicator=NOPE-NOPE",
)


@pytest.mark.parametrize("route", (*LISTS, "communes/92071", "experiments/pelican", "export/communes.csv"))
@pytest.mark.parametrize("query", BAD_QUERIES)
def test_bad_input_is_a_json_error_in_french_never_a_500(client, route, query):
    response = client.get(f"/api/v1/{route}?{query}")
    assert response.status_code in (400, 404), response.text
    body = response.json()
    assert set(body) == {"error", "message"} and body["message"]
    assert any(word in body["message"] for word in ("Paramètre", "paramètre", "page", "Aucun", "Aucune"))


@pytest.mark.parametrize("path", (
    "experiments/inconnue", "experiments/%27%20OR%201%3D1%20--", "experiments/" + "x" * 300, "communes/00000",
    "communes/%27%3B--", "export/users.csv", "export/..%2F..%2Fetc%2Fpasswd.csv", "export/Measurements.csv",
    "nothing", "experiments/pelican/extra", "v2/experiments",
))
def test_an_unknown_address_is_a_json_404(client, path):
    response = client.get(f"/api/v1/{path}")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found" and response.json()["message"]


def test_the_expected_error_codes(client):
    assert client.get("/api/v1/experiments?zzz=1").json() == {
        "error": "unknown_parameter", "message": "Paramètre inconnu : zzz. Paramètres acceptés : page, per_page."}
    assert client.get("/api/v1/measurements?experiment=inconnue-xyz").json()["message"] == (
        "Aucune expérimentation publiée ne porte l'identifiant inconnue-xyz.")
    assert client.get("/api/v1/measurements?indicator=NOPE").status_code == 404
    assert client.get("/api/v1/measurements?since=2025-13-45").json()["error"] == "bad_parameter"
    assert client.get("/api/v1/measurements?page=1&page=2").json()["error"] == "repeated_parameter"
    assert client.get("/api/v1/measurements?experiment=%27%20OR%201%3D1%20--").json()["error"] == "bad_parameter"


def test_an_identifier_of_80_characters_is_read_and_81_refused(client):
    assert client.get("/api/v1/measurements?experiment=" + "a" * 80).json()["error"] == "not_found"
    assert client.get("/api/v1/measurements?experiment=" + "a" * 81).json()["error"] == "bad_parameter"


@pytest.mark.parametrize("method", ("POST", "PUT", "PATCH", "DELETE"))
def test_the_api_is_read_only(client, method):
    response = client.request(method, "/api/v1/experiments")
    assert response.status_code == 405 and response.json()["error"] == "method_not_allowed"
    assert response.headers["allow"] == "GET, HEAD, OPTIONS"


def test_a_cors_preflight_allows_reading_only(client):
    response = client.options("/api/v1/experiments", headers={"Origin": "https://ailleurs.example",
                                                              "Access-Control-Request-Method": "GET"})
    assert response.status_code == 204
    assert response.headers["access-control-allow-methods"] == "GET, HEAD, OPTIONS"


# --- ETag -------------------------------------------------------------------------------------

def test_a_matching_etag_is_304_until_the_store_changes(demo_engine):
    client = client_for(demo_engine)
    first = client.get("/api/v1/measurements?experiment=pelican")
    etag = first.headers["etag"]
    again = client.get("/api/v1/measurements?experiment=pelican", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    assert client.get("/api/v1/measurements?experiment=pelican", headers={"If-None-Match": '"0-x"'}).status_code == 200
    assert client.get("/api/v1/measurements?experiment=soy-pv", headers={"If-None-Match": etag}).status_code == 200
    staff = make_user(demo_engine, "claire", STAFF)
    withdrawn = first.json()["items"][0]["id"]
    measurement_service.retract(demo_engine, staff, withdrawn, "Erreur de saisie")
    reviews.approve(demo_engine, make_user(demo_engine, "reviewer", STAFF), withdrawn)
    changed = client.get("/api/v1/measurements?experiment=pelican", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    assert len(changed.json()["items"]) == len(first.json()["items"]) - 1


def test_an_export_file_answers_304_too(client):
    etag = client.get("/api/v1/export/projects.csv").headers["etag"]
    assert client.get("/api/v1/export/projects.csv", headers={"If-None-Match": f"W/{etag}"}).status_code == 304


# --- switched off, rate limit -----------------------------------------------------------------

@pytest.mark.parametrize("route", (*ROUTES, "openapi.json"))
def test_with_qmi_api_off_there_is_no_api(demo_engine, route):
    response = client_for(demo_engine, api_enabled=False).get(f"/api/v1/{route}")
    assert response.status_code == 404 and response.json()["error"] == "api_off"


def test_qmi_api_off_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("QMI_API", "off")
    assert get_settings().api_enabled is False
    monkeypatch.setenv("QMI_API", "on")
    assert get_settings().api_enabled is True
    monkeypatch.delenv("QMI_API")
    assert get_settings().api_enabled is True


def test_past_the_burst_an_address_gets_429_with_retry_after(demo_engine):
    client = client_for(demo_engine, api_burst=3, api_rate=0.5)
    assert [client.get("/api/v1/indicators").status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get("/api/v1/indicators")
    assert refused.status_code == 429 and refused.json()["error"] == "rate_limited"
    assert refused.headers["retry-after"] == "2"
    assert "Réessayez dans 2 s" in refused.json()["message"]


def test_the_bucket_refills_at_its_rate_and_per_address():
    now = [0.0]
    bucket = api.TokenBucket(rate=2, burst=2, clock=lambda: now[0])
    assert bucket.wait("a") == 0 and bucket.wait("a") == 0
    assert bucket.wait("a") == pytest.approx(0.5)
    assert bucket.wait("b") == 0  # another address has its own bucket
    now[0] = 0.49
    assert bucket.wait("a") > 0
    now[0] = 1.0
    assert bucket.wait("a") == 0
    now[0] = 100.0
    assert [bucket.wait("a") for _ in range(3)][:2] == [0, 0]  # refilled to the burst (2), never more
    assert bucket.wait("a") > 0


def test_a_store_out_of_reach_is_503_in_json(tmp_path):
    from qmi.db import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'nothing-here.db'}")  # no tables: every read fails
    response = client_for(engine).get("/api/v1/experiments")
    assert response.status_code == 503 and response.json()["error"] == "unavailable"
    assert response.headers["retry-after"] == "5"


def test_an_export_file_asked_during_a_build_is_503_then_served(demo_engine):
    routes = api.routes(settings(), demo_engine)
    client = TestClient(Starlette(routes=routes))
    export = next(r for r in routes if r.path == "/api/v1/export/{name}.csv").endpoint
    files = export.api.files
    files._building.acquire()
    try:
        busy = client.get("/api/v1/export/projects.csv")
        assert busy.status_code == 503 and busy.json()["error"] == "busy" and busy.headers["retry-after"] == "10"
    finally:
        files._building.release()
    assert client.get("/api/v1/export/projects.csv").status_code == 200
    files._building.acquire()  # built once for this version: served from memory, even while another builds
    try:
        assert client.get("/api/v1/export/projects.csv").status_code == 200
        assert client.get("/api/v1/export/nothing.csv").json()["error"] == "not_found"
    finally:
        files._building.release()


def test_the_data_package_and_the_catalogue_are_served_with_the_export_addresses(client):
    package = client.get("/api/v1/datapackage.json")
    assert package.status_code == 200 and package.headers["content-type"].startswith("application/json")
    resources = {r["name"]: r["path"] for r in package.json()["resources"]}
    assert resources["projects"].endswith("/api/v1/export/projects.csv")
    assert resources["indicateurs-avancement"].endswith("/api/v1/export/indicateurs_avancement.csv")
    catalogue = client.get("/api/v1/catalogue.jsonld")
    assert catalogue.status_code == 200 and catalogue.headers["content-type"].startswith("application/ld+json")
    assert "dcat:Catalog" in catalogue.text and "/api/v1/export/freshness.csv" in catalogue.text
    tag = catalogue.headers["etag"]
    assert client.get("/api/v1/catalogue.jsonld", headers={"If-None-Match": tag}).status_code == 304
