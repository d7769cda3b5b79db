"""Claims of the paper “A Geometric Interpretation of Stochastic Gradient Descent Using Diffusion Metrics” (Fioresi, Chaudhari, Soatto), Section 3, Eq. (8) to Eq. (12): the steps of the derivation.

Symbolic evidence only (the numeric checks on small networks are added separately). Notation of
the paper: per-sample losses f_1..f_N on ℝ^d, f = (1/N)Σ_k f_k, f̂ = (f_i − f_j)_{i<j} (α runs over
the N(N−1)/2 pairs), D = (d_kℓ) = (1/N²)⟨∂f̂, ∂f̂⟩, g = D̃ = I + εD with ε (the paper's \\mathcal{E})
a constant. ``x(t), y(t)`` are generic curves, ``f1(x, y), ...`` generic functions; every
comparison is exact (rational arithmetic, no floating point).

Two small examples recur:

* ``_POLY``: N = 3 on ℝ², f₁ = (x−1)², f₂ = 2y², f₃ = x + y (quadratic, so ∂³f̂ = 0), with the
  exact GD trajectory from x₀ = (0, 0): x(t) = ½ − ½e^{−2t/3}, y(t) = −¼ + ¼e^{−4t/3} (checked
  to solve ẋ = −∇f before use);
* generic quadratics f_k = a_k x² + b_k xy + c_k y² + p_k x + q_k y + r_k with symbolic
  coefficients, on a generic curve or on the straight line x₀ + tv.

Private helpers here that geomath.symbolic does not have: derivative along a curve of a
function of the coordinates (``_along``), the scalar curl in ℝ² (``_curl2``) and the matrix
divergence (∇·M)_i = Σ_j ∂_j M_ij (``_divergence``).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Sequence

import sympy as sp

from geomath.symbolic import (
    Metric,
    diffusion_pairwise_form,
    fhat_christoffel_form,
    loss_differences,
    per_sample_gradients,
    series_coefficient,
    weak_field_christoffel,
)
from verification.evidence import fact, numeric_close, symbolic_identity
from verification.model import Claim, Derivation, Finding
from verification.claims._common import PAPER, t, paper_source as _src, grad as _grad, along as _along

DOC = PAPER

x, y = sp.symbols("x y", real=True)
eps = sp.Symbol(r"\mathcal{E}")  # the paper's weak-field parameter, a constant
beta_inv = sp.Symbol(r"\beta^{-1}", positive=True)
C2 = (x, y)

_EXPAND = sp.expand  # the identities below are polynomial in (derivatives of) generic functions


def _s(e) -> str:
    """An exact value for the report (LaTeX)."""
    return sp.latex(sp.nsimplify(e) if isinstance(e, float) else e)


# -- private helpers -------------------------------------------------------------------------


def _curl2(v: Sequence[sp.Expr], coords=C2) -> sp.Expr:
    """∂_x v_y − ∂_y v_x: zero for a gradient field in ℝ²."""
    return sp.diff(v[1], coords[0]) - sp.diff(v[0], coords[1])


def _divergence(M: sp.MatrixBase, coords) -> sp.Matrix:
    """(∇·M)_i = Σ_j ∂_j M_ij (the convention of [3] for the divergence of a matrix field)."""
    n = len(coords)
    return sp.Matrix([sp.Add(*[sp.diff(M[i, j], coords[j]) for j in range(n)]) for i in range(n)])


class _Setup:
    """Losses, f̂, D, f and a curve for one example."""

    def __init__(self, losses, coords):
        self.coords = tuple(coords)
        self.losses = list(losses)
        self.N = len(self.losses)
        self.d = len(self.coords)
        self.fhat = loss_differences(self.losses)
        self.D = diffusion_pairwise_form(per_sample_gradients(self.losses, self.coords))
        self.f = sp.Add(*self.losses) / self.N
        self.gradf = _grad(self.f, self.coords)
        self.curve = Metric(sp.eye(self.d), self.coords).curve(t)  # x(t), y(t) as generic functions
        self.on = dict(zip(self.coords, self.curve))
        self.xd = [sp.diff(c, t) for c in self.curve]
        self.xdd = [sp.diff(c, t, 2) for c in self.curve]


@lru_cache(maxsize=None)
def _generic(N: int = 3) -> _Setup:
    return _Setup([sp.Function(f"f{k}")(x, y) for k in range(1, N + 1)], C2)


@lru_cache(maxsize=None)
def _poly() -> _Setup:
    return _Setup([(x - 1) ** 2, 2 * y**2, x + y], C2)


_POLY_TEXT = r"N=3 on \mathbb{R}^2: f_1=(x-1)^2,\ f_2=2y^2,\ f_3=x+y"


@lru_cache(maxsize=None)
def _poly_gd() -> dict:
    """The exact GD trajectory of ``_poly`` from (0, 0); raises if it does not solve ẋ = −∇f."""
    S = _poly()
    X = sp.Rational(1, 2) - sp.exp(-2 * t / 3) / 2
    Y = -sp.Rational(1, 4) + sp.exp(-4 * t / 3) / 4
    on = {x: X, y: Y}
    res = [sp.simplify(sp.diff(c, t) + S.gradf[i].xreplace(on)) for i, c in enumerate((X, Y))]
    if any(r != 0 for r in res) or (X.subs(t, 0), Y.subs(t, 0)) != (0, 0):
        raise RuntimeError(f"the closed-form GD trajectory of the example is wrong: residual {res}")
    return on


def _third_derivatives_vanish(fhat, coords) -> bool:
    return all(sp.diff(fa, a, b, c) == 0 for fa in fhat for a in coords for b in coords for c in coords)


@lru_cache(maxsize=None)
def _generic_quadratics(N: int = 3) -> _Setup:
    losses = []
    for k in range(1, N + 1):
        a, b, c, p, q, r = sp.symbols(f"a{k} b{k} c{k} p{k} q{k} r{k}")
        losses.append(a * x**2 + b * x * y + c * y**2 + p * x + q * y + r)
    return _Setup(losses, C2)


_X0 = sp.symbols("x_0 y_0")
_V = sp.symbols("v_x v_y")
_LINE = {x: _X0[0] + t * _V[0], y: _X0[1] + t * _V[1]}  # straight line x0 + t v (ẍ = 0)


# =============================================================================================
# geodesic-eq8-form
# =============================================================================================


def _eq4_with_paper_force(S: _Setup) -> list[sp.Expr]:
    """Eq. (4) with g = I + εD to O(ε) (weak_field_christoffel) and the force −(d/dt)∂_k f of the
    paragraph after Eq. (5); returned as LHS − RHS along the generic curve."""
    G = weak_field_christoffel(S.D, S.coords, eps, order=1)
    out = []
    for k in range(S.d):
        quad = sp.Add(*[G[k, i, j].xreplace(S.on) * S.xd[i] * S.xd[j] for i in range(S.d) for j in range(S.d)])
        force = -_along(S.gradf[k], S.on)
        out.append(S.xdd[k] + quad - force)
    return out


def _eq8(S: _Setup, rhs_sign: int) -> list[sp.Expr]:
    """Eq. (8) with the paper's Γ = (ε/N²)⟨∂_i∂_j f̂, ∂_k f̂⟩ and RHS = rhs_sign·(d/dt)∂_k f, as LHS − RHS."""
    G = fhat_christoffel_form(S.losses, S.coords, eps)
    out = []
    for k in range(S.d):
        quad = sp.Add(*[G[k, i, j].xreplace(S.on) * S.xd[i] * S.xd[j] for i in range(S.d) for j in range(S.d)])
        out.append(S.xdd[k] + quad - rhs_sign * _along(S.gradf[k], S.on))
    return out


# geodesic-eq8-form reads Eq. (8) with the sign that the force stated after Eq. (5) and the integrated
# equation before Eq. (10) give it (−(d/dt)∂_k f): the checks of that form are its statement; the
# printed + sign is a typo the context corrects, so the checks of the literal sign are caveats.


def check_eq8_against_eq4(ctx):
    S = _generic()
    eq4 = _eq4_with_paper_force(S)
    printed, corrected = _eq8(S, +1), _eq8(S, -1)
    common = {"example": "generic f_1, f_2, f_3 of (x, y), generic curve (x(t), y(t)); Γ of g = I + εD to O(ε) "
              "from weak_field_christoffel on one side, the paper's (ε/N²)⟨∂_i∂_j f̂, ∂_k f̂⟩ on the other"}
    return [
        symbolic_identity(printed, eq4, "Eq. (8) as printed (RHS +(d/dt)∂_k f) vs Eq. (4) with g = I + εD to O(ε) "
                          "and the force −(d/dt)∂_k f stated after Eq. (5)", role="caveat", simplifier=_EXPAND,
                          details=common),
        symbolic_identity(corrected, eq4, "Eq. (8) with RHS −(d/dt)∂_k f vs Eq. (4) with g = I + εD to O(ε) and "
                          "the force −(d/dt)∂_k f", role="statement", simplifier=_EXPAND, details=common),
    ]


def check_eq8_against_integrated(ctx):
    """At ε = 0 the paper's own integrated equation reads ẋ^k = −∂_k f; its t-derivative must be Eq. (8)."""
    S = _generic()
    integrated_dt = [sp.diff(S.xd[k] + S.gradf[k].xreplace(S.on), t) for k in range(S.d)]
    printed = [e.subs(eps, 0) for e in _eq8(S, +1)]
    corrected = [e.subs(eps, 0) for e in _eq8(S, -1)]
    ascent = [sp.expand(p - sp.diff(S.xd[k] - S.gradf[k].xreplace(S.on), t)) for k, p in enumerate(printed)]
    why = {"paper's integrated equation at ε = 0": r"\dot x^k = -\partial_k f",
           "Eq. (8) as printed at ε = 0 minus d/dt(ẋ^k − ∂_k f) (0: it integrates to ẋ = ∇f + c, ascent)":
               [_s(a) for a in ascent]}
    return [
        symbolic_identity(printed, integrated_dt, "Eq. (8) as printed at ε = 0 vs the t-derivative of the paper's "
                          "integrated equation at ε = 0 (ẋ^k + ∂_k f = 0)", role="caveat", simplifier=_EXPAND,
                          details=why),
        symbolic_identity(corrected, integrated_dt, "Eq. (8) with RHS −(d/dt)∂_k f at ε = 0 vs the t-derivative of "
                          "ẋ^k + ∂_k f = 0", role="statement", simplifier=_EXPAND, details=why),
    ]


