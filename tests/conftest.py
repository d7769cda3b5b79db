"""Shared fixtures: one run of each registered claim per test session.

``claim_result(claim_id)`` runs the claim with seed 0 the first time it is asked for and returns the
same :class:`~verification.model.ClaimResult` afterwards, so the theorem checks
(tests/test_theorems.py) and the index of printed lecture numbers (tests/test_lecture_numbers.py)
share one run of each claim.
"""
from __future__ import annotations

import os
from functools import lru_cache

# `make test` runs two pytest-xdist workers on two cores: one BLAS/OpenMP thread each, set before torch loads,
# so that the workers do not fight over the cores (tests that read the claims share one worker, see test_theorems.py).
if os.environ.get("PYTEST_XDIST_WORKER"):
    for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ.setdefault(_var, "1")

import pytest

from verification.model import ClaimResult
from verification.registry import all_claims
from verification.runner import run_claim


@lru_cache(maxsize=None)
def _registered() -> dict:
    return {c.id: c for c in all_claims()}


@lru_cache(maxsize=None)
def run_registered(claim_id: str) -> ClaimResult:
    """The result of the registered claim ``claim_id`` at seed 0, computed once per session."""
    claims = _registered()
    if claim_id not in claims:
        raise KeyError(f"no registered claim with id {claim_id!r}")
    return run_claim(claims[claim_id], seed=0)


@pytest.fixture(scope="session")
def claim_result():
    return run_registered


# Real claims that together exercise every part of a report: an erratum with a table of printed numbers
# (colon-data-table), symbolic comparisons with LaTeX differences (geodesic-eq8-form: a sign typo, failing caveat
# checks, verified-with-caveat), plots (kl-G-expansion-x,
# christoffel-first-order-eq7), a caveat with a plot and a table (fisher-distribution-not-involutive).
SAMPLE_REPORT_CLAIMS = ("colon-data-table", "geodesic-eq8-form", "kl-G-expansion-x", "christoffel-first-order-eq7",
                        "fisher-distribution-not-involutive")


@pytest.fixture(scope="session")
def sample_report(tmp_path_factory, claim_result):
    """A report written now (index.md, index.html, results.json, figures/) from SAMPLE_REPORT_CLAIMS."""
    from verification.report import write_report

    out = tmp_path_factory.mktemp("report")
    write_report([claim_result(c) for c in SAMPLE_REPORT_CLAIMS], out, seed=0, total_seconds=1.0)
    return out
