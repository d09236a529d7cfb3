"""Who may write what. Every write service calls these; hiding a widget is never the protection.

Rules:
- ``admin``: everything, including user accounts and the audit log;
- ``staff``: data of every commune (measurements, protocols, assessments);
- ``agent``: measurements and protocols of the experiments of their own commune only;
- ``viewer``: reads only.

``actor`` is whatever the caller holds for the signed-in person: a ``User`` row or an
``auth.Identity`` (anything with ``id``/``user_id``, ``role``, ``commune_insee``). The write
services pass it to :func:`acting_user` inside their transaction, which re-reads the account
so that a disabled account, a changed role or an expired session is refused at once.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session

from qmi.models import Project, User
from qmi.services.errors import PermissionDenied

DATA_ROLES = ("admin", "staff")


def _actor_id(actor: object) -> int | None:
    return getattr(actor, "user_id", None) or getattr(actor, "id", None)


def acting_user(session: Session, actor: object) -> User:
    """The stored, active account behind ``actor``; refuses unknown, disabled or expired ones."""
    if actor is None:
        raise PermissionDenied("forms.error.signed_out")
    expires_at = getattr(actor, "expires_at", None)
    if expires_at is not None and expires_at <= datetime.now(UTC):
        raise PermissionDenied("forms.error.session_expired")
    user = session.get(User, _actor_id(actor))
    if user is None or not user.is_active:
        raise PermissionDenied("forms.error.account_disabled")
    return user


def can_write_project(user: User, project: Project) -> bool:
    """May ``user`` write data (measurements, protocol) for ``project``?"""
    if not user.is_active:
        return False
    if user.role in DATA_ROLES:
        return True
    return user.role == "agent" and user.commune_insee is not None and user.commune_insee == project.commune_insee


def require_write_project(user: User, project: Project) -> None:
    if not can_write_project(user, project):
        raise PermissionDenied("forms.error.not_your_commune", project=project.name)


def can_assess(user: User) -> bool:
    """Replicability assessments are recorded by programme staff."""
    return user.is_active and user.role in DATA_ROLES


def require_assess(user: User) -> None:
    if not can_assess(user):
        raise PermissionDenied("forms.error.staff_only")


def is_admin(user: User) -> bool:
    return user.is_active and user.role == "admin"


def require_admin(user: User) -> None:
    if not is_admin(user):
        raise PermissionDenied("forms.error.admin_only")
