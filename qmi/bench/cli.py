"""``python -m qmi bench`` (what ``make bench`` runs)."""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from qmi.config import ROOT

DEFAULT_TIERS = "programme,metropolis,national"


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("bench", help="generate synthetic stores at three sizes and measure every page; "
                                     "writes bench/results.md and bench/results.json")
    p.add_argument("--tiers", default=DEFAULT_TIERS,
                   help=f"comma-separated tiers among programme, metropolis, national (default: {DEFAULT_TIERS})")
    p.add_argument("--repeat", type=int, default=5, help="runs per page and kind (cold, warm, no cache); default 5")
    p.add_argument("--national-repeat", type=int, default=None,
                   help="runs per page at the national tier (default: as --repeat; its cold runs are long)")
    p.add_argument("--pages", default=None,
                   help="comma-separated page files or url paths to measure (default: every page of app.py)")
    p.add_argument("--skip-pages", action="store_true", help="do not run the pages through AppTest")
    p.add_argument("--skip-browser", action="store_true", help="do not measure in Chromium")
    p.add_argument("--skip-postgres", action="store_true", help="do not run the concurrency check on PostgreSQL")
    p.add_argument("--postgres-pages", action="store_true",
                   help="also time the pages on PostgreSQL at the metropolis tier")
    p.add_argument("--quick", action="store_true",
                   help="a short run: programme and metropolis tiers, 2 runs each, fewer concurrent writes")
    p.add_argument("--postgres-url", default=os.environ.get("QMI_BENCH_POSTGRES_URL"),
                   help="admin URL of a PostgreSQL server to use (default: start a throw-away local one)")
    p.add_argument("--store-dir", default=os.environ.get("QMI_BENCH_DIR", str(Path(tempfile.gettempdir()) / "qmi-bench")),
                   help="where the synthetic SQLite stores are kept between runs")
    p.add_argument("--port", type=int, default=0, help="port of the Streamlit server for Chromium (default: a free one)")
    p.add_argument("--skip-concurrency", action="store_true", help="do not run the concurrent sessions")
    p.add_argument("--skip-write-heavy", action="store_true",
                   help="do not run the write-heavy scenario (20 officials browsing while 20 agents write)")
    p.add_argument("--write-heavy-seconds", type=float, default=60.0,
                   help="how long the write-heavy scenario runs on each store (default 60)")
    p.add_argument("--write-heavy-replicas", default="1,2",
                   help="server processes serving the write-heavy scenario, one run per count (default 1,2)")
    p.add_argument("--merge", action="store_true",
                   help="keep what an earlier run wrote in --out and this run does not measure (e.g. run the "
                        "national tier separately)")
    p.add_argument("--out", default=str(ROOT / "bench"), help="directory for results.md and results.json")
    p.set_defaults(handler=run)


def _say(message: str) -> None:
    print(f"[{datetime.now().strftime('%H:%M:%S')}] {message}", flush=True)


def sqlite_store(tier, directory: Path) -> tuple[str, float | None]:
    """A SQLite store at ``tier``, generated unless the same tier was generated before."""
    from qmi.bench.synthetic import generate
    from qmi.db import make_engine
    from qmi.store.bootstrap import migrate

    directory.mkdir(parents=True, exist_ok=True)
    path, marker = directory / f"{tier.name}.db", directory / f"{tier.name}.json"
    url = f"sqlite:///{path}"
    if path.exists() and marker.exists():
        stored = json.loads(marker.read_text())
        if stored.get("key") == tier.key():
            engine = make_engine(url)
            try:
                migrate(engine)  # a store kept from an earlier release gets its new indexes before timing, not during
            finally:
                engine.dispose()
            return url, stored.get("seconds")
    for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), marker):
        stale.unlink(missing_ok=True)
    started = time.perf_counter()
    engine = make_engine(url)
    try:
        generate(engine, tier, progress=_say)
    finally:
        engine.dispose()
    seconds = round(time.perf_counter() - started, 1)
    marker.write_text(json.dumps({"key": tier.key(), "seconds": seconds}))
    return url, seconds


