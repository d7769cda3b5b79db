"""Claims of the paper “A Geometric Interpretation of Stochastic Gradient Descent Using Diffusion Metrics” (Fioresi, Chaudhari, Soatto), Section 3, Eqs. (4)-(7) and the gradient of Eq. (10), and
Appendix A (Riemannian geometry facts).

Notation of the paper: g = id + ℰD (Eq. (6)), ℰ (here ``eps``, printed \\mathcal{E}) a constant
unless said otherwise, D = (d_ij) the diffusion matrix, M_x its largest eigenvalue; per-sample
losses f_1..f_N, f̂ = (f_i − f_j)_{i<j}. Symbolic evidence uses generic functions
(``sp.Function('d11')(x, y)``, ``f1(x, y)``, ...) and exact arithmetic; numeric evidence uses
numpy float64 with generators from ``ctx.numpy_rng``.

Conventions: Christoffel arrays ``G[k, i, j] = Γ^k_{ij}`` (first kind ``G[k, i, j] = Γ_{k,ij}``).

Private helpers (geomath.symbolic has no equivalent): the literal index formulas of Eq. (5),
of Appendix A and of Eq. (7) (``_eq5_literal``, ``_appendix_literal``, ``_eq7_middle``,
``_eq7_final``) so that the printed formulas are compared with the library rather than with
themselves; ``_taylor`` (Taylor polynomial of an exact expression in ε with an explicit order);
``_nabla``/``_lie_bracket`` (covariant derivative of vector fields from a coefficient array and
the Lie bracket, for the axioms and the torsion of Appendix A); ``_tensor_form`` (Σ g_ij
dx^i ⊗ dx^j evaluated on two vectors); ``_flow`` (float64 integration with scipy).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Callable, Sequence

import numpy as np
import sympy as sp

from geomath.symbolic import (
    Metric,
    diffusion_pairwise_form,
    fhat_christoffel_form,
    loss_differences,
    per_sample_gradients,
    series_coefficient,
    weak_field_christoffel,
    weak_field_inverse,
)
from verification.evidence import fact, numeric_close, symbolic_identity
from verification.model import Claim, Finding
from verification.claims._common import PAPER, t, paper_source as _src, grad as _grad, along as _along
from verification.claims._common import positive_definite_mismatches
from verification.claims.paper_flows import check_eq7_network, check_fhat_network  # NUM-NET (torch)
from verification.claims.paper_sgd import check_net_metric_nonsingular, check_net_weak_field_inverse  # NUM-NET

DOC = PAPER
EPS64 = float(np.finfo(np.float64).eps)

x, y, z = sp.symbols("x y z", real=True)
eps = sp.Symbol(r"\mathcal{E}")  # the paper's ℰ, a constant
eps0 = sp.Symbol(r"\mathcal{E}_0")  # amplitude of a non-constant ℰ(x) = ℰ_0 h(x)
C2 = (x, y)
C3 = (x, y, z)
HALF = sp.Rational(1, 2)

_EXPAND = sp.expand  # polynomial identities in generic functions and their derivatives


def _cancel(e: sp.Expr) -> sp.Expr:
    """Decides rational identities (inverse metrics are adjugate/determinant)."""
    return sp.cancel(sp.together(e))


def _s(e) -> str:
    return sp.latex(e)


# -- generic objects ----------------------------------------------------------------------------


def _generic_symmetric(prefix: str, coords: Sequence[sp.Symbol] | None, n: int) -> sp.Matrix:
    """n×n symmetric matrix of generic functions prefix_ij(coords) (constants if coords is None)."""
    entries = {}
    for i in range(n):
        for j in range(i, n):
            name = f"{prefix}{i + 1}{j + 1}"
            entries[(i, j)] = entries[(j, i)] = (
                sp.Symbol(name, real=True) if coords is None else sp.Function(name)(*coords)
            )
    return sp.Matrix(n, n, lambda i, j: entries[(i, j)])


def _apply(M: sp.MatrixBase, G: sp.NDimArray) -> sp.ImmutableDenseNDimArray:
    """(M G)_{kij} = Σ_l M_kl G_lij (contraction over the first index)."""
    n = M.shape[0]
    return sp.ImmutableDenseNDimArray(
        [[[sp.Add(*[M[k, l] * G[l, i, j] for l in range(n)]) for j in range(n)] for i in range(n)] for k in range(n)]
    )


def _taylor(obj, var: sp.Symbol, order: int):
    """Taylor polynomial through var**order of an exact expression (entrywise), via sp.series."""
    f = lambda e: sp.series(e, var, 0, order + 1).removeO()  # noqa: E731
    if isinstance(obj, (sp.NDimArray, sp.MatrixBase)):
        return obj.applyfunc(f)
    return f(obj)


def _flat(obj) -> list:
    if isinstance(obj, sp.NDimArray):
        return list(sp.flatten(obj.tolist()))
    if isinstance(obj, sp.MatrixBase):
        return list(obj)
    return list(obj)


def _first_nonzero(obj) -> str:
    for e in _flat(obj):
        e = sp.expand(e)
        if e != 0:
            return _s(e)
    return "0"


# -- literal printed formulas -------------------------------------------------------------------


def _eq5_literal(m: Metric) -> sp.ImmutableDenseNDimArray:
    """Eq. (5) index by index: Γ^w_uv = ½ g^{wz}(∂_u g_vz + ∂_v g_uz − ∂_z g_uv), all n³ entries."""
    g, gi, X, n = m.matrix, m.inverse(), m.coords, m.dim
    dg = lambda a, i, j: sp.diff(g[i, j], X[a])  # noqa: E731
    return sp.ImmutableDenseNDimArray([[[
        HALF * sp.Add(*[gi[w, zz] * (dg(u, v, zz) + dg(v, u, zz) - dg(zz, u, v)) for zz in range(n)])
        for v in range(n)] for u in range(n)] for w in range(n)])


def _appendix_literal(m: Metric) -> sp.ImmutableDenseNDimArray:
    """Appendix A: Γ^l_jk = ½ g^{lr}(∂_k g_rj + ∂_j g_rk − ∂_r g_jk), array [l, j, k]."""
    g, gi, X, n = m.matrix, m.inverse(), m.coords, m.dim
    dg = lambda a, i, j: sp.diff(g[i, j], X[a])  # noqa: E731
    return sp.ImmutableDenseNDimArray([[[
        HALF * sp.Add(*[gi[l, r] * (dg(k, r, j) + dg(j, r, k) - dg(r, j, k)) for r in range(n)])
        for k in range(n)] for j in range(n)] for l in range(n)])


def _eq7_middle(D: sp.MatrixBase, coords, e) -> sp.ImmutableDenseNDimArray:
    """Eq. (7), middle: ½ Σ_z (δ_wz − ℰ d_wz) ℰ (∂_u d_vz − ∂_z d_uv + ∂_v d_uz), array [w, u, v]."""
    n = len(coords)
    dd = lambda a, i, j: sp.diff(D[i, j], coords[a])  # noqa: E731
    return sp.ImmutableDenseNDimArray([[[
        HALF * sp.Add(*[(sp.KroneckerDelta(w, zz) - e * D[w, zz]) * e * (dd(u, v, zz) - dd(zz, u, v) + dd(v, u, zz))
                        for zz in range(n)])
        for v in range(n)] for u in range(n)] for w in range(n)])


def _eq7_final(D: sp.MatrixBase, coords, e) -> sp.ImmutableDenseNDimArray:
    """Eq. (7), final: (ℰ/2)(∂_u d_vw − ∂_w d_uv + ∂_v d_uw), array [w, u, v]."""
    n = len(coords)
    dd = lambda a, i, j: sp.diff(D[i, j], coords[a])  # noqa: E731
    return sp.ImmutableDenseNDimArray([[[
        e / 2 * (dd(u, v, w) - dd(w, u, v) + dd(v, u, w))
        for v in range(n)] for u in range(n)] for w in range(n)])


def _six_term_bracket(losses, coords, e) -> sp.ImmutableDenseNDimArray:
    """The display before Eq. (8), six-term bracket, array [k, i, j]."""
    fhat = loss_differences(losses)
    N, n = len(losses), len(coords)

    def ip(a, b):  # ⟨a f̂, b f̂⟩ with a, b tuples of coordinate indices (derivative orders)
        return sp.Add(*[sp.diff(fa, *[coords[c] for c in a]) * sp.diff(fa, *[coords[c] for c in b]) for fa in fhat])

    return sp.ImmutableDenseNDimArray([[[
        e / (2 * N**2) * (ip((i, j), (k,)) + ip((j,), (i, k)) - ip((i, k), (j,)) - ip((i,), (k, j))
                          + ip((j, k), (i,)) + ip((k,), (i, j)))
        for j in range(n)] for i in range(n)] for k in range(n)])


# -- connections and vector fields --------------------------------------------------------------


def _nabla(G, X: Sequence[sp.Expr], Y: Sequence[sp.Expr], coords) -> list[sp.Expr]:
    """(∇_X Y)^k = X^i ∂_i Y^k + Γ^k_ij X^i Y^j (coordinate form of an affine connection)."""
    n = len(coords)
    return [sp.Add(*[X[i] * sp.diff(Y[k], coords[i]) for i in range(n)])
            + sp.Add(*[G[k, i, j] * X[i] * Y[j] for i in range(n) for j in range(n)]) for k in range(n)]


def _lie_bracket(X, Y, coords) -> list[sp.Expr]:
    """[X, Y]^k = X^i ∂_i Y^k − Y^i ∂_i X^k."""
    n = len(coords)
    return [sp.Add(*[X[i] * sp.diff(Y[k], coords[i]) - Y[i] * sp.diff(X[k], coords[i]) for i in range(n)])
            for k in range(n)]


def _tensor_form(gmat: sp.MatrixBase) -> Callable:
    """(u, v) ↦ Σ_ij g_ij (dx^i ⊗ dx^j)(u, v), with dx^i(u) = u^i and (α⊗β)(u, v) = α(u)β(v)."""
    n = gmat.shape[0]

    def dx(i):
        return lambda u: u[i]

    def tensor(a, b):
        return lambda u, v: a(u) * b(v)

    terms = [(gmat[i, j], tensor(dx(i), dx(j))) for i in range(n) for j in range(n)]
    return lambda u, v: sp.Add(*[c * T(u, v) for c, T in terms])


# -- float64 helpers ------------------------------------------------------------------------------


def _random_diffusion(rng: np.random.Generator, N: int, d: int) -> np.ndarray:
    """D = (1/N)GᵀG − μμᵀ from N random per-sample gradients in ℝ^d (Eq. (3)); symmetrised."""
    G = rng.normal(size=(N, d))
    mu = G.mean(axis=0)
    D = G.T @ G / N - np.outer(mu, mu)
    return (D + D.T) / 2


def _flow(rhs, y0, T: float, n_eval: int = 401):
    from scipy.integrate import solve_ivp

    ts = np.linspace(0.0, T, n_eval)
    sol = solve_ivp(rhs, (0.0, T), np.asarray(y0, dtype=np.float64), method="DOP853", rtol=1e-12, atol=1e-12,
                    t_eval=ts)
    if not sol.success:
        raise RuntimeError(f"ODE integration failed: {sol.message}")
    return sol.y.T


# =============================================================================================
# gd-second-order-form
# =============================================================================================

_F_GEN = sp.Function("f")(x, y)
_CURVE2 = Metric(sp.eye(2), C2).curve(t)  # x(t), y(t)
_ON2 = dict(zip(C2, _CURVE2))
_XD2 = [sp.diff(c, t) for c in _CURVE2]
_XDD2 = [sp.diff(c, t, 2) for c in _CURVE2]

# f_q = (x−1)² + 2y²: GD from (0, 1) is x = 1 − e^{−2t}, y = e^{−4t}
_FQ = (x - 1) ** 2 + 2 * y**2
_FQ_GD = {x: 1 - sp.exp(-2 * t), y: sp.exp(-4 * t)}
_FQ_TEXT = r"f=(x-1)^2+2y^2,\ \text{GD from }(0,1):\ x(t)=1-e^{-2t},\ y(t)=e^{-4t}"


@lru_cache(maxsize=None)
def _fq_gd_checked() -> dict:
    """The closed-form GD trajectory of f_q; raises if it does not solve ẋ = −∇f with x(0) = (0, 1)."""
    res = [sp.simplify(sp.diff(_FQ_GD[c], t) + sp.diff(_FQ, c).xreplace(_FQ_GD)) for c in C2]
    if any(r != 0 for r in res) or [_FQ_GD[c].subs(t, 0) for c in C2] != [0, 1]:
        raise RuntimeError(f"closed-form GD trajectory of f_q is wrong: residual {res}")
    return _FQ_GD


def check_gd_force_form(ctx):
    f = _F_GEN
    H = sp.hessian(f, C2)
    F = -H  # candidate F^μ_ν (q/m = 1)
    lhs = [-_along(sp.diff(f, c), _ON2) for c in C2]  # −(d/dt)∂_μ f along a generic curve
    rhs = [sp.Add(*[F[mu, nu].xreplace(_ON2) * _XD2[nu] for nu in range(2)]) for mu in range(2)]
    first_integral = [sp.diff(_XD2[k] + sp.diff(f, C2[k]).xreplace(_ON2), t) for k in range(2)]
    second_order = [_XDD2[k] + sp.diff(sp.diff(f, C2[k]).xreplace(_ON2), t) for k in range(2)]
    on = _fq_gd_checked()
    v0 = [sp.diff(on[c], t).subs(t, 0) for c in C2]
    Hq = sp.hessian(_FQ, C2).xreplace({c: on[c].subs(t, 0) for c in C2})
    power0 = -(sp.Matrix(v0).T * Hq * sp.Matrix(v0))[0]
    det = {"example": "generic f(x, y), generic curve (x(t), y(t))",
           "identified F^μ_ν (q/m = 1)": r"F^\mu_\nu=-\partial_\mu\partial_\nu f",
           "power ẋ·Fẋ = −ẋᵀ(∇²f)ẋ (0 for an antisymmetric, electromagnetic F)":
               f"{_s(power0)} at t = 0 on GD of f = (x−1)² + 2y² from (0, 1) (ẋ(0) = {[_s(c) for c in v0]})"}
    return [
        symbolic_identity(lhs, rhs, "−(d/dt)∂_μ f along a curve vs F^μ_ν ẋ^ν with F^μ_ν = −∂_μ∂_ν f",
                          simplifier=_EXPAND, details=det),
        symbolic_identity(second_order, first_integral, "ẍ^μ + (d/dt)∂_μ f vs (d/dt)(ẋ^μ + ∂_μ f): the second-order "
                          "equation integrates to ẋ + ∇f = ẋ(0) + ∇f(x(0))", simplifier=_EXPAND, details=det),
        symbolic_identity(F, F.T, "F^μ_ν = −∂_μ∂_ν f is symmetric", simplifier=_EXPAND, details=det),
        symbolic_identity(F, -F.T, "F is antisymmetric like the electromagnetic F_μν of Eq. (4)'s analogy "
                          "(then the force would do no work)", role="remark", simplifier=_EXPAND, details=det),
    ]


def check_gd_example(ctx):
    on = _fq_gd_checked()
    res = [sp.simplify(sp.diff(on[c], t, 2) + _along(sp.diff(_FQ, c), on)) for c in C2]
    return symbolic_identity(res, [0, 0], "a GD trajectory satisfies d²x^μ/dt² = −(d/dt)∂_μ f", simplifier=sp.simplify,
                             details={"example": _FQ_TEXT})


_FN = (x**2 - 1) ** 2 / 4 + (y - x / 2) ** 2 / 2  # non-quadratic example for the numeric integration
_FN_TEXT = r"f=\tfrac14(x^2-1)^2+\tfrac12(y-x/2)^2,\ x(0)=(0.3,-0.5),\ t\in[0,4]"


def check_gd_numeric(ctx):
    grad_f = sp.lambdify(C2, list(_grad(_FN, C2)), "numpy")
    hess_f = sp.lambdify(C2, sp.hessian(_FN, C2).tolist(), "numpy")
    gradf = lambda p: np.array(grad_f(*p), dtype=np.float64)  # noqa: E731
    hessf = lambda p: np.array(hess_f(*p), dtype=np.float64)  # noqa: E731
    x0 = np.array([0.3, -0.5])
    T = 4.0
    gd = _flow(lambda s, p: -gradf(p), x0, T)

    def second_order(v0):
        sol = _flow(lambda s, u: np.concatenate([u[2:], -hessf(u[:2]) @ u[2:]]), np.concatenate([x0, v0]), T)
        return sol[:, :2], sol[:, 2:]

    tol, why = 1e-8, ("two DOP853 integrations at rtol = atol = 1e-12 over t ∈ [0, 4]; observed integrator "
                      "differences are ~1e-11, while trajectories from different data differ by ≥ 1e-2")
    out = []
    xs, _ = second_order(-gradf(x0))
    out.append(numeric_close(float(np.abs(xs - gd).max()), 0.0, "ẍ = −H(x)ẋ with ẋ(0) = −∇f(x(0)) vs the GD flow: "
                             "max |Δx| over t ∈ [0, 4]", tol=tol, reason=why, details={"example": _FN_TEXT}))
    rng = ctx.numpy_rng("velocities")
    kicks = [np.zeros(2), rng.normal(scale=0.5, size=2), rng.normal(scale=0.5, size=2)]
    for kick in kicks:
        v0 = -gradf(x0) + kick
        v0 = v0 if np.any(kick) else np.zeros(2)  # the first case starts from rest, ẋ(0) = 0
        c = v0 + gradf(x0)
        xs, vs = second_order(v0)
        drift = np.array([vs[i] + gradf(xs[i]) - c for i in range(len(xs))])
        shifted = _flow(lambda s, p: -gradf(p) + c, x0, T)  # GD of f − c·x
        det = {"example": _FN_TEXT, "ẋ(0)": v0.tolist(), "c = ẋ(0) + ∇f(x(0))": c.tolist(),
               "x(4) second-order": xs[-1].tolist(), "x(4) GD": gd[-1].tolist()}
        out.append(numeric_close(float(np.abs(drift).max()), 0.0, f"first integral ẋ + ∇f(x) = c along ẍ = −H(x)ẋ, "
                                 f"ẋ(0) = {np.round(v0, 3).tolist()}", tol=tol, reason=why, details=det))
        out.append(numeric_close(float(np.abs(xs - shifted).max()), 0.0, "ẍ = −H(x)ẋ vs GD of f − c·x (ẋ = −∇f + c)",
                                 tol=tol, reason=why, details=det))
        out.append(numeric_close(float(np.abs(xs - gd).max()), 0.0, "ẍ = −H(x)ẋ with ẋ(0) ≠ −∇f(x(0)) vs GD "
                                 "(every solution of the second-order equation a GD trajectory)", tol=tol, reason=why,
                                 role="remark", details=det))
    return out


# =============================================================================================
# levi-civita-christoffel
# =============================================================================================


@lru_cache(maxsize=None)
def _generic_metric(n: int) -> Metric:
    coords = C2 if n == 2 else C3
    return Metric(_generic_symmetric("g", coords, n), coords)


def _transpose_lower(G) -> sp.ImmutableDenseNDimArray:
    n = G.shape[0]
    return sp.ImmutableDenseNDimArray([[[G[k, j, i] for j in range(n)] for i in range(n)] for k in range(n)])


def check_lc_formulas(ctx):
    out = []
    for n in (2, 3):
        m = _generic_metric(n)
        e5, ea = _eq5_literal(m), _appendix_literal(m)
        det = {"metric": f"generic symmetric {n}×{n} g_ij(x{', y' if n == 2 else ', y, z'}) (functions)"}
        out.append(symbolic_identity(e5, ea, f"Eq. (5) vs the Appendix A formula after renaming (l,j,k,r) → (w,u,v,z), "
                                     f"n = {n}", simplifier=_EXPAND, details=det))
        out.append(symbolic_identity(e5, m.christoffel(), f"Eq. (5) vs Metric.christoffel() (g^{{kl}}Γ_{{lij}}), n = {n}",
                                     simplifier=_cancel, details=det))
        out.append(symbolic_identity(e5, _transpose_lower(e5), f"Eq. (5) symmetric in its lower indices, every "
                                     f"entry computed, n = {n}", simplifier=_EXPAND, details=det))
    return out


def check_lc_compatibility(ctx):
    out = []
    for n in (2, 3):
        m = _generic_metric(n)
        g, G, X = m.matrix, m.christoffel(), m.coords
        lhs, rhs = [], []
        for k in range(n):
            for i in range(n):
                for j in range(i, n):
                    lhs.append(sp.diff(g[i, j], X[k]))
                    rhs.append(sp.Add(*[G[l, k, i] * g[l, j] + G[l, k, j] * g[i, l] for l in range(n)]))
        out.append(symbolic_identity(lhs, rhs, f"metric compatibility ∂_k g_ij = Γ^l_ki g_lj + Γ^l_kj g_il, generic "
                                     f"n = {n}", simplifier=_cancel))
    th, ph = sp.symbols("theta phi", positive=True)
    sphere = Metric([[1, 0], [0, sp.sin(th) ** 2]], (th, ph))
    closed = sp.ImmutableDenseNDimArray([[[0, 0], [0, -sp.sin(th) * sp.cos(th)]],
                                         [[0, sp.cos(th) / sp.sin(th)], [sp.cos(th) / sp.sin(th), 0]]])
    out.append(symbolic_identity(_eq5_literal(sphere), closed, "Eq. (5) for the unit sphere dθ² + sin²θ dφ² vs the "
                                 "textbook Γ^θ_φφ = −sinθcosθ, Γ^φ_θφ = cotθ", simplifier=sp.simplify))
    return out


# =============================================================================================
# constant-metric-gives-gd
# =============================================================================================


def check_constant_gamma(ctx):
    A3 = _generic_symmetric("a", None, 3)
    m3 = Metric(A3, C3)
    zero3 = sp.ImmutableDenseNDimArray([0] * 27, (3, 3, 3))
    A2 = _generic_symmetric("a", None, 2)
    m2 = Metric(A2, C2)
    eqs = m2.geodesic_equations(t)
    det = {"metric": "generic constant symmetric matrix (symbols a_ij)"}
    return [
        symbolic_identity(m3.christoffel(), zero3, "Γ of a generic constant 3×3 metric vs 0 (Metric.christoffel)",
                          simplifier=_cancel, details=det),
        symbolic_identity(_eq5_literal(m3), zero3, "Eq. (5) for a generic constant 3×3 metric vs 0",
                          simplifier=_cancel, details=det),
        symbolic_identity([e.lhs - e.rhs for e in eqs], _XDD2, "geodesic equations of a generic constant 2×2 metric "
                          "vs d²γ^λ/dt² = 0", simplifier=_cancel, details=det),
    ]


def check_constant_metric_force(ctx):
    gq = sp.Matrix([[2, 1], [1, 3]])  # a constant metric that is not the identity
    m = Metric(gq, C2)
    f = _F_GEN
    force = [-_along(sp.diff(f, c), _ON2) for c in C2]  # −(d/dt)∂_μ f (§3, after Eq. (5))
    eqs = m.geodesic_equations(t, force)
    integrated = [sp.diff(_XD2[k] + sp.diff(f, C2[k]).xreplace(_ON2), t) for k in range(2)]

    on = _fq_gd_checked()
    curve_to_gd = {_CURVE2[k]: on[C2[k]] for k in range(2)}
    eqs_q = m.geodesic_equations(t, [-_along(sp.diff(_FQ, c), _ON2) for c in C2])
    gd_res = [sp.simplify((e.lhs - e.rhs).xreplace(curve_to_gd).doit()) for e in eqs_q]

    # from rest at x(0) = (0, 1): the constant curve solves Eq. (4) with this force and ẋ(0) = 0
    rest = {_CURVE2[0]: sp.Integer(0), _CURVE2[1]: sp.Integer(1)}
    rest_res = [sp.simplify((e.lhs - e.rhs).xreplace(rest).doit()) for e in eqs_q]
    if any(r != 0 for r in rest_res):
        raise RuntimeError(f"the constant curve must solve Eq. (4) from rest; residual {rest_res}")

    # literal 'force = gradient of the loss': ẍ = −∇f along the GD trajectory
    lit = [sp.simplify(sp.diff(on[c], t, 2) + sp.diff(_FQ, c).xreplace(on)) for c in C2]

    # covariant reading F^μ = −g^{μν}(d/dt)∂_ν f with g = diag(2, 1): preconditioned GD ẋ = −g⁻¹∇f
    gd2 = Metric(sp.diag(2, 1), C2)
    gi = gd2.inverse()
    cov_force = list(gi * sp.Matrix([-_along(sp.diff(_FQ, c), _ON2) for c in C2]))
    eqs_cov = gd2.geodesic_equations(t, cov_force)
    cov_gd = [sp.simplify((e.lhs - e.rhs).xreplace(curve_to_gd).doit()) for e in eqs_cov]
    pre = {x: 1 - sp.exp(-t), y: sp.exp(-4 * t)}  # solves ẋ = −g⁻¹∇f_q from (0, 1)
    pre_chk = [sp.simplify(sp.diff(pre[c], t) + (gi * _grad(_FQ, C2))[k].xreplace(pre)) for k, c in enumerate(C2)]
    if any(r != 0 for r in pre_chk):
        raise RuntimeError(f"closed-form preconditioned GD trajectory is wrong: {pre_chk}")
    cov_pre = [sp.simplify((e.lhs - e.rhs).xreplace({_CURVE2[k]: pre[C2[k]] for k in range(2)}).doit())
               for e in eqs_cov]

    det = {"metric": "g = [[2, 1], [1, 3]] (constant, Γ = 0)", "example": _FQ_TEXT,
           "solution of Eq. (4) from rest at (0, 1)": "x(t) ≡ (0, 1) (never moves)",
           "GD from (0, 1)": "→ (1, 0)",
           "residual of ẍ = −∇f (literal 'gradient' force) along GD at t = 0": [_s(v.subs(t, 0)) for v in lit],
           "residual of the covariant reading (g = diag(2,1)) along GD at t = 0": [_s(v.subs(t, 0)) for v in cov_gd]}
    return [
        symbolic_identity([e.lhs - e.rhs for e in eqs], integrated, "Eq. (4), constant metric, force −(d/dt)∂_μ f "
                          "vs (d/dt)(ẋ + ∇f): it integrates to ẋ + ∇f = ẋ(0) + ∇f(x(0))", simplifier=_EXPAND,
                          details=det),
        symbolic_identity(gd_res, [0, 0], "the GD trajectory solves Eq. (4) with a constant metric and force "
                          "−(d/dt)∂_μ f", simplifier=sp.simplify, details=det),
        symbolic_identity([0, 1], [on[c] for c in C2], "the solution of the same equation with x(0) = (0, 1), ẋ(0) = 0 "
                          "(x ≡ (0, 1)) vs GD from (0, 1)", role="caveat", simplifier=sp.simplify, details=det),
        symbolic_identity(lit, [0, 0], "GD trajectory vs Eq. (4) with the force replaced literally by the gradient, "
                          "ẍ = −∇f", role="caveat", simplifier=sp.simplify, details=det),
        symbolic_identity(cov_gd, [0, 0], "GD trajectory vs Eq. (4) with the force index raised by g = diag(2, 1), "
                          "F^μ = −g^{μν}(d/dt)∂_ν f", role="remark", simplifier=sp.simplify, details=det),
        symbolic_identity(cov_pre, [0, 0], "preconditioned GD ẋ = −g⁻¹∇f (x = 1 − e^{−t}, y = e^{−4t}) vs the covariant "
                          "reading of Eq. (4)", role="caveat", simplifier=sp.simplify, details=det),
    ]


def check_constant_straight_lines(ctx):
    A2 = _generic_symmetric("a", None, 2)
    m = Metric(A2, C2)
    p = sp.symbols("p_x p_y", real=True)
    v = sp.symbols("v_x v_y", real=True)
    line = {_CURVE2[k]: p[k] + v[k] * t for k in range(2)}
    cubic = {_CURVE2[0]: t**3, _CURVE2[1]: sp.Integer(0)}
    eqs = m.geodesic_equations(t)
    res_line = [(e.lhs - e.rhs).xreplace(line).doit() for e in eqs]
    res_cubic = [(e.lhs - e.rhs).xreplace(cubic).doit() for e in eqs]
    return [
        symbolic_identity(res_line, [0, 0], "a straight line p + vt solves the geodesic equations of a generic "
                          "constant metric", simplifier=_EXPAND),
        fact(any(sp.expand(r) != 0 for r in res_cubic), "the same line parametrised as (t³, 0) is not a solution "
             "(geodesics are affinely parametrised straight lines)",
             details={"residual": [_s(r) for r in res_cubic]}),
    ]


# =============================================================================================
# diffusion-metric-nonsingular
# =============================================================================================


def check_nonsingular_counterexample(ctx):
    grads = [[1, 0], [-1, 0]]  # ∇f_1, ∇f_2 at a point (N = 2, d = 2)
    D = diffusion_pairwise_form(grads)
    ev = D.eigenvals()
    M = max(ev)
    e_val = sp.Integer(-1)
    if not (e_val < 1 / M):
        raise RuntimeError("the counterexample must satisfy the printed condition ℰ < 1/M")
    g = sp.eye(2) + e_val * D
    detg = g.det()
    e2 = sp.Integer(-2)
    g2 = sp.eye(2) + e2 * D
    det = {"per-sample gradients": "∇f_1 = (1, 0), ∇f_2 = (−1, 0)", "D": _s(D), "eigenvalues of D": _s(ev),
           "M_x": _s(M), "ℰ": "−1 (< 1/M_x = 1)", "g = I + ℰD": _s(g), "det g": _s(detg),
           "ℰ = −2 (< 1/M_x)": f"g = {_s(g2)}, eigenvalues {_s(g2.eigenvals())}: non-singular but indefinite",
           "M_x = 0 (D = 0)": "1/M_x undefined; g = I for every ℰ"}
    return fact(detg != 0, "g = I + ℰD non-singular at ℰ = −1 < 1/M_x for D = diag(1, 0) (printed: ℰ < 1/M_x "
                "ensures non-singular)", details=det)


def check_nonsingular_exact_sets(ctx):
    # characteristic polynomial: eigenvalues of g are 1 + ℰλ_k
    mu = sp.Symbol("mu")
    D3 = _generic_symmetric("d", None, 3)
    g3 = sp.eye(3) + eps * D3
    lhs = (mu * sp.eye(3) - g3).det()
    rhs = sp.expand(eps**3 * (((mu - 1) / eps) * sp.eye(3) - D3).det())
    out = [symbolic_identity(lhs, rhs, "det(μI − (I + ℰD)) vs ℰ³ det(((μ−1)/ℰ)I − D): the eigenvalues of g are "
                             "1 + ℰλ_k (generic symmetric 3×3 D)", role="correction", simplifier=_EXPAND)]
    # D = Q diag(2, 1/2, 0) Qᵀ with a rational rotation Q: exact singular and positive-definite sets
    Q = sp.Matrix([[sp.Rational(3, 5), -sp.Rational(4, 5), 0], [sp.Rational(4, 5), sp.Rational(3, 5), 0], [0, 0, 1]])
    lam = [sp.Integer(2), sp.Rational(1, 2), sp.Integer(0)]
    D = Q * sp.diag(*lam) * Q.T
    g = sp.eye(3) + eps * D
    M = max(lam)
    singular = set(sp.solve(g.det(), eps))
    predicted = {-1 / l for l in lam if l != 0}
    minors = [g[:k, :k].det() for k in range(1, 4)]  # Sylvester's criterion
    pd_set = sp.reduce_inequalities([sp.expand(mnr) > 0 for mnr in minors], eps).as_set()
    det = {"D": _s(D), "eigenvalues of D": [_s(l) for l in lam], "M_x": _s(M),
           "roots of det g": sorted(_s(r) for r in singular), "leading minors of g": [_s(sp.factor(m)) for m in minors],
           "positive-definite set (Sylvester)": _s(pd_set),
           "printed condition": r"\mathcal{E}<1/M_x=1/2\ \text{contains both singular values } -2, -\tfrac12 \text{ and the indefinite range } \mathcal{E}<-\tfrac12"}
    out.append(fact(singular == predicted, "values of ℰ where g is singular vs {−1/λ_k : λ_k > 0}", role="correction",
                    details=det))
    out.append(fact(pd_set == sp.Interval.open(-1 / M, sp.oo), "set of ℰ where g is positive definite (leading minors "
                    "> 0) vs ℰ > −1/M_x", role="correction", details=det))
    # ℰ ≥ 0: g positive definite for every PSD D (Gram form of D)
    a = sp.Matrix(3, 2, lambda k, r: sp.Symbol(f"a_{k + 1}{r + 1}", real=True))  # ∇f_k = row k
    Dg = diffusion_pairwise_form(a)
    J = sp.Matrix([list(a.row(i) - a.row(j)) for i, j in ((0, 1), (0, 2), (1, 2))])
    v = sp.Matrix(sp.symbols("v_1 v_2", real=True))
    quad = (v.T * (sp.eye(2) + eps * Dg) * v)[0]
    sos = (v.T * v)[0] + eps / 9 * (J * v).dot(J * v)
    out.append(symbolic_identity(quad, sos, "vᵀ(I + ℰD)v vs |v|² + (ℰ/N²)|J_f̂ v|² (N = 3, d = 2, generic gradients): "
                                 "≥ |v|² > 0 for every ℰ ≥ 0", role="correction", simplifier=_EXPAND))
    return out


def check_nonsingular_numeric(ctx):
    rng = ctx.numpy_rng("nonsingular")
    d = 4
    D = _random_diffusion(rng, 6, d)
    lam = np.linalg.eigvalsh(D)
    M = float(lam.max())
    I = np.eye(d)
    out = []
    # singular exactly at ℰ = −1/λ_k (each λ_k > 0 here), all of which satisfy the printed ℰ < 1/M_x
    smin = []
    for lk in lam:
        g = I - D / lk
        smin.append(float(np.linalg.svd(g, compute_uv=False).min()))
    tol = 50 * d * EPS64 * (1 + M / float(lam.min()))
    out.append(numeric_close(max(smin), 0.0, "σ_min(I + ℰD) at ℰ = −1/λ_k (< 1/M_x) for every eigenvalue λ_k of a "
                             "random D: singular", tol=tol, role="correction",
                             reason="rounding of I − D/λ_k and of the SVD: ~d·eps·‖g‖, ‖g‖ ≤ 1 + M/λ_min",
                             details={"λ_k(D)": lam.tolist(), "σ_min at ℰ = −1/λ_k": smin}))
    # positive definite ⟺ ℰ > −1/M (Cholesky, independent of the eigenvalue formula)
    mismatch = positive_definite_mismatches(D, M, 121)
    out.append(fact(not mismatch, "Cholesky succeeds (g positive definite) exactly when ℰ > −1/M_x, 121 values "
                    "ℰM_x ∈ [−3, 3]", role="correction", kind="numeric", details={"mismatches (ℰM_x)": mismatch, "M_x": M}))
    # Neumann series Σ(−ℰD)^m: converges iff |ℰ|M < 1
    K = 300
    info = {}
    ok = True
    for eM in (-0.9, 0.9, -1.1, 1.1):
        e = eM / M
        ginv = np.linalg.inv(I + e * D)
        S, term = I.copy(), I.copy()
        for _ in range(K):
            term = term @ (-e * D)
            S = S + term
        err = float(np.linalg.norm(S - ginv, 2))
        bound = abs(eM) ** (K + 1) / (1 - abs(eM)) if abs(eM) < 1 else None
        info[f"ℰM_x = {eM}"] = {"‖S_K − g⁻¹‖₂ (K = 300)": err, "bound ρ^{K+1}/(1−ρ)": bound}
        ok = ok and ((err <= bound + 1e-12) if abs(eM) < 1 else (err > 1.0))
    out.append(fact(ok, "Neumann partial sums Σ_{m≤300}(−ℰD)^m converge to g⁻¹ for |ℰ|M_x = 0.9 and diverge for "
                    "|ℰ|M_x = 1.1 (ℰ = −1.1/M_x satisfies the printed ℰ < 1/M_x)", role="correction", kind="numeric",
                    details=info, reason="convergence: error within the geometric bound (+1e-12 rounding); divergence: "
                    "error > 1"))
    return out


# =============================================================================================
# weak-field-inverse
# =============================================================================================


def check_weak_inverse_symbolic(ctx):
    D = _generic_symmetric("d", None, 3)
    I3 = sp.eye(3)
    g = I3 + eps * D
    w1 = weak_field_inverse(D, eps, order=1)
    exact = Metric(g, (sp.Symbol("u"), sp.Symbol("v"), sp.Symbol("w"))).inverse()
    tay = _taylor(exact, eps, 3)
    first = series_coefficient(tay, eps, 0) + eps * series_coefficient(tay, eps, 1)
    out = [
        symbolic_identity(first, I3 - eps * D,
                          "Taylor polynomial through ℰ¹ of the exact (I + ℰD)⁻¹ (adjugate/det, sp.series) vs the printed "
                          "I − ℰD (generic symmetric 3×3 D)", simplifier=_EXPAND),
        symbolic_identity(first, w1, "the same Taylor polynomial through ℰ¹ vs geomath's weak_field_inverse(D, ℰ, "
                          "order = 1)", simplifier=_EXPAND),
        symbolic_identity(tay, weak_field_inverse(D, eps, order=3), "Taylor polynomial through ℰ³ of the exact inverse "
                          "vs Σ_{m≤3}(−ℰD)^m", simplifier=_EXPAND),
        symbolic_identity(g * (I3 - eps * D) + eps**2 * D**2, I3, "(I + ℰD)(I − ℰD) + ℰ²D² = I, i.e. (I + ℰD)⁻¹ − "
                          "(I − ℰD) = ℰ²D²(I + ℰD)⁻¹ exactly", simplifier=_EXPAND),
        symbolic_identity(g * (I3 - eps * D), I3, "I − ℰD is the exact inverse of I + ℰD ((I + ℰD)(I − ℰD) = I)",
                          role="remark", simplifier=_EXPAND,
                          details={"(I + ℰD)(I − ℰD) − I": r"-\mathcal{E}^2D^2",
                                   "ℰ² coefficient of the exact inverse, entry (1,1)":
                                       _s(sp.factor(series_coefficient(tay, eps, 2)[0, 0]))}),
    ]
    return out


def check_weak_inverse_numeric(ctx):
    rng = ctx.numpy_rng("weak-inverse")
    d = 4
    D = _random_diffusion(rng, 6, d)
    lam = np.linalg.eigvalsh(D)
    M = float(lam.max())
    I = np.eye(d)

    def remainder(e):
        return np.linalg.inv(I + e * D) - (I - e * D)

    out = []
    e = 1e-4 / M
    ratio = float(np.linalg.norm(remainder(e), 2)) / e**2
    out.append(numeric_close(ratio, M**2, "‖(I + ℰD)⁻¹ − (I − ℰD)‖₂/ℰ² at ℰM_x = 1e-4 vs ‖D²‖₂ = M_x²",
                             tol=(2e-4 + 1e-6) * M**2,
                             reason="exact ratio is M²/(1 + ℰM) (deviation ℰM·M² = 1e-4·M²); float64 rounding of the "
                                    "O(ℰ²) = 1e-8 remainder adds ≲ 1e-8 relative",
                             details={"M_x": M, "λ(D)": lam.tolist()}))
    table = []
    worst = 0.0
    for eM in (-0.99, -0.9, -0.5, 0.1, 0.5, 0.9, 0.99):
        e = eM / M
        rn = float(np.linalg.norm(remainder(e), 2))
        closed = float(np.max(np.abs(e**2 * lam**2 / (1 + e * lam))))
        cond = float(np.linalg.cond(I + e * D))
        worst = max(worst, abs(rn - closed) / (cond * max(closed, 1.0)))
        table.append({"ℰM_x": eM, "‖R‖₂": rn, "closed form max ℰ²λ²/|1+ℰλ|": closed, "‖ℰD‖₂": abs(e) * M,
                      "‖R‖/‖ℰD‖": rn / (abs(e) * M), "‖g⁻¹‖₂": float(np.linalg.norm(np.linalg.inv(I + e * D), 2))})
    out.append(numeric_close(worst, 0.0, "‖R‖₂ = ‖(I + ℰD)⁻¹ − (I − ℰD)‖₂ vs max_k ℰ²λ_k²/|1 + ℰλ_k| for ℰM_x ∈ "
                             "{−0.99, …, 0.99} (relative, per unit condition number)", tol=1e3 * EPS64,
                             reason="inversion in float64: relative error ≲ cond(g)·eps; 1e3·eps leaves margin",
                             details={"table": table}))
    ratios = [row["‖R‖/‖ℰD‖"] for row in table]
    out.append(fact(max(ratios) <= 1.0, "the neglected term is no larger than the kept correction, ‖R‖₂ ≤ ‖ℰD‖₂, "
                    "over the range ℰ < 1/M_x allowed by Eq. (6)", role="caveat", kind="numeric",
                    details={"‖R‖/‖ℰD‖ by ℰM_x": dict(zip([r["ℰM_x"] for r in table], ratios)),
                             "closed form": r"\|R\|/\|\mathcal{E}D\| = |\mathcal{E}|M/(1+\mathcal{E}M)\ (\lambda=M)"}))
    return out


# =============================================================================================
# christoffel-first-order-eq7
# =============================================================================================


@lru_cache(maxsize=None)
def _generic_D2() -> sp.Matrix:
    return _generic_symmetric("d", C2, 2)


@lru_cache(maxsize=None)
def _exact_gamma_series_D2():
    D = _generic_D2()
    m = Metric(sp.eye(2) + eps * D, C2)
    return _taylor(m.christoffel(), eps, 2)


def check_eq7_generic_d(ctx):
    D = _generic_D2()
    tay = _exact_gamma_series_D2()
    c0, c1, c2 = (series_coefficient(tay, eps, p) for p in (0, 1, 2))
    final, middle = _eq7_final(D, C2, eps), _eq7_middle(D, C2, eps)
    det = {"D": "generic symmetric 2×2 d_ij(x, y); ℰ constant"}
    det2 = dict(det, **{"ℰ² coefficient of the exact Γ (all entries)": r"-(DC)_{kij},\ C\ \text{the first-kind symbols "
                                                                       r"of }D\ (\text{weak\_field\_christoffel})"})
    zero = sp.ImmutableDenseNDimArray([0] * 8, (2, 2, 2))
    return [
        symbolic_identity(c0, zero, "ℰ⁰ coefficient of the exact Γ of g = I + ℰD vs 0", simplifier=_EXPAND, details=det),
        symbolic_identity(c1 * eps, final, "ℰ¹ term of the exact Γ (Metric.christoffel, sp.series) vs the final form "
                          "(ℰ/2)(∂_u d_vw − ∂_w d_uv + ∂_v d_uw)", simplifier=_EXPAND, details=det),
        symbolic_identity(series_coefficient(middle, eps, 1) * eps, final, "ℰ¹ term of the middle expression "
                          "½Σ_z(δ_wz − ℰd_wz)ℰ(…) vs the final form", simplifier=_EXPAND, details=det),
        symbolic_identity(series_coefficient(middle, eps, 2), c2, "ℰ² term of the middle expression vs ℰ² term of the "
                          "exact Γ (the middle expression is exact through O(ℰ²))", simplifier=_EXPAND, details=det2),
        symbolic_identity(c2 * eps**2, series_coefficient(weak_field_christoffel(D, C2, eps, order=2), eps, 2) * eps**2,
                          "ℰ² term of the exact Γ vs −ℰ²(DC) (weak_field_christoffel, order 2): the discarded term",
                          simplifier=_EXPAND, details=det2),
        symbolic_identity(weak_field_christoffel(D, C2, eps, order=1), final, "weak_field_christoffel(order = 1) vs "
                          "the final form of Eq. (7)", simplifier=_EXPAND, details=det),
    ]


def check_eq7_from_losses(ctx):
    losses = [sp.Function(f"f{k}")(x, y) for k in (1, 2, 3)]
    D = diffusion_pairwise_form(per_sample_gradients(losses, C2))
    m = Metric(sp.eye(2) + eps * D, C2)
    final = _eq7_final(D, C2, eps)
    resid = _apply(m.matrix, final).applyfunc(sp.expand) - m.christoffel_first().applyfunc(sp.expand)
    resid = resid.applyfunc(sp.expand)
    zero = sp.ImmutableDenseNDimArray([0] * 8, (2, 2, 2))
    det = {"example": "generic f_1, f_2, f_3 of (x, y), D = (1/N²)⟨∂f̂, ∂f̂⟩ (N = 3)",
           "method": "g·Γ − Γ_first = O(ℰ²) ⟺ Γ = g⁻¹Γ_first + O(ℰ²) (g⁻¹ = I + O(ℰ)); no symbolic inverse"}
    return [
        symbolic_identity(series_coefficient(resid, eps, 0), zero, "ℰ⁰ coefficient of g·Γ_(7) − Γ_first(g) vs 0",
                          simplifier=_EXPAND, details=det),
        symbolic_identity(series_coefficient(resid, eps, 1), zero, "ℰ¹ coefficient of g·Γ_(7) − Γ_first(g) vs 0",
                          simplifier=_EXPAND, details=det),
    ]


def check_eq7_variable_eps(ctx):
    D = _generic_D2()
    h = sp.Function("h")(x, y)
    m = Metric(sp.eye(2) + eps0 * h * D, C2)
    c1 = series_coefficient(_taylor(m.christoffel(), eps0, 1), eps0, 1)
    printed = series_coefficient(_eq7_final(D, C2, eps0 * h).applyfunc(sp.expand), eps0, 1)
    dh = [sp.diff(h, c) for c in C2]
    extra = sp.ImmutableDenseNDimArray([[[
        HALF * (dh[u] * D[v, w] + dh[v] * D[u, w] - dh[w] * D[u, v]) for v in range(2)] for u in range(2)]
        for w in range(2)])
    det = {"ℰ(x)": r"\mathcal{E}_0\,h(x,y)", "missing first-order term":
           r"\tfrac12(\partial_u\mathcal{E}\,d_{vw}+\partial_v\mathcal{E}\,d_{uw}-\partial_w\mathcal{E}\,d_{uv})",
           "difference, entry Γ^x_xx": _first_nonzero(c1 - printed)}
    return [
        symbolic_identity(c1, printed, "ℰ_0¹ term of the exact Γ of g = I + ℰ_0 h(x)D vs Eq. (7) with ℰ = ℰ_0 h(x)",
                          role="caveat", simplifier=_EXPAND, details=det),
        symbolic_identity(c1 - printed, extra, "that difference vs ½(∂_u h d_vw + ∂_v h d_uw − ∂_w h d_uv)",
                          role="caveat", simplifier=_EXPAND, details=det),
    ]


# =============================================================================================
# christoffel-fhat-form
# =============================================================================================

_LOSSES3 = [sp.Function(f"f{k}")(x, y) for k in (1, 2, 3)]
_POLY3 = [(x - 1) ** 2, 2 * y**2, x + y]
_POLY3_TEXT = r"N=3:\ f_1=(x-1)^2,\ f_2=2y^2,\ f_3=x+y"


def check_fhat_substitution(ctx):
    D = diffusion_pairwise_form(per_sample_gradients(_LOSSES3, C2))
    eq7 = _eq7_final(D, C2, eps)
    six = _six_term_bracket(_LOSSES3, C2, eps)
    fin = fhat_christoffel_form(_LOSSES3, C2, eps)
    det = {"example": "generic f_1, f_2, f_3 of (x, y), N = 3, d = 2; d_ij = (1/N²)⟨∂_i f̂, ∂_j f̂⟩"}
    return [
        symbolic_identity(eq7, six, "Eq. (7) final form with d_ij = (1/N²)⟨∂_i f̂, ∂_j f̂⟩ vs the six-term bracket",
                          simplifier=_EXPAND, details=det),
        symbolic_identity(six, fin, "six-term bracket vs (ℰ/N²)⟨∂_i∂_j f̂, ∂_k f̂⟩ (fhat_christoffel_form)",
                          simplifier=_EXPAND, details=det),
    ]


def check_fhat_vs_exact(ctx):
    D = diffusion_pairwise_form(per_sample_gradients(_LOSSES3, C2))
    m = Metric(sp.eye(2) + eps * D, C2)
    fin = fhat_christoffel_form(_LOSSES3, C2, eps)
    first = m.christoffel_first()
    gfin = _apply(m.matrix, fin).applyfunc(sp.expand)
    resid = (gfin - first.applyfunc(sp.expand)).applyfunc(sp.expand)
    zero = sp.ImmutableDenseNDimArray([0] * 8, (2, 2, 2))
    det = {"example": "generic f_1, f_2, f_3 of (x, y), N = 3"}
    out = [
        symbolic_identity(series_coefficient(resid, eps, 0), zero, "ℰ⁰ coefficient of g·Γ_fhat − Γ_first(g) vs 0",
                          simplifier=_EXPAND, details=det),
        symbolic_identity(series_coefficient(resid, eps, 1), zero, "ℰ¹ coefficient of g·Γ_fhat − Γ_first(g) vs 0 "
                          "(Γ_fhat = Γ^k_ij + O(ℰ²))", simplifier=_EXPAND, details=det),
        symbolic_identity(fin, first, "(ℰ/N²)⟨∂_i∂_j f̂, ∂_k f̂⟩ vs the exact first-kind symbols Γ_{k,ij} of g, all ℰ",
                          role="caveat", simplifier=_EXPAND, details=det),
        symbolic_identity(gfin, first, "(ℰ/N²)⟨∂_i∂_j f̂, ∂_k f̂⟩ vs the exact second-kind Γ^k_ij (tested as g·Γ = "
                          "Γ_first, no inverse)", role="remark", simplifier=_EXPAND, details=det),
        symbolic_identity(resid, _apply(eps * D, fin), "g·Γ_fhat − Γ_first(g) vs ℰD·Γ_fhat = (ℰ²/N²)Σ_l d_kl⟨∂_i∂_j f̂, "
                          "∂_l f̂⟩ (the dropped second-order term)", role="caveat", simplifier=_EXPAND, details=det),
    ]
    # the polynomial example, exact second-kind symbols through sp.series
    Dp = diffusion_pairwise_form(per_sample_gradients(_POLY3, C2))
    mp = Metric(sp.eye(2) + eps * Dp, C2)
    tay = _taylor(mp.christoffel(), eps, 2)
    finp = fhat_christoffel_form(_POLY3, C2, eps)
    low = series_coefficient(tay, eps, 0) + eps * series_coefficient(tay, eps, 1)
    pt = {x: 0, y: 0}
    detp = {"example": _POLY3_TEXT, "Γ^x_xx exact at (0,0), through ℰ²": _s(sp.expand(tay[0, 0, 0].subs(pt))),
            "Γ^x_xx of the form at (0,0)": _s(finp[0, 0, 0].subs(pt))}
    out.append(symbolic_identity(low, finp, "Taylor polynomial through ℰ¹ of the exact Γ^k_ij (polynomial example) vs "
                                 "(ℰ/N²)⟨∂_i∂_j f̂, ∂_k f̂⟩", simplifier=_EXPAND, details=detp))
    out.append(symbolic_identity(tay, finp, "Taylor polynomial through ℰ² of the exact Γ^k_ij vs the form",
                                 role="remark", simplifier=_EXPAND, details=detp))
    return out


# =============================================================================================
# eq10-metric-gradient
# =============================================================================================


def check_eq10_symbolic(ctx):
    D = _generic_D2()
    f = _F_GEN
    m = Metric(sp.eye(2) + eps * D, C2)
    g = m.matrix
    grad_g = sp.Matrix(m.gradient(f))
    df = _grad(f, C2)
    nabla_D = weak_field_inverse(D, eps, order=1) * df  # (I − ℰD)∇f
    tay = _taylor(grad_g, eps, 1)
    v = sp.Matrix(sp.symbols("v_1 v_2", real=True))
    pairing = (v.T * g * nabla_D)[0] - df.dot(v)
    det = {"D": "generic symmetric 2×2 d_ij(x, y)", "f": "generic f(x, y)"}
    return [
        symbolic_identity(tay, nabla_D, "Taylor polynomial through ℰ¹ of the g-gradient g⁻¹∇f (Metric.gradient) vs "
                          "∇_D f = (I − ℰD)∇f", simplifier=_EXPAND, details=det),
        symbolic_identity(g * grad_g, df, "ẋ = −g⁻¹∇f vs ẋ + ℰDẋ = −∇f: (I + ℰD)g⁻¹∇f = ∇f", simplifier=_cancel,
                          details=det),
        symbolic_identity(grad_g - nabla_D, eps**2 * D**2 * grad_g, "g⁻¹∇f − (I − ℰD)∇f vs ℰ²D²g⁻¹∇f (exact remainder)",
                          simplifier=_cancel, details=det),
        symbolic_identity((v.T * g * nabla_D)[0], df.dot(v), "(I − ℰD)∇f is exactly the g-gradient: g(∇_D f, v) = "
                          "df(v) for all v", role="remark", simplifier=_EXPAND, details=det),
        symbolic_identity(pairing, -eps**2 * (v.T * D**2 * df)[0], "g((I − ℰD)∇f, v) − df(v) vs −ℰ² vᵀD²∇f",
                          role="caveat", simplifier=_EXPAND, details=det),
    ]


def check_eq10_numeric(ctx):
    rng = ctx.numpy_rng("eq10")
    d = 4
    D = _random_diffusion(rng, 6, d)
    M = float(np.linalg.eigvalsh(D).max())
    gf = rng.normal(size=d)
    I = np.eye(d)
    e = 1e-4 / M
    diff = np.linalg.solve(I + e * D, gf) - (I - e * D) @ gf
    ref = float(np.linalg.norm(D @ D @ gf))
    rows = []
    for eM in (0.1, 0.5, 0.9, 0.99, -0.5, -0.9, -0.99):
        ee = eM / M
        exact = np.linalg.solve(I + ee * D, gf)
        rows.append({"ℰM_x": eM, "‖g⁻¹∇f − (I − ℰD)∇f‖/‖g⁻¹∇f‖":
                     float(np.linalg.norm(exact - (I - ee * D) @ gf) / np.linalg.norm(exact))})
    return numeric_close(float(np.linalg.norm(diff)) / e**2, ref, "‖g⁻¹∇f − (I − ℰD)∇f‖/ℰ² at ℰM_x = 1e-4 vs "
                         "‖D²∇f‖", tol=(2e-4 + 1e-6) * ref,
                         reason="exact difference ℰ²D²(I + ℰD)⁻¹∇f: relative deviation from ℰ²D²∇f ≤ ℰM/(1 − ℰM) "
                                "≈ 1e-4; float64 rounding of the 1e-8-sized difference ≲ 1e-7 relative",
                         details={"relative error of ∇_D f over ℰM_x": rows, "M_x": M})


# =============================================================================================
# appendix-metric-and-canonical
# =============================================================================================


def check_appendix_components(ctx):
    r, th = sp.symbols("r theta", positive=True)
    Jac = sp.Matrix([r * sp.cos(th), r * sp.sin(th)]).jacobian([r, th])

    def B_polar(u, v):  # the Euclidean scalar product pulled back to polar coordinates at (r, θ)
        return (Jac * sp.Matrix(u)).dot(Jac * sp.Matrix(v))

    n = 2
    E = [[1 if a == b else 0 for a in range(n)] for b in range(n)]
    g_pol = sp.Matrix(n, n, lambda i, j: sp.simplify(B_polar(E[i], E[j])))
    u = sp.symbols("u_1 u_2", real=True)
    v = sp.symbols("v_1 v_2", real=True)

    def B_can(a, b):
        return sp.Add(*[ai * bi for ai, bi in zip(a, b)])

    E3 = [[1 if a == b else 0 for a in range(3)] for b in range(3)]
    g_can = sp.Matrix(3, 3, lambda i, j: B_can(E3[i], E3[j]))
    u3, v3 = sp.symbols("u_1:4", real=True), sp.symbols("v_1:4", real=True)

    def B_mink(a, b):
        return -a[0] * b[0] + a[1] * b[1] + a[2] * b[2] + a[3] * b[3]

    E4 = [[1 if a == b else 0 for a in range(4)] for b in range(4)]
    g_m = sp.Matrix(4, 4, lambda i, j: B_mink(E4[i], E4[j]))
    ev = g_m.eigenvals()
    det_p = {"polar components": _s(g_pol), "point": "(r, θ), r > 0"}
    det_c = {"canonical components": _s(g_can)}
    det = {"Minkowski components": _s(g_m), "Minkowski det": _s(g_m.det()), "Minkowski eigenvalues": _s(ev),
           "terminology": "the paper calls M 'Riemannian' for any non-degenerate g; standard usage: "
                          "pseudo-Riemannian (Lorentzian for Minkowski), 'Riemannian' requires positive definite"}
    return [
        symbolic_identity(g_pol, sp.Matrix([[1, 0], [0, r**2]]), "g_ij = g_p(∂_i, ∂_j) of the Euclidean product in "
                          "polar coordinates vs diag(1, r²)", simplifier=sp.simplify, details=det_p),
        symbolic_identity(_tensor_form(g_pol)(u, v), B_polar(u, v), "Σ g_ij dx^i⊗dx^j(u, v) vs g_p(u, v), generic u, v "
                          "(polar)", simplifier=sp.simplify, details=det_p),
        symbolic_identity(g_can, sp.eye(3), "components of the canonical metric (a, b) ↦ Σ a_i b_i on ℝ³ vs δ_ij",
                          simplifier=_EXPAND, details=det_c),
        symbolic_identity(_tensor_form(g_can)(u3, v3), B_can(u3, v3), "Σ δ_ij dx^i⊗dx^j(u, v) vs Σ u_i v_i",
                          simplifier=_EXPAND, details=det_c),
        fact(g_m == sp.diag(-1, 1, 1, 1) and g_m.det() != 0 and Metric(g_m, (t, x, y, z)).dim == 4, "Minkowski form: components diag(−1, 1, 1, 1), "
             "non-degenerate (det ≠ 0), accepted as a metric", details=det),
        fact(all(l > 0 for l in ev), "a 'metric' in the paper's sense (Minkowski) is positive definite, as a "
             "Riemannian metric is in standard usage", role="remark", details=det),
    ]


# =============================================================================================
# appendix-affine-connection
# =============================================================================================


def _generic_connection(n: int = 2, symmetric: bool = False) -> sp.ImmutableDenseNDimArray:
    tab = [[[None] * n for _ in range(n)] for _ in range(n)]
    for k in range(n):
        for i in range(n):
            for j in range(n):
                a, b = (min(i, j), max(i, j)) if symmetric else (i, j)
                tab[k][i][j] = sp.Function(f"G{k + 1}{a + 1}{b + 1}")(x, y)
    return sp.ImmutableDenseNDimArray(tab)


def check_connection_axioms(ctx):
    G = _generic_connection()
    X = [sp.Function(f"X{i}")(x, y) for i in (1, 2)]
    Y = [sp.Function(f"Y{i}")(x, y) for i in (1, 2)]
    Z = [sp.Function(f"Z{i}")(x, y) for i in (1, 2)]
    f = sp.Function("f")(x, y)
    a, b = sp.symbols("a b", real=True)
    dfX = sp.Add(*[sp.diff(f, C2[i]) * X[i] for i in range(2)])
    nXY = _nabla(G, X, Y, C2)
    det = {"connection": "generic coefficients Γ^k_ij(x, y) (not symmetric), generic X, Y, Z, f"}
    return [
        symbolic_identity(_nabla(G, [f * c for c in X], Y, C2), [f * c for c in nXY], "property 1: ∇_{fX}Y vs f∇_X Y",
                          simplifier=_EXPAND, details=det),
        symbolic_identity(_nabla(G, X, [f * c for c in Y], C2), [dfX * Y[k] + f * nXY[k] for k in range(2)],
                          "property 2: ∇_X(fY) vs df(X)Y + f∇_X Y", simplifier=_EXPAND, details=det),
        symbolic_identity(_nabla(G, [a * X[i] + b * Z[i] for i in range(2)], Y, C2),
                          [a * p + b * q for p, q in zip(nXY, _nabla(G, Z, Y, C2))], "ℝ-linear in X",
                          simplifier=_EXPAND, details=det),
        symbolic_identity(_nabla(G, X, [a * Y[i] + b * Z[i] for i in range(2)], C2),
                          [a * p + b * q for p, q in zip(nXY, _nabla(G, X, Z, C2))], "ℝ-linear in Y (bilinear over ℝ)",
                          simplifier=_EXPAND, details=det),
        symbolic_identity([p - f * q for p, q in zip(_nabla(G, X, [f * c for c in Y], C2), nXY)],
                          [dfX * c for c in Y], "∇_X(fY) − f∇_X Y vs df(X)Y: C^∞-linear in X only, not in Y",
                          simplifier=_EXPAND, details=det),
    ]


def check_torsion(ctx):
    G = _generic_connection()
    X = [sp.Function(f"X{i}")(x, y) for i in (1, 2)]
    Y = [sp.Function(f"Y{i}")(x, y) for i in (1, 2)]
    T_def = [p - q - r for p, q, r in zip(_nabla(G, X, Y, C2), _nabla(G, Y, X, C2), _lie_bracket(X, Y, C2))]
    T_coord = [sp.Add(*[(G[k, i, j] - G[k, j, i]) * X[i] * Y[j] for i in range(2) for j in range(2)]) for k in range(2)]
    E = [[1, 0], [0, 1]]
    T_frame = [[[sp.expand(p - q - r) for p, q, r in zip(_nabla(G, E[i], E[j], C2), _nabla(G, E[j], E[i], C2),
                                                      _lie_bracket(E[i], E[j], C2))] for j in range(2)] for i in range(2)]
    Gs = _generic_connection(symmetric=True)
    T_sym = [p - q - r for p, q, r in zip(_nabla(Gs, X, Y, C2), _nabla(Gs, Y, X, C2), _lie_bracket(X, Y, C2))]
    return [
        symbolic_identity(T_def, T_coord, "T(X, Y) = ∇_X Y − ∇_Y X − [X, Y] vs (Γ^k_ij − Γ^k_ji)X^iY^j (generic Γ)",
                          simplifier=_EXPAND),
        symbolic_identity([T_frame[i][j][k] for i in range(2) for j in range(2) for k in range(2)],
                          [G[k, i, j] - G[k, j, i] for i in range(2) for j in range(2) for k in range(2)],
                          "T(∂_i, ∂_j)^k vs Γ^k_ij − Γ^k_ji: torsion free ⟺ Γ^k_ij = Γ^k_ji", simplifier=_EXPAND),
        symbolic_identity(T_sym, [0, 0], "T(X, Y) vs 0 for symmetric Γ", simplifier=_EXPAND),
    ]


def check_levi_civita_unique(ctx):
    m = _generic_metric(2)
    g, X, n = m.matrix, m.coords, 2
    U = [[[sp.Symbol(f"U^{k + 1}_{i + 1}{j + 1}") for j in range(n)] for i in range(n)] for k in range(n)]
    order = [(k, i, j) for k in range(n) for i in range(n) for j in range(n)]
    unknowns = [U[k][i][j] for k, i, j in order]
    eqs = []
    for k in range(n):  # ∇g = 0: (∇_k g)_ij = ∂_k g_ij − Γ^l_ki g_lj − Γ^l_kj g_il
        for i in range(n):
            for j in range(i, n):
                eqs.append(sp.diff(g[i, j], X[k]) - sp.Add(*[U[l][k][i] * g[l, j] + U[l][k][j] * g[i, l] for l in range(n)]))
    for k in range(n):  # torsion free
        eqs.append(U[k][0][1] - U[k][1][0])
    A, b = sp.linear_eq_to_matrix(eqs, unknowns)
    detA = sp.factor(A.det(method="berkowitz"))
    sol = A.LUsolve(b)
    G = m.christoffel()
    det = {"system": f"{len(eqs)} linear equations (6 from ∇g = 0, 2 torsion) in {len(unknowns)} unknowns Γ^k_ij",
           "determinant of the system": _s(detA)}
    return [
        fact(A.shape == (8, 8) and detA != 0 and sp.simplify(detA / (g.det()) ** 3).is_number,
             "the linear system torsion-free + ∇g = 0 has non-zero determinant (a power of det g): unique solution",
             details=det),
        symbolic_identity(list(sol), [G[k, i, j] for k, i, j in order], "its unique solution vs Metric.christoffel() "
                          "(generic 2×2 metric)", simplifier=_cancel, details=det),
    ]


# =============================================================================================
# appendix-metric-gradient
# =============================================================================================


def check_appendix_gradient(ctx):
    m = _generic_metric(2)
    f = _F_GEN
    v = sp.Matrix(sp.symbols("v_1 v_2", real=True))
    grad_g = sp.Matrix(m.gradient(f))
    df = _grad(f, C2)
    gi = m.inverse()
    literal = [sp.Add(*[sp.diff(f, C2[i]) * gi[i, j] for i in range(2)]) for j in range(2)]  # ∂_i f g^{ij} ∂_j
    f3 = sp.Function("f")(*C3)
    eucl = Metric(sp.eye(3), C3).gradient(f3)
    r, th = sp.symbols("r theta", positive=True)
    fp = sp.Function("f")(r, th)
    polar = Metric([[1, 0], [0, r**2]], (r, th)).gradient(fp)
    s = sp.Symbol("s", real=True)
    directional = sp.diff(f.xreplace({x: x + s * v[0], y: y + s * v[1]}), s).subs(s, 0).doit()
    hfun = sp.Function("h")(x, y)
    Dv_h = (_grad(hfun, C2).T * v)[0]
    return [
        symbolic_identity((v.T * m.matrix * grad_g)[0], df.dot(v), "g(∇_g f, v) vs df(v), generic 2×2 metric, generic "
                          "f and v", simplifier=_cancel),
        symbolic_identity(literal, grad_g, "printed ∂f/∂x^i g^{ij} ∂/∂x^j vs Metric.gradient (g^{ij}∂_j f)",
                          simplifier=_EXPAND),
        symbolic_identity(eucl, _grad(f3, C3), "g_ij = δ_ij: ∇_g f vs the Euclidean gradient (ℝ³)", simplifier=_EXPAND),
        symbolic_identity(polar, [sp.diff(fp, r), sp.diff(fp, th) / r**2], "polar coordinates: ∇_g f vs (∂_r f, "
                          "∂_θ f/r²)", simplifier=_cancel),
        symbolic_identity(df.dot(v), directional, "∇f·v vs D_v f = (d/ds) f(p + sv)|_{s=0}", simplifier=_EXPAND),
        symbolic_identity(df.dot(v) * hfun, Dv_h, "printed 'grad(f)·v = D_v' read as an equality of operators on a "
                          "test function h: (∇f·v)h vs D_v h", role="caveat", simplifier=_EXPAND,
                          details={"reading that holds": r"\mathrm{grad}(f)\cdot v=D_vf"}),
    ]


# =============================================================================================
# appendix-geodesic-equation
# =============================================================================================


def check_geodesic_derivation(ctx):
    m = _generic_metric(2)
    G = m.christoffel()
    Xf = [sp.Function(f"X{i}")(x, y) for i in (1, 2)]
    field = [e.xreplace(_ON2) for e in _nabla(G, Xf, Xf, C2)]  # (∇_X X)(γ(t))
    eqs = m.geodesic_equations(t)
    vel = {_XD2[k]: Xf[k].xreplace(_ON2) for k in range(2)}
    acc = {_XDD2[k]: sp.diff(Xf[k].xreplace(_ON2), t) for k in range(2)}
    curve_form = [(e.lhs - e.rhs).subs(acc).subs(vel).doit() for e in eqs]
    return symbolic_identity(curve_form, field, "γ̈ + Γγ̇γ̇ (Metric.geodesic_equations) vs (∇_X X)(γ) for γ an integral "
                             "curve of a generic field X (γ̇ = X∘γ), generic 2×2 metric", simplifier=_cancel)


def check_polar_lines(ctx):
    r, th = sp.symbols("r theta", positive=True)
    pm = Metric([[1, 0], [0, r**2]], (r, th))
    cur = pm.curve(t)
    eqs = pm.geodesic_equations(t)
    p, q, a, b = sp.symbols("p q a b", real=True)
    line = {cur[0]: sp.sqrt((p + a * t) ** 2 + (q + b * t) ** 2), cur[1]: sp.atan((q + b * t) / (p + a * t))}
    res = [sp.simplify((e.lhs - e.rhs).xreplace(line).doit()) for e in eqs]
    circle = {cur[0]: sp.Integer(1), cur[1]: t}
    res_c = [sp.simplify((e.lhs - e.rhs).xreplace(circle).doit()) for e in eqs]
    # parallel transport in polar coordinates along two curves from t = 0. Closed form (the plane is flat): the
    # Cartesian components are constant, V(t) = J(γ(t))⁻¹ J(γ(0)) V₀ with J the Jacobian of (r cosθ, r sinθ).
    G = pm.christoffel()
    Jp = sp.Matrix([r * sp.cos(th), r * sp.sin(th)]).jacobian([r, th])
    c1, c2 = sp.symbols("c_1 c_2", real=True)

    def transported(gam, V0):
        at = lambda s_: {r: gam[0].subs(t, s_), th: gam[1].subs(t, s_)}  # noqa: E731
        return (Jp.xreplace(at(t)).inv() * Jp.xreplace(at(0)) * sp.Matrix(V0)).applyfunc(sp.simplify)

    def transport_residual(gam, V):
        gd = [sp.diff(c, t) for c in gam]
        on = {r: gam[0], th: gam[1]}
        return [sp.simplify(sp.diff(V[k], t) + sp.Add(*[G[k, i, j].xreplace(on) * gd[i] * V[j]
                                                          for i in range(2) for j in range(2)])) for k in range(2)]

    line1 = [sp.sqrt(1 + t**2), sp.atan(t)]  # x = 1, y = t
    circ = [sp.Integer(1), t]
    V_any = transported(line1, [c1, c2])
    vel1 = [sp.diff(c, t) for c in line1]
    V_tan = transported(line1, [v.subs(t, 0) for v in vel1])
    velc = [sp.diff(c, t) for c in circ]
    V_circ = transported(circ, [v.subs(t, 0) for v in velc])
    pt_det = {"curve": "x = 1, y = t, i.e. r = √(1+t²), θ = atan t", "transported γ̇(0) (polar components)":
              _s(V_tan.T), "γ̇(t)": _s(sp.Matrix(vel1).T), "unit circle: transported γ̇(0)": _s(V_circ.T),
              "unit circle: γ̇(t)": _s(sp.Matrix(velc).T)}
    # the straight line (t³, 0) in Cartesian coordinates: flat transport keeps γ̇(1) = (3, 0) tangent, yet not a geodesic
    cart = Metric(sp.eye(2), C2)
    cubic = [t**3, sp.Integer(0)]
    V = sp.Matrix([3, 0])  # parallel (Γ = 0: V constant) from γ̇(1)
    tangent = sp.simplify(V[0] * sp.diff(cubic[1], t) - V[1] * sp.diff(cubic[0], t))  # 2-D cross product with γ̇(t)
    if tangent != 0:
        raise RuntimeError("the transported vector must stay tangent to the curve")
    res_cubic = [sp.expand((e.lhs - e.rhs).xreplace(dict(zip(cart.curve(t), cubic))).doit())
                 for e in cart.geodesic_equations(t)]
    return [
        symbolic_identity(res, [0, 0], "the straight line (p + at, q + bt) written in polar coordinates vs the polar "
                          "geodesic equations (Γ^r_θθ = −r, Γ^θ_rθ = 1/r)", simplifier=sp.simplify),
        fact(any(rc != 0 for rc in res_c), "the unit circle r = 1, θ = t does not satisfy them",
             details={"residual": [_s(rc) for rc in res_c]}),
        symbolic_identity(transport_residual(line1, V_any), [0, 0], "V(t) = J(γ(t))⁻¹J(γ(0))V₀ (constant Cartesian "
                          "components) vs the transport equation dV/dt + Γ(γ)γ̇V = 0, generic V₀, polar coordinates",
                          simplifier=sp.simplify, details=pt_det),
        symbolic_identity(V_tan, vel1, "parallel transport of γ̇(0) along the straight line vs γ̇(t): the geodesic's "
                          "tangent is preserved", simplifier=sp.simplify, details=pt_det),
        fact(any(sp.simplify(a - b) != 0 for a, b in zip(V_circ, velc)), "along the unit circle (not a geodesic) the "
             "transported γ̇(0) differs from γ̇(t)", details=pt_det),
        symbolic_identity(res_cubic, [0, 0], "weak reading of 'parallel transport preserves any tangent vector to the "
                          "curve' (tangent vectors stay tangent): the line (t³, 0) has it, vs the geodesic equation",
                          role="remark", simplifier=_EXPAND,
                          details={"curve": "(t^3, 0)", "transported γ̇(1)": "(3, 0), tangent for all t",
                                   "γ̇(t)": "(3t², 0)", "geodesic residual": [_s(r_) for r_ in res_cubic]}),
    ]


# =============================================================================================
# the catalogue
# =============================================================================================

_G_DEF = r"g=\mathrm{id}+\mathcal{E}D\ (6),\ D\ \text{symmetric positive semidefinite},\ M_x=\max_k\lambda_k(D)"
_CONST_EPS = "ℰ is a constant unless said otherwise"

CLAIMS: list[Claim] = [
    Claim(
        id="gd-second-order-form",
        reading=(
            r"observe that $-\frac{d}{dt} \partial_\mu f$ effectively replaces the force term $(q/m) "
            r"F_\nu^\mu \frac{dx^\nu}{dt}$"
        ),
        rationale=(
            "Differentiating GD gives ẍ^μ = −(d/dt)∂_μ f = −∂_μ∂_ν f ẋ^ν, which has the form of the "
            "force term with F^μ_ν = −∂_μ∂_ν f. The GD trajectory satisfies it (checks 1-3, 5-8, 10, "
            "11, 13, 14 hold). Check 4 (F is not antisymmetric like an electromagnetic field) tests a"
            " closer analogy than the paper's 'an external force; e.g., one coming from an "
            "electromagnetic field'. Checks 9, 12 and 15 (not every solution of the second-order "
            "equation is a GD trajectory) test a converse this passage does not claim. The "
            "initial-velocity issue is taken up under constant-metric-gives-gd. All four are remarks."
        ),
        source=_src("§3, Eq. (4) and the paragraph after Eq. (5)"),
        statement=(
            r"\frac{d^2x^\mu}{dt^2}+\Gamma^\mu_{\rho\sigma}\frac{dx^\rho}{dt}\frac{dx^\sigma}{dt}=\frac{q}{m}F^\mu_\nu"
            r"\frac{dx^\nu}{dt}\ (4);\quad\text{GD differentiated in }t:\ \frac{d^2x^\mu}{dt^2}=-\frac{d}{dt}\partial_\mu f,"
            r"\ \text{and }-\frac{d}{dt}\partial_\mu f\text{ effectively replaces the force term }(q/m)F^\mu_\nu"
            r"\frac{dx^\nu}{dt}"
        ),
        hypotheses=("f is C² on ℝ^d", "q/m = 1", "x(t) a C² curve"),
        expected_verdict="verified",
        checks=(check_gd_force_form, check_gd_example, check_gd_numeric),
        remark=(
            "−(d/dt)∂_μ f = F^μ_ν ẋ^ν with F^μ_ν = −∂_μ∂_ν f, a symmetric tensor: unlike the antisymmetric "
            "electromagnetic F_μν of the analogy it does work (ẋ·Fẋ = −ẋᵀHẋ). The second-order equation only "
            "integrates to ẋ + ∇f = ẋ(0) + ∇f(x(0)); it reproduces GD only for ẋ(0) = −∇f(x(0)) — otherwise it is GD "
            "of f − c·x, c = ẋ(0) + ∇f(x(0)) (numerically: from rest the solution never moves)."
        ),
        kinds=("SYM-N", "NUM"),
    ),
    Claim(
        id="levi-civita-christoffel",
        reading=(
            r"$$\Gamma_{uv}^w = \frac{1}{2} g^{wz} (\partial_u g_{vz} + \partial_v g_{uz} - \partial_z"
            r" g_{uv}) \quad (5)$$"
        ),
        rationale=(
            "Eq. (5) and the Appendix A formula agree after renaming indices and match the standard "
            "Levi-Civita Christoffel symbols. Torsion-freeness (lower-index symmetry), metric "
            "compatibility and the sphere test case all hold (checks 1-9)."
        ),
        source=_src("§3, Eq. (5); Appendix A (Christoffel symbols of the Levi-Civita connection)"),
        statement=(
            r"\Gamma^w_{uv}=\tfrac12g^{wz}(\partial_ug_{vz}+\partial_vg_{uz}-\partial_zg_{uv})\ (5);\quad"
            r"\Gamma^l_{jk}=\tfrac12g^{lr}(\partial_kg_{rj}+\partial_jg_{rk}-\partial_rg_{jk})\ \text{(App. A)};"
            r"\ \text{the Levi-Civita connection is torsion free and preserves the metric}"
        ),
        hypotheses=("g a smooth non-degenerate symmetric metric",),
        expected_verdict="verified",
        checks=(check_lc_formulas, check_lc_compatibility),
        kinds=("SYM-FIX",),
    ),
    Claim(
        id="constant-metric-gives-gd",
        reading=(
            "Hence, the geodesic equation Equation (4) models the ordinary GD equation if we take a "
            "constant metric and replace the force term with the gradient of the loss"
        ),
        rationale=(
            "With a constant metric Γ ≡ 0 and the force −(d/dt)∂_μ f named just before, Eq. (4) "
            "integrates to ẋ + ∇f = const and the GD trajectory solves it (checks 1-5, 10-11 hold). "
            "It reproduces GD only when the integration constant is zero, i.e. ẋ(0) = −∇f(x(0)), "
            "which the paper never states (check 6 fails). 'Replace the force term with the gradient "
            "of the loss' read literally (ẍ = −∇f) also fails (check 7), but the previous sentence "
            "corrects it. Checks 8-9 (force index raised with g) test a covariant reading the paper "
            "does not make. Close call: check 6 could be called a remark, but the paper's later step "
            "that integrates Eq. (8) makes the same silent choice."
        ),
        finding=Finding(
            printed=(
                "Eq. (4) models the ordinary GD equation if we take a constant metric and replace the "
                "force term with the gradient of the loss"
            ),
            corrected=(
                "The second-order equation models GD only with the initial velocity ẋ(0) = −∇f(x(0)) "
                "(zero integration constant), and the 'force' is −(d/dt)∂_μ f, not the gradient itself as"
                " the wording literally says."
            ),
        ),
        source=_src("§3, paragraph after Eq. (5); Appendix A (end)"),
        statement=(
            r"\text{Eq. (4) models ordinary GD if the metric is constant and the force term is replaced by the gradient "
            r"of the loss};\ \text{constant metric}\Rightarrow\frac{d^2\gamma^\lambda}{dt^2}=0,\ \text{geodesics are "
            r"straight lines}"
        ),
        hypotheses=("g constant", "force −(d/dt)∂_μ f as in gd-second-order-form, with a Euclidean index"),
        expected_verdict="verified-with-caveat",
        checks=(check_constant_gamma, check_constant_metric_force, check_constant_straight_lines),
        caveat=(
            (
            "The second-order equation models GD only with the initial velocity ẋ(0) = −∇f(x(0)) "
            "(zero integration constant), and the 'force' is −(d/dt)∂_μ f, not the gradient itself as"
            " the wording literally says."
        )
        ),
        kinds=("SYM-N",),
    ),
    Claim(
        id="diffusion-metric-nonsingular",
        reading=(
            r"with $\mathcal{E}(x) < 1/M_x$, where $M_x = \max\{\lambda_k : \lambda_k \text{ is an "
            r"eigenvalue of } D(x)\}$. This ensures that g is non-singular at each $x \in \Omega$."
        ),
        rationale=(
            "The eigenvalues of g = id + ℰD are 1 + ℰλ_k (checks 2, 3, 11), so g is singular exactly "
            "at ℰ = −1/λ_k, values that satisfy the printed one-sided condition ℰ < 1/M_x for the "
            "\"real parameter\" ℰ (checks 1, 6, 9 fail/confirm on a toy and a trained-network D); the "
            "correct condition is |ℰ| < 1/M_x, or ℰ > −1/M_x, which gives g positive definite (checks"
            " 4, 7, 10–13). Close call: if ℰ ≥ 0 were intended the sentence would be vacuously true "
            "(check 5), but the paper never states a sign and the printed bound is only meaningful "
            "for negative ℰ, so a reader relying on it is misled."
        ),
        finding=Finding(
            printed=(
                "g(x) = id + ℰ(x)D(x) with ℰ(x) < 1/M_x, M_x = max eigenvalue of D(x); this ensures g is "
                "non-singular at each x ∈ Ω."
            ),
            corrected=(
                "g(x) = id + ℰ(x)D(x) is non-singular (indeed positive definite) when ℰ(x) > −1/M_x, in "
                "particular when |ℰ(x)| < 1/M_x; the latter also makes Σ(−ℰD)^m converge to g⁻¹. For ℰ ≥ "
                "0 no bound is needed."
            ),
            downstream=(
                "The \"heuristic hypothesis on ℰ\" is then invoked for the weak-field approximation g⁻¹ = "
                "id − ℰD and Eq. (10); under the printed bound ℰ ≤ −1/M_x is admitted, where g is "
                "singular or indefinite and the Neumann series diverges."
            ),
            consequence=2,
        ),
        source=_src("§3, Eq. (6) and the two sentences after it"),
        statement=(
            r"g(x)=\mathrm{id}+\mathcal{E}(x)D(x)\ (6)\ \text{with}\ \mathcal{E}(x)<1/M_x,\ M_x=\max\{\lambda_k\};"
            r"\ \text{this ensures that }g\text{ is non-singular at each }x\in\Omega"
        ),
        hypotheses=(r"D(x) symmetric positive semidefinite (a covariance), eigenvalues λ_k ∈ [0, M_x]",
                    "ℰ real, of either sign (the printed condition is one-sided)"),
        expected_verdict="erratum",
        checks=(check_nonsingular_counterexample, check_nonsingular_exact_sets, check_nonsingular_numeric,
                check_net_metric_nonsingular),
        correction=(
            r"\lambda(g)=\{1+\mathcal{E}\lambda_k\};\ g\ \text{is singular iff}\ \mathcal{E}=-1/\lambda_k\ \text{for "
            r"some}\ \lambda_k>0,\ \text{positive definite iff}\ \mathcal{E}>-1/M_x\ \text{(every}\ \mathcal{E}\ge0"
            r"\text{, any }M_x\text{; every }\mathcal{E}\text{ if }D=0);\ \text{the bound that the weak-field expansion "
            r"needs is}\ |\mathcal{E}|<1/M_x:\ \rho(\mathcal{E}D)<1,\ g\succ0,\ g^{-1}=\sum_m(-\mathcal{E}D)^m"
        ),
        kinds=("SYM-FIX", "NUM"),
        notes=(
            "Counterexample: ∇f_1 = (1,0), ∇f_2 = (−1,0) give D = diag(1,0), M_x = 1; ℰ = −1 < 1/M_x gives "
            "g = diag(0,1), singular. The upper bound ℰ < 1/M_x plays no role for non-singularity (every ℰ ≥ 0 "
            "gives g ≻ 0); what it controls, read as |ℰ| < 1/M_x, is ρ(ℰD) < 1 and the Neumann series of g⁻¹. "
            "For M_x = 0 the printed bound 1/M_x is undefined. ℰ may depend on x in Eq. (6): see "
            "christoffel-first-order-eq7."
        ),
    ),
    Claim(
        id="weak-field-inverse",
        reading=(
            r"Notice that our heuristic hypothesis on \mathcal{E} allows us to make the so called "
            "*weak field approximation* (see [7]):"
        ),
        rationale=(
            "As a first-order approximation g⁻¹ = id − ℰD is correct, with exact remainder ℰ²D²(I + "
            "ℰD)⁻¹ and O(ℰ²) scaling (checks 1–4, 6, 7, 9, 10 hold); check 5 (exact inverse) tests a "
            "reading the paper never makes (remark). Checks 8 and 11 fail: the hypothesis the paper "
            "cites, ℰ < 1/M_x, does not make the dropped term small (it equals half the kept "
            "correction at ℰM_x = 0.99 and 99× it at ℰM_x = −0.99), so the approximation needs the "
            "unstated |ℰ|M_x ≪ 1 (caveat; close call with \"remark\", since the text does speak of a "
            "small, weak-field deformation)."
        ),
        finding=Finding(
            printed=(
                "Our heuristic hypothesis on ℰ (ℰ < 1/M_x) allows the weak field approximation g⁻¹ = id −"
                " ℰD; (I + ℰD)⁻¹ ≅ I − ℰD."
            ),
            corrected=(
                "The weak-field approximation needs |ℰ|M_x ≪ 1; the cited hypothesis ℰ < 1/M_x "
                "(one-sided, and allowing ℰM_x near 1) does not make the neglected ℰ²D²g⁻¹ term small."
            ),
        ),
        depends_on=("diffusion-metric-nonsingular",),
        source=_src("§3, after Eq. (6) ('weak field approximation') and before Eq. (10)"),
        statement=(
            r"g^{-1}=\mathrm{id}-\mathcal{E}D(x)\ \text{(weak field approximation, allowed by}\ \mathcal{E}<1/M_x);"
            r"\quad(I+\mathcal{E}D)^{-1}\cong(I-\mathcal{E}D)"
        ),
        hypotheses=(_G_DEF, _CONST_EPS, "≅ read as equality up to O(ℰ²)"),
        expected_verdict="verified-with-caveat",
        checks=(check_weak_inverse_symbolic, check_weak_inverse_numeric, check_net_weak_field_inverse),
        caveat=(
            (
            "The weak-field approximation needs |ℰ|M_x ≪ 1; the cited hypothesis ℰ < 1/M_x "
            "(one-sided, and allowing ℰM_x near 1) does not make the neglected ℰ²D²g⁻¹ term small."
        )
        ),
        kinds=("SYM-FIX", "NUM"),
    ),
    Claim(
        id="christoffel-first-order-eq7",
        reading=(
            r"$$\Gamma_{uv}^w = \frac{1}{2} \sum_z (\delta_{wz} - \mathcal{E}d_{wz}) \mathcal{E} "
            r"(\partial_u d_{vz} - \partial_z d_{uv} + \partial_v d_{uz}) = \frac{\mathcal{E}}{2} "
            r"(\partial_u d_{vw} - \partial_w d_{uv} + \partial_v d_{uw}) \tag{7}$$"
        ),
        rationale=(
            "For constant ℰ, Eq. (7) is the correct first-order Christoffel symbol of g = id + ℰD and"
            " the middle form is exact through O(ℰ²) (checks 1–8, 11, 12 hold). But Eq. (6) writes "
            "ℰ(x); check 9 fails because an x-dependent ℰ adds the first-order term ½(∂_uℰ d_vw + "
            "∂_vℰ d_uw − ∂_wℰ d_uv) (check 10), so Eq. (7) needs ℰ constant in x — the paper "
            "thereafter calls ℰ \"the real parameter\", so this is a needed-but-unstated assumption "
            "(caveat), not an error in its own use."
        ),
        finding=Finding(
            printed=(
                "Γ^w_uv = ½ Σ_z (δ_wz − ℰ d_wz) ℰ (∂_u d_vz − ∂_z d_uv + ∂_v d_uz) = (ℰ/2)(∂_u d_vw − ∂_w"
                " d_uv + ∂_v d_uw), with g = id + ℰ(x)D(x)"
            ),
            corrected=(
                "Eq. (7) drops the ∂ℰ terms, so it holds only if ℰ is constant in x, although Eq. (6) "
                "writes ℰ(x)."
            ),
        ),
        depends_on=("levi-civita-christoffel", "weak-field-inverse",),
        source=_src("§3, Eq. (7)"),
        statement=(
            r"\Gamma^w_{uv}=\tfrac12\sum_z(\delta_{wz}-\mathcal{E}d_{wz})\mathcal{E}(\partial_ud_{vz}-\partial_zd_{uv}"
            r"+\partial_vd_{uz})=\frac{\mathcal{E}}2(\partial_ud_{vw}-\partial_wd_{uv}+\partial_vd_{uw})\ (7),\ "
            r"\text{discarding }O(\mathcal{E}^2)"
        ),
        hypotheses=(_G_DEF, "d_ij the entries of D, smooth in x"),
        expected_verdict="verified-with-caveat",
        checks=(check_eq7_generic_d, check_eq7_from_losses, check_eq7_variable_eps, check_eq7_network),
        caveat=(
            (
            "Eq. (7) drops the ∂ℰ terms, so it holds only if ℰ is constant in x, although Eq. (6) "
            "writes ℰ(x)."
        )
        ),
        kinds=("SYM-FIX",),
    ),
    Claim(
        id="christoffel-fhat-form",
        reading=(
            r"= \frac{\mathcal{E}}{N^2} \langle \partial_i \partial_j \hat{f}, \partial_k \hat{f} "
            r"\rangle. \end{aligned}$$"
        ),
        rationale=(
            "Within the first-order approximation declared on line 99 (\"we discard O(ℰ²)\"), the "
            "six-term bracket equals Eq. (7) with d_ij = ⟨∂_i f̂,∂_j f̂⟩/N² and collapses to "
            "(ℰ/N²)⟨∂_i∂_j f̂,∂_k f̂⟩ (checks 1–5, 7, 8, 10–12 hold; the network error is O(ε²)). "
            "Checks 6, 9, 13 fail only for exact or second-order equality with the true Γ^k_ij, a "
            "reading the document explicitly disclaims (remarks); close call only in that \"=\" is "
            "printed rather than ≈."
        ),
        depends_on=("christoffel-first-order-eq7", "diffusion-pairwise-identity",),
        source=_src("§3, display before Eq. (8)"),
        statement=(
            r"\Gamma^k_{ij}=\frac{\mathcal{E}}{2N^2}[\langle\partial_i\partial_j\hat f,\partial_k\hat f\rangle+\langle"
            r"\partial_j\hat f,\partial_i\partial_k\hat f\rangle-\langle\partial_i\partial_k\hat f,\partial_j\hat f"
            r"\rangle-\langle\partial_i\hat f,\partial_k\partial_j\hat f\rangle+\langle\partial_j\partial_k\hat f,"
            r"\partial_i\hat f\rangle+\langle\partial_k\hat f,\partial_i\partial_j\hat f\rangle]=\frac{\mathcal{E}}{N^2}"
            r"\langle\partial_i\partial_j\hat f,\partial_k\hat f\rangle"
        ),
        hypotheses=(_G_DEF, r"d_{ij}=\frac1{N^2}\langle\partial_i\hat f,\partial_j\hat f\rangle", _CONST_EPS,
                    "Γ^k_ij to first order in ℰ (Eq. (7))"),
        expected_verdict="verified",
        checks=(check_fhat_substitution, check_fhat_vs_exact, check_fhat_network),
        remark=(
            "(ℰ/N²)⟨∂_i∂_j f̂, ∂_k f̂⟩ is exactly the first-kind symbol Γ_{k,ij} of g = I + ℰD for every ℰ, but the "
            "second-kind Γ^k_ij = (g⁻¹)^{kl}Γ_{l,ij} only through O(ℰ): the ℰ² term −(ℰ²/N²)Σ_l d_kl⟨∂_i∂_j f̂, ∂_l f̂⟩ "
            "is dropped (constant ℰ assumed, as in Eq. (7))."
        ),
        kinds=("SYM-FIX", "NUM-NET"),
        notes=("NUM-NET (check_fhat_network, in paper_flows): on a ReLU MLP 16-3-3 on 24 digits (d = 63) the "
               "six-term bracket, (ε/N²)⟨∂_i∂_j f̂, ∂_k f̂⟩ and the first-kind symbol from autograd of D agree to "
               "rounding; the exact Γ^k_ij differs from them at O(ε²) (fitted), i.e. by ≈ ελ_max relative."),
    ),
    Claim(
        id="eq10-metric-gradient",
        reading=r"$$\frac{dx}{dt} = -(I - \mathcal{E}D) \nabla f = -\nabla_D f, \tag{10}$$",
        rationale=(
            "Read with the weak-field approximation invoked in the preceding line (139), (I − ℰD)∇f "
            "is the g-gradient g⁻¹∇f of the diffusion metric to first order, and ẋ + ℰDẋ = −∇f is "
            "exactly ẋ = −g⁻¹∇f (checks 1–3, 5, 6 hold, remainder ℰ²D²g⁻¹∇f). Check 4 fails only for "
            "exact equality with the g-gradient, a reading the document disclaims by its explicit ≅ "
            "(remark)."
        ),
        depends_on=("weak-field-inverse",),
        source=_src("§3, Eq. (10) and the sentence after it; Appendix A (gradient on a Riemannian manifold)"),
        statement=(
            r"\frac{dx}{dt}=-(I-\mathcal{E}D)\nabla f=-\nabla_Df\ (10),\ \nabla_Df\ \text{the gradient computed "
            r"according to the diffusion metric (6)};\quad\nabla_gf=\frac{\partial f}{\partial x^i}g^{ij}"
            r"\frac{\partial}{\partial x^j}"
        ),
        hypotheses=(_G_DEF, _CONST_EPS, "the weak-field approximation (I + ℰD)⁻¹ ≅ I − ℰD"),
        expected_verdict="verified",
        checks=(check_eq10_symbolic, check_eq10_numeric),
        remark=(
            "(I − ℰD)∇f is the g-gradient g⁻¹∇f only to first order: g⁻¹∇f − (I − ℰD)∇f = ℰ²D²g⁻¹∇f, and "
            "g((I − ℰD)∇f, v) − df(v) = −ℰ² vᵀD²∇f. The equation before it, ẋ + ℰDẋ = −∇f, is exactly the "
            "g-gradient flow ẋ = −g⁻¹∇f."
        ),
        kinds=("SYM-FIX", "NUM"),
    ),
    Claim(
        id="appendix-metric-and-canonical",
        reading=(
            "Once a metric is given, we say that M is a *Riemannian manifold*. In local coordinates, "
            r"x^1, \dots, x^n , we express the metric using 1-forms:"
        ),
        rationale=(
            "Checks 1–5 hold (g_ij = g_p(∂_i,∂_j), g = Σ g_ij dx^i⊗dx^j, canonical metric has "
            "components δ_ij, Minkowski is non-degenerate). Check 6 fails only against standard usage"
            " that a Riemannian metric is positive definite, but the paper explicitly declares (line "
            "173) that \"metric\" includes non-degenerate pseudometrics, so calling M \"Riemannian\" is a"
            " declared terminological convention, not an error (remark)."
        ),
        source=_src("Appendix A, first paragraphs (metric, Riemannian manifold, canonical metric)"),
        statement=(
            r"g:\ p\mapsto g_p\ \text{a (non-degenerate) scalar product on }T_pM\ \text{(positive definiteness dropped: "
            r"pseudometric, still called metric)};\ \text{then }M\text{ is a Riemannian manifold};\ g=\sum_{i,j}g_{ij}"
            r"dx^i\otimes dx^j,\ g_{ij}|_p=g_p(\partial_i|_p,\partial_j|_p);\ g^{can}_p(\sum_ia_i\partial_i,\sum_jb_j"
            r"\partial_j)=\sum_ia_ib_i,\ g^{can}_{ij}=\delta_{ij}"
        ),
        hypotheses=("g_p symmetric bilinear and non-degenerate",),
        expected_verdict="verified",
        checks=(check_appendix_components,),
        remark=(
            "Terminology: with 'metric' including indefinite (pseudo-)metrics such as Minkowski diag(−1,1,1,1), "
            "'Riemannian manifold' here means pseudo-Riemannian; in standard usage a Riemannian metric is positive "
            "definite (the Minkowski form has eigenvalue −1)."
        ),
        kinds=("SYM-FIX",),
    ),
    Claim(
        id="appendix-affine-connection",
        reading=(
            "On a Riemannian manifold we have a unique affine connection, the *Levi-Civita "
            r"connection* ∇ , which is torsion free and preserves the metric; i.e., $\nabla g = 0$."
        ),
        rationale=(
            "Every computed fact holds: the two defining properties and ℝ-bilinearity (checks 1–5), "
            "torsion T(∂_i,∂_j)^k = Γ^k_ij − Γ^k_ji so torsion-free ⟺ symmetric Γ (6–8), and the "
            "torsion-free + ∇g = 0 system has determinant a power of det g, hence a unique solution "
            "equal to the Christoffel symbols for any non-degenerate g (9–10), which also covers the "
            "paper's pseudometric convention."
        ),
        source=_src("Appendix A, affine connection, Levi-Civita connection, torsion"),
        statement=(
            r"\nabla\ \text{bilinear with}\ \nabla_{fX}Y=f\nabla_XY,\ \nabla_X(fY)=df(X)Y+f\nabla_XY;\ \text{on a "
            r"Riemannian manifold a unique affine connection is torsion free with}\ \nabla g=0;\ \nabla_{\partial_i}"
            r"\partial_j=\Gamma^k_{ij}\partial_k;\ \text{torsion free}\iff\Gamma^l_{jk}=\Gamma^l_{kj}"
        ),
        hypotheses=("coordinate (holonomic) frame ∂_i", "g smooth, non-degenerate"),
        expected_verdict="verified",
        checks=(check_connection_axioms, check_torsion, check_levi_civita_unique),
        kinds=("SYM-FIX",),
        notes=("'Bilinear' is over ℝ: property 1 makes ∇ C^∞-linear in X, property 2 only ℝ-linear in Y. "
               "'Torsion free ⟺ Γ symmetric' holds in a coordinate frame (as used here)."),
    ),
    Claim(
        id="appendix-metric-gradient",
        reading=(
            "the *gradient* of a scalar function f is the vector field characterized by the property:"
            r" $\text{grad}(f) \cdot v = D_v$"
        ),
        rationale=(
            "Checks 1–5 hold: g(∇_g f, v) = df(v), the printed ∂f/∂x^i g^{ij}∂/∂x^j is the g-gradient"
            " and reduces to the usual gradient for g_ij = δ_ij. Check 6 fails for the literal "
            "printed \"grad(f)·v = D_v\" (an operator, missing its argument f); the very next sentence "
            "says the scalar product gives \"the directional derivative of f along v\", so it is a typo"
            " the context corrects (caveat)."
        ),
        finding=Finding(
            printed="grad(f)·v = D_v",
            corrected=(
                "The printed characterization grad(f)·v = D_v omits the function: it should read "
                "grad(f)·v = D_v f, as the following sentence states."
            ),
        ),
        source=_src("Appendix A, the gradient"),
        statement=(
            r"\text{In }\mathbb{R}^n:\ \mathrm{grad}(f)\cdot v=D_v\ \text{(its scalar product with }v\text{ is the "
            r"directional derivative of }f\text{ along }v);\ \nabla_gf=\frac{\partial f}{\partial x^i}g^{ij}"
            r"\frac{\partial}{\partial x^j};\ g_{ij}=\delta_{ij}\ \text{gives the usual gradient}"
        ),
        hypotheses=("g non-degenerate", "f smooth"),
        expected_verdict="verified-with-caveat",
        checks=(check_appendix_gradient,),
        caveat=((
            "The printed characterization grad(f)·v = D_v omits the function: it should read "
            "grad(f)·v = D_v f, as the following sentence states."
        )),
        kinds=("SYM-FIX",),
    ),
    Claim(
        id="appendix-geodesic-equation",
        reading=(
            "Geometrically, this expresses the fact that the parallel transport, given by ∇ , along "
            "the curve γ preserves any tangent vector to the curve."
        ),
        rationale=(
            "Checks 1–11 hold: ∇_γ̇γ̇ = 0 is the printed coordinate equation, a constant metric has Γ"
            " = 0 so geodesics are (affinely parametrised) straight lines, and parallel transport of "
            "γ̇ along a geodesic returns γ̇(t). Check 12 fails only for a weak reading (\"tangent "
            "vectors stay tangent\", i.e. pregeodesics such as (t³,0)); \"preserves\" the tangent vector"
            " means the velocity is transported to itself, so that reading is one the document does "
            "not make (remark) — a mild close call on the informal wording \"any tangent vector\"."
        ),
        source=_src("Appendix A, geodesics"),
        statement=(
            r"\nabla_{\dot\gamma}\dot\gamma=0;\ \text{parallel transport along }\gamma\text{ preserves any tangent vector "
            r"to the curve};\ \frac{d^2\gamma^\lambda}{dt^2}+\Gamma^\lambda_{\mu\nu}\frac{d\gamma^\mu}{dt}\frac{d\gamma^\nu}"
            r"{dt}=0;\ \text{constant metric}\Rightarrow\frac{d^2\gamma^\lambda}{dt^2}=0,\ \text{straight lines}"
        ),
        hypotheses=("∇ the Levi-Civita connection of g in coordinates", "γ a C² curve"),
        expected_verdict="verified",
        checks=(check_geodesic_derivation, check_constant_gamma, check_constant_straight_lines, check_polar_lines),
        remark=(
            "The geometric sentence must be read as 'parallel transport along γ carries γ̇(t₀) to γ̇(t)' (the definition "
            "makes the velocity field γ̇ parallel, with its length). Read as 'tangent vectors stay tangent to the curve' "
            "it describes reparametrised geodesics (∇_γ̇γ̇ ∥ γ̇): the line (t³, 0) keeps transported tangent vectors "
            "tangent but violates γ̈ = 0 (residual 6t). Likewise the straight lines of a constant metric must be "
            "affinely parametrised."
        ),
        kinds=("SYM-FIX",),
    ),
]
