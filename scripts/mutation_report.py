"""The score of `make mutation`: mutmut's verdicts per rule module, minus the mutants listed as equivalent.

    python scripts/mutation_report.py [--write] [--since EPOCH]

Reads ``mutmut results --all=true`` (run it after ``mutmut run``), prints one row per module (mutants,
killed, survivors, equivalent, score) and every survivor by name, and with ``--write`` puts the same
report into docs/testing.md between its two ``mutation`` markers. Killed = the tests failed (or timed
out) on the mutant. A mutant no test reaches ("no tests") is a survivor. A mutant listed in
tests/mutation_equivalent.txt, with the reason it cannot change behaviour, is left out of the score.
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
EQUIVALENT = ROOT / "tests" / "mutation_equivalent.txt"
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


def module_of(mutant: str) -> str:
    """``qmi.domain.scoring.x_criterion__mutmut_1`` → ``qmi.domain.scoring`` (methods are ``xǁClassǁmethod``)."""
    return re.split(r"\.xǁ|\.x_", mutant, maxsplit=1)[0]


def equivalents(text: str) -> dict[str, str]:
    """``name  # reason`` lines; a line without a reason is refused, so every exclusion says why."""
    listed = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        name, _, reason = line.partition("#")
        if not reason.strip():
            raise SystemExit(f"{EQUIVALENT.name}:{number}: an equivalent mutant needs its reason after '#'")
        if name.strip() in listed:  # two branches listing the same mutant: keep one reason
            raise SystemExit(f"{EQUIVALENT.name}:{number}: {name.strip()} is listed twice")
        listed[name.strip()] = reason.strip()
    return listed


def report(results: dict[str, str], equivalent: dict[str, str], timing: str = "") -> tuple[str, bool]:
    """The report's Markdown, and whether the target is met (the score, and every mutant checked)."""
    rows, survivors = defaultdict(Counter), defaultdict(list)
    not_checked = Counter()
    for name, status in sorted(results.items()):
        counts = rows[module_of(name)]
        if status == NOT_CHECKED:
            not_checked[module_of(name)] += 1
            continue
        if status == SKIPPED:
            continue
        counts["mutants"] += 1
        if name in equivalent:
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
    met = _score(total) >= TARGET and not not_checked
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
    listing = subprocess.run([sys.executable, "-m", "mutmut", "results", "--all=true"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout
    took = timing(float(argv[argv.index("--since") + 1]), time.time(), os.getloadavg()[1]) if "--since" in argv else ""
    text, met = report(verdicts(listing), equivalents(EQUIVALENT.read_text(encoding="utf-8")), took)
    print(text)
    if "--write" in argv:
        document = DOCUMENT.read_text(encoding="utf-8")
        before, _, rest = document.partition(BEGIN)
        _, _, after = rest.partition(END)
        DOCUMENT.write_text(f"{before}{BEGIN}\n{text}{END}{after}", encoding="utf-8")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
