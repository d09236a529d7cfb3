"""The score of `make mutation`: mutmut's verdicts per rule module, minus the mutants listed as equivalent.

    python scripts/mutation_report.py [--write] [--since EPOCH]
    python scripts/mutation_report.py --digest NAME…

Reads ``mutmut results --all=true`` (run it after ``mutmut run``), prints one row per module (mutants,
killed, survivors, equivalent, score) and every survivor by name, and with ``--write`` puts the same
report into docs/testing.md between its two ``mutation`` markers. Killed = the tests failed (or timed
out) on the mutant. A mutant no test reaches ("no tests") is a survivor. A mutant listed in
tests/mutation_equivalent.txt, with the reason it cannot change behaviour, is not run (tests/conftest.py) and
is left out of the score while its code is the code that was judged (the digest of its listing, see
tests/mutation.py); a listing whose mutant changed since is counted apart, to judge again, and the target is
not met until it is. ``--digest`` prints the first two fields of a new listing for each mutant named.
A mutant the run did not reach ("not checked", a run stopped early) is counted apart: the target is met only
when none is left. ``--since`` (the run's start, in seconds since the epoch; `make mutation` passes it) adds
how long the run took and the machine's load average. Exit status 1 when the target is not met.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.mutation import EQUIVALENT, Listing, current_digests, equivalents, module_of  # noqa: E402 (after the path)

MUTANTS = ROOT / "mutants"
DOCUMENT = ROOT / "docs" / "testing.md"
BEGIN, END = "<!-- mutation:begin -->", "<!-- mutation:end -->"
TARGET = 0.90
KILLED = {"killed", "timeout"}
SKIPPED = "skipped"
NOT_CHECKED = "not checked"
LINE = re.compile(r"^\s*(?P<name>[\w.]+__mutmut_\d+): (?P<status>.+)$")


def verdicts(text: str) -> dict[str, str]:
    """``mutant name → status`` from mutmut's results listing."""
    return {m["name"]: m["status"].strip() for m in map(LINE.match, text.splitlines()) if m}


def report(results: dict[str, str], equivalent: dict[str, Listing], current: dict[str, str],
           timing: str = "") -> tuple[str, bool]:
    """The report's Markdown, and whether the target is met (the score, and every mutant checked).

    ``current`` is each mutant's digest in this run (`current_digests`): a listing that does not match it is
    out of date."""
    rows, survivors = defaultdict(Counter), defaultdict(list)
    not_checked, out_of_date = Counter(), []
    for name, status in sorted(results.items()):
        counts = rows[module_of(name)]
        listing = equivalent.get(name)
        if listing and listing.digest != current.get(name):
            out_of_date.append(name)
            continue
        if status == NOT_CHECKED:
            not_checked[module_of(name)] += 1
            continue
        if status == SKIPPED and not listing:
            continue
        counts["mutants"] += 1
        if listing:
            counts["equivalent"] += 1
        elif status in KILLED:
            counts["killed"] += 1
        else:
            survivors[module_of(name)].append(f"{name} ({status})")
    lines = [f"Mutation run of {date.today().isoformat()} (mutmut, `make mutation`){timing}.", "",
             "| module | mutants | equivalent | killed | survivors | score |", "|---|---:|---:|---:|---:|---:|"]
    total = Counter()
    unchecked = []
    for module, counts in sorted(rows.items()):
        if not counts["mutants"]:  # a partial run: none of its mutants checked yet, no score to give
            unchecked.append(module)
            continue
        total.update(counts)
        lines.append(_row(module, counts))
    lines.append(_row("**all**", total))
    if unchecked:
        lines += ["", "No mutant checked in this run: " + ", ".join(f"`{m}`" for m in unchecked) + "."]
    if not_checked:
        lines += ["", f"**{sum(not_checked.values())} mutants not checked** (the run stopped before them): "
                  + ", ".join(f"`{m}` {n}" for m, n in sorted(not_checked.items())) + "."]
    if out_of_date:
        lines += ["", f"**{len(out_of_date)} equivalent listings out of date** (their mutant changed since it was "
                  "judged; look again with `mutmut show NAME`, then list it again with its new digest or drop it): "
                  + ", ".join(f"`{name}`" for name in out_of_date) + "."]
    met = _score(total) >= TARGET and not not_checked and not out_of_date
    lines += ["", f"Target: {TARGET:.0%} of non-equivalent mutants killed, every mutant checked — "
              f"{'met' if met else 'not met'}.", ""]
    for module, names in sorted(survivors.items()):
        lines.append(f"- `{module}`: " + ", ".join(f"`{n.split('.')[-1]}`" for n in names))
    return "\n".join(lines) + "\n", met


def _score(counts: Counter) -> float:
    considered = counts["mutants"] - counts["equivalent"]
    return counts["killed"] / considered if considered else 1.0


def _row(module: str, counts: Counter) -> str:
    survivors = counts["mutants"] - counts["equivalent"] - counts["killed"]
    return (f"| {module} | {counts['mutants']} | {counts['equivalent']} | {counts['killed']} | {survivors} "
            f"| {_score(counts):.1%} |")


def timing(since: float, now: float, load: float) -> str:
    """`` in 52 min (load average 2.1)``: how long the run took, on how busy a machine."""
    return f" in {round((now - since) / 60)} min (load average {load:.1f})"


def main(argv: list[str]) -> int:
    if "--digest" in argv:
        names = argv[argv.index("--digest") + 1:]
        known = current_digests(set(names), MUTANTS)
        for name in names:
            print(f"{name}  {known[name]}" if name in known else f"{name}: no such mutant under mutants/")
        return 0 if set(names) <= set(known) else 1
    listing = subprocess.run([sys.executable, "-m", "mutmut", "results", "--all=true"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout
    took = timing(float(argv[argv.index("--since") + 1]), time.time(), os.getloadavg()[1]) if "--since" in argv else ""
    equivalent = equivalents(EQUIVALENT.read_text(encoding="utf-8"))
    text, met = report(verdicts(listing), equivalent, current_digests(set(equivalent), MUTANTS), took)
    print(text)
    if "--write" in argv:
        document = DOCUMENT.read_text(encoding="utf-8")
        before, _, rest = document.partition(BEGIN)
        _, _, after = rest.partition(END)
        DOCUMENT.write_text(f"{before}{BEGIN}\n{text}{END}{after}", encoding="utf-8")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
