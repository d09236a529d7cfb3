"""Sign-in: hashed passwords, throttling, expiring sessions, the users command."""

from __future__ import annotations

import io
import logging
from datetime import UTC, datetime, timedelta, timezone

import pytest
from argon2 import PasswordHasher
from sqlmodel import Session, select

from qmi.cli import main
from qmi.i18n import t
from qmi.models import AuditLog, User
from qmi.services import auth, users

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def light_hashing(monkeypatch):
    """Argon2 still, with test-sized cost: the machine is shared and hashing is not what is tested here."""
    monkeypatch.setattr(auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def agent(engine):
    return users.add_user(engine, "agent.sceaux", PASSWORD, "agent", "92071", "Agent de Sceaux")


def test_password_is_stored_only_as_an_argon2_hash(engine, agent):
    with Session(engine) as session:
        stored = session.exec(select(User)).one()
        log = " ".join(a.after_json or "" for a in session.exec(select(AuditLog)).all())
    assert stored.password_hash.startswith("$argon2") and PASSWORD not in stored.password_hash
    assert PASSWORD not in log and "password_hash" not in log and "$argon2" not in log


def test_sign_in_returns_a_session_that_expires(engine, agent, monkeypatch):
    monkeypatch.setenv("QMI_SESSION_MINUTES", "30")
    now = datetime(2025, 3, 1, 10, 0, tzinfo=UTC)
    identity = auth.sign_in(engine, "agent.sceaux", PASSWORD, now=now)
    assert (identity.role, identity.commune_insee, identity.name) == ("agent", "92071", "Agent de Sceaux")
    assert identity.expires_at == now + timedelta(minutes=30)
    assert not identity.expired(now + timedelta(minutes=29))
    assert identity.expired(now + timedelta(minutes=30))


def test_wrong_password_and_unknown_user_get_the_same_answer(engine, agent):
    with pytest.raises(auth.SignInError) as wrong:
        auth.sign_in(engine, "agent.sceaux", "not the password")
    with pytest.raises(auth.SignInError) as unknown:
        auth.sign_in(engine, "nobody", PASSWORD)
    assert wrong.value.key == unknown.value.key == "auth.invalid"
    assert wrong.value.message("fr") == "Identifiant ou mot de passe incorrect."


def test_account_locks_after_repeated_failures_then_unlocks(engine, agent):
    now = datetime(2025, 3, 1, 10, 0, tzinfo=UTC)
    for _ in range(auth.MAX_FAILURES):
        with pytest.raises(auth.SignInError):
            auth.sign_in(engine, "agent.sceaux", "guess", now=now)
    with pytest.raises(auth.SignInError) as locked:
        auth.sign_in(engine, "agent.sceaux", PASSWORD, now=now + timedelta(minutes=1))
    # Locked: the right password is refused, with the wrong-password answer (it says nothing of the account).
    assert locked.value.key == "auth.invalid" and locked.value.values == {}
    assert locked.value.message("fr") == "Identifiant ou mot de passe incorrect."
    later = now + timedelta(minutes=auth.LOCK_MINUTES + 1)
    assert auth.sign_in(engine, "agent.sceaux", PASSWORD, now=later).username == "agent.sceaux"
    with Session(engine) as session:
        assert session.exec(select(User)).one().failed_attempts == 0
        assert session.exec(select(AuditLog).where(AuditLog.action == "user.locked")).first() is not None


def test_disabled_account_cannot_sign_in(engine, agent):
    users.set_active(engine, "agent.sceaux", False)
    with pytest.raises(auth.SignInError) as refused:
        auth.sign_in(engine, "agent.sceaux", PASSWORD)
    assert refused.value.key == "auth.invalid"
    # counted like a wrong password (the answer says nothing of the account), not locked; the right password
    # was refused for the account being disabled: enabled again, it signs in
    assert _stored(engine).failed_attempts == 1 and _stored(engine).locked_until is None
    users.set_active(engine, "agent.sceaux", True)
    assert auth.sign_in(engine, "agent.sceaux", PASSWORD).username == "agent.sceaux"


def test_password_is_never_logged_or_printed(engine, caplog, capsys):
    caplog.set_level(logging.DEBUG)
    users.add_user(engine, "staff1", PASSWORD, "staff")
    auth.sign_in(engine, "staff1", PASSWORD)
    with pytest.raises(auth.SignInError):
        auth.sign_in(engine, "staff1", PASSWORD + "x")
    out = capsys.readouterr()
    assert PASSWORD not in caplog.text + out.out + out.err


def test_user_rules_are_checked_with_french_messages(engine):
    with pytest.raises(users.ValidationFailed) as failed:
        users.add_user(engine, "a", "short", "agent")
    assert failed.value.errors == {
        "username": "Identifiant : 3 à 40 caractères, lettres sans accent, chiffres, point, tiret ou tiret bas.",
        "password": "Le mot de passe doit compter au moins 10 caractères.",
        "commune_insee": "Un agent doit être rattaché à une commune.",
    }
    users.add_user(engine, "staff1", PASSWORD, "staff")
    with pytest.raises(users.ServiceError):
        users.add_user(engine, "staff1", PASSWORD, "staff")


def test_users_command_adds_lists_disables_and_changes_passwords(engine, monkeypatch, capsys):
    monkeypatch.setenv("QMI_DATABASE_URL", str(engine.url))
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["users", "add", "agent2", "--role", "agent", "--commune", "92071", "--password-stdin"]) == 0
    assert main(["users", "list"]) == 0
    listing = capsys.readouterr().out
    assert "agent2" in listing and "92071" in listing and PASSWORD not in listing and "argon2" not in listing
    monkeypatch.setattr("sys.stdin", io.StringIO("another long password\n"))
    assert main(["users", "set-password", "agent2", "--password-stdin"]) == 0
    assert auth.sign_in(engine, "agent2", "another long password").username == "agent2"
    assert main(["users", "disable", "agent2"]) == 0
    with pytest.raises(auth.SignInError):
        auth.sign_in(engine, "agent2", "another long password")
    assert main(["users", "disable", "ghost"]) == 1
    assert "Compte inconnu" in capsys.readouterr().err


