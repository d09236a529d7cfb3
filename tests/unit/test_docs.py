"""The documentation against the code: every path it names exists, every command it shows is a real one,
and every dotted ``qmi.`` name it cites can be imported."""

from __future__ import annotations

import importlib
import re

import pytest

from qmi.cli import build_parser
from qmi.config import ROOT

DOCUMENTS = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])
PATH = re.compile(r"`((?:qmi|pages|tests|scripts|docs|static|data|bench)/[A-Za-z0-9_./-]*)`")
COMMAND = re.compile(r"python -m qmi ([a-z][a-z-]*)")
DOTTED = re.compile(r"`(qmi(?:\.[A-Za-z_]+)+)[`(]")
GENERATED = {"data/qmi.db"}  # created by the first run, git-ignored


def cited(pattern: re.Pattern) -> list[tuple[str, str]]:
    return sorted({(doc.name, m) for doc in DOCUMENTS for m in pattern.findall(doc.read_text(encoding="utf-8"))})


@pytest.mark.parametrize(("document", "path"), cited(PATH))
def test_every_path_the_docs_name_exists(document, path):
    assert path in GENERATED or (ROOT / path).exists(), f"{document} names {path}, which does not exist"


def test_every_command_the_docs_show_exists():
    commands = set(build_parser()._subparsers._group_actions[0].choices)
    shown = {command for _, command in cited(COMMAND)}
    assert shown and shown <= commands, shown - commands


@pytest.mark.parametrize(("document", "name"), cited(DOTTED))
def test_every_name_the_docs_cite_exists(document, name):
    """``qmi.db.write_session``: the longest importable prefix, then attributes down to the last part."""
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[cut:]:
            assert hasattr(found, attribute), f"{document} cites {name}: no {attribute}"
            found = getattr(found, attribute)
        return
    pytest.fail(f"{document} cites {name}, which is not in qmi")
