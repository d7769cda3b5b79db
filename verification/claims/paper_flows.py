"""Claim of the paper “A Geometric Interpretation of Stochastic Gradient Descent Using Diffusion Metrics” (Fioresi, Chaudhari, Soatto), §3, Eq. (10) (relativistic gradient descent, RGD), decided by
integrating the flows of :mod:`geomath.numeric.flows`; and the network (NUM-NET) checks of the
Christoffel forms of Eq. (7) and of the display before Eq. (8) (wired into paper_metric.py).

Three problems, all float64:

* ``_linear()``: least squares, N = 8 samples in ℝ³, ``torch.nn.Linear(3, 1)`` (d = 4),
  f_k = ½(wᵀx_k + b − y_k)². f̂ is quadratic, so ∂³f̂ = 0 exactly: every hypothesis the paper
  states for Eq. (10) (Eq. (9)'s reason, ε small, constant ε) holds.
* ``_network()``: a ReLU MLP 16-3-3 with softmax cross-entropy (d = 63) on N = 24 digits (the
  first 8 of classes 0, 1, 2 of scikit-learn's digits, 2×2 average-pooled to 4×4). Weights seed 1:
  no ReLU changes state along any trajectory used here (checked: the activation pattern is
  compared at every sample time), so every f_k is smooth (C^∞) where the flows run. ReLU kinks are
  shown separately (seed 0, hidden 4): there even ε = 0 fails to give GD.
* ``_constant_d()``: f_k = ½|x|² + a_k·x, N = 3 on ℝ², a_k and x0 drawn once (seed fixed). Every f̂_α is affine,
  so D is constant (non-diagonal): the case in which Eq. (4) with the force raised by g does give Eq. (10).

ε is given as ε·λ_max(D(x₀)) ∈ {1e-3, 1e-2, 1e-1}. All flows of one problem share the time span,
grid and integrator, so trajectories are compared point by point (max over t of ‖Δx(t)‖).
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Callable

import numpy as np
import torch
from torch.func import grad, jacfwd, jacrev, jvp

from geomath.numeric import digits, per_sample_loss_function, power_law_fit, relu_mlp
from geomath.numeric.flows import (
    Trajectory,
    christoffel_contraction,
    diffusion_at,
    diffusion_christoffel,
    geodesic_flow,
    gradient_descent,
    gradient_flow,
    metric_gradient_flow,
    relativistic_flow,
    sgd,
)
from verification.claims._common import paper_source as _src
from verification.evidence import fact, numeric_close
from verification.figures import LinePlot, LogLogFit, Table
from verification.model import Claim, Finding

EPS64 = float(np.finfo(np.float64).eps)
SCALES = (1e-3, 1e-2, 1e-1)  # ε·λ_max(D(x0))
FORCES = ("euclidean", "raised")
SLOPE_TOL = 0.1
SLOPE_REASON = ("a difference of order p with an O(ε^{p+1}) remainder, fitted over ελ_max ∈ [1e-3, 1e-1]: the "
                "remainder bends the log-log line by ≲ ελ_max ≤ 0.1 at the last point (observed fit residuals "
                "≤ 0.01 decades, see details); the integration floor (ε = 0 run) is ≥ 100× below every fitted point")


def _one_thread(check):
    """Run a check with one intra-op thread (restored after): the tensors here are tiny (d ≤ 63, N ≤ 24),
    and on a loaded 2-core machine extra threads make each op several times slower."""

    @functools.wraps(check)
    def run(ctx):
        n = torch.get_num_threads()
        torch.set_num_threads(1)
        try:
            return check(ctx)
        finally:
            torch.set_num_threads(n)

    return run


# -- problems ------------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)  # hashed by identity: the cached builders return one object each
class _Problem:
    label: str
    losses: Callable
    theta0: torch.Tensor
    lam_max: float
    T: float
    steps: int
    integrator: str
    pattern: Callable | None = None  # ReLU activation pattern (for the kink check)

    def eps(self, scale: float) -> float:
        return scale / self.lam_max

    def kw(self) -> dict:
        return dict(steps=self.steps, integrator=self.integrator, rtol=1e-11, atol=1e-13)


def _regression_data(duplicated: bool):
    rng = np.random.default_rng(20200115)  # fixed: the problem is part of the claim's statement
    X = torch.tensor(rng.normal(size=(8, 3)))
    w = torch.tensor(rng.normal(size=3))
    y = X @ w + 0.5 * torch.tensor(rng.normal(size=8))
    if duplicated:  # every sample the same: all ∇f_k equal, D ≡ 0 (the "isotropic system")
        X, y = X[:1].repeat(8, 1), y[:1].repeat(8)
    model = torch.nn.Linear(3, 1).double()
    with torch.no_grad():
        model.weight.copy_(torch.tensor(rng.normal(size=(1, 3))))
        model.bias.zero_()
    return model, X, y


@lru_cache(maxsize=None)
def _linear(duplicated: bool = False) -> _Problem:
    model, X, y = _regression_data(duplicated)
    L = per_sample_loss_function(model, X, y, loss="squared_error")
    lam = float(torch.linalg.eigvalsh(diffusion_at(L, L.theta0))[-1]) if not duplicated else 1.0
    label = "least squares, N = 8, d = 4" + (" (one sample repeated: D ≡ 0)" if duplicated else "")
    return _Problem(label, L, L.theta0, lam, T=2.0, steps=20, integrator="rk4")


def _digit_subset():
    X, y = digits("train", seed=0, flatten=True)
    idx = torch.cat([torch.nonzero(y == c)[:8, 0] for c in range(3)])
    Xp = X[idx].reshape(-1, 4, 2, 4, 2).mean(dim=(2, 4)).reshape(-1, 16)
    return Xp, y[idx]


@lru_cache(maxsize=None)
def _network(hidden: int = 3, seed: int = 1) -> _Problem:
    X, y = _digit_subset()
    model = relu_mlp(16, (hidden,), 3, seed=seed)
    L = per_sample_loss_function(model, X, y)
    lam = float(torch.linalg.eigvalsh(diffusion_at(L, L.theta0))[-1])

    def pattern(theta: torch.Tensor) -> torch.Tensor:
        W1 = theta[: 16 * hidden].reshape(hidden, 16)
        b1 = theta[16 * hidden: 17 * hidden]
        return X @ W1.T + b1 > 0

    return _Problem(f"ReLU MLP 16-{hidden}-3, softmax CE, N = 24 digits, d = {L.d}, seed {seed}", L, L.theta0, lam,
                    T=4.0, steps=30, integrator="rk4", pattern=pattern)


@lru_cache(maxsize=None)
def _runs(problem: _Problem) -> dict:
    """GD, and for each ε: RGD (Eq. (10)), the metric-gradient flow ẋ = −g⁻¹∇f, and the geodesic flow
    under both force readings (ẋ(0) = −∇f(x0)); plus the geodesic at ε = 0 (integration floor)."""
    P, kw = problem, problem.kw()
    out = {"gd": gradient_flow(P.losses, P.theta0, P.T, **kw),
           "geo0": geodesic_flow(P.losses, P.theta0, 0.0, P.T, **kw)}
    for s in SCALES:
        e = P.eps(s)
        out["rgd", s] = relativistic_flow(P.losses, P.theta0, e, P.T, **kw)
        out["mg", s] = metric_gradient_flow(P.losses, P.theta0, e, P.T, **kw)
        for force in FORCES:
            out[force, s] = geodesic_flow(P.losses, P.theta0, e, P.T, force=force, **kw)
    return out


def _dist(a: Trajectory, b: Trajectory) -> float:
    return float((a.states - b.states).norm(dim=1).max())


def _fit(values) -> tuple[float, float, float]:
    slope, intercept = power_law_fit(SCALES, values)
    resid = max(abs(math.log10(v) - (slope * math.log10(s) + intercept)) for s, v in zip(SCALES, values))
    return slope, intercept, resid


def _metric_velocity(problem: _Problem, e: float) -> torch.Tensor:
    """ẋ(0) = −g⁻¹∇f(x0), g = I + εD(x0): the initial velocity with gẋ + ∇f = 0 at t = 0."""
    G = jacrev(problem.losses)(problem.theta0)
    g = torch.eye(G.shape[1], dtype=torch.float64) + e * diffusion_at(problem.losses, problem.theta0)
    return -torch.linalg.solve(g, G.mean(dim=0))


def _kinks(problem: _Problem, runs: dict) -> int:
    if problem.pattern is None:
        return 0
    p0 = problem.pattern(problem.theta0)
    return sum(int((problem.pattern(x) != p0).any()) for tr in runs.values() for x in tr.states)


# -- eq10-derivation: orders in ε ------------------------------------------------------------------------

_PAIRS = {
    "geodesic − RGD": lambda R, s, f: _dist(R[f, s], R["rgd", s]),
    "geodesic − GD": lambda R, s, f: _dist(R[f, s], R["gd"]),
    "RGD − GD": lambda R, s, f: _dist(R["rgd", s], R["gd"]),
    "RGD − metric-gradient flow": lambda R, s, f: _dist(R["rgd", s], R["mg", s]),
}


def _differences(problem: _Problem) -> dict:
    R = _runs(problem)
    out = {}
    for force in FORCES:
        for name, fn in _PAIRS.items():
            if "geodesic" not in name and force == "raised":
                continue
            key = f"{name} ({force})" if "geodesic" in name else name
            out[key] = [fn(R, s, force) for s in SCALES]
    return out


def _projection_figure() -> LinePlot:
    P = _network()
    R = _runs(P)
    lam, U = torch.linalg.eigh(diffusion_at(P.losses, P.theta0))
    U2 = U[:, -2:].flip(1)  # top-2 eigenvectors of D(x0)
    s = SCALES[-1]
    eta, steps = P.T / 40, 40
    series = [("GD flow", R["gd"]), (f"RGD Eq. (10), ελ={s:g}", R["rgd", s]),
              (f"geodesic, euclidean force, ελ={s:g}", R["euclidean", s]),
              (f"geodesic, raised force, ελ={s:g}", R["raised", s]),
              (f"discrete GD η={eta:g}", gradient_descent(P.losses, P.theta0, eta, steps)),
              (f"SGD |B|=4 with replacement η={eta:g}", sgd(P.losses, P.theta0, eta, steps, 4, replacement=True, seed=1)),
              (f"SGD |B|=4 without replacement η={eta:g}",
               sgd(P.losses, P.theta0, eta, steps, 4, replacement=False, seed=1))]
    lines = []
    for label, tr in series:
        c = (tr.states - P.theta0) @ U2
        lines.append((label, c[:, 0], c[:, 1]))
    return LinePlot("Trajectories on the top-2 eigenvectors of D(x0), ReLU MLP 16-3-3", "u1·(x(t) − x0)",
                    "u2·(x(t) − x0)", tuple(lines),
                    note=(f"{P.label}. u1, u2: eigenvectors of the two largest eigenvalues of D at x0 "
                          f"({float(lam[-1]):.3g}, {float(lam[-2]):.3g}); t ∈ [0, {P.T:g}]"))


@_one_thread
def check_eq10_orders(ctx):
    out, figs = [], []
    rows = []
    for problem, role in ((_linear(), "statement"), (_network(), "correction")):
        R = _runs(problem)
        diffs = _differences(problem)
        floor = _dist(R["geo0"], R["gd"])
        smallest = min(min(v) for k, v in diffs.items() if "geodesic" in k)
        kinks = _kinks(problem, R)
        fits = {k: _fit(v) for k, v in diffs.items()}
        det = {"problem": problem.label, "ε·λ_max": list(SCALES), "λ_max(D(x0))": problem.lam_max,
               "t span": problem.T, "integrator": f"{problem.integrator}, {problem.steps} steps",
               "max_t‖Δx‖ per ε": {k: v for k, v in diffs.items()},
               "fitted slopes (slope, fit residual in decades)": {k: (f[0], f[2]) for k, f in fits.items()},
               "integration floor max_t‖x_geo(ε=0) − x_GD‖": floor}
        if problem.pattern is not None:
            det["activation-pattern changes along all trajectories"] = kinks
        figs.append(LogLogFit(f"trajectory differences against ε: {problem.label}", "ε·λ_max(D(x0))",
                              "max_t ‖Δx(t)‖", tuple((k, SCALES, v, f[0], f[1]) for (k, v), f in
                                                     zip(diffs.items(), fits.values())), reference_slope=2.0,
                              note="Eq. (10) derived correctly to first order would put geodesic − RGD on slope 2."))
        for k, f in fits.items():
            rows.append((problem.label, k, f[0], f[2], diffs[k][0], diffs[k][-1]))
        out.append(numeric_close(floor / smallest, 0.0, f"integration floor (geodesic at ε = 0 vs GD) relative to the "
                                 f"smallest fitted geodesic difference: {problem.label}", tol=0.01,
                                 reason="the fits need every point ≥ 100× above the integration error", details=det,
                                 role="correction"))
        if problem.pattern is not None:
            out.append(fact(kinks == 0, f"no ReLU changes state along any trajectory (the f_k are smooth there): "
                            f"{problem.label}", kind="numeric", role="correction", details={"changes": kinks}))
        for force in FORCES:
            key = f"geodesic − RGD ({force})"
            slope, _, resid = fits[key]
            where = ("∂³f̂ = 0 exactly, every stated hypothesis met" if role == "statement" else
                     "∂³f̂ ≠ 0 (outside Eq. (9)'s hypothesis)")
            if role == "statement":
                out.append(fact(slope >= 2 - 2 * SLOPE_TOL, f"Eq. (4) ({force} force) agrees with RGD Eq. (10) to first "
                                f"order: max_t‖x_geo − x_RGD‖ = O(ε²), fitted slope ≥ 1.8 ({where}): {problem.label}",
                                kind="numeric", details={"slope": slope, "fit residual (decades)": resid,
                                                         "differences": diffs[key]},
                                reason="first-order agreement leaves an O(ε²) remainder: slope 2 (−0.2 for the fit)"))
            out.append(numeric_close(slope, 1.0, f"max_t‖x_geo − x_RGD‖ = Θ(ε) ({force} force): the geodesic flow "
                                     f"departs from RGD at first order ({where}): {problem.label}", tol=SLOPE_TOL,
                                     reason=SLOPE_REASON, role="correction",
                                     details={"fit residual (decades)": resid, "differences": diffs[key],
                                              "‖geo − RGD‖/‖RGD − GD‖ at ελ = 1e-3":
                                                  diffs[key][0] / diffs["RGD − GD"][0]}))
        slope, _, resid = fits["RGD − metric-gradient flow"]
        out.append(numeric_close(slope, 2.0, f"RGD (10) vs ẋ = −g⁻¹∇f (the equation before (10)): the weak-field step "
                                 f"is O(ε²): {problem.label}", tol=SLOPE_TOL, reason=SLOPE_REASON, role="correction",
                                 details={"fit residual (decades)": resid}))
    # the ODE-consistent initial velocity ẋ(0) = −g⁻¹∇f(x0) (then g ẋ + ∇f = 0 at t = 0): still first order
    P = _linear()
    R = _runs(P)
    for force in FORCES:
        vals = []
        for s in SCALES:
            e = P.eps(s)
            v0 = _metric_velocity(P, e)
            vals.append(_dist(geodesic_flow(P.losses, P.theta0, e, P.T, force=force, velocity=v0, **P.kw()),
                              R["rgd", s]))
        slope, _, resid = _fit(vals)
        out.append(numeric_close(slope, 1.0, f"with ẋ(0) = −g⁻¹∇f(x0) (no initial mismatch) geodesic − RGD is still "
                                 f"Θ(ε) ({force} force): {P.label}", tol=SLOPE_TOL, reason=SLOPE_REASON,
                                 role="correction", details={"differences": vals, "fit residual (decades)": resid}))
    figs.append(Table("Fitted orders of the trajectory differences", ("problem", "difference", "slope",
                                                                      "fit residual (decades)", "at ελ=1e-3",
                                                                      "at ελ=1e-1"), tuple(rows)))
    figs.append(_projection_figure())
    out[0] = _with_figures(out[0], figs)
    return out


def _with_figures(ev, figs):
    return replace(ev, figures=tuple(ev.figures) + tuple(figs))


# -- eq10-derivation: the exact first integral ---------------------------------------------------------

def _D(losses, theta):
    """D(θ) = (1/N)G_cᵀG_c written out here (no input checks, so that torch.func can differentiate it)."""
    G = jacrev(losses)(theta)
    Gc = G - G.mean(dim=0, keepdim=True)
    return Gc.T @ Gc / G.shape[0]


def _hess_v(losses, x, v):
    return jvp(grad(lambda th: losses(th).mean()), (x,), (v,))[1]


def _first_integral_residual(problem: _Problem, tr: Trajectory, force: str) -> dict:
    """lhs(t) = g(x)ẋ + ∇f(x) − [g ẋ + ∇f](0) and rhs(t) = ε∫_0^t [½∇(ẋᵀDẋ) − χ D∇²f ẋ] ds (χ = 1 for the
    euclidean force, 0 raised), the integrand by autograd of θ ↦ ẋᵀD(θ)ẋ and a Hessian-vector product."""
    from scipy.integrate import cumulative_simpson

    L, e = problem.losses, tr.eps
    lhs, q = [], []
    for x, v in zip(tr.states, tr.velocities):
        D = _D(L, x)
        gradf = jacrev(L)(x).mean(dim=0)
        lhs.append(v + e * D @ v + gradf)
        half_grad = 0.5 * grad(lambda th: v @ _D(L, th) @ v)(x)
        q.append(half_grad - (D @ _hess_v(L, x, v) if force == "euclidean" else 0.0))
    lhs = torch.stack(lhs)
    lhs = (lhs - lhs[0]).numpy()
    q = torch.stack(q).numpy()
    ts = tr.times.numpy()
    rhs = e * cumulative_simpson(q, x=ts, axis=0, initial=0.0)
    coarse = e * cumulative_simpson(q[::2], x=ts[::2], axis=0, initial=0.0)
    scale = float(np.linalg.norm(rhs, axis=1).max())
    return {"residual": float(np.linalg.norm(lhs - rhs, axis=1).max()) / scale, "scale": scale,
            "quadrature estimate": float(np.linalg.norm(rhs[::2] - coarse, axis=1).max()) / 15 / scale,
            "kept εDẋ max": float(max(float((e * _D(L, x) @ v).norm()) for x, v in zip(tr.states, tr.velocities)))}


@_one_thread
def check_eq10_first_integral(ctx):
    out = []
    s = SCALES[-1]
    for problem in (_linear(), _network()):
        R = _runs(problem)
        for force in FORCES:
            r = _first_integral_residual(problem, R[force, s], force)
            out.append(numeric_close(
                r["residual"], 0.0,
                f"Eq. (4) ({force} force) integrates exactly to gẋ + ∇f = c + ε∫₀ᵗ[½∇(ẋᵀDẋ)"
                f"{' − D∇²f ẋ' if force == 'euclidean' else ''}]ds, c = (gẋ + ∇f)(0): max_t residual relative to the "
                f"ε-integral, ελ = {s:g}: {problem.label}", tol=1e-3, role="correction",
                reason=("Simpson quadrature of the integrand on the trajectory's sample grid (Richardson estimate "
                        "|S_h − S_2h|/15 in details, ≤ 1e-4 relative) and the RK4 error (≤ 1e-7 relative): 1e-3 "
                        "leaves a margin of ≥ 10"),
                details={"problem": problem.label, **r,
                         "the term ε∫…ds, relative to the kept εDẋ of the paper": r["scale"] / r["kept εDẋ max"]}))
    return out


# -- eq10-derivation: sizes of the dropped terms ----------------------------------------------------------

def _pair_sum(a: torch.Tensor, B: torch.Tensor) -> torch.Tensor:
    """(1/N²)Σ_{α=(i<j)} (a_i − a_j)(B_i − B_j): the paper's (1/N²)Σ_α f̂_α(…)_α, pairs written out."""
    N = a.shape[0]
    i, j = torch.triu_indices(N, N, 1)
    return ((a[i] - a[j]).unsqueeze(1) * (B[i] - B[j])).sum(dim=0) / N**2