def check_eq8_gd_limit(ctx):
    """Along the exact GD trajectory of the quadratic example, Eq. (8) at ε = 0 (D plays no role)."""
    S, on = _poly(), _poly_gd()
    xdd = [sp.diff(on[c], t, 2) for c in S.coords]
    dgrad = [_along(S.gradf[k], on) for k in range(S.d)]
    printed = [sp.simplify(xdd[k] - dgrad[k]) for k in range(S.d)]
    corrected = [sp.simplify(xdd[k] + dgrad[k]) for k in range(S.d)]
    det = {
        "example": _POLY_TEXT + r";\ x(t)=\tfrac12-\tfrac12e^{-2t/3},\ y(t)=-\tfrac14+\tfrac14e^{-4t/3} (GD from (0,0))",
        "printed Eq. (8) residual ẍ − (d/dt)∇f along GD, at t = 0": [_s(r.subs(t, 0)) for r in printed],
        "corrected residual ẍ + (d/dt)∇f along GD, at t = 0": [_s(r.subs(t, 0)) for r in corrected],
    }
    return [
        symbolic_identity(printed, [0, 0], "GD trajectory satisfies Eq. (8) as printed at ε = 0",
                          role="caveat", simplifier=_EXPAND, details=det),
        symbolic_identity(corrected, [0, 0], "GD trajectory satisfies Eq. (8) with RHS −(d/dt)∂_k f at ε = 0",
                          role="statement", simplifier=_EXPAND, details=det),
    ]


# =============================================================================================
# eq8-chain-rule-step
# =============================================================================================


def _quadratic_form_paper(S: _Setup, on: dict, xd) -> list[sp.Expr]:
    """(ε/N²)Σ_ij⟨∂_i∂_j f̂, ∂_k f̂⟩ẋ^iẋ^j along ``on`` (from fhat_christoffel_form)."""
    G = fhat_christoffel_form(S.losses, S.coords, eps)
    return [sp.Add(*[G[k, i, j].xreplace(on) * xd[i] * xd[j] for i in range(S.d) for j in range(S.d)])
            for k in range(S.d)]


def _paper_rhs_chain(S: _Setup, on: dict) -> list[sp.Expr]:
    """(ε/N²)Σ_α (d²f̂_α/dt²)∂_k f̂_α, d²/dt² by SymPy along ``on``."""
    return [eps / S.N**2 * sp.Add(*[_along(fa, on, 2) * sp.diff(fa, S.coords[k]).xreplace(on) for fa in S.fhat])
            for k in range(S.d)]


def check_chain_rule_generic(ctx):
    S = _generic()
    lhs = _quadratic_form_paper(S, S.on, S.xd)
    triple = [eps / S.N**2 * sp.Add(*[
        (sp.diff(fa, S.coords[i], S.coords[j]) * sp.diff(fa, S.coords[k])).xreplace(S.on) * S.xd[i] * S.xd[j]
        for fa in S.fhat for i in range(S.d) for j in range(S.d)]) for k in range(S.d)]
    rhs = _paper_rhs_chain(S, S.on)
    Dxdd = [eps * sp.Add(*[S.D[k, l].xreplace(S.on) * S.xdd[l] for l in range(S.d)]) for k in range(S.d)]
    missing = [sp.expand(r - q) for r, q in zip(rhs, lhs)]
    det = {
        "example": "generic f_1, f_2, f_3 of (x, y) (N = 3, d = 2), generic curve",
        "powers of ε in the term the printed step drops": sorted({mon[0] for m in missing if m != 0
                                                                  for mon in sp.Poly(m, eps).monoms()}),
    }
    per_alpha_lhs = [_along(fa, S.on, 2) for fa in S.fhat]
    per_alpha_rhs = [sp.Add(*[sp.diff(fa, S.coords[i], S.coords[j]).xreplace(S.on) * S.xd[i] * S.xd[j]
                              for i in range(S.d) for j in range(S.d)])
                     + sp.Add(*[sp.diff(fa, S.coords[i]).xreplace(S.on) * S.xdd[i] for i in range(S.d)])
                     for fa in S.fhat]
    return [
        symbolic_identity(lhs, triple, "first equality: (ε/N²)Σ_ij⟨∂_i∂_j f̂, ∂_k f̂⟩ẋ^iẋ^j (fhat_christoffel_form) "
                          "vs the written-out sum over i, j, α", simplifier=_EXPAND, details=det),
        symbolic_identity(lhs, rhs, "second equality: (ε/N²)Σ_ij⟨∂_i∂_j f̂, ∂_k f̂⟩ẋ^iẋ^j vs (ε/N²)Σ_α "
                          "(d²f̂_α/dt²)∂_k f̂_α (d²/dt² by SymPy along a generic curve)", simplifier=_EXPAND, details=det),
        symbolic_identity(per_alpha_lhs, per_alpha_rhs, "chain rule per α: d²f̂_α/dt² = Σ_ij ∂_i∂_j f̂_α ẋ^iẋ^j + "
                          "Σ_i ∂_i f̂_α ẍ^i", role="correction", simplifier=_EXPAND, details=det),
        symbolic_identity(lhs, [r - m for r, m in zip(rhs, Dxdd)], "corrected second equality: (ε/N²)Σ_ij⟨∂_i∂_j "
                          "f̂, ∂_k f̂⟩ẋ^iẋ^j = (ε/N²)Σ_α(d²f̂_α/dt²)∂_k f̂_α − ε(Dẍ)_k (D from diffusion_pairwise_form)",
                          role="correction", simplifier=_EXPAND, details=det),
    ]


def check_chain_rule_gd_example(ctx):
    """Both sides along the exact GD trajectory (ẍ ≠ 0) and along a straight line (ẍ = 0)."""
    S, on = _poly(), _poly_gd()
    xd = [sp.diff(on[c], t) for c in S.coords]
    xdd = [sp.diff(on[c], t, 2) for c in S.coords]
    lhs = _quadratic_form_paper(S, on, xd)
    rhs = _paper_rhs_chain(S, on)
    Dxdd = [eps * sp.Add(*[S.D[k, l].xreplace(on) * xdd[l] for l in range(S.d)]) for k in range(S.d)]
    line = {x: t, y: 2 * t}
    lhs_l = _quadratic_form_paper(S, line, [sp.Integer(1), sp.Integer(2)])
    rhs_l = _paper_rhs_chain(S, line)
    det = {
        "example": _POLY_TEXT + ", exact GD trajectory from (0, 0)",
        "LHS (ε/N²)Σ⟨∂_i∂_j f̂,∂_k f̂⟩ẋ^iẋ^j at t = 0": [_s(sp.simplify(v.subs(t, 0))) for v in lhs],
        "printed RHS (ε/N²)Σ_α(d²f̂_α/dt²)∂_k f̂_α at t = 0": [_s(sp.simplify(v.subs(t, 0))) for v in rhs],
        "missing term −ε(Dẍ)_k at t = 0": [_s(sp.simplify(-v.subs(t, 0))) for v in Dxdd],
        "straight line (t, 2t), ẍ = 0: LHS − RHS (both sides agree there)": [_s(sp.expand(a - b)) for a, b in zip(lhs_l, rhs_l)],
    }
    return [
        symbolic_identity([sp.simplify(v) for v in lhs], [sp.simplify(v) for v in rhs],
                          "along a GD trajectory: (ε/N²)Σ⟨∂_i∂_j f̂,∂_k f̂⟩ẋ^iẋ^j vs (ε/N²)Σ_α(d²f̂_α/dt²)∂_k f̂_α",
                          simplifier=sp.simplify, details=det),
        symbolic_identity([sp.simplify(v) for v in lhs], [sp.simplify(r - m) for r, m in zip(rhs, Dxdd)],
                          "along a GD trajectory: LHS vs (ε/N²)Σ_α(d²f̂_α/dt²)∂_k f̂_α − ε(Dẍ)_k",
                          role="correction", simplifier=sp.simplify, details=det),
    ]


# =============================================================================================
# eq8-integration-by-parts
# =============================================================================================

_a, _b = sp.Function("a")(t), sp.Function("b")(t)


def check_ibp_generic(ctx):
    """∫a''b = a'b − ∫a'b' = a'b − ab' + ∫ab'' for generic a(t), b(t), as antiderivatives (compare derivatives)."""
    a1, a2, b1, b2 = sp.diff(_a, t), sp.diff(_a, t, 2), sp.diff(_b, t), sp.diff(_b, t, 2)
    L = sp.Integral(a2 * _b, t)
    M = a1 * _b - sp.Integral(a1 * b1, t)
    R = a1 * _b - _a * b1 + sp.Integral(_a * b2, t)
    M_literal = a1 * _b - sp.Integral(a1 * _b, t)  # "∂_k f̂_α/dt" read with no derivative on b
    return [
        symbolic_identity(sp.diff(L, t), sp.diff(M, t), "d/dt of ∫a''b dt vs d/dt of a'b − ∫a'b' dt (generic a, b)",
                          kind="symbolic-proof", simplifier=_EXPAND),
        symbolic_identity(sp.diff(M, t), sp.diff(R, t), "d/dt of a'b − ∫a'b' dt vs d/dt of a'b − ab' + ∫ab'' dt",
                          kind="symbolic-proof", simplifier=_EXPAND),
        symbolic_identity(sp.diff(L, t), sp.diff(M_literal, t), "literal reading of the factor ∂_k f̂_α/dt (no "
                          "derivative on b = ∂_k f̂_α): d/dt of a'b − ∫a'b dt vs a''b", kind="symbolic-proof",
                          role="caveat", simplifier=_EXPAND,
                          details={"the two readings of the factor differ by": _s(sp.diff(_b, t) - _b)}),
    ]


