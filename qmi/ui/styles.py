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
            padding:0 0.4rem; font-size:0.8rem; font-weight:600; white-space:nowrap; }}
.qmi-proposed {{ background:{PROPOSED_FILL}; color:{PROPOSED_TEXT}; border:1px dashed {PROPOSED_TEXT}; border-radius:0.4rem;
                padding:0 0.4rem; font-size:0.8rem; white-space:nowrap; }}
.qmi-badge {{ border-radius:0.4rem; padding:0.05rem 0.5rem; font-weight:600; font-size:0.85rem; }}
.qmi-card {{ border:1px solid {GRID}; border-radius:0.6rem; padding:0.8rem 1rem; background:{WHITE}; height:100%; }}
.qmi-figure {{ font-size:2.6rem; font-weight:700; line-height:1.1; color:{EDITION_COLORS[1]}; }}
.qmi-figure-label {{ font-size:1rem; color:{TEXT}; }}
.qmi-figure-source {{ font-size:0.8rem; color:{MUTED_TEXT}; }}
.qmi-card-owner {{ font-size:0.875rem; color:{MUTED_TEXT}; margin:-0.4rem 0 0.5rem; }}
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
.st-key-qmi_shell {{ display:none; }}
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
