"""What a write touched and what a read depends on: the store's scopes.

A scope is a kind of data (``measurements``, ``assessments``...) or a kind in one commune
(``measurements:93048``). Every write transaction that records an audit entry moves the version of
each scope it touched (``qmi.services.audit``), in the same transaction; a cached read
(``qmi.ui.q``) is keyed by the versions of the scopes its query declares (``qmi.queries.reads``),
so a measurement in one commune leaves another commune's portfolio and the programme's ranking
cached. ``ALL`` is moved by a write the scopes cannot describe (a bulk load, a restore) and is
part of every key.
"""

from __future__ import annotations

from collections.abc import Iterable

ALL = "*"

MEASUREMENTS = "measurements"  # values, their corrections, withdrawals and four-eyes reviews (one table)
ASSESSMENTS = "assessments"  # assessments and the assessors' scores
PROJECTS = "projects"  # the experiments' catalogue rows and their dated statuses
REFERENCE = "reference"  # communes, their challenges, editions, families, challenges, indicators, programme
LESSONS = "lessons"  # lessons and the field journal (evidence)
TRANSFERS = "transfers"  # transfers between experiments and their steps
PROTOCOLS = "protocols"  # the indicators an experiment's protocol follows
EVENTS = "events"  # the programme's events
EDITS = "edits"  # the record of hand edits of the public record (conflicts)
USERS = "users"  # accounts

KINDS = (MEASUREMENTS, ASSESSMENTS, PROJECTS, REFERENCE, LESSONS, TRANSFERS, PROTOCOLS, EVENTS, EDITS, USERS)
# Kinds whose rows belong to one commune (through their experiment): each also has a scope per commune.
COMMUNE_BOUND = frozenset({MEASUREMENTS, ASSESSMENTS, PROJECTS, REFERENCE, LESSONS, TRANSFERS, PROTOCOLS})

TABLE_KIND = {
    "measurement": MEASUREMENTS, "indicator_latest": MEASUREMENTS,  # kept by the measurement triggers
    "assessment": ASSESSMENTS, "assessorscore": ASSESSMENTS,
    "project": PROJECTS, "statuschange": PROJECTS,
    "commune": REFERENCE, "communechallenge": REFERENCE, "edition": REFERENCE, "family": REFERENCE,
    "urbanchallenge": REFERENCE, "indicator": REFERENCE, "programmefigure": REFERENCE,
    "calendarentry": REFERENCE, "programmestep": REFERENCE,
    "lesson": LESSONS, "fieldevidence": LESSONS,
    "transfer": TRANSFERS, "transferstep": TRANSFERS,
    "protocolindicator": PROTOCOLS,
    "event": EVENTS,
    "fieldedit": EDITS,
    "user": USERS,
}
# Tables no page reads as data of a scope: the log (its readers declare nothing and follow every write).
UNSCOPED_TABLES = frozenset({"auditlog", "store_scope", "alembic_version"})


EVERY_COMMUNE = "*"  # a write of a commune-bound kind that belongs to no one commune (an indicator's name)


def scope(kind: str, commune: str | None = None) -> str:
    """The name of ``kind``'s scope, in ``commune`` when given and the kind is bound to communes."""
    if kind not in KINDS:
        raise ValueError(f"unknown scope kind {kind!r}")
    return f"{kind}:{commune}" if commune is not None and kind in COMMUNE_BOUND else kind


def touched(kind: str, communes: Iterable[str | None]) -> set[str]:
    """The scopes a write of ``kind`` moves: the kind's own, and its scope in each commune it touched;
    a write of a commune-bound kind in no particular commune moves the scope every commune's reads follow."""
    named = {c for c in communes if c is not None}
    if kind in COMMUNE_BOUND and not named:
        named = {EVERY_COMMUNE}
    return {kind} | {scope(kind, c) for c in named}


def read(kind: str, commune: str | None = None) -> tuple[str, ...]:
    """The scopes a read of ``kind`` follows: the kind's own, or for one commune its scope there and the
    scope of writes that touch every commune."""
    if commune is None or kind not in COMMUNE_BOUND:
        return (scope(kind),)
    return scope(kind, commune), scope(kind, EVERY_COMMUNE)


def kinds_of(tables: Iterable[str]) -> set[str]:
    """The kinds a read of these tables depends on (unknown tables: ``ALL``)."""
    return {TABLE_KIND.get(t, ALL) for t in tables if t not in UNSCOPED_TABLES}
