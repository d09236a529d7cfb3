"""Officials browse while agents write (issue #20 §2): the page runs officials get, how long an agent's
value takes to show, and whether any write is lost.

The app runs as ``make run`` starts it (``qmi.serve.running``). Each official is a real session: a
websocket to the server speaking Streamlit's own protocol, as the browser does (``BackMsg.rerun_script``
with the page's name, then every ``ForwardMsg`` until ``script_finished``); a page run is that round
trip. Before the clock starts, each replica runs every official page once and each agent opens the
records of its experiments once, so that the window measures a steady state, not first visits
(:func:`_steady_state`). An official opens a page, waits 1–3 s, opens another. Each agent submits one value every 1–3 s
through the measurement service, for an experiment of their own commune (the agents are spread over the
communes), and a second person approves it at once (the four-eyes review of #18). The agents write from
this process, as a second replica would: the server sees the write when it next reads the store's version.
*Visible*: from the submission until a run of that experiment's page, in the agent's own session, draws
the new value as a chart's point. At the end every acknowledged value must be in the store, exactly once.

With ``replicas`` above 1, that many server processes serve the sessions, each session staying on one
(as a load balancer with sticky sessions spreads them, ``docs/deploy.md`` §3): session *i* on replica
*i mod replicas*, so officials and agents are spread alike.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from qmi.bench.runner import PageSpec, _bench_user, cpu_seconds, summarise
from qmi.db import make_engine, write_session
from qmi.models import Indicator, Measurement, Project, ProtocolIndicator, User
from qmi.serve import running

# What an official opens: the public pages, with the parameters the links give them.
OFFICIAL_PAGES = ("accueil", "carte", "communes", "experimentations", "thematiques", "replicabilite", "indicateurs",
                  "essaimage", "presentation", "fraicheur")
HOME = "accueil"
MAX_VALUE = 100  # values written are whole numbers from 1 to this, within the bounds of the indicators chosen
POLL_SECONDS = 1.0  # how often an agent looks at the experiment's page again until the value is drawn
KEY_PREFIX = "bench-heavy-"


def _agents(engine: Engine, count: int, seed: int) -> list[tuple[User, list[tuple[int, str, str, list[date]]]]]:
    """``count`` agent accounts, each of a different commune that has experiments with a protocol, with
    the (project id, slug, indicator code, free days) they write to."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(Project.commune_insee, Project.id, Project.slug, func.min(ProtocolIndicator.indicator_code),
                   Project.start_date, Project.end_date)
            .join(ProtocolIndicator, ProtocolIndicator.project_id == Project.id)
            .join(Indicator, Indicator.code == ProtocolIndicator.indicator_code)
            .where(func.coalesce(Indicator.min_value, 0) <= 1, func.coalesce(Indicator.max_value, 1000) >= MAX_VALUE)
            .where(Project.archived.is_(False), Project.start_date.is_not(None), Project.start_date < date.today())
            .group_by(Project.commune_insee, Project.id, Project.slug, Project.start_date, Project.end_date)
        ).all()
    by_commune: dict[str, list[tuple[int, str, str, list[date]]]] = {}
    for insee, project_id, slug, code, start, end in rows:
        last = min(end or date.today(), date.today())
        # Days the generated values never use (they fall on the 1st of a month), within the experiment.
        days = [start + timedelta(days=n) for n in range((last - start).days + 1)]
        days = [d for d in days if d.day != 1]
        if days:
            by_commune.setdefault(insee, []).append((project_id, slug, code, days))
    communes = sorted(by_commune)
    random.Random(seed).shuffle(communes)
    agents = []
    with write_session(engine) as session:
        for i, insee in enumerate(communes[:count]):
            name = f"bench-agent-{i:02d}"
            user = session.execute(select(User).where(User.username == name)).scalars().first()
            if user is None:
                user = User(username=name, display_name=f"Agent de banc {i}", password_hash="-", role="agent")
                session.add(user)
            user.commune_insee = insee
            session.flush()
            session.expunge(user)
            agents.append((user, by_commune[insee]))
    return agents


VISIBLE_TIMEOUT = 30.0  # seconds an agent waits for its value before counting it as not shown


