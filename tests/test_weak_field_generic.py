"""Weak-field Christoffel symbols of g = I + εD for a GENERIC symmetric D = (d_ij(x_1..x_n)).

The entries are undefined functions, so what is checked holds for every smooth symmetric D:

* exact through O(ε^order): against sp.series of the exact symbols of I + εD (n = 2 cheap;
  n = 3 slow), and via g·Γ_series − Γ_first = O(ε^{order+1}) (n = 3, 4);
* at order 1 it is the paper's Eq. (7): Γ^w_uv = (ε/2)(∂_u d_vw − ∂_w d_uv + ∂_v d_uw)
  (the paper “A Geometric Interpretation of Stochastic Gradient Descent Using Diffusion Metrics” (Fioresi, Chaudhari, Soatto)).
"""
from __future__ import annotations

import itertools

import pytest
import sympy as sp
from sympy.core.function import AppliedUndef

from geomath.symbolic import Metric, christoffel_first_kind, series_coefficient, weak_field_christoffel

EPS = sp.Symbol("epsilon")


def generic(n: int):
    """Coordinates x_1..x_n and D with d_ij = d_ji = d_{ij}(x_1..x_n), i ≤ j."""
    xs = sp.symbols(f"x_1:{n + 1}")
    D = sp.Matrix(n, n, lambda i, j: sp.Function(f"d_{min(i, j) + 1}{max(i, j) + 1}")(*xs))
    return xs, D


def test_generic_D_is_symmetric_with_distinct_functions():
    xs, D = generic(3)
    assert D == D.T
    assert len({D[i, j] for i in range(3) for j in range(i, 3)}) == 6


def assert_matches_series_of_exact(n: int, order: int) -> None:
    xs, D = generic(n)
    exact = Metric(sp.eye(n) + EPS * D, xs).christoffel()
    series = weak_field_christoffel(D, xs, EPS, order)
    for k in range(n):
        for i in range(n):
            for j in range(i, n):
                expansion = sp.series(exact[k, i, j], EPS, 0, order + 1).removeO()
                assert sp.expand(expansion - series[k, i, j]) == 0, (k, i, j)
                assert series[k, j, i] == series[k, i, j]


@pytest.mark.parametrize("order", [1, 2, 3])
def test_exact_then_series_n2(order):
    assert_matches_series_of_exact(2, order)


@pytest.mark.slow
@pytest.mark.parametrize("order", [1, 2])
def test_exact_then_series_n3(order):
    assert_matches_series_of_exact(3, order)


def jet_ring(exprs, extra=()):
    """A polynomial ring over QQ in the jets (each d_ij and each derivative of one, as a fresh
    symbol) of ``exprs``, plus ``extra`` symbols, and the map from expressions into it.

    Substituting symbols for the jets is a ring homomorphism, so equal ring elements mean equal
    expressions; ring arithmetic avoids sp.expand, which is slow on undefined functions.
    """
    exprs = list(exprs)
    derivs = sorted(set().union(*(e.atoms(sp.Derivative) for e in exprs)), key=sp.default_sort_key)
    funcs = sorted(set().union(*(e.atoms(AppliedUndef) for e in exprs)), key=sp.default_sort_key)
    to_sym = {a: sp.Symbol(f"_jet{m}") for m, a in enumerate(derivs)}
    to_sym_f = {a: sp.Symbol(f"_fun{m}") for m, a in enumerate(funcs)}
    R, *_ = sp.ring([*to_sym.values(), *to_sym_f.values(), *extra], sp.QQ)

    def embed(e):
        return R.from_expr(sp.sympify(e).xreplace(to_sym).xreplace(to_sym_f))

    return R, embed


def entries(A):
    """All entries of an Array."""
    return [A[idx] for idx in itertools.product(*(range(s) for s in A.shape))]


