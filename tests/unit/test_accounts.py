"""Accounts, hardened: names unique whatever their case, a real password policy, sessions revoked by
a password reset, a role change or a disable, one answer for locked and wrong, argon2 outside the
write transaction."""

from __future__ import annotations

import json
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from qmi.i18n import t
from qmi.models import User
from qmi.services import auth, measurements, users
from qmi.services.errors import PermissionDenied, ServiceError, ValidationFailed
from tests.unit.store_rows import audit_rows

PASSWORD = "un mot de passe assez long"


@pytest.fixture(autouse=True)
def light_argon2(monkeypatch):
    light = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(auth, "_hasher", light)
    monkeypatch.setattr(auth, "_DUMMY_HASH", light.hash("qmi-no-such-user"))


def _write(engine, identity):
    """A write through a service with ``identity`` (a measurement for the first experiment)."""
    from qmi.models import Project

    with Session(engine) as session:
        project_id = session.exec(select(Project.id).order_by(Project.id)).first()
    return measurements.record(engine, identity, {"project_id": project_id, "indicator_code": "SOC-JOBS",
                                                  "period_start": date(2024, 1, 1), "value": 1}, today=date(2025, 6, 1))


# --- usernames ----------------------------------------------------------------------------------

def test_a_name_differing_only_by_case_is_refused(engine):
    users.add_user(engine, "Staff1", PASSWORD, "staff")
    with pytest.raises(ServiceError) as refused:
        users.add_user(engine, "staff1", PASSWORD, "staff")
    assert refused.value.key == "forms.error.user_exists"
    assert refused.value.message("fr").startswith("L'identifiant « staff1 » existe déjà (les majuscules")


def test_the_store_itself_refuses_a_name_differing_only_by_case(engine):
    users.add_user(engine, "Staff1", PASSWORD, "staff")
    with Session(engine) as session, pytest.raises(IntegrityError):
        session.add(User(username="STAFF1", password_hash="-", role="staff"))
        session.commit()


def test_sign_in_and_account_commands_find_the_name_whatever_its_case(engine):
    users.add_user(engine, "Agent.Sceaux", PASSWORD, "agent", "92071")
    assert auth.sign_in(engine, "agent.SCEAUX", PASSWORD).username == "Agent.Sceaux"
    assert users.set_active(engine, "AGENT.sceaux", False).is_active is False


# --- password policy ----------------------------------------------------------------------------

@pytest.mark.parametrize("password, key", [
    ("jean.dupont", "valid.password_personal"),                # the username itself
    ("Dupont2024 ensoleillé", "valid.password_personal"),      # a word of the display name
    ("azertyuiop", "valid.password_weak"),                     # a keyboard row
    ("motdepasse123", "valid.password_weak"),                  # common words and a sequence
    ("0101199001011990", "valid.password_weak"),               # a date, repeated
    ("1234567890", "valid.password_weak"),                     # a sequence
    ("short", "valid.password_short"),
])
def test_weak_or_personal_passwords_are_refused_saying_why(engine, password, key):
    with pytest.raises(ValidationFailed) as refused:
        users.add_user(engine, "jean.dupont", password, "staff", display_name="Jean Dupont")
    assert refused.value.errors["password"] == t(key, "fr", **({"n": auth.MIN_PASSWORD_LENGTH} if key.endswith("short") else {}))


def test_the_policy_messages_say_why_and_how_in_french():
    assert "trop facile à deviner" in t("valid.password_weak") and "phrase de passe" in t("valid.password_weak")
    assert "identifiant" in t("valid.password_personal") and "Choisissez" in t("valid.password_personal")


@pytest.mark.parametrize("password", [PASSWORD, "a long enough password", "mot de passe du programme",
                                      "mot de passe de terrain", "correct horse battery", "another long password"])
def test_the_passphrases_the_tests_use_pass_the_policy(password):
    assert auth.password_problem(password, "agent.sceaux", "Agent de Sceaux") is None


def test_a_weak_new_password_is_refused_and_the_old_one_kept(engine):
    users.add_user(engine, "jean.dupont", PASSWORD, "staff", display_name="Jean Dupont")
    with pytest.raises(ValidationFailed) as refused:
        users.set_password(engine, "jean.dupont", "jean.dupont")
    assert refused.value.errors["password"] == t("valid.password_personal")
    assert auth.sign_in(engine, "jean.dupont", PASSWORD).username == "jean.dupont"


