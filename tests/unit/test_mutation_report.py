"""`make mutation`'s report (scripts/mutation_report.py): what the score counts, what it leaves out, and when
the issue's target is met."""

from __future__ import annotations

import importlib.util
import re

import pytest

from qmi.config import ROOT

_spec = importlib.util.spec_from_file_location("mutation_report", ROOT / "scripts" / "mutation_report.py")
mutation_report = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mutation_report)

LISTING = """
    qmi.domain.scoring.x_level__mutmut_1: killed
    qmi.domain.scoring.x_level__mutmut_2: survived
    qmi.domain.scoring.x_level__mutmut_3: timeout
    qmi.services.auth.xǁSessionǁopen__mutmut_1: no tests
    qmi.services.auth.x_sign_in__mutmut_1: killed
    qmi.services.auth.x_sign_in__mutmut_2: skipped
"""


def test_killed_and_timed_out_count_as_killed_and_a_mutant_no_test_reaches_as_a_survivor():
    text, met = mutation_report.report(mutation_report.verdicts(LISTING), {})
    assert "| qmi.domain.scoring | 3 | 0 | 2 | 1 | 66.7% |" in text
    assert "| qmi.services.auth | 2 | 0 | 1 | 1 | 50.0% |" in text  # the skipped one is not counted
    assert "| **all** | 5 | 0 | 3 | 2 | 60.0% |" in text
    assert "`x_level__mutmut_2 (survived)`" in text and "`xǁSessionǁopen__mutmut_1 (no tests)`" in text
    assert not met and "— not met." in text


def test_an_equivalent_mutant_leaves_the_score_and_90_percent_is_met_exactly_at_it():
    listing = "\n".join(f"qmi.domain.scoring.x_level__mutmut_{n}: killed" for n in range(1, 10))
    listing += "\nqmi.domain.scoring.x_level__mutmut_10: survived\nqmi.domain.scoring.x_level__mutmut_11: survived"
    equivalent = {"qmi.domain.scoring.x_level__mutmut_11": "reads the same"}
    text, met = mutation_report.report(mutation_report.verdicts(listing), equivalent)
    assert "| qmi.domain.scoring | 11 | 1 | 9 | 1 | 90.0% |" in text and met
    text, met = mutation_report.report(mutation_report.verdicts(listing), {})
    assert "81.8%" in text and not met


def test_a_run_that_stopped_early_names_what_it_did_not_check_and_does_not_meet_the_target():
    listing = "qmi.domain.scoring.x_level__mutmut_1: killed\nqmi.services.imports.x_read_rows__mutmut_1: not checked"
    text, met = mutation_report.report(mutation_report.verdicts(listing), {})
    assert "| **all** | 1 | 0 | 1 | 0 | 100.0% |" in text
    assert "**1 mutants not checked**" in text and "`qmi.services.imports` 1" in text
    assert not met and "— not met." in text


def test_the_timing_says_how_long_the_run_took_and_how_busy_the_machine_was():
    assert mutation_report.timing(1_000.0, 1_000.0 + 52 * 60 + 20, 2.14) == " in 52 min (load average 2.1)"
    text, _ = mutation_report.report({}, {}, " in 52 min (load average 2.1)")
    assert text.startswith("Mutation run of ") and "(mutmut, `make mutation`) in 52 min (load average 2.1)." in text


def test_an_equivalent_mutant_without_its_reason_is_refused():
    with pytest.raises(SystemExit, match=r"mutation_equivalent.txt:2: an equivalent mutant needs its reason"):
        mutation_report.equivalents("# a comment\nqmi.domain.scoring.x_level__mutmut_1\n")
    assert mutation_report.equivalents("qmi.x__mutmut_1  # why\n") == {"qmi.x__mutmut_1": "why"}


def test_a_mutant_listed_twice_as_equivalent_is_refused():
    with pytest.raises(SystemExit, match=r"mutation_equivalent.txt:2: qmi.x__mutmut_1 is listed twice"):
        mutation_report.equivalents("qmi.x__mutmut_1  # why\nqmi.x__mutmut_1  # why again\n")


def test_the_list_of_equivalent_mutants_reads_and_each_names_a_mutant_of_the_rule_modules():
    listed = mutation_report.equivalents(mutation_report.EQUIVALENT.read_text(encoding="utf-8"))
    assert listed and all(re.fullmatch(r"qmi\.[\w.ǁ]+__mutmut_\d+", name) for name in listed)