async def page_run(ws, page: str, query: str = "") -> tuple[float, bytes]:
    """One run of ``page`` in the session of ``ws``: seconds until the script finished, and what was sent."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    message = BackMsg()
    message.rerun_script.page_name = "" if page == HOME else page  # the default page is served at « / »
    message.rerun_script.query_string = query
    started = time.perf_counter()
    await ws.send(message.SerializeToString())
    received = []
    while True:
        raw = await ws.recv()
        received.append(raw)
        forward = ForwardMsg()
        forward.ParseFromString(raw)
        kind = forward.WhichOneof("type")
        if kind == "page_not_found":
            raise LookupError(f"page not found: {page}")
        if kind == "script_finished" and forward.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
            return time.perf_counter() - started, b"".join(received)


async def _steady_state(connect: Callable, index: int, pages: list[str], queries: list[str] | None = None) -> int:
    """Before the clock starts, session ``index``'s replica runs each of ``pages`` once (with ``queries``):
    the scenario measures a working day's steady state. A 60 s window that began on cold caches would
    count first visits (every official page, every record an agent writes for) about once in two runs,
    where a day has one per cache lifetime (``qmi.ui.CACHE_TTL_SECONDS``) and page."""
    async with await connect(index) as ws:
        for page, query in zip(pages, queries or [""] * len(pages), strict=True):
            await page_run(ws, page, query)
    return len(pages)


WARM_RUNS = 10  # runs of each page timed for its CPU, one after the other in one session
RECORD = "record"  # the key of an experiment's record among the pages' warm costs


async def _warm_cpu(connect: Callable, pid: int, pages: list[str], writers: list) -> dict[str, float]:
    """The server CPU (ms) of one warm run of each page, and of the first agent's first record
    (:data:`RECORD`), on the replica of session 0 while nothing else runs: what each run asks of a core
    when no write made anything old, the floor of the scenario's demand."""
    slug = writers[0][1][0][1] if writers else None
    measured = [(page, page, "") for page in pages] + ([(RECORD, "experimentations", f"experimentation={slug}")]
                                                        if slug else [])
    costs = {}
    async with await connect(0) as ws:
        for name, page, query in measured:
            await page_run(ws, page, query)
            before = cpu_seconds(pid)
            for _ in range(WARM_RUNS):
                await page_run(ws, page, query)
            costs[name] = round((cpu_seconds(pid) - before) * 1000 / WARM_RUNS, 1)
    return costs


def _warm_demand(warm_cpu: dict[str, float], page_runs: dict[str, int], record_runs: int, wall: float) -> float | None:
    """The cores the scenario's runs would ask if every one cost a warm run: officials' runs of each page
    and the agents' runs of their records, at :func:`_warm_cpu`'s costs, over the wall time."""
    if not warm_cpu or wall <= 0:
        return None
    asked = sum(warm_cpu.get(page, 0) * n for page, n in page_runs.items()) + warm_cpu.get(RECORD, 0) * record_runs
    return round(asked / 1000 / wall, 2)


def run(url: str, pages: list[PageSpec], ports: list[int], say: Callable[[str], None], agents: int = 20,
        officials: int = 20, seconds: float = 60.0, seed: int = 2026) -> dict:
    """The scenario on the store at ``url`` for ``seconds``, the app served by one replica on each of
    ``ports``; the store is left as it was (the values written are deleted)."""
    engine = make_engine(url)
    try:
        staff = _bench_user(engine)
        writers = _agents(engine, agents, seed)
        with ExitStack() as servers:
            pids = [servers.enter_context(running(url, port)).pid for port in ports]
            # A thread of its own: the caller may already run an event loop (Playwright's sync API does).
            with ThreadPoolExecutor(max_workers=1) as pool:
                result = pool.submit(asyncio.run, _scenario(engine, staff, writers, [p.url_path for p in pages], ports,
                                                            officials, seconds, seed, say, pids)).result()
        with engine.connect() as connection:
            keys = result.pop("keys")
            stored = connection.execute(select(func.count()).select_from(Measurement)
                                        .where(Measurement.submission_key.in_(keys))).scalar_one() if keys else 0
        with engine.begin() as connection:
            connection.execute(Measurement.__table__.delete().where(Measurement.submission_key.like(f"{KEY_PREFIX}%")))
        return result | {"database": engine.dialect.name, "replicas": len(ports), "stored_writes": stored,
                         "lost_writes": result["acknowledged_writes"] - stored}
    finally:
        engine.dispose()