def _failures(engine, count, now):
    for _ in range(count):
        with pytest.raises(auth.SignInError):
            auth.sign_in(engine, "agent.sceaux", "guess", now=now)


def _stored(engine) -> User:
    with Session(engine) as session:
        return session.exec(select(User).where(User.username == "agent.sceaux")).one()


def test_four_wrong_passwords_do_not_lock_and_the_fifth_does(engine, agent):
    now = datetime(2025, 3, 1, 10, 0, tzinfo=UTC)
    _failures(engine, 4, now)
    assert _stored(engine).failed_attempts == 4 and _stored(engine).locked_until is None
    assert auth.sign_in(engine, "agent.sceaux", PASSWORD, now=now).username == "agent.sceaux"
    assert _stored(engine).failed_attempts == 0  # a success starts the count again
    _failures(engine, 5, now)
    assert _stored(engine).failed_attempts == 5
    with pytest.raises(auth.SignInError) as locked:
        auth.sign_in(engine, "agent.sceaux", PASSWORD, now=now)
    assert locked.value.key == "auth.invalid"


def test_the_lock_lasts_exactly_15_minutes(engine, agent):
    now = datetime(2025, 3, 1, 10, 0, tzinfo=UTC)
    _failures(engine, 5, now)
    with pytest.raises(auth.SignInError):
        auth.sign_in(engine, "agent.sceaux", PASSWORD, now=now + timedelta(minutes=14, seconds=59))
    assert auth.sign_in(engine, "agent.sceaux", PASSWORD, now=now + timedelta(minutes=15)).username == "agent.sceaux"


def test_attempts_during_the_lock_are_not_counted(engine, agent):
    now = datetime(2025, 3, 1, 10, 0, tzinfo=UTC)
    _failures(engine, 5, now)
    _failures(engine, 3, now + timedelta(minutes=5))
    assert _stored(engine).failed_attempts == 5
    with Session(engine) as session:
        assert len(session.exec(select(AuditLog).where(AuditLog.action == "user.locked")).all()) == 1