@pytest.mark.parametrize("n, order", [(3, 1), (3, 2), (3, 3), (4, 1), (4, 2), (4, 3)])
def test_lowered_series_minus_first_kind_is_high_order(n, order):
    """g·Γ_series − Γ_first(g) = O(ε^{order+1}) (equivalent to Γ_series = Γ + O(ε^{order+1})
    since Γ = g⁻¹Γ_first and g⁻¹ is analytic at ε = 0); in fact it is exactly
    (−1)^{order−1} ε^{order+1} (D^order C)_kij, C the first-kind symbols of D."""
    xs, D = generic(n)
    g = sp.eye(n) + EPS * D
    series = weak_field_christoffel(D, xs, EPS, order)
    first = christoffel_first_kind(g, xs)
    C = christoffel_first_kind(D, xs)
    Dpow = D**order
    R, P = jet_ring(entries(series) + entries(first) + list(D), extra=[EPS])
    e_index = R.gens.index(P(EPS))
    gP = [[P(g[a, b]) for b in range(n)] for a in range(n)]
    for k in range(n):
        for i in range(n):
            for j in range(i, n):
                residual = sum((gP[k][l] * P(series[l, i, j]) for l in range(n)), R.zero) - P(first[k, i, j])
                low = [m for m in residual.monoms() if m[e_index] <= order]
                assert not low, (k, i, j, residual)
                tail = sum((P(Dpow[k, l]) * P(C[l, i, j]) for l in range(n)), R.zero)
                assert residual == (-1) ** (order - 1) * P(EPS) ** (order + 1) * tail, (k, i, j)


@pytest.mark.parametrize("n", [2, 3, 4])
def test_order_one_is_equation_7(n):
    """Γ^w_uv = (ε/2)(∂_u d_vw − ∂_w d_uv + ∂_v d_uw); Array index [w, u, v]."""
    xs, D = generic(n)
    gamma = weak_field_christoffel(D, xs, EPS, 1)
    for w in range(n):
        for u in range(n):
            for v in range(n):
                eq7 = EPS / 2 * (
                    sp.diff(D[v, w], xs[u]) - sp.diff(D[u, v], xs[w]) + sp.diff(D[u, w], xs[v])
                )
                assert sp.expand(gamma[w, u, v] - eq7) == 0, (w, u, v)


@pytest.mark.parametrize("n", [2, 3])
def test_series_is_a_polynomial_in_eps_of_the_stated_degree(n):
    xs, D = generic(n)
    for order in (1, 2, 3):
        gamma = weak_field_christoffel(D, xs, EPS, order)
        degrees = {sp.degree(sp.expand(e), EPS) for e in entries(gamma) if e != 0}
        assert degrees == {order}
        # lower orders are truncations of higher ones
        if order > 1:
            lower = weak_field_christoffel(D, xs, EPS, order - 1)
            for e_hi, e_lo in zip(entries(gamma), entries(lower)):
                assert sp.expand(e_hi - e_lo - series_coefficient(e_hi, EPS, order) * EPS**order) == 0


def test_first_kind_symbols_are_linear_in_eps():
    """Γ_first(I + εD) = ε Γ_first(D) exactly (I is constant)."""
    xs, D = generic(3)
    lhs = christoffel_first_kind(sp.eye(3) + EPS * D, xs)
    rhs = christoffel_first_kind(D, xs)
    assert all(sp.expand(a - EPS * b) == 0 for a, b in zip(entries(lhs), entries(rhs)))


@pytest.mark.parametrize("n", [3, 4])
def test_the_high_order_check_detects_a_series_one_order_short(n):
    """The ring check has teeth: the order-1 series is not exact through ε²."""
    xs, D = generic(n)
    g = sp.eye(n) + EPS * D
    short = weak_field_christoffel(D, xs, EPS, 1)
    first = christoffel_first_kind(g, xs)
    R, P = jet_ring(entries(short) + entries(first) + list(D), extra=[EPS])
    e_index = R.gens.index(P(EPS))
    low_terms = 0
    for k in range(n):
        for i in range(n):
            for j in range(i, n):
                residual = sum((P(g[k, l]) * P(short[l, i, j]) for l in range(n)), R.zero) - P(first[k, i, j])
                assert all(m[e_index] >= 2 for m in residual.monoms())  # exact through ε¹
                low_terms += sum(1 for m in residual.monoms() if m[e_index] == 2)
    assert low_terms > 0  # but not through ε²