def _dropped_terms(problem: _Problem, tr: Trajectory) -> dict:
    """Along a geodesic (euclidean force) trajectory: every term the derivation drops, next to the kept εDẋ."""
    from scipy.integrate import cumulative_simpson

    L, e = problem.losses, tr.eps
    rows = {k: [] for k in ("kept", "fhat", "weak", "chain", "eq9")}
    for x, v in zip(tr.states, tr.velocities):
        D = _D(L, x)
        G = jacrev(L)(x)
        gradf = G.mean(dim=0)
        fx = L(x)
        a = -_hess_v(L, x, v) - christoffel_contraction(L, x, v, e)  # ẍ from Eq. (4), euclidean force
        Hv = jvp(jacrev(L), (x,), (v,))[1]  # rows ∇²f_k ẋ = (d/dt)∇f_k
        third = jvp(lambda th: jvp(jacrev(L), (th,), (v,))[1], (x,), (v,))[1]  # ∂³f_k[ẋ, ẋ]
        Ha = jvp(jacrev(L), (x,), (a,))[1]
        g = torch.eye(D.shape[0], dtype=torch.float64) + e * D
        rows["kept"].append(float((e * D @ v).norm()))
        rows["fhat"].append(float((e * _pair_sum(fx, Hv)).norm()))
        rows["weak"].append(float((torch.linalg.solve(g, gradf) - (gradf - e * D @ gradf)).norm()))
        rows["chain"].append((e * D @ a).numpy())
        rows["eq9"].append((e * _pair_sum(fx, third + Ha)).numpy())
    ts = tr.times.numpy()
    integ = lambda k: float(np.linalg.norm(cumulative_simpson(np.stack(rows[k]), x=ts, axis=0, initial=0.0),  # noqa
                                           axis=1).max())
    return {"kept": max(rows["kept"]), "fhat": max(rows["fhat"]), "weak": max(rows["weak"]),
            "chain": integ("chain"), "eq9": integ("eq9")}


