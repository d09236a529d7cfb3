"""The benchmark's results: the machine, the targets, and one table per measurement.

``results.json`` keeps everything measured; ``results.md`` is the same for reading.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import platform
import sqlite3
from pathlib import Path

TARGETS = {
    "warm_metropolis_ms": ("Warm page run, metropolis tier (median, slowest page)", 150),
    "warm_national_ms": ("Warm page run, national tier (median, slowest page)", 500),
    "first_page_ms": ("First page after the server starts (Chromium; else slowest cold page run)", 2000),
    "browser_ready_ms": ("Page ready in Chromium, metropolis (median, slowest page)", 2500),
    "browser_ready_ratio": ("Page ready in Chromium ÷ the lightest page of the same run, metropolis (median, "
                            "slowest page)", 1.3),
    "map_payload_bytes": ("Map page payload sent to the browser", 1_500_000),
    "memory_per_session_mb": ("Server memory per open session", 200),
    "submission_visible_ms": ("Submitted measurement visible on the dashboard (median)", 1000),
    "api_experiments_national_ms": ("API: a page of 100 experiments, national tier (p95)", 50),
    "api_measurements_national_ms": ("API: one experiment's measurements, national tier (p95)", 100),
    "worklist_national_ms": ("« À faire » as staff, national tier (warm median; as the warm-page target)", 500),
    "freshness_national_ms": ("Fraîcheur des indicateurs, national tier (warm median; as the warm-page target)", 500),
    "digest_national_ms": ("`python -m qmi digest` for every commune, national tier", 60_000),
    "after_write_elsewhere_metropolis_ms": ("First run after a write in another commune ÷ warm run, metropolis "
                                            "(slowest page; « as warm »: at most 1.2×)", 1.2),
    "after_write_elsewhere_national_ms": ("First run after a write in another commune ÷ warm run, national "
                                          "(slowest page; at most 1.2×)", 1.2),
    "after_write_here_metropolis_ms": ("First run after a write in its commune, metropolis (median, slowest page)", 150),
    "after_write_here_national_ms": ("First run after a write in its commune, national (median, slowest page)", 400),
    "write_heavy_metropolis_ms": ("Officials' page runs while 20 agents write, metropolis, SQLite (p95; most replicas run)", 300),
    "write_heavy_national_ms": ("Officials' page runs while 20 agents write, national, SQLite (p95; most replicas run)", 500),
    "write_heavy_postgresql_ms": ("Officials' page runs while 20 agents write, PostgreSQL (p95; most replicas run)", 300),
    "write_heavy_lost": ("Writes lost in the write-heavy scenario (every store)", 0),
}
API_JOBS = {"experiments_page": "a page of 100 experiments", "experiment_measurements": "one experiment's measurements (first page of 100)"}
LIBRARIES = ("streamlit", "SQLAlchemy", "sqlmodel", "pandas", "psycopg", "alembic", "folium", "streamlit-folium",
             "plotly", "playwright")


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in _lines("/proc/cpuinfo") if line.startswith("model name")),
               platform.processor() or "unknown")
    memory_kb = next((int(line.split()[1]) for line in _lines("/proc/meminfo") if line.startswith("MemTotal:")), 0)
    versions = {}
    for name in LIBRARIES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "cpu": cpu, "nproc": os.cpu_count(), "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "os": platform.platform(), "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
        "load_average": [round(x, 2) for x in os.getloadavg()], "libraries": versions,
    }


def _lines(path: str) -> list[str]:
    try:
        return Path(path).read_text().splitlines()
    except OSError:
        return []


def _slowest(pages: list[dict], kind: str) -> float | None:
    values = [p[kind]["median_ms"] for p in pages if p.get(kind, {}).get("median_ms") is not None]
    return max(values) if values else None


def target_values(results: dict) -> dict:
    """The measured value for each target (None when that part was not measured)."""
    tiers = results.get("tiers", {})
    browser = results.get("browser") or {}
    metropolis = tiers.get("metropolis", {})
    firsts = [_slowest(t.get("pages", []), "cold") for t in tiers.values()]
    browser_pages = [p["median_ms"] for p in browser.get("pages", []) if p.get("median_ms") is not None]
    visible = (metropolis or next(iter(tiers.values()), {})).get("submission_visible", {})
    return {
        "warm_metropolis_ms": _slowest(metropolis.get("pages", []), "warm"),
        "warm_national_ms": _slowest(tiers.get("national", {}).get("pages", []), "warm"),
        "first_page_ms": browser.get("first_page_after_start_ms") or (max(f for f in firsts if f) if any(firsts) else None),
        "browser_ready_ms": (float("inf") if any(p.get("error") for p in browser.get("pages", []))
                             else max(browser_pages) if browser_pages else None),
        "browser_ready_ratio": _ready_ratio(browser),
        "map_payload_bytes": browser.get("map_payload_bytes"),
        "memory_per_session_mb": (browser.get("memory") or {}).get("per_session_mb"),
        "submission_visible_ms": visible.get("median_ms"),
        "api_experiments_national_ms": _api_p95(tiers, "experiments_page"),
        "api_measurements_national_ms": _api_p95(tiers, "experiment_measurements"),
        "worklist_national_ms": _warm(tiers, "a-faire"),
        "freshness_national_ms": _warm(tiers, "fraicheur"),
        **_after_write(tiers),
        **_write_heavy(results.get("write_heavy") or []),
        "digest_national_ms": (None if (tiers.get("national", {}).get("digest") or {}).get("seconds") is None
                               else tiers["national"]["digest"]["seconds"] * 1000),
    }


def _lightest(browser: dict) -> dict | None:
    """The page of the Chromium run that was ready soonest: Streamlit's own floor for this app."""
    ready = [p for p in browser.get("pages", []) if p.get("median_ms") and not p.get("error")]
    return min(ready, key=lambda p: p["median_ms"]) if ready else None