def test_one_wrong_password_after_the_lock_expired_starts_a_new_count(engine, agent):
    now = datetime(2025, 3, 1, 10, 0, tzinfo=UTC)
    _failures(engine, 5, now)
    after = now + timedelta(minutes=16)
    _failures(engine, 1, after)
    stored = _stored(engine)
    assert stored.failed_attempts == 1 and stored.locked_until is None  # not locked again by one mistake
    assert auth.sign_in(engine, "agent.sceaux", PASSWORD, now=after).username == "agent.sceaux"


@pytest.mark.parametrize(("password", "key"), [
    ("Zq8#vL2p!", "valid.password_short"),  # 9 characters
    ("agent.sceaux-2025!", "valid.password_personal"),
    ("aaaaaaaaaa", "valid.password_weak"),
    ("1234567890", "valid.password_weak"),
])
def test_passwords_refused_by_their_rule(password, key):
    assert auth.password_problem(password, "agent.sceaux", "Agent de Sceaux") == t(key, "fr", n=10)


def test_ten_characters_hard_to_guess_are_enough():
    assert auth.password_problem("Zq8#vL2p!x", "agent.sceaux", "Agent de Sceaux") is None


def test_a_word_of_the_display_name_is_personal_but_a_short_one_is_not():
    assert auth.password_problem("Sceaux-velo-7342!", "agent.x", "Agent de Sceaux") == t("valid.password_personal", "fr")
    assert auth.password_problem("de-Qv8#zLp2!w", "agent.x", "Agent de Sceaux") is None


def test_usernames_are_found_whatever_their_case_and_spaces(engine, agent):
    assert auth.sign_in(engine, "  Agent.SCEAUX ", PASSWORD).username == "agent.sceaux"


def test_a_username_too_long_or_with_a_control_character_is_simply_unknown(engine, agent):
    for username in ("a" * 201, "agent.sceaux\x00"):
        with pytest.raises(auth.SignInError) as refused:
            auth.sign_in(engine, username, PASSWORD)
        assert refused.value.key == "auth.invalid"


def test_aware_reads_a_zoneless_moment_as_utc_and_keeps_a_zoned_one():
    """SQLite gives datetimes back without their zone; they were written in UTC."""
    assert auth._aware(datetime(2025, 3, 1, 10, 0)) == datetime(2025, 3, 1, 10, 0, tzinfo=UTC)
    assert auth._aware(datetime(2025, 3, 1, 10, 0)).tzinfo is UTC
    paris = timezone(timedelta(hours=1))
    assert auth._aware(datetime(2025, 3, 1, 11, 0, tzinfo=paris)).tzinfo is paris
    assert auth._aware(None) is None


def test_a_session_expires_by_the_clock_when_no_moment_is_given():
    now = datetime.now(UTC)
    ahead = auth.Identity(1, "agent.sceaux", "", "agent", "92071", expires_at=now + timedelta(minutes=5))
    behind = auth.Identity(1, "agent.sceaux", "", "agent", "92071", expires_at=now - timedelta(minutes=5))
    assert not ahead.expired() and behind.expired()


@pytest.mark.parametrize("username", [None, ""])
def test_no_username_signs_in_no_one(engine, username):
    """Not even an account whose password is given (an empty username is never looked up)."""
    users.add_user(engine, "xxxx", PASSWORD, "staff")
    with pytest.raises(auth.SignInError) as refused:
        auth.sign_in(engine, username, PASSWORD)
    assert refused.value.message("fr") == "Identifiant ou mot de passe incorrect."


def test_a_hash_made_with_other_argon2_settings_is_renewed_at_sign_in(engine, agent, monkeypatch):
    old = _stored(engine).password_hash
    assert "t=1," in old
    monkeypatch.setattr(auth, "_hasher", PasswordHasher(time_cost=2, memory_cost=1024, parallelism=1))
    auth.sign_in(engine, "agent.sceaux", PASSWORD)
    renewed = _stored(engine).password_hash
    assert renewed != old and "t=2," in renewed and auth.verify_password(renewed, PASSWORD)
    assert auth.sign_in(engine, "agent.sceaux", PASSWORD).username == "agent.sceaux"


def test_a_hash_with_the_current_settings_is_kept_at_sign_in_and_after_a_wrong_password(engine, agent):
    old = _stored(engine).password_hash
    auth.sign_in(engine, "agent.sceaux", PASSWORD)
    assert _stored(engine).password_hash == old
    with pytest.raises(auth.SignInError):
        auth.sign_in(engine, "agent.sceaux", "not the password")
    assert _stored(engine).password_hash == old


