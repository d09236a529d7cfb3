"""The digest per commune (issue #18 §4): a French plain-text message listing a commune's late indicators,
its returned values and its values waiting for review, each with its absolute link.

Accounts carry no e-mail address (``User`` has none), so a commune's message goes to the address
configured for it, ``QMI_DIGEST_TO_<INSEE>`` (``QMI_DIGEST_TO_92071``), else to ``QMI_DIGEST_TO`` (the
programme's team, who forward it); ``QMI_DIGEST_FROM`` is the sender. Without ``--send`` the messages
are ``<insee>.eml`` files; with it, they go over SMTP (``QMI_SMTP_URL``): every address is checked before
the first one is sent, and a failure stops there and says which were sent.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Engine

from qmi.db import frame
from qmi.domain.freshness import state_label
from qmi.i18n import formatting
from qmi.i18n import t as translate
from qmi.i18n import tn as translate_count
from qmi.models import Commune
from qmi.outputs.links import page_url
from qmi.queries import worklist

LANG = "fr"
SECTIONS = ("late", "returned", "review")
DEFAULT_SENDER = "qmi@localhost"


class DigestError(Exception):
    """A digest that could not be sent, said in French; ``sent`` lists the communes already sent."""

    def __init__(self, message: str, sent: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.sent = tuple(sent)


@dataclass(frozen=True)
class Digest:
    insee: str
    commune: str
    items: pd.DataFrame
    message: EmailMessage


def recipient(insee: str, environ: Mapping[str, str]) -> str | None:
    """Where a commune's digest goes: ``QMI_DIGEST_TO_<INSEE>``, else ``QMI_DIGEST_TO``, else None."""
    return (environ.get(f"QMI_DIGEST_TO_{insee}", "").strip() or environ.get("QMI_DIGEST_TO", "").strip()) or None


def _when(value: object) -> str:
    if value is None or (not isinstance(value, date) and pd.isna(value)):
        return "–"
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    return formatting.day(value, LANG)


def _line(row, base: str) -> str:
    demo = f" ({translate('digest.demo', LANG)})" if row.is_demo else ""
    if row.kind == "late":
        said = translate("digest.item.late", LANG, project=row.project, what=row.what,
                         state=state_label(row.detail, LANG).lower(), due=_when(row.since))
    elif row.kind == "returned":
        said = translate("digest.item.returned", LANG, project=row.project, what=row.what, reason=row.detail,
                         at=_when(row.since))
    else:
        said = translate("digest.item.review", LANG, project=row.project, what=row.what, at=_when(row.since))
    return f"- {said}{demo}\n  {page_url(row.path, base, **row.params)}"


def body(commune: str, items: pd.DataFrame, base: str, today: date) -> str:
    lines = [translate("digest.hello", LANG), "", translate("digest.lead", LANG, commune=commune,
                                                            today=formatting.day(today, LANG)), ""]
    if items.empty:
        lines += [translate("digest.nothing", LANG), ""]
    for kind in SECTIONS:
        group = items[items["kind"] == kind]
        if group.empty:
            continue
        lines += [translate_count(f"digest.section.{kind}", len(group), LANG), ""]
        lines += [_line(r, base) for r in group.itertuples()] + [""]
    lines += [translate("digest.worklist", LANG), f"  {page_url('a-faire', base)}", "",
              "-- ", translate("digest.signature", LANG)]
    return "\n".join(lines) + "\n"


def build(engine: Engine, today: date, base: str, environ: Mapping[str, str], commune: str | None = None) -> list[Digest]:
    """One message per commune with something to say (or the one ``commune`` asked for, even if nothing)."""
    names = dict(frame(engine, select(Commune.insee_code, Commune.name)).itertuples(index=False))
    if commune is not None:
        if commune not in names:
            raise DigestError(translate("digest.error.unknown_commune", LANG, insee=commune))
        chosen = [commune]
    else:
        chosen = sorted(names)
    sender = environ.get("QMI_DIGEST_FROM", "").strip() or DEFAULT_SENDER
    everything = worklist.digest_items(engine, today, commune)
    by_commune = dict(tuple(everything.groupby("commune_insee", sort=False))) if not everything.empty else {}
    digests = []
    for insee in chosen:
        items = by_commune.get(insee, everything.iloc[0:0]).reset_index(drop=True)
        if items.empty and commune is None:
            continue
        message = EmailMessage()
        counts = {k: int((items["kind"] == k).sum()) for k in SECTIONS}
        message["Subject"] = translate("digest.subject", LANG, commune=names[insee],
                                       **{k: translate_count(f"digest.count.{k}", n, LANG) for k, n in counts.items()})
        message["From"] = sender
        to = recipient(insee, environ)
        if to:
            message["To"] = to
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = make_msgid(domain="qmi.local")
        message.set_content(body(names[insee], items, base, today), cte="8bit")
        digests.append(Digest(insee, names[insee], items, message))
    return digests


def write(digests: Iterable[Digest], outdir: Path) -> list[Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for digest in digests:
        path = outdir / f"{digest.insee}.eml"
        path.write_bytes(bytes(digest.message))
        written.append(path)
    return written


def send(digests: list[Digest], smtp_url: str, timeout: float = 30) -> list[str]:
    """Send every digest over ``smtp_url`` (smtp://[user:pass@]host:port, smtp+starttls://, smtps://);
    returns the communes sent. Every message needs its address before the first one leaves."""
    missing = [d.insee for d in digests if not d.message["To"]]
    if missing:
        raise DigestError(translate("digest.error.no_recipient", LANG, communes=", ".join(missing)))
    parts = urlsplit(smtp_url)
    if parts.scheme not in ("smtp", "smtp+starttls", "smtps") or not parts.hostname:
        raise DigestError(translate("digest.error.bad_url", LANG))
    port = parts.port or {"smtp": 25, "smtp+starttls": 587, "smtps": 465}[parts.scheme]
    sent: list[str] = []
    try:
        if parts.scheme == "smtps":
            client = smtplib.SMTP_SSL(parts.hostname, port, timeout=timeout, context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(parts.hostname, port, timeout=timeout)
        with client:
            if parts.scheme == "smtp+starttls":
                client.starttls(context=ssl.create_default_context())
            if parts.username:
                client.login(unquote(parts.username), unquote(parts.password or ""))
            for digest in digests:
                client.send_message(digest.message)
                sent.append(digest.insee)
    except (OSError, smtplib.SMTPException) as error:
        raise DigestError(translate("digest.error.smtp", LANG, host=parts.hostname, port=port,
                                    error=str(error) or type(error).__name__,
                                    sent=", ".join(sent) or translate("digest.none_sent", LANG)), sent) from error
    return sent