_TERMS = (
    ("fhat", "(ε/N²)Σ_α f̂_α (d/dt)∂_k f̂_α", "'ε/N² very small' (drop-eps-over-N2-term)"),
    ("eq9", "(ε/N²)∫Σ_α f̂_α (d²/dt²)∂_k f̂_α dt", "Eq. (9) (eq9-third-derivative)"),
    ("chain", "ε∫(Dẍ)_k dt", "chain rule step (eq8-chain-rule-step)"),
    ("weak", "ε²D²g⁻¹∇f", "weak-field inverse (weak-field-inverse)"),
)


@_one_thread
def check_eq10_dropped_terms(ctx):
    s = SCALES[1]
    measured = {}
    for problem in (_linear(), _network()):
        measured[problem.label] = _dropped_terms(problem, _runs(problem)["euclidean", s])
    rows = []
    for key, term, why in _TERMS:
        row = [term, why]
        for m in measured.values():
            row += [m[key], m[key] / m["kept"]]
        rows.append(tuple(row))
    cols = ("dropped term", "dropped by")
    for label in measured:
        short = label.split(",")[0]
        cols += (f"max_t‖·‖, {short}", f"/ max‖εDẋ‖, {short}")
    table = Table(f"Terms the derivation of Eq. (10) drops, along the geodesic (euclidean force) at ελ = {s:g}",
                  cols, tuple(rows),
                  note="kept term εDẋ for scale; time integrals from 0 by Simpson on the trajectory grid")
    out = []
    for label, m in measured.items():
        out.append(fact(m["fhat"] > 10 * m["weak"], f"the dropped ε/N² f̂-term is first order like the kept εDẋ: ≥ 10× "
                        f"the O(ε²) weak-field remainder at ελ = {s:g}: {label}", kind="numeric", role="correction",
                        details={k: v for k, v in m.items()},
                        reason="an O(ε) term exceeds an O(ε²) one by ~1/(ελ) = 100 here; 10 leaves a margin"))
        out.append(fact(m["eq9"] > 10 * m["weak"] and m["chain"] > 10 * m["weak"],
                        f"the Eq. (9) integral and the chain-rule term ε∫Dẍ are first order too (≥ 10× the weak-field "
                        f"remainder): {label}", kind="numeric", role="correction", details={k: v for k, v in m.items()},
                        reason="as above"))
    out[0] = _with_figures(out[0], (table,))
    return out