def _ready_ratio(browser: dict) -> float | None:
    lightest = _lightest(browser)
    if lightest is None:
        return None
    if any(p.get("error") for p in browser.get("pages", [])):
        return float("inf")
    return round(max(p["median_ms"] for p in browser["pages"]) / lightest["median_ms"], 2)


def _after_write(tiers: dict) -> dict:
    values = {}
    for name in ("metropolis", "national"):
        rows = [r for r in tiers.get(name, {}).get("after_write") or [] if (r.get("warm") or {}).get("median_ms")]
        ratios = [r["after_write_elsewhere"]["median_ms"] / r["warm"]["median_ms"] for r in rows
                  if r.get("after_write_elsewhere", {}).get("median_ms") is not None]
        here = [r["after_write_here"]["median_ms"] for r in rows if r.get("after_write_here", {}).get("median_ms") is not None]
        values[f"after_write_elsewhere_{name}_ms"] = round(max(ratios), 2) if ratios else None
        values[f"after_write_here_{name}_ms"] = max(here) if here else None
    return values


def _write_heavy(runs: list[dict]) -> dict:
    measured = [r for r in runs if not r.get("skipped")]

    def p95(database: str, tier: str | None) -> float | None:
        """The p95 of the run with the most replicas (the deployment's shape) on that store."""
        found = [r for r in measured if r.get("database") == database and (tier is None or r.get("tier") == tier)
                 and r["all_pages"].get("p95_ms") is not None]
        most = max((r.get("replicas", 1) for r in found), default=None)
        return max((r["all_pages"]["p95_ms"] for r in found if r.get("replicas", 1) == most), default=None)

    return {"write_heavy_metropolis_ms": p95("sqlite", "metropolis"), "write_heavy_national_ms": p95("sqlite", "national"),
            "write_heavy_postgresql_ms": p95("postgresql", None),
            "write_heavy_lost": sum(r["lost_writes"] for r in measured) if measured else None}


def _warm(tiers: dict, url_path: str) -> float | None:
    page = next((p for p in tiers.get("national", {}).get("pages", []) if p.get("url_path") == url_path), None)
    return (page or {}).get("warm", {}).get("median_ms")


