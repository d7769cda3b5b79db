"""Conjugate (dual) connections and the connections a divergence induces.

Source: the lecture “The Geometry of Deep Learning. Lecture 2: Deep Learning”, "Appendix: Detour on conjugate connections" — slides
"Conjugate connections" and "Conjugate connections and divergence".

Conventions (DESIGN.md, as :func:`geomath.symbolic.christoffel.christoffel_first_kind`): a
connection is given by its symbols of the first kind as a ``sympy.Array`` indexed ``[k, i, j]``,

    F[k, i, j] = Γ_{ij,k} = g(∇_{∂_i} ∂_j, ∂_k),

so that Γ^k_{ij} = g^{kl} Γ_{ij,l} (:func:`geomath.symbolic.christoffel.raise_first_index`).

* Conjugacy ("Conjugate connections"): X g(Y, Z) = g(∇_X Y, Z) + g(Y, ∇*_X Z) for all vector
  fields, i.e. in coordinates ∂_i g_{jk} = Γ_{ij,k} + Γ*_{ik,j} (:func:`compatibility_residual`).
  For a given ∇ this determines ∇* uniquely (:func:`conjugate_connection`), but ∇* need not be
  torsion-free: with ∇ torsion-free its torsion is T*_{ik,j} = (∇_i g)_{jk} − (∇_k g)_{ij}
  (:func:`metric_covariant_derivative`).
* Divergence ("Conjugate connections and divergence"), Eguchi's relations for a divergence
  D(θ, θ′) (D ≥ 0, D(θ, θ) = 0), all derivatives evaluated on the diagonal θ′ = θ:

      g_{ij}     = −∂_i ∂′_j D,
      Γ_{ij,k}   = −∂_i ∂_j ∂′_k D,
      Γ*_{ij,k}  = −∂′_i ∂′_j ∂_k D,

  where ∂ acts on θ and ∂′ on θ′. Raising the index gives the well-formed second-kind version
  of the slide's formula, Γ^i_{jk} = −g^{ih} ∂_j ∂_k ∂′_h D (the printed one contracts h with
  nothing: :func:`printed_divergence_christoffel`).
* Interpolation: ∇^(α) = ((1+α)/2) ∇ + ((1−α)/2) ∇* (:func:`alpha_connection`).

SymPy only. Nothing here calls ``simplify`` on results (it rewrites exp as cosh/sinh, which makes
later comparisons fail); callers decide identities with their own simplifier.
"""
from __future__ import annotations

from itertools import product
from typing import Any, Sequence

import sympy as sp

from geomath.symbolic._validate import as_coords, as_expr, as_matrix, check_symmetric
from geomath.symbolic.printing import ConnectionArray, connection_array

__all__ = [
    "divergence_metric",
    "divergence_connections",
    "printed_divergence_christoffel",
    "conjugate_connection",
    "compatibility_residual",
    "conjugacy_defect",
    "metric_covariant_derivative",
    "torsion",
    "alpha_connection",
]


# -- input checks -------------------------------------------------------------------------------

def _pair(theta: Any, theta_prime: Any) -> tuple[tuple[sp.Symbol, ...], tuple[sp.Symbol, ...]]:
    a = as_coords(theta, what="theta")
    b = as_coords(theta_prime, what="theta_prime")
    if len(a) != len(b):
        raise ValueError(f"theta has {len(a)} symbols and theta_prime {len(b)}; expected the same number")
    if set(a) & set(b):
        raise ValueError(f"theta and theta_prime share the symbols {sorted(set(a) & set(b), key=str)}; "
                         "the two arguments of D need distinct symbols")
    return a, b


def _first_kind(F: Any, n: int | None = None, what: str = "connection") -> sp.ImmutableDenseNDimArray:
    if isinstance(F, str):
        raise TypeError(f"{what} is text; give a sympy Array [k, i, j] of first-kind symbols")
    if not isinstance(F, sp.NDimArray):
        raise TypeError(f"{what} must be a sympy Array indexed [k, i, j], got {type(F).__name__}")
    shape = F.shape
    if len(shape) != 3 or len(set(shape)) != 1:
        raise ValueError(f"{what} must have shape (n, n, n), got {shape}")
    if n is not None and shape[0] != n:
        raise ValueError(f"{what} has dimension {shape[0]}; the metric has {n}")
    for idx in product(range(shape[0]), repeat=3):
        as_expr(F[idx], f"{what}{list(idx)}")
    return sp.ImmutableDenseNDimArray(F)


