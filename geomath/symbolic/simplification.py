"""Targeted simplification of metric components and Christoffel symbols.

Blanket ``simplify`` is slow (it tries everything). The components of metrics met in practice
are rational functions of the coordinates and of sin/cos of some of them, so a rational normal
form modulo sin² + cos² = 1 is both fast and short: :func:`simplify_component` computes a few
such candidates and keeps the one with the fewest operations (``count_ops``).
"""
from __future__ import annotations

import sympy as sp
from sympy.core.cache import cacheit

from geomath.symbolic._validate import as_expr


def _trig_generators(expr: sp.Expr) -> list[tuple[sp.Expr, sp.Symbol, sp.Symbol]]:
    """Arguments u with sin(u) or cos(u) in ``expr``, with fresh symbols standing for them."""
    args = sorted({f.args[0] for f in expr.atoms(sp.sin, sp.cos)}, key=sp.default_sort_key)
    return [(u, *_GENERATOR_SYMBOLS.setdefault(u, (sp.Dummy("s"), sp.Dummy("c")))) for u in args]


# one (s, c) pair per argument, so that forms cached for one component serve the next
_GENERATOR_SYMBOLS: dict = {}


def _reduce_pythagoras(p: sp.Expr, gens, eliminate: str) -> sp.Expr:
    """Normal form of polynomial ``p`` modulo s² + c² - 1 for each generator pair."""
    for _, s, c in gens:
        if not p.has(s) and not p.has(c):
            continue
        # eliminating v (= c or s): v^k = v^(k mod 2)·(1 − w²)^(k div 2), w the partner;
        # the remainder of division by s² + c² − 1 in lex order with v first, computed directly
        v, w = (c, s) if eliminate == "c" else (s, c)
        poly = sp.Poly(sp.expand(p), v)
        p = sp.expand(sp.Add(*[coeff * v ** (k % 2) * (1 - w**2) ** (k // 2) for (k,), coeff in poly.terms()]))
    return p


@cacheit  # registered with SymPy, so sympy.core.cache.clear_cache() clears it too
def _ops(e: sp.Expr) -> tuple[int, int]:
    """(count_ops, tree size): the size breaks ties between forms of equal count_ops."""
    return (sp.count_ops(e), sum(1 for _ in sp.preorder_traversal(e)))


def _merged_factorisations(coeff: sp.Expr, factors: list, gens) -> list[sp.Expr]:
    """The factorisation coeff·Π b^e, with factors ±(c² − 1) written as ∓s² (and likewise for
    s), then greedily re-expand products of factor pairs while that shortens it
    ((r − a·c)(r + a·c) is longer than r² − a²c²)."""
    pythagoras = {}
    for _, s, c in gens:
        pythagoras[sp.expand(c**2 - 1)] = -(s**2)
        pythagoras[sp.expand(1 - c**2)] = s**2
        pythagoras[sp.expand(s**2 - 1)] = -(c**2)
        pythagoras[sp.expand(1 - s**2)] = c**2
    items = [pythagoras.get(sp.expand(b), b) ** e for b, e in factors]
    best = coeff * sp.Mul(*items)
    out = [best]
    improved = True
    while improved and len(items) > 1:
        improved = False
        for a in range(len(items)):
            for b in range(a + 1, len(items)):
                merged = sp.expand(items[a] * items[b])
                merged = pythagoras.get(merged, merged)
                trial = items[:a] + items[a + 1:b] + items[b + 1:] + [merged]
                cand = coeff * sp.Mul(*trial)
                if _ops(cand) < _ops(best):
                    best, items, improved = cand, trial, True
                    break
            if improved:
                break
    out.append(best)
    return out


def _collected(p: sp.Expr, gens) -> list[sp.Expr]:
    """p collected in each of its symbols, each coefficient in its shortest simple form."""
    out = []
    for v in sorted(p.free_symbols, key=sp.default_sort_key):
        terms = sp.collect(p, v, evaluate=False)
        if len(terms) < 2:
            continue
        parts = []
        for power, coeff in terms.items():
            opts = [coeff]
            if isinstance(coeff, sp.Add):
                opts.append(sp.factor(coeff))
                if any(coeff.has(w) for _, sw, cw in gens for w in (sw, cw)):
                    opts += [_reduce_pythagoras(coeff, gens, elim) for elim in ("c", "s")]
            parts.append(power * min(opts, key=_ops))
        out.append(sp.Add(*parts))
    return out


def _adic_forms(p: sp.Expr, blocks: list[sp.Expr]) -> list[sp.Expr]:
    """p written in powers of a block P (an irreducible factor of the denominator).

    P must be v^k·(number) + (terms free of v) for one of its symbols v; p is reduced modulo
    v^k = (T − rest)/number (lex, v first), collected in T, and T put back as P. For Kerr's
    Σ = r² + a²cos²θ this gives numerators such as rΣ² − Ma²sin²θ·Σ + ….
    """
    out = []
    for P in blocks:
        for v in sorted(P.free_symbols, key=sp.default_sort_key):
            poly = sp.Poly(P, v)
            k = poly.degree()
            lead = poly.LC()
            if k < 1 or not lead.is_Number or any(
                deg not in (0, k) for (deg,) in poly.monoms()
            ):
                continue
            rest = sp.expand(P - lead * v**k)
            T = sp.Dummy("T")
            others = sorted((p.free_symbols | P.free_symbols) - {v}, key=sp.default_sort_key)
            _, red = sp.reduced(p, [v**k - (T - rest) / lead], v, T, *others, order="lex")
            terms = sp.collect(sp.expand(red), T, evaluate=False)
            if len(terms) < 2:
                continue
            parts = [power.xreplace({T: P}) * min((c, sp.factor(c)), key=_ops) for power, c in terms.items()]
            out.append(sp.Add(*parts))
            break
    return out


@cacheit
def _polynomial_forms(p: sp.Expr, gens: tuple, blocks: tuple = ()) -> list[sp.Expr]:
    """The three shortest of: p expanded; its factorisation (with merged factor pairs); and the
    factorisation with its largest factor collected in one of its symbols or written in powers
    of a denominator block. Collecting the largest factor, not all of p, keeps this cheap."""
    p = sp.expand(p)
    coeff, factors = sp.factor_list(p)
    forms = [p] + _merged_factorisations(coeff, factors, gens)
    adds = [(i, b) for i, (b, _) in enumerate(factors) if isinstance(b, sp.Add)]
    if adds:
        i, big = max(adds, key=lambda ib: len(ib[1].args))
        rest = coeff * sp.Mul(*[b**e for j, (b, e) in enumerate(factors) if j != i])
        e = factors[i][1]
        for alt in _collected(big, gens) + _adic_forms(big, list(blocks)):
            forms.append(rest * alt**e)
    return sorted(forms, key=_ops)[:3]


def _sign_variants(e: sp.Expr) -> list[sp.Expr]:
    """−A·f/B with f an Add factor rewritten as A·(−f)/B: one NEG less in count_ops."""
    if not e.could_extract_minus_sign():
        return []
    num, den = sp.fraction(e)
    out = []
    for which in ("num", "den"):
        part = num if which == "num" else den
        for f in sp.Mul.make_args(part):
            base, ex = f.as_base_exp()
            if isinstance(base, sp.Add) and ex.is_Integer and ex % 2 == 1:
                flipped = part.xreplace({f: sp.expand(-base) ** ex})
                out.append(-(flipped / den) if which == "num" else -(num / flipped))
    return out


def _tan_variants(e: sp.Expr) -> list[sp.Expr]:
    """cos(u)^m / sin(u)^m written as tan(u)^(−m) (and sin^m/cos^m as tan^m)."""
    powers: dict = {}
    for f in sp.Mul.make_args(e):
        base, ex = f.as_base_exp()
        if isinstance(base, (sp.sin, sp.cos)) and ex.is_Integer:
            powers.setdefault(base.args[0], {})[type(base)] = (f, int(ex))
    out = []
    for u, fs in powers.items():
        if sp.sin in fs and sp.cos in fs:
            (fsin, esin), (fcos, ecos) = fs[sp.sin], fs[sp.cos]
            if esin == -ecos:
                # rebuild the product from its top-level factors: xreplace would also touch
                # sin(u)/cos(u) inside other factors
                rest = [f for f in sp.Mul.make_args(e) if f is not fsin and f is not fcos]
                out.append(sp.Mul(*rest, sp.tan(u) ** esin))
    return out


def simplify_component(expr: sp.Expr) -> sp.Expr:
    """A short equivalent form of a rational(-trigonometric) expression.

    The expression is brought to one fraction (``cancel``) with sin u, cos u replaced by
    symbols s, c; numerator and denominator are reduced modulo s² + c² − 1 (eliminating c² or
    s²); each is then written in a few polynomial forms (expanded, factored with re-expanded
    factor pairs, collected in each symbol) and sign placements. The form with the smallest
    ``count_ops`` wins. Every candidate equals ``expr`` by exact polynomial arithmetic.

    >>> import sympy as sp
    >>> r, th = sp.symbols('r theta')
    >>> simplify_component(r**2*sp.sin(th)**2 + r**2*sp.cos(th)**2)
    r**2
    """
    expr = as_expr(expr, "expr")
    if expr.is_Atom:
        return expr
    gens = tuple(_trig_generators(expr))
    forward, back = {}, {}
    for u, s, c in gens:
        forward[sp.sin(u)] = s
        forward[sp.cos(u)] = c
        back[s] = sp.sin(u)
        back[c] = sp.cos(u)
    work = expr.xreplace(forward) if gens else expr
    if work.has(sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc):
        gens, back, work = (), {}, expr  # nested or other trig functions: rational forms only
    num, den = sp.fraction(sp.cancel(sp.together(work)))
    candidates = [expr]
    per_elimination = []
    for elim in ("c", "s") if gens else ("",):
        n_red = _reduce_pythagoras(num, gens, elim)
        d_red = _reduce_pythagoras(den, gens, elim)
        qn, qd = sp.fraction(sp.cancel(n_red / d_red))
        # cancel may reintroduce s² + c² combinations; reduce once more
        qn = _reduce_pythagoras(qn, gens, elim)
        qd = _reduce_pythagoras(qd, gens, elim)
        den_forms = _polynomial_forms(qd, gens)
        blocks = tuple(b for b, _ in sp.factor_list(qd)[1] if isinstance(b, sp.Add))
        num_forms = list(_polynomial_forms(qn, gens, blocks))
        # a factor common to every term of a numerator form is pulled out (−Δ·s²·(…))
        num_forms += [sp.factor_terms(f) for f in num_forms]
        per_elimination.append((qd, num_forms, den_forms))
    pairs = [(nf, df) for _, nfs, dfs in per_elimination for nf in nfs for df in dfs]
    if len(per_elimination) == 2:
        # numerator written without c², denominator without s² (or the reverse): valid when the
        # two denominators agree modulo s² + c² = 1, which is checked, not assumed
        (qd1, nfs1, dfs1), (qd2, nfs2, dfs2) = per_elimination
        if _reduce_pythagoras(sp.expand(qd1 - qd2), gens, "c") == 0:
            pairs += [(nf, df) for nf in nfs1 for df in dfs2] + [(nf, df) for nf in nfs2 for df in dfs1]
    for fn, fd in pairs:
        q = (fn / fd).xreplace(back)
        for v in [q, *_sign_variants(q)]:
            candidates.append(v)
            candidates.extend(_tan_variants(v))
    # Every candidate is equal by construction; one numeric spot check guards the winner
    # against a slip in the rewriting code itself (cheap, and only the winner is evaluated).
    point = _spot_values(expr)
    target = _evaluate(expr, point)
    for cand in _shortest_first(candidates):
        value = _evaluate(cand, point)
        if target is None or value is None or abs(value - target) <= 1e-9 * (1 + abs(target)):
            return cand
    return expr


def _shortest_first(candidates: list[sp.Expr]):
    """Candidates by count_ops; ties broken by printed length (computed only for ties)."""
    groups: dict[tuple, list[sp.Expr]] = {}
    for c in candidates:
        groups.setdefault(_ops(c), []).append(c)
    for ops in sorted(groups):
        yield from sorted(set(groups[ops]), key=lambda e: (len(str(e)), sp.default_sort_key(e)))


def _spot_values(expr: sp.Expr) -> dict:
    from sympy.core.function import AppliedUndef

    atoms = expr.free_symbols | expr.atoms(AppliedUndef) | expr.atoms(sp.Derivative)
    return {a: sp.Float(0.3 + 0.137 * k, 30) for k, a in enumerate(sorted(atoms, key=sp.default_sort_key))}


def _evaluate(expr: sp.Expr, point: dict) -> complex | None:
    try:
        return complex(sp.N(expr.xreplace(point), 25))
    except (TypeError, ValueError, ZeroDivisionError):
        return None
