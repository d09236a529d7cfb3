"""Local accounts: argon2 password hashes, throttled sign-in, sessions that expire.

Passwords are only ever handled here and in ``users``: never stored, printed or logged in clear.
After ``MAX_FAILURES`` wrong passwords in a row an account is locked for ``LOCK_MINUTES``.
An unknown username costs the same hash verification as a known one, so timing does not
tell which usernames exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy.engine import Engine
from sqlmodel import select

from qmi.config import get_settings
from qmi.db import write_session
from qmi.domain.text import bad_character
from qmi.models import User
from qmi.services import audit
from qmi.services.errors import ServiceError

MAX_FAILURES = 5
LOCK_MINUTES = 15
MIN_PASSWORD_LENGTH = 10
USERNAME_MAX = 200  # longer than any account's (40); a longer one is simply unknown

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("qmi-no-such-user")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite gives datetimes back without their zone; they were written in UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


@dataclass(frozen=True)
class Identity:
    """The signed-in person as the interface keeps it; services re-read the account from the store."""

    user_id: int
    username: str
    display_name: str
    role: str
    commune_insee: str | None
    expires_at: datetime

    @property
    def name(self) -> str:
        return self.display_name or self.username

    def expired(self, now: datetime | None = None) -> bool:
        return (now or datetime.now(UTC)) >= self.expires_at


class SignInError(ServiceError):
    """Sign-in refused: ``auth.invalid`` or ``auth.locked`` (with ``until``)."""


def sign_in(engine: Engine, username: str, password: str, now: datetime | None = None) -> Identity:
    """Check the password; on success return a session that expires after ``session_minutes``."""
    now = now or datetime.now(UTC)
    username = (username or "").strip()
    lookable = 0 < len(username) <= USERNAME_MAX and bad_character(username) is None  # NUL breaks PostgreSQL's query
    with write_session(engine) as session:
        user = session.exec(select(User).where(User.username == username)).first() if lookable else None
        if user is None:
            verify_password(_DUMMY_HASH, password or "")
            raise SignInError("auth.invalid")
        locked_until = _aware(user.locked_until)
        if locked_until is not None and locked_until > now:
            verify_password(_DUMMY_HASH, password or "")
            raise SignInError("auth.locked", until=locked_until)
        if not verify_password(user.password_hash, password or "") or not user.is_active:
            user.failed_attempts = (0 if locked_until is not None else user.failed_attempts) + 1
            user.locked_until = None
            if user.failed_attempts >= MAX_FAILURES:
                user.locked_until = now + timedelta(minutes=LOCK_MINUTES)
                audit.record(session, user, "user.locked", "user", user.id, None, {"locked_until": user.locked_until})
            session.add(user)
            session.flush()
            failure = SignInError("auth.invalid")
        else:
            if _hasher.check_needs_rehash(user.password_hash):
                user.password_hash = hash_password(password)
            user.failed_attempts = 0
            user.locked_until = None
            user.last_login_at = now
            session.add(user)
            return Identity(
                user_id=user.id, username=user.username, display_name=user.display_name, role=user.role,
                commune_insee=user.commune_insee,
                expires_at=now + timedelta(minutes=get_settings().session_minutes),
            )
    raise failure
