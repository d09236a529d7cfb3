"""Who may write what, as rules on a role and a commune. The services enforce them; pages only ask.

- ``admin``: everything, including user accounts and the audit log;
- ``staff``: data of every commune (measurements, protocols, assessments, communes);
- ``agent``: the data of their own commune only;
- ``viewer``: reads only.
"""

from __future__ import annotations

DATA_ROLES = ("admin", "staff")


def writes_for_every_commune(role: str | None) -> bool:
    return role in DATA_ROLES


def may_write_for_commune(role: str | None, own_commune: str | None, commune_insee: str | None,
                          is_active: bool = True) -> bool:
    """May an account of ``role`` attached to ``own_commune`` write the data of ``commune_insee``?"""
    if not is_active:
        return False
    if writes_for_every_commune(role):
        return True
    return role == "agent" and own_commune is not None and own_commune == commune_insee


def may_write_data(role: str | None, own_commune: str | None, is_active: bool = True) -> bool:
    """May an account write the data of at least one commune?"""
    return is_active and (writes_for_every_commune(role) or (role == "agent" and own_commune is not None))


def may_assess(role: str | None, is_active: bool = True) -> bool:
    """Replicability assessments are recorded by programme staff."""
    return is_active and writes_for_every_commune(role)


def may_administer(role: str | None, is_active: bool = True) -> bool:
    return is_active and role == "admin"


def may_keep_catalogue(role: str | None, own_commune: str | None, is_active: bool = True) -> bool:
    """Does the catalogue have something for this account? Staff and admins keep it all; an agent
    records the status changes of their commune's experiments."""
    return may_assess(role, is_active) or (is_active and role == "agent" and own_commune is not None)
