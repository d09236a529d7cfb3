"""`make mutation`'s report (scripts/mutation_report.py): what the score counts, what it leaves out, and when
the issue's target is met."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys

import pytest

from qmi.config import ROOT
from tests import mutation
from tests.mutation import Listing

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
    text, met = mutation_report.report(mutation_report.verdicts(LISTING), {}, {})
    assert "| qmi.domain.scoring | 3 | 0 | 2 | 1 | 66.7% |" in text
    assert "| qmi.services.auth | 2 | 0 | 1 | 1 | 50.0% |" in text  # the skipped one is not counted
    assert "| **all** | 5 | 0 | 3 | 2 | 60.0% |" in text
    assert "`x_level__mutmut_2 (survived)`" in text and "`xǁSessionǁopen__mutmut_1 (no tests)`" in text
    assert not met and "— not met." in text


def test_an_equivalent_mutant_leaves_the_score_and_90_percent_is_met_exactly_at_it():
    listing = "\n".join(f"qmi.domain.scoring.x_level__mutmut_{n}: killed" for n in range(1, 10))
    listing += "\nqmi.domain.scoring.x_level__mutmut_10: survived\nqmi.domain.scoring.x_level__mutmut_11: survived"
    equivalent = {"qmi.domain.scoring.x_level__mutmut_11": Listing("0123456789ab", "reads the same")}
    current = {"qmi.domain.scoring.x_level__mutmut_11": "0123456789ab"}
    text, met = mutation_report.report(mutation_report.verdicts(listing), equivalent, current)
    assert "| qmi.domain.scoring | 11 | 1 | 9 | 1 | 90.0% |" in text and met
    text, met = mutation_report.report(mutation_report.verdicts(listing), {}, {})
    assert "81.8%" in text and not met


def test_a_run_that_stopped_early_names_what_it_did_not_check_and_does_not_meet_the_target():
    listing = "qmi.domain.scoring.x_level__mutmut_1: killed\nqmi.services.imports.x_read_rows__mutmut_1: not checked"
    text, met = mutation_report.report(mutation_report.verdicts(listing), {}, {})
    assert "| **all** | 1 | 0 | 1 | 0 | 100.0% |" in text
    assert "**1 mutants not checked**" in text and "`qmi.services.imports` 1" in text
    assert not met and "— not met." in text


def test_the_timing_says_how_long_the_run_took_and_how_busy_the_machine_was():
    assert mutation_report.timing(1_000.0, 1_000.0 + 52 * 60 + 20, 2.14) == " in 52 min (load average 2.1)"
    text, _ = mutation_report.report({}, {}, {}, " in 52 min (load average 2.1)")
    assert text.startswith("Mutation run of ") and "(mutmut, `make mutation`) in 52 min (load average 2.1)." in text


def test_a_skipped_equivalent_counts_as_equivalent_only_while_its_code_is_the_code_judged():
    listing = "qmi.domain.scoring.x_level__mutmut_1: killed\nqmi.domain.scoring.x_level__mutmut_2: skipped"
    equivalent = {"qmi.domain.scoring.x_level__mutmut_2": Listing("0123456789ab", "reads the same")}
    text, met = mutation_report.report(mutation_report.verdicts(listing), equivalent,
                                       {"qmi.domain.scoring.x_level__mutmut_2": "0123456789ab"})
    assert "| **all** | 2 | 1 | 1 | 0 | 100.0% |" in text and met
    text, met = mutation_report.report(mutation_report.verdicts(listing), equivalent,
                                       {"qmi.domain.scoring.x_level__mutmut_2": "ba9876543210"})
    assert "| **all** | 1 | 0 | 1 | 0 | 100.0% |" in text
    assert "**1 equivalent listings out of date**" in text and "`qmi.domain.scoring.x_level__mutmut_2`" in text
    assert not met and "— not met." in text


def test_a_mutants_digest_changes_with_its_code_and_only_mutants_have_one():
    source = "def f(a):\n    return a\ndef x_f__mutmut_1(a):\n    return a + 1  # one more\ndef x_f__mutmut_2(a):\n    return a - 1\n"
    first = mutation.digests(source)
    assert set(first) == {"x_f__mutmut_1", "x_f__mutmut_2"} and all(len(d) == 12 for d in first.values())
    assert first["x_f__mutmut_1"] != first["x_f__mutmut_2"]
    assert mutation.digests(source.replace("# one more", "# another"))["x_f__mutmut_1"] == first["x_f__mutmut_1"]
    assert mutation.digests(source.replace("a + 1", "a + 2"))["x_f__mutmut_1"] != first["x_f__mutmut_1"]


def test_an_equivalent_mutant_without_its_digest_or_its_reason_is_refused():
    with pytest.raises(SystemExit, match=r"mutation_equivalent.txt:2: an equivalent mutant needs its reason"):
        mutation.equivalents("# a comment\nqmi.domain.scoring.x_level__mutmut_1 0123456789ab\n")
    with pytest.raises(SystemExit, match=r"mutation_equivalent.txt:1: write the mutant's name, then its digest"):
        mutation.equivalents("qmi.x__mutmut_1  # why\n")
    assert mutation.equivalents("qmi.x__mutmut_1  0123456789ab  # why\n") == {
        "qmi.x__mutmut_1": Listing("0123456789ab", "why")}


def test_a_mutant_listed_twice_as_equivalent_is_refused():
    with pytest.raises(SystemExit, match=r"mutation_equivalent.txt:2: qmi.x__mutmut_1 is listed twice"):
        mutation.equivalents("qmi.x__mutmut_1 0123456789ab # why\nqmi.x__mutmut_1 0123456789ab # why again\n")


def test_only_a_listing_whose_mutant_is_the_code_judged_is_skipped(tmp_path):
    module = tmp_path / "qmi" / "domain" / "fake.py"
    module.parent.mkdir(parents=True)
    module.write_text("def x_f__mutmut_1(a):\n    return a + 1\ndef x_f__mutmut_2(a):\n    return a - 1\n")
    digest = mutation.digests(module.read_text())
    listing = (f"qmi.domain.fake.x_f__mutmut_1  {digest['x_f__mutmut_1']}  # judged\n"
               f"qmi.domain.fake.x_f__mutmut_2  {digest['x_f__mutmut_1']}  # judged on other code\n"
               f"qmi.domain.gone.x_g__mutmut_1  {digest['x_f__mutmut_1']}  # its module is gone\n")
    assert mutation.skippable(listing, tmp_path) == {"qmi.domain.fake.x_f__mutmut_1"}


def test_a_listed_mutant_whose_code_is_not_the_code_judged_is_run():
    """Outside mutants/ no listed mutant has its code: the tests run, and pass, as for any mutant."""
    listed = sorted(mutation.equivalents(mutation.EQUIVALENT.read_text(encoding="utf-8")))[0]
    test = "tests/unit/test_mutation_report.py::test_the_timing_says_how_long_the_run_took_and_how_busy_the_machine_was"
    run = subprocess.run([sys.executable, "-m", "pytest", "-n", "0", "-q", "-p", "no:cacheprovider", test],
                         cwd=ROOT, env={**os.environ, "MUTANT_UNDER_TEST": listed}, capture_output=True, text=True)
    assert run.returncode == 0 and "1 passed" in run.stdout, run.stdout + run.stderr


def test_the_list_of_equivalent_mutants_reads_and_each_names_a_mutant_of_the_rule_modules():
    listed = mutation.equivalents(mutation.EQUIVALENT.read_text(encoding="utf-8"))
    assert len(listed) > 200 and all(re.fullmatch(r"qmi\.[\w.ǁ]+__mutmut_\d+", name) for name in listed)


def test_a_test_that_killed_a_sibling_goes_first_unless_it_is_much_slower_than_one_that_never_killed(tmp_path):
    function = "qmi.services.imports.x_read_rows"
    durations = {"quick": 0.1, "killer": 0.5, "slow": 16.0, "module_killer": 0.3}
    for number, test in enumerate(["killer", "killer", "slow"], 1):
        mutation.record_kill(f"{function}__mutmut_{number}", test, tmp_path)
    mutation.record_kill("qmi.services.imports.x__headers__mutmut_1", "module_killer", tmp_path)
    mutation.record_kill("qmi.services.users.x_add_user__mutmut_1", "quick", tmp_path)  # another module's
    key = mutation.order_key(f"{function}__mutmut_9", durations, tmp_path)
    assert sorted(durations, key=key) == ["killer", "module_killer", "quick", "slow"]
    fresh = mutation.order_key("qmi.domain.scoring.x_level__mutmut_1", durations, tmp_path)
    assert sorted(durations, key=fresh) == ["quick", "module_killer", "killer", "slow"]  # nothing killed: quickest


def test_a_later_measure_of_a_test_s_duration_replaces_the_earlier_and_the_others_are_kept(tmp_path):
    mutation.save_durations({"a": 1.0, "b": 2.0}, tmp_path)
    mutation.save_durations({"b": 3.0}, tmp_path)
    assert json.loads((tmp_path / mutation.DURATIONS).read_text()) == {"a": 1.0, "b": 3.0}


def test_under_mutmut_the_test_that_killed_a_mutant_runs_first_for_the_next_mutant_of_its_function(tmp_path):
    """The suite's own hooks (tests/conftest.py) time each test in the unmutated run, note the killer of a
    mutant and order the next run of the same function by it."""
    (tmp_path / "test_fake.py").write_text(
        "import os\n\ndef test_quick():\n    pass\n\n"
        "def test_fails():\n    assert '__mutmut_' not in os.environ['MUTANT_UNDER_TEST']\n")

    def run(mutant: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-n", "0", "-x", "-v", "-p", "no:cacheprovider", "-p", "tests.conftest",
             "test_fake.py"], cwd=tmp_path, capture_output=True, text=True,
            env={**os.environ, "MUTANT_UNDER_TEST": mutant, "PYTHONPATH": str(ROOT)})
        return done.stdout
    assert "2 passed" in run("")  # mutmut's clean run, every test unmutated
    timed = json.loads((tmp_path / mutation.DURATIONS).read_text())
    assert set(timed) == {"test_fake.py::test_quick", "test_fake.py::test_fails"} and min(timed.values()) > 0
    (tmp_path / mutation.DURATIONS).write_text('{"test_fake.py::test_quick": 0.1, "test_fake.py::test_fails": 0.5}')
    first = run("qmi.domain.scoring.x_level__mutmut_1")
    assert "test_quick PASSED" in first and "1 failed, 1 passed" in first, first
    assert (tmp_path / "mutmut-kills" / "qmi.domain.scoring.tsv").read_text() == \
        "qmi.domain.scoring.x_level\ttest_fake.py::test_fails\n"
    second = run("qmi.domain.scoring.x_level__mutmut_2")
    assert "test_quick" not in second and "1 failed in" in second, second
