"""The Saisie page's tables, readable on a tablet and a phone.

Drawn with ``st.table`` (its cells wrap instead of being cut) with only the columns one reads at a
glance: indicator, period, value with its unit, state. A corrected value is struck through and says
what replaced it. Every other column (comment, source, who, when) is in the downloaded file.
``st.table`` reads its cells as Markdown: every text from people or files goes through
:func:`qmi.ui.literal`.
"""

from __future__ import annotations

import pandas as pd

from qmi import ui


def _value(value: object, unit: object) -> str:
    return f"{ui.num(value, 2)} {ui.literal(unit)}"


def _state(row: pd.Series, successor: pd.Series | None) -> str:
    if row["state"] == "superseded" and successor is not None:
        text = ui.t("entry.state.replaced_by", value=_value(successor["value"], successor["unit"]),
                    period=ui.day(successor["period_start"], "short"))
    elif row["state"] == "retracted" and row["retracted_reason"]:
        text = ui.t("entry.state.retracted_because", reason=ui.literal(row["retracted_reason"]))
    else:
        text = ui.t(f"entry.state.{row['state']}")
    return f"**{text}**" if row["state"] == "active" else text


def review_text(row: pd.Series) -> str:
    """Where the value's review stands: « à valider », « approuvée par X le … », « renvoyée par X le … : motif »."""
    state = row.get("review_state")
    when = ui.day(row["reviewed_at"], "short") if pd.notna(row.get("reviewed_at")) else ""
    who = ui.literal(row.get("reviewed_by") or "")
    if isinstance(row.get("withdrawal_reason"), str):
        return ui.t("review.withdrawal_mark")
    if state == "approuvee":
        return ui.t("review.approved_by", who=who, at=when)
    if state == "renvoyee":
        return ui.t("review.returned_by", who=who, at=when, reason=ui.literal(row.get("review_reason") or ""))
    return ui.t("review.state.a_valider") if state == "a_valider" else ""


def _reviews(rows: pd.DataFrame) -> list[str]:
    return [review_text(row) for _, row in rows.iterrows()]


def _values(rows: pd.DataFrame) -> list[str]:
    """The value with its unit; struck through when it is no longer the one in force."""
    return [_value(r.value, r.unit) if r.state in ("active", "proposed") else f"~~{_value(r.value, r.unit)}~~"
            for r in rows.itertuples()]


def _states(rows: pd.DataFrame, every: pd.DataFrame) -> list[str]:
    successors = {int(r["supersedes_id"]): r for _, r in every.iterrows() if pd.notna(r["supersedes_id"])}
    return [_state(row, successors.get(int(row["id"]))) for _, row in rows.iterrows()]


def measurements(rows: pd.DataFrame, history: bool) -> pd.DataFrame:
    """« Mesures de cette expérimentation »: the values in force, or every version with ``history``."""
    shown = rows if history else rows[rows["state"].isin(("active", "proposed"))]
    demo = [" · " + ui.t("entry.demo_mark") if d else "" for d in shown["is_demo"]]
    return pd.DataFrame({
        ui.t("entry.col.indicator"): [ui.literal(name) for name in shown["indicator"]],
        ui.t("entry.col.period"): [ui.day(d, "short") for d in shown["period_start"]],
        ui.t("entry.col.value"): _values(shown),
        # The review in the same cell (four columns stay readable on a phone): « en vigueur · à valider ».
        ui.t("entry.col.state"): [s + (f" · {r}" if r else "") + d
                                  for s, r, d in zip(_states(shown, rows), _reviews(shown), demo, strict=True)],
    })


def versions(chain: pd.DataFrame) -> pd.DataFrame:
    """« Historique de cette valeur »: each version, oldest first (the one in force says so), who entered it and when."""
    return pd.DataFrame({
        ui.t("entry.col.period"): [ui.day(d, "short") for d in chain["period_start"]],
        ui.t("entry.col.value"): _values(chain),
        ui.t("entry.col.state"): _states(chain, chain),
        ui.t("review.col.review"): _reviews(chain),
        ui.t("entry.col.entered"): [ui.t("entry.entered", by=ui.literal(by), at=ui.day(at, "short"))
                                    for by, at in zip(chain["entered_by"], chain["entered_at"], strict=True)],
    })


def details(rows: pd.DataFrame) -> pd.DataFrame:
    """Every column, for the downloaded file (plain text: a file is not Markdown)."""
    return pd.DataFrame({
        ui.t("entry.col.indicator"): rows["indicator"],
        ui.t("entry.col.period"): [ui.day(d) for d in rows["period_start"]],
        ui.t("entry.col.value"): [ui.num(v, 2) for v in rows["value"]],
        ui.t("entry.col.unit"): rows["unit"],
        ui.t("entry.col.state"): [ui.t(f"entry.state.{s}") for s in rows["state"]],
        ui.t("entry.col.reason"): rows["retracted_reason"].fillna(""),
        ui.t("review.col.review"): [ui.t(f"review.state.{s}") if isinstance(s, str) else "" for s in rows["review_state"]],
        ui.t("review.col.reason"): rows["review_reason"].fillna(""),
        ui.t("entry.col.comment"): rows["comment"],
        ui.t("entry.col.source"): rows["source"].map(ui.source_label),
        ui.t("entry.col.by"): rows["entered_by"],
        ui.t("entry.col.at"): [ui.day(d) for d in rows["entered_at"]],
        ui.t("entry.col.demo"): [ui.t("common.demo_badge") if d else "" for d in rows["is_demo"]],
    })


def report(frame: pd.DataFrame) -> pd.DataFrame:
    """The import report for ``st.table``: the file's values and the reasons shown as written."""
    return frame.astype(str).map(ui.literal)