def run(args: argparse.Namespace) -> int:
    import streamlit.logger
    from streamlit import config

    from qmi.bench import concurrency, report, runner
    from qmi.bench.postgres import PostgresServer, PostgresUnavailable, free_port
    from qmi.bench.synthetic import TIERS, counts, generate
    from qmi.db import make_engine

    config.set_option("logger.level", "error")  # AppTest outside a server warns on every run
    streamlit.logger.set_log_level("error")
    tiers = ["programme", "metropolis"] if args.quick else [t.strip() for t in args.tiers.split(",") if t.strip()]
    unknown = [t for t in tiers if t not in TIERS]
    if unknown:
        raise SystemExit(f"unknown tier(s): {', '.join(unknown)} (choose among {', '.join(TIERS)})")
    repeat = 2 if args.quick else max(1, args.repeat)
    pages = runner.app_pages()
    if args.pages:
        wanted = {w.strip() for w in args.pages.split(",") if w.strip()}
        pages = [p for p in pages if p.path in wanted or p.url_path in wanted or Path(p.path).stem in wanted]
        if not pages:
            raise SystemExit(f"no page of app.py matches --pages {args.pages}")
    results: dict = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "arguments": " ".join(a for a in (
            f"--tiers {','.join(tiers)}", f"--repeat {repeat}", f"--pages {args.pages}" if args.pages else "",
            f"--national-repeat {args.national_repeat}" if args.national_repeat else "", "--skip-browser" if args.skip_browser else "", "--skip-pages" if args.skip_pages else "",
            "--skip-postgres" if args.skip_postgres else "", "--postgres-pages" if args.postgres_pages else "",
            "--skip-concurrency" if args.skip_concurrency else "", "--skip-write-heavy" if args.skip_write_heavy else "",
            f"--write-heavy-replicas {args.write_heavy_replicas}" if not args.skip_write_heavy else "",
            "--quick" if args.quick else "") if a),
        "machine": report.machine(), "pages": [p.path for p in pages], "tiers": {}, "notes": [],
        "chromium": runner.chromium_version(),
    }
    previous = _previous(Path(args.out)) if args.merge else {}
    skipped = [p.path for p in runner.app_pages() if p not in pages]
    if skipped:
        results["notes"].append(f"Tier(s) {', '.join(tiers)}: pages not measured in this run: {', '.join(skipped)}.")
    store_dir = Path(args.store_dir)
    urls: dict[str, str] = {}
    for name in tiers:
        _say(f"store {name}")
        url, seconds = sqlite_store(TIERS[name], store_dir)
        urls[name] = url
        if args.skip_pages:
            continue
        engine = make_engine(url)
        results["tiers"][name] = {"database": "sqlite", "generated_seconds": seconds, "counts": counts(engine)}
        engine.dispose()
        _say(f"pages {name}: {len(pages)} pages × {repeat} runs (cold, warm, no cache)")
        runs = args.national_repeat if name == "national" and args.national_repeat else repeat
        results["tiers"][name]["repeat"] = runs
        results["tiers"][name] |= runner.run_tier_apptest(url, pages, runs, _say)
        _save(results, args.out, previous)

    if "metropolis" in urls and not args.skip_browser:
        _say("chromium at the metropolis tier")
        os.sync()  # what earlier phases wrote is flushed now, not written back during the measure
        port = args.port or free_port()
        try:
            results["browser"] = runner.run_browser(urls["metropolis"], pages, max(1, repeat // 2 + 1), port, _say,
                                                    starts=repeat)
        except Exception as error:  # reported in the results, the rest is kept
            results["browser"] = {"skipped": f"{type(error).__name__}: {error}"[:500]}
    elif not args.skip_browser and "browser" not in previous:
        results["notes"].append("Chromium not measured: the metropolis tier was not part of this run.")

    if not args.skip_write_heavy:
        from qmi.bench import write_heavy

        for name in ("metropolis", "national"):
            if name in urls:
                _say(f"write-heavy on SQLite ({name} tier)")
                results.setdefault("write_heavy", []).extend(_write_heavy(write_heavy, urls[name], pages, args, name))
                _save(results, args.out, previous)

    concurrency_tier = "metropolis" if "metropolis" in tiers else tiers[0]
    writes = 10 if args.quick else 25
    server = None
    if not args.skip_concurrency:
        _say(f"concurrency on SQLite ({concurrency_tier} store)")
        engine = make_engine(urls[concurrency_tier])
        results["concurrency"] = [concurrency.run(engine, sessions=20, writes_per_session=writes).as_dict()
                                  | {"tier": concurrency_tier}]
        engine.dispose()
    if not args.skip_postgres and not args.skip_concurrency:
        try:
            server = PostgresServer.start(args.postgres_url)
        except PostgresUnavailable as error:
            results["concurrency"].append({"database": "postgresql", "skipped": str(error)})
            results["notes"].append(f"PostgreSQL not measured: {error}")
    if server is not None:
        try:
            results["postgresql_version"] = server.version()
            name = server.create_database()
            url = server.url(name)
            engine = make_engine(url)
            _say(f"store {concurrency_tier} on PostgreSQL")
            started = time.perf_counter()
            generate(engine, TIERS[concurrency_tier], progress=_say)
            generated = round(time.perf_counter() - started, 1)
            _say("concurrency on PostgreSQL")
            results["concurrency"].append(concurrency.run(engine, sessions=20, writes_per_session=writes).as_dict()
                                          | {"tier": concurrency_tier})
            if not args.skip_write_heavy:
                from qmi.bench import write_heavy

                _say(f"write-heavy on PostgreSQL ({concurrency_tier} tier)")
                results.setdefault("write_heavy", []).extend(_write_heavy(write_heavy, url, pages, args,
                                                                          concurrency_tier))
            if args.postgres_pages:
                key = f"{concurrency_tier}-postgresql"
                results["tiers"][key] = {"database": "postgresql", "generated_seconds": generated,
                                         "counts": counts(engine)}
                _say(f"pages {key}")
                results["tiers"][key] |= runner.run_tier_apptest(url, pages, repeat, _say)
            engine.dispose()
            server.drop_database(name)
        finally:
            server.stop()
    _save(results, args.out, previous)

    results["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    json_path, md_path = _save(results, args.out, previous)
    print(md_path.read_text(encoding="utf-8"))
    _say(f"wrote {md_path} and {json_path}")
    return 0


def _write_heavy(module, url: str, pages: list, args: argparse.Namespace, tier: str) -> list[dict]:
    """The scenario once per replica count of ``--write-heavy-replicas``."""
    from qmi.bench.postgres import free_port

    runs = []
    for replicas in sorted({max(1, int(n)) for n in args.write_heavy_replicas.split(",") if n.strip()}):
        try:
            run = module.run(url, pages, [free_port() for _ in range(replicas)], _say, seconds=args.write_heavy_seconds)
        except Exception as error:  # reported in the results, the rest is kept
            run = {"skipped": f"{type(error).__name__}: {error}"[:500], "replicas": replicas}
        runs.append(run | {"tier": tier})
    return runs


def _previous(out: Path) -> dict:
    path = out / "results.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _merge(results: dict, previous: dict, order: list[str]) -> None:
    """Keep from ``previous`` what this run did not measure, saying so in the notes, each part with the run
    that measured it (``provenance``: a part kept over several merges keeps its first run)."""
    origin = f"run of {previous.get('started_at')} (`python -m qmi bench {previous.get('arguments', '')}`)"
    provenance = previous.get("provenance") or {}
    results["provenance"] = {}
    kept_notes = []

    def keep(part: str, note: str) -> None:
        results["provenance"][part] = provenance.get(part, origin)
        kept_notes.append(note.format(origin=results["provenance"][part]))

    kept = {name: tier for name, tier in previous.get("tiers", {}).items() if name not in results["tiers"]}
    for name in kept:
        keep(f"tier:{name}", f"The {name} tier comes from an earlier {{origin}}.")
    merged = kept | results["tiers"]
    results["tiers"] = {name: merged[name] for name in sorted(merged, key=lambda n: (order.index(n.split("-")[0]), n))}
    for key, label in (("concurrency", "Concurrency"), ("browser", "Chromium"), ("write_heavy", "Write-heavy"),
                       ("postgresql_version", None)):
        if key not in results and key in previous:
            results[key] = previous[key]
            if label:
                keep(key, f"{label} figures come from an earlier {{origin}}.")
    # The earlier run's own notes, but not where its parts came from: that is said again above, once.
    earlier = [n for n in previous.get("notes", []) if " from an earlier run of " not in n]
    results["notes"] = [n for n in earlier if n not in results["notes"]] + kept_notes + results["notes"]


def _save(results: dict, out: str, previous: dict) -> tuple[Path, Path]:
    from qmi.bench import report
    from qmi.bench.synthetic import TIERS

    data = json.loads(json.dumps(results, default=str))
    if previous:
        _merge(data, previous, list(TIERS))
    return report.write(data, Path(out))

