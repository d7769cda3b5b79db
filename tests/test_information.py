"""Exact checks of geomath.symbolic.information against the lecture “The Geometry of Deep Learning. Lecture 2: Deep Learning”
(slides "Loss and KL Divergence", "The Fisher Information matrix", "Properties of the Fisher
matrix", "The Fisher matrix")."""
from __future__ import annotations

import pytest
import sympy as sp

from geomath.symbolic import (
    ExponentialFamily,
    bernoulli,
    categorical_softmax,
    f_divergence_local_coefficient,
    multivariate_normal_mean,
    normal,
    poisson,
)
from geomath.symbolic.information import is_zero, tidy

T = sp.Symbol("t")
SPD = sp.Matrix([[2, 1], [1, 3]])

FAMILIES = {
    "categorical-2": lambda: categorical_softmax(2),
    "categorical-3": lambda: categorical_softmax(3),
    "bernoulli": bernoulli,
    "poisson": poisson,
    "normal": normal,
    "mvn-identity-2": lambda: multivariate_normal_mean(2),
    "mvn-spd-2": lambda: multivariate_normal_mean(2, SPD),
}


def deltas(fam):
    return sp.symbols(f"d1:{len(fam.params) + 1}", real=True)


def quad(F, d):
    v = sp.Matrix(d)
    return (v.T * F * v)[0, 0]


def matrices_equal(A, B):
    return A.shape == B.shape and all(is_zero(e) for e in (A - B))


@pytest.fixture(params=list(FAMILIES), ids=list(FAMILIES))
def fam(request):
    return FAMILIES[request.param]()


# -- "The Fisher Information matrix" / "Properties of the Fisher matrix" -----------------------------

def test_three_fisher_routes_agree_exactly(fam):
    F = fam.fisher()
    assert matrices_equal(fam.fisher_from_score_covariance(), F)
    assert matrices_equal(fam.fisher_from_expected_hessian(), F)
    if fam.exponential_family is not None:  # fourth route: Hessian of the log-partition
        assert matrices_equal(fam.exponential_family.fisher(), F)


def test_expected_score_vanishes(fam):
    for s in fam.score():
        assert is_zero(fam.expectation(s))


def test_expectation_normalises(fam):
    assert is_zero(fam.expectation(sp.S.One) - 1)


def test_kl_closed_form_is_expected_log_ratio(fam):
    """KL(p_θ‖p_θ') = E_θ[log p_θ − log p_θ'] — closed form against the family's expectation."""
    other = sp.symbols(f"b1:{len(fam.params) + 1}", positive=True)
    ratio = fam.log_density() - fam.log_density().xreplace(dict(zip(fam.params, other)))
    assert is_zero(fam.expectation(ratio) - fam.kl(fam.params, other))
    assert is_zero(fam.kl(fam.params, fam.params))


# -- "The Fisher matrix": KL(p_{θ+δ}‖p_θ) = ½δᵀFδ + O(‖δ‖³) ----------------------------------------------

def test_kl_expansion_quadratic_is_half_fisher_and_cubic_is_t3_coefficient(fam):
    d = deltas(fam)
    q, c = fam.kl_expansion(d, order=3)
    assert is_zero(q - quad(fam.fisher(), d) / 2)
    # independent route: sympy's series of the closed-form KL in t (delta -> t*delta)
    kl_t = fam.kl([p + T * di for p, di in zip(fam.params, d)], fam.params)
    ser = sp.series(kl_t, T, 0, 4).removeO()
    ser = sp.expand(ser)
    assert is_zero(ser.coeff(T, 0)) and is_zero(ser.coeff(T, 1))  # KL − ½δᵀFδ = O(|δ|³)
    assert is_zero(ser.coeff(T, 2) - q)
    assert is_zero(ser.coeff(T, 3) - c)


def test_kl_expansion_order_is_explicit(fam):
    d = deltas(fam)
    assert len(fam.kl_expansion(d, order=2)) == 1
    assert len(fam.kl_expansion(d, order=4)) == 3


@pytest.mark.parametrize("name", ["categorical-2", "categorical-3", "bernoulli", "poisson"])
def test_cubic_term_is_third_of_third_derivative_of_log_partition(name):
    """Exponential families: KL(θ+δ‖θ) is the Bregman divergence, cubic term (1/3)∇³A[δ,δ,δ]."""
    fam = FAMILIES[name]()
    ef = fam.exponential_family
    assert ef is not None
    d = deltas(fam)
    A3 = sp.Add(*[sp.diff(ef.log_partition, a, b, c) * d[i] * d[j] * d[k]
                  for i, a in enumerate(ef.params) for j, b in enumerate(ef.params)
                  for k, c in enumerate(ef.params)])
    assert is_zero(fam.kl_expansion(d)[1] - A3 / 3)


def test_normal_cubic_term_by_hand():
    """log(σ/(σ+β)) + ((σ+β)² + α²)/(2σ²) − ½ = α²/(2σ²) + β²/σ² − β³/(3σ³) + O(4)."""
    fam = normal()
    a, b = sp.symbols("alpha beta", real=True)
    sigma = fam.params[1]
    q, c = fam.kl_expansion([a, b])
    assert is_zero(q - (a**2 / (2 * sigma**2) + b**2 / sigma**2))
    assert is_zero(c + b**3 / (3 * sigma**3))


