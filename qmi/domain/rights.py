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


# --- several assessors per assessment (issue #17 §4) ----------------------------------------------
#
# Assessors are staff and admins, and any account an admin gave the assessor flag (an independent
# assessor is a « viewer » account with the flag). An agent with the flag scores only as « la
# commune », and only their own commune's experiments. Consolidation is staff and admins only.


def may_score(role: str | None, is_assessor: bool = False, is_active: bool = True) -> bool:
    """May this account score replicability assessments (as one of their assessors)?"""
    return is_active and (writes_for_every_commune(role) or bool(is_assessor))


def may_score_as(role: str | None, own_commune: str | None, kind: str, commune_insee: str | None) -> bool:
    """May an assessor of ``role`` score an experiment of ``commune_insee`` as an assessor of ``kind``?
    An agent only as « commune » for their own commune; « commune » is never an outsider's."""
    if role == "agent":
        return kind == "commune" and own_commune is not None and own_commune == commune_insee
    if kind == "commune":
        return writes_for_every_commune(role)
    return True


def may_consolidate(role: str | None, is_active: bool = True) -> bool:
    return may_assess(role, is_active)


def sees_every_score(role: str | None) -> bool:
    """Staff consolidate, so they read every submitted score of an assessment they have not scored."""
    return writes_for_every_commune(role)


def visible_scores(rows, viewer_id: int | None, sees_all: bool, consolidated: bool = False) -> list:
    """The blind rule: which of an assessment's assessor scores ``viewer_id`` may read.

    Drafts are read by their author only. Someone with a draft on the assessment reads only it.
    An assessor who submitted reads every submitted score; staff (``sees_all``) read them to
    consolidate. Everyone else, signed out included (an assessor could otherwise sign out to read the
    others' scores before scoring), reads each assessor's scores only once the assessment is
    consolidated; until then the public sees the index on the mean, which says so.
    ``rows`` have ``user_id`` and ``submitted_at``.
    """
    own = [r for r in rows if viewer_id is not None and r.user_id == viewer_id]  # one at most (a unique key)
    if own and own[0].submitted_at is None:
        return own
    if own or sees_all or consolidated:
        return [r for r in rows if r.submitted_at is not None]
    return []


# --- four-eyes review of the values (issue #18 §1) ------------------------------------------------
#
# A value is reviewed by staff or an admin (every commune), or by a validator of the value's commune
# (an account an admin gave the validator flag, attached to that commune). Agents enter values and
# never review them, flag or not; nobody reviews their own value (checked by the review service,
# which knows the author).


def may_review(role: str | None, is_validator: bool, own_commune: str | None, commune_insee: str | None,
               is_active: bool = True) -> bool:
    """May this account review (approve or return) a value of an experiment of ``commune_insee``?"""
    if not is_active or role == "agent":
        return False
    if writes_for_every_commune(role):
        return True
    return bool(is_validator) and own_commune is not None and own_commune == commune_insee


def reviews_some(role: str | None, is_validator: bool = False, own_commune: str | None = None,
                 is_active: bool = True) -> bool:
    """Is there a commune whose values this account may review (the review page is theirs)?"""
    if not is_active or role == "agent":
        return False
    return writes_for_every_commune(role) or (bool(is_validator) and own_commune is not None)


def sees_pending(role: str | None, is_validator: bool = False, own_commune: str | None = None) -> bool:
    """May this signed-in account switch « inclure les valeurs en attente » on the dashboards? Staff and
    admins only: a commune's validator reads its waiting values on « Validation des valeurs », and the
    dashboards would show other communes' unreviewed values too."""
    return writes_for_every_commune(role)
