"""The rights of the assessors (#17) and of the four-eyes review (#18), each rule alone: who scores, as
which kind of assessor, who reads whose scores before consolidation, who reviews a value of which
commune. Pure (no store): the services and the pages ask these, so a wrong answer shows everywhere."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pytest

from qmi.domain import rights

SCEAUX, MEUDON = "92071", "92048"


@pytest.mark.parametrize(("role", "flag", "expected"), [
    ("admin", False, True), ("staff", False, True),
    ("agent", False, False), ("viewer", False, False), (None, False, False), ("unknown", False, False),
    ("agent", True, True), ("viewer", True, True),  # the assessor flag an admin gives
])
def test_who_scores_assessments(role, flag, expected):
    assert rights.may_score(role, flag) is expected
    assert rights.may_score(role, flag, is_active=False) is False


def test_scoring_defaults_to_no_flag_and_an_active_account():
    assert rights.may_score("viewer") is False
    assert rights.may_score("staff") is True


@pytest.mark.parametrize(("role", "own", "kind", "commune", "expected"), [
    ("agent", SCEAUX, "commune", SCEAUX, True),
    ("agent", MEUDON, "commune", SCEAUX, False),  # another commune's experiment
    ("agent", None, "commune", None, False),  # an agent attached to no commune scores nothing
    ("agent", SCEAUX, "independent", SCEAUX, False),  # an agent scores only as « la commune »
    ("agent", SCEAUX, "paris_co", SCEAUX, False),
    ("staff", None, "commune", SCEAUX, True),
    ("admin", None, "commune", SCEAUX, True),
    ("viewer", SCEAUX, "commune", SCEAUX, False),  # « commune » is never an outsider's
    (None, None, "commune", SCEAUX, False),
    ("viewer", None, "independent", SCEAUX, True),
    ("viewer", None, "paris_co", None, True),
    ("staff", MEUDON, "independent", SCEAUX, True),
])
def test_as_which_kind_of_assessor(role, own, kind, commune, expected):
    assert rights.may_score_as(role, own, kind, commune) is expected


@pytest.mark.parametrize(("role", "expected"), [
    ("admin", True), ("staff", True), ("agent", False), ("viewer", False), (None, False)])
def test_consolidation_and_reading_every_score_are_staff_and_admins(role, expected):
    assert rights.may_consolidate(role) is expected
    assert rights.may_consolidate(role, is_active=False) is False
    assert rights.sees_every_score(role) is expected


@dataclass
class Score:
    user_id: int | None
    submitted_at: datetime | None


DONE = datetime(2025, 3, 1, 10, 0)


def test_a_draft_is_read_by_its_author_only_and_hides_the_others_from_them():
    mine, theirs, their_draft = Score(1, None), Score(2, DONE), Score(3, None)
    rows = [theirs, mine, their_draft]
    assert rights.visible_scores(rows, 1, sees_all=False) == [mine]
    assert rights.visible_scores(rows, 1, sees_all=True, consolidated=True) == [mine]
    assert rights.visible_scores(rows, 3, sees_all=False) == [their_draft]


def test_an_assessor_who_submitted_reads_every_submitted_score_but_no_draft():
    mine, theirs, their_draft = Score(1, DONE), Score(2, DONE), Score(3, None)
    assert rights.visible_scores([theirs, mine, their_draft], 1, sees_all=False) == [theirs, mine]


def test_staff_and_everyone_after_consolidation_read_the_submitted_scores():
    one, draft, two = Score(1, DONE), Score(2, None), Score(3, DONE)
    rows = [one, draft, two]
    assert rights.visible_scores(rows, 9, sees_all=True) == [one, two]
    assert rights.visible_scores(rows, 9, sees_all=False, consolidated=True) == [one, two]
    assert rights.visible_scores(rows, None, sees_all=False, consolidated=True) == [one, two]


def test_before_consolidation_the_others_and_the_signed_out_read_nothing():
    rows = [Score(1, DONE), Score(2, DONE)]
    assert rights.visible_scores(rows, 9, sees_all=False) == []
    assert rights.visible_scores(rows, None, sees_all=False) == []
    # a row without an author is nobody's: the signed-out are not its author
    assert rights.visible_scores([Score(None, None), Score(2, DONE)], None, sees_all=False) == []


@pytest.mark.parametrize(("role", "validator", "own", "commune", "expected"), [
    ("admin", False, None, SCEAUX, True),
    ("staff", False, MEUDON, SCEAUX, True),
    ("viewer", True, SCEAUX, SCEAUX, True),  # a validator of that commune
    ("viewer", True, MEUDON, SCEAUX, False),  # … of another commune
    ("viewer", True, None, None, False),  # a validator attached to no commune reviews nothing
    ("viewer", False, SCEAUX, SCEAUX, False),  # no flag
    ("agent", True, SCEAUX, SCEAUX, False),  # agents enter values and never review them
    ("agent", False, SCEAUX, SCEAUX, False),
])
def test_who_reviews_a_value_of_which_commune(role, validator, own, commune, expected):
    assert rights.may_review(role, validator, own, commune) is expected
    assert rights.may_review(role, validator, own, commune, is_active=False) is False


@pytest.mark.parametrize(("role", "validator", "own", "expected"), [
    ("admin", False, None, True),
    ("staff", False, None, True),
    ("viewer", True, SCEAUX, True),
    ("viewer", True, None, False),
    ("viewer", False, SCEAUX, False),
    ("agent", True, SCEAUX, False),
    ("agent", False, None, False),
])
def test_whose_page_the_review_page_is(role, validator, own, expected):
    assert rights.reviews_some(role, validator, own) is expected
    assert rights.reviews_some(role, validator, own, is_active=False) is False


def test_the_review_page_defaults_to_no_flag_no_commune_and_an_active_account():
    assert rights.reviews_some("viewer") is False
    assert rights.reviews_some("viewer", own_commune=SCEAUX) is False  # no flag unless given
    assert rights.reviews_some("staff") is True


@pytest.mark.parametrize(("role", "validator", "own", "expected"), [
    ("admin", False, None, True), ("staff", False, None, True),
    ("viewer", True, SCEAUX, False),  # a validator reads the waiting values on the review page only
    ("agent", False, SCEAUX, False), (None, False, None, False),
])
def test_only_staff_and_admins_include_pending_values_on_the_dashboards(role, validator, own, expected):
    assert rights.sees_pending(role, validator, own) is expected
    assert rights.sees_pending(role) is expected


@pytest.mark.parametrize(("role", "own", "expected"), [
    ("admin", None, True), ("staff", None, True), ("agent", SCEAUX, True), ("agent", None, False),
    ("viewer", SCEAUX, False), (None, None, False)])
def test_data_and_catalogue_rights_default_to_an_active_account(role, own, expected):
    assert rights.may_write_data(role, own) is expected
    assert rights.may_keep_catalogue(role, own) is expected
    assert rights.may_write_for_commune(role, own, SCEAUX) is expected
