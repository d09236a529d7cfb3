"""The digest per commune (issue #18 §4): the .eml's content, sending to a local SMTP server, the failure path."""

from __future__ import annotations

import email
import socket
from datetime import date
from email import policy

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import Session, select

from qmi import cli
from qmi.models import Project
from qmi.outputs import digest
from qmi.services import measurements, reviews, users

TODAY = date(2026, 12, 1)
BASE = "https://qmi.example.org"
SCEAUX = "92071"
HOSTILE = "**x** <b>y</b> [l](javascript:alert(1))"


class Inbox:
    def __init__(self) -> None:
        self.received: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.received.append((list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def parsed(raw: bytes):
    return email.message_from_bytes(raw, policy=policy.default)


ENV = {"QMI_DIGEST_TO_92071": "referents@sceaux.example", "QMI_DIGEST_TO": "equipe@example.org"}


def test_the_eml_of_sceaux_names_its_late_indicators_with_absolute_links(demo_engine, tmp_path):
    written = digest.write(digest.build(demo_engine, TODAY, BASE, ENV, SCEAUX), tmp_path)
    assert [p.name for p in written] == ["92071.eml"]
    message = parsed(written[0].read_bytes())
    assert message["To"] == "referents@sceaux.example"
    assert message["Subject"].startswith("QMI — Sceaux : ") and "indicateurs en retard" in message["Subject"]
    text = message.get_content()
    assert "Bonjour," in text and "indicateurs en retard" in text
    assert "Kunagi — " in text and "en retard (attendu le" in text
    assert f"{BASE}/saisie?experimentation=kunagi" in text
    assert "(démo)" in text  # the demo protocols say so
    assert f"{BASE}/a-faire" in text


def test_every_commune_with_something_gets_its_own_file_and_the_fallback_address(demo_engine, tmp_path):
    written = digest.write(digest.build(demo_engine, TODAY, BASE, ENV), tmp_path)
    names = sorted(p.name for p in written)
    assert "92071.eml" in names and len(names) >= 2
    other = next(p for p in written if p.name != "92071.eml")
    assert parsed(other.read_bytes())["To"] == "equipe@example.org"


def test_the_digest_of_every_commune_gives_each_commune_its_own_items_and_nothing_of_the_others(demo_engine):
    every = digest.build(demo_engine, TODAY, BASE, ENV)
    assert len(every) >= 2
    for built in every:
        assert set(built.items["commune_insee"]) == {built.insee}
        [alone] = digest.build(demo_engine, TODAY, BASE, ENV, built.insee)
        assert alone.message.get_content() == built.message.get_content()


def test_returned_values_and_values_to_review_are_listed_with_the_reason_as_typed(demo_engine, light_hashing):
    users.add_user(demo_engine, "agent.sceaux", "un mot de passe assez long", "agent", SCEAUX)
    users.add_user(demo_engine, "staff.one", "un mot de passe assez long", "staff")
    from qmi.services import auth
    agent = auth.sign_in(demo_engine, "agent.sceaux", "un mot de passe assez long")
    staff = auth.sign_in(demo_engine, "staff.one", "un mot de passe assez long")
    with Session(demo_engine) as session:
        kunagi = session.exec(select(Project).where(Project.slug == "kunagi")).one()
    first = measurements.record(demo_engine, agent, {"project_id": kunagi.id, "indicator_code": "SOC-JOBS",
                                                     "period_start": "2024-03-01", "value": "12"}, today=TODAY)
    measurements.record(demo_engine, agent, {"project_id": kunagi.id, "indicator_code": "SOC-JOBS",
                                             "period_start": "2024-06-01", "value": "13"}, today=TODAY)
    reviews.send_back(demo_engine, staff, first.id, HOSTILE, version=first.version)
    [built] = digest.build(demo_engine, TODAY, BASE, ENV, SCEAUX)
    text = built.message.get_content()
    assert "1 valeur renvoyée à corriger" in text and f"motif : {HOSTILE}" in text
    assert "1 valeur en attente de validation" in text
    assert f"{BASE}/validation?commune=92071&experimentation={kunagi.id}&indicateur=SOC-JOBS" in text


def test_send_delivers_each_commune_to_its_address_over_smtp(demo_engine, smtp):
    controller, inbox = smtp
    sent = digest.send(digest.build(demo_engine, TODAY, BASE, ENV, SCEAUX), f"smtp://127.0.0.1:{controller.port}")
    assert sent == [SCEAUX]
    [(to, raw)] = inbox.received
    assert to == ["referents@sceaux.example"]
    assert "Kunagi — " in parsed(raw).get_content()


def test_the_command_sends_and_says_how_many(demo_engine, smtp, monkeypatch, capsys):
    controller, inbox = smtp
    monkeypatch.setenv("QMI_DATABASE_URL", str(demo_engine.url))
    monkeypatch.setenv("QMI_SMTP_URL", f"smtp://127.0.0.1:{controller.port}")
    monkeypatch.setenv("QMI_DIGEST_TO", "equipe@example.org")
    assert cli.main(["digest", "--commune", SCEAUX, "--send"]) == 0
    assert "1 message(s) envoyé(s) : 92071." in capsys.readouterr().out
    assert len(inbox.received) == 1


def test_a_server_that_refuses_gives_a_french_error_a_non_zero_exit_and_nothing_said_sent(demo_engine, monkeypatch,
                                                                                           capsys):
    monkeypatch.setenv("QMI_DATABASE_URL", str(demo_engine.url))
    monkeypatch.setenv("QMI_SMTP_URL", f"smtp://127.0.0.1:{_free_port()}")  # nobody listens
    monkeypatch.setenv("QMI_DIGEST_TO", "equipe@example.org")
    assert cli.main(["digest", "--commune", SCEAUX, "--send"]) == 1
    out = capsys.readouterr()
    assert "Envoi impossible par 127.0.0.1" in out.err and "Communes déjà envoyées : aucun" in out.err
    assert "envoyé(s)" not in out.out


def test_without_an_address_nothing_is_sent(demo_engine, smtp):
    controller, inbox = smtp
    with pytest.raises(digest.DigestError) as refused:
        digest.send(digest.build(demo_engine, TODAY, BASE, {}, SCEAUX), f"smtp://127.0.0.1:{controller.port}")
    assert "Aucune adresse pour la commune 92071" in str(refused.value)
    assert inbox.received == []


def test_send_without_smtp_url_is_refused(demo_engine, monkeypatch, capsys):
    monkeypatch.setenv("QMI_DATABASE_URL", str(demo_engine.url))
    monkeypatch.delenv("QMI_SMTP_URL", raising=False)
    assert cli.main(["digest", "--send"]) == 2
    assert "--send demande QMI_SMTP_URL" in capsys.readouterr().err


def test_an_unknown_commune_is_refused(demo_engine, tmp_path):
    with pytest.raises(digest.DigestError, match="Commune inconnue : 00000"):
        digest.build(demo_engine, TODAY, BASE, ENV, "00000")
