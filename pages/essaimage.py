"""Essaimage: which solutions tested in another commune fit the chosen one, and why.

The ranking, its weights and its reasons live in ``qmi.domain.essaimage``; the declared-challenge form
writes through ``qmi.services.communes`` (permission and audit there).
"""

import streamlit as st

from qmi import palette, ui
from qmi.domain import essaimage
from qmi.domain.values import records
from qmi.draw import maps
from qmi.i18n import Refusal, labels
from qmi.i18n import t as translate
from qmi.outputs import links
from qmi.queries import essaimage as essaimage_queries
from qmi.queries import geo
from qmi.queries import indicators as indicator_queries
from qmi.services.communes import can_edit_commune, update_commune
from qmi.ui import auth as ui_auth
from qmi.ui import exports as ui_exports
from qmi.ui import maps as ui_maps
from qmi.ui import transfers as ui_transfers

COMMUNE_KEY = "essaimage_commune"
WEIGHT_KEY = "essaimage_weight_{}"
SHOW_ALL_KEY = "essaimage_show_all"
SHORTLIST = 5
SAVED_KEY = "essaimage_saved"
LANG = ui.lang()

st.title(ui.t("essaimage.title"))
st.markdown(ui.t("essaimage.lead"))

communes = ui.q(essaimage_queries.communes)
if communes.empty:
    ui.empty_state()
    st.stop()

# --- the commune ----------------------------------------------------------------------------
codes = list(communes["insee_code"])
rows = {row["insee_code"]: row for row in records(communes)}


groups = {group: ui.t(f"essaimage.group.{group}") for group in ("none", "1", "2")}
option_labels = {
    code: translate("essaimage.commune_option", LANG, name=row["name"], departement=row["departement"],
                    group=groups["none" if row["edition_id"] is None else str(int(row["edition_id"]))])
    for code, row in rows.items()
}

if COMMUNE_KEY not in st.session_state or st.session_state[COMMUNE_KEY] not in rows:
    st.session_state[COMMUNE_KEY] = ui.url_choice("commune", codes, default=codes[0])
code = st.selectbox(ui.t("essaimage.commune"), codes, key=COMMUNE_KEY, format_func=option_labels.get)
ui.url_set(commune=code)
commune = rows[code]
declared = ui.q(essaimage_queries.declared_challenges, code)

profile, challenges_box = st.columns([2, 3])
with profile, st.container(border=True):
    st.markdown(f'<div class="qmi-figure">{ui.literal(commune["name"])}</div>', unsafe_allow_html=True)
    st.markdown(ui.t("essaimage.profile", population=ui.num(commune["population"], 0),
                     density=ui.num(commune["density"], 0)))
    if commune["innovation_district"]:
        st.markdown(ui.md("essaimage.district", district=commune["innovation_district"]))
        if commune["district_source"]:
            ui.source_note(commune["district_source"])
    else:
        st.markdown(ui.t("essaimage.district_none"))
    ui.source_note(ui.t("essaimage.profile_source"))
with challenges_box, st.container(border=True):
    st.markdown(f"**{ui.t('essaimage.declared')}**")
    if declared.empty:
        st.info(ui.t("essaimage.declared_none"), icon=":material/info:")
    else:
        for row in declared.itertuples():
            chip = ui.escape(labels.challenge_name(row.challenge_code, LANG, row.name))
            st.markdown(f":material/flag: **{chip}**" + (" " + ui.demo_badge() if row.is_demo else ""), unsafe_allow_html=True)
        ui.source_note(*declared["source"])
        if declared["is_demo"].any():
            st.caption(ui.t("essaimage.demo_challenges"))

# --- the weights ----------------------------------------------------------------------------
st.subheader(ui.t("essaimage.weights"))
st.caption(ui.t("essaimage.weights_help"))
from_url = essaimage.Weights.from_param(st.query_params.get("poids"))
for component in essaimage.COMPONENTS:
    st.session_state.setdefault(WEIGHT_KEY.format(component), getattr(from_url, component))


def reset_weights() -> None:
    for name, value in essaimage.Weights().as_dict().items():
        st.session_state[WEIGHT_KEY.format(name)] = value


for column, component in zip(st.columns(len(essaimage.COMPONENTS)), essaimage.COMPONENTS):
    with column:
        color = essaimage.COMPONENT_COLORS[component]
        st.markdown(f'<span style="color:{color}">■</span> **{ui.t(f"essaimage.component.{component}")}**',
                    unsafe_allow_html=True)
        st.slider(ui.t(f"essaimage.component.{component}"), 0, essaimage.MAX_WEIGHT,
                  key=WEIGHT_KEY.format(component), help=ui.t(f"essaimage.help.{component}"),
                  label_visibility="collapsed")
weights = essaimage.Weights(**{c: st.session_state[WEIGHT_KEY.format(c)] for c in essaimage.COMPONENTS})
st.button(ui.t("essaimage.weights_reset"), on_click=reset_weights, disabled=weights == essaimage.Weights())
ui.url_set(poids=None if weights == essaimage.Weights() else weights.to_param())
if weights.total == 0:
    st.info(ui.t("essaimage.weights_zero"), icon=":material/info:")

# --- the shortlist --------------------------------------------------------------------------
# The indicator results are read apart, by groups of communes: a new measurement reads again its
# group's, not the catalogue nor the other groups'.
ranked = ui.shared_from(essaimage_queries.rank_from, (
    (essaimage_queries.experiments, ()), (essaimage_queries.replications, ()), (essaimage_queries.communes, ()),
    (essaimage_queries.declared_challenges, (code,)),
    *((essaimage_queries.results_by_experiment, (group,)) for group in ui.q(indicator_queries.experiment_communes))),
    commune_insee=code, weights=weights, lang=LANG)
