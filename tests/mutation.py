"""The mutants of `make mutation` listed as equivalent (tests/mutation_equivalent.txt), shared by the test run
(tests/conftest.py does not run their tests) and the report (scripts/mutation_report.py checks each listing
still names the mutant that was judged).

A line is ``name  digest  # reason``: the digest is the first 12 hex digits of the SHA-256 of the mutant's
code, so a listing whose function changed since (its mutants renumbered or altered) no longer matches and is
re-judged instead of being left out of the score unseen. ``python scripts/mutation_report.py --digest NAME``
prints a new line's first two fields.

It also keeps what orders a mutant's tests (tests/conftest.py, ``order_key``): each test's whole duration, and
which test killed which mutant so far.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Callable
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


def mutant_under_test() -> str | None:
    """The mutant this process runs the tests of; None outside mutmut and in its unmutated runs."""
    name = os.environ.get("MUTANT_UNDER_TEST", "")
    return name if "__mutmut_" in name else None


# Which test killed which mutant, as the run goes (under mutants/, where mutmut runs pytest): one file per module,
# a line ``function<TAB>test`` per kill, appended by the process that ran the mutant.
KILLS = Path("mutmut-kills")


def function_of(mutant: str) -> str:
    """``qmi.domain.scoring.x_criterion__mutmut_1`` → ``qmi.domain.scoring.x_criterion``."""
    return mutant.rsplit("__mutmut_", 1)[0]


def record_kill(mutant: str, test: str, root: Path) -> None:
    """Note that ``test`` killed ``mutant``; one short append, whole even with two mutants ending at once."""
    folder = root / KILLS
    folder.mkdir(exist_ok=True)
    with (folder / f"{module_of(mutant)}.tsv").open("a", encoding="utf-8") as log:
        log.write(f"{function_of(mutant)}\t{test}\n")


# Each test's whole duration (setup, call and teardown) in mutmut's stats and clean runs, under mutants/:
# mutmut's own stats time the call alone, and a store test's setup (copying its store) is most of its cost.
DURATIONS = Path("mutmut-test-durations.json")


def save_durations(measured: dict[str, float], root: Path) -> None:
    """Keep ``measured`` over what an earlier run measured (an incremental run times only some tests)."""
    path = root / DURATIONS
    kept = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    path.write_text(json.dumps(kept | measured), encoding="utf-8")


def order_key(mutant: str, durations: dict[str, float], root: Path) -> Callable[[str], tuple[float, float]]:
    """The sort key of ``mutant``'s tests: the shortest expected time to the first failure first.

    Mutants of one function run one after another (mutmut orders them by their tests' total time), and a test
    that killed a sibling most likely kills this one too. Each test is weighed by the siblings it killed, plus
    its share of the kills in the module's other functions (all of them together count as one sibling), and
    ordered by its duration over that weight: a quick test that never killed anything still goes before a
    slow one that killed once. The order changes how soon a mutant is killed, never whether: every test still
    runs until one fails.
    """
    own: Counter[str] = Counter()
    others: Counter[str] = Counter()
    log = root / KILLS / f"{module_of(mutant)}.tsv"
    if log.exists():
        function = function_of(mutant)
        for line in log.read_text(encoding="utf-8").splitlines():
            killed, _, test = line.partition("\t")
            (own if killed == function else others)[test] += 1
    elsewhere = max(1, others.total())

    def key(test: str) -> tuple[float, float]:
        weight = own[test] + others[test] / elsewhere + 0.05
        return durations.get(test, 0.0) / weight, -weight
    return key
