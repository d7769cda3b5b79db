"""Short written proofs over symbolic sizes, checked step by step by SymPy.

A :class:`Proof` is a chain of equalities. Each :class:`Step` names the rule that justifies it
and carries the SymPy computation that checks it; a step holds only when that computation
returns zero. Sums over a symbolic range 1..N are handled by :func:`sum_over_square`, which
applies two laws valid for every N: a summand independent of an index contributes a factor N,
and a summand that factors as u(i)·v(j) sums to (Σ_i u)(Σ_j v).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence

import sympy as sp

from geomath.symbolic._validate import as_expr


@dataclass(frozen=True)
class Step:
    lhs: sp.Expr
    rhs: sp.Expr
    rule: str
    holds: bool
    residual: sp.Expr

    def latex(self) -> str:
        return f"{sp.latex(self.lhs)} = {sp.latex(self.rhs)} \\quad \\text{{({self.rule})}}"

    def _repr_latex_(self) -> str:
        return f"$\\displaystyle {self.latex()}$"


@dataclass
class Proof:
    """A chain of equalities ``claim: lhs = rhs`` justified step by step."""

    claim: str
    steps: list[Step] = field(default_factory=list)

    def step(self, lhs, rhs, rule: str, residual: sp.Expr | None = None) -> "Proof":
        """Add a step; ``residual`` (default lhs − rhs expanded) must vanish for it to hold."""
        lhs, rhs = as_expr(lhs, "lhs"), as_expr(rhs, "rhs")
        r = sp.expand(lhs - rhs) if residual is None else sp.expand(as_expr(residual, "residual"))
        self.steps.append(Step(lhs, rhs, rule, r == 0, r))
        return self

    @property
    def holds(self) -> bool:
        return bool(self.steps) and all(s.holds for s in self.steps)

    def failing_steps(self) -> list[Step]:
        return [s for s in self.steps if not s.holds]

    def latex(self) -> str:
        return "\\begin{aligned}" + " \\\\ ".join(s.latex() for s in self.steps) + "\\end{aligned}"

    def _repr_latex_(self) -> str:
        return f"$${self.latex()}$$"

    def __repr__(self) -> str:
        state = "holds" if self.holds else f"fails at {len(self.failing_steps())} step(s)"
        return f"Proof({self.claim!r}, {len(self.steps)} steps, {state})"


def sum_over_indices(
    summand: sp.Expr,
    indices: Sequence[sp.Symbol],
    N: sp.Symbol,
    named_sums: Mapping[sp.Expr, sp.Symbol],
) -> sp.Expr:
    """Σ_{i_1..i_m = 1}^{N} summand, for a polynomial summand, as an expression in N and the
    ``named_sums`` (e.g. {a[i]*b[i]: P, a[i]: A}: Σ_i a_i b_i = P, Σ_i a_i = A, keyed with the
    first index and matched after renaming each index to it).

    Applied monomial by monomial: the factor of a monomial that depends on one index only is
    looked up in ``named_sums`` (after renaming the index); a factor free of an index gives N.
    Raises ValueError when a factor couples two indices or is not a named sum: the rule does not
    apply, and the proof step must not be claimed.
    """
    summand = as_expr(summand, "summand")
    if isinstance(indices, (str, sp.Basic)) or not indices or not all(isinstance(i, sp.Symbol) for i in indices):
        raise TypeError(f"indices must be a non-empty sequence of sympy Symbols, got {indices!r}")
    first = indices[0]
    total = sp.S.Zero
    for mono in sp.Add.make_args(sp.expand(summand)):
        value = sp.S.One
        rest = mono
        for idx in indices:
            indep, dep = rest.as_independent(idx, as_Add=False)
            rest = indep
            if dep == 1:
                value *= N
                continue
            key = dep.xreplace({idx: first})
            coeff, key_core = key.as_independent(first, as_Add=False)
            if coeff != 1 or key_core not in named_sums:
                raise ValueError(f"no named sum for the factor {dep} over {idx}")
            value *= named_sums[key_core]
        if any(rest.has(i) for i in indices):
            raise ValueError(f"factor {rest} still depends on an index")
        total += rest * value
    return total



def delta_sum(expr: sp.Expr, idx: sp.Symbol, N: sp.Symbol, named_sums: Mapping[sp.Expr, sp.Symbol]) -> sp.Expr:
    """Σ_{idx=1}^{N} expr for a polynomial in Kronecker deltas and named sums.

    A monomial with a factor δ(idx, j) sums to the monomial at idx = j with the delta dropped
    (valid because j also runs over 1..N); any other monomial is summed by
    :func:`sum_over_indices` (a factor free of idx gives N, named sums by name).
    """
    expr = as_expr(expr, "expr")
    if not isinstance(idx, sp.Symbol):
        raise TypeError(f"idx must be a sympy Symbol (the summation index), got {idx!r}")
    total = sp.S.Zero
    for mono in sp.Add.make_args(sp.expand(expr)):
        deltas = [f for f in sp.Mul.make_args(mono) if isinstance(f, sp.KroneckerDelta) and f.has(idx)]
        if deltas:
            delta = deltas[0]
            other = delta.args[1] if delta.args[0] == idx else delta.args[0]
            total += (mono / delta).xreplace({idx: other})
        else:
            total += sum_over_indices(mono, [idx], N, named_sums)
    return sp.expand(total)

def symmetric_pair_sum_rule(h: Callable[[sp.Symbol, sp.Symbol], sp.Expr], i: sp.Symbol, j: sp.Symbol):
    """Conditions under which Σ_{i<j} h(i,j) = ½ Σ_{i,j} h(i,j): symmetry and zero diagonal.

    Returns (symmetry residual, diagonal residual); both must expand to 0. (The index square
    is the disjoint union of i<j, i>j and i=j; swapping the names maps the second onto the first.)
    """
    return sp.expand(h(i, j) - h(j, i)), sp.expand(h(i, i))
