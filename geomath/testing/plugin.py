"""pytest plugin of geomath (entry point ``pytest11``: ``geomath = "geomath.testing.plugin"``).

Adds ``--geomath-report DIR``. With it, every check made by a :mod:`geomath.testing` assertion
during the session is collected with the node id of the test that made it, and at the end of
the session the plugin writes

* ``DIR/index.md`` — a summary table of the tests that ran checks, then per test its outcome and
  one row per kind of check (runs, passed, failed, the worst measured value against its
  tolerance and the reason for the tolerance), with the message of its last failing check;
* ``DIR/results.json`` — every check in full (what was compared, measured, relation, tolerance,
  reason, passed, details) under its test, with the test outcomes.

Without the option the plugin only tells the assertions which test is running. It imports the
standard library, pytest and :mod:`geomath.testing.record` — never torch or hypothesis — since
pytest loads it in every session of an environment where geomath is installed (``-p no:geomath``
turns it off). Under pytest-xdist the checks run in the workers, whose collections are not
merged: run without ``-n`` to get a report.
"""
from __future__ import annotations

import json
import platform
from pathlib import Path

import pytest

from geomath.testing import record

REPORT_FILES = ("index.md", "results.json")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("geomath", "geomath theorem checks")
    group.addoption("--geomath-report", metavar="DIR", default=None, dest="geomath_report",
                    help="write DIR/index.md and DIR/results.json: the geomath.testing checks "
                         "(assert_involutive, assert_rank_at_most, assert_psd, assert_kl_fisher_expansion) "
                         "that ran, per test, with their measured values and tolerances")


def pytest_configure(config: pytest.Config) -> None:
    target = config.getoption("geomath_report", default=None)
    if not target:
        return
    out = Path(target)
    if not out.is_absolute():
        out = Path(config.invocation_params.dir) / out
    if out.exists() and not out.is_dir():
        raise pytest.UsageError(f"--geomath-report {target}: {out} exists and is not a directory")
    if hasattr(config, "workerinput"):  # an xdist worker: the controller writes the report
        return
    config.pluginmanager.register(Reporter(out, config), "geomath-reporter")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem):
    previous = record.current_test()  # not None only for a pytest session run inside a test (pytester)
    record.set_current_test(item.nodeid)
    try:
        yield
    finally:
        record.set_current_test(previous)


class Reporter:
    """Collects the checks of the session and the outcome of every test; writes the report."""

    def __init__(self, out: Path, config: pytest.Config):
        self.out = out
        self.config = config
        self.collector = record.Collector()
        self.outcomes: dict[str, str] = {}
        record.start(self.collector)

    # an outcome per test from its three phases: failed/error beats skipped beats passed
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.failed:
            outcome = "failed" if report.when == "call" else "error"
        elif report.skipped:
            outcome = "xfailed" if hasattr(report, "wasxfail") else "skipped"
        else:
            if report.when != "call":
                self.outcomes.setdefault(report.nodeid, "passed")
                return
            outcome = "xpassed" if hasattr(report, "wasxfail") else "passed"
        previous = self.outcomes.get(report.nodeid)
        if previous in ("failed", "error") or (previous in ("skipped", "xfailed") and outcome == "passed"):
            return
        self.outcomes[report.nodeid] = outcome

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        record.stop(self.collector)
        doc = results(self.collector, self.outcomes)
        self.out.mkdir(parents=True, exist_ok=True)
        (self.out / "results.json").write_text(json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False) + "\n",
                                               encoding="utf-8")
        (self.out / "index.md").write_text(index_markdown(doc), encoding="utf-8")

    def pytest_terminal_summary(self, terminalreporter) -> None:
        n = len(self.collector)
        failed = sum(not c.passed for c in self.collector.checks)
        terminalreporter.write_line(f"geomath: {n} theorem checks ({failed} failed) written to "
                                    f"{self.out / 'index.md'} and {self.out / 'results.json'}")