async def _scenario(engine: Engine, staff: User, writers: list, paths: list[str], ports: list[int], officials: int,
                    seconds: float, seed: int, say: Callable[[str], None], pids: list[int]) -> dict:
    import websockets

    from qmi.services import measurements as service
    from qmi.services import reviews

    streams = [f"ws://127.0.0.1:{port}/_stcore/stream" for port in ports]
    browsed = [p for p in OFFICIAL_PAGES if p in paths]
    runs: dict[str, list[float]] = {p: [] for p in browsed}
    visible: list[float] = []
    errors: list[str] = []
    keys: list[str] = []
    unseen = [0]
    record_runs = [0]
    deadline = 0.0

    async def connect(index: int):
        """Session ``index``'s websocket, to its replica."""
        return await websockets.connect(streams[index % len(streams)], subprotocols=["streamlit"], max_size=None,
                                        open_timeout=60)

    async def official(index: int) -> None:
        rng = random.Random(seed + index)
        async with await connect(index) as ws:
            await page_run(ws, browsed[0])  # the session's first page: not timed (a new visit)
            while time.perf_counter() < deadline:
                page = rng.choice(browsed)
                try:
                    elapsed, _ = await page_run(ws, page)
                    runs[page].append(elapsed)
                except Exception as error:  # counted, the scenario goes on
                    errors.append(f"{page}: {type(error).__name__}: {error}"[:200])
                await asyncio.sleep(rng.uniform(1, 3))

    def write(user: User, project_id: int, code: str, day: date, value: int, key: str) -> None:
        row = service.record(engine, user, {"project_id": project_id, "indicator_code": code,
                                            "period_start": day.isoformat(), "value": str(value)},
                             submission_key=key, today=date.today())
        keys.append(key)
        reviews.approve(engine, staff, row.id, version=row.version)

    async def agent(index: int) -> None:
        rng = random.Random(seed + 1000 + index)
        user, targets = writers[index]
        used: set[tuple[int, date]] = set()
        async with await connect(index) as ws:
            await asyncio.sleep(rng.uniform(0, 3))
            while time.perf_counter() < deadline:
                project_id, slug, code, days = rng.choice(targets)
                day = rng.choice(days)
                if (project_id, day) in used:
                    continue
                used.add((project_id, day))
                value = rng.randint(1, MAX_VALUE)
                drawn = re.compile(rb'"y":\[(?:[^\]]*,)?' + str(value).encode() + rb"\.0[,\]]")  # a chart's point
                started = time.perf_counter()
                try:
                    await asyncio.to_thread(write, user, project_id, code, day, value, f"{KEY_PREFIX}{uuid.uuid4().hex}")
                    while True:
                        _, sent = await page_run(ws, "experimentations", f"experimentation={slug}")
                        record_runs[0] += 1
                        if drawn.search(sent):
                            visible.append(time.perf_counter() - started)
                            break
                        if time.perf_counter() - started > VISIBLE_TIMEOUT:
                            unseen[0] += 1
                            break
                        await asyncio.sleep(POLL_SECONDS)
                except Exception as error:
                    errors.append(f"agent: {type(error).__name__}: {error}"[:200])
                await asyncio.sleep(rng.uniform(1, 3))

    # A server's very first session does not know the page list yet and answers a deep link with
    # « page not found »: on each replica, one session opens the home page first, as a browser would.
    for replica in range(len(streams)):
        async with await connect(replica) as ws:
            await page_run(ws, "")
    say(f"  write-heavy: {officials} officials and {len(writers)} agents for {seconds:.0f} s, {len(streams)} replica(s)")
    warmed = await asyncio.gather(
        *(_steady_state(connect, replica, browsed) for replica in range(len(streams))),
        *(_steady_state(connect, index, ["experimentations"] * len(targets),
                        [f"experimentation={slug}" for _, slug, _, _ in targets])
          for index, (_, targets) in enumerate(writers)))
    warm_cpu = await _warm_cpu(connect, pids[0], browsed, writers)
    started, servers_before, own_before = time.perf_counter(), [cpu_seconds(p) for p in pids], cpu_seconds()
    deadline = started + seconds
    await asyncio.gather(*(official(i) for i in range(officials)), *(agent(i) for i in range(len(writers))))
    wall = time.perf_counter() - started
    # How busy the cores were: the servers' CPU time, and this process's (the sessions' websockets, the
    # agents' writes), over the scenario's wall time.
    busy = {"servers_cpu_per_second": round(sum(cpu_seconds(p) - b for p, b in zip(pids, servers_before)) / wall, 2),
            "bench_cpu_per_second": round((cpu_seconds() - own_before) / wall, 2),
            "cores": os.cpu_count()}
    every = [s for samples in runs.values() for s in samples]
    return {"officials": officials, "agents": len(writers), "seconds": seconds,
            "pages": {path: summarise(samples) for path, samples in runs.items()}, "all_pages": summarise(every),
            "visible": summarise(visible), "not_visible": unseen[0], "acknowledged_writes": len(keys), "keys": keys,
            "errors": sorted(set(errors))[:10], "error_count": len(errors), "steady_state_runs": sum(warmed),
            "record_runs": record_runs[0], "warm_cpu_ms": warm_cpu,
            "warm_demand_cores": _warm_demand(warm_cpu, {p: len(s) for p, s in runs.items()}, record_runs[0], wall), **busy}