def _metric(g: Any, coords: Any) -> tuple[sp.ImmutableMatrix, tuple[sp.Symbol, ...]]:
    g = as_matrix(g, "g")
    coords = as_coords(coords, g.shape[0])
    check_symmetric(g, "g")
    return g, coords


def _array(n: int, entry) -> sp.ImmutableDenseNDimArray:
    return sp.ImmutableDenseNDimArray([[[entry(a, b, c) for c in range(n)] for b in range(n)] for a in range(n)])


# -- divergences --------------------------------------------------------------------------------

def _on_diagonal(expr: sp.Expr, theta, theta_prime) -> sp.Expr:
    return sp.expand(expr.xreplace(dict(zip(theta_prime, theta))))


def divergence_metric(D: Any, theta: Any, theta_prime: Any) -> sp.ImmutableMatrix:
    """g_ij(θ) = −∂_i ∂′_j D(θ, θ′) at θ′ = θ ("Conjugate connections and divergence")."""
    D = as_expr(D, "D")
    a, b = _pair(theta, theta_prime)
    n = len(a)
    return sp.ImmutableMatrix(n, n, lambda i, j: _on_diagonal(-sp.diff(D, a[i], b[j]), a, b))


def divergence_connections(D: Any, theta: Any, theta_prime: Any) -> tuple[ConnectionArray, ConnectionArray]:
    """Eguchi's pair (Γ, Γ*) of first-kind symbols, arrays ``[k, i, j]``:
    Γ_{ij,k} = −∂_i ∂_j ∂′_k D and Γ*_{ij,k} = −∂′_i ∂′_j ∂_k D at θ′ = θ.

    For D = KL(p_θ ‖ p_θ′) on an exponential family in natural parameters, Γ = ∂³A (the
    mixture connection, Amari's α = −1) and Γ* = 0 (the exponential connection, α = +1).
    """
    D = as_expr(D, "D")
    a, b = _pair(theta, theta_prime)
    n = len(a)
    G = _array(n, lambda k, i, j: _on_diagonal(-sp.diff(D, a[i], a[j], b[k]), a, b))
    Gs = _array(n, lambda k, i, j: _on_diagonal(-sp.diff(D, b[i], b[j], a[k]), a, b))
    return (connection_array(G, a, form="_ij,k"),
            connection_array(Gs, a, form="_ij,k", symbol=r"\Gamma^{*}"))


def printed_divergence_christoffel(D: Any, theta: Any, theta_prime: Any, ginv: Any, dual: bool = False
                                   ) -> ConnectionArray:
    """The slide's formula as printed, second kind ``[i, j, k]``:
    Γ^i_{jk} = −g^{ih} ∂_{jk} ∂′_i D |_{θ=θ′} (``dual=True``: −g^{ih} ∂′_{jk} ∂_i D), read literally:
    h is summed over g^{ih} alone (Σ_h g^{ih}, a row sum) and the derivative carries the free
    index i. Compare with the well-formed −g^{ih} ∂_j ∂_k ∂′_h D of the module docstring.
    """
    D = as_expr(D, "D")
    a, b = _pair(theta, theta_prime)
    n = len(a)
    ginv = as_matrix(ginv, "ginv")
    if ginv.shape[0] != n:
        raise ValueError(f"ginv is {ginv.shape[0]}x{ginv.shape[0]}; expected {n}x{n}")
    inner, outer = (b, a) if dual else (a, b)
    G = _array(n, lambda i, j, k: _on_diagonal(
        -sum(ginv[i, h] for h in range(n)) * sp.diff(D, inner[j], inner[k], outer[i]), a, b))
    return connection_array(G, a, symbol=r"\Gamma^{*}" if dual else r"\Gamma")


# -- conjugacy ----------------------------------------------------------------------------------

def conjugate_connection(g: Any, F: Any, coords: Any) -> ConnectionArray:
    """The unique ∇* with ∂_i g_{jk} = Γ_{ij,k} + Γ*_{ik,j}: Γ*_{ik,j} = ∂_i g_{jk} − Γ_{ij,k},
    i.e. ``F*[j, i, k] = ∂_i g[j, k] − F[k, i, j]`` ("Conjugate connections")."""
    g, coords = _metric(g, coords)
    n = len(coords)
    F = _first_kind(F, n)
    Fs = _array(n, lambda j, i, k: sp.diff(g[j, k], coords[i]) - F[k, i, j])
    return connection_array(Fs, coords, form="_ij,k", symbol=r"\Gamma^{*}")