# --- sessions revoked ---------------------------------------------------------------------------

def _revoked(engine, identity) -> PermissionDenied:
    with pytest.raises(PermissionDenied) as refused:
        _write(engine, identity)
    assert refused.value.key == "forms.error.session_revoked"
    assert refused.value.message("fr").startswith("Votre session a été fermée")
    return refused.value


def test_a_password_reset_closes_open_sessions(engine):
    users.add_user(engine, "staff.reset", PASSWORD, "staff")
    before = auth.sign_in(engine, "staff.reset", PASSWORD)
    users.set_password(engine, "staff.reset", "une toute nouvelle phrase secrète")
    _revoked(engine, before)
    after = auth.sign_in(engine, "staff.reset", "une toute nouvelle phrase secrète")
    assert _write(engine, after).id is not None


def test_a_role_change_closes_open_sessions(engine):
    users.add_user(engine, "staff.role", PASSWORD, "staff")
    before = auth.sign_in(engine, "staff.role", PASSWORD)
    users.set_role(engine, "staff.role", "agent", "92071")
    _revoked(engine, before)
    assert auth.sign_in(engine, "staff.role", PASSWORD).role == "agent"


def test_a_disable_closes_open_sessions_even_once_enabled_again(engine):
    users.add_user(engine, "staff.off", PASSWORD, "staff")
    before = auth.sign_in(engine, "staff.off", PASSWORD)
    users.set_active(engine, "staff.off", False)
    users.set_active(engine, "staff.off", True)
    _revoked(engine, before)


def test_a_role_change_checks_its_fields(engine):
    users.add_user(engine, "staff.fields", PASSWORD, "staff")
    with pytest.raises(ValidationFailed) as refused:
        users.set_role(engine, "staff.fields", "agent")
    assert refused.value.errors == {"commune_insee": t("valid.agent_commune")}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_an_unknown_role_is_refused_in_the_readers_language_and_nothing_changes(engine, lang):
    users.add_user(engine, "staff.unknown", PASSWORD, "staff")
    with pytest.raises(ValidationFailed) as refused:
        users.set_role(engine, "staff.unknown", "superviseur", lang=lang)
    assert refused.value.errors == {"role": t("valid.role", lang)}
    assert auth.sign_in(engine, "staff.unknown", PASSWORD).role == "staff"
    assert audit_rows(engine, "user.set_role") == []


def test_an_agent_s_commune_must_exist_and_its_spaces_are_trimmed(engine):
    users.add_user(engine, "staff.move", PASSWORD, "staff")
    with pytest.raises(ValidationFailed) as refused:
        users.set_role(engine, "staff.move", "agent", "99999", lang="en")
    assert refused.value.errors == {"commune_insee": t("valid.unknown_commune", "en", value="99999")}
    users.set_role(engine, "staff.move", "agent", " 92071 ")
    assert auth.sign_in(engine, "staff.move", PASSWORD).commune_insee == "92071"


def test_a_role_change_is_audited_once_with_before_and_after_and_repeating_it_writes_nothing(engine):
    users.add_user(engine, "staff.audited", PASSWORD, "staff")
    admin = users.add_user(engine, "admin.roles", PASSWORD, "admin")
    users.set_role(engine, "staff.audited", "agent", "92071", actor=admin)
    users.set_role(engine, "staff.audited", "agent", "92071", actor=admin)  # the same: no change, no entry
    [entry] = audit_rows(engine, "user.set_role")
    assert (entry.username, entry.entity) == ("admin.roles", "user")
    assert '"role": "staff"' in entry.before_json and '"role": "agent"' in entry.after_json
    assert '"commune_insee": "92071"' in entry.after_json


def test_only_an_administrator_changes_a_role(engine):
    users.add_user(engine, "staff.target", PASSWORD, "staff")
    staff = users.add_user(engine, "staff.other", PASSWORD, "staff")
    with pytest.raises(PermissionDenied):
        users.set_role(engine, "staff.target", "viewer", actor=staff)
    assert auth.sign_in(engine, "staff.target", PASSWORD).role == "staff"


# --- one answer for locked and wrong ------------------------------------------------------------