# -- eq10-derivation: D = 0 gives GD; ReLU kinks ----------------------------------------------------------

@_one_thread
def check_eq10_isotropic(ctx):
    P = _linear(duplicated=True)
    D = diffusion_at(P.losses, P.theta0)
    gd = gradient_flow(P.losses, P.theta0, P.T, **P.kw())
    out = []
    for force in FORCES:
        geo = geodesic_flow(P.losses, P.theta0, 0.1, P.T, force=force, **P.kw())
        scale = float((gd.states - P.theta0).norm(dim=1).max())
        out.append(numeric_close(_dist(geo, gd) / scale, 0.0, f"isotropic system (every ∇f_k equal, D = 0): Eq. (4) "
                                 f"({force} force, ε = 0.1, ẋ(0) = −∇f) gives the GD flow", tol=1e-9,
                                 reason="the two RK4 runs (40 steps) integrate the same field up to the order of the "
                                        "system; observed RK4 error of GD ~1e-10 relative",
                                 details={"max|D(x0)|": float(D.abs().max()), "problem": P.label}))
    # ReLU kinks: the second-order form of GD (ε = 0) misses the jumps of ∇f
    K = _network(hidden=4, seed=0)
    gd, geo0 = (gradient_flow(K.losses, K.theta0, K.T, **K.kw()), geodesic_flow(K.losses, K.theta0, 0.0, K.T, **K.kw()))
    p0 = K.pattern(K.theta0)
    changes = sum(int((K.pattern(x) != p0).any()) for x in gd.states)
    out.append(fact(_dist(geo0, gd) > 1e-3, "caveat to 'mild hypotheses on the architecture': for a ReLU network whose "
                    "activation pattern changes along GD, ẍ = −∇²f ẋ (ε = 0, ẋ(0) = −∇f) departs from GD: autograd's "
                    "∇²f misses the jumps of ∇f at the kinks", kind="numeric", role="correction",
                    details={"problem": K.label, "max_t‖x_geo(ε=0) − x_GD‖": _dist(geo0, gd),
                             "sample times with a changed activation pattern along GD": changes,
                             "‖x_GD(T) − x0‖": float((gd.final - K.theta0).norm())},
                    reason="a difference above 1e-3 is far above the RK4 error of smooth runs (~1e-8)"))
    return out


