"""The diffusion matrix of the paper “A Geometric Interpretation of Stochastic Gradient Descent Using Diffusion Metrics” (Fioresi, Chaudhari, Soatto), Section 2, symbolically.

* the written proofs for symbolic N hold step by step, and a false step makes a proof fail;
* the fixed-size identities with generic per-sample losses f_k(x, y);
* f̂ in the printed order f_1 − f_2, f_1 − f_3, …, f_{N−1} − f_N;
* the paper's f̂ form of the order-1 Christoffel symbols equals Eq. (7) for D = (1/N²)J_f̂ᵀJ_f̂.
"""
from __future__ import annotations

import itertools

import pytest
import sympy as sp

from geomath.symbolic import (
    Proof,
    Step,
    diffusion_covariance_form,
    diffusion_pairwise_form,
    fhat_christoffel_form,
    loss_differences,
    pairwise_jacobian,
    per_sample_gradients,
    prove_covariance_form,
    prove_pairwise_identity,
    weak_field_christoffel,
)
from geomath.symbolic.proof import sum_over_indices, symmetric_pair_sum_rule

x, y = sp.symbols("x y")
EPS = sp.Symbol("epsilon")


def generic_losses(N: int, coords=(x, y)):
    return [sp.Function(f"f_{k}")(*coords) for k in range(1, N + 1)]


def entries(A):
    return [A[idx] for idx in itertools.product(*(range(s) for s in A.shape))]


# -- proofs for symbolic N -------------------------------------------------------------------------


@pytest.mark.parametrize("prove", [prove_pairwise_identity, prove_covariance_form])
def test_proof_holds_step_by_step(prove):
    proof = prove()
    assert isinstance(proof, Proof)
    assert proof.holds
    assert len(proof.steps) >= 2
    assert proof.failing_steps() == []
    for step in proof.steps:
        assert isinstance(step, Step)
        assert step.holds, step.rule
        assert step.residual == 0
        assert step.rule
    assert "holds" in repr(proof)
    assert proof.latex().startswith("\\begin{aligned}")
    assert proof._repr_latex_().startswith("$$")


def test_pairwise_proof_ends_in_the_covariance_form():
    N = sp.Symbol("N", integer=True, positive=True)
    P, A, B = sp.symbols("P A B")
    last = prove_pairwise_identity().steps[-1]
    assert sp.expand(last.rhs - (P / N - (A / N) * (B / N))) == 0


def test_covariance_proof_ends_in_the_covariance_form():
    N = sp.Symbol("N", integer=True, positive=True)
    P, A, B = sp.symbols("P A B")
    last = prove_covariance_form().steps[-1]
    assert sp.expand(last.rhs - (P / N - (A / N) * (B / N))) == 0


def test_a_false_step_makes_a_proof_fail():
    proof = prove_pairwise_identity()
    N = sp.Symbol("N", integer=True, positive=True)
    P, A, B = sp.symbols("P A B")
    proof.step(N * P - A * B, N * P - 2 * A * B, "a wrong factor")
    assert not proof.holds
    assert [s.rule for s in proof.failing_steps()] == ["a wrong factor"]
    assert proof.failing_steps()[0].residual == A * B
    assert "fails at 1 step(s)" in repr(proof)


def test_a_step_with_a_non_zero_residual_fails():
    a, b = sp.symbols("a b")
    proof = Proof("(a + b)² = a² + b²").step((a + b) ** 2, a**2 + b**2, "forgot the cross term")
    assert not proof.holds and proof.steps[0].residual == 2 * a * b
    proof = Proof("claimed by a residual").step(a, a, "the residual says otherwise", residual=a - b)
    assert not proof.holds


def test_a_proof_without_steps_does_not_hold():
    assert not Proof("nothing shown").holds


def test_a_true_step_holds():
    a, b = sp.symbols("a b")
    proof = Proof("(a + b)² expanded").step((a + b) ** 2, a**2 + 2 * a * b + b**2, "binomial")
    assert proof.holds


# -- the summation rule ------------------------------------------------------------------------------

N_ = sp.Symbol("N", integer=True, positive=True)
i_, j_ = sp.symbols("i j", integer=True, positive=True)
a_, b_, c_ = sp.IndexedBase("a"), sp.IndexedBase("b"), sp.IndexedBase("c")
A_, B_, P_ = sp.symbols("A B P")
NAMES = {a_[i_] * b_[i_]: P_, a_[i_]: A_, b_[i_]: B_}


def test_sum_over_indices_without_a_named_sum_is_refused():
    with pytest.raises(ValueError, match="no named sum"):
        sum_over_indices(a_[i_] * c_[i_], [i_], N_, NAMES)
    with pytest.raises(ValueError, match="no named sum"):
        sum_over_indices(c_[i_], [i_], N_, NAMES)
    with pytest.raises(ValueError, match="no named sum"):
        sum_over_indices(a_[i_] ** 2, [i_, j_], N_, NAMES)


def test_sum_over_indices_constant_and_product_laws():
    assert sum_over_indices(sp.S(3), [i_], N_, NAMES) == 3 * N_
    assert sum_over_indices(sp.S(1), [i_, j_], N_, NAMES) == N_**2
    assert sp.expand(sum_over_indices(a_[i_] * b_[j_], [i_, j_], N_, NAMES) - A_ * B_) == 0
    assert sp.expand(sum_over_indices(a_[j_], [i_, j_], N_, NAMES) - N_ * A_) == 0


