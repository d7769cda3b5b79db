"""The record of one theorem check, and the collectors that keep them (standard library only).

Every ``assert_*`` helper of :mod:`geomath.testing` builds a :class:`Check` — its name, what was
compared with what, the measured value, the relation and tolerance it had to satisfy and why
the tolerance has that size, whether it passed, the pytest node id it ran under — and hands it
to :func:`record`, which appends it to every active :class:`Collector`. The pytest plugin
(:mod:`geomath.testing.plugin`, option ``--geomath-report DIR``) keeps one collector for the
session; a script or a test can keep its own with :func:`collecting`.

This module imports neither torch nor hypothesis: the plugin loads it in every pytest session.
"""
from __future__ import annotations

import math
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterator

__all__ = ["Check", "Collector", "collecting", "record", "current_test", "set_current_test"]

RELATIONS = ("<=", ">=")


@dataclass(frozen=True)
class Check:
    """One theorem check: ``passed`` iff ``measured <relation> tolerance``.

    ``compared`` says what the measured number is (e.g. "defect × (1 − p_max) of span{…}");
    ``reason`` why the tolerance has its size; ``hint`` what a failure usually means;
    ``details`` holds JSON-ready extras (plain numbers, strings, lists); ``result`` the
    underlying geomath object (an :class:`~geomath.numeric.InvolutivityDefect`, a
    :class:`~geomath.numeric.Spectrum`, …), kept for the caller and never serialised.
    """

    name: str
    compared: str
    measured: float
    relation: str
    tolerance: float
    reason: str
    passed: bool
    test: str | None = None
    hint: str = ""
    details: dict = field(default_factory=dict)
    result: Any = field(default=None, compare=False, repr=False)

    def __post_init__(self):
        if self.relation not in RELATIONS:
            raise ValueError(f"relation must be one of {RELATIONS}, got {self.relation!r}")

    def as_dict(self) -> dict:
        """The check as plain JSON data (non-finite floats written as the strings 'inf', 'nan')."""
        return {
            "name": self.name,
            "compared": self.compared,
            "measured": _plain(self.measured),
            "relation": self.relation,
            "tolerance": _plain(self.tolerance),
            "reason": self.reason,
            "passed": self.passed,
            "test": self.test,
            "hint": self.hint,
            "details": _plain(self.details),
        }


def _plain(value: Any) -> Any:
    """JSON-ready copy: floats stay floats unless non-finite (then a string), containers recurse,
    anything else becomes its ``str``."""
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    try:  # numpy / torch scalars
        return _plain(float(value))
    except (TypeError, ValueError):
        return str(value)


class Collector:
    """A list of the :class:`Check` records made while it was active."""

    def __init__(self) -> None:
        self.checks: list[Check] = []

    def add(self, check: Check) -> None:
        self.checks.append(check)

    def by_test(self) -> dict[str | None, list[Check]]:
        """The checks grouped by pytest node id, in the order the tests first recorded one."""
        out: dict[str | None, list[Check]] = {}
        for c in self.checks:
            out.setdefault(c.test, []).append(c)
        return out

    def __len__(self) -> int:
        return len(self.checks)

    def __repr__(self) -> str:
        failed = sum(not c.passed for c in self.checks)
        return f"Collector({len(self.checks)} checks, {failed} failed)"


_active: list[Collector] = []
_current_test: str | None = None


def set_current_test(nodeid: str | None) -> None:
    """Set by the pytest plugin around each test (its node id), None between tests."""
    global _current_test
    _current_test = nodeid


def current_test() -> str | None:
    """The node id of the running pytest test: as set by the plugin, else read from
    ``PYTEST_CURRENT_TEST`` (which pytest sets as "<nodeid> (<phase>)" while a test runs, also
    with the plugin disabled by ``-p no:geomath``), else None."""
    if _current_test is not None:
        return _current_test
    env = os.environ.get("PYTEST_CURRENT_TEST")
    if env:
        return env.rsplit(" (", 1)[0]
    return None


def start(collector: Collector) -> None:
    _active.append(collector)


def stop(collector: Collector) -> None:
    if collector in _active:
        _active.remove(collector)


@contextmanager
def collecting() -> Iterator[Collector]:
    """``with collecting() as c:`` — every check made inside the block is appended to ``c.checks``."""
    c = Collector()
    start(c)
    try:
        yield c
    finally:
        stop(c)


def record(check: Check) -> Check:
    """Append ``check`` to every active collector and return it."""
    for c in _active:
        c.add(check)
    return check
