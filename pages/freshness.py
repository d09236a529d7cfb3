"""Fraîcheur des indicateurs: is every protocol indicator measured as often as planned, per commune, per
experiment, per indicator (issue #18 §2). Public: the indicators are public.

URL parameters: commune (INSEE code), experimentation (slug).
"""

from collections.abc import Iterable
from datetime import date

import pandas as pd
import streamlit as st

from qmi import ui
from qmi.domain import freshness as rule
from qmi.domain.progress import display_name
from qmi.outputs import links
from qmi.outputs import tables as export
from qmi.queries import freshness as queries
from qmi.ui import exports as ui_exports
from qmi.ui import freshness as ui_freshness
from qmi.ui import tables as ui_tables

LANG = ui.lang()
TODAY = date.today()
COUNTED = (rule.A_JOUR, rule.EN_RETARD, rule.NON_SAISI, rule.PAS_ENCORE_DU, rule.NON_APPLICABLE)


def share_texts(shares: Iterable[object], dues: Iterable[int]) -> list[str]:
    """Each share in the page's language, « rien d'attendu » where nothing is due (one translation for
    the 10 000 rows of a national programme)."""
    nothing = ui.t("freshness.share.nothing_due")
    return [ui.pct(s) if d else nothing for s, d in zip(shares, dues)]


def counts(frame: pd.DataFrame) -> dict[str, pd.Series]:
    return {ui.t(f"freshness.state.{state}"): frame[state].astype(int) for state in COUNTED}


def delay_text(state: str, late_days: object) -> str:
    """How late, for the late states: « 1 an et 4 mois »; « – » otherwise."""
    if state not in rule.LATE_STATES:
        return "–"
    if pd.isna(late_days):
        return ui.t("freshness.late.unknown")
    return rule.duration_text(int(late_days), LANG)


def periodicity_text(periodicity: str, is_default: bool) -> str:
    label = rule.periodicity_label(periodicity, LANG)
    return f"{label} ({ui.t('freshness.default_mark')})" if is_default else label


def figures(communes: pd.DataFrame) -> None:
    due, up = int(communes["due"].sum()), int(communes[rule.A_JOUR].sum())
    cards = ((share_texts([up / due if due else None], [due])[0], "freshness.figure.share"),
             (ui.num(int(communes[rule.EN_RETARD].sum()), 0), "freshness.figure.late"),
             (ui.num(int(communes[rule.NON_SAISI].sum()), 0), "freshness.figure.never"))
    badge = " " + ui.demo_badge() if communes["is_demo"].any() else ""
    for column, (value, key) in zip(st.columns(3), cards):
        with column, st.container(border=True):
            st.markdown(f'<div class="qmi-figure">{ui.escape(value)}</div>'
                        f'<div class="qmi-figure-label">{ui.escape(ui.t(key))}{badge}</div>', unsafe_allow_html=True)


def legend() -> None:
    with st.expander(ui.t("freshness.legend.title"), icon=":material/help:"):
        st.markdown("\n".join(f"- **{ui.escape(rule.state_label(s, LANG))}**{ui.colon()}{ui.escape(ui.t(f'freshness.legend.{s}'))}"
                              for s in COUNTED))
        st.caption(ui.t("freshness.legend.rule"))


def share_table(rows: pd.DataFrame, name: tuple[str, str], before: dict, after: dict, link: tuple[str, str],
                open_key: str, key: str, title: str) -> None:
    """Shares up to date, one row per commune or per experiment: ``name`` (its label key and column),
    the share, ``before`` the state counts, ``after`` them, the demo mark and the link (``link``: the URL
    parameter and the column it reads); the downloads keep the shares as numbers."""
    share = ui.t("freshness.col.share")
    table = pd.DataFrame({
        ui.t(name[0]): rows[name[1]],
        share: share_texts(rows["share_up_to_date"], rows["due"]),
        **before,
        **counts(rows),
        **after,
        ui.t("freshness.col.demo"): rows["is_demo"].astype(bool),
        ui.t("freshness.col.link"): links.page_urls("fraicheur", link[0], rows[link[1]], LANG),
    })
    ui_tables.key_table(table, [ui.t(name[0]), share, ui.t("freshness.state.en_retard"),
                                ui.t("freshness.col.link")], key=key, column_config={
        ui.t("freshness.col.demo"): st.column_config.CheckboxColumn(),
        ui.t("freshness.col.link"): st.column_config.LinkColumn(display_text=ui.t(open_key)),
    })
    ui_exports.table_downloads(table, ui.t(title), demo=bool(rows["is_demo"].any()),
                               values={share: [None if s is None else export.Share(s) for s in rows["share_up_to_date"]]})


def commune_table(communes: pd.DataFrame) -> None:
    st.header(ui.t("freshness.by_commune"))
    shown = communes[communes["indicators"] > 0]
    if shown.empty:
        ui.empty_state(ui.t("freshness.none"))
        return
    share_table(shown, ("freshness.col.commune", "commune"),
                {ui.t("freshness.col.experiments"): shown["experiments"].astype(int)}, {},
                ("commune", "commune_insee"), "freshness.open_commune", "freshness_communes", "freshness.by_commune")


