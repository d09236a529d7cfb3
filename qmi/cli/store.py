"""``python -m qmi init | prepare | export | demo``: create, fill and export the store."""

from __future__ import annotations

import argparse
from pathlib import Path


def _engine():
    from qmi.db import configured_engine

    return configured_engine()


def _init(args: argparse.Namespace) -> int:
    from qmi.store.bootstrap import init_store

    init_store(_engine(), demo=not args.no_demo)
    print("Base initialisée" + (" (sans données de démonstration)." if args.no_demo else " avec les données de démonstration."))
    return 0


def _prepare(_args: argparse.Namespace) -> int:
    from qmi.store.bootstrap import prepare_store

    prepare_store(_engine())
    print("Base prête.")
    return 0


def _export(args: argparse.Namespace) -> int:
    from qmi.outputs.tables import export_open_data

    for path in export_open_data(_engine(), Path(args.outdir)):
        print(path)
    return 0


def _demo(args: argparse.Namespace) -> int:
    from qmi.store.demo import load_demo, remove_demo

    if args.action == "remove":
        remove_demo(_engine())
        print("Données de démonstration supprimées.")
    else:
        wrote = load_demo(_engine())
        print("Données de démonstration ajoutées." if wrote else "Données de démonstration déjà présentes.")
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="migrate the store, load the public record and (unless --no-demo) the demo data")
    p.add_argument("--no-demo", action="store_true", help="do not load the illustrative demo data")
    p.set_defaults(handler=_init)

    p = sub.add_parser("prepare", help="fill a new store (demo included), or only upgrade an existing one")
    p.set_defaults(handler=_prepare)

    p = sub.add_parser("export", help="write the open-data CSV files (one per table) into OUTDIR")
    p.add_argument("outdir", help="directory to write into (created if missing)")
    p.set_defaults(handler=_export)

    p = sub.add_parser("demo", help="add or remove the illustrative demo data")
    p.add_argument("action", choices=("load", "remove"), help="load: add the demo set; remove: delete every demo row")
    p.set_defaults(handler=_demo)