def check_ibp_constants(ctx):
    """Definite version ∫_0^t: the identity needs the boundary term at 0, which the antiderivatives drop."""
    s = sp.Symbol("s", real=True)
    a, b = s**2 + 1, s + 1
    lhs = sp.integrate(sp.diff(a, s, 2) * b, (s, 0, t))
    ev = lambda e: e.subs(s, t) - e.subs(s, 0)  # noqa: E731
    boundary = sp.diff(a, s) * b - a * sp.diff(b, s)
    with_bd = ev(boundary) + sp.integrate(a * sp.diff(b, s, 2), (s, 0, t))
    without_bd = boundary.subs(s, t) + sp.integrate(a * sp.diff(b, s, 2), (s, 0, t))
    det = {"example": r"a(s)=s^2+1,\ b(s)=s+1",
           r"\int_0^t a''b\,ds": _s(sp.expand(lhs)),
           r"a'b-ab' at t (boundary term at 0 dropped)": _s(sp.expand(without_bd)),
           r"[a'b-ab']_0^t": _s(sp.expand(with_bd))}
    return [
        symbolic_identity(lhs, with_bd, "∫_0^t a''b = [a'b − ab']_0^t + ∫_0^t ab'' (with boundary terms)",
                          simplifier=_EXPAND, details=det),
        symbolic_identity(lhs, without_bd, "∫_0^t a''b = a'b − ab' + ∫_0^t ab'' with the constant of integration "
                          "dropped, as the later steps do", role="caveat", simplifier=_EXPAND, details=det),
    ]


def check_ibp_instance(ctx):
    """a = f̂_α(x(t)), b = ∂_k f̂_α(x(t)), N = 3, d = 2 generic: derivative of the right side = integrand."""
    S = _generic()
    out_l, out_m, out_r = [], [], []
    for k in range(S.d):
        integrand, m_dt, r_dt = [], [], []
        for fa in S.fhat:
            a = fa.xreplace(S.on)
            b = sp.diff(fa, S.coords[k]).xreplace(S.on)
            integrand.append(sp.diff(a, t, 2) * b)
            m_dt.append(sp.diff(sp.diff(a, t) * b, t) - sp.diff(a, t) * sp.diff(b, t))
            r_dt.append(sp.diff(sp.diff(a, t) * b - a * sp.diff(b, t), t) + a * sp.diff(b, t, 2))
        out_l.append(eps / S.N**2 * sp.Add(*integrand))
        out_m.append(eps / S.N**2 * sp.Add(*m_dt))
        out_r.append(eps / S.N**2 * sp.Add(*r_dt))
    det = {"example": "generic f_1, f_2, f_3 of (x, y), generic curve; a = f̂_α(x(t)), b = (d/dt-reading) ∂_k f̂_α(x(t))"}
    return [
        symbolic_identity(out_m, out_l, "d/dt of the middle expression vs the integrand (ε/N²)Σ_α(d²f̂_α/dt²)∂_k f̂_α",
                          simplifier=_EXPAND, details=det),
        symbolic_identity(out_r, out_l, "d/dt of the last expression vs the integrand", simplifier=_EXPAND, details=det),
    ]


# =============================================================================================
# eq9-third-derivative
# =============================================================================================


def check_eq9_gd_counterexample(ctx):
    S, on = _poly(), _poly_gd()
    if not _third_derivatives_vanish(S.fhat, S.coords):
        raise RuntimeError("the example must satisfy ∂³f̂ = 0")
    vals = [sp.simplify(_along(sp.diff(fa, S.coords[k]), on, 2)) for fa in S.fhat for k in range(S.d)]
    xdd = [sp.diff(on[c], t, 2) for c in S.coords]
    h_xdd = [sp.simplify(sp.Add(*[sp.diff(fa, S.coords[i], S.coords[k]) * xdd[i] for i in range(S.d)]).xreplace(on))
             for fa in S.fhat for k in range(S.d)]
    det = {
        "example": _POLY_TEXT + r" (\partial^3\hat f=0 checked), exact GD trajectory from (0,0)",
        r"(d^2/dt^2)\partial_k\hat f_\alpha at t=0, (α,k) = (1,x),(1,y),(2,x),(2,y),(3,x),(3,y)":
            [_s(v.subs(t, 0)) for v in vals],
        r"\sum_i\partial_i\partial_k\hat f_\alpha\,\ddot x^i at t=0": [_s(v.subs(t, 0)) for v in h_xdd],
    }
    return [
        symbolic_identity(vals, [0] * len(vals), "(d²/dt²)∂_k f̂_α along a GD trajectory of a loss with ∂³f̂ = 0 vs 0 "
                          "(Eq. (9))", simplifier=sp.simplify, details=det),
        symbolic_identity(vals, h_xdd, "(d²/dt²)∂_k f̂_α vs Σ_i ∂_i∂_k f̂_α ẍ^i along the same GD trajectory",
                          role="correction", simplifier=sp.simplify, details=det),
    ]


def check_eq9_generic(ctx):
    S = _generic()
    lhs, rhs = [], []
    for fa in S.fhat:
        for k in range(S.d):
            fk = sp.diff(fa, S.coords[k])
            lhs.append(_along(fk, S.on, 2))
            rhs.append(sp.Add(*[sp.diff(fk, S.coords[i], S.coords[j]).xreplace(S.on) * S.xd[i] * S.xd[j]
                                for i in range(S.d) for j in range(S.d)])
                       + sp.Add(*[sp.diff(fk, S.coords[i]).xreplace(S.on) * S.xdd[i] for i in range(S.d)]))
    Q = _generic_quadratics()
    if not _third_derivatives_vanish(Q.fhat, Q.coords):
        raise RuntimeError("generic quadratics must satisfy ∂³f̂ = 0")
    q_lhs, q_rhs, q_line = [], [], []
    for fa in Q.fhat:
        for k in range(Q.d):
            fk = sp.diff(fa, Q.coords[k])
            q_lhs.append(_along(fk, Q.on, 2))
            q_rhs.append(sp.Add(*[sp.diff(fk, Q.coords[i]).xreplace(Q.on) * Q.xdd[i] for i in range(Q.d)]))
            q_line.append(_along(fk, _LINE, 2))
    return [
        symbolic_identity(lhs, rhs, "chain rule: (d²/dt²)∂_k f̂_α = Σ_ij ∂_i∂_j∂_k f̂_α ẋ^iẋ^j + Σ_i ∂_i∂_k f̂_α ẍ^i "
                          "(generic f_k, generic curve)", role="correction", simplifier=_EXPAND),
        symbolic_identity(q_lhs, q_rhs, "generic quadratic f_k (∂³f̂ = 0), generic curve: (d²/dt²)∂_k f̂_α vs "
                          "Σ_i ∂_i∂_k f̂_α ẍ^i", role="correction", simplifier=_EXPAND),
        symbolic_identity(q_line, [0] * len(q_line), "generic quadratic f_k on a straight line x₀ + tv (ẍ = 0): "
                          "(d²/dt²)∂_k f̂_α vs 0", role="correction", simplifier=_EXPAND),
    ]


# =============================================================================================
# eq9-consequence
# =============================================================================================


def _eq9_pieces(S: _Setup, on: dict, xd):
    """Per k: integrand, a'b − ab' (previous display), printed middle, corrected middle, final line."""
    out = []
    pre = eps / S.N**2
    for k in range(S.d):
        A = [fa.xreplace(on) for fa in S.fhat]
        B = [sp.diff(fa, S.coords[k]).xreplace(on) for fa in S.fhat]
        first = sp.Add(*[sp.diff(fa, S.coords[l]).xreplace(on) * xd[l] * b
                         for fa, b in zip(S.fhat, B) for l in range(S.d)])
        second = sp.Add(*[a * sp.diff(b, t) for a, b in zip(A, B)])
        integrand = pre * sp.Add(*[sp.diff(a, t, 2) * b for a, b in zip(A, B)])
        ibp = pre * sp.Add(*[sp.diff(a, t) * b - a * sp.diff(b, t) for a, b in zip(A, B)])
        middle_printed = pre * (first - S.d * second)  # Σ_{α,ℓ}[X_αℓ − Y_α]: Y_α counted once per ℓ
        middle_fixed = pre * (first - second)
        final = eps * sp.Add(*[S.D[k, l].xreplace(on) * xd[l] for l in range(S.d)]) - pre * second
        out.append(dict(integrand=integrand, ibp=ibp, printed=middle_printed, fixed=middle_fixed, final=final,
                        rest=pre * sp.Add(*[a * sp.diff(b, t, 2) for a, b in zip(A, B)])))
    return out


def check_eq9_consequence_generic(ctx):
    S = _generic()
    P = _eq9_pieces(S, S.on, S.xd)
    det = {"example": "generic f_1, f_2, f_3 of (x, y) (N = 3, d = 2), generic curve"}
    return [
        symbolic_identity([p["printed"] for p in P], [p["final"] for p in P],
                          "middle line as printed (Σ_{α,ℓ} over both terms of the bracket) vs the final line",
                          role="caveat", simplifier=_EXPAND, details=det),
        symbolic_identity([p["ibp"] for p in P], [p["final"] for p in P],
                          "(ε/N²)Σ_α[(df̂_α/dt)∂_k f̂_α − f̂_α(d/dt)∂_k f̂_α] (previous display, ∫ dropped by Eq. (9)) "
                          "vs the final line εΣ_ℓ d_kℓ ẋ^ℓ − (ε/N²)Σ_α f̂_α(d/dt)∂_k f̂_α", simplifier=_EXPAND, details=det),
        symbolic_identity([p["fixed"] for p in P], [p["final"] for p in P],
                          "middle line with Σ_ℓ on the first term only vs the final line", role="correction",
                          simplifier=_EXPAND, details=det),
        symbolic_identity([sp.diff(p["final"], t) - p["integrand"] for p in P], [-p["rest"] for p in P],
                          "d/dt(final line) − integrand vs −(ε/N²)Σ_α f̂_α (d²/dt²)∂_k f̂_α (so the final line is an "
                          "antiderivative exactly when Eq. (9) holds)", role="correction", simplifier=_EXPAND, details=det),
    ]


