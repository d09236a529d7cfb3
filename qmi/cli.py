"""python -m qmi — manage the store from the command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from qmi.config import get_settings
from qmi.db import engine_for

Handler = Callable[[argparse.Namespace], int]
_EXTRA_COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = []


def register(add_parser: Callable[[argparse._SubParsersAction], None]) -> None:
    """Let another module (users, bench…) add its own sub-command."""
    _EXTRA_COMMANDS.append(add_parser)


def engine():  # noqa: ANN201
    return engine_for(get_settings().database_url)


def _init(args: argparse.Namespace) -> int:
    from qmi.store import init_store

    init_store(engine(), demo=not args.no_demo)
    print("Base initialisée" + (" (sans données de démonstration)." if args.no_demo else " avec les données de démonstration."))
    return 0


def _prepare(_args: argparse.Namespace) -> int:
    from qmi.store import prepare_store

    prepare_store(engine())
    print("Base prête.")
    return 0


def _export(args: argparse.Namespace) -> int:
    from qmi.export import export_open_data

    for path in export_open_data(engine(), Path(args.outdir)):
        print(path)
    return 0


def _demo(args: argparse.Namespace) -> int:
    from qmi.demo import load_demo, remove_demo

    if args.action == "remove":
        remove_demo(engine())
        print("Données de démonstration supprimées.")
    else:
        wrote = load_demo(engine())
        print("Données de démonstration ajoutées." if wrote else "Données de démonstration déjà présentes.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m qmi", description="Quartiers Métropolitains d'Innovation: store tools.")
    sub = parser.add_subparsers(dest="command", required=True)

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

    for add in _EXTRA_COMMANDS:
        add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    import qmi.commands  # noqa: F401  (registers the optional sub-commands)

    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
