"""Files for people to fill: the measurement import templates, ready for one experiment.

The header is written as people read it (« Début de période », "Period start"), which the import
reads back; one row per indicator of the experiment's protocol names the experiment and the
indicator, leaving the period and the value to fill (rows left so are skipped by the import).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from qmi.i18n import t
from qmi.outputs.tables import neutralise_frame, xlsx_bytes
from qmi.services.imports import TEMPLATE_COLUMNS


def template_frame(examples: Sequence[tuple[str, str]] = (), lang: str = "fr") -> pd.DataFrame:
    """The « mesures » sheet: the header in ``lang`` and a row per (experiment, indicator) of ``examples``."""
    rows = [{"experimentation": slug, "indicateur": indicator} for slug, indicator in examples]
    frame = pd.DataFrame(rows, columns=list(TEMPLATE_COLUMNS), dtype=object).fillna("")
    return frame.rename(columns={c: t(f"import.header.{c}", lang) for c in TEMPLATE_COLUMNS})


def template_csv(examples: Sequence[tuple[str, str]] = (), lang: str = "fr") -> bytes:
    """The import file as French spreadsheets like it (« ; », UTF-8 with BOM)."""
    return neutralise_frame(template_frame(examples, lang)).to_csv(sep=";", index=False, lineterminator="\r\n").encode("utf-8-sig")


def template_xlsx(projects: pd.DataFrame, indicators: pd.DataFrame, examples: Sequence[tuple[str, str]] = (),
                  lang: str = "fr") -> bytes:
    """The « mesures » sheet, plus the experiments and indicators one may enter, as help."""
    return xlsx_bytes({
        "mesures": template_frame(examples, lang),
        "experimentations": projects,
        "indicateurs": indicators,
    })