def experiment_table(experiments: pd.DataFrame) -> None:
    share_table(experiments, ("freshness.col.experiment", "project"), {},
                {ui.t("freshness.col.commune"): experiments["commune"]},
                ("experimentation", "slug"), "freshness.open_experiment", "freshness_experiments",
                "freshness.by_experiment")

def indicator_table(rows: pd.DataFrame) -> None:
    name, experiment, state = ui.t("freshness.col.indicator"), ui.t("freshness.col.experiment"), ui.t("freshness.col.state")
    delay, due, last = ui.t("freshness.col.delay"), ui.t("freshness.col.next_due"), ui.t("freshness.col.last_period")
    several = rows["project_id"].nunique() > 1
    table = pd.DataFrame({
        name: [display_name(c, n, LANG) for c, n in zip(rows["indicator_code"], rows["indicator"])],
        experiment: rows["project"],
        state: [rule.state_label(s, LANG) for s in rows["state"]],
        delay: [delay_text(s, d) for s, d in zip(rows["state"], rows["late_days"])],
        due: [ui.day(v) if v is not None else "–" for v in rows["due_on"]],
        last: [ui.day(v, "month") if v is not None else ui.t("freshness.never") for v in rows["last_period"]],
        ui.t("freshness.col.periodicity"): [periodicity_text(p, d) for p, d in zip(rows["periodicity"], rows["periodicity_is_default"])],
        ui.t("freshness.col.lag"): rows["availability_lag_days"].astype(int),
        ui.t("freshness.col.demo"): rows["is_demo"].astype(bool),
        ui.t("freshness.col.code"): rows["indicator_code"],
    })
    keep = [name, *([experiment] if several else []), state, delay, due, last]
    ui_tables.key_table(table, keep, key="freshness_indicators", column_config={
        name: st.column_config.TextColumn(width="medium", pinned=True),
        ui.t("freshness.col.demo"): st.column_config.CheckboxColumn(),
    })
    if rows["periodicity_is_default"].any():
        st.caption(ui.t("freshness.default_caption"))
    ui_exports.table_downloads(table, ui.t("freshness.by_indicator"), demo=bool(rows["is_demo"].any()),
                               values={last: list(rows["last_period"]), due: list(rows["due_on"])})


# --- page ------------------------------------------------------------------------------------

st.title(ui.t("freshness.title"))
st.markdown(ui.t("freshness.lead", today=ui.day(TODAY)))
communes = ui_freshness.by_commune(TODAY)
if communes.empty or not communes["indicators"].any():
    ui.empty_state(ui.t("freshness.none"))
    st.stop()
ui.demo_notice(bool(communes["is_demo"].any()))
figures(communes)
legend()
commune_table(communes)

followed = communes[communes["indicators"] > 0]
names = dict(zip(followed["commune_insee"], followed["commune"]))
if "freshness_commune" not in st.session_state:
    st.session_state["freshness_commune"] = ui.url_choice("commune", list(names))
st.header(ui.t("freshness.by_experiment"))
insee = st.selectbox(ui.t("freshness.pick_commune"), list(names), format_func=names.get, index=None,
                     placeholder=ui.t("freshness.all_communes"), key="freshness_commune")
ui.url_set(commune=insee)
everywhere = ui_freshness.by_experiment(TODAY)
experiments = everywhere if insee is None else everywhere[everywhere["commune_insee"] == insee].reset_index(drop=True)
experiment_table(experiments)

st.header(ui.t("freshness.by_indicator"))
slugs = list(experiments["slug"])
labels = {r.slug: f"{r.project} — {r.commune}" for r in experiments.itertuples()}
if "freshness_experiment" not in st.session_state:
    st.session_state["freshness_experiment"] = ui.url_choice("experimentation", slugs)
elif st.session_state["freshness_experiment"] not in slugs:  # of the commune just left
    st.session_state["freshness_experiment"] = None
slug = st.selectbox(ui.t("freshness.pick_experiment"), slugs, format_func=labels.get, index=None,
                    placeholder=ui.t("freshness.all_experiments"), key="freshness_experiment")
ui.url_set(experimentation=slug)
if slug is None and insee is None:
    st.info(ui.t("freshness.pick_first"), icon=":material/filter_alt:")
    st.stop()
chosen = experiments[experiments["slug"] == slug] if slug else experiments
rows = ui.q(queries.indicators, TODAY, commune_insee=str(chosen.iloc[0]["commune_insee"]) if slug else insee,
            project_id=int(chosen.iloc[0]["project_id"]) if slug else None)
if slug:
    st.page_link("pages/projects.py", label=ui.literal(labels[slug]), icon=":material/science:",
                 query_params={"experimentation": slug})
indicator_table(rows)