def test_locked_and_wrong_get_the_same_answer(engine):
    users.add_user(engine, "agent.one", PASSWORD, "agent", "92071")
    now = datetime(2025, 3, 1, 10, 0, tzinfo=UTC)
    for _ in range(auth.MAX_FAILURES):
        with pytest.raises(auth.SignInError):
            auth.sign_in(engine, "agent.one", "pas le bon", now=now)
    answers = []
    for username, password in (("agent.one", PASSWORD), ("agent.one", "pas le bon"), ("nobody", PASSWORD)):
        with pytest.raises(auth.SignInError) as refused:
            auth.sign_in(engine, username, password, now=now + timedelta(minutes=1))
        answers.append((refused.value.key, refused.value.values, refused.value.message("fr"), refused.value.message("en")))
    assert len(set(map(repr, answers))) == 1 and answers[0][0] == "auth.invalid"
    with Session(engine) as session:  # the lock was not pushed further by the attempts it refused
        assert session.exec(select(User.failed_attempts).where(User.username == "agent.one")).one() == auth.MAX_FAILURES


# --- argon2 outside the write transaction -------------------------------------------------------

def test_sign_in_verifies_the_password_outside_the_write_transaction(engine, monkeypatch):
    users.add_user(engine, "staff.hash", PASSWORD, "staff")
    open_writes, seen = [0], []
    real_write, real_hasher = auth.write_session, auth._hasher

    class Watched:
        """The test's hasher, noting how many write transactions are open when it verifies."""

        def verify(self, *args):
            seen.append(open_writes[0])
            return real_hasher.verify(*args)

        def __getattr__(self, name):
            return getattr(real_hasher, name)

    @contextmanager
    def counted(bind):
        open_writes[0] += 1
        try:
            with real_write(bind) as session:
                yield session
        finally:
            open_writes[0] -= 1

    monkeypatch.setattr(auth, "write_session", counted)
    monkeypatch.setattr(auth, "_hasher", Watched())
    auth.sign_in(engine, "staff.hash", PASSWORD)
    with pytest.raises(auth.SignInError):
        auth.sign_in(engine, "staff.hash", "pas le bon")
    with pytest.raises(auth.SignInError):
        auth.sign_in(engine, "nobody", "pas le bon")
    assert seen == [0, 0, 0]


# --- enabling, disabling and resetting an account, as the administration page does -------------

def _stored(engine, username) -> User:
    with Session(engine) as session:
        return session.exec(select(User).where(User.username == username)).one()


def _lock(engine, username) -> None:
    with Session(engine) as session:
        user = session.exec(select(User).where(User.username == username)).one()
        user.failed_attempts, user.locked_until = 5, datetime(2099, 1, 1, tzinfo=UTC)
        session.add(user)
        session.commit()


def test_enabling_an_account_unlocks_it_and_each_switch_is_audited_under_the_administrator(engine):
    users.add_user(engine, "agent.switch", PASSWORD, "agent", "92071")
    admin = users.add_user(engine, "admin.switch", PASSWORD, "admin")
    users.set_active(engine, "agent.switch", False, actor=admin)
    assert _stored(engine, "agent.switch").is_active is False
    _lock(engine, "agent.switch")
    users.set_active(engine, "agent.switch", True, actor=admin)
    stored = _stored(engine, "agent.switch")
    assert (stored.is_active, stored.failed_attempts, stored.locked_until) == (True, 0, None)
    assert [(e.action, e.username) for e in audit_rows(engine, "user.disable") + audit_rows(engine, "user.enable")] == [
        ("user.disable", "admin.switch"), ("user.enable", "admin.switch")]
    with pytest.raises(PermissionDenied):
        users.set_active(engine, "admin.switch", False, actor=auth.sign_in(engine, "agent.switch", PASSWORD))
    assert _stored(engine, "admin.switch").is_active is True


def test_a_new_password_unlocks_the_account_and_its_audit_entry_holds_no_hash(engine):
    users.add_user(engine, "agent.locked", PASSWORD, "agent", "92071")
    _lock(engine, "agent.locked")
    users.set_password(engine, "agent.locked", "une toute nouvelle phrase secrète")
    stored = _stored(engine, "agent.locked")
    assert (stored.failed_attempts, stored.locked_until) == (0, None)
    assert auth.sign_in(engine, "agent.locked", "une toute nouvelle phrase secrète").username == "agent.locked"
    [entry] = audit_rows(engine, "user.set_password")
    assert entry.after_json == '{"username": "agent.locked"}' and entry.before_json in (None, "", "null")
    assert stored.password_hash not in (entry.before_json or "") + entry.after_json