ui.demo_notice(any(r.uses_demo for r in ranked) or bool(declared["is_demo"].any()))
st.header(ui.md("essaimage.shortlist", commune=commune["name"]))
if not ranked:
    st.info(ui.t("essaimage.none"), icon=":material/info:")
    st.stop()

show_all = st.toggle(ui.t("essaimage.show_all"), key=SHOW_ALL_KEY)
shown = ranked if show_all else ranked[:SHORTLIST]
st.caption(ui.t("essaimage.shortlist_count", shown=len(shown), total=len(ranked)))


def breakdown_bar(points: dict[str, float]) -> str:
    segments = "".join(
        f'<div title="{ui.escape(ui.t(f"essaimage.component.{c}"))}" '
        f'style="width:{points[c]:.2f}%;background:{essaimage.COMPONENT_COLORS[c]}"></div>'
        for c in essaimage.COMPONENTS if points[c] > 0
    )
    return (f'<div style="display:flex;height:14px;border-radius:7px;overflow:hidden;background:{palette.BACKGROUND_FILL};'
            f'margin:0.2rem 0 0.4rem 0">{segments}</div>')


for position, rec in enumerate(shown, start=1):
    with st.container(border=True):
        text, score = st.columns([5, 1])
        with text:
            st.markdown(f"### {position}. {ui.literal(rec.name)}")
            st.caption(ui.t("essaimage.tested_in", commune=rec.commune, organisation=rec.organisation))
            badges = [ui.status_badge(rec.deployment_level, rec.abandoned, rec.status_is_demo)]
            if rec.challenge_code:
                name = ui.escape(essaimage.challenge_name(rec.challenge_code, rec.challenge, LANG))
                badges.append(f":material/flag: {name}")
                if rec.challenge_status == "proposed":
                    badges.append(f'<span class="qmi-proposed">{ui.escape(ui.t("common.proposed_badge"))}</span>')
            st.markdown(" ".join(badges), unsafe_allow_html=True)
            st.markdown(ui.escape(rec.reason), unsafe_allow_html=True)
            st.page_link("pages/projects.py", label=ui.md("essaimage.open_project", name=rec.name), icon=":material/science:",
                         query_params=links.params(LANG, experimentation=rec.slug))
        with score:
            st.markdown(f'<div class="qmi-figure">{ui.num(rec.total, 0)}</div>'
                        f'<div class="qmi-figure-label">/ 100</div>', unsafe_allow_html=True)
        st.markdown(breakdown_bar(rec.points), unsafe_allow_html=True)
        st.caption(" · ".join(
            ui.t("essaimage.breakdown_line", name=ui.t(f"essaimage.component.{c}"), points=ui.num(rec.points[c], 0))
            + (f" ({ui.t(f'essaimage.unknown.{c}')})" if c in rec.unknown else "")
            for c in essaimage.COMPONENTS
        ))

# --- the transfers done ---------------------------------------------------------------------
ui_transfers.done_table()

# --- the map --------------------------------------------------------------------------------
st.header(ui.t("essaimage.map"))
ui_maps.show_map(maps.shortlist_map, ui.q(geo.commune_stats), shown, commune, LANG,
                 key=f"essaimage_map_{code}", height=maps.MAP_HEIGHT, returned_objects=[])
st.caption(ui.t("essaimage.map_caption", commune=commune["name"]))

# --- export ---------------------------------------------------------------------------------
st.header(ui.t("essaimage.export"))
ui_exports.table_downloads(lambda: essaimage.shortlist_frame(commune["name"], ranked, LANG),
                          f"essaimage-{commune['name']}", sheet=ui.t("essaimage.export_sheet"))

# --- declared challenges and district (staff, admin, the commune's agents) -------------------
identity = ui_auth.current()
if not can_edit_commune(identity, code):
    st.caption(ui.t("essaimage.edit_who"))
else:
    catalogue = ui.q(essaimage_queries.challenge_catalogue)
    names = dict(zip(catalogue["code"], catalogue["name"]))
    saved = st.session_state.pop(SAVED_KEY, False)
    with st.expander(ui.t("essaimage.edit"), expanded=saved):
        st.caption(ui.t("essaimage.edit_help"))
        if saved:
            st.success(ui.t("essaimage.edit_saved"), icon=":material/check_circle:")
        with st.form(f"essaimage_edit_{code}"):
            chosen = st.multiselect(ui.t("essaimage.edit_challenges"), list(names),
                                    default=list(declared["challenge_code"]), key=f"essaimage_challenges_{code}",
                                    format_func=lambda c: labels.challenge_name(c, LANG, names[c]))
            district = st.text_input(ui.t("essaimage.edit_district"), value=commune["innovation_district"] or "",
                                     max_chars=120, key=f"essaimage_district_{code}")
            source = st.text_input(ui.t("essaimage.edit_source"), max_chars=300, key=f"essaimage_source_{code}")
            if st.form_submit_button(ui.t("essaimage.edit_save"), type="primary", key=f"essaimage_save_{code}"):
                try:
                    result = update_commune(ui.engine(), identity, code, chosen, district, source)
                except Refusal as error:
                    st.error(error.message(LANG))
                else:
                    if result.changed:
                        st.session_state[SAVED_KEY] = True
                        st.rerun()
                    st.info(ui.t("essaimage.edit_unchanged"))
