"""The style sheets the pages add to Streamlit's, built from :mod:`qmi.palette` (no colour is typed here).

``BASE`` is added by ``app.py`` on every page (badges, cards, big figures); ``SLIDES`` by the
presentation page (full screen, projector-sized type).
"""

from __future__ import annotations

from qmi.palette import (
    DEMO_BORDER,
    DEMO_FILL,
    DEMO_TEXT,
    EDITION_COLORS,
    FOCUS,
    GRID,
    MUTED_TEXT,
    PROPOSED_FILL,
    PROPOSED_TEXT,
    TEXT,
    WHITE,
)

BASE = f"""
<style>
.qmi-demo {{ background:{DEMO_FILL}; color:{DEMO_TEXT}; border:1px solid {DEMO_BORDER}; border-radius:0.4rem;
            padding:0 0.4rem; font-size:0.8rem; font-weight:600; display:inline-block; max-width:100%; }}
.qmi-proposed {{ background:{PROPOSED_FILL}; color:{PROPOSED_TEXT}; border:1px dashed {PROPOSED_TEXT}; border-radius:0.4rem;
                padding:0 0.4rem; font-size:0.8rem; display:inline-block; max-width:100%; }}
.qmi-badge {{ border-radius:0.4rem; padding:0.05rem 0.5rem; font-weight:600; font-size:0.85rem; white-space:nowrap; }}
.qmi-card {{ border:1px solid {GRID}; border-radius:0.6rem; padding:0.8rem 1rem; background:{WHITE}; height:100%; }}
.qmi-figure {{ font-size:2.6rem; font-weight:700; line-height:1.1; color:{EDITION_COLORS[1]}; }}
.qmi-figure-label {{ font-size:1rem; color:{TEXT}; }}
.qmi-figure-source {{ font-size:0.8rem; color:{MUTED_TEXT}; }}
.qmi-card-owner {{ font-size:0.875rem; color:{MUTED_TEXT}; margin:-0.4rem 0 0.5rem; }}
/* A table drawn in a container keyed compact_…: on a phone each row reads as one wrapped line, its
   cells separated by « · », the first in bold, instead of columns cut at the screen's edge. */
@media (max-width: 640px) {{
  [class*="st-key-compact_"] table, [class*="st-key-compact_"] tbody {{ display:block; }}
  [class*="st-key-compact_"] thead {{ display:none; }}
  [class*="st-key-compact_"] tr {{ display:block; padding:0.45rem 0.6rem; border-bottom:1px solid {GRID}; }}
  [class*="st-key-compact_"] td, [class*="st-key-compact_"] td > div, [class*="st-key-compact_"] td p {{
    display:inline; white-space:normal; border:none; padding:0; margin:0; }}
  [class*="st-key-compact_"] td + td::before {{ content:" · "; }}
  [class*="st-key-compact_"] td:first-child {{ font-weight:600; }}
}}
/* Layout at tablet and phone widths: links and button labels wrap instead of ending in « … »,
   and the page keeps its width for content beside the sidebar. */
[data-testid="stMain"] [data-testid="stPageLink-NavLink"] > span:last-child,
[data-testid="stMain"] [data-testid="stPageLink-NavLink"] p,
[data-testid="stMain"] button .stMarkdownEllipsis, [data-testid="stMain"] button .stMarkdownEllipsis p {{
  white-space:normal; overflow:visible; text-overflow:clip; }}
/* Columns narrower than 11rem (four figures beside the sidebar on a tablet) go on the next line. */
[data-testid="stMain"] [data-testid="stHorizontalBlock"] {{ flex-wrap:wrap; }}
[data-testid="stMain"] [data-testid="stColumn"] {{ min-width:min(11rem, 100%); }}
@media (max-width: 1200px) {{
  [data-testid="stMainBlockContainer"] {{ padding-left:1.5rem; padding-right:1.5rem; }}
}}
@media (max-width: 640px) {{
  [data-testid="stMain"] h1 {{ font-size:2rem; }}  /* « Expérimentateurs » on one line of a phone */
}}
/* Accessibility (qmi/ui/shell.py): Streamlit greys captions at 4.37:1 (its text colour at 60 % opacity); the
   palette's muted text reads at 7.9:1. A visible focus outline on every control, inputs included (Streamlit
   only recolours their border). The skip links show when focused. The shell's own box takes no room. */
[data-testid="stCaptionContainer"] {{ color:{MUTED_TEXT}; opacity:1; }}
:focus-visible {{ outline:3px solid {FOCUS} !important; outline-offset:2px; }}
[data-baseweb="input"]:focus-within, [data-baseweb="textarea"]:focus-within, [data-testid="stDateInputField"]:focus-within,
[data-testid="stSelectbox"] [role="group"]:focus-within, [data-testid="stMultiSelect"] [role="group"]:focus-within,
[data-testid="stNumberInputContainer"]:focus-within {{ outline:3px solid {FOCUS}; outline-offset:2px; }}
.qmi-skip a {{ position:fixed; top:0.5rem; left:0.5rem; z-index:1000002; padding:0.5rem 1rem; background:{WHITE};
               color:{TEXT}; border:3px solid {FOCUS}; border-radius:0.4rem; font-weight:600; transform:translateY(-200%); }}
.qmi-skip a:focus {{ transform:none; }}
body:has(#qmi-skip a) [data-testid="stSkipToContent"] {{ display:none; }}  /* one link to the content: the shell's */
.st-key-qmi_shell {{ display:none; }}
/* A multiselect's chosen options wrap on a phone instead of ending in « … ». */
[data-testid="stMultiSelectTagsContainer"] [data-tag] {{ max-width:100%; height:auto; }}
[data-testid="stMultiSelectTagsContainer"] [data-tag] > span[title] {{ white-space:normal; overflow:visible; text-overflow:clip; }}
</style>
"""