def check_eq9_consequence_where_eq9_holds(ctx):
    """Generic quadratics on a straight line: Eq. (9) holds exactly there; then the final line is an antiderivative."""
    Q = _generic_quadratics()
    xd = [sp.diff(_LINE[c], t) for c in Q.coords]
    rest = [_along(sp.diff(fa, c), _LINE, 2) for fa in Q.fhat for c in Q.coords]
    if any(sp.expand(r) != 0 for r in rest):
        raise RuntimeError("Eq. (9) must hold exactly in this example")
    P = _eq9_pieces(Q, _LINE, xd)
    # numbers: the example polynomial on the line (t, t) at t = 1
    S = _poly()
    line = {x: t, y: t}
    Pn = _eq9_pieces(S, line, [sp.Integer(1), sp.Integer(1)])
    det = {
        "example": "generic quadratic f_1..f_3 (18 symbolic coefficients) on x₀ + tv (Eq. (9) holds exactly)",
        "numbers": _POLY_TEXT + " on the line (t, t), t = 1",
        "printed middle line at t = 1": [_s(sp.expand(p["printed"].subs(t, 1))) for p in Pn],
        "final line at t = 1": [_s(sp.expand(p["final"].subs(t, 1))) for p in Pn],
        "printed middle − final = −(d−1)(ε/N²)Σ_α f̂_α (d/dt)∂_k f̂_α, d = 2":
            [_s(sp.expand((p["printed"] - p["final"]).subs(t, 1))) for p in Pn],
    }
    return [
        symbolic_identity([sp.diff(p["final"], t) for p in P], [p["integrand"] for p in P],
                          "where Eq. (9) holds: d/dt(final line) vs the integrand (ε/N²)Σ_α(d²f̂_α/dt²)∂_k f̂_α",
                          simplifier=_EXPAND, details=det),
        symbolic_identity([p["printed"] for p in Pn], [p["final"] for p in Pn],
                          "where Eq. (9) holds (quadratic example, straight line): printed middle line vs final line",
                          role="caveat", simplifier=_EXPAND, details=det),
    ]


# =============================================================================================
# drop-eps-over-N2-term
# =============================================================================================


def _kept_and_dropped(S: _Setup, on: dict, xd):
    kept = [eps * sp.Add(*[S.D[k, l].xreplace(on) * xd[l] for l in range(S.d)]) for k in range(S.d)]
    kept_alpha = [eps / S.N**2 * sp.Add(*[sp.diff(fa, S.coords[k]).xreplace(on) * _along(fa, on) for fa in S.fhat])
                  for k in range(S.d)]
    dropped = [eps / S.N**2 * sp.Add(*[fa.xreplace(on) * _along(sp.diff(fa, S.coords[k]), on) for fa in S.fhat])
               for k in range(S.d)]
    return kept, kept_alpha, dropped


def check_drop_same_prefactor(ctx):
    S = _generic()
    kept, kept_alpha, dropped = _kept_and_dropped(S, S.on, S.xd)
    powers_k = sorted({m[0] for e in kept for m in sp.Poly(sp.expand(e), eps).monoms()})
    powers_d = sorted({m[0] for e in dropped for m in sp.Poly(sp.expand(e), eps).monoms()})
    det = {"example": "generic f_1, f_2, f_3 of (x, y), generic curve",
           "powers of ε in the kept term": powers_k, "powers of ε in the dropped term": powers_d,
           "α-summands in each": len(S.fhat)}
    return [
        symbolic_identity(kept, kept_alpha, "kept term εΣ_ℓ d_kℓ ẋ^ℓ (D from diffusion_pairwise_form) vs "
                          "(ε/N²)Σ_α ∂_k f̂_α (df̂_α/dt): the same prefactor ε/N² and the same α-sum as the dropped term",
                          role="correction", simplifier=_EXPAND, details=det),
        fact(powers_k == powers_d == [1], "kept and dropped terms are both exactly first order in ε",
             role="correction", details=det),
    ]


def check_drop_ratio_example(ctx):
    """At x₀ = (0, 0) with the GD velocity ẋ = −∇f(x₀): the ratio dropped/kept as ε → 0."""
    S = _poly()
    pt = {x: 0, y: 0}
    v = list((-S.gradf).subs(pt))
    line = {x: v[0] * t, y: v[1] * t}  # a curve through x₀ with velocity v (only ẋ(0) enters at t = 0)
    kept, _, dropped = _kept_and_dropped(S, line, v)
    ratios = [sp.limit(sp.simplify(dk.subs(t, 0) / kk.subs(t, 0)), eps, 0) for dk, kk in zip(dropped, kept)]
    det = {"example": _POLY_TEXT + r", at x_0=(0,0) with \dot x=-\nabla f(x_0)=" + _s(sp.Matrix(v).T),
           "kept εΣ_ℓ d_kℓ ẋ^ℓ": [_s(sp.factor(kk.subs(t, 0))) for kk in kept],
           "dropped (ε/N²)Σ_α f̂_α (d/dt)∂_k f̂_α": [_s(sp.factor(dk.subs(t, 0))) for dk in dropped],
           "ratio dropped/kept (ε-free)": [_s(r) for r in ratios]}
    return [
        numeric_close(max(abs(r) for r in ratios), 0, "lim_{ε→0} |dropped/kept| at a point of the example "
                      "(must be 0 for 'ε/N² very small' to justify dropping one and keeping the other)",
                      tol=0, kind="symbolic", reason="exact rational values: a term negligible in ε/N² must have a "
                      "ratio to the kept term that tends to 0; any non-zero limit refutes it", details=det),
    ]


def check_drop_ratio_family(ctx):
    """f_k = c_k x²/2 on ℝ: per pair, dropped summand = ½ kept summand, hence ratio ½ for every N."""
    ci, cj = sp.symbols("c_i c_j")
    X = sp.Function("x")(t)
    fhat = (ci - cj) * x**2 / 2
    kept_pair = sp.diff(fhat, x).xreplace({x: X}) * _along(fhat, {x: X})
    dropped_pair = fhat.xreplace({x: X}) * _along(sp.diff(fhat, x), {x: X})
    ev = [symbolic_identity(dropped_pair, kept_pair / 2, "f_k = c_k x²/2 on ℝ, one pair (i, j), generic x(t): dropped "
                            "summand f̂_α (d/dt)∂f̂_α vs ½ × kept summand ∂f̂_α df̂_α/dt (so dropped = ½ kept for every N)",
                            kind="symbolic-proof", role="correction", simplifier=_EXPAND)]
    ratios = {}
    for N in range(2, 7):
        S = _Setup([sp.Integer(k) * x**2 / 2 for k in range(1, N + 1)], (x,))
        on = {x: X}
        kept, _, dropped = _kept_and_dropped(S, on, [sp.diff(X, t)])
        ratios[N] = sp.limit(sp.cancel(dropped[0] / kept[0]), eps, 0)
    ev.append(numeric_close(max(abs(r) for r in ratios.values()), 0, "f_k = k x²/2 on ℝ, N = 2..6, generic x(t): "
                            "lim_{ε→0} |dropped/kept| (must be 0 for the dropping to be justified by ε/N² small)",
                            tol=0, kind="symbolic", reason="exact values; any non-zero limit refutes the justification",
                            details={f"N={N}": _s(r) for N, r in ratios.items()}))
    return ev


# =============================================================================================
# eq11-potential
# =============================================================================================


def check_eq11_residual(ctx):
    S = _generic()
    g = sp.eye(S.d) + eps * S.D
    v = (sp.eye(S.d) - eps * S.D) * S.gradf
    lhs = -S.gradf + g * v
    P = _poly()
    pt = {x: 0, y: 0}
    lhs_p = (-P.gradf + (sp.eye(2) + eps * P.D) * (sp.eye(2) - eps * P.D) * P.gradf).applyfunc(sp.expand)
    det = {"example": "generic f_1, f_2, f_3 of (x, y)"}
    det_p = {"example": _POLY_TEXT,
             r"-\nabla f+\tilde D(I-\mathcal{E}D)\nabla f at (0,0)": _s(lhs_p.subs(pt).T)}
    return [
        symbolic_identity(list(lhs_p), [0, 0], "stronger reading, exact in ε (example): −∇f + D̃∇Φ with "
                          "∇Φ = (I − εD)∇f vs 0", role="remark", simplifier=_EXPAND, details=det_p),
        symbolic_identity([series_coefficient(e, eps, p) for e in lhs for p in (0, 1)], [0] * 4,
                          "coefficients of ε⁰ and ε¹ of −∇f + D̃(I − εD)∇f vs 0 (Eq. (11) to the paper's order)",
                          simplifier=_EXPAND, details=det),
        symbolic_identity(list(lhs), list(-eps**2 * S.D * S.D * S.gradf), "−∇f + D̃(I − εD)∇f vs −ε²D²∇f, exactly",
                          role="correction", simplifier=_EXPAND, details=det),
    ]


def check_eq11_gradient_field(ctx):
    S = _generic()
    v = (sp.eye(S.d) - eps * S.D) * S.gradf
    P = _poly()
    vp = (sp.eye(2) - eps * P.D) * P.gradf
    curl_p = sp.expand(_curl2(vp))
    curl_Dp = sp.expand(_curl2(P.D * P.gradf))
    m = Metric(sp.eye(2) + eps * P.D, P.coords)
    w = m.gradient(P.f)  # g⁻¹∇f, exact
    curl_w = _curl2(list(w))
    curl_w_1 = sp.simplify(sp.diff(curl_w, eps).subs(eps, 0))
    lhs_exact = (-P.gradf + m.matrix * w).applyfunc(sp.cancel)
    pt = {x: 0, y: 0}
    det = {"example": _POLY_TEXT,
           r"\operatorname{curl}\,(I-\mathcal{E}D)\nabla f": _s(curl_p),
           "its value at (0, 0)": _s(curl_p.subs(pt)),
           r"\operatorname{curl}\,g^{-1}\nabla f at (0,0) (exact, rational in ε)": _s(sp.factor(curl_w.subs(pt)))}
    return [
        symbolic_identity(curl_p, 0, "curl of the field (I − εD)∇f taken as ∇Φ vs 0 (a gradient field has zero curl)",
                          role="caveat", simplifier=_EXPAND, details=det),
        symbolic_identity(_curl2(list(v)), -eps * _curl2(list(S.D * S.gradf)), "generic f_k: curl (I − εD)∇f vs "
                          "−ε curl(D∇f) (the obstruction to Φ)", role="correction", simplifier=_EXPAND),
        symbolic_identity(curl_w_1, -curl_Dp, "example: ε¹ coefficient of curl g⁻¹∇f (exact inverse via Metric.gradient) "
                          "vs −curl(D∇f): g⁻¹∇f is no gradient either", role="correction", simplifier=sp.simplify,
                          details=det),
        symbolic_identity(list(lhs_exact), [0, 0], "example: −∇f + D̃ g⁻¹∇f vs 0, exactly (Eq. (11) with the field "
                          "g⁻¹∇f)", role="correction", simplifier=sp.simplify),
    ]


# =============================================================================================
# eq12-divergence-zero
# =============================================================================================