def compatibility_residual(g: Any, F: Any, F_star: Any, coords: Any) -> sp.ImmutableDenseNDimArray:
    """R[i, j, k] = ∂_i g_{jk} − Γ_{ij,k} − Γ*_{ik,j}: zero exactly when ∇ and ∇* are conjugate
    (the coordinate form of X g(Y, Z) = g(∇_X Y, Z) + g(Y, ∇*_X Z))."""
    g, coords = _metric(g, coords)
    n = len(coords)
    F = _first_kind(F, n)
    Fs = _first_kind(F_star, n, "F_star")
    return _array(n, lambda i, j, k: sp.diff(g[j, k], coords[i]) - F[k, i, j] - Fs[j, i, k])


def _vector(v: Any, n: int, what: str) -> tuple[sp.Expr, ...]:
    if isinstance(v, str) or not isinstance(v, (Sequence, sp.MatrixBase)):
        raise TypeError(f"{what} must be a sequence of {n} SymPy expressions (components), got {type(v).__name__}")
    out = tuple(as_expr(c, f"{what}[{i}]") for i, c in enumerate(v))
    if len(out) != n:
        raise ValueError(f"{what} has {len(out)} components; expected {n}")
    return out


def conjugacy_defect(g: Any, F: Any, F_star: Any, coords: Any, X: Any, Y: Any, Z: Any) -> sp.Expr:
    """X g(Y, Z) − g(∇_X Y, Z) − g(Y, ∇*_X Z) for vector fields given by their components,
    with g(∇_X Y, Z) = g_{kl} X^i ∂_i Y^k Z^l + Γ_{ij,l} X^i Y^j Z^l — the definition on the slide,
    computed without the coordinate identity of :func:`compatibility_residual`."""
    g, coords = _metric(g, coords)
    n = len(coords)
    F = _first_kind(F, n)
    Fs = _first_kind(F_star, n, "F_star")
    X, Y, Z = (_vector(v, n, w) for v, w in ((X, "X"), (Y, "Y"), (Z, "Z")))

    def along_x(f: sp.Expr) -> sp.Expr:
        return sum(X[i] * sp.diff(f, coords[i]) for i in range(n))

    def pair(U, V) -> sp.Expr:
        return sum(g[k, l] * U[k] * V[l] for k in range(n) for l in range(n))

    def lowered_derivative(conn, U) -> list[sp.Expr]:  # g(∇_X U, ·) as a covector
        return [sum(g[k, l] * along_x(U[k]) for k in range(n))
                + sum(conn[l, i, j] * X[i] * U[j] for i in range(n) for j in range(n)) for l in range(n)]

    nabla_y = lowered_derivative(F, Y)
    nabla_z = lowered_derivative(Fs, Z)
    return (along_x(pair(Y, Z)) - sum(nabla_y[l] * Z[l] for l in range(n))
            - sum(nabla_z[l] * Y[l] for l in range(n)))


def metric_covariant_derivative(g: Any, F: Any, coords: Any) -> sp.ImmutableDenseNDimArray:
    """C[i, j, k] = (∇_i g)_{jk} = ∂_i g_{jk} − Γ_{ij,k} − Γ_{ik,j} (zero for a metric connection)."""
    g, coords = _metric(g, coords)
    n = len(coords)
    F = _first_kind(F, n)
    return _array(n, lambda i, j, k: sp.diff(g[j, k], coords[i]) - F[k, i, j] - F[j, i, k])


def torsion(F: Any) -> sp.ImmutableDenseNDimArray:
    """T[k, i, j] = Γ_{ij,k} − Γ_{ji,k} (lowered torsion; zero iff the connection is torsion-free)."""
    F = _first_kind(F)
    n = F.shape[0]
    return _array(n, lambda k, i, j: F[k, i, j] - F[k, j, i])


def alpha_connection(F: Any, F_star: Any, alpha: Any) -> ConnectionArray:
    """∇^(α) = ((1+α)/2) ∇ + ((1−α)/2) ∇* ("By interpolation we actually produce a family of
    pairs of conjugate connections"); α = 0 is the mean (∇ + ∇*)/2."""
    coords = getattr(F, "coords", None) or getattr(F_star, "coords", None)  # for the display only
    F = _first_kind(F)
    Fs = _first_kind(F_star, F.shape[0], "F_star")
    alpha = as_expr(alpha, "alpha")
    n = F.shape[0]
    half = sp.Rational(1, 2)
    G = _array(n, lambda k, i, j: half * (1 + alpha) * F[k, i, j] + half * (1 - alpha) * Fs[k, i, j])
    return connection_array(G, coords, form="_ij,k", symbol=rf"\Gamma^{{({sp.latex(alpha)})}}")
