"""Settings read from the environment, in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
REFERENCE_DIR = DATA_DIR / "reference"
GEO_DIR = DATA_DIR / "geo"
SCHEMA_DIR = DATA_DIR / "schemas"  # one Table Schema folder per open-data file (schema.data.gouv.fr layout)
DEFAULT_DATABASE_URL = f"sqlite:///{DATA_DIR / 'qmi.db'}"
DEFAULT_DATA_PUBLISHER = "Métropole du Grand Paris / Paris&Co"


def _flag(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "oui", "on"}


@dataclass(frozen=True)
class Settings:
    database_url: str
    require_login: bool
    public_base_url: str
    language: str
    session_minutes: int
    max_upload_bytes: int
    legal: LegalFacts
    audit_retention_months: int
    # Who « staff » are, for the source of what they enter (« Saisie par Paris&Co »).
    operator: str = "Paris&Co"
    # Who publishes the open data (the DCAT catalogue's dct:publisher), QMI_DATA_PUBLISHER.
    data_publisher: str = DEFAULT_DATA_PUBLISHER
    # The read-only HTTP API (/api/v1): QMI_API=off leaves its routes out; each client address may send
    # QMI_API_BURST requests at once, then QMI_API_RATE per second (a token bucket).
    api_enabled: bool = True
    api_rate: float = 10.0
    api_burst: int = 60


@dataclass(frozen=True)
class LegalFacts:
    """Who publishes and hosts this instance: it varies by deployment, so it is configured, never guessed.
    An empty value is shown as « à renseigner » with the variable that sets it."""

    publisher: str  # QMI_PUBLISHER: the body that publishes the site (name, address)
    publication_director: str  # QMI_PUBLICATION_DIRECTOR
    host: str  # QMI_HOST: the hosting provider (name, address, telephone)
    accessibility_contact: str  # QMI_ACCESSIBILITY_CONTACT: where to report an accessibility problem
    privacy_contact: str  # QMI_PRIVACY_CONTACT: the data protection officer or rights contact


def default_language() -> str:
    """QMI_LANGUAGE alone: the pages ask for it on every translated string, where building every setting
    (``get_settings``) cost a page of 10 000 rows more than a second."""
    return os.environ.get("QMI_LANGUAGE", "fr")


def get_settings() -> Settings:
    return Settings(
        database_url=os.environ.get("QMI_DATABASE_URL", DEFAULT_DATABASE_URL),
        require_login=_flag("QMI_REQUIRE_LOGIN", False),
        # Unset: public links start with the address the page was opened from (qmi.outputs.links.public_base).
        public_base_url=os.environ.get("QMI_PUBLIC_BASE_URL", "").strip().rstrip("/"),
        language=default_language(),
        session_minutes=int(os.environ.get("QMI_SESSION_MINUTES", "120")),
        max_upload_bytes=int(os.environ.get("QMI_MAX_UPLOAD_BYTES", str(2 * 1024 * 1024))),
        legal=LegalFacts(**{name: os.environ.get(f"QMI_{name.upper()}", "").strip() for name in LEGAL_VARIABLES}),
        audit_retention_months=int(os.environ.get("QMI_AUDIT_RETENTION_MONTHS", "12")),
        operator=os.environ.get("QMI_OPERATOR", "").strip() or "Paris&Co",
        data_publisher=os.environ.get("QMI_DATA_PUBLISHER", "").strip() or DEFAULT_DATA_PUBLISHER,
        api_enabled=_flag("QMI_API", True),
        api_rate=float(os.environ.get("QMI_API_RATE", "10")),
        api_burst=int(os.environ.get("QMI_API_BURST", "60")),
    )


LEGAL_VARIABLES = ("publisher", "publication_director", "host", "accessibility_contact", "privacy_contact")