def _div_tilde(S: _Setup) -> sp.Matrix:
    """∇·D̃ = ∇·(I + εD) = ε∇·D (ε constant)."""
    return _divergence(sp.eye(S.d) + eps * S.D, S.coords)


def _div_formula(S: _Setup) -> sp.Matrix:
    """(ε/N²)Σ_α(Δf̂_α ∂_i f̂_α + Σ_j ∂_j f̂_α ∂_i∂_j f̂_α)."""
    c = S.coords
    return sp.Matrix([eps / S.N**2 * sp.Add(*[
        sp.Add(*[sp.diff(fa, cj, 2) for cj in c]) * sp.diff(fa, ci)
        + sp.Add(*[sp.diff(fa, cj) * sp.diff(fa, ci, cj) for cj in c]) for fa in S.fhat]) for ci in c])


def check_eq12_examples(ctx):
    S1 = _Setup([x**2, sp.Integer(0)], (x,))
    S3 = _poly()
    for S in (S1, S3):
        if not _third_derivatives_vanish(S.fhat, S.coords):
            raise RuntimeError("the examples must satisfy ∂³f̂ = 0")
    div1, div3 = _div_tilde(S1).applyfunc(sp.expand), _div_tilde(S3).applyfunc(sp.expand)
    line = {x: t, y: t}
    eq9_on_line = [sp.expand(_along(sp.diff(fa, c), line, 2)) for fa in S3.fhat for c in S3.coords]
    if any(e != 0 for e in eq9_on_line):
        raise RuntimeError("Eq. (9) must hold on the line in this example")
    div_line = div3.xreplace(line).applyfunc(sp.expand)
    return [
        symbolic_identity(list(div1), [0], r"N = 2, d = 1, f₁ = x², f₂ = 0 (∂³f̂ = 0): ∇·D̃ vs 0", simplifier=_EXPAND,
                          details={"D": _s(S1.D[0, 0]), r"\nabla\cdot\tilde D": _s(div1[0])}),
        symbolic_identity(list(div3), [0, 0], "N = 3, d = 2 quadratic example (∂³f̂ = 0): ∇·D̃ vs 0",
                          simplifier=_EXPAND, details={"example": _POLY_TEXT, r"\nabla\cdot\tilde D": _s(div3.T),
                                                       "at (0, 0)": _s(div3.subs({x: 0, y: 0}).T)}),
        symbolic_identity(list(div_line), [0, 0], "same example along the line (t, t), where Eq. (9) holds exactly: "
                          "∇·D̃(x(t)) vs 0", simplifier=_EXPAND, details={r"\nabla\cdot\tilde D(t,t)": _s(div_line.T)}),
    ]


def check_eq12_formula(ctx):
    S = _generic()
    S2 = _Setup([sp.Function("f1")(x), sp.Function("f2")(x)], (x,))
    h = sp.Function("h")(x, y)
    affine = _Setup([h + sp.Symbol(f"a{k}") * x + sp.Symbol(f"b{k}") * y + sp.Symbol(f"c{k}") for k in (1, 2, 3)], C2)
    return [
        symbolic_identity(list(_div_tilde(S)), list(_div_formula(S)), "generic f_1..f_3 on ℝ²: ε Σ_j ∂_j d_ij vs "
                          "(ε/N²)Σ_α(Δf̂_α ∂_i f̂_α + Σ_j ∂_j f̂_α ∂_i∂_j f̂_α) (second derivatives only)",
                          role="correction", simplifier=_EXPAND),
        symbolic_identity(list(_div_tilde(S2)), list(_div_formula(S2)), "generic f_1, f_2 on ℝ: same formula",
                          role="correction", simplifier=_EXPAND),
        symbolic_identity(list(_div_tilde(affine)), [0, 0], "f_k = h + a_k x + b_k y + c_k (every f̂_α affine, D "
                          "constant; h generic): ∇·D̃ vs 0", role="correction", simplifier=_EXPAND),
    ]


# =============================================================================================
# j-zero-compatibility
# =============================================================================================


def _j(S: _Setup, grad_phi: sp.Matrix) -> sp.Matrix:
    """j = −∇f + D̃∇Φ − β⁻¹∇·D̃ (Eq. (12)) with the field ``grad_phi`` in place of ∇Φ."""
    return -S.gradf + (sp.eye(S.d) + eps * S.D) * grad_phi - beta_inv * _div_tilde(S)


def check_j_example(ctx):
    S = _poly()
    pt = {x: 0, y: 0}
    j = _j(S, (sp.eye(2) - eps * S.D) * S.gradf).subs(pt).applyfunc(sp.expand)
    c1 = [series_coefficient(e, eps, 1) for e in j]
    c2 = [series_coefficient(e, eps, 2) for e in j]
    det = {"example": _POLY_TEXT + r" at (0,0), \nabla\Phi:=(I-\mathcal{E}D)\nabla f",
           "j(0, 0)": _s(j.T), "ε¹ coefficient": _s(sp.Matrix(c1).T), "ε² coefficient": _s(sp.Matrix(c2).T)}
    m = Metric(sp.eye(2) + eps * S.D, S.coords)
    jg = _j(S, sp.Matrix(m.gradient(S.f))).subs(pt).applyfunc(sp.cancel)
    return [
        symbolic_identity(c1, [0, 0], "ε¹ coefficient of j(x₀) (β⁻¹ symbolic) vs 0", simplifier=_EXPAND, details=det),
        symbolic_identity([e.subs(beta_inv, 0) for e in c2], [0, 0], "stronger reading, beyond first order: ε² "
                          "coefficient of j(x₀) at β⁻¹ = 0 vs 0", role="remark", simplifier=_EXPAND, details=det),
        symbolic_identity(list(jg), list(-eps * beta_inv * _divergence(S.D, S.coords).subs(pt)),
                          "with the field g⁻¹∇f (Metric.gradient, exact): j(x₀) vs −εβ⁻¹(∇·D)(x₀)",
                          role="correction", simplifier=sp.simplify, details={"j(0,0)": _s(jg.T)}),
    ]


def check_j_generic(ctx):
    S = _generic()
    j = _j(S, (sp.eye(S.d) - eps * S.D) * S.gradf)
    expected = -eps * beta_inv * _divergence(S.D, S.coords) - eps**2 * S.D * S.D * S.gradf
    return [
        symbolic_identity(list(j), list(expected), "generic f_1..f_3 on ℝ²: j with ∇Φ := (I − εD)∇f vs "
                          "−εβ⁻¹∇·D − ε²D²∇f", role="correction", simplifier=_EXPAND),
    ]


# =============================================================================================
# the claims
# =============================================================================================

_STD = (
    r"f=\frac1N\sum_k f_k,\ \hat f=(f_i-f_j)_{i<j},\ D=\frac{1}{N^2}\langle\partial\hat f,\partial\hat f\rangle,"
    r"\ g=\tilde D=I+\mathcal{E}D"
)
_CONST_EPS = "ℰ is a constant (the derivation differentiates through it as one)"

