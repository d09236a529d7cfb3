"""``python -m qmi import projects|events FILE --as USERNAME``: the catalogue back from its open-data files.

The same service as the interface's upload (``qmi.services.catalogue_imports``), all or nothing:
on any problem each one is printed (row, column, value, why), nothing is written and the command
exits 1. The account named by ``--as`` (staff or admin) signs the writes in the audit log.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _account(engine, username: str):
    from sqlalchemy import func, select

    from qmi.db import read_session
    from qmi.models import User

    with read_session(engine) as session:
        return session.scalars(select(User).where(func.lower(User.username) == username.strip().lower())).first()


def _import(args: argparse.Namespace) -> int:
    from qmi.db import configured_engine
    from qmi.i18n import t, tn
    from qmi.services.catalogue_imports import import_events, import_projects

    engine = configured_engine()
    user = _account(engine, args.as_user)
    if user is None:
        print(f"Compte inconnu : {args.as_user} (créez-le avec `python -m qmi users add`).", file=sys.stderr)
        return 1
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as error:
        print(f"Fichier illisible : {path} ({error.strerror}).", file=sys.stderr)
        return 1
    run = import_projects if args.kind == "projects" else import_events
    report = run(engine, user, data, path.name)
    if not report.ok:
        print(t("catalogue.import.failed", problems=tn("import.problems", len(report.problems))), file=sys.stderr)
        print(report.frame().to_string(index=False), file=sys.stderr)
        return 1
    print(t("catalogue.import.done", written=tn("import.rows_written", report.written),
            unchanged=tn("import.rows_unchanged", report.unchanged)))
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="create or update experiments (by slug) or events from their open-data CSV/XLSX")
    p.add_argument("kind", choices=("projects", "events"), help="projects: projects.csv; events: events.csv")
    p.add_argument("file", help="a file in the format `python -m qmi export` writes (CSV or XLSX)")
    p.add_argument("--as", dest="as_user", required=True, metavar="USERNAME",
                   help="the staff or admin account the writes are made by (python -m qmi users add)")
    p.set_defaults(handler=_import)
