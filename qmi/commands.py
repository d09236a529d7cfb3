"""Optional sub-commands of ``python -m qmi``: importing a module here registers its commands."""