CLAIMS: list[Claim] = [
    Claim(
        id="geodesic-eq8-form",
        reading=r"= \frac{d}{dt} \partial_k f. \tag{8}$$",
        rationale=(
            "With the force −(d/dt)∂_μ f that the paper says replaces (q/m)F^μ_ν ẋ^ν (lines 73–77) "
            "and the weak-field Γ, Eq. (4) gives Eq. (8) with right side −(d/dt)∂_k f (checks 2, 4, 6"
            " hold); the printed + sign (checks 1, 3, 5 fail: it would integrate to gradient ascent) "
            "is a sign typo that the stated force before it and the integrated equation −∂_k f after "
            "it both correct, and no later step uses the + sign."
        ),
        finding=Finding(
            printed="d²x^k/dt² + (ε/N²) Σ_ij ⟨∂_i∂_j f̂, ∂_k f̂⟩ ẋ^i ẋ^j = +(d/dt)∂_k f   (8)",
            corrected=(
                "Sign typo: the right side of Eq. (8) must be −(d/dt)∂_k f, as the force stated after Eq."
                " (5) and the integrated equation before Eq. (10) both have it."
            ),
        ),
        depends_on=("christoffel-fhat-form", "constant-metric-gives-gd",),
        source=_src("§3, Eq. (8); the paragraph after Eq. (5); the integrated equation before Eq. (10)"),
        statement=(
            r"\frac{d^2x^k}{dt^2}+\frac{\mathcal{E}}{N^2}\sum_{i,j}\langle\partial_i\partial_j\hat f,\partial_k\hat f"
            r"\rangle\frac{dx^i}{dt}\frac{dx^j}{dt}=\frac{d}{dt}\partial_k f\quad(8),\ \text{obtained from Eq. (4) with "
            r"the force }-\tfrac{d}{dt}\partial_\mu f"
        ),
        hypotheses=(_STD, "Eq. (4) with the weak-field Γ of g (first order in ℰ)", _CONST_EPS,
                    "the force −(d/dt)∂_k f enters Eq. (4) with a Euclidean index, as printed (raising it with "
                    "g⁻¹ changes only O(ℰ) terms, not the O(1) sign at issue; see eq10-derivation)"),
        expected_verdict="verified-with-caveat",
        caveat=(
            "Sign typo: the right side of Eq. (8) must be −(d/dt)∂_k f, as the force stated after Eq."
            " (5) and the integrated equation before Eq. (10) both have it."
        ),
        checks=(check_eq8_against_eq4, check_eq8_against_integrated, check_eq8_gd_limit),
        correction=(
            r"\frac{d^2x^k}{dt^2}+\frac{\mathcal{E}}{N^2}\sum_{i,j}\langle\partial_i\partial_j\hat f,\partial_k\hat f"
            r"\rangle\frac{dx^i}{dt}\frac{dx^j}{dt}=-\frac{d}{dt}\partial_k f"
        ),
        kinds=("SYM-N",),
        notes=("The printed right-hand side has the wrong sign: it contradicts the force −(d/dt)∂_μ f stated after "
               "Eq. (5) and the paper's own integrated equation (…= −∂_k f); at ℰ = 0 it integrates to ẋ = ∇f + c, "
               "gradient ascent, and the exact GD trajectory of the example violates it."),
    ),
    Claim(
        id="eq8-chain-rule-step",
        reading=(
            r"&= \frac{\mathcal{E}}{N^2} \sum_\alpha \frac{d^2 \hat{f}_\alpha}{dt^2} \partial_k "
            r"\hat{f}_\alpha."
        ),
        rationale=(
            "The second equality drops the chain-rule term (Σ_ij ∂_i∂_j f̂_α ẋ^iẋ^j = d²f̂_α/dt² − "
            "∇f̂_α·ẍ), i.e. −ε(Dẍ)_k, first order along any curved path such as GD (checks 2, 5 fail;"
            " corrected form checks 3, 4, 6 hold); under the paper's Euclidean force this omission is"
            " exactly what produces the kept εDẋ, which cancels once the term is restored. Close call"
            " only in that the slip is exactly compensated if the force is raised by g (Eq. (8)'s "
            "left side with the printed right side then equals g·(geodesic − force)), a reading the "
            "paper's Eq. (8) does not make."
        ),
        finding=Finding(
            printed="(ε/N²) Σ_ij ⟨∂_i∂_j f̂, ∂_k f̂⟩ ẋ^i ẋ^j = (ε/N²) Σ_α (d²f̂_α/dt²) ∂_k f̂_α",
            corrected=(
                "(ε/N²) Σ_ij ⟨∂_i∂_j f̂, ∂_k f̂⟩ ẋ^i ẋ^j = (ε/N²) Σ_α (d²f̂_α/dt²) ∂_k f̂_α − ε(D ẍ)_k; "
                "the extra term is first order in ε and vanishes only where ẍ = 0."
            ),
            downstream=(
                "Under the Euclidean force of Eq. (8) the missing −εDẍ integrates to −εDẋ + ε∫Ḋẋ and "
                "cancels the εDẋ term of the integrated equation, so Eq. (10)'s RGD correction is not "
                "derived."
            ),
            consequence=2,
        ),
        depends_on=("geodesic-eq8-form",),
        source=_src("§3, display after 'Let us concentrate on the expression' (between Eqs. (8) and (9))"),
        statement=(
            r"\frac{\mathcal{E}}{N^2}\sum_{i,j}\langle\partial_i\partial_j\hat f,\partial_k\hat f\rangle\dot x^i\dot x^j"
            r"=\frac{\mathcal{E}}{N^2}\sum_{i,j,\alpha}\partial_i\partial_j\hat f_\alpha\partial_k\hat f_\alpha\dot x^i"
            r"\dot x^j=\frac{\mathcal{E}}{N^2}\sum_\alpha\frac{d^2\hat f_\alpha}{dt^2}\partial_k\hat f_\alpha"
        ),
        hypotheses=(_STD, "x(t) a C² curve; f̂_α evaluated along it"),
        expected_verdict="erratum",
        checks=(check_chain_rule_generic, check_chain_rule_gd_example),
        correction=(
            r"\frac{\mathcal{E}}{N^2}\sum_{i,j}\langle\partial_i\partial_j\hat f,\partial_k\hat f\rangle\dot x^i\dot x^j"
            r"=\frac{\mathcal{E}}{N^2}\sum_\alpha\frac{d^2\hat f_\alpha}{dt^2}\partial_k\hat f_\alpha"
            r"-\mathcal{E}\sum_i d_{ki}\ddot x^i,\ \text{since }\frac{d^2\hat f_\alpha}{dt^2}=\sum_{i,j}\partial_i"
            r"\partial_j\hat f_\alpha\dot x^i\dot x^j+\sum_i\partial_i\hat f_\alpha\ddot x^i"
        ),
        kinds=("SYM-FIX",),
        notes=("The first equality holds. The second drops the ẍ term of the chain rule; the missing term "
               "−ℰ(Dẍ)_k is first order in ℰ, the same order as everything kept, and ẍ = O(1) along the "
               "trajectories of Eq. (8). The two sides agree only where ẍ ∈ ker D (e.g. straight lines)."),
    ),
    Claim(
        id="eq8-integration-by-parts",
        reading=r"- \int \frac{d \hat{f}_\alpha}{dt} \frac{\partial_k \hat{f}_\alpha}{dt} dt \right]",
        rationale=(
            "Both integrations by parts are correct identities of antiderivatives once the printed "
            "factor ∂_k f̂_α/dt is read as (d/dt)∂_k f̂_α, as the next line itself writes it (checks "
            "1, 2, 4, 5, 6 hold); the literal factor (check 3) is a typo, and the indefinite "
            "integrals carry constants (check 7) that the later 'taking the integral in dt' silently "
            "sets to zero, which is a choice of initial velocity (gẋ + ∇f = 0 at t = 0), not an "
            "error."
        ),
        finding=Finding(
            printed=(
                "(ε/N²)∫Σ_α f̂_α'' ∂_k f̂_α dt = (ε/N²)Σ_α[ f̂_α' ∂_k f̂_α − ∫ f̂_α' (∂_k f̂_α/dt) dt ] ="
                " …, integration constants not shown"
            ),
            corrected=(
                "The factor printed ∂_k f̂_α/dt means (d/dt)∂_k f̂_α, and the constants of the indefinite"
                " integrals are later set to zero, i.e. an initial velocity ẋ(0) = −g⁻¹∇f(x(0)) is "
                "assumed."
            ),
        ),
        depends_on=("eq8-chain-rule-step",),
        source=_src("§3, display after 'Now, we take the integral in dt (we compute the parts twice)'"),
        statement=(
            r"\frac{\mathcal{E}}{N^2}\int\sum_\alpha\frac{d^2\hat f_\alpha}{dt^2}\partial_k\hat f_\alpha\,dt="
            r"\frac{\mathcal{E}}{N^2}\sum_\alpha\Big[\frac{d\hat f_\alpha}{dt}\partial_k\hat f_\alpha-\int\frac{d\hat "
            r"f_\alpha}{dt}\frac{\partial_k\hat f_\alpha}{dt}dt\Big]=\frac{\mathcal{E}}{N^2}\sum_\alpha\Big[\frac{d\hat "
            r"f_\alpha}{dt}\partial_k\hat f_\alpha-\hat f_\alpha\frac{d}{dt}\partial_k\hat f_\alpha+\int\hat f_\alpha"
            r"\frac{d^2}{dt^2}\partial_k\hat f_\alpha\,dt\Big]"
        ),
        hypotheses=(_STD, "indefinite integrals in t along a C³ curve",
                    r"the factor \partial_k\hat f_\alpha/dt read as \frac{d}{dt}\partial_k\hat f_\alpha"),
        expected_verdict="verified-with-caveat",
        checks=(check_ibp_generic, check_ibp_instance, check_ibp_constants),
        caveat=((
            "The factor printed ∂_k f̂_α/dt means (d/dt)∂_k f̂_α, and the constants of the indefinite"
            " integrals are later set to zero, i.e. an initial velocity ẋ(0) = −g⁻¹∇f(x(0)) is "
            "assumed."
        )),
        kinds=("SYM-N",),
    ),
    Claim(
        id="eq9-third-derivative",
        reading=r"$$\frac{d^2}{dt^2} \partial_k \hat{f}_\alpha = 0 \tag{9}$$",
        rationale=(
            "By the chain rule (d²/dt²)∂_k f̂_α = Σ_ij ∂_i∂_j∂_k f̂_α ẋ^iẋ^j + Σ_i ∂_i∂_k f̂_α ẍ^i, "
            "so ∂³f̂ = 0 removes only the first term; along a GD trajectory of a quadratic loss (∂³f̂"
            " = 0 checked) it is non-zero (check 1 fails; checks 2–4 hold). Eq. (9) holds only where "
            "the Hessians of the f̂_α annihilate ẍ, e.g. straight-line motion (check 5) — not along "
            "GD/RGD, so 'because ∂³f̂ = 0' does not justify it and the dropped integral "
            "∫f̂_α(d²/dt²)∂_k f̂_α dt is a first-order (ε/N²) term."
        ),
        finding=Finding(
            printed="d²/dt² ∂_k f̂_α = 0 (9) in many practical applications, because ∂_i∂_j∂_k f̂ = 0",
            corrected=(
                "If ∂³f̂ = 0 then d²/dt² ∂_k f̂_α = Σ_i ∂_i∂_k f̂_α ẍ^i, which is non-zero along GD/RGD "
                "(ẍ = −∇²f ẋ + O(ε)); Eq. (9) holds only where every Hessian ∇²f̂_α annihilates ẍ, e.g. "
                "on straight lines."
            ),
            downstream=(
                "Dropping ∫f̂_α(d²/dt²)∂_k f̂_α dt drops an O(ε) term of the integrated equation, so Eq. "
                "(10) and the later claim ∇·D̃ = 0 'according to (9)' lose their justification."
            ),
            consequence=2,
        ),
        depends_on=("eq8-integration-by-parts",),
        source=_src("§3, Eq. (9) and the sentence around it"),
        statement=(
            r"\frac{d^2}{dt^2}\partial_k\hat f_\alpha=0\quad(9)\ \text{in many practical applications, because }"
            r"\partial_i\partial_j\partial_k\hat f=0"
        ),
        hypotheses=(_STD, r"\partial_i\partial_j\partial_k\hat f=0", "x(t) a trajectory of the dynamics (e.g. GD)"),
        expected_verdict="erratum",
        checks=(check_eq9_gd_counterexample, check_eq9_generic),
        correction=(
            r"\frac{d^2}{dt^2}\partial_k\hat f_\alpha(x(t))=\sum_{i,j}\partial_i\partial_j\partial_k\hat f_\alpha\dot x^i"
            r"\dot x^j+\sum_i\partial_i\partial_k\hat f_\alpha\ddot x^i;\ \text{with }\partial^3\hat f=0\text{, Eq. (9) "
            r"holds iff }\sum_i\partial_i\partial_k\hat f_\alpha\ddot x^i=0\ \text{(e.g. }\ddot x=0\text{), not along "
            r"GD trajectories in general}"
        ),
        kinds=("SYM-FIX",),
        notes=("Counterexample: f₁ = (x−1)², f₂ = 2y², f₃ = x + y (∂³f̂ = 0) along the exact GD trajectory from "
               "(0, 0): (d²/dt²)∂_x f̂₁ = 2ẍ = −4/9 at t = 0. How often ∂³f̂ = 0 holds for real networks is "
               "a numeric question for the network checks."),
    ),
    Claim(
        id="eq9-consequence",
        reading=(
            r"&= \mathcal{E} \sum_\ell d_{k, \ell} \frac{dx^\ell}{dt} - \frac{\mathcal{E}}{N^2} "
            r"\sum_\alpha \hat{f}_\alpha \frac{d}{dt} \partial_k \hat{f}_\alpha."
        ),
        rationale=(
            "Granting Eq. (9) (the 'Hence' makes the step conditional on it; Eq. (9) itself is judged"
            " separately), the final line follows: it is an antiderivative of the integrand exactly "
            "when (9) holds, with (ε/N²)Σ_α ḟ̂_α ∂_k f̂_α = εΣ_ℓ d_kℓ ẋ^ℓ (checks 2–5 hold). The "
            "middle line's Σ_{α,ℓ} placed over both bracket terms multiplies the second term by d "
            "(checks 1, 6 fail); the final line shows Σ_ℓ belongs to the first term only — a typo the"
            " next line corrects."
        ),
        finding=Finding(
            printed=(
                "(ε/N²) Σ_{α,ℓ} [ ∂_ℓ f̂_α ẋ^ℓ ∂_k f̂_α − f̂_α (d/dt)∂_k f̂_α ] = ε Σ_ℓ d_kℓ ẋ^ℓ − (ε/N²)"
                " Σ_α f̂_α (d/dt)∂_k f̂_α"
            ),
            corrected=(
                "In the middle line Σ_ℓ must apply to the first bracket term only (as printed it "
                "multiplies the f̂_α (d/dt)∂_k f̂_α term by d); the step is valid only given Eq. (9)."
            ),
        ),
        depends_on=("eq8-integration-by-parts", "eq9-third-derivative",),
        source=_src("§3, after Eq. (9): the display after 'Hence' (before the integrated equation)"),
        statement=(
            r"\frac{\mathcal{E}}{N^2}\int\sum_\alpha\frac{d^2\hat f_\alpha}{dt^2}\partial_k\hat f_\alpha\,dt="
            r"\frac{\mathcal{E}}{N^2}\sum_{\alpha,\ell}\Big[\partial_\ell\hat f_\alpha\frac{dx^\ell}{dt}\partial_k"
            r"\hat f_\alpha-\hat f_\alpha\frac{d}{dt}\partial_k\hat f_\alpha\Big]=\mathcal{E}\sum_\ell d_{k\ell}"
            r"\frac{dx^\ell}{dt}-\frac{\mathcal{E}}{N^2}\sum_\alpha\hat f_\alpha\frac{d}{dt}\partial_k\hat f_\alpha"
        ),
        hypotheses=(_STD, "Eq. (9) along the curve", "the integration by parts of the previous display"),
        expected_verdict="verified-with-caveat",
        caveat=(
            "In the middle line Σ_ℓ must apply to the first bracket term only (as printed it "
            "multiplies the f̂_α (d/dt)∂_k f̂_α term by d); the step is valid only given Eq. (9)."
        ),
        checks=(check_eq9_consequence_generic, check_eq9_consequence_where_eq9_holds),
        correction=(
            r"\frac{\mathcal{E}}{N^2}\int\sum_\alpha\frac{d^2\hat f_\alpha}{dt^2}\partial_k\hat f_\alpha\,dt="
            r"\frac{\mathcal{E}}{N^2}\sum_\alpha\Big[\sum_\ell\partial_\ell\hat f_\alpha\frac{dx^\ell}{dt}\partial_k"
            r"\hat f_\alpha-\hat f_\alpha\frac{d}{dt}\partial_k\hat f_\alpha\Big]+C_k=\mathcal{E}\sum_\ell d_{k\ell}"
            r"\frac{dx^\ell}{dt}-\frac{\mathcal{E}}{N^2}\sum_\alpha\hat f_\alpha\frac{d}{dt}\partial_k\hat f_\alpha+C_k"
        ),
        kinds=("SYM-FIX",),
        notes=("Given Eq. (9), the final line is right up to a constant of integration C_k. The middle line as "
               "printed puts Σ_ℓ over the whole bracket, which counts the second term d times (d = number of "
               "weights); only Σ_ℓ on the first term gives the final line. The display inherits the errata of "
               "eq8-chain-rule-step (its left side is not the Γ-term of Eq. (8)) and of eq9-third-derivative "
               "(Eq. (9) fails along GD trajectories)."),
    ),
    Claim(
        id="drop-eps-over-N2-term",
        reading=(
            r"We may assume $\frac{\mathcal{E}}{N^2}$ very small, as motivated by Equation (1); hence,"
            " discard this term."
        ),
        rationale=(
            "The kept term εΣ_ℓ d_kℓ ẋ^ℓ is itself (ε/N²)Σ_α ∂_k f̂_α ḟ̂_α — the same prefactor ε/N² "
            "and the same α-sum as the discarded (ε/N²)Σ_α f̂_α(d/dt)∂_k f̂_α (checks 1, 2, 4 hold), "
            "so 'ε/N² very small' cannot drop one and keep the other; the ratio dropped/kept stays "
            "2/5 and 2 at ε→0 in the d=2 example and exactly 1/2 for f_k = c_k x²/2 at every N "
            "(checks 3, 5 fail). Together with the integral dropped via (9) the discarded pieces sum "
            "to −(ε/2)∫∇ₓ(ẋᵀDẋ)dt, first order and generically non-zero."
        ),
        finding=Finding(
            printed=(
                "ẋ^k + εΣ_ℓ d_kℓ ẋ^ℓ − (ε/N²)Σ_α f̂_α (d/dt)∂_k f̂_α = −∂_k f; ε/N² very small, hence "
                "discard this term: ẋ + εDẋ = −∇f"
            ),
            corrected=(
                "The term is of the same order as the kept εDẋ and cannot be discarded; with the ∫ "
                "dropped via (9) it sums to −(ε/2)∫∇ₓ(ẋᵀDẋ)dt, giving gẋ + ∇f = (ε/2)∫∇ₓ(ẋᵀDẋ)dt (raised "
                "force, exact)."
            ),
            downstream=(
                "The vector equation ẋ + εDẋ = −∇f, hence Eq. (10), rests on this step; restoring the "
                "term leaves an O(ε) remainder of the same size as the RGD correction −εD∇f."
            ),
            consequence=2,
        ),
        depends_on=("eq9-consequence",),
        source=_src("§3, the equation obtained by substituting into Eq. (8), and the sentence after it"),
        statement=(
            r"\frac{dx^k}{dt}+\mathcal{E}\sum_\ell d_{k\ell}\frac{dx^\ell}{dt}-\frac{\mathcal{E}}{N^2}\sum_\alpha\hat "
            r"f_\alpha\frac{d}{dt}\partial_k\hat f_\alpha=-\partial_k f;\ \frac{\mathcal{E}}{N^2}\text{ very small, "
            r"hence discard this term: }\frac{dx}{dt}+\mathcal{E}D\frac{dx}{dt}=-\nabla f"
        ),
        hypotheses=(_STD, "ℰ/N² small"),
        expected_verdict="erratum",
        checks=(check_drop_same_prefactor, check_drop_ratio_example, check_drop_ratio_family),
        correction=(
            r"\mathcal{E}\sum_\ell d_{k\ell}\dot x^\ell=\frac{\mathcal{E}}{N^2}\sum_\alpha\partial_k\hat f_\alpha\frac{d"
            r"\hat f_\alpha}{dt}\text{ carries the same factor }\frac{\mathcal{E}}{N^2}\text{ and the same "
            r"}\tfrac{N(N-1)}{2}\text{ summands as the discarded term; both are }O(\mathcal{E})\text{, so to first "
            r"order }\dot x^k+\mathcal{E}\sum_\ell d_{k\ell}\dot x^\ell-\frac{\mathcal{E}}{N^2}\sum_\alpha\hat f_\alpha"
            r"\frac{d}{dt}\partial_k\hat f_\alpha=-\partial_k f+C_k;\ \text{dropping the last term needs the extra "
            r"assumption }\Big|\sum_\alpha\hat f_\alpha\tfrac{d}{dt}\partial_k\hat f_\alpha\Big|\ll\Big|\sum_\alpha"
            r"\partial_k\hat f_\alpha\tfrac{d\hat f_\alpha}{dt}\Big|"
        ),
        kinds=("SYM-N",),
        notes=("Smallness of ℰ/N² cannot separate the two terms: their ratio is ℰ- and N-free, e.g. 2/5 and 2 at "
               "(0, 0) in the quadratic example with GD velocity, and exactly 1/2 for f_k = c_k x²/2 at every N. "
               "The magnitudes along GD on small networks are a numeric check for the network checks."),
    ),
    Claim(
        id="eq11-potential",
        reading=r"In our case, we take $\nabla \Phi = \nabla_D f$ so that Equation (10) becomes",
        rationale=(
            "With ∇Φ := (I − εD)∇f, −∇f + D̃∇Φ = −ε²D²∇f exactly, so Eq. (11) holds to the first "
            "order in ε the paper works at (checks 2, 3 hold; check 1, exactness in ε, is a stronger "
            "reading the weak-field paper never makes). But (I − εD)∇f has curl −ε curl(D∇f) ≠ 0 at "
            "first order (checks 4–6), so a potential Φ with ∇Φ = ∇_D f exists only under the "
            "unstated assumption curl(D∇f) = 0; the paper needs it to identify Φ with the potential "
            "of [3]."
        ),
        finding=Finding(
            printed="take ∇Φ = ∇_D f, so that (10) becomes −∇f(x) + D̃(x)∇Φ(x) = 0 (11), D̃ = I + εD",
            corrected=(
                "A function Φ with ∇Φ = ∇_D f = (I − εD)∇f exists only if curl(D∇f) = 0, which fails at "
                "first order in ε for generic data; the paper assumes it without saying so."
            ),
        ),
        depends_on=("eq10-derivation",),
        source=_src("§3, Eq. (11) and the sentence before it"),
        statement=(
            r"\text{take }\nabla\Phi=\nabla_D f=(I-\mathcal{E}D)\nabla f\text{ so that Eq. (10) becomes }-\nabla f(x)"
            r"+\tilde D(x)\nabla\Phi(x)=0\quad(11),\ \tilde D=I+\mathcal{E}D"
        ),
        hypotheses=(_STD, _CONST_EPS, "Φ a function on (a simply connected part of) ℝ^d"),
        expected_verdict="verified-with-caveat",
        caveat=(
            "A function Φ with ∇Φ = ∇_D f = (I − εD)∇f exists only if curl(D∇f) = 0, which fails at "
            "first order in ε for generic data; the paper assumes it without saying so."
        ),
        checks=(check_eq11_residual, check_eq11_gradient_field),
        correction=(
            r"-\nabla f+\tilde D(I-\mathcal{E}D)\nabla f=-\mathcal{E}^2D^2\nabla f\ (\text{Eq. (11) holds to }O("
            r"\mathcal{E})\text{, exactly for the field }g^{-1}\nabla f);\ \text{but }\operatorname{curl}(I-\mathcal{E}D)"
            r"\nabla f=-\mathcal{E}\operatorname{curl}(D\nabla f)\neq0\text{ in general, so no }\Phi\text{ with }\nabla"
            r"\Phi=\nabla_D f\text{ (or }g^{-1}\nabla f)\text{ exists unless }\operatorname{curl}(D\nabla f)=0"
        ),
        kinds=("SYM-FIX",),
        notes=("Example f₁ = (x−1)², f₂ = 2y², f₃ = x + y: curl (I − ℰD)∇f = −ℰ(32xy + 8x − 16y − 10)/27, "
               "10ℰ/27 at (0, 0), so (I − ℰD)∇f is not a gradient and Φ does not exist."),
    ),
    Claim(
        id="eq12-divergence-zero",
        reading=(
            r"Notice that according to our approximation Equation (9), $\nabla \cdot \tilde{D}(x) = "
            "0$."
        ),
        rationale=(
            "∇·D̃ = ε∇·D with (∇·D)_i = (1/N²)Σ_α(Δf̂_α ∂_i f̂_α + Σ_j ∂_j f̂_α ∂_i∂_j f̂_α) (checks "
            "4, 5): only second derivatives enter, so ∂³f̂ = 0 (the reason given for (9)) does not "
            "make it vanish — N=2, d=1, f₁=x², f₂=0 gives ∇·D̃ = 2εx, and the d=2 quadratic example "
            "gives (−16ε/9, −10ε/9) at the origin, also on a line where (9) holds exactly (checks 1–3"
            " fail). It vanishes when every f̂_α is affine (D constant, check 6), a much stronger "
            "hypothesis than (9)."
        ),
        finding=Finding(
            printed="According to our approximation (9), ∇·D̃(x) = 0",
            corrected=(
                "∇·D̃ = ε∇·D, (∇·D)_i = (1/N²)Σ_α(Δf̂_α ∂_i f̂_α + Σ_j ∂_j f̂_α ∂_i∂_j f̂_α): first order"
                " in ε and non-zero when ∂³f̂ = 0 (e.g. f₁=x², f₂=0: 2εx); it vanishes if all f̂_α are "
                "affine (D constant)."
            ),
            downstream=(
                "The next sentence's j(x) = 0, the claimed compatibility with (8) of [3] and the "
                "justification of its Assumption 4 rest on ∇·D̃ = 0."
            ),
            consequence=2,
        ),
        depends_on=("eq11-potential", "eq9-third-derivative",),
        source=_src("§3, Eq. (12) and the sentence after it"),
        statement=(
            r"j(x)=-\nabla f(x)+\tilde D(x)\nabla\Phi(x)-\beta^{-1}\nabla\cdot\tilde D(x)\quad(12);\ \text{according to "
            r"Eq. (9), }\nabla\cdot\tilde D(x)=0"
        ),
        hypotheses=(_STD, _CONST_EPS, r"Eq. (9), i.e. \partial^3\hat f=0", r"(\nabla\cdot M)_i=\sum_j\partial_jM_{ij}"),
        expected_verdict="erratum",
        checks=(check_eq12_examples, check_eq12_formula),
        correction=(
            r"(\nabla\cdot\tilde D)_i=\mathcal{E}\sum_j\partial_jd_{ij}=\frac{\mathcal{E}}{N^2}\sum_\alpha\Big(\Delta"
            r"\hat f_\alpha\,\partial_i\hat f_\alpha+\sum_j\partial_j\hat f_\alpha\,\partial_i\partial_j\hat f_\alpha"
            r"\Big)\neq0\text{ in general under }\partial^3\hat f=0\text{ or Eq. (9) (e.g. }N=2,d=1,f_1=x^2,f_2=0:\ "
            r"\nabla\cdot\tilde D=2\mathcal{E}x);\ \text{it vanishes when every }\hat f_\alpha\text{ is affine}"
        ),
        kinds=("SYM-FIX",),
        notes="The quadratic example N = 3 on ℝ² gives ∇·D̃ = ℰ(8x − 16, 56y − 10)/9, also along a line where Eq. (9) holds.",
    ),
    Claim(
        id="j-zero-compatibility",
        reading=(
            "Hence, Equation (12) (that is (8) in [3]) is perfectly compatible with our treatment, "
            "and furthermore, the assumption 4 in [3] is fully justified by the fact that $j(x) = 0$."
        ),
        rationale=(
            "With ∇Φ := (I − εD)∇f, j = −εβ⁻¹∇·D − ε²D²∇f exactly (check 4), so its first-order "
            "coefficient is −β⁻¹∇·D ≠ 0 (check 1 fails: (16β⁻¹/9, 10β⁻¹/9)·ε at the origin of the "
            "quadratic example), and even the exact field g⁻¹∇f leaves j = −εβ⁻¹∇·D (check 3); the ε²"
            " term (check 2) is beyond the paper's order and only a remark. Close call only if one "
            "treats εβ⁻¹ as second-order small (the paper does call β⁻¹ very small on line 93), but "
            "the paper rests j = 0 on the false ∇·D̃ = 0, and Φ need not even exist (eq11 caveat), so"
            " 'fully justified' misleads."
        ),
        finding=Finding(
            printed=(
                "By (9), ∇·D̃ = 0, so j(x) = −∇f + D̃∇Φ − β⁻¹∇·D̃ = 0: Eq. (12) is perfectly compatible "
                "and Assumption 4 of [3] is fully justified"
            ),
            corrected=(
                "With ∇Φ = (I − εD)∇f, j(x) = −εβ⁻¹∇·D(x) − ε²D²∇f ≠ 0 at first order in ε for β⁻¹ > 0 "
                "unless ∇·D = 0 (e.g. D constant); j = 0 does not follow and does not justify Assumption "
                "4 of [3]."
            ),
            downstream=(
                "The paper's stated compatibility with [3] (Introduction, Conclusions: 'Our results are "
                "compatible with [3]') rests on j = 0."
            ),
            consequence=1,
        ),
        depends_on=("eq12-divergence-zero",),
        source=_src("§3, last paragraph (after Eq. (12)); §4 (Conclusions)"),
        statement=(
            r"\text{Eq. (12) is perfectly compatible with our treatment, and Assumption 4 of [3] is justified by }"
            r"j(x)=-\nabla f+\tilde D\nabla\Phi-\beta^{-1}\nabla\cdot\tilde D=0"
        ),
        hypotheses=(_STD, _CONST_EPS, r"\nabla\Phi=\nabla_D f=(I-\mathcal{E}D)\nabla f (Eq. (11))",
                    r"\beta^{-1}>0 the temperature of [3]"),
        expected_verdict="erratum",
        checks=(check_j_example, check_j_generic),
        correction=(
            r"j=-\mathcal{E}\beta^{-1}\nabla\cdot D-\mathcal{E}^2D^2\nabla f\ (\text{with }\nabla\Phi:=(I-\mathcal{E}D)"
            r"\nabla f;\ j=-\mathcal{E}\beta^{-1}\nabla\cdot D\text{ with }g^{-1}\nabla f)\neq0\text{ in general; }j=0"
            r"\text{ to first order in }\mathcal{E}\text{ only if }\beta^{-1}\nabla\cdot D=0"
        ),
        kinds=("SYM-FIX",),
        notes=("Relies on eq11-potential (Φ need not exist; Eq. (11) only to O(ℰ)) and eq12-divergence-zero "
               "(∇·D̃ ≠ 0). In the quadratic example at (0, 0): j = ℰβ⁻¹(16, 10)/9 + ℰ²(148, 44)/243. The content "
               "of Assumption 4 of [3] is not in the documents (DOC): whether j = 0 is what it requires cannot be "
               "decided here."),
    ),
]