# -- eq10-derivation: constant D, the reading under which Eq. (10) holds --------------------------------

@lru_cache(maxsize=None)
def _constant_d() -> _Problem:
    """f_k = ½|x|² + a_k·x, k = 1..3, on ℝ² (a_k, x0 drawn once, seed fixed): every f̂_α = (a_i − a_j)·x is
    affine, so D = (1/N)Σ_k(a_k − ā)(a_k − ā)ᵀ is constant (non-diagonal, rank 2) and Γ ≡ 0."""
    rng = np.random.default_rng(20200115)  # fixed: the problem is part of the evidence
    A = torch.tensor(rng.normal(size=(3, 2)))
    x0 = torch.tensor(rng.normal(size=2))

    def losses(theta: torch.Tensor) -> torch.Tensor:
        return 0.5 * (theta @ theta) + A @ theta

    lam = float(torch.linalg.eigvalsh(diffusion_at(losses, x0))[-1])
    return _Problem("f_k = ½|x|² + a_k·x, N = 3, d = 2 (D constant, non-diagonal)", losses, x0, lam, T=1.0,
                    steps=10, integrator="rk4")


_SAME_TOL = 1e-9
_SAME_REASON = (
    "both runs are RK4 with the same 10 steps (h = 0.1). With D constant and ∇²f = I the geodesic system is linear and "
    "has a linear first integral (gẋ + ∇f raised, ẋ + ∇f euclidean, Γ ≡ 0), which RK4 keeps exactly; on it the "
    "geodesic's RK4 steps are those of the first-order run, so where the equations agree only rounding separates the "
    "runs (≲ 4·steps·eps ≈ 1e-14 relative). Each run's own RK4 error against the exact solution −ā + "
    "exp(−tg⁻¹)(x0 + ā) (details, ≈ 5e-7 relative) is common to both and cancels. 1e-9 is far above rounding and ≥ "
    "100× below the smallest difference that would count against agreement (RGD − (ẋ = −g⁻¹∇f) at ελ = 1e-3, details)"
)


@_one_thread
def check_eq10_constant_d(ctx):
    """The reading under which Eq. (10) holds: force raised by g, D constant, ẋ(0) = −g⁻¹∇f(x0). Then Eq. (4)
    integrates exactly to gẋ + ∇f = 0 (the ε∫½∇(ẋᵀDẋ) term vanishes), i.e. ẋ = −g⁻¹∇f, which RGD (10)
    approximates to O(ε²). With the Euclidean force the same constant-D geodesic is ẍ = −∇²f ẋ: GD."""
    P = _constant_d()
    kw, L, x0 = P.kw(), P.losses, P.theta0
    gd = gradient_flow(L, x0, P.T, **kw)
    scale = float((gd.states - x0).norm(dim=1).max())
    D0 = diffusion_at(L, x0)
    abar = jacrev(L)(torch.zeros_like(x0)).mean(dim=0)  # ∇f(x) = x + ā
    eye = torch.eye(x0.shape[0], dtype=torch.float64)
    m = {k: [] for k in ("raised − RGD", "raised − mg", "RGD − mg", "euclidean − RGD", "euclidean − GD",
                         "first integral", "mg − exact")}
    for s in SCALES:
        e = P.eps(s)
        rgd = relativistic_flow(L, x0, e, P.T, **kw)
        mg = metric_gradient_flow(L, x0, e, P.T, **kw)
        raised = geodesic_flow(L, x0, e, P.T, force="raised", velocity=_metric_velocity(P, e), **kw)
        eucl = geodesic_flow(L, x0, e, P.T, force="euclidean", **kw)  # ẋ(0) = −∇f(x0)
        g = eye + e * D0
        exact = torch.stack([-abar + torch.linalg.matrix_exp(-t * torch.linalg.inv(g)) @ (x0 + abar) for t in mg.times])
        m["raised − RGD"].append(_dist(raised, rgd))
        m["raised − mg"].append(_dist(raised, mg) / scale)
        m["RGD − mg"].append(_dist(rgd, mg) / scale)
        m["euclidean − RGD"].append(_dist(eucl, rgd))
        m["euclidean − GD"].append(_dist(eucl, gd) / scale)
        m["first integral"].append(float((raised.velocities @ g + raised.states + abar).norm(dim=1).max()))
        m["mg − exact"].append(float((mg.states - exact).norm(dim=1).max()) / scale)
    fit_r, fit_e = _fit(m["raised − RGD"]), _fit(m["euclidean − RGD"])
    floor = max(m["raised − mg"]) * scale  # integration discrepancy between the geodesic and a first-order run
    base = {"problem": P.label, "D (constant)": D0.tolist(), "λ_max(D)": P.lam_max, "ε·λ_max": list(SCALES),
            "t span": P.T, "integrator": f"{P.integrator}, {P.steps} steps", "max_t‖x_GD(t) − x0‖": scale}
    fig = LogLogFit(f"constant D, trajectory differences against ε: {P.label}", "ε·λ_max(D)", "max_t ‖Δx(t)‖",
                    (("geodesic (raised force, ẋ(0) = −g⁻¹∇f) − RGD", SCALES, m["raised − RGD"], fit_r[0], fit_r[1]),
                     ("geodesic (euclidean force) − RGD", SCALES, m["euclidean − RGD"], fit_e[0], fit_e[1])),
                    reference_slope=2.0,
                    note="D constant: the raised-force geodesic is ẋ = −g⁻¹∇f (O(ε²) from RGD); the "
                         "euclidean-force geodesic is GD (Θ(ε) from RGD).")
    return [
        fact(fit_r[0] >= 2 - 2 * SLOPE_TOL and floor <= 0.01 * min(m["raised − RGD"]),
             "reading under which Eq. (10) holds: force raised by g (F^k = −g^{kl}(d/dt)∂_l f), D constant (every "
             f"f̂_α affine), ẋ(0) = −g⁻¹∇f(x0): max_t‖x_geo − x_RGD‖ = O(ε²), fitted slope ≥ 1.8: {P.label}",
             kind="numeric", role="correction", figures=(fig,),
             details={**base, "differences": m["raised − RGD"], "slope": fit_r[0], "fit residual (decades)": fit_r[2],
                      "integration discrepancy max_t‖x_geo − x_mg‖ (≤ 1% of the smallest difference)": floor},
             reason="Eq. (10) to first order leaves an O(ε²) remainder: slope 2 (−0.2 for the fit, as for the "
                    "statement checks); every fitted point ≥ 100× above the integration discrepancy"),
        numeric_close(max(m["raised − mg"]), 0.0,
                      "reading under which Eq. (10) holds: with the raised force and D constant, the geodesic of Eq. "
                      "(4) with ẋ(0) = −g⁻¹∇f(x0) IS the metric-gradient flow ẋ = −g⁻¹∇f (gẋ + ∇f = 0 for all t): "
                      f"max_t‖x_geo − x_mg‖ / max_t‖x_GD − x0‖, max over ε: {P.label}",
                      tol=_SAME_TOL, reason=_SAME_REASON, role="correction",
                      details={**base, "relative differences per ε": m["raised − mg"],
                               "RGD − mg, relative, per ε (O(ε²): what agreement must beat)": m["RGD − mg"],
                               "max_t‖gẋ + ∇f‖ along the geodesic, per ε": m["first integral"],
                               "RK4 error of mg against −ā + exp(−tg⁻¹)(x0 + ā), relative, per ε": m["mg − exact"]}),
        fact(abs(fit_e[0] - 1.0) <= SLOPE_TOL and max(m["euclidean − GD"]) <= _SAME_TOL,
             "Euclidean-force reading (F^k = −(d/dt)∂_k f), D constant, ẋ(0) = −∇f(x0): the geodesic of Eq. (4) is "
             "the GD flow (max_t‖x_geo − x_GD‖ relative ≤ 1e-9) and max_t‖x_geo − x_RGD‖ = Θ(ε) (fitted slope 1 ± "
             f"{SLOPE_TOL:g}): Eq. (10) does not follow under this reading even for constant D: {P.label}",
             kind="numeric", role="correction",
             details={**base, "geodesic − RGD per ε": m["euclidean − RGD"], "slope": fit_e[0],
                      "fit residual (decades)": fit_e[2], "geodesic − GD, relative, per ε": m["euclidean − GD"]},
             reason=f"slope: {SLOPE_REASON}; geodesic = GD: Γ ≡ 0, so the geodesic is ẍ = −∇²f ẋ with ẋ(0) = "
                    f"−∇f(x0), the GD flow; {_SAME_REASON}"),
    ]


