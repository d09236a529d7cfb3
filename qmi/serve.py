"""Start the app: ``python -m qmi.serve [streamlit options]`` (what ``make run`` does).

Streamlit decides once per process, when the first session starts, whether the app
uses the legacy ``pages/`` folder. While it thinks so, that first run goes through a
page list built from the folder's file names: the sidebar shows raw file names and a
direct link such as ``/carte`` can fall back to "page not found". ``app.py`` lists
its pages with ``st.navigation``, so say so before the server starts.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from typing import IO

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

from qmi.config import ROOT


def main(argv: list[str] | None = None) -> None:
    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(ROOT / "app.py"), *(sys.argv[1:] if argv is None else argv)]
    cli.main()


class AppDidNotStart(RuntimeError):
    pass


def _healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@contextlib.contextmanager
def running(store_url: str, port: int, log: IO | int = subprocess.DEVNULL,
            start_seconds: float = 120) -> Iterator[subprocess.Popen]:
    """The app as ``make run`` starts it, on ``store_url`` at 127.0.0.1:``port``, for the tests and the
    benchmark; stopped when the block ends. No file watcher: the tree may change under it."""
    command = [sys.executable, "-m", "qmi.serve", "--server.port", str(port), "--server.address", "127.0.0.1",
               "--server.headless", "true", "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"]
    process = subprocess.Popen(command, cwd=ROOT, env=os.environ | {"QMI_DATABASE_URL": store_url},
                               stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + start_seconds
        while not _healthy(f"http://127.0.0.1:{port}"):
            if process.poll() is not None or time.monotonic() > deadline:
                raise AppDidNotStart(f"the app did not start on port {port}")
            time.sleep(0.3)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


if __name__ == "__main__":
    main()
