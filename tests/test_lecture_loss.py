"""The loss claims of the lecture (verification/claims/lecture_loss.py, CLAIMS.md L.2).

* every claim reaches its expected verdict without error;
* the errata have failing statement evidence and passing correction evidence, with the numbers of the
  slides (printed vs recomputed);
* every number printed on the five slides appears in some evidence's details as "printed" with its slide;
* mutations (a different printed value, a wrong identity) make the checks fail, so they can fail;
* the private helpers refuse bad input with a message naming what is wrong.
"""
from __future__ import annotations

import math
from fractions import Fraction

import pytest
import sympy as sp

import verification.claims.lecture_loss as L
from verification.lecture_numbers import coverage
from verification.runner import run_claim

# every test here reads the session's run of the claims (conftest.py): one xdist worker runs them all
pytestmark = pytest.mark.xdist_group("claims")

EXPECTED = {
    "amari-information-empirical-loss": "verified-with-caveat",
    "softmax-example-542": "verified",
    "ce-example-cat": "verified-with-caveat",
    "ce-total-three-images": "erratum",
    "kl-slide-formula": "erratum",
    "kl-slide-example": "erratum",
    "loss-kl-decomposition": "verified",
    "loss-equals-kl-onehot": "verified",
    "l2-regularization": "verified",
}
CLAIMS = {c.id: c for c in L.CLAIMS}


@pytest.fixture(scope="module")
def results(claim_result):
    return {cid: claim_result(cid) for cid in CLAIMS}  # the session's one run of each claim (conftest.py)


def _ev(results, cid, text):
    found = [e for e in results[cid].evidence if text in e.compared]
    assert found, f"no evidence of {cid} mentions {text!r}"
    return found[0]


def test_claim_ids_and_expected_verdicts():
    assert set(CLAIMS) == set(EXPECTED)
    assert "softmax-properties" not in CLAIMS  # in lecture_fisher
    for cid, verdict in EXPECTED.items():
        assert CLAIMS[cid].expected_verdict == verdict


@pytest.mark.parametrize("cid", sorted(EXPECTED))
def test_claim_reaches_expected_verdict(results, cid):
    r = results[cid]
    assert r.error is None, r.error
    assert r.verdict == CLAIMS[cid].expected_verdict


@pytest.mark.parametrize("cid", [c for c, v in EXPECTED.items() if v == "erratum"])
def test_errata_fail_as_printed_and_pass_corrected(results, cid):
    ev = results[cid].evidence
    assert any(e.role == "statement" and not e.passed for e in ev)
    corr = [e for e in ev if e.role == "correction"]
    assert corr and all(e.passed for e in corr)
    assert CLAIMS[cid].correction


@pytest.mark.parametrize("cid", [c for c, v in EXPECTED.items() if v == "verified-with-caveat"])
def test_caveats_fail_and_statements_pass(results, cid):
    ev = results[cid].evidence
    assert all(e.passed for e in ev if e.role == "statement")
    assert any(not e.passed for e in ev if e.role == "caveat")
    assert all(e.passed for e in ev if e.role == "correction")


def test_key_numbers(results):
    # softmax(5, 4, 2) = (0.7054, 0.2595, 0.0351) rounds to the printed (0.71, 0.26, 0.04)
    e = _ev(results, "softmax-example-542", "p(cat)_3")
    assert e.passed and e.details["printed"] == "0.04" and e.details["recomputed"] == pytest.approx(0.035119, abs=1e-6)
    # Loss(cat): 0.349 (unrounded) fails 0.34 and is a caveat; −ln 0.71 = 0.3425 passes as the statement; the
    # corrected 0.35 passes
    e = _ev(results, "ce-example-cat", "unrounded p(cat)")
    assert not e.passed and e.role == "caveat" and e.details["recomputed"] == pytest.approx(0.349012, abs=1e-6)
    e = _ev(results, "ce-example-cat", "−ln(0.71)")
    assert e.passed and e.role == "statement"
    assert _ev(results, "ce-example-cat", "corrected: Loss(cat) = 0.34901").passed
    # total: 10.469 vs 10.2 fails; the printed summands sum to 10.25 (the tie) and pass
    e = _ev(results, "ce-total-three-images", "sum of the recomputed terms")
    assert not e.passed and e.details["recomputed"] == pytest.approx(10.4691, abs=1e-4)
    e = _ev(results, "ce-total-three-images", "sum of the printed summands")
    assert e.passed and e.details["recomputed"] == 10.25
    e = _ev(results, "ce-total-three-images", "printed summand 6")
    assert e.passed and e.details["recomputed"] == pytest.approx(6.2146, abs=1e-4)
    # kl example: ln(0.71) = −0.34, the sign; 0.002 in place of 0.26
    e = _ev(results, "kl-slide-example", "(sign)")
    assert not e.passed and e.details["recomputed"] == pytest.approx(-0.3425, abs=1e-4)
    e = _ev(results, "kl-slide-example", "probability 0.002")
    assert not e.passed and e.role == "caveat"
    assert _ev(results, "kl-slide-example", "0.002 and 0.02 are p(horse)").passed
    # l2: torch's default weight_decay is 0
    e = _ev(results, "l2-regularization", "default is zero")
    assert e.passed and e.details["signature"] == {"SGD": 0, "Adam": 0}