def _api_p95(tiers: dict, job: str) -> float | None:
    return ((tiers.get("national", {}).get("api") or {}).get(job) or {}).get("api", {}).get("p95_ms")


def _fmt(value: float | None, unit: str = "ms") -> str:
    if value is None:
        return "not measured"
    if value == float("inf"):
        return "a page was not ready in time"
    if unit == "bytes":
        return f"{value / 1_000_000:.2f} MB"
    if unit == "MB":
        return f"{value:.0f} MB"
    if unit == "×":
        return f"{value:.2f}×"
    if unit == "count":
        return f"{value:.0f}"
    return f"{value:,.0f} ms".replace(",", " ")


def markdown(results: dict) -> str:
    m = results["machine"]
    lines = [
        "# Benchmark results",
        "",
        f"Run of `python -m qmi bench {results.get('arguments', '')}`".rstrip() + f" on {results.get('started_at', '')}.",
        "",
        "## Machine",
        "",
        f"- CPU: {m['cpu']} — {m['nproc']} cores; memory {m['memory_gb']} GB; {m['os']}",
        f"- Load average when the run started: {', '.join(str(x) for x in m['load_average'])}"
        + (f"; when it ended: {', '.join(str(x) for x in results['load_average_end'])}" if results.get("load_average_end") else ""),
        f"- Python {m['python']}, SQLite {m['sqlite']}"
        + (f", PostgreSQL {results['postgresql_version']}" if results.get("postgresql_version") else "")
        + (f", {results['chromium']}" if results.get("chromium") else ""),
        "- " + ", ".join(f"{k} {v}" for k, v in m["libraries"].items() if v),
        "",
        "## Targets",
        "",
        "| Target | Limit | Measured | Met |",
        "|---|---|---|---|",
    ]
    values = target_values(results)
    for key, (label, limit) in TARGETS.items():
        unit = ("bytes" if key.endswith("bytes") else "MB" if key.endswith("_mb") else
                "×" if key.startswith("after_write_elsewhere") or key.endswith("_ratio") else "count" if key.endswith("_lost") else "ms")
        value = values.get(key)
        met = "—" if value is None else ("yes" if value <= limit else "**no**")
        shown = "< 1 MB (within the noise of the measure)" if unit == "MB" and value is not None and value < 1 else _fmt(value, unit)
        lines.append(f"| {label} | {_fmt(limit, unit)} | {shown} | {met} |")
    lines += ["", "## Stores", "", "| Tier | Database | Communes | Experiments | Measurements | Generated in |",
              "|---|---|---|---|---|---|"]
    for name, tier in results.get("tiers", {}).items():
        c = tier.get("counts", {})
        lines.append(f"| {name} | {tier.get('database', '')} | {c.get('communes', '')} | {c.get('projects', '')} | "
                     f"{c.get('measurements', '')} | "
                     + (f"{tier['generated_seconds']} s |" if tier.get("generated_seconds") else "reused from an earlier run |"))
    for name, tier in results.get("tiers", {}).items():
        lines += ["", f"## Page runs (AppTest), {name} tier"
                  + (f" — {tier['repeat']} runs of each kind per page" if tier.get("repeat") else ""), "",
                  "Milliseconds, median / 95th percentile. *Cold*: caches emptied (first run after a start, "
                  "store preparation included); *warm*: caches filled; *no cache*: every query to the database and every chart rebuilt.", "",
                  "| Page | Cold | Warm | No cache | No cache ÷ warm | Errors |", "|---|---|---|---|---|---|"]
        for p in tier.get("pages", []):
            ratio = (round(p["nocache"]["median_ms"] / p["warm"]["median_ms"], 1)
                     if p["warm"]["median_ms"] and p["nocache"]["median_ms"] else "")
            lines.append(f"| {p['page']} | {_pair(p['cold'])} | {_pair(p['warm'])} | {_pair(p['nocache'])} | {ratio} | "
                         f"{'; '.join(p['errors'])[:120] if p['errors'] else ''} |")
        w = tier.get("workload") or {}
        if w.get("skipped"):
            lines += ["", f"Commune aggregate, SQL versus pandas: not measured ({w['skipped']})."]
        elif w:
            lines += ["", f"Commune aggregate in SQL: {_pair(w['sql'])} ms; the naive way (pandas over every row): "
                      f"{_pair(w['pandas_all_rows'])} ms — **{w['ratio']}×** slower."]
        v = tier.get("submission_visible") or {}
        if v.get("n"):
            lines.append(f"Submitted measurement → next run of `{v['page']}` done: {_pair(v)} ms"
                         + (f" (problems: {'; '.join(v['problems'])})" if v.get("problems") else "") + ".")
        elif v:
            lines.append(f"Submitted measurement visible: not measured ({v.get('skipped') or '; '.join(v.get('problems', []))}).")
        sheets = tier.get("sheets_pdf") or {}
        if sheets.get("pdfs_per_second"):
            lines.append(f"Evaluation sheets (`python -m qmi sheets`): **{sheets['pdfs_per_second']} PDFs per second** "
                         f"({sheets['sample']} sheets in {sheets['seconds']} s, a sample); all {sheets['experiments']} "
                         f"experiments would take about {sheets['estimated_all_seconds']} s.")
        elif sheets:
            lines.append(f"Evaluation sheets: not measured ({sheets.get('skipped') or sheets.get('error', '')}).")
        export = tier.get("open_data_export") or {}
        if export.get("total_seconds") is not None:
            lines.append(f"Open-data export with its data package (`python -m qmi export`): **{export['total_seconds']} s** "
                         f"for {export['rows']} rows in {export['files']} files ({export['megabytes']} MB): tables read "
                         f"{export['read_seconds']} s, files written {export['write_seconds']} s, frictionless validation "
                         f"{export['validate_seconds']} s; {export['problems']} validation problems.")
        elif export:
            lines.append(f"Open-data export: not measured ({export.get('skipped', '')}).")
        timed = tier.get("api") or {}
        if timed.get("skipped"):
            lines.append(f"API: not measured ({timed['skipped']}).")
        for job, label in API_JOBS.items():
            if job in timed:
                a = timed[job]
                lines.append(f"API (`/api/v1`, through its routes), {label}: {_pair(a['api'])} ms; the same query "
                             f"directly in SQL: {_pair(a['sql'])} ms — **{a['ratio_p95']}×** at the 95th percentile.")
        lines += _after_write_lines(tier)
        timed_digest = tier.get("digest") or {}
        if timed_digest.get("seconds") is not None:
            lines.append(f"Digest (`python -m qmi digest`, every commune, `.eml` files): **{timed_digest['seconds']} s** "
                         f"for {timed_digest['communes']} communes: {timed_digest['messages']} messages listing "
                         f"{timed_digest['items']} items.")
        elif timed_digest:
            lines.append(f"Digest: not measured ({timed_digest.get('skipped', '')}).")
        if tier.get("process_rss_mb"):
            lines.append(f"Benchmark process memory after this tier: {tier['process_rss_mb']} MB "
                         f"(peak {tier['process_peak_rss_mb']} MB).")
    browser = results.get("browser")
    if browser:
        lines += ["", "## Chromium, metropolis tier", ""]
        if browser.get("skipped"):
            lines.append(f"Not measured: {browser['skipped']}.")
        else:
            first = browser.get("first_page_after_start") or {}
            starts = f" (median of {first['n']} starts, p95 {_fmt(first.get('p95_ms'))})" if first.get("n") else ""
            lines += [f"First page after the server starts: {_fmt(browser.get('first_page_after_start_ms'))}{starts}; "
                      "each start a new server process and a browser with nothing cached. "
                      "Internet blocked; ready = script finished and content drawn, no placeholder left for a chart or a data grid. *Ready*: a new tab (new session) "
                      "of a returning user, the app's static files cached; *first visit*: nothing cached.", "",
                      "| Page | Ready (median / p95 ms) | First visit (ms) | Bytes over the websocket |",
                      "|---|---|---|---|"]
            for p in browser.get("pages", []):
                if p.get("error"):
                    lines.append(f"| {p['page']} | not ready: {p['error']} | | |")
                    continue
                lines.append(f"| {p['page']} | {_pair(p)} | {_fmt(p.get('first_visit_ms'))} | "
                             f"{p['websocket_bytes']:,} |".replace(",", " "))
            profiled = [p for p in browser.get("pages", []) if p.get("profile")]
            if profiled:
                lightest = _lightest(browser)
                lines += ["", "Where the browser's time goes: one more load of each page, as a returning user, with "
                          "Chromium's counters (`Performance.getMetrics`: script, layout and style time of the tab) and "
                          "what the page drew once ready (elements of the DOM, iframes, plotly charts and the bytes of "
                          "their JSON, tables). Ready ÷ lightest: against "
                          f"{lightest['page'] if lightest else 'the lightest page'}.", "",
                          "| Page | Ready ÷ lightest | Script (ms) | Layout (ms) | Style (ms) | DOM elements | Iframes "
                          "| Charts | Chart JSON (bytes) | Tables |", "|---|---|---|---|---|---|---|---|---|---|"]
                for p in profiled:
                    f = p["profile"]
                    ratio = f"{p['median_ms'] / lightest['median_ms']:.2f}×" if lightest else ""
                    lines.append(f"| {p['page']} | {ratio} | {_fmt(f.get('ScriptDuration'), 'count')} | "
                                 f"{_fmt(f.get('LayoutDuration'), 'count')} | {_fmt(f.get('RecalcStyleDuration'), 'count')} | "
                                 f"{f.get('elements', '')} | {f.get('iframes', '')} | {f.get('charts', '')} | "
                                 f"{f.get('chart_json_bytes', 0):,} | {f.get('tables', '')} |".replace(",", " "))
            mem = browser.get("memory") or {}
            if mem:
                lines += ["", f"Server memory: {mem['server_rss_before_mb']} MB before, {mem['server_rss_after_mb']} MB "
                          f"with {mem['sessions']} more sessions open (each on {', '.join(mem.get('pages', []))}) → "
                          f"{mem['per_session_mb']} MB per "
                          f"session (peak {mem['server_peak_rss_mb']} MB)."]
    conc = results.get("concurrency") or []
    if conc:
        lines += ["", "## Concurrency", "", "| Database | Sessions | Writes acknowledged | Stored | Lost | Errors | "
                  "Operations/s | Writes/s |", "|---|---|---|---|---|---|---|---|"]
        for c in conc:
            if c.get("skipped"):
                lines.append(f"| {c['database']} | not measured: {c['skipped']} | | | | | | |")
                continue
            lines.append(f"| {c['database']} | {c['sessions']} | {c['acknowledged_writes']} | {c['stored_writes']} | "
                         f"{c['lost_writes']} | {c['error_count']} | {c['operations_per_second']} | {c['writes_per_second']} |")
        races = [(c["database"], r) for c in conc for r in c.get("races") or []]
        if races:
            lines += ["", "Races (threads released together on one engine; the invariant checked in the store):", "",
                      "| Database | Race | Threads | Trials | Lost | Broken invariants | Refusals | Errors |",
                      "|---|---|---|---|---|---|---|---|"]
            for database, r in races:
                refusals = ", ".join(f"{key} ×{n}" for key, n in sorted(r["refusals"].items())) or "—"
                lines.append(f"| {database} | {r['race']} | {r['threads']} | {r['trials']} | {r['lost_writes']} | "
                             f"{r['violations']} | {refusals} | {r['error_count']} |")
    lines += _write_heavy_lines(results.get("write_heavy") or [])
    if results.get("notes"):
        lines += ["", "## Notes", ""] + [f"- {note}" for note in results["notes"]]
    return "\n".join(lines) + "\n"