# The paper's central derivation, read as one finding: Eq. (10) from the geodesics of Eq. (4) with the diffusion
# metric, step by step in the paper's order (each step depends on an earlier one).
DERIVATIONS = [
    Derivation(
        id="eq10-from-geodesics",
        title="Relativistic gradient descent, Eq. (10), from the geodesics of the diffusion metric: Eqs. (6)–(12)",
        result=("the geodesics of g = I + εD with the force −(d/dt)∂f reduce, under Eq. (9), to ẋ = −(I − εD)∇f "
                "(Eq. (10)), and with Eqs. (11)–(12) to a flux j = 0 compatible with the SGD analysis it cites"),
        steps=("diffusion-metric-nonsingular", "weak-field-inverse", "christoffel-first-order-eq7",
               "christoffel-fhat-form", "geodesic-eq8-form", "eq8-chain-rule-step", "eq8-integration-by-parts",
               "eq9-third-derivative", "eq9-consequence", "drop-eps-over-N2-term", "eq10-metric-gradient",
               "eq10-derivation", "eq11-potential", "eq12-divergence-zero", "j-zero-compatibility"),
        summary=("Eq. (10) is not derived. The chain-rule step drops −ε(Dẍ)_k, Eq. (9) does not follow from "
                 "∂³f̂ = 0 along gradient descent, and the discarded ε/N² term is of the same order as the kept "
                 "εDẋ, so the geodesics of Eq. (4) differ from Eq. (10) at first order in ε — as much as Eq. (10) "
                 "differs from plain gradient descent. Eq. (10) does hold, to O(ε²), under one reading: the force "
                 "raised with the metric (F^k = −g^{kl}(d/dt)∂_l f) and D constant (every f̂_α affine); with the "
                 "force as printed (Euclidean index), or with any non-constant D, it fails at first order. Eq. (12) "
                 "and j = 0 do not follow from Eq. (9). The sign of Eq. (8), the Σ_ℓ of the 'Hence' display and the "
                 "unstated curl-free assumption behind Eq. (11) are slips or assumptions, not errors of substance. "
                 "At the start, the printed condition ε < 1/M_x does not make g non-singular (|ε| < 1/M_x does), "
                 "and the weak-field expansion of Eqs. (6)–(7) needs |ε|M_x ≪ 1 and ε constant."),
    ),
]