# -- eq10-derivation: the integrated form, symbolically ------------------------------------------------

def check_eq10_symbolic(ctx):
    """Eq. (4) with g = I + εD in first-kind (Euler–Lagrange) form, on f₁ = (x−1)², f₂ = 2y², f₃ = x + y
    (∂³f̂ = 0) along a generic curve: g(ẍ + Γ(ẋ,ẋ)) = d/dt(gẋ) − ½∇(ẋᵀgẋ) exactly; so g·(Eq. (4) − force)
    = d/dt(gẋ + ∇f) − ε[½∇(ẋᵀDẋ) − χD∇²f ẋ], which is the derivative of ẋ + εDẋ + ∇f only if the bracket vanishes."""
    import sympy as sp

    from geomath.symbolic import Metric, diffusion_pairwise_form, per_sample_gradients
    from verification.claims._common import t
    from verification.evidence import symbolic_identity

    x, y = sp.symbols("x y", real=True)
    eps = sp.Symbol(r"\mathcal{E}", positive=True)
    coords = (x, y)
    losses = [(x - 1) ** 2, 2 * y**2, x + y]
    D = sp.Matrix(diffusion_pairwise_form(per_sample_gradients(losses, coords)))
    g = sp.eye(2) + eps * D
    G1 = Metric(g, coords).christoffel_first()
    X = [sp.Function("x")(t), sp.Function("y")(t)]
    on = dict(zip(coords, X))
    xd = [sp.diff(c, t) for c in X]
    xdd = [sp.diff(c, t, 2) for c in X]
    u = sp.symbols("u_x u_y")
    f = sum(losses) / 3
    H = sp.hessian(f, coords)
    quad = lambda M: sum(M[i, j] * u[i] * u[j] for i in range(2) for j in range(2))  # noqa: E731
    nab = lambda e: [sp.diff(e, c).xreplace(on).xreplace(dict(zip(u, xd))) for c in coords]  # noqa: E731
    gx = g.xreplace(on)
    operator = [sum(gx[k, l] * xdd[l] for l in range(2)) + sum(G1[k, i, j].xreplace(on) * xd[i] * xd[j]
                for i in range(2) for j in range(2)) for k in range(2)]
    first_kind = [sp.diff(sum(gx[k, l] * xd[l] for l in range(2)), t) - nab(quad(g))[k] / 2 for k in range(2)]
    Hx = [sum(H[k, l].xreplace(on) * xd[l] for l in range(2)) for k in range(2)]
    DHx = [sum((D * H)[k, l].xreplace(on) * xd[l] for l in range(2)) for k in range(2)]
    paper = [sp.diff(xd[k] + eps * sum(D[k, l].xreplace(on) * xd[l] for l in range(2))
                     + sp.diff(f, coords[k]).xreplace(on), t) for k in range(2)]
    det = {"example": "f_1=(x-1)^2, f_2=2y^2, f_3=x+y (∂³f̂ = 0), generic curve (x(t), y(t))"}
    out = [symbolic_identity(operator, first_kind, "g(ẍ + Γ^k_ij ẋ^iẋ^j) (Metric.christoffel_first) vs d/dt(gẋ) − "
                             "½∇(ẋᵀgẋ): the Euler–Lagrange form of Eq. (4)", simplifier=sp.expand, role="correction",
                             details=det)]
    for force, chi in (("raised", 0), ("euclidean", 1)):
        lhs = [operator[k] + (Hx[k] + chi * eps * DHx[k]) for k in range(2)]  # g·(Eq. (4) LHS − force)
        out.append(symbolic_identity(lhs, paper, f"g·(Eq. (4) − force) ({force} force) vs d/dt(ẋ + εDẋ + ∇f), the "
                                     "derivative of the integrated equation before Eq. (10)", simplifier=sp.expand,
                                     details=det))
        corrected = [paper[k] - eps * (nab(quad(D))[k] / 2 - chi * DHx[k]) for k in range(2)]
        out.append(symbolic_identity(lhs, corrected, f"g·(Eq. (4) − force) ({force} force) vs d/dt(gẋ + ∇f) − "
                                     "ε[½∇(ẋᵀDẋ) − χD∇²f ẋ]", simplifier=sp.expand, role="correction", details=det))
    return out


# =============================================================================================
# NUM-NET checks of christoffel-first-order-eq7 and christoffel-fhat-form (wired in paper_metric)
# =============================================================================================

NET_SCALES = (1e-4, 1e-3, 1e-2, 1e-1)