@pytest.mark.parametrize("N", [2, 3, 5])
def test_sum_over_indices_agrees_with_explicit_sums(N):
    """Σ_{i,j}(a_i − a_j)(b_i − b_j) = 2NP − 2AB, checked against the explicit double sum."""
    summand = sp.expand((a_[i_] - a_[j_]) * (b_[i_] - b_[j_]))
    rule = sum_over_indices(summand, [i_, j_], N_, NAMES)
    av = sp.symbols(f"av1:{N + 1}")
    bv = sp.symbols(f"bv1:{N + 1}")
    explicit = sum((av[p] - av[q]) * (bv[p] - bv[q]) for p in range(N) for q in range(N))
    values = {N_: N, P_: sum(u * v for u, v in zip(av, bv)), A_: sum(av), B_: sum(bv)}
    assert sp.expand(rule.xreplace(values) - explicit) == 0


def test_symmetric_pair_sum_rule_residuals():
    sym, diag = symmetric_pair_sum_rule(lambda p, q: (a_[p] - a_[q]) ** 2, i_, j_)
    assert sym == 0 and diag == 0
    sym, diag = symmetric_pair_sum_rule(lambda p, q: a_[p] - a_[q], i_, j_)
    assert sym != 0  # antisymmetric: the half-sum rule does not apply


# -- fixed sizes --------------------------------------------------------------------------------------


def test_loss_differences_printed_order():
    fs = sp.symbols("f1:6")
    assert loss_differences(fs[:2]) == [fs[0] - fs[1]]
    assert loss_differences(fs[:4]) == [
        fs[0] - fs[1],
        fs[0] - fs[2],
        fs[0] - fs[3],
        fs[1] - fs[2],
        fs[1] - fs[3],
        fs[2] - fs[3],
    ]
    assert len(loss_differences(fs)) == 10
    assert loss_differences(fs)[-1] == fs[3] - fs[4]


def test_per_sample_gradients_rows():
    losses = generic_losses(3)
    G = per_sample_gradients(losses, [x, y])
    assert G.shape == (3, 2)
    assert G[1, 0] == sp.diff(losses[1], x) and G[2, 1] == sp.diff(losses[2], y)


def test_pairwise_jacobian_is_the_jacobian_of_fhat():
    losses = generic_losses(3)
    G = per_sample_gradients(losses, [x, y])
    J = pairwise_jacobian(G)
    assert J.shape == (3, 2)
    assert (J - sp.Matrix(loss_differences(losses)).jacobian([x, y])).applyfunc(sp.expand) == sp.zeros(3, 2)


@pytest.mark.parametrize("N, coords", [(3, (x, y)), (2, (x, y)), (4, (x,)), (3, sp.symbols("x y z"))])
def test_fixed_size_pairwise_identity_generic_losses(N, coords):
    """(1/N)Σ_k ∇f_k∇f_kᵀ − ∇f∇fᵀ = (1/N²)⟨∂_r f̂, ∂_s f̂⟩ for generic f_k(x, y)."""
    losses = generic_losses(N, coords)
    G = per_sample_gradients(losses, coords)
    cov, pair = diffusion_covariance_form(G), diffusion_pairwise_form(G)
    d = len(coords)
    assert (cov - pair).applyfunc(sp.expand) == sp.zeros(d, d)
    # and the covariance form is literally the covariance of the uniform distribution on {∇f_k}
    mean = sum((G.row(k).T for k in range(N)), sp.zeros(d, 1)) / N
    cov_def = sum(((G.row(k).T - mean) * (G.row(k).T - mean).T for k in range(N)), sp.zeros(d, d)) / N
    assert (cov - cov_def).applyfunc(sp.expand) == sp.zeros(d, d)
    # entry (r, s) of the pairwise form is (1/N²)Σ_{i<j} ∂_r(f_i − f_j) ∂_s(f_i − f_j)
    fhat = loss_differences(losses)
    for r in range(d):
        for s in range(d):
            expected = sum(sp.diff(h, coords[r]) * sp.diff(h, coords[s]) for h in fhat) / N**2
            assert sp.expand(pair[r, s] - expected) == 0


def test_diffusion_forms_accept_lists_and_matrices():
    rows = [[1, 2], [3, 5], [0, -1]]
    assert diffusion_covariance_form(rows) == diffusion_covariance_form(sp.Matrix(rows))
    assert diffusion_pairwise_form(rows) == diffusion_pairwise_form([sp.Matrix(r) for r in rows])
    # a worked example: N = 2, ∇f_1 = (1, 0), ∇f_2 = (−1, 0): D = diag(1, 0)
    assert diffusion_covariance_form([[1, 0], [-1, 0]]) == sp.Matrix([[1, 0], [0, 0]])


def test_fhat_form_of_the_christoffel_symbols_is_equation_7_for_the_diffusion_metric():
    """(ε/N²)⟨∂_i∂_j f̂, ∂_k f̂⟩ = (ε/2)(∂_i d_jk − ∂_k d_ij + ∂_j d_ik), D = (1/N²)J_f̂ᵀJ_f̂."""
    losses = generic_losses(3)
    coords = [x, y]
    D = diffusion_pairwise_form(per_sample_gradients(losses, coords))
    paper = fhat_christoffel_form(losses, coords, EPS)
    eq7 = weak_field_christoffel(D, coords, EPS, 1)
    assert paper.shape == (2, 2, 2)
    assert all(sp.expand(p - q) == 0 for p, q in zip(entries(paper), entries(eq7)))
