"""The mutants of `make mutation` listed as equivalent (tests/mutation_equivalent.txt), shared by the test run
(tests/conftest.py does not run their tests) and the report (scripts/mutation_report.py checks each listing
still names the mutant that was judged).

A line is ``name  digest  # reason``: the digest is the first 12 hex digits of the SHA-256 of the mutant's
code, so a listing whose function changed since (its mutants renumbered or altered) no longer matches and is
re-judged instead of being left out of the score unseen. ``python scripts/mutation_report.py --digest NAME``
prints a new line's first two fields.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import re
from pathlib import Path
from typing import NamedTuple

EQUIVALENT = Path(__file__).with_name("mutation_equivalent.txt")
NAME = re.compile(r"qmi\.[\w.ǁ]+__mutmut_\d+")
DIGEST = re.compile(r"[0-9a-f]{12}")


class Listing(NamedTuple):
    digest: str
    reason: str


def equivalents(text: str) -> dict[str, Listing]:
    """``name → (digest, reason)``; a line without its digest or reason, or listed twice, is refused."""
    listed: dict[str, Listing] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields, _, reason = line.partition("#")
        name, digest = (fields.split() + ["", ""])[:2]
        if not reason.strip():
            raise SystemExit(f"{EQUIVALENT.name}:{number}: an equivalent mutant needs its reason after '#'")
        if not NAME.fullmatch(name) or not DIGEST.fullmatch(digest):
            raise SystemExit(f"{EQUIVALENT.name}:{number}: write the mutant's name, then its digest "
                             "(scripts/mutation_report.py --digest NAME), then '#' and the reason")
        if name in listed:  # two branches listing the same mutant: keep one reason
            raise SystemExit(f"{EQUIVALENT.name}:{number}: {name} is listed twice")
        listed[name] = Listing(digest, reason.strip())
    return listed


@functools.cache
def listed_names() -> frozenset[str]:
    """The names listed as equivalent, read once per process (each mutant's run is forked from one that read it)."""
    return frozenset(equivalents(EQUIVALENT.read_text(encoding="utf-8")))


def module_of(mutant: str) -> str:
    """``qmi.domain.scoring.x_criterion__mutmut_1`` → ``qmi.domain.scoring`` (methods are ``xǁClassǁmethod``)."""
    return re.split(r"\.xǁ|\.x_", mutant, maxsplit=1)[0]


def digests(source: str) -> dict[str, str]:
    """``mutant function name → digest`` of every mutant in one module mutmut wrote (under mutants/)."""
    return {node.name: hashlib.sha256(ast.unparse(node).encode()).hexdigest()[:12]
            for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and "__mutmut_" in node.name}
