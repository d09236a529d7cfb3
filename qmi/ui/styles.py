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
.qmi-badge {{ border-radius:0.4rem; padding:0.05rem 0.5rem; color:{WHITE}; font-weight:600; font-size:0.85rem; }}
.qmi-card {{ border:1px solid {GRID}; border-radius:0.6rem; padding:0.8rem 1rem; background:{WHITE}; height:100%; }}
.qmi-figure {{ font-size:2.6rem; font-weight:700; line-height:1.1; color:{EDITION_COLORS[1]}; }}
.qmi-figure-label {{ font-size:1rem; color:{TEXT}; }}
.qmi-figure-source {{ font-size:0.8rem; color:{MUTED_TEXT}; }}
.qmi-card-owner {{ font-size:0.875rem; color:{MUTED_TEXT}; margin:-0.4rem 0 0.5rem; }}
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
</style>
"""

SLIDES = f"""
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"] {{ display: none !important; }}
[data-testid="stMainBlockContainer"], .block-container {{ padding: 1.2rem 2.5rem 1rem !important; max-width: 100% !important; }}
[data-stale="true"] {{ opacity: 1 !important; transition: none !important; }}
.qmi-slide-kicker {{ font-size: 1.5rem; color: {MUTED_TEXT}; font-weight: 600; margin: 0; }}
.qmi-slide-title {{ font-size: 3.6rem; font-weight: 800; line-height: 1.1; color: {TEXT}; margin: 0.2rem 0 0.4rem; }}
.qmi-slide-lead {{ font-size: 2rem; color: {TEXT}; margin-bottom: 1rem; }}
.qmi-slide-body {{ font-size: 2.4rem; line-height: 1.45; color: {TEXT}; max-width: 70rem; }}
.qmi-slide-source {{ font-size: 1.05rem; color: {MUTED_TEXT}; margin-top: 1.2rem; }}
.qmi-slide-card {{ border: 2px solid {GRID}; border-radius: 0.8rem; padding: 1rem 1.2rem; background: {WHITE};
                  height: 100%; margin-bottom: 1rem; }}
.qmi-slide-value {{ font-size: 4.2rem; font-weight: 800; color: {EDITION_COLORS[1]}; line-height: 1.1; }}
.qmi-slide-label {{ font-size: 1.6rem; color: {TEXT}; margin-top: 0.3rem; }}
.qmi-slide-small {{ font-size: 1.1rem; color: {MUTED_TEXT}; margin-top: 0.4rem; }}
.qmi-slide-name {{ font-size: 1.7rem; font-weight: 700; color: {TEXT}; }}
.qmi-slide-card .qmi-badge {{ font-size: 1.15rem; }}
.qmi-slide-commune {{ font-size: 2.6rem; font-weight: 700; color: {EDITION_COLORS[2]}; line-height: 1.5; }}
</style>
"""
