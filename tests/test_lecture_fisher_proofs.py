"""Symbolic evidence for the lecture's Fisher claims (verification/claims/lecture_fisher_proofs.py).

* every check returns Evidence and reaches the verdict its claim expects (verified, erratum,
  verified-with-caveat);
* the erratum has failing statement evidence and passing correction evidence; the covariance
  proof lines fail as printed only in caveats (slips the context corrects) and pass corrected; the
  nonconstant-rank claim has a failing caveat;
* mutations: a wrong sign, a wrong factor, a false proof step and a wrong rank are detected, so the
  checks can fail.
"""
from __future__ import annotations

import pytest
import sympy as sp

import verification.claims.lecture_fisher_proofs as L
from geomath.symbolic.proof import Proof
from verification.model import Context, Evidence, decide_verdict

EXPECTED = {
    "softmax_properties_symbolic": ("softmax-properties", "verified"),
    "fisher_psd_symbolic": ("fisher-psd", "verified"),
    "fisher_covariance_prop_symbolic": ("fisher-covariance-prop", "verified"),
    "fisher_covariance_proof_lines_symbolic": ("fisher-covariance-proof-lines", "verified-with-caveat"),
    "fisher_expected_hessian_prop_symbolic": ("fisher-expected-hessian-prop", "verified"),
    "fisher_hessian_proof_line_symbolic": ("fisher-hessian-proof-line", "erratum"),
    "fg_kernel_characterization_symbolic": ("FG-kernel-characterization", "verified"),
    "fisher_rank_bound_symbolic": ("fisher-rank-bound", "verified"),
    "fisher_not_riemannian_nonconstant_rank_symbolic": ("fisher-not-riemannian-nonconstant-rank", "verified-with-caveat"),
}


@pytest.fixture(scope="module")
def evidence() -> dict[str, list[Evidence]]:
    return {name: getattr(L, name)(Context(seed=0, claim_id=cid)) for name, (cid, _) in EXPECTED.items()}


def test_public_checks_are_exported():
    assert set(EXPECTED) <= set(L.__all__)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_returns_evidence_with_statement(evidence, name):
    ev = evidence[name]
    assert isinstance(ev, list) and ev
    assert all(isinstance(e, Evidence) for e in ev)
    assert any(e.role == "statement" for e in ev)
    assert all(e.kind in ("symbolic", "symbolic-proof") for e in ev)
    assert all(e.tolerance_reason for e in ev)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_verdict(evidence, name):
    assert decide_verdict(evidence[name]) == EXPECTED[name][1]


@pytest.mark.parametrize("name", [n for n, (_, v) in EXPECTED.items() if v in ("verified", "verified-with-caveat")])
def test_statement_evidence_passes(evidence, name):
    assert all(e.passed for e in evidence[name] if e.role == "statement")


# the proof-line claims are SYM-FIX (printed lines at fixed sizes); every other claim has a proof for symbolic C
PROOF_LINES = ("fisher_covariance_proof_lines_symbolic", "fisher_hessian_proof_line_symbolic")


@pytest.mark.parametrize("name", [n for n in EXPECTED if n not in PROOF_LINES])
def test_general_sizes_have_a_proof(evidence, name):
    assert any(e.kind == "symbolic-proof" and e.passed for e in evidence[name])


@pytest.mark.parametrize("name", PROOF_LINES)
def test_proof_lines_fail_as_printed_and_pass_corrected(evidence, name):
    ev = evidence[name]
    failing_role = "caveat" if EXPECTED[name][1] == "verified-with-caveat" else "statement"
    assert any(not e.passed for e in ev if e.role == failing_role)
    corrections = [e for e in ev if e.role == "correction"]
    assert corrections and all(e.passed for e in corrections)


def test_covariance_proof_lines_failures_are_the_sign_and_the_shape(evidence):
    ev = evidence["fisher_covariance_proof_lines_symbolic"]
    assert all(e.passed for e in ev if e.role == "statement")
    failing = [e.compared for e in ev if not e.passed]
    assert len(failing) == 2 and all(e.role == "caveat" for e in ev if not e.passed)
    assert any("minus sign" in c for c in failing) and any("shape" in c for c in failing)


def test_hessian_line_inner_product_reading_is_a_caveat(evidence):
    ev = [e for e in evidence["fisher_hessian_proof_line_symbolic"] if "read as the inner product" in e.compared]
    assert len(ev) == 1 and not ev[0].passed and ev[0].role == "caveat"


def test_hessian_line_expectation_of_printed_is_minus_F(evidence):
    ev = [e for e in evidence["fisher_hessian_proof_line_symbolic"] if "E_{y∼p} of the printed −[ℍ(p)·p + ∇p∇pᵀ]/p² = F" in e.compared]
    assert len(ev) == 1 and not ev[0].passed
    assert ev[0].details["E[printed] = −F (checked exactly)"] is True


