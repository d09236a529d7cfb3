"""Start the app: ``python -m qmi.serve [streamlit options]`` (what ``make run`` does).

Streamlit decides once per process, when the first session starts, whether the app
uses the legacy ``pages/`` folder. While it thinks so, that first run goes through a
page list built from the folder's file names: the sidebar shows raw file names and a
direct link such as ``/carte`` can fall back to "page not found". ``app.py`` lists
its pages with ``st.navigation``, so say so before the server starts.
"""

from __future__ import annotations

import sys

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

from qmi.config import ROOT


def main(argv: list[str] | None = None) -> None:
    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(ROOT / "app.py"), *(sys.argv[1:] if argv is None else argv)]
    cli.main()


if __name__ == "__main__":
    main()
