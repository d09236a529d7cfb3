"""Who may write what, enforced. Every write service calls these; hiding a widget is never the protection.

The rules themselves (roles, own commune) are in ``qmi.domain.rights``.

``actor`` is whatever the caller holds for the signed-in person: a ``User`` row or an
``auth.Identity`` (anything with ``id``/``user_id``, ``role``, ``commune_insee``). The write
services pass it to :func:`acting_user` inside their transaction, which re-reads the account
so that a disabled account, a changed role or an expired session is refused at once, and a
session opened before a password reset, a role change or a disable (its ``session_version`` is
older than the account's) is closed.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session

from qmi.domain.rights import may_administer, may_assess, may_write_data, may_write_for_commune
from qmi.models import Project, User
from qmi.services.errors import PermissionDenied


def _actor_id(actor: object) -> int | None:
    return getattr(actor, "user_id", None) or getattr(actor, "id", None)


def acting_user(session: Session, actor: object) -> User:
    """The stored, active account behind ``actor``; refuses unknown, disabled, expired or revoked ones."""
    if actor is None:
        raise PermissionDenied("forms.error.signed_out")
    expires_at = getattr(actor, "expires_at", None)
    if expires_at is not None and expires_at <= datetime.now(UTC):
        raise PermissionDenied("forms.error.session_expired")
    user = session.get(User, _actor_id(actor))
    if user is None or not user.is_active:
        raise PermissionDenied("forms.error.account_disabled")
    # A User row is the account itself (command line, tests); a signed-in session carries its version.
    version = None if isinstance(actor, User) else getattr(actor, "session_version", None)
    if version is not None and version != user.session_version:
        raise PermissionDenied("forms.error.session_revoked")
    return user


def can_write_project(user: User, project: Project) -> bool:
    """May ``user`` write data (measurements, protocol) for ``project``?"""
    return may_write_for_commune(user.role, user.commune_insee, project.commune_insee, user.is_active)


def require_write_project(user: User, project: Project) -> None:
    """An account that writes nothing is told so; an agent, which commune's experiments they may write."""
    require_write_any(user)
    if not can_write_project(user, project):
        raise PermissionDenied("forms.error.not_your_commune", project=project.name)


def require_write_any(user: User) -> None:
    """Refuse an account that may write no data at all (a viewer, an agent without a commune)."""
    if not may_write_data(user.role, user.commune_insee, user.is_active):
        raise PermissionDenied("forms.error.read_only")


def can_assess(user: User) -> bool:
    return may_assess(user.role, user.is_active)


def require_catalogue(user: User) -> None:
    """The programme's catalogue (experiments, editions, communes, events, figures) is staff's."""
    if not can_assess(user):
        raise PermissionDenied("catalogue.error.staff_only")


def is_admin(user: User) -> bool:
    return may_administer(user.role, user.is_active)


def require_admin(user: User) -> None:
    if not is_admin(user):
        raise PermissionDenied("forms.error.admin_only")
