"""The legal pages a French public body publishes, in French and English, reachable from every page's sidebar."""

from __future__ import annotations

import html

import pytest

from tests.pages.conftest import assert_no_exception, open_page


def text(at) -> str:
    return html.unescape(" ".join([m.value for m in at.markdown] + [c.value for c in at.caption]
                                  + [h.value for h in at.subheader] + [t.value for t in at.title]))


def test_the_three_legal_pages_are_in_the_navigation_of_every_page(demo_store):
    at = open_page("pages/map.py")
    assert_no_exception(at)
    from qmi.bench.runner import app_pages

    assert {"pages/accessibility.py", "pages/legal_notice.py", "pages/privacy.py"} <= {p.path for p in app_pages()}


@pytest.mark.parametrize(("lang", "expected"), [
    ("fr", ["Déclaration d'accessibilité", "partiellement conforme", "Défenseur des droits", "2 décembre 2026",
            "à renseigner par l'exploitant (variable QMI_ACCESSIBILITY_CONTACT)"]),
    ("en", ["Accessibility statement", "partially compliant", "Défenseur des droits", "2 December 2026",
            "to be set by the operator (variable QMI_ACCESSIBILITY_CONTACT)"]),
])
def test_the_accessibility_statement_says_its_status_plan_contact_and_remedies(demo_store, lang, expected):
    at = open_page("pages/accessibility.py", lang=lang)
    assert_no_exception(at)
    for words in expected:
        assert words in text(at), words


def test_the_legal_notice_shows_the_configured_publisher_director_and_host_as_typed(demo_store, monkeypatch):
    monkeypatch.setenv("QMI_PUBLISHER", "Métropole du Grand Paris [lien](http://evil.example)")
    monkeypatch.setenv("QMI_HOST", "Hébergeur SAS, 1 rue X, 75001 Paris")
    at = open_page("pages/legal_notice.py")
    assert_no_exception(at)
    shown = text(at)
    assert "Métropole du Grand Paris [lien](http://evil.example)" in shown.replace("\u200b", "")  # literally
    assert "Hébergeur SAS, 1 rue X, 75001 Paris" in shown
    assert "à renseigner par l'exploitant (variable QMI_PUBLICATION_DIRECTOR)" in shown


def test_the_personal_data_page_says_what_why_how_long_and_whom_to_write_to(demo_store, monkeypatch):
    monkeypatch.setenv("QMI_AUDIT_RETENTION_MONTHS", "6")
    monkeypatch.setenv("QMI_PRIVACY_CONTACT", "dpo@example.org")
    at = open_page("pages/privacy.py")
    assert_no_exception(at)
    shown = text(at)
    assert "empreinte du mot de passe" in shown and "journal des modifications" in shown
    assert "6 mois" in shown and "python -m qmi audit purge" in shown
    assert "dpo@" in shown and "CNIL" in shown
