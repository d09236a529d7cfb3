"""Download buttons shared by the pages: tables (CSV, Excel), charts (PNG, SVG), QR codes, commune PDF.

Heavy files (chart images, PDF) are produced only when the button is clicked: Streamlit calls
the ``data`` callable then, on a worker thread, so everything it needs is captured beforehand.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Callable
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import streamlit as st

from qmi import ui
from qmi.config import get_settings
from qmi.domain.rights import DATA_ROLES
from qmi.draw import charts
from qmi.outputs import images, links, pdf, qr
from qmi.outputs import tables as export
from qmi.ui import auth
from qmi.ui import tables as ui_tables


def _slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "export"


def table_downloads(frame: pd.DataFrame | Callable[[], pd.DataFrame], name: str, sheet: str | None = None,
                    source: str | None = None, demo: bool = False, values: dict[str, object] | None = None) -> None:
    """CSV (for French Excel) and Excel buttons for the rows shown; cells a spreadsheet would run as
    formulas are neutralised.

    ``frame`` may be a function that builds the table: it then runs only when a button is clicked.
    ``values`` gives, for columns the page shows as formatted text (« 3,2 », « juin 2024 »), the
    numbers or dates behind them, row for row: the files hold those. The workbook's first rows name
    the table, its ``source`` and, when ``demo``, that it holds illustrative values; ``sheet`` is
    its sheet's name (by default ``name``, shortened at a word).
    """
    slug = _slug(name)
    if callable(frame):
        rows = frame
    else:
        shown = frame.assign(**{column: pd.Series(list(cells), index=frame.index, dtype=object)  # keeps Share
                                for column, cells in (values or {}).items()})

        def rows() -> pd.DataFrame:
            return shown
    lang = ui.lang()
    notes = export.table_notes(name, lang, source=source, demo=demo)
    row = st.container(horizontal=True)  # buttons keep their full label however narrow the column
    row.download_button(
        ui.t("exports.csv"), data=lambda: export.csv_bytes(rows(), lang), file_name=f"{slug}.csv",
        mime="text/csv", key=f"qmi-dl-{slug}-csv", on_click="ignore", icon=":material/download:",
        help=ui.t("exports.csv_help"),
    )
    row.download_button(
        ui.t("exports.xlsx"), data=lambda: export.xlsx_bytes({sheet or name: rows()}, lang, notes), file_name=f"{slug}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"qmi-dl-{slug}-xlsx",
        on_click="ignore", icon=":material/table:",
    )


def chart_downloads(figure: go.Figure, name: str, source: str | None = None, demo: bool = False,
                    width: int = 1200, height: int = 800) -> None:
    """PNG and SVG buttons; the image is drawn by kaleido (a few seconds) only when clicked.

    The image carries ``name`` as its title and a footnote: the sources, the demo marker when
    ``demo``, the programme's name and the date.
    """
    slug = _slug(name)
    cited = ui.source_list([source])  # each document once, as its title
    parts = [ui.label_value(ui.t("common.source"), cited)] if source else []
    if demo:
        parts.append(ui.t("exports.demo_footnote"))
    parts.append(f"{ui.t('app.title')} — {ui.day(date.today())}")
    footnote = "\n".join(parts)
    if not images.browser_available():
        st.caption(ui.t("exports.no_browser"))
        return
    row = st.container(horizontal=True)  # buttons keep their full label however narrow the chart's column
    for fmt, mime in (("png", "image/png"), ("svg", "image/svg+xml")):
        row.download_button(
            ui.t(f"exports.{fmt}"),
            data=lambda fmt=fmt: images.figure_bytes(go.Figure(figure), fmt, width, height, title=name, footnote=footnote),
            file_name=f"{slug}.{fmt}", mime=mime, key=f"qmi-dl-{slug}-{fmt}", on_click="ignore",
            help=ui.t("exports.chart_help"), icon=":material/image:",
        )


def chart(figure: go.Figure, name: str, source: str | None = None, demo: bool = False, key: str | None = None,
          toolbar: bool = False, width: int = 1200, height: int = 800) -> None:
    """A chart as the pages draw it, with its PNG and SVG buttons (:func:`chart_downloads`) under it.

    Without ``toolbar`` the chart has no plotly mode bar; with it, the mode bar (no plotly logo) and
    the chart fills its column. ``key`` tells apart charts drawn by the same code on one page.
    """
    if toolbar:
        st.plotly_chart(figure, width="stretch", config={"displaylogo": False}, key=key)
    else:
        st.plotly_chart(figure, config={"displayModeBar": False}, key=key)
    chart_table(figure, key=f"qmi-data-{_slug(name)}")
    chart_downloads(figure, name, source=source, demo=demo, width=width, height=height)


def public_base() -> str:
    """The address public links (QR codes, PDF) start with: ``QMI_PUBLIC_BASE_URL`` when set, else the
    one this page was opened from (the browser's URL, else the request's Host header)."""
    opened_from = st.context.url
    if not opened_from and (host := st.context.headers.get("Host")):
        opened_from = f"{st.context.headers.get('X-Forwarded-Proto', 'http')}://{host}"
    return links.public_base(get_settings().public_base_url, opened_from, st.get_option("server.baseUrlPath") or "")


def public_url(kind: str, key: str) -> str:
    """The public address of a commune ("commune", INSEE code) or experiment ("experimentation", slug)
    page, in the page's language."""
    return links.public_url(kind, key, public_base(), ui.lang())


def api_link(kind: str, key: str) -> None:
    """A small link from a record page (commune, experiment) to the same record as JSON in the API, when it is on."""
    if not get_settings().api_enabled:
        return
    url = links.api_url(kind, key, public_base())
    # The label is ours and the key an identifier (letters, digits, . _ -): nothing typed reaches the Markdown.
    st.caption(f":material/data_object: [{ui.escape(ui.t('api.json_link'))}]({url})", help=ui.t("api.json_link_help"))