def test_a_wrong_password_does_not_renew_an_old_hash(engine, agent, monkeypatch):
    old = _stored(engine).password_hash
    monkeypatch.setattr(auth, "_hasher", PasswordHasher(time_cost=2, memory_cost=1024, parallelism=1))
    with pytest.raises(auth.SignInError):
        auth.sign_in(engine, "agent.sceaux", "not the password")
    assert _stored(engine).password_hash == old and _stored(engine).failed_attempts == 1


def test_an_account_gone_while_its_password_was_checked_is_refused(engine, agent, monkeypatch):
    """The row is re-read in the write transaction; if it has gone, the usual answer, nothing written."""
    real = auth._read_account

    def vanished(engine_, username):
        account = real(engine_, username)
        return auth._Account(account.id + 1000, account.password_hash, account.locked_until)

    monkeypatch.setattr(auth, "_read_account", vanished)
    with pytest.raises(auth.SignInError) as refused:
        auth.sign_in(engine, "agent.sceaux", PASSWORD)
    assert refused.value.key == "auth.invalid"
    assert refused.value.message("fr") == "Identifiant ou mot de passe incorrect."
    assert _stored(engine).last_login_at is None and _stored(engine).failed_attempts == 0


def _change_while_checked(engine, monkeypatch, **stored):
    """Sign-in reads the account, then ``stored`` is written to its row before the write transaction."""
    real = auth._read_account

    def then_changed(engine_, username):
        account = real(engine_, username)
        with Session(engine_) as session:
            user = session.get(User, account.id)
            for field, value in stored.items():
                setattr(user, field, value)
            session.add(user)
            session.commit()
        return account

    monkeypatch.setattr(auth, "_read_account", then_changed)


def test_an_account_locked_while_its_password_was_checked_is_refused_and_not_counted_again(engine, agent,
                                                                                           monkeypatch):
    until = datetime.now(UTC) + timedelta(minutes=10)
    _change_while_checked(engine, monkeypatch, locked_until=until, failed_attempts=5)
    with pytest.raises(auth.SignInError) as refused:
        auth.sign_in(engine, "agent.sceaux", PASSWORD)
    assert refused.value.message("fr") == "Identifiant ou mot de passe incorrect."
    assert (_stored(engine).failed_attempts, _stored(engine).last_login_at) == (5, None)


def test_a_password_changed_while_the_old_one_was_checked_is_refused(engine, agent, monkeypatch):
    _change_while_checked(engine, monkeypatch, password_hash=auth.hash_password("an entirely new password"))
    with pytest.raises(auth.SignInError) as refused:
        auth.sign_in(engine, "agent.sceaux", PASSWORD)
    assert refused.value.message("fr") == "Identifiant ou mot de passe incorrect."
    assert refused.value.message("en") == "Wrong username or password."
    assert _stored(engine).last_login_at is None


def test_a_session_carries_the_accounts_assessor_and_validator_rights(engine, agent):
    plain = auth.sign_in(engine, "agent.sceaux", PASSWORD)
    assert (plain.is_assessor, plain.is_validator) == (False, False)
    with Session(engine) as session:
        user = session.get(User, agent.id)
        user.is_assessor, user.is_validator = True, True
        session.add(user)
        session.commit()
    both = auth.sign_in(engine, "agent.sceaux", PASSWORD)
    assert both.is_assessor is True and both.is_validator is True


def test_the_lock_is_audited_against_the_account_with_its_end(engine, agent):
    import json

    now = datetime(2025, 3, 1, 10, 0, tzinfo=UTC)
    for _ in range(5):
        with pytest.raises(auth.SignInError):
            auth.sign_in(engine, "agent.sceaux", "guess", now=now)
    with Session(engine) as session:
        (row,) = session.exec(select(AuditLog).where(AuditLog.action == "user.locked")).all()
    assert (row.user_id, row.username, row.entity, row.entity_id) == (agent.id, "agent.sceaux", "user", str(agent.id))
    assert json.loads(row.after_json)["locked_until"].startswith("2025-03-01")
    assert "10:15" in json.loads(row.after_json)["locked_until"]
