"""Tables that keep their key columns readable at every screen size.

Streamlit tells Python nothing of the screen's width, so a wide table cannot choose its columns
per device. It shows its key columns (they fit a phone) with the first one pinned, and a toggle
« Toutes les colonnes » shows every column (the first still pinned while the rest scroll).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

from qmi import ui

# Above this many rows, a table is a scrolling data grid (keyboard navigable, its rows drawn as they
# scroll into view): an HTML table of a metropolis's hundreds of communes or thousand experiments puts
# thousands of elements in the page, and most of the page's time goes to the browser's style and layout.
HTML_TABLE_ROWS = 100


def plain_table(frame: pd.DataFrame, typed: Sequence[str] = ()) -> None:
    """``frame`` as an HTML table (``st.table``) up to :data:`HTML_TABLE_ROWS` rows, else as a data grid.

    ``st.table`` draws its cells as Markdown: the ``typed`` columns (names people typed) go through
    ``ui.literal`` there, and are shown as they are in the grid, which reads no Markdown.
    """
    if len(frame) > HTML_TABLE_ROWS:
        st.dataframe(frame, hide_index=True)
    else:
        st.table(frame.assign(**{column: frame[column].map(ui.literal) for column in typed}), hide_index=True)


def shown_columns(frame: pd.DataFrame, keep: Sequence[str], every: bool) -> list[str]:
    """The columns drawn: every one, or the key ones (``keep``) in the frame's order."""
    return list(frame.columns) if every else [column for column in frame.columns if column in keep]


def key_table(frame: pd.DataFrame, keep: Sequence[str], key: str, column_config: dict | None = None,
              **options: Any) -> None:
    """``st.dataframe`` of ``frame`` showing the columns ``keep`` (``keep[0]`` pinned on the left), with
    a toggle for all the others when there are any."""
    missing = set(keep) - set(frame.columns)
    if missing:
        raise ValueError(f"key columns not in the table: {sorted(missing)}")
    every = len(keep) < len(frame.columns) and st.toggle(ui.t("common.all_columns"), key=f"{key}_all_columns",
                                                         help=ui.t("common.all_columns_help"))
    config = dict(column_config or {})
    config.setdefault(keep[0], st.column_config.Column(pinned=True))  # a configured one sets ``pinned`` itself
    st.dataframe(frame, hide_index=True, column_order=shown_columns(frame, keep, every), column_config=config,
                 key=key, **options)
