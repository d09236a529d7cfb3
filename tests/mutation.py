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
def skipped_names() -> frozenset[str]:
    """The listed mutants whose code is the code judged, in the mutants mutmut wrote (it runs pytest from
    mutants/): computed once, in the process that runs the clean tests, which every mutant's run is forked from."""
    return skippable(EQUIVALENT.read_text(encoding="utf-8"), Path.cwd())


def skippable(listing: str, root: Path) -> frozenset[str]:
    """The names of ``listing`` whose digest matches their mutant's code under ``root``: a listing out of date
    is run like any mutant (and the report counts it apart)."""
    listed = equivalents(listing)
    current = current_digests(set(listed), root)
    return frozenset(name for name, entry in listed.items() if current.get(name) == entry.digest)


def module_of(mutant: str) -> str:
    """``qmi.domain.scoring.x_criterion__mutmut_1`` → ``qmi.domain.scoring`` (methods are ``xǁClassǁmethod``)."""
    return re.split(r"\.xǁ|\.x_", mutant, maxsplit=1)[0]


def current_digests(names: set[str], root: Path) -> dict[str, str]:
    """The digest of each named mutant's code in the modules under ``root`` (mutmut's mutants/ folder)."""
    found = {}
    for module in {module_of(name) for name in names}:
        path = root / (module.replace(".", "/") + ".py")
        wanted = {name[len(module) + 1:] for name in names if module_of(name) == module}
        if path.exists():
            found |= {f"{module}.{function}": digest for function, digest in digests(path.read_text("utf-8"), wanted).items()}
    return {name: found[name] for name in names if name in found}


def digests(source: str, wanted: set[str] | None = None) -> dict[str, str]:
    """``mutant function name → digest`` of the mutants (all, or the ``wanted`` ones) in one module mutmut wrote."""
    return {node.name: hashlib.sha256(ast.unparse(node).encode()).hexdigest()[:12]
            for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and "__mutmut_" in node.name
            and (wanted is None or node.name in wanted)}
