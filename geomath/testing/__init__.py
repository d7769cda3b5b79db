"""Theorem checks for your own network under pytest: hypothesis strategies, assertion helpers
and a pytest plugin that writes a report of the checks that ran.

    from geomath.testing import relu_classifiers, inputs_for, metrics, divergences   # strategies
    from geomath.testing import assert_involutive, assert_rank_at_most, assert_psd, assert_kl_fisher_expansion

Strategies (:mod:`geomath.testing.strategies`): :func:`relu_classifiers`, :func:`inputs_for`,
:func:`metrics`, :func:`divergences` (with the record :class:`Divergence`). Assertions
(:mod:`geomath.testing.assertions`): each raises ``AssertionError`` with a readable message (what
was checked, the measured value, the tolerance and why, a hint) and otherwise returns the
:class:`~geomath.testing.record.Check` it recorded. Records (:mod:`geomath.testing.record`):
:class:`Check`, :func:`collecting`. The pytest plugin (:mod:`geomath.testing.plugin`, registered
through the ``pytest11`` entry point as ``geomath``) adds ``--geomath-report DIR``, which writes
``DIR/index.md`` and ``DIR/results.json``.

Requirements: the strategies need hypothesis, which is in the ``test`` extra
(``pip install 'geomath[test]'``, or ``pip install hypothesis``); the assertions need torch
only. The names are loaded on first use, so that the plugin — loaded by every pytest session of
an environment where geomath is installed — imports neither torch nor hypothesis; a missing
hypothesis raises an ImportError that says what to install when a strategy is first asked for.
"""
from __future__ import annotations

import importlib

_STRATEGIES = ("relu_classifiers", "inputs_for", "metrics", "divergences", "Divergence", "METRIC_KINDS",
               "DIVERGENCE_KINDS")
_ASSERTIONS = ("assert_involutive", "assert_rank_at_most", "assert_psd", "assert_kl_fisher_expansion")
_RECORD = ("Check", "Collector", "collecting")

__all__ = [*_STRATEGIES, *_ASSERTIONS, *_RECORD]


def _load(module: str):
    try:
        return importlib.import_module(f"geomath.testing.{module}")
    except ImportError as exc:
        if exc.name == "hypothesis" or (exc.name or "").startswith("hypothesis."):
            raise ImportError(
                "geomath.testing's hypothesis strategies need the hypothesis package, which is not installed: "
                "pip install 'geomath[test]' (or pip install hypothesis)", name=exc.name) from exc
        raise


def __getattr__(name: str):
    if name in _STRATEGIES:
        module = "strategies"
    elif name in _ASSERTIONS:
        module = "assertions"
    elif name in _RECORD:
        module = "record"
    else:
        raise AttributeError(f"module 'geomath.testing' has no attribute {name!r}")
    value = getattr(_load(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