def test_a_password_for_an_unknown_account_or_too_weak_is_refused_by_its_message(engine):
    users.add_user(engine, "agent.weak", PASSWORD, "agent", "92071")
    with pytest.raises(ServiceError) as refused:
        users.set_password(engine, "personne", "une toute nouvelle phrase secrète")
    assert refused.value.key == "forms.error.user_unknown"
    assert refused.value.message("fr") == "Compte inconnu : « personne »."
    with pytest.raises(ValidationFailed) as weak:
        users.set_password(engine, "agent.weak", "court", lang="en")
    assert set(weak.value.errors) == {"password"} and weak.value.errors["password"] == auth.password_problem(
        "court", "agent.weak", "", "en")
    assert auth.sign_in(engine, "agent.weak", PASSWORD).username == "agent.weak"  # the old one still works
    assert audit_rows(engine, "user.set_password") == []


# --- each account change, field by field ---------------------------------------------------------

def _entry(engine, action) -> tuple[str, str, str, dict | None, dict | None]:
    """The one audit entry of ``action``: who, on what, which row, and the row before and after."""
    [entry] = audit_rows(engine, action)
    return entry.username, entry.entity, entry.entity_id, _loaded(entry.before_json), _loaded(entry.after_json)


def _loaded(text: str | None) -> dict | None:
    return json.loads(text) if text else None


def test_each_change_closes_sessions_by_moving_the_version_exactly_one_step(engine):
    users.add_user(engine, "agent.version", PASSWORD, "agent", "92071")
    start = _stored(engine, "agent.version").session_version
    users.set_active(engine, "agent.version", False)
    assert _stored(engine, "agent.version").session_version == start + 1
    users.set_password(engine, "agent.version", "une toute nouvelle phrase secrète")
    assert _stored(engine, "agent.version").session_version == start + 2
    users.set_role(engine, "agent.version", "staff")
    assert _stored(engine, "agent.version").session_version == start + 3
    users.set_active(engine, "agent.version", False)  # already disabled: no change, sessions untouched
    assert _stored(engine, "agent.version").session_version == start + 3
    users.set_active(engine, "agent.version", True)
    users.set_assessor(engine, "agent.version", True)
    assert _stored(engine, "agent.version").session_version == start + 5


def test_a_disable_is_audited_on_the_account_with_its_state_before_and_after(engine):
    admin = users.add_user(engine, "admin.audit", PASSWORD, "admin")
    agent = users.add_user(engine, "agent.audit", PASSWORD, "agent", "92071")
    users.set_active(engine, "agent.audit", False, actor=admin)
    who, entity, entity_id, before, after = _entry(engine, "user.disable")
    assert (who, entity, entity_id) == ("admin.audit", "user", str(agent.id))
    assert (before["is_active"], after["is_active"]) == (True, False)
    assert before["username"] == after["username"] == "agent.audit" and "password_hash" not in after


def test_a_password_reset_is_audited_on_the_account_under_the_administrator(engine):
    admin = users.add_user(engine, "admin.reset", PASSWORD, "admin")
    agent = users.add_user(engine, "agent.reset", PASSWORD, "agent", "92071")
    users.set_password(engine, "agent.reset", "une toute nouvelle phrase secrète", actor=admin)
    assert _entry(engine, "user.set_password") == ("admin.reset", "user", str(agent.id), None,
                                                   {"username": "agent.reset"})
    with pytest.raises(PermissionDenied):
        users.set_password(engine, "admin.reset", "encore une autre phrase secrète", actor=agent)


def test_a_new_password_may_not_be_the_account_s_name_nor_its_display_name(engine):
    users.add_user(engine, "agent.perso", PASSWORD, "agent", "92071", display_name="Marguerite Duras Lectrice")
    for personal in ("agent.perso", "Marguerite Duras Lectrice"):
        with pytest.raises(ValidationFailed) as refused:
            users.set_password(engine, "agent.perso", personal)
        assert refused.value.errors["password"] == t("valid.password_personal")
    assert auth.sign_in(engine, "agent.perso", PASSWORD).username == "agent.perso"