def test_nonconstant_rank_caveat_fails_for_output_bias(evidence):
    ev = evidence["fisher_not_riemannian_nonconstant_rank_symbolic"]
    caveats = [e for e in ev if e.role == "caveat"]
    assert len(caveats) == 1 and not caveats[0].passed
    assert set(caveats[0].details["rank F"].values()) == {2}  # C − 1 at w = 0 and at random w
    stmt = [e for e in ev if e.compared.startswith("'Not constant rank!'")][0]
    assert stmt.passed and stmt.details["rank F"]["w = 0"] == 0


def test_deterministic_in_the_seed():
    a = L.fisher_not_riemannian_nonconstant_rank_symbolic(Context(seed=3, claim_id="x"))
    b = L.fisher_not_riemannian_nonconstant_rank_symbolic(Context(seed=3, claim_id="x"))
    assert [e.details.get("rank F") for e in a] == [e.details.get("rank F") for e in b]


def test_correction_texts_are_latex():
    for text in (L.CORRECTION_COVARIANCE_PROOF_LINES, L.CORRECTION_HESSIAN_PROOF_LINE, L.CAVEAT_NONCONSTANT_RANK):
        assert text.count("{") == text.count("}")


# -- mutations: the checks can fail ----------------------------------------------------------------


def _model():
    w1, w2 = sp.symbols("w1 w2", real=True)
    return L._SoftmaxModel(3, (w1, w2))


def test_mutation_wrong_factor_in_fisher_is_detected():
    m = _model()
    assert L._identity(m.fisher_def(), m.fisher_closed(), "F_def = JᵀΣJ").passed
    assert not L._identity(m.fisher_def(), 2 * m.fisher_closed(), "F_def = 2 JᵀΣJ (wrong)").passed
    wrong_sigma = (m.J.T * (sp.diag(*m.p) + sp.Matrix(m.p) * sp.Matrix(m.p).T) * m.J)  # + ppᵀ instead of − ppᵀ
    assert not L._identity(m.fisher_def(), wrong_sigma, "F_def = Jᵀ(diag p + ppᵀ)J (wrong sign)").passed


def test_mutation_wrong_sign_in_hessian_bracket_is_detected():
    w = sp.symbols("w1 w2", real=True)
    c = L._hessian_line_check(sp.Function("p", positive=True)(*w), w)
    assert L._identity(c["H[I]"], c["corrected"], "true").passed
    assert not L._identity(c["H[I]"], c["printed (outer)"], "printed").passed
    assert not L._identity(c["H[I]"], -c["corrected"], "overall sign flipped").passed


def test_mutation_false_proof_step_fails():
    proof = Proof("mutated softmax derivative")
    pi = sp.exp(L._s[L._i]) / L._Zsum
    pj = sp.exp(L._s[L._j]) / L._Zsum
    dp = L._resolve_class_range(sp.diff(pi, L._s[L._j]).doit())
    proof.step(sp.Symbol("dp"), pi * (sp.KroneckerDelta(L._i, L._j) + pj), "wrong sign", residual=dp - pi * (sp.KroneckerDelta(L._i, L._j) + pj))
    assert not proof.holds
    # and a wrong class sum: Σ_i p_i g_ir with g = J + a (wrong sign of the softmax correction) is not 0
    rel = L.sum_over_indices(L._p[L._i] * (L._J[L._i, L._r] + L._a[L._r]), [L._i], L._C, L._class_sums(L._i))
    assert sp.expand(rel) != 0


def test_mutation_rank_checker():
    C = 3
    ones = sp.ones(C, 1)  # a logit direction along 𝟙 is invisible to F: rank 0
    r0, info0 = L._exact_rank_softmax_fisher(ones, [1, -2, 4])
    assert r0 == 0 == info0["rank of (I - 11^T/C) J"]
    rI, infoI = L._exact_rank_softmax_fisher(sp.eye(C), [5, 0, -3])
    assert rI == C - 1 == infoI["rank of (I - 11^T/C) J"]
    with pytest.raises(ValueError):
        L._exact_rank_softmax_fisher(sp.eye(C), [0, 1])


def test_rationalization_refuses_foreign_exponents():
    x = sp.Symbol("x", real=True)
    logits = [x, x ** 2, sp.Integer(0) * x + sp.tanh(x)]
    E = sp.symbols("E1:4", positive=True)
    assert L._rat_exp_logits(sp.exp(2 * x + x ** 2), logits, E) == E[0] ** 2 * E[1]
    with pytest.raises(ValueError):
        L._rat_exp_logits(sp.exp(x ** 3), logits, E)
