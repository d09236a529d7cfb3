"""Staff edit of a commune's declared urban challenges and innovation district.

Who may edit: admin and staff for every commune, an agent for their own commune only;
viewers and signed-out visitors never. The check runs here, inside the write
transaction, on the stored account; the audit row is written in the same transaction.

The district is an edit over the public record (``qmi.services.edits``): loading the record again
keeps it. A declaration replaces the previous one: when the set of challenges changes, every
challenge of the new set is stored as declared by the person who saved it (no longer
demo data), with the source they gave.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from qmi.db import write_session
from qmi.domain.rights import may_write_for_commune
from qmi.domain.text import bad_character, printable
from qmi.models import Commune, CommuneChallenge, UrbanChallenge, User
from qmi.services import audit, edits
from qmi.services.errors import PermissionDenied, ServiceError
from qmi.services.permissions import acting_user

INSEE = re.compile(r"[0-9][0-9AB][0-9]{3}", re.ASCII)  # 2A/2B: Corsica
MAX_DISTRICT = 120
MAX_SOURCE = 300


@dataclass(frozen=True)
class CommuneUpdate:
    challenges_changed: bool
    district_changed: bool

    @property
    def changed(self) -> bool:
        return self.challenges_changed or self.district_changed


def can_edit_commune(user: object | None, commune_insee: str) -> bool:
    """May ``user`` (a ``User`` or a signed-in ``Identity``) edit this commune's challenges and district?"""
    if user is None:
        return False
    return may_write_for_commune(getattr(user, "role", None), getattr(user, "commune_insee", None), commune_insee,
                                 getattr(user, "is_active", True))


def _clean(value: str | None, limit: int, field: str) -> str | None:
    text = (value or "").strip()
    if len(text) > limit:
        raise ServiceError("essaimage.error.too_long", field=field, limit=limit)
    if (char := bad_character(text)) is not None:
        raise ServiceError("valid.control_character", char=char)
    return text or None


def _default_source(user: User) -> str:
    return f"Saisi dans l'application par {user.username} le {datetime.now(UTC):%d/%m/%Y}"


def _declared(session: Session, commune_insee: str) -> list[CommuneChallenge]:
    return list(session.exec(
        select(CommuneChallenge).where(CommuneChallenge.commune_insee == commune_insee)
        .order_by(CommuneChallenge.challenge_code)
    ).all())


def _challenge_snapshot(rows: list[CommuneChallenge]) -> dict:
    return {"challenges": [
        {"code": r.challenge_code, "source": r.source, "is_demo": r.is_demo}
        for r in sorted(rows, key=lambda r: r.challenge_code)
    ]}


def update_commune(
    engine: Engine,
    actor: object,
    commune_insee: str,
    challenges: Iterable[str],
    innovation_district: str | None,
    source: str | None = None,
) -> CommuneUpdate:
    """Store the commune's declared challenges and innovation district; audit what changed.

    ``source`` names where the information comes from (a document, a council decision); when
    left blank, the entry is attributed to the person who saved it, with the date.
    """
    codes = sorted(set(challenges))
    district = _clean(innovation_district, MAX_DISTRICT, "innovation_district")
    given_source = _clean(source, MAX_SOURCE, "source")
    with write_session(engine) as session:
        user = acting_user(session, actor)
        commune = session.get(Commune, commune_insee) if INSEE.fullmatch(str(commune_insee or "")) else None
        if commune is None:
            raise ServiceError("essaimage.error.unknown_commune", commune=printable(commune_insee, 20))
        if not can_edit_commune(user, commune_insee):
            raise PermissionDenied("essaimage.error.not_allowed")
        known = set(session.exec(select(UrbanChallenge.code)).all())
        for code in codes:
            if code not in known:
                raise ServiceError("essaimage.error.unknown_challenge", code=code)
        row_source = given_source or _default_source(user)

        current = _declared(session, commune_insee)
        challenges_changed = sorted(r.challenge_code for r in current) != codes
        if challenges_changed:
            before = _challenge_snapshot(current)
            for row in current:
                session.delete(row)
            session.flush()
            new_rows = [CommuneChallenge(commune_insee=commune_insee, challenge_code=code, source=row_source,
                                         is_demo=False) for code in codes]
            session.add_all(new_rows)
            session.flush()
            audit.record(session, user, "update", "commune_challenges", commune_insee, before,
                         _challenge_snapshot(new_rows))

        district_changed = district != commune.innovation_district
        if district_changed:  # an edit over the record: loading the record again keeps it
            edits.apply(session, user, commune,
                        {"innovation_district": district, "district_source": row_source if district else None},
                        row_source)
    return CommuneUpdate(challenges_changed, district_changed)