def test_every_printed_number_is_covered(results):
    """The lecture's index of printed numbers (verification.lecture_numbers): every non-excluded number on the five
    slides is checked by evidence of these claims, and no evidence names a number the slides do not print."""
    cov = coverage(list(results.values()))
    slides = {L.S_LOSS, L.S_SM1, L.S_SM2, L.S_KL, L.S_OPT}
    assert not {s: t for s, t in cov.uncovered_by_slide().items() if s in slides}
    assert not cov.unmatched, cov.unmatched
    # an excluded number with the same text as a checked one (the equation label (1), the 2 of 'L²') is listed as
    # named by evidence, by design of the index (evidence names a text on a slide, not a place)
    checked = {(n.slide, n.text) for n, _ in cov.covered}
    for title in slides - {L.S_LOSS}:  # "2. LOSS function" prints no number but its section number and a subscript
        assert any(s == title for s, _ in checked), title


def test_a_different_printed_value_fails(monkeypatch):
    original = L._sm1()
    monkeypatch.setattr(L, "_sm1", lambda: {**original, "p": ("0.70", "0.26", "0.04")})
    r = run_claim(CLAIMS["softmax-example-542"], seed=0)
    assert r.error is None and r.verdict == "inconclusive"  # 0.7054 does not round to 0.70
    monkeypatch.setattr(L, "_sm1", lambda: {**original, "S fraction": ("5", "5", "3", "2")})
    assert run_claim(CLAIMS["softmax-example-542"], seed=0).verdict == "inconclusive"  # exponents no longer agree


def test_linear_sum_residual_detects_a_wrong_identity():
    q, p, i = L._q, L._p, L._i
    good = L._Sum(q[i] * sp.log(q[i] / p[i])) - L._Sum(q[i] * sp.log(q[i])) + L._Sum(q[i] * sp.log(p[i]))
    assert L._linear_sum_residual(good) == 0
    wrong = L._Sum(q[i] * sp.log(q[i] / p[i])) - L._Sum(q[i] * sp.log(p[i]))  # sign of the cross term flipped
    assert L._linear_sum_residual(wrong) != 0
    assert L._prove_kl_cross_entropy().holds and L._prove_decomposition().holds and L._prove_onehot().holds
    assert L._prove_entropies().holds and L._prove_l2().holds


def test_helpers():
    assert L._kl([1, 0, 0], [0.71, 0.26, 0.04]) == pytest.approx(-math.log(0.71))
    assert L._kl([0.71, 0.26, 0.04], [1, 0, 0]) == math.inf
    assert L._half_unit("0.34") == Fraction(1, 200) and L._half_unit("6") == Fraction(1, 2)
    assert L._rounds_to(0.3425, "0.34") and not L._rounds_to(0.349, "0.34") and L._rounds_to(6.2146, "6")
    assert L._sm2()["summands"] == ("0.34", "6", "3.91") and L._sm2()["total"] == "10.2"


def test_helpers_bad_input():
    with pytest.raises(ValueError, match="not found on slide"):
        L._printed(L.S_SM1, r"no such text (\d)")
    with pytest.raises(KeyError, match="no lecture slide"):
        L._printed("No such slide", r"(\d)")
    with pytest.raises(ValueError, match="not a multiple of one sum"):
        L._linear_sum_residual(L._Sum(L._q[L._i]) * L._Sum(L._p[L._i]))
    with pytest.raises(ValueError, match="depends on the summation index"):
        L._linear_sum_residual(L._i * L._Sum(L._q[L._i]))
    with pytest.raises(ValueError, match="not a printed decimal number"):
        L._half_unit("abc")
