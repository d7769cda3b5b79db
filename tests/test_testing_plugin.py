"""The pytest plugin of geomath.testing: registered through the pytest11 entry point, cheap to
import, and writing --geomath-report DIR (index.md, results.json) from the checks that ran.

Inner pytest sessions run in-process with pytester (the entry point loads the plugin there as in
any session), so torch is imported once for the whole file."""
from __future__ import annotations

import importlib
import json
import subprocess
import sys
from importlib.metadata import entry_points

import pytest

# pytester drops the modules an inner session imported when it ends; torch cannot be imported a
# second time in one process, so the modules the inner tests use are imported here, once
for _module in ("torch", "geomath.testing.assertions"):
    importlib.import_module(_module)

pytest_plugins = ["pytester"]

INNER = '''
import torch
from geomath.testing import assert_psd, assert_rank_at_most

EYE = torch.eye(3, dtype=torch.float64)


def test_psd_passes():
    assert_psd(EYE)


def test_rank_fails():
    assert_rank_at_most(EYE, 2)


def test_two_checks():
    assert_psd(2 * EYE)
    assert_rank_at_most(EYE, 3)


def test_without_checks():
    pass
'''


def test_the_plugin_is_registered_as_a_pytest11_entry_point():
    found = {e.name: e.value for e in entry_points(group="pytest11")}
    assert found.get("geomath") == "geomath.testing.plugin", found


def test_importing_the_plugin_loads_neither_torch_nor_hypothesis():
    code = ("import sys, json, geomath.testing.plugin; "
            "print(json.dumps(sorted(m for m in ('torch', 'hypothesis', 'sympy', 'numpy') if m in sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


def test_strategies_without_hypothesis_say_what_to_install_and_assertions_still_work():
    code = ("import sys; sys.modules['hypothesis'] = None\n"  # makes `import hypothesis` raise ImportError
            "import torch, geomath.testing as t\n"
            "assert t.assert_psd(torch.eye(2, dtype=torch.float64)).passed\n"
            "t.relu_classifiers\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 1
    assert "ImportError: geomath.testing's hypothesis strategies need the hypothesis package" in out.stderr
    assert "pip install 'geomath[test]'" in out.stderr


def test_the_report_lists_each_test_its_outcome_and_every_check(pytester):
    pytester.makepyfile(test_inner=INNER)
    out = pytester.path / "report"
    result = pytester.runpytest("--geomath-report", "report", "-p", "no:randomly")
    result.assert_outcomes(passed=3, failed=1)
    result.stdout.fnmatch_lines(["geomath: 4 theorem checks (1 failed) written to *index.md and *results.json"])

    doc = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert doc["summary"] == {"tests with checks": 3, "tests with checks that failed": 1, "checks": 4,
                              "checks passed": 3, "checks failed": 1, "tests without checks": 1}
    tests = {t["nodeid"]: t for t in doc["tests"]}
    assert set(tests) == {f"test_inner.py::{n}" for n in ("test_psd_passes", "test_rank_fails", "test_two_checks")}
    assert doc["other tests"] == {"test_inner.py::test_without_checks": "passed"}
    failed = tests["test_inner.py::test_rank_fails"]
    assert failed["outcome"] == "failed"
    (check,) = failed["checks"]
    assert (check["name"], check["measured"], check["relation"], check["tolerance"], check["passed"]) == \
        ("assert_rank_at_most", 3.0, "<=", 2.0, False)
    assert check["test"] == "test_inner.py::test_rank_fails" and "σ_3 = 1" in check["hint"]
    assert [c["name"] for c in tests["test_inner.py::test_two_checks"]["checks"]] == ["assert_psd",
                                                                                   "assert_rank_at_most"]

    index = (out / "index.md").read_text(encoding="utf-8")
    assert "4 checks in 3 tests: 3 passed, 1 failed; 1 other test ran no geomath check." in index
    assert "| `test_inner.py::test_rank_fails` | failed | 1 | 1 |" in index
    assert "## `test_inner.py::test_two_checks` — passed" in index
    assert "| assert_rank_at_most | numerical rank of a 3x3 matrix" in index
    assert "Last failing assert_rank_at_most: measured 3, required <= 2" in index


def test_without_the_option_nothing_is_written_and_a_file_is_refused(pytester):
    pytester.makepyfile(test_inner=INNER)
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(passed=3, failed=1)
    assert not (pytester.path / "report").exists()
    assert "geomath:" not in result.stdout.str()
    (pytester.path / "taken").write_text("a file", encoding="utf-8")
    refused = pytester.runpytest("--geomath-report", "taken")
    assert refused.ret == pytest.ExitCode.USAGE_ERROR
    refused.stderr.fnmatch_lines(["*--geomath-report taken: * exists and is not a directory*"])


def test_the_option_is_in_pytest_help(pytester):
    pytester.runpytest("--help").stdout.fnmatch_lines(["*--geomath-report=DIR*"])