def _write_heavy_lines(runs: list[dict]) -> list[str]:
    if not runs:
        return []
    lines = ["", "## Officials browse while agents write", "",
             "Each official is a websocket session of the served app (Streamlit's own protocol, as a browser); it opens "
             "a page, waits 1–3 s, opens another. Before the clock starts, each replica has run every official page "
             "once and each agent has opened its experiments' records once (a steady state, not first visits). Each agent writes one value every 1–3 s for an experiment of its "
             "commune, approved at once by a second person, from another process (as another replica). With several "
             "replicas, session *i* stays on replica *i mod replicas*, as behind a load balancer with sticky sessions. "
             "Milliseconds, median / 95th percentile of the officials' page runs; *visible*: from the submission "
             "until the agent's own run of the experiment's page draws the value.", ""]
    for r in runs:
        if r.get("skipped"):
            lines.append(f"- {r.get('tier', '')}: not measured ({r['skipped']}).")
            continue
        replicas = r.get("replicas", 1)
        lines += [f"### {r['tier']} tier, {r['database']}, {replicas} replica{'s' if replicas > 1 else ''}: "
                  f"{r['officials']} officials, {r['agents']} agents, {r['seconds']:.0f} s", "",
                  "| Page | Runs | Median / p95 (ms) |", "|---|---|---|"]
        lines += [f"| {page} | {v['n']} | {_pair(v)} |" for page, v in r["pages"].items()]
        lines += [f"| **every page** | {r['all_pages']['n']} | {_pair(r['all_pages'])} |", "",
                  f"Values acknowledged {r['acknowledged_writes']}, stored {r['stored_writes']}, **lost {r['lost_writes']}**; "
                  f"submitted → drawn: {_pair(r['visible'])} ms ({r.get('not_visible', 0)} not drawn within 30 s); "
                  f"errors: {r['error_count']}" + (f" ({'; '.join(r['errors'])})" if r.get("errors") else "") + "."]
        if r.get("servers_cpu_per_second") is not None:
            lines += ["", f"Cores busy during the run: the server{'s' if replicas > 1 else ''} "
                      f"{r['servers_cpu_per_second']:.2f}, the benchmark's own sessions and writes "
                      f"{r['bench_cpu_per_second']:.2f}, of {r['cores']} (CPU seconds per second)."]
        if r.get("warm_cpu_ms"):
            costs = ", ".join(f"{'an experiment’s record' if page == 'record' else page} {ms:.0f}"
                              for page, ms in r["warm_cpu_ms"].items())
            lines += ["", f"Server CPU of one warm run (ms; one session, nothing written, before the clock): {costs}. "
                      f"At these costs alone, the {r['all_pages']['n']} officials' runs and the agents' "
                      f"{r.get('record_runs', 0)} runs of their records ask {r['warm_demand_cores']:.2f} cores of "
                      f"{r['cores']}: what stays is the queue for the cores and what the writes make old."]
    return lines


def _after_write_lines(tier: dict) -> list[str]:
    rows = [r for r in tier.get("after_write") or [] if not r.get("skipped")]
    if not rows:
        return []
    lines = ["", "First run of a page after one value is written (ms, median / p95), through the service on the app's engine: "
             "in another commune than the one the page shows, and in that commune.", "",
             "| Page | Warm | After a write elsewhere | After a write here |", "|---|---|---|---|"]
    lines += [f"| {r['page']} | {_pair(r['warm'])} | {_pair(r.get('after_write_elsewhere'))} | {_pair(r.get('after_write_here'))} |"
              for r in rows]
    return lines


def _pair(summary: dict) -> str:
    if not summary or summary.get("median_ms") is None:
        return "—"
    return f"{summary['median_ms']:,.0f} / {summary['p95_ms']:,.0f}".replace(",", " ")


def write(results: dict, directory: Path) -> tuple[Path, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    json_path, md_path = directory / "results.json", directory / "results.md"
    json_path.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    md_path.write_text(markdown(results), encoding="utf-8")
    return json_path, md_path
