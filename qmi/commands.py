"""Optional sub-commands of ``python -m qmi``: importing a module here registers its commands."""

import qmi.bench.cli  # noqa: F401  (registers python -m qmi bench)
from qmi.cli import register
from qmi.services import users

register(users.add_parser)
