"""Property tests of the symbolic layer: each test states a theorem over randomly built inputs.

The strategies build the mathematical objects the theorems are about (metrics near a positive
constant matrix, symmetric polynomial perturbations D, per-sample gradients), so a test reads
like its statement. Sizes are kept small so the file runs in a few seconds.
"""
from __future__ import annotations

import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geomath.symbolic import (
    Metric,
    christoffel_first_kind,
    diffusion_covariance_form,
    diffusion_pairwise_form,
    pairwise_jacobian,
    series_coefficient,
    weak_field_christoffel,
    weak_field_inverse,
)

X, Y, Z = sp.symbols("x y z")
COORDS = {2: (X, Y), 3: (X, Y, Z)}
EPS = sp.Symbol("epsilon")

FAST = settings(deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# -- strategies -----------------------------------------------------------------------------------


@st.composite
def polynomials(draw, coords, max_degree=2, max_terms=3, constant=False):
    """Σ c·(monomial), 1 to ``max_terms`` terms with small non-zero integer c (like terms may
    still cancel); without a constant term unless ``constant``."""
    lo = 0 if constant else 1
    terms = draw(
        st.lists(
            st.tuples(st.integers(-2, 2).filter(bool), st.lists(st.sampled_from(coords), min_size=lo, max_size=max_degree)),
            min_size=1,
            max_size=max_terms,
        )
    )
    return sp.Add(*[c * sp.Mul(*m) for c, m in terms])


@st.composite
def positive_constant_matrices(draw, n, diagonal=False):
    """A diagonally dominant (hence positive definite) symmetric integer matrix."""
    A = sp.zeros(n, n)
    for i in range(n):
        A[i, i] = draw(st.integers(n + 1, n + 3))
        for j in range(i + 1, n):
            if not diagonal:
                A[i, j] = A[j, i] = draw(st.integers(-1, 1))
    return A


@st.composite
def symmetric_polynomial_matrices(draw, n, diagonal=False, max_degree=2, max_terms=3, constant=False):
    P = sp.zeros(n, n)
    coords = COORDS[n]
    for i in range(n):
        for j in range(i, n):
            if diagonal and i != j:
                continue
            P[i, j] = P[j, i] = draw(polynomials(coords, max_degree, max_terms, constant))
    return P


@st.composite
def metrics(draw, n, diagonal=False, max_degree=2, max_terms=3):
    """g = A + P(x): A positive constant, P a symmetric polynomial perturbation vanishing at 0
    (so g(0) = A is non-singular and the metric is not identically singular)."""
    A = draw(positive_constant_matrices(n, diagonal))
    P = draw(symmetric_polynomial_matrices(n, diagonal, max_degree, max_terms))
    return Metric(A + P, COORDS[n])


@st.composite
def constant_metrics(draw, n):
    return Metric(draw(positive_constant_matrices(n)), COORDS[n])


def perturbations(n, max_degree=2, max_terms=3):
    """A symmetric polynomial D(x) with small integer coefficients (constant terms allowed)."""
    return symmetric_polynomial_matrices(n, max_degree=max_degree, max_terms=max_terms, constant=True)


@st.composite
def gradient_samples(draw):
    """N ≥ 2 per-sample gradients in ℝ^d with integer entries, as an N×d matrix."""
    N = draw(st.integers(2, 6))
    d = draw(st.integers(1, 4))
    rows = draw(st.lists(st.lists(st.integers(-9, 9), min_size=d, max_size=d), min_size=N, max_size=N))
    return sp.Matrix(rows)


# -- helpers ---------------------------------------------------------------------------------------


def rational_zero(expr) -> bool:
    return sp.cancel(sp.together(expr)) == 0


def christoffel_lowered(g, gamma):
    """(g·Γ)_{kij} = Σ_l g_kl Γ^l_ij."""
    n = g.shape[0]
    return [
        [[sp.Add(*[g[k, l] * gamma[l, i, j] for l in range(n)]) for j in range(n)] for i in range(n)]
        for k in range(n)
    ]


# -- Christoffel symbols of random metrics -------------------------------------------------------


@settings(FAST, max_examples=25)
@given(st.sampled_from([2, 3]).flatmap(lambda n: metrics(n)))
def test_christoffel_symmetric_in_lower_indices(m):
    """Γ^k_ij = Γ^k_ji and Γ_kij = Γ_kji (torsion-free)."""
    n = m.dim
    gamma, first = m.christoffel(), m.christoffel_first()
    for k in range(n):
        for i in range(n):
            for j in range(n):
                assert gamma[k, i, j] == gamma[k, j, i]
                assert first[k, i, j] == first[k, j, i]


@settings(FAST, max_examples=20)
@given(st.sampled_from([2, 3]).flatmap(constant_metrics))
def test_constant_metric_has_zero_christoffel_symbols(m):
    n = m.dim
    assert m.christoffel() == sp.ImmutableDenseNDimArray.zeros(n, n, n)
    assert m.christoffel(simplify=True) == sp.ImmutableDenseNDimArray.zeros(n, n, n)
    assert m.christoffel_first() == sp.ImmutableDenseNDimArray.zeros(n, n, n)


def assert_metric_compatible(m: Metric) -> None:
    """∂_k g_ij = Γ^l_ki g_lj + Γ^l_kj g_il, identically (rational normal form)."""
    g, gamma, c, n = m.matrix, m.christoffel(), m.coords, m.dim
    for k in range(n):
        for i in range(n):
            for j in range(i, n):
                rhs = sp.Add(*[gamma[l, k, i] * g[l, j] + gamma[l, k, j] * g[i, l] for l in range(n)])
                assert rational_zero(sp.diff(g[i, j], c[k]) - rhs), (k, i, j)


@settings(FAST, max_examples=15)
@given(metrics(2))
def test_metric_compatibility_2x2(m):
    assert_metric_compatible(m)


@settings(FAST, max_examples=10)
@given(metrics(3, diagonal=True))
def test_metric_compatibility_3x3_diagonal(m):
    assert_metric_compatible(m)


@settings(FAST, max_examples=3)
@given(metrics(3, max_degree=1, max_terms=2))
def test_metric_compatibility_3x3_full(m):
    # exact rational normal forms of 3×3 inverses cost ~1 s per metric: few examples
    assert_metric_compatible(m)


@settings(FAST, max_examples=15)
@given(st.sampled_from([2, 3]).flatmap(lambda n: metrics(n)))
def test_first_kind_symbols_are_the_symmetrised_metric_derivative(m):
    """Γ_jki + Γ_ikj = ∂_k g_ij (first-kind symbols; a polynomial identity here)."""
    g, first, c, n = m.matrix, m.christoffel_first(), m.coords, m.dim
    for k in range(n):
        for i in range(n):
            for j in range(n):
                assert sp.expand(first[j, k, i] + first[i, k, j] - sp.diff(g[i, j], c[k])) == 0


# -- weak field --------------------------------------------------------------------------------------


def assert_weak_field_series_exact_through(D, coords, order):
    """g·Γ_series − Γ_first(g) has no term of degree ≤ order in ε (g = I + εD).

    Since Γ^l = g⁻¹Γ_first exactly and g⁻¹ is analytic at ε = 0, this is the same as
    Γ_series = Γ_exact + O(ε^{order+1}). (It is in fact ±ε^{order+1} D^order C.)
    """
    n = len(coords)
    g = sp.eye(n) + EPS * D
    series = weak_field_christoffel(D, coords, EPS, order)
    first = christoffel_first_kind(g, coords)
    lowered = christoffel_lowered(g, series)
    for k in range(n):
        for i in range(n):
            for j in range(n):
                residual = sp.expand(lowered[k][i][j] - first[k, i, j])
                assert residual.is_polynomial(EPS)
                for p in range(order + 1):
                    assert series_coefficient(residual, EPS, p) == 0, (k, i, j, p, residual)
                # the series is a polynomial of degree ≤ order in ε, without a constant term
                s = sp.expand(series[k, i, j])
                assert s.is_polynomial(EPS)
                assert s == 0 or sp.degree(s, EPS) <= order
                assert series_coefficient(s, EPS, 0) == 0


@settings(FAST, max_examples=20)
@given(st.sampled_from([2, 3]).flatmap(perturbations), st.sampled_from([1, 2]))
def test_weak_field_christoffel_exact_to_order(D, order):
    n = D.shape[0]
    assert_weak_field_series_exact_through(D, COORDS[n], order)


@settings(FAST, max_examples=6)
@given(perturbations(2, max_degree=2, max_terms=2), st.sampled_from([1, 2]))
def test_weak_field_christoffel_matches_series_of_exact_symbols_n2(D, order):
    coords = COORDS[2]
    exact = Metric(sp.eye(2) + EPS * D, coords).christoffel()
    series = weak_field_christoffel(D, coords, EPS, order)
    for k in range(2):
        for i in range(2):
            for j in range(i, 2):
                expansion = sp.series(exact[k, i, j], EPS, 0, order + 1).removeO()
                assert sp.expand(expansion - series[k, i, j]) == 0, (k, i, j)


@settings(FAST, max_examples=20)
@given(st.sampled_from([2, 3]).flatmap(perturbations), st.integers(0, 3))
def test_weak_field_inverse_is_neumann_series(D, order):
    """(I + εD)·W − I = −(−εD)^{order+1}: zero through ε^order."""
    n = D.shape[0]
    W = weak_field_inverse(D, EPS, order)
    residual = ((sp.eye(n) + EPS * D) * W - sp.eye(n)).applyfunc(sp.expand)
    for p in range(order + 1):
        assert series_coefficient(residual, EPS, p) == sp.zeros(n, n)
    assert (residual + (-EPS * D) ** (order + 1)).applyfunc(sp.expand) == sp.zeros(n, n)


# -- diffusion matrix -------------------------------------------------------------------------------


@settings(FAST, max_examples=60)
@given(gradient_samples())
def test_covariance_form_equals_pairwise_form(G):
    """(1/N)Σ_k ∇f_k∇f_kᵀ − ∇f∇fᵀ = (1/N²) J_f̂ᵀ J_f̂ for every sample of gradients."""
    assert diffusion_covariance_form(G) == diffusion_pairwise_form(G)


@settings(FAST, max_examples=40)
@given(gradient_samples())
def test_diffusion_matrix_rank_bound_and_psd(G):
    """rank D ≤ min(N − 1, d), D = Dᵀ ⪰ 0 (it is a Gram matrix)."""
    N, d = G.shape
    D = diffusion_covariance_form(G)
    assert D == D.T
    assert D.rank() <= min(N - 1, d)
    assert pairwise_jacobian(G).shape == (N * (N - 1) // 2, d)
    for v in ([1] * d, list(range(1, d + 1)), [(-1) ** r for r in range(d)]):
        v = sp.Matrix(v)
        assert (v.T * D * v)[0, 0] >= 0  # vᵀDv = (1/N)Σ_k (v·(∇f_k − ∇f))²


@settings(FAST, max_examples=20)
@given(gradient_samples(), st.integers(-5, 5))
def test_diffusion_matrix_invariant_under_a_common_shift(G, c):
    """Adding the same vector to every ∇f_k leaves D unchanged (it is a covariance)."""
    N, d = G.shape
    shift = sp.Matrix([[c * (r + 1) for r in range(d)]] * N)
    assert diffusion_covariance_form(G + shift) == diffusion_covariance_form(G)
    assert diffusion_pairwise_form(G + shift) == diffusion_pairwise_form(G)
