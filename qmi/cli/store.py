"""``python -m qmi init | prepare | export | demo | backup | restore | downgrade``: the store's life."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEFAULT_BACKUP_DIR = "data/backups"


def _engine():
    from qmi.db import configured_engine

    return configured_engine()


def _init(args: argparse.Namespace) -> int:
    from qmi.store.bootstrap import init_store

    init_store(_engine(), demo=not args.no_demo)
    print("Base initialisée" + (" (sans données de démonstration)." if args.no_demo else " avec les données de démonstration."))
    return 0


def _prepare(_args: argparse.Namespace) -> int:
    from qmi.db import StoreError
    from qmi.store.bootstrap import prepare_store

    try:
        prepare_store(_engine())
    except StoreError as fault:
        if fault.kind != "read_only":
            print(fault.message(), file=sys.stderr)
            return 1
        print("Base en lecture seule : elle n'a pas été mise à jour, l'application la sert en consultation.",
              file=sys.stderr)
        return 0
    print("Base prête.")
    return 0


def _export(args: argparse.Namespace) -> int:
    from qmi.outputs.datapackage import ExportRefused, export_package

    try:
        written = export_package(_engine(), Path(args.outdir))
    except ExportRefused as refused:
        print("\n".join(refused.lines("fr")), file=sys.stderr)
        return 1
    for path in written:
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


def _backup(args: argparse.Namespace) -> int:
    from qmi.store.backup import BackupError, backup

    try:
        made = backup(_engine(), Path(args.outdir))
    except BackupError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Sauvegarde : {made.path} ({sum(made.counts.values())} lignes, schéma {made.revision}).")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from qmi.store.backup import BackupError, restore

    if not args.yes:
        print("Restaurer remplace toute la base par la sauvegarde. Relancez avec --yes (la base actuelle est "
              "sauvegardée d'abord).", file=sys.stderr)
        return 1
    try:
        safety, restored = restore(_engine(), Path(args.file), Path(args.backup_dir))
    except BackupError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Base restaurée depuis {restored.path} ({sum(restored.counts.values())} lignes). "
          f"L'ancienne base est sauvegardée dans {safety.path}.")
    return 0


def _downgrade(args: argparse.Namespace) -> int:
    from qmi.store.backup import BackupError, downgrade

    try:
        safety = downgrade(_engine(), args.revision, Path(args.backup_dir), confirmed=args.yes)
    except BackupError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Schéma ramené à {args.revision}. Sauvegarde faite avant : {safety.path}.")
    return 0


def _age_in_days(text: str) -> int:
    """« 12m » (months, counted as 30 days), « 90d » or « 1y » as days."""
    units = {"d": 1, "m": 30, "y": 365}
    number, unit = text[:-1], text[-1:].lower()
    if unit not in units or not number.isascii() or not number.isdigit() or int(number) <= 0:
        raise argparse.ArgumentTypeError("une durée comme 12m (mois), 90d (jours) ou 1y (an)")
    return int(number) * units[unit]


def _audit(args: argparse.Namespace) -> int:
    from qmi.services.audit import purge_personal

    changed = purge_personal(_engine(), args.older_than)
    print(f"Journal : {changed} entrée(s) de plus de {args.older_than} jours sans données personnelles "
          "(les entrées et leurs dates restent).")
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="migrate the store, load the public record and (unless --no-demo) the demo data")
    p.add_argument("--no-demo", action="store_true", help="do not load the illustrative demo data")
    p.set_defaults(handler=_init)

    p = sub.add_parser("prepare", help="fill a new store (demo included), or only upgrade an existing one")
    p.set_defaults(handler=_prepare)

    p = sub.add_parser("export", help="write the open data into OUTDIR: one CSV per table, datapackage.json (Table Schemas), catalogue.jsonld (DCAT-AP), validated first")
    p.add_argument("outdir", help="directory to write into (created if missing)")
    p.set_defaults(handler=_export)

    p = sub.add_parser("demo", help="add or remove the illustrative demo data")
    p.add_argument("action", choices=("load", "remove"), help="load: add the demo set; remove: delete every demo row")
    p.set_defaults(handler=_demo)

    p = sub.add_parser("backup", help="write a consistent copy of the store into OUTDIR (SQLite backup API or pg_dump)")
    p.add_argument("outdir", nargs="?", default=DEFAULT_BACKUP_DIR, help=f"directory (default: {DEFAULT_BACKUP_DIR})")
    p.set_defaults(handler=_backup)

    p = sub.add_parser("restore", help="replace the store by a backup (refuses one from a newer schema)")
    p.add_argument("file", help="a file written by `python -m qmi backup`")
    p.add_argument("--yes", action="store_true", help="confirm: the current store is backed up, then replaced")
    p.add_argument("--backup-dir", default=DEFAULT_BACKUP_DIR, help="where the current store is backed up first")
    p.set_defaults(handler=_restore)

    p = sub.add_parser("downgrade", help="take the schema back to an older revision, after a backup")
    p.add_argument("revision", nargs="?", default="-1", help="target revision (default: -1, the previous one)")
    p.add_argument("--yes", action="store_true", help="confirm: tables may be dropped with their rows")
    p.add_argument("--backup-dir", default=DEFAULT_BACKUP_DIR, help="where the store is backed up first")
    p.set_defaults(handler=_downgrade)

    p = sub.add_parser("audit", help="the audit log's retention: purge personal fields from old entries")
    actions = p.add_subparsers(dest="action", required=True)
    purge = actions.add_parser("purge", help="keep the entries (what, when) but drop who (names, account fields)")
    from qmi.config import get_settings

    months = get_settings().audit_retention_months
    purge.add_argument("--older-than", type=_age_in_days, default=_age_in_days(f"{months}m"),
                       help=f"age of the entries to purge: 12m, 90d, 1y… (default: {months}m, QMI_AUDIT_RETENTION_MONTHS)")
    purge.set_defaults(handler=_audit)
