"""``python -m qmi sheets OUTDIR [--lang fr|en] [--commune INSEE]``: one evaluation-sheet PDF per experiment."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _sheets(args: argparse.Namespace) -> int:
    from qmi.config import get_settings
    from qmi.db import configured_engine
    from qmi.outputs.links import public_base
    from qmi.outputs.pdf import PdfFontMissing
    from qmi.outputs.sheet_pdf import write_sheets

    try:
        written = write_sheets(configured_engine(), Path(args.outdir), args.lang, args.commune,
                               base=public_base(get_settings().public_base_url))
    except PdfFontMissing as error:
        print(error, file=sys.stderr)
        return 1
    if not written:
        print("Aucune expérimentation publiée" + (f" pour la commune {args.commune}." if args.commune else "."),
              file=sys.stderr)
        return 1
    print(f"{len(written)} fiches d'évaluation écrites dans {args.outdir}.")
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sheets", help="write one evaluation-sheet PDF per experiment (<slug>.pdf) into OUTDIR")
    p.add_argument("outdir", help="directory to write into (created if missing)")
    p.add_argument("--lang", choices=("fr", "en"), default="fr", help="language of the sheets (default: fr)")
    p.add_argument("--commune", metavar="INSEE", help="only the experiments of this commune (INSEE code)")
    p.set_defaults(handler=_sheets)
