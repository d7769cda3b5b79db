"""geomath.symbolic.conjugate: duality is an involution, Eguchi's relations on closed forms, and
the printed vs well-formed divergence formulas (the lecture “The Geometry of Deep Learning. Lecture 2: Deep Learning”, appendix slides)."""
import sympy as sp
from hypothesis import given, settings, strategies as st

from geomath.symbolic import (
    alpha_connection,
    christoffel_first_kind,
    compatibility_residual,
    conjugacy_defect,
    conjugate_connection,
    divergence_connections,
    divergence_metric,
    metric_covariant_derivative,
    printed_divergence_christoffel,
    torsion,
)

x, y = sp.symbols("x y", real=True)
a, b = sp.symbols("a b", real=True)
a2, b2 = sp.symbols("a2 b2", real=True)
ZERO3 = sp.ImmutableDenseNDimArray.zeros(2, 2, 2)
coef = st.integers(-3, 3)


def expanded(arr):
    return arr.applyfunc(sp.expand)


@st.composite
def metric_and_connection(draw):
    """A symmetric polynomial metric and an arbitrary polynomial connection (with torsion)."""
    c = [draw(coef) for _ in range(4)]
    off = c[0] * x * y
    g = sp.ImmutableMatrix([[2 + x**2 + c[1] * y, off], [off, 3 + c[2] * x + c[3] * y**2]])
    F = sp.ImmutableDenseNDimArray([draw(coef) * x + draw(coef) * y**2 + draw(coef) for _ in range(8)], (2, 2, 2))
    return g, F


@settings(derandomize=True, max_examples=25, deadline=None)
@given(metric_and_connection())
def test_duality_is_an_involution_and_compatible(gF):
    g, F = gF
    Fs = conjugate_connection(g, F, (x, y))
    assert expanded(compatibility_residual(g, F, Fs, (x, y))) == ZERO3
    assert expanded(conjugate_connection(g, Fs, (x, y)) - F) == ZERO3
    assert expanded(alpha_connection(F, Fs, 1) - F) == ZERO3
    assert expanded(alpha_connection(F, Fs, -1) - Fs) == ZERO3


@settings(derandomize=True, max_examples=15, deadline=None)
@given(metric_and_connection(), st.integers(-2, 2), st.integers(-2, 2))
def test_coordinate_form_equals_the_definition(gF, p, q):
    g, F = gF
    Fs = conjugate_connection(g, F, (x, y)).applyfunc(lambda e: e + p * x - q)  # break conjugacy
    X, Y, Z = [1 + x, y], [x * y, 2], [y, 1 - x]
    R = compatibility_residual(g, F, Fs, (x, y))
    coordinate = sum(X[i] * Y[j] * Z[k] * R[i, j, k] for i in range(2) for j in range(2) for k in range(2))
    assert sp.expand(conjugacy_defect(g, F, Fs, (x, y), X, Y, Z) - coordinate) == 0


def test_levi_civita_is_metric_and_self_dual():
    g = sp.ImmutableMatrix([[1 + x**2, x * y], [x * y, 2 + y**2]])
    lc = christoffel_first_kind(g, (x, y))
    assert expanded(metric_covariant_derivative(g, lc, (x, y))) == ZERO3
    assert expanded(conjugate_connection(g, lc, (x, y)) - lc) == ZERO3
    assert expanded(torsion(lc)) == ZERO3


def test_bregman_divergence_of_a_generic_potential():
    """D_φ(θ, θ′) = φ(θ′) − φ(θ) − ∇φ(θ)·(θ′ − θ): g = ∇²φ, Γ_ij,k = ∂_ijk φ, Γ* = 0, for generic φ."""
    phi = sp.Function("phi")
    D = phi(a2, b2) - phi(a, b) - sp.diff(phi(a, b), a) * (a2 - a) - sp.diff(phi(a, b), b) * (b2 - b)
    g = divergence_metric(D, (a, b), (a2, b2))
    assert sp.simplify(g - sp.hessian(phi(a, b), (a, b))) == sp.zeros(2, 2)
    F, Fs = divergence_connections(D, (a, b), (a2, b2))
    th = (a, b)
    for k in range(2):
        for i in range(2):
            for j in range(2):
                assert sp.simplify(F[k, i, j] - sp.diff(phi(a, b), th[i], th[j], th[k])) == 0
                assert sp.simplify(Fs[k, i, j]) == 0


def test_squared_distance_gives_the_flat_structure():
    D = ((a - a2) ** 2 + (b - b2) ** 2) / 2
    assert divergence_metric(D, (a, b), (a2, b2)) == sp.eye(2)
    F, Fs = divergence_connections(D, (a, b), (a2, b2))
    assert F == ZERO3 and Fs == ZERO3


def test_printed_reading_is_a_row_sum():
    """Read literally the printed formula multiplies by Σ_h g^{ih}: for a non-diagonal g^{-1} it
    differs from the contracted −g^{ih}∂_j∂_k∂′_h D."""
    D = a**3 * a2 + a * b * b2 ** 2 + b**2 * a2 * b2  # any smooth D; only its derivatives matter
    ginv = sp.ImmutableMatrix([[2, 1], [1, 3]])
    P = printed_divergence_christoffel(D, (a, b), (a2, b2), ginv)
    th, thp = (a, b), (a2, b2)
    on = {a2: a, b2: b}
    for i in range(2):
        for j in range(2):
            for k in range(2):
                row_sum = sum(ginv[i, h] for h in range(2))
                assert sp.expand(P[i, j, k] + row_sum * sp.diff(D, th[j], th[k], thp[i]).xreplace(on)) == 0
    contracted = sp.expand(-sum(ginv[0, h] * sp.diff(D, a, a, thp[h]) for h in range(2)).xreplace(on))
    assert sp.expand(P[0, 0, 0] - contracted) != 0