def local_address_warning(base: str) -> None:
    """To staff only: a code or PDF made from a ``localhost`` address opens nowhere else, and how to fix it."""
    identity = auth.current()
    if links.is_local(base) and identity is not None and identity.role in DATA_ROLES:
        # In a code span (no link, no markup); a backtick is the one character that could end it.
        st.warning(ui.t("exports.local_address", base=base.replace("`", "")), icon=":material/warning:")


def chart_table(figure: go.Figure, key: str) -> None:
    """The chart's data as a table, collapsed under it and built once opened: the text alternative of
    a chart (RGAA 1.8); a data grid (keyboard navigable, its rows drawn as they scroll into view) above
    :data:`qmi.ui.tables.HTML_TABLE_ROWS`."""
    tables = _data_table(figure, ui.lang())
    if tables is None:
        return
    plain, marked = tables
    with ui.on_demand(ui.t("exports.chart_data"), key=key) as opened:
        if not opened:
            return
        if marked is None:
            st.dataframe(plain, hide_index=True)
        else:
            st.table(marked, hide_index=True)


# The data table of each chart drawn lately, by the figure's identity and the language. A chart of
# ``ui.figure`` is one shared object for as long as its input stays: its table is built once, not on
# every run of every session (it was a tenth of a record page's run). Each entry holds its figure, so
# an identity is never reused while it is a key.
_DATA_TABLES: OrderedDict[tuple[int, str], tuple[go.Figure, tuple[pa.Table, pa.Table | None] | None]] = OrderedDict()
_DATA_TABLES_MAX = 256
_DATA_TABLES_LOCK = threading.Lock()


def _data_table(figure: go.Figure, lang: str) -> tuple[pa.Table, pa.Table | None] | None:
    """The chart's data as text, and, up to :data:`qmi.ui.tables.HTML_TABLE_ROWS` rows, as Markdown for ``st.table``."""
    key = (id(figure), lang)
    with _DATA_TABLES_LOCK:
        kept = _DATA_TABLES.get(key)
        if kept is not None and kept[0] is figure:
            _DATA_TABLES.move_to_end(key)
            return kept[1]
    table = _build_data_table(figure)
    with _DATA_TABLES_LOCK:
        _DATA_TABLES[key] = (figure, table)
        while len(_DATA_TABLES) > _DATA_TABLES_MAX:
            _DATA_TABLES.popitem(last=False)
    return table


def _build_data_table(figure: go.Figure) -> tuple[pa.Table, pa.Table | None] | None:
    rows = charts.data_rows(figure)
    if not rows:
        return None
    columns = [ui.t(f"exports.chart_data.{c}") for c in ("series", "label", "value")]
    table = pd.DataFrame([(str(series or ""), str(label), _cell(value)) for series, label, value in rows],
                         columns=columns)
    if not table[columns[0]].any():  # one unnamed series: no series column
        table = table.drop(columns=columns[0])
    if len(table) > ui_tables.HTML_TABLE_ROWS:
        return _arrow(table), None
    # st.table draws its cells as Markdown: names people typed are shown as typed, never as links.
    return _arrow(table), _arrow(table.assign(**{c: table[c].map(ui.literal) for c in table.columns[:-1]}))


def _arrow(table: pd.DataFrame) -> pa.Table:
    """The table as Streamlit sends it: converted once here, not by ``st.table`` on every run (a third of a chart's)."""
    return pa.Table.from_pandas(table, preserve_index=False)


def _cell(value: object) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return ui.num(value, 0 if float(value).is_integer() else 1)
    return str(value)


def qr_block(kind: str, key: str, popover: bool = True) -> None:
    """The QR code of a commune ("commune", INSEE code) or experiment ("experimentation", slug) page.

    In a popover button by default (it stays out of the way); ``popover=False`` draws it in a box.
    """
    base = public_base()
    url = links.public_url(kind, key, base, ui.lang())
    png = qr.png_bytes(url, scale=8)
    holder = (st.popover(ui.t("exports.qr_button"), icon=":material/qr_code_2:", help=ui.t("exports.qr_title")) if popover
              else st.container(border=True))
    with holder:
        st.markdown(f"**{ui.t('exports.qr_title')}**")
        local_address_warning(base)
        st.image(png, width=180)
        st.caption(ui.t("exports.qr_caption", url=url))
        st.download_button(ui.t("exports.qr_png"), data=png, file_name=f"qr-{_slug(key)}.png", mime="image/png",
                           key=f"qmi-qr-{kind}-{key}-png", on_click="ignore", icon=":material/qr_code:")
        st.download_button(ui.t("exports.qr_svg"), data=lambda: qr.svg_bytes(url), file_name=f"qr-{_slug(key)}.svg",
                           mime="image/svg+xml", key=f"qmi-qr-{kind}-{key}-svg", on_click="ignore",
                           icon=":material/qr_code:")


def pdf_download(insee_code: str, commune_name: str) -> None:
    """The one-page A4 summary of a commune, built when clicked."""
    try:
        pdf.font_paths()
    except pdf.PdfFontMissing:
        st.caption(ui.t("exports.no_font"))
        return
    engine, lang, base = ui.engine(), ui.lang(), public_base()  # a localhost base is told to staff by qr_block
    st.download_button(
        ui.t("exports.pdf"), data=lambda: pdf.commune_pdf(engine, insee_code, lang, base=base),
        file_name=f"qmi-{_slug(commune_name)}.pdf", mime="application/pdf", key=f"qmi-pdf-{insee_code}",
        on_click="ignore", help=ui.t("exports.pdf_help"), icon=":material/picture_as_pdf:", type="primary",
    )