def test_normal_and_mvn_fisher_closed_forms():
    mu, sigma = normal().params
    assert normal().fisher() == sp.diag(1 / sigma**2, 2 / sigma**2)
    assert multivariate_normal_mean(2, SPD).fisher() == SPD.inv()
    assert multivariate_normal_mean(3).fisher() == sp.eye(3)


# -- softmax: rank F < C, cross-entropy = KL + entropy ---------------------------------------------------

@pytest.mark.parametrize("C", [2, 3, 4])
def test_softmax_fisher_is_singular_along_ones(C):
    fam = categorical_softmax(C)
    F = fam.fisher()
    assert all(is_zero(e) for e in F * sp.ones(C, 1))
    # rank exactly C − 1 at a concrete point (all logits 0: F = I/C − 𝟙𝟙ᵀ/C²)
    assert F.subs({s: 0 for s in fam.params}).rank() == C - 1


def test_cross_entropy_is_kl_plus_entropy_C3():
    """"Loss and KL Divergence", Eq. (1): E_q[−log p] = KL(q‖p) − Σ q log q."""
    fam = categorical_softmax(3)
    p = fam.pmf()
    q1, q2 = sp.symbols("q1 q2", positive=True)
    q = [q1, q2, 1 - q1 - q2]
    cross_entropy = -sum(qi * sp.log(pi) for qi, pi in zip(q, p))
    kl_qp = sum(qi * sp.log(qi / pi) for qi, pi in zip(q, p))
    entropy = -sum(qi * sp.log(qi) for qi in q)
    assert is_zero(cross_entropy - (kl_qp + entropy))
    # one-hot q = (1, 0, 0): entropy 0 and the loss is KL = −log p_1 (the "cat" example)
    # (0 log 0 = 0, so only the label term survives in KL(q‖p) = Σ q log(q/p))
    assert is_zero(-sp.log(p[0]) - sp.log(1 / p[0]))
    assert sp.N(-sp.log(p[0]).subs(dict(zip(fam.params, (5, 4, 2)))), 3) == sp.Float(0.349, 3)


def test_categorical_kl_is_sum_p_log_p_over_q():
    fam = categorical_softmax(3)
    s2 = sp.symbols("r1:4", real=True)
    p = fam.pmf()
    p2 = [e.xreplace(dict(zip(fam.params, s2))) for e in p]
    direct = sum(a * sp.log(a / b) for a, b in zip(p, p2))
    assert is_zero(direct - fam.kl(fam.params, s2))


# -- f-divergences -----------------------------------------------------------------------------------

u = sp.Symbol("u", positive=True)
GENERATORS = {
    "kl": (u * sp.log(u), sp.Rational(1, 2)),
    "reverse-kl": (-sp.log(u), sp.Rational(1, 2)),
    "chi2": ((u - 1) ** 2, sp.S.One),
    "hellinger": ((sp.sqrt(u) - 1) ** 2, sp.Rational(1, 4)),
}


@pytest.mark.parametrize("name", list(GENERATORS))
def test_f_divergence_local_coefficient(name):
    f, expected = GENERATORS[name]
    assert f_divergence_local_coefficient(f) == expected
    assert f_divergence_local_coefficient(sp.Lambda(u, f)) == expected
    assert f_divergence_local_coefficient(lambda v: f.xreplace({u: v})) == expected


@pytest.mark.parametrize("name", list(GENERATORS))
def test_f_divergence_local_expansion_categorical_C3(name):
    """D_f(p_{θ+tδ}‖p_θ) = Σ p_i(θ) f(p_i(θ+tδ)/p_i(θ)) = t² (f''(1)/2) δᵀFδ + O(t³)."""
    f, _ = GENERATORS[name]
    fam = categorical_softmax(3)
    d = deltas(fam)
    p = fam.pmf()
    shifted = [e.xreplace({s: s + T * di for s, di in zip(fam.params, d)}) for e in p]
    D = sum(pi * f.xreplace({u: si / pi}) for pi, si in zip(p, shifted))
    coeffs = []
    g = D
    for k in range(3):
        coeffs.append(g.subs(T, 0) / sp.factorial(k))
        g = sp.diff(g, T)
    assert is_zero(coeffs[0]) and is_zero(coeffs[1])
    assert is_zero(coeffs[2] - f_divergence_local_coefficient(f) * quad(fam.fisher(), d))


# -- checks that can fail -----------------------------------------------------------------------------

def test_a_wrong_fisher_is_detected():
    fam = categorical_softmax(3)
    d = deltas(fam)
    q, _ = fam.kl_expansion(d)
    wrong = sp.diag(*fam.pmf())  # forgets −ppᵀ
    assert not is_zero(q - quad(wrong, d) / 2)
    assert not matrices_equal(fam.fisher_from_score_covariance(), wrong)
    assert not is_zero(normal().kl_expansion([0, 1])[0] - sp.Rational(1, 2) / normal().params[1] ** 2)
    assert f_divergence_local_coefficient((u - 1) ** 2) != sp.Rational(1, 2)


def test_exponential_family_constructor():
    x, eta = sp.symbols("x eta")
    ef = ExponentialFamily([x], sp.exp(eta), [eta])  # Poisson in log-rate
    assert ef.fisher() == sp.Matrix([[sp.exp(eta)]])
    assert ef.mean() == sp.Matrix([sp.exp(eta)])


def test_tidy_cancels_softmax():
    s1, s2 = sp.symbols("s1 s2")
    p = sp.exp(s1) / (sp.exp(s1) + sp.exp(s2))
    assert tidy(p + sp.exp(s2) / (sp.exp(s1) + sp.exp(s2))) == 1
