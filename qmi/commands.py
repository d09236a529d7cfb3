"""Optional sub-commands of ``python -m qmi``: importing a module here registers its commands."""

from qmi.cli import register
from qmi.services import users

register(users.add_parser)