def test_a_role_change_is_audited_on_the_account(engine):
    admin = users.add_user(engine, "admin.role", PASSWORD, "admin")
    agent = users.add_user(engine, "agent.role", PASSWORD, "agent", "92071")
    users.set_role(engine, "agent.role", "staff", actor=admin)
    who, entity, entity_id, before, after = _entry(engine, "user.set_role")
    assert (who, entity, entity_id) == ("admin.role", "user", str(agent.id))
    assert (before["role"], before["commune_insee"], after["role"], after["commune_insee"]) == (
        "agent", "92071", "staff", None)


@pytest.mark.parametrize("lang, message", [
    ("fr", "Un agent doit être rattaché à une commune."),
    ("en", "An agent must belong to a municipality."),
])
def test_an_agent_without_a_commune_is_refused_in_the_readers_language(engine, lang, message):
    users.add_user(engine, "staff.nocommune", PASSWORD, "staff")
    with pytest.raises(ValidationFailed) as refused:
        users.set_role(engine, "staff.nocommune", "agent", "  ", lang=lang)
    assert refused.value.errors == {"commune_insee": t("valid.agent_commune", lang)}
    assert refused.value.errors["commune_insee"] == message
    assert _stored(engine, "staff.nocommune").role == "staff"


def test_the_accounts_list_gives_every_field_but_the_hash_in_name_order(engine):
    users.add_user(engine, "zoe.staff", PASSWORD, "staff", display_name="Zoé")
    users.add_user(engine, "anne.agent", PASSWORD, "agent", "92071", display_name="Anne")
    users.set_validator(engine, "anne.agent", False)
    listed = users.users_frame(engine)
    assert list(listed.columns) == ["username", "display_name", "role", "commune_insee", "is_active", "is_assessor",
                                    "is_validator", "failed_attempts", "locked_until", "last_login_at", "created_at"]
    names = list(listed["username"])
    assert names == sorted(names) and {"anne.agent", "zoe.staff"} <= set(names)
    anne = listed.set_index("username").loc["anne.agent"]
    assert (anne["display_name"], anne["role"], anne["commune_insee"], bool(anne["is_active"]),
            bool(anne["is_assessor"]), bool(anne["is_validator"]), anne["failed_attempts"]) == (
        "Anne", "agent", "92071", True, False, False, 0)
    assert anne["created_at"] is not None and anne["last_login_at"] is None


def test_the_validator_flag_refusals_name_the_account_and_staff_or_admin_need_no_commune(engine):
    admin = users.add_user(engine, "admin.flag", PASSWORD, "admin")
    users.add_user(engine, "agent.flag", PASSWORD, "agent", "92071")
    users.add_user(engine, "viewer.flag", PASSWORD, "viewer")
    users.add_user(engine, "staff.flag", PASSWORD, "staff")
    users.add_user(engine, "admin.other", PASSWORD, "admin")
    with pytest.raises(ServiceError) as refused:
        users.set_validator(engine, "agent.flag", True, admin)
    assert refused.value.message("fr") == (
        "Le compte agent.flag est un agent : un agent saisit les valeurs et ne les valide pas.")
    with pytest.raises(ServiceError) as refused:
        users.set_validator(engine, "viewer.flag", True, admin)
    assert refused.value.message("fr").startswith("Le compte viewer.flag n'est rattaché à aucune commune")
    assert users.set_validator(engine, "staff.flag", True, admin).is_validator
    assert users.set_validator(engine, "admin.other", True, admin).is_validator
    assert users.set_validator(engine, "agent.flag", False, admin).is_validator is False  # taking it back is allowed
    staff_id = _stored(engine, "staff.flag").id
    first = audit_rows(engine, "user.set_validator")[0]
    assert (first.username, first.entity, first.entity_id) == ("admin.flag", "user", str(staff_id))
    assert (json.loads(first.before_json)["is_validator"], json.loads(first.after_json)["is_validator"]) == (
        False, True)
    assert _stored(engine, "staff.flag").session_version == 1
    assert len(audit_rows(engine, "user.set_validator")) == 2  # the agent's flag did not change: nothing logged


def test_an_unknown_account_is_refused_by_name_by_every_change(engine):
    for change in (lambda: users.set_active(engine, "personne", False),
                   lambda: users.set_role(engine, "personne", "staff"),
                   lambda: users.set_validator(engine, "personne", False)):
        with pytest.raises(ServiceError) as refused:
            change()
        assert refused.value.message("fr") == "Compte inconnu : « personne »."


