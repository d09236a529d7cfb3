"""``python -m qmi digest [--commune INSEE] [--send] [--out OUTDIR]``: each commune's digest (late indicators,
returned values, values waiting for review), as ``<insee>.eml`` files or sent over SMTP (``QMI_SMTP_URL``)."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path


def _digest(args: argparse.Namespace) -> int:
    from qmi.config import get_settings
    from qmi.db import configured_engine
    from qmi.i18n import t
    from qmi.outputs import digest
    from qmi.outputs.links import public_base

    smtp_url = os.environ.get("QMI_SMTP_URL", "").strip()
    if args.send and not smtp_url:
        print(t("digest.error.no_smtp"), file=sys.stderr)
        return 2
    try:
        digests = digest.build(configured_engine(), date.today(), public_base(get_settings().public_base_url),
                               os.environ, args.commune)
        if not digests:
            print("Rien à signaler : aucun message écrit.")
            return 0
        if args.send:
            sent = digest.send(digests, smtp_url)
            print(f"{len(sent)} message(s) envoyé(s) : {', '.join(sent)}.")
            return 0
    except digest.DigestError as error:
        print(error, file=sys.stderr)
        return 1
    written = digest.write(digests, Path(args.out))
    print(f"{len(written)} message(s) écrit(s) dans {args.out}.")
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("digest", help="each commune's digest: .eml files in OUTDIR, or sent with --send (QMI_SMTP_URL)")
    p.add_argument("--commune", metavar="INSEE", help="only this commune (INSEE code)")
    p.add_argument("--send", action="store_true", help="send over SMTP (QMI_SMTP_URL) instead of writing files")
    p.add_argument("--out", metavar="OUTDIR", default="digest", help="directory for the .eml files (default: ./digest)")
    p.set_defaults(handler=_digest)
