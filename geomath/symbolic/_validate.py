"""Input checks shared by the symbolic layer: clear errors, never a parse of text."""
from __future__ import annotations

import random
from typing import Any, Sequence

import sympy as sp
from sympy.core.function import AppliedUndef


def as_expr(value: Any, what: str) -> sp.Expr:
    """A SymPy expression from an expression or a number; text is refused (sympify runs code)."""
    if isinstance(value, str):
        raise TypeError(
            f"{what} is the text {value!r}; give a SymPy expression or a number. geomath never "
            "parses text with sympify (it evaluates Python code)."
        )
    if isinstance(value, bool):
        raise TypeError(f"{what} is a bool; give a SymPy expression or a number")
    if isinstance(value, sp.Basic):
        expr = value
    elif isinstance(value, (int, float, complex)) or type(value).__module__.startswith("numpy"):
        expr = sp.sympify(value)
    else:
        raise TypeError(f"{what} has type {type(value).__name__}; expected a SymPy expression or a number")
    if not isinstance(expr, sp.Expr) or isinstance(expr, (sp.MatrixBase, sp.MatrixExpr)):
        raise TypeError(f"{what} is a {type(expr).__name__} ({expr}); expected a scalar SymPy expression")
    if expr.has(sp.S.NaN, sp.S.Infinity, sp.S.NegativeInfinity, sp.S.ComplexInfinity):
        raise ValueError(f"{what} = {expr} is not finite (NaN or infinity); expected a finite expression")
    return expr


def as_matrix(components: Any, what: str = "metric components") -> sp.ImmutableMatrix:
    """A square ImmutableMatrix from a Matrix, a 2-D Array or a nested list of expressions."""
    if isinstance(components, str):
        raise TypeError(
            f"{what} given as text; pass a sympy Matrix or a nested list of SymPy expressions"
        )
    if isinstance(components, sp.NDimArray):
        if components.rank() != 2:
            raise ValueError(f"{what} must be a 2-D array, got rank {components.rank()}")
        components = components.tolist()
    if isinstance(components, sp.MatrixBase):
        rows = components.tolist()
    elif isinstance(components, (list, tuple)):
        rows = list(components)
        if not rows or not all(isinstance(r, (list, tuple)) for r in rows):
            raise ValueError(f"{what} must be a non-empty nested list (a list of rows)")
    else:
        raise TypeError(
            f"{what} has type {type(components).__name__}; expected a sympy Matrix, a 2-D "
            "sympy Array, or a nested list"
        )
    n = len(rows)
    if n == 0:
        raise ValueError(f"{what} is empty")
    for i, r in enumerate(rows):
        if len(r) != n:
            raise ValueError(f"{what} must be square: row {i} has {len(r)} entries, expected {n}")
    entries = [[as_expr(e, f"{what}[{i}][{j}]") for j, e in enumerate(r)] for i, r in enumerate(rows)]
    return sp.ImmutableMatrix(entries)


def as_coords(coords: Any, n: int | None = None, what: str = "coords") -> tuple[sp.Symbol, ...]:
    """Distinct Symbols, as many as the matrix size when ``n`` is given."""
    if isinstance(coords, (str, sp.Symbol)) or not isinstance(coords, Sequence):
        raise TypeError(f"{what} must be a sequence of sympy Symbols, got {type(coords).__name__}")
    out = tuple(coords)
    for c in out:
        if not isinstance(c, sp.Symbol):
            raise TypeError(f"{what} must contain sympy Symbols only, got {c!r} ({type(c).__name__})")
    if len(set(out)) != len(out):
        raise ValueError(f"{what} must be distinct, got {out}")
    if n is not None and len(out) != n:
        raise ValueError(f"{len(out)} {what} given for a {n}x{n} matrix; expected {n}")
    return out


def as_int(value: Any, what: str, minimum: int) -> int:
    """An int (not a bool) of at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int, got {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{what} must be >= {minimum}, got {value}")
    return value


def as_order(order: Any, minimum: int = 1) -> int:
    return as_int(order, "order", minimum)


def _random_values(expr: sp.Expr, rng: random.Random) -> dict:
    """Random rational values for every symbol, applied undefined function and derivative."""
    atoms = set(expr.atoms(sp.Derivative)) | set(expr.atoms(AppliedUndef)) | expr.free_symbols
    return {a: sp.Rational(rng.randint(1, 97), rng.randint(5, 53)) for a in atoms}


def vanishes_identically(expr: sp.Expr, points: int = 3) -> bool:
    """Whether ``expr`` is identically zero.

    Exact when it decides "non-zero": the expression is evaluated at random rational points
    (undefined functions and their derivatives given independent random values, which is sound
    because a non-zero value at any point proves non-vanishing). Only when every point gives 0
    is ``simplify`` asked to confirm.
    """
    expr = sp.expand(expr)
    if expr == 0:
        return True
    rng = random.Random(20260101)
    for _ in range(points):
        val = expr.xreplace(_random_values(expr, rng))
        try:
            num = complex(sp.N(val, 30))
        except (TypeError, ValueError):
            continue
        if abs(num) > 1e-20:
            return False
    return sp.simplify(expr) == 0


def check_symmetric(g: sp.MatrixBase, what: str = "metric") -> None:
    n = g.shape[0]
    for i in range(n):
        for j in range(i + 1, n):
            if g[i, j] != g[j, i] and not vanishes_identically(g[i, j] - g[j, i]):
                raise ValueError(
                    f"{what} is not symmetric: entry [{i},{j}] = {g[i, j]} but [{j},{i}] = {g[j, i]}"
                )