def test_the_communes_offered_for_an_account_are_named_by_code_in_name_order(engine):
    names = users.commune_names(engine)
    assert names["92048"] == "Meudon" and names["93005"] == "Aulnay-sous-Bois"
    shown = list(names.values())
    assert shown.index("Ablon-sur-Seine") < shown.index("Antony")  # by name, although 94001 comes after 92002


# --- a new account, field by field ----------------------------------------------------------------

def test_a_new_account_s_every_refusal_is_given_at_once_in_the_readers_language(engine):
    with pytest.raises(ValidationFailed) as refused:
        users.add_user(engine, "ab", "court", "superviseur", display_name="x" * 101, lang="en")
    assert refused.value.errors == {
        "username": "Username: 3 to 40 characters, plain letters, digits, dot, hyphen or underscore.",
        "display_name": "Text too long (100 characters at most).",
        "password": "The password needs at least 10 characters.",
        "role": "Unknown role.",
    }
    assert audit_rows(engine, "user.create") == []


def test_a_new_agent_needs_a_commune_that_exists_said_in_the_readers_language(engine):
    with pytest.raises(ValidationFailed) as refused:
        users.add_user(engine, "agent.none", PASSWORD, "agent", "  ", lang="en")
    assert refused.value.errors == {"commune_insee": "An agent must belong to a municipality."}
    with pytest.raises(ValidationFailed) as refused:
        users.add_user(engine, "agent.nowhere", PASSWORD, "agent", "99999", lang="en")
    assert refused.value.errors == {"commune_insee": "Unknown municipality: “99999”."}
    assert audit_rows(engine, "user.create") == []


def test_a_new_account_without_a_name_or_a_password_is_refused_by_its_messages(engine):
    with pytest.raises(ValidationFailed) as refused:
        users.add_user(engine, None, None, "staff")
    assert refused.value.errors == {"username": t("valid.username"), "password": t("valid.password_short", n=10)}
    assert audit_rows(engine, "user.create") == []


@pytest.mark.parametrize("password", ["agent.perso.neuf", "Marguerite Duras Lectrice"])
def test_a_new_account_s_password_may_not_be_its_name_nor_its_display_name_in_english(engine, password):
    with pytest.raises(ValidationFailed) as refused:
        users.add_user(engine, "agent.perso.neuf", password, "agent", "92071",
                       display_name="Marguerite Duras Lectrice", lang="en")
    assert refused.value.errors == {"password": t("valid.password_personal", "en")}


def test_a_new_account_is_audited_once_under_the_administrator_with_its_fields_and_no_hash(engine):
    admin = users.add_user(engine, "admin.creates", PASSWORD, "admin")
    agent = users.add_user(engine, "agent.created", PASSWORD, "agent", "92071", display_name=" Anne ", actor=admin)
    entries = audit_rows(engine, "user.create")
    assert [e.username for e in entries] == ["système", "admin.creates"]
    entry = entries[1]
    assert (entry.entity, entry.entity_id, entry.before_json) == ("user", str(agent.id), None)
    after = _loaded(entry.after_json)
    assert (after["username"], after["display_name"], after["role"], after["commune_insee"]) == (
        "agent.created", "Anne", "agent", "92071")
    assert "password_hash" not in after


@pytest.mark.parametrize("lang, message", [
    ("fr", "L'identifiant « agent.twin » existe déjà (les majuscules ne distinguent pas deux identifiants) : "
           "choisissez-en un autre."),
    ("en", "Username “agent.twin” already exists (capitals do not make a different username): choose another one."),
])
def test_a_name_created_at_the_same_moment_by_another_session_is_refused_by_name(engine, monkeypatch, lang, message):
    users.add_user(engine, "Agent.Twin", PASSWORD, "staff")
    # The other session's row is not seen by the check before the insert: the store's own index refuses it.
    monkeypatch.setattr(users, "_named", lambda name: select(User).where(User.id == -1))
    with pytest.raises(ServiceError) as refused:
        users.add_user(engine, "agent.twin", PASSWORD, "staff")
    assert refused.value.key == "forms.error.user_exists"
    assert refused.value.message(lang) == message
    assert len(audit_rows(engine, "user.create")) == 1
