"""Weak-field expansions of the metric g = I + εD (the paper “A Geometric Interpretation of Stochastic Gradient Descent Using Diffusion Metrics” (Fioresi, Chaudhari, Soatto), Eqs. (6)-(7)).

Everything is built from the series, never by inverting the full symbolic metric:

* g⁻¹ = Σ_{m≥0} (−ε)^m D^m (Neumann series, convergent for |ε|·ρ(D) < 1), truncated after
  ε^order;
* the first-kind symbols are exactly linear in ε, Γ_{lij}(g) = ε C_{lij} with C the first-kind
  symbols of D itself (I is constant), so
  Γ^k_{ij} = Σ_{m=0}^{order−1} (−1)^m ε^{m+1} (D^m C)_{kij} + O(ε^{order+1}).

At order 1 this is Γ^w_{uv} = (ε/2)(∂_u d_{vw} − ∂_w d_{uv} + ∂_v d_{uw}), the final form of
Eq. (7); ε must be a constant (a Symbol that does not occur in D).
"""
from __future__ import annotations

from typing import Any, Sequence

import sympy as sp

from geomath.symbolic._validate import as_coords, as_expr, as_matrix, as_order, check_symmetric
from geomath.symbolic.christoffel import christoffel_first_kind
from geomath.symbolic.printing import ConnectionArray, SeriesMatrix, connection_array, series_matrix


def _check_perturbation(D: Any, eps: Any) -> sp.ImmutableMatrix:
    D = as_matrix(D, "D")
    check_symmetric(D, "D")
    if not isinstance(eps, sp.Symbol):
        raise TypeError(f"eps must be a sympy Symbol, got {type(eps).__name__}")
    if eps in D.free_symbols:
        raise ValueError(
            f"eps = {eps} occurs in D; the expansion is in powers of a constant eps that D does not contain"
        )
    return D


def weak_field_inverse(D: Any, eps: sp.Symbol, order: int = 1) -> SeriesMatrix:
    """(I + εD)⁻¹ truncated after ε^order: Σ_{m=0}^{order} (−ε)^m D^m.

    Exact through O(ε^order); the remainder is (−ε)^{order+1} D^{order+1} (I + εD)⁻¹.
    Order 1 is the paper's weak-field approximation g⁻¹ = id − εD. The result is an
    ``ImmutableMatrix`` that a notebook shows as I − εD + … + O(ε^{order+1})
    (:class:`~geomath.symbolic.printing.SeriesMatrix`).

    >>> import sympy as sp
    >>> e, a = sp.symbols('epsilon a')
    >>> weak_field_inverse(sp.Matrix([[a]]), e, order=2)
    Matrix([[a**2*epsilon**2 - a*epsilon + 1]])
    """
    D = _check_perturbation(D, eps)
    order = as_order(order, minimum=0)
    n = D.shape[0]
    term = sp.eye(n)
    total = sp.eye(n)
    for m in range(1, order + 1):
        term = term * D
        total = total + (-eps) ** m * term
    return series_matrix(total, eps, order, name=rf"\left(I + {sp.latex(eps)} D\right)^{{-1}}")


def weak_field_christoffel(
    D: Any, coords: Sequence[sp.Symbol], eps: sp.Symbol, order: int = 1
) -> ConnectionArray:
    """Γ^k_{ij} of g = I + εD through O(ε^order), Array ``[k, i, j]`` (see module docstring).

    The result is a polynomial in ε of degree ``order`` whose coefficients are exact; a notebook
    shows each non-zero component by powers of ε with its O(ε^{order+1}) term.
    """
    D = _check_perturbation(D, eps)
    coords = as_coords(coords, D.shape[0])
    if eps in coords:
        raise ValueError(f"eps = {eps} is one of the coordinates {coords}; eps must be a constant")
    order = as_order(order, minimum=1)
    n = len(coords)
    C = christoffel_first_kind(D, coords)
    # nonzero (l, C_lij) per (i, j), i <= j
    pairs = [(i, j) for i in range(n) for j in range(i, n)]
    current = {(k, i, j): C[k, i, j] for k in range(n) for (i, j) in pairs}
    coeffs = {key: [v] for key, v in current.items()}  # coeffs[key][m] = (D^m C)_kij
    Drows = [[D[k, l] for l in range(n)] for k in range(n)]
    for _ in range(1, order):
        nxt = {}
        for (i, j) in pairs:
            col = [(l, current[(l, i, j)]) for l in range(n) if current[(l, i, j)] != 0]
            for k in range(n):
                nxt[(k, i, j)] = sp.Add(*[Drows[k][l] * v for l, v in col if Drows[k][l] != 0])
        current = nxt
        for key, v in current.items():
            coeffs[key].append(v)
    table = [[[sp.S.Zero] * n for _ in range(n)] for _ in range(n)]
    for (k, i, j), cs in coeffs.items():
        v = sp.Add(*[(-1) ** m * eps ** (m + 1) * c for m, c in enumerate(cs) if c != 0])
        table[k][i][j] = v
        table[k][j][i] = v
    return connection_array(table, coords, eps=eps, order=order)


def series_coefficient(expr: Any, eps: sp.Symbol, power: int) -> Any:
    """Coefficient of ε^power in a polynomial-in-ε expression, Matrix or Array (entrywise).

    Used to compare truncated expansions term by term; the expression must be a polynomial
    in ε (as the outputs of this module are) — use ``sp.series`` for the exact side first.
    """
    if not isinstance(eps, sp.Symbol):
        raise TypeError(f"eps must be a sympy Symbol, got {type(eps).__name__}")
    if isinstance(power, bool) or not isinstance(power, int):
        raise TypeError(f"power must be an int, got {type(power).__name__}")
    if power < 0:
        raise ValueError(f"power must be >= 0, got {power}")

    def coefficient(e: Any) -> sp.Expr:
        e = sp.expand(as_expr(e, "expr"))
        big_o = e.getO()  # an sp.series result: its polynomial part, below its O-term
        if big_o is not None:
            if power >= sp.degree(big_o.expr, eps):
                raise ValueError(f"the coefficient of {eps}**{power} is not determined by a series truncated at {big_o}")
            e = e.removeO()
        if not e.is_polynomial(eps):
            raise ValueError(f"expr is not a polynomial in {eps}: {e}; expand it with sp.series first")
        return e.coeff(eps, power)

    if isinstance(expr, (sp.NDimArray, sp.MatrixBase)):
        return expr.applyfunc(coefficient)
    return coefficient(expr)
