"""python -m qmi — manage the store from the command line.

The commands are listed once, in :data:`COMMANDS`. Each module there defines ``add_parser`` and
imports only the standard library at its top: the heavy modules (pandas, SQLModel, the benchmark)
are imported by the command that runs, so ``python -m qmi --help`` answers at once.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

COMMANDS = (
    "qmi.cli.store",  # init, prepare, export, demo
    "qmi.cli.users",  # users add | list | disable | set-password
    "qmi.cli.imports",  # import projects | events
    "qmi.cli.sheets",  # sheets OUTDIR
    "qmi.cli.digest",  # digest [--commune INSEE] [--send] [--out OUTDIR]
    "qmi.bench.cli",  # bench
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m qmi", description="Quartiers Métropolitains d'Innovation: store tools.")
    sub = parser.add_subparsers(dest="command", required=True)
    for module in COMMANDS:
        importlib.import_module(module).add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