# The presentation is sized in --u, the unit of its smallest type: 24 px on a 1366×768 projector, and
# as much bigger on a larger screen as the screen is (3.125vh = 24 px at 768 px high, 1.757vw = 24 px at
# 1366 px wide); never under 24 px from 1366 px wide on. What a slide holds is capped in
# qmi.outputs.slides so that it fits that type with no scrolling.
SLIDES = f"""
<style>
:root {{ --u: min(3.125vh, 1.757vw); }}
@media (min-width: 1366px) {{ :root {{ --u: max(24px, min(3.125vh, 1.757vw)); }} }}
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"] {{ display: none !important; }}
[data-testid="stMainBlockContainer"], .block-container {{ padding: calc(0.5 * var(--u)) calc(1.5 * var(--u)) 0 !important;
                                                        max-width: 100% !important; }}
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] {{ gap: calc(0.5 * var(--u)); }}
/* The controls stay on one line: the pages' wrapping of narrow columns (BASE) would push « Quitter » down a row. */
[data-testid="stMain"] [data-testid="stHorizontalBlock"] {{ flex-wrap: nowrap; }}
[data-testid="stMain"] [data-testid="stColumn"] {{ min-width: 0; }}
[data-testid="stElementContainer"]:has(> [data-testid="stMarkdown"] > [data-testid="stMarkdownContainer"] > style)
  {{ display: none; }}
[data-stale="true"] {{ opacity: 1 !important; transition: none !important; }}
[data-testid="stMainBlockContainer"] button, [data-testid="stMainBlockContainer"] [data-testid="stPageLink"] a
  {{ min-height: calc(1.9 * var(--u)); padding: 0 calc(0.5 * var(--u)); }}
[data-testid="stMainBlockContainer"] button p, [data-testid="stPageLink"] p,
[data-testid="stMainBlockContainer"] [data-testid="stIconMaterial"] {{ font-size: var(--u) !important; }}
[data-testid="stTooltipContent"] {{ font-size: var(--u); }}
.qmi-slide-head {{ display: flex; justify-content: space-between; align-items: flex-end; gap: var(--u); }}
.qmi-slide-kicker {{ font-size: var(--u); color: {MUTED_TEXT}; font-weight: 600; margin: 0; }}
.qmi-slide-title {{ font-size: calc(2 * var(--u)); font-weight: 800; line-height: 1.15; color: {TEXT}; margin: 0; }}
.qmi-slide-counter {{ font-size: calc(1.25 * var(--u)); font-weight: 700; color: {MUTED_TEXT}; white-space: nowrap; }}
.qmi-slide-lead {{ font-size: calc(1.25 * var(--u)); line-height: 1.3; color: {TEXT}; margin-bottom: calc(0.3 * var(--u)); }}
.qmi-slide-grid {{ display: grid; gap: calc(0.6 * var(--u)); }}
.qmi-slide-figures {{ grid-template-columns: repeat(2, 1fr); }}
.qmi-slide-experiments {{ grid-template-columns: repeat(3, 1fr); }}
.qmi-slide-experiments.qmi-slide-wide {{ grid-template-columns: 1fr; }}  /* a card alone on its slide */
.qmi-slide-communes {{ grid-template-columns: repeat(2, 1fr); column-gap: calc(2 * var(--u)); }}
.qmi-slide-story {{ grid-template-columns: 1fr auto; gap: calc(1.5 * var(--u)); align-items: start; }}
.qmi-slide-card {{ border: 2px solid {GRID}; border-radius: calc(0.4 * var(--u)); background: {WHITE};
                  padding: calc(0.5 * var(--u)) calc(0.7 * var(--u)); }}
.qmi-slide-figures .qmi-slide-card {{ padding: calc(0.7 * var(--u)) calc(0.9 * var(--u)); }}
.qmi-slide-value {{ font-size: calc(3 * var(--u)); font-weight: 800; color: {EDITION_COLORS[1]}; line-height: 1.1; }}
.qmi-slide-label {{ font-size: calc(1.1 * var(--u)); line-height: 1.3; color: {TEXT}; }}
.qmi-slide-figures .qmi-slide-label {{ font-size: calc(1.25 * var(--u)); }}
.qmi-slide-small, .qmi-slide-source, .qmi-slide-demo {{ font-size: var(--u); line-height: 1.3; color: {MUTED_TEXT}; }}
.qmi-slide-name {{ font-size: calc(1.35 * var(--u)); font-weight: 700; line-height: 1.25; color: {TEXT}; }}
.qmi-slide-status {{ margin-top: calc(0.25 * var(--u)); line-height: 1.6; }}
.qmi-slide-card .qmi-badge, .qmi-slide-card .qmi-demo {{ font-size: var(--u); }}
.qmi-slide-demo {{ color: {DEMO_TEXT}; }}
.qmi-slide-commune {{ font-size: calc(1.8 * var(--u)); font-weight: 700; color: {EDITION_COLORS[2]}; line-height: 1.5; }}
.qmi-slide-body {{ font-size: calc(1.4 * var(--u)); line-height: 1.4; color: {TEXT}; }}
.qmi-slide-qr {{ margin: 0; width: calc(9 * var(--u)); text-align: center; }}
.qmi-slide-qr img {{ width: 100%; display: block; }}
</style>
"""
