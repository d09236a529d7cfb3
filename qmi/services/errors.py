"""Errors the write services raise; each carries an i18n key so the interface can say it in French or English."""

from __future__ import annotations

from qmi.i18n import Refusal


class ServiceError(Refusal):
    """A refused operation, with a message key from ``qmi/i18n/forms.py`` and its values."""


class PermissionDenied(ServiceError):
    """The user may not do this (wrong role, other commune, disabled account, expired session)."""


class ValidationFailed(ServiceError):
    """Some fields are invalid; ``errors`` maps each field to its message (already in the asked language)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("forms.error.invalid")
        self.errors = errors
