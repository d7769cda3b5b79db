"""Targeted simplification of metric components and Christoffel symbols.

Blanket ``simplify`` is slow (it tries everything). The components of metrics met in practice
are rational functions of the coordinates and of sin/cos of some of them, so a rational normal
form modulo sin² + cos² = 1 is both fast and short: :func:`simplify_component` computes a few
such candidates and keeps the one with the fewest operations (``count_ops``).
"""
from __future__ import annotations

import sympy as sp


def _trig_generators(expr: sp.Expr) -> list[tuple[sp.Expr, sp.Symbol, sp.Symbol]]:
    """Arguments u with sin(u) or cos(u) in ``expr``, with fresh symbols standing for them."""
    args = sorted({f.args[0] for f in expr.atoms(sp.sin, sp.cos)}, key=sp.default_sort_key)
    return [(u, sp.Dummy("s"), sp.Dummy("c")) for u in args]


def _reduce_pythagoras(p: sp.Expr, gens, eliminate: str) -> sp.Expr:
    """Normal form of polynomial ``p`` modulo s² + c² - 1 for each generator pair."""
    for _, s, c in gens:
        if not p.has(s) and not p.has(c):
            continue
        rel = s**2 + c**2 - 1
        order = (c, s) if eliminate == "c" else (s, c)
        _, p = sp.reduced(sp.expand(p), [rel], *order, order="lex")
    return p


def simplify_component(expr: sp.Expr) -> sp.Expr:
    """A short equivalent form of a rational(-trigonometric) expression.

    Candidates: ``cancel``; ``factor`` of it; and, when sin/cos of some argument occur, the
    numerator and denominator reduced modulo sin² + cos² = 1 (eliminating cos² or sin²), then
    factored. The candidate with the smallest ``count_ops`` is returned. Every candidate is
    equal to ``expr`` by construction (exact polynomial arithmetic).

    >>> import sympy as sp
    >>> r, th = sp.symbols('r theta')
    >>> simplify_component(r**2*sp.sin(th)**2 + r**2*sp.cos(th)**2)
    r**2
    """
    expr = sp.sympify(expr)
    if expr.is_Atom:
        return expr
    gens = _trig_generators(expr)
    if gens:
        forward = {}
        for u, s, c in gens:
            forward[sp.sin(u)] = s
            forward[sp.cos(u)] = c
        poly_expr = expr.xreplace(forward)
        if poly_expr.has(sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc):
            gens = []  # nested or other trig functions: stay with rational candidates
    candidates = []
    base = sp.cancel(sp.together(expr)) if not gens else None
    if not gens:
        candidates += [base, sp.factor(base)]
    else:
        back = {}
        for u, s, c in gens:
            back[s] = sp.sin(u)
            back[c] = sp.cos(u)
        num, den = sp.fraction(sp.cancel(sp.together(poly_expr)))
        for elim in ("c", "s"):
            n_red = _reduce_pythagoras(num, gens, elim)
            d_red = _reduce_pythagoras(den, gens, elim)
            q = sp.cancel(n_red / d_red)
            qn, qd = sp.fraction(q)
            # cancel may reintroduce s² + c² combinations; reduce once more, then factor
            qn = _reduce_pythagoras(qn, gens, elim)
            qd = _reduce_pythagoras(qd, gens, elim)
            candidates.append(sp.factor(qn).xreplace(back) / sp.factor(qd).xreplace(back))
        candidates.append(sp.factor(sp.cancel(poly_expr)).xreplace(back))
    return min(candidates, key=lambda e: (sp.count_ops(e), len(str(e))))