@lru_cache(maxsize=None)
def _network_connection() -> dict:
    P = _network()
    L, th = P.losses, P.theta0
    dD = jacfwd(lambda t: _D(L, t))(th)  # dD[a, b, c] = ∂_c D_ab
    G = jacrev(L)(th)
    H = jacfwd(jacrev(L))(th)  # per-sample Hessians (N, d, d)
    D = _D(L, th)
    # Eq. (7), final form without ε: ½(∂_u d_vw − ∂_w d_uv + ∂_v d_uw), array [w, u, v]
    t1 = torch.einsum("vwu->wuv", dD)  # ∂_u d_vw = dD[v, w, u]
    t2 = torch.einsum("uvw->wuv", dD)  # ∂_w d_uv = dD[u, v, w]
    t3 = torch.einsum("uwv->wuv", dD)  # ∂_v d_uw = dD[u, w, v]
    eq7 = 0.5 * (t1 - t2 + t3)
    i, j = torch.triu_indices(G.shape[0], G.shape[0], 1)
    dF, HF = G[i] - G[j], H[i] - H[j]  # ∂f̂_α and ∂∂f̂_α, pairs written out
    A = torch.einsum("aij,ak->kij", HF, dF) / G.shape[0] ** 2  # ⟨∂_i∂_j f̂, ∂_k f̂⟩/N², [k, i, j]
    six = (torch.einsum("aij,ak->kij", HF, dF) + torch.einsum("aj,aik->kij", dF, HF)
           - torch.einsum("aik,aj->kij", HF, dF) - torch.einsum("ai,akj->kij", dF, HF)
           + torch.einsum("ajk,ai->kij", HF, dF) + torch.einsum("ak,aij->kij", dF, HF)) / (2 * G.shape[0] ** 2)
    return {"P": P, "dD": dD, "D": D, "eq7": eq7, "A": A, "six": six}


@lru_cache(maxsize=None)
def _exact_gammas() -> dict:
    c = _network_connection()
    P = c["P"]
    return {s: diffusion_christoffel(P.losses, P.theta0, P.eps(s)) for s in NET_SCALES}


def _net_fit(values):
    slope, intercept = power_law_fit(NET_SCALES, values)
    resid = max(abs(math.log10(v) - (slope * math.log10(s) + intercept)) for s, v in zip(NET_SCALES, values))
    return slope, intercept, resid


@_one_thread
def check_eq7_network(ctx):
    c = _network_connection()
    P, D, eq7 = c["P"], c["D"], c["eq7"]
    exact = _exact_gammas()
    d = D.shape[0]
    first, middle = [], []
    for s in NET_SCALES:
        e = P.eps(s)
        G = exact[s]
        first.append(float((G - e * eq7).abs().max() / (e * eq7).abs().max()))
        mid = ((torch.eye(d, dtype=torch.float64) - e * D) @ (e * eq7).reshape(d, -1)).reshape(d, d, d)
        middle.append(float((G - mid).abs().max() / (e * eq7).abs().max()))
    f1, f2 = _net_fit(first), _net_fit(middle)
    fig = LogLogFit(f"Exact Γ of g = I + εD vs Eq. (7): {P.label}, at x0", "ε·λ_max(D(x0))",
                    "max|Γ − form| / max|(ε/2)(∂d…)|",
                    (("Eq. (7) final form", NET_SCALES, first, f1[0], f1[1]),
                     ("Eq. (7) middle form", NET_SCALES, middle, f2[0], f2[1])), reference_slope=1.0,
                    note="relative errors: slope 1 ⟺ absolute error O(ε²), slope 2 ⟺ O(ε³)")
    det = {"problem": P.label, "ε·λ_max": list(NET_SCALES), "relative errors, final form": first,
           "relative errors, middle form": middle, "fit residuals (decades)": [f1[2], f2[2]],
           "Γ": "diffusion_christoffel: jacfwd of D(θ), exact solve with g"}
    return [
        numeric_close(f1[0] + 1, 2.0, "exact Γ^w_uv − (ε/2)(∂_u d_vw − ∂_w d_uv + ∂_v d_uw) = O(ε²) on a network: "
                      "fitted order of the absolute error", tol=SLOPE_TOL, reason=SLOPE_REASON.replace(
                          "[1e-3, 1e-1]", "[1e-4, 1e-1]"), details=det, figures=(fig,)),
        numeric_close(f2[0] + 1, 3.0, "exact Γ − ½Σ_z(δ_wz − εd_wz)ε(…) = O(ε³) on a network (the middle form is "
                      "exact through O(ε²))", tol=SLOPE_TOL, reason=SLOPE_REASON.replace("[1e-3, 1e-1]", "[1e-4, 1e-1]"),
                      details=det),
    ]


@_one_thread
def check_fhat_network(ctx):
    c = _network_connection()
    P, A, six, eq7 = c["P"], c["A"], c["six"], c["eq7"]
    exact = _exact_gammas()
    scale = float(A.abs().max())
    tol = 1e2 * EPS64
    why = ("float64: each entry sums N(N−1)/2 = 276 pair products (or N per-sample terms for ∂D), each rounded; "
           "observed ≤ 4·eps relative to max|⟨∂∂f̂, ∂f̂⟩|/N², so 100·eps leaves a margin of 25")
    rel_exact = []
    for s in NET_SCALES:
        e = P.eps(s)
        rel_exact.append(float((exact[s] - e * A).abs().max()) / (e * scale))
    fit = _net_fit(rel_exact)
    det = {"problem": P.label, "ε·λ_max": list(NET_SCALES), "max|Γ^k_ij − (ε/N²)⟨∂_i∂_j f̂, ∂_k f̂⟩| relative":
           rel_exact, "fit (slope, residual)": (fit[0], fit[2])}
    k = NET_SCALES.index(1e-2)
    return [
        numeric_close(float((six - A).abs().max()) / scale, 0.0, "six-term bracket /(2N²) vs ⟨∂_i∂_j f̂, ∂_k f̂⟩/N² on a "
                      "network (pairs f̂_α written out, per-sample Hessians by autograd)", tol=tol, reason=why, details=det),
        numeric_close(float((A - eq7).abs().max()) / scale, 0.0, "⟨∂_i∂_j f̂, ∂_k f̂⟩/N² vs Eq. (7)'s "
                      "½(∂_i d_jk − ∂_k d_ij + ∂_j d_ik) (= the first-kind symbol Γ_{k,ij}/ε) from jacfwd of D", tol=tol,
                      reason=why, details=det),
        numeric_close(fit[0] + 1, 2.0, "exact Γ^k_ij − (ε/N²)⟨∂_i∂_j f̂, ∂_k f̂⟩ = O(ε²) on a network: fitted order",
                      tol=SLOPE_TOL, reason=SLOPE_REASON.replace("[1e-3, 1e-1]", "[1e-4, 1e-1]"), details=det),
        numeric_close(rel_exact[k], 0.0, "(ε/N²)⟨∂_i∂_j f̂, ∂_k f̂⟩ equals the exact second-kind Γ^k_ij (at ελ = 1e-2), "
                      "as the '=' is printed", tol=tol, reason=why, details=det,
                      # a remark: the derivation keeps first order in ε only, so exact equality is a stronger
                      # reading than the paper makes (it discards O(ε²) explicitly)
                      role="remark"),
    ]