# -- the report ------------------------------------------------------------------------------------

def _versions() -> dict:
    from geomath import __version__

    return {"geomath": __version__, "pytest": pytest.__version__, "python": platform.python_version()}


def results(collector: record.Collector, outcomes: dict[str, str]) -> dict:
    """The JSON document: one entry per test that ran a check (in the order of their first check),
    with its outcome and every check; a summary; and the outcomes of the other tests."""
    grouped = collector.by_test()
    tests = [{"nodeid": nodeid, "outcome": outcomes.get(nodeid, "unknown") if nodeid else "outside a test",
              "checks": [c.as_dict() for c in checks]} for nodeid, checks in grouped.items()]
    failed = sum(not c.passed for c in collector.checks)
    return {
        "generator": "geomath.testing.plugin (--geomath-report)",
        "versions": _versions(),
        "summary": {"tests with checks": len(tests),
                    "tests with checks that failed": sum(t["outcome"] in ("failed", "error") for t in tests),
                    "checks": len(collector), "checks passed": len(collector) - failed, "checks failed": failed,
                    "tests without checks": sum(1 for n in outcomes if n not in grouped)},
        "tests": tests,
        "other tests": {n: o for n, o in outcomes.items() if n not in grouped},
    }


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _cell(value) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _num(value) -> str:
    return f"{value:.3g}" if isinstance(value, float) else str(value)


def _worst(checks: list[dict]):
    """The measured value furthest on the failing side: the largest for '<=', the smallest for '>='."""
    values = [c["measured"] for c in checks if isinstance(c["measured"], (int, float))]
    if not values:
        return checks[-1]["measured"]
    return max(values) if checks[0]["relation"] == "<=" else min(values)


def index_markdown(doc: dict) -> str:
    s = doc["summary"]
    lines = ["# geomath theorem checks", "",
             f"{_count(s['checks'], 'check')} in {_count(s['tests with checks'], 'test')}: {s['checks passed']} "
             f"passed, {s['checks failed']} failed; {_count(s['tests without checks'], 'other test')} ran no geomath "
             "check. "
             f"Written by {doc['generator']}; "
             + ", ".join(f"{k} {v}" for k, v in doc["versions"].items()) + ".", ""]
    if not doc["tests"]:
        lines.append("No test ran a geomath.testing assertion.")
        return "\n".join(lines) + "\n"
    lines += ["| test | outcome | checks | failed checks |", "|---|---|---|---|"]
    for t in doc["tests"]:
        lines.append(f"| `{_cell(t['nodeid'])}` | {t['outcome']} | {len(t['checks'])} | "
                     f"{sum(not c['passed'] for c in t['checks'])} |")
    for t in doc["tests"]:
        lines += ["", f"## `{t['nodeid']}` — {t['outcome']}", "",
                  "| check | compared | runs | passed | failed | worst measured | tolerance | why this tolerance |",
                  "|---|---|---|---|---|---|---|---|"]
        kinds: dict[tuple[str, str], list[dict]] = {}
        for c in t["checks"]:
            kinds.setdefault((c["name"], c["relation"]), []).append(c)
        last_failures = []
        for (name, relation), checks in kinds.items():
            failed = [c for c in checks if not c["passed"]]
            last = checks[-1]
            lines.append(f"| {name} | {_cell(last['compared'])} | {len(checks)} | {len(checks) - len(failed)} | "
                         f"{len(failed)} | {_num(_worst(checks))} | {relation} {_num(last['tolerance'])} | "
                         f"{_cell(last['reason'])} |")
            if failed:
                last_failures.append(failed[-1])
        for c in last_failures:
            lines += ["", f"Last failing {c['name']}: measured {_num(c['measured'])}, required "
                          f"{c['relation']} {_num(c['tolerance'])} ({c['compared']}). {c['hint']}"]
    return "\n".join(lines) + "\n"
