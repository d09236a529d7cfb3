"""``python -m qmi users``: the local accounts, through the same service as the administration page."""

from __future__ import annotations

import argparse
import getpass
import sys


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Mot de passe : ")
    if getpass.getpass("Confirmez le mot de passe : ") != first:
        raise SystemExit("Les deux mots de passe diffèrent.")
    return first


def _report(error: Exception) -> int:
    from qmi.services.errors import ValidationFailed

    if isinstance(error, ValidationFailed):
        for field, message in error.errors.items():
            print(f"{field} : {message}", file=sys.stderr)
    else:
        print(error.message(), file=sys.stderr)
    return 1


def _cli(args: argparse.Namespace) -> int:
    from qmi.db import configured_engine
    from qmi.services.errors import ServiceError
    from qmi.services.users import add_user, set_active, set_assessor, set_password, set_validator, users_frame

    engine = configured_engine()
    try:
        if args.action == "add":
            user = add_user(engine, args.username, _read_password(args), args.role, args.commune, args.name or "")
            print(f"Compte créé : {user.username} ({user.role}).")
        elif args.action == "list":
            table = users_frame(engine)
            print(table.to_string(index=False) if len(table) else "Aucun compte.")
        elif args.action == "disable":
            set_active(engine, args.username, False)
            print(f"Compte désactivé : {args.username}.")
        elif args.action == "set-assessor":
            set_assessor(engine, args.username, not args.off)
            print(f"Évaluateur {'retiré' if args.off else 'donné'} : {args.username}.")
        elif args.action == "set-validator":
            set_validator(engine, args.username, not args.off)
            print(f"Validation des valeurs {'retirée' if args.off else 'donnée'} : {args.username}.")
        elif args.action == "set-password":
            set_password(engine, args.username, _read_password(args))
            print(f"Mot de passe changé : {args.username}.")
    except ServiceError as error:
        return _report(error)
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("users", help="manage the local accounts (add, list, disable, set-password)")
    actions = parser.add_subparsers(dest="action", required=True)
    p = actions.add_parser("add", help="create an account; the password is asked for (or read from stdin)")
    p.add_argument("username")
    p.add_argument("--role", required=True, help="admin, staff, agent or viewer (checked by the service)")
    p.add_argument("--commune", help="INSEE code of the agent's commune (required for agents)")
    p.add_argument("--name", help="display name")
    p.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    actions.add_parser("list", help="list the accounts")
    p = actions.add_parser("disable", help="disable an account (it can no longer sign in or write)")
    p.add_argument("username")
    p = actions.add_parser("set-assessor", help="let an account score replicability assessments (--off takes it back)")
    p.add_argument("username")
    p.add_argument("--off", action="store_true", help="take the assessor flag back")
    p = actions.add_parser("set-validator",
                           help="let an account (staff, or a viewer with a commune) review its commune's values (--off takes it back)")
    p.add_argument("username")
    p.add_argument("--off", action="store_true", help="take the validator flag back")
    p = actions.add_parser("set-password", help="change an account's password (unlocks it)")
    p.add_argument("username")
    p.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    parser.set_defaults(handler=_cli)