# =============================================================================================
# the claim
# =============================================================================================

CLAIMS: list[Claim] = [
    Claim(
        id="eq10-derivation",
        reading=(
            "the SGD equation Equation (1) can be replaced, provided the approximation Equation (9) "
            "holds, by the deterministic equation Equation (10)"
        ),
        rationale=(
            "At the first order in ε that the derivation keeps (its weak-field step is O(ε²), checks "
            "11, 16), the geodesics of (4) with metric (6) do not give RGD even with ∂³f̂ = 0 "
            "exactly: ‖x_geo − x_RGD‖ scales as ε¹ for both the Euclidean and the g-raised force "
            "(checks 2, 4, 7, 9 fail), as large as RGD − GD itself, because the chain-rule, Eq. (9) "
            "and ε/N² steps each drop first-order terms (exact integrated forms, checks 3, 5, 19–22; "
            "an independent integration in d = 1, 2 gave slopes 0.95–0.99). Eq. (10) holds, to O(ε²), "
            "under one reading only: the force raised with g and D constant (slope 2.00, and the "
            "geodesic is ẋ = −g⁻¹∇f, checks 30, 31); with the printed Euclidean force even a "
            "constant D gives plain GD, Θ(ε) from RGD (check 32). The isotropic GD limit (checks 27,"
            " 28) holds."
        ),
        finding=Finding(
            printed=(
                "Under Eq. (9) the geodesics of (4) with g = I + εD and force −(d/dt)∂f reduce to ẋ + εDẋ"
                " = −∇f, i.e. ẋ = −(I − εD)∇f = −∇_D f (10): relativistic GD"
            ),
            corrected=(
                "Eq. (4) with g=I+εD and force −g⁻¹(d/dt)∇f integrates exactly to gẋ+∇f = "
                "c+(ε/2)∫∇ₓ(ẋᵀDẋ)dt: it gives (10) to O(ε²) only if D is constant; otherwise, and for the"
                " Euclidean force always, it differs from (10) at O(ε)."
            ),
            downstream=(
                "Eq. (10) is the paper's main result (Introduction: geodesics 'correspond precisely' to "
                "RGD); Eq. (11)–(12) and the compatibility with [3] are built on it."
            ),
            consequence=1,
        ),
        depends_on=("drop-eps-over-N2-term", "eq10-metric-gradient",),
        source=_src("§3, Eq. (10) and the summary after it; Introduction; Conclusions"),
        statement=(
            r"\frac{dx}{dt}+\mathcal{E}D\frac{dx}{dt}=-\nabla f\ \Rightarrow\ \frac{dx}{dt}=-(I-\mathcal{E}D)\nabla f"
            r"=-\nabla_Df\ (10);\ \text{provided Eq. (9) holds, the geodesics of Eq. (4) with metric (6) and the force }"
            r"-\tfrac{d}{dt}\partial_\mu f\ \text{correspond precisely to RGD (10); they give GD for an isotropic system}"
        ),
        hypotheses=(r"g = I + ℰD (6), ℰ ≥ 0 constant and small (ελ_max ≤ 0.1)",
                    r"∂³f̂ = 0 (the reason given for Eq. (9)): met exactly by least squares",
                    "force −(d/dt)∂_μ f read with a Euclidean index, or raised by g as in GR; ẋ(0) = −∇f(x0)",
                    "'correspond' read as: agree to first order in ℰ (an O(ℰ²) difference), the order of every "
                    "approximation the derivation states"),
        expected_verdict="erratum",
        checks=(check_eq10_symbolic, check_eq10_orders, check_eq10_first_integral, check_eq10_dropped_terms,
                check_eq10_isotropic, check_eq10_constant_d),
        correction=(
            r"\text{Eq. (4) with }g=I+\mathcal{E}D\text{ integrates exactly to }g\dot x+\nabla f=c+\mathcal{E}\int_0^t"
            r"\big[\tfrac12\nabla(\dot x^{T}D\dot x)-\chi\,D\nabla^2f\,\dot x\big]ds,\ c=(g\dot x+\nabla f)(0),\ "
            r"\chi=1\text{ (Euclidean force)},0\text{ (raised)};\ \text{the integral is }O(\mathcal{E})\text{ and "
            r"non-zero even when }\partial^3\hat f=0,\ \text{so }x_{geo}-x_{RGD}=\Theta(\mathcal{E})\text{ like }"
            r"x_{RGD}-x_{GD};\ \text{RGD (10) is the first-order form of }\dot x=-g^{-1}\nabla f\ (\text{difference }"
            r"O(\mathcal{E}^2)),\ \text{not of the geodesic flow. For }D=0\text{ the geodesic flow is GD.}"
        ),
        kinds=("SYM-FIX", "NUM"),
        notes=(
            "Measured (least squares, ∂³f̂ = 0): max_t‖x_geo − x_RGD‖ has fitted slope ≈ 1 in ε under both force "
            "readings (≈ 2 would be first-order agreement), the same order as RGD − GD, also with ẋ(0) = −g⁻¹∇f. "
            "The terms dropped between Eq. (8) and Eq. (10) (the ε/N² f̂-term, the Eq. (9) integral, the ε∫Dẍ of the "
            "chain rule) are first order, ≥ 10× the O(ε²) weak-field remainder; only the weak-field step is "
            "harmless. The symbolic steps are in paper_derivation (geodesic-eq8-form, eq8-chain-rule-step, "
            "eq9-third-derivative, drop-eps-over-N2-term). SGD (Eq. (1)) is drawn with the flows for comparison; "
            "the paper gives no relation between ε and (η, |B|), so 'SGD can be replaced by (10)' is not tested "
            "beyond the figure. Eq. (10) does hold, to O(ε²), under one reading: force raised by g and D constant (every "
            "f̂_α affine, e.g. f_k = ½|x|² + a_k·x), with ẋ(0) = −g⁻¹∇f(x0) — the geodesic is then exactly ẋ = −g⁻¹∇f "
            "(checks 30, 31); with the Euclidean force the same constant-D geodesic is GD, Θ(ε) from RGD (check 32)."
        ),
    ),
]
