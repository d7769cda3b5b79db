"""Flows on the weights under the diffusion metric: GD, relativistic GD, geodesics with force, SGD.

Source: the paper “A Geometric Interpretation of Stochastic Gradient Descent Using Diffusion Metrics” (Fioresi, Chaudhari, Soatto) (Fioresi–Chaudhari–Soatto), Eqs. (1), (4)–(6), (8), (10).
Everything is a function of ``losses``: a pure callable θ ↦ (f_1(θ), …, f_N(θ)) on flat float64
weights θ ∈ ℝ^d that torch.func can differentiate (e.g. :func:`geomath.numeric.per_sample_loss_function`,
or any small torch function). With G(θ) the N×d matrix of rows ∇f_kᵀ, G_c = G − 𝟙∇fᵀ and
f = (1/N)Σ_k f_k:

* diffusion matrix   D(θ) = (1/N) G_cᵀ G_c                                   (Eq. (2)/(3))
* diffusion metric   g(θ) = I + ε D(θ), ε ≥ 0 a constant                        (Eq. (6))
* Christoffel        Γ^k_ij = ½ g^{kl}(∂_i g_lj + ∂_j g_li − ∂_l g_ij)          (Eq. (5))
* GD                 ẋ = −∇f                                      (Eq. (1) with the full batch)
* relativistic GD    ẋ = −(I − εD)∇f                                             (Eq. (10))
* metric gradient    ẋ = −g⁻¹∇f   (the equation ẋ + εDẋ = −∇f before Eq. (10), exactly)
* geodesic + force   ẍ^k + Γ^k_ij ẋ^i ẋ^j = F^k                            (Eq. (4)/(8))
  with the paper's force −(d/dt)∂_k f = −(∇²f ẋ)_k read two ways: ``force="euclidean"``
  (F^k = −(∇²f ẋ)_k, the index as printed) or ``force="raised"`` (F^k = −(g⁻¹∇²f ẋ)^k, the
  index raised by g as for a force F^μ_ν ẋ^ν in general relativity).
* SGD                x_{j+1} = x_j − η ∇_B f(x_j), ∇_B f = (1/|B|)Σ_{i∈B} ∇f_i     (Eq. (1))

No weak-field approximation is made anywhere: g is solved exactly (Woodbury form, an N×N
system, in the contractions; a dense d×d solve for the full tensor). Float64 throughout.
"""
from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field
from typing import Callable, Mapping

import numpy as np
import torch
from torch.func import jacfwd, jacrev, jvp

from geomath.numeric.diffusion import _centred_rows as _centred, _covariance_of_rows, diffusion_from_gradients

__all__ = [
    "Trajectory",
    "christoffel_contraction",
    "diffusion_at",
    "diffusion_christoffel",
    "geodesic_flow",
    "gradient_descent",
    "gradient_flow",
    "metric_gradient_flow",
    "relativistic_flow",
    "rk4",
    "sgd",
    "solve_dop853",
]

FORCES = ("euclidean", "raised")
INTEGRATORS = ("rk4", "dop853")
Losses = Callable[[torch.Tensor], torch.Tensor]


# -- the result ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Trajectory:
    """A sampled path θ(t): ``times`` (T,), ``states`` (T, d), float64.

    ``velocities`` (T, d) holds ẋ for the second-order flows (None otherwise). ``method`` names
    the dynamics ("gd", "rgd", "metric-gradient", "geodesic-euclidean", "geodesic-raised",
    "gd-discrete", "sgd-with-replacement", "sgd-without-replacement"), ``integrator`` how it was
    computed ("rk4", "dop853" or "discrete"), ``eps`` the metric parameter (None where unused);
    ``info`` holds the rest (steps, tolerances, function evaluations, SGD batches)."""

    times: torch.Tensor
    states: torch.Tensor
    method: str
    integrator: str
    eps: float | None = None
    velocities: torch.Tensor | None = None
    info: Mapping = field(default_factory=dict)

    @property
    def final(self) -> torch.Tensor:
        return self.states[-1]

    def __len__(self) -> int:
        return self.times.shape[0]

    def __repr__(self) -> str:
        T, d = self.states.shape
        eps = "" if self.eps is None else f", eps={self.eps:.3g}"
        vel = "" if self.velocities is None else ", with velocities"
        moved = float(torch.linalg.vector_norm(self.states[-1] - self.states[0]))
        info = ", ".join(f"{k}={tuple(v.shape)} tensor" if isinstance(v, torch.Tensor) else
                         f"{k}={v:.3g}" if isinstance(v, float) else f"{k}={v}" for k, v in self.info.items())
        return (f"Trajectory({self.method} by {self.integrator}, {T} points t∈[{float(self.times[0]):.3g}, "
                f"{float(self.times[-1]):.3g}] in R^{d}, {self.states.dtype}{eps}{vel}, "
                f"‖θ(end) − θ(0)‖={moved:.4g}{'; ' + info if info else ''})")


# -- input checks ---------------------------------------------------------------------------------

def _check_theta(theta, what: str = "theta") -> torch.Tensor:
    if not isinstance(theta, torch.Tensor):
        raise TypeError(f"{what} must be a torch.Tensor of flat weights (d,), got {type(theta).__name__}")
    if not torch.is_floating_point(theta):
        raise TypeError(f"{what} must be a floating-point tensor (it is used in float64), got dtype {theta.dtype}")
    if theta.dim() != 1 or theta.numel() == 0:
        raise ValueError(f"{what} must be a non-empty flat vector of shape (d,), got shape {tuple(theta.shape)}")
    if not torch.isfinite(theta).all():
        raise ValueError(f"{what} contains NaN or inf; expected finite weights")
    return theta.detach().to(torch.float64)


def _check_losses(losses, theta: torch.Tensor) -> int:
    """Calls ``losses`` once at θ; returns N (>= 2) after checking the output is (N,) and finite."""
    if not callable(losses):
        raise TypeError(f"losses must be a callable θ ↦ (N,) per-sample losses, got {type(losses).__name__}")
    d0 = getattr(losses, "d", None)
    if isinstance(d0, int) and theta.shape[0] != d0:
        raise ValueError(f"theta must have shape ({d0},) for these losses, got {tuple(theta.shape)}")
    out = losses(theta)
    if not isinstance(out, torch.Tensor) or out.dim() != 1:
        shape = tuple(out.shape) if isinstance(out, torch.Tensor) else type(out).__name__
        raise ValueError(f"losses(theta) must return the N per-sample losses as a (N,) tensor, got {shape}")
    if out.shape[0] < 2:
        raise ValueError(f"the diffusion matrix needs N >= 2 per-sample losses, got N = {out.shape[0]}")
    if not torch.isfinite(out).all():
        raise ValueError("losses(theta) contains NaN or inf at the given theta")
    return out.shape[0]


def _check_eps(eps) -> float:
    if isinstance(eps, bool) or not isinstance(eps, numbers.Real):
        raise TypeError(f"eps (ℰ of g = I + ℰD) must be a real number, got {type(eps).__name__}")
    e = float(eps)
    if not math.isfinite(e) or e < 0:
        raise ValueError(f"eps (ℰ of g = I + ℰD) must be finite and >= 0 (ℰ ≥ 0 keeps g positive definite), got {eps!r}")
    return e


def _positive(value, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{what} must be a real number, got {type(value).__name__}")
    v = float(value)
    if not (math.isfinite(v) and v > 0):
        raise ValueError(f"{what} must be a finite number > 0, got {value!r}")
    return v


def _positive_int(value, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{what} must be an int, got {type(value).__name__}")
    if int(value) < 1:
        raise ValueError(f"{what} must be >= 1, got {value!r}")
    return int(value)


def _check_choice(value, what: str, choices: tuple) -> str:
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{what} must be one of {choices}, got {value!r}")
    return value


# -- the diffusion matrix and its connection ------------------------------------------------------

def _diffusion_unchecked(losses: Losses, theta: torch.Tensor) -> torch.Tensor:
    """D(θ) = (1/N) G_cᵀG_c without input checks (a data-dependent check cannot run under jacfwd)."""
    return _covariance_of_rows(jacrev(losses)(theta))


def diffusion_at(losses: Losses, theta: torch.Tensor) -> torch.Tensor:
    """D(θ) (d×d) of Eq. (2)/(3): G = ∂(f_1..f_N)/∂θ by ``torch.func.jacrev`` of the per-sample
    losses, then :func:`geomath.numeric.diffusion_from_gradients` (D = (1/N) G_cᵀG_c)."""
    theta = _check_theta(theta)
    _check_losses(losses, theta)
    return diffusion_from_gradients(jacrev(losses)(theta))


def _diffusion_derivative(losses: Losses, theta: torch.Tensor) -> torch.Tensor:
    """dD[i, j, k] = ∂_k D_ij by forward-mode autograd (jacfwd) of θ ↦ D(θ)."""
    return jacfwd(lambda th: _diffusion_unchecked(losses, th))(theta)


def _first_kind(dD: torch.Tensor, eps: float) -> torch.Tensor:
    """Γ_{l,ij} = ½(∂_i g_lj + ∂_j g_li − ∂_l g_ij) with ∂g = ε∂D and dD[a, b, c] = ∂_c D_ab; array [l, i, j]."""
    # term1[l, i, j] = ∂_i D_lj = dD[l, j, i];  term2[l, i, j] = ∂_j D_li = dD[l, i, j];
    # term3[l, i, j] = ∂_l D_ij = dD[i, j, l]
    term1 = dD.permute(0, 2, 1)
    term2 = dD
    term3 = dD.permute(2, 0, 1)
    return 0.5 * eps * (term1 + term2 - term3)


def diffusion_christoffel(losses: Losses, theta: torch.Tensor, eps: float) -> torch.Tensor:
    """The exact Christoffel symbols of g = I + εD(θ) (Eqs. (5), (6)), array ``G[k, i, j] = Γ^k_ij``.

    ∂D comes from forward-mode autograd of θ ↦ D(θ) (``jacfwd`` over ``jacrev``, d×d×d
    entries: for small d); the first-kind symbols Γ_{l,ij} = (ε/2)(∂_i D_lj + ∂_j D_li − ∂_l D_ij)
    are then raised by an exact solve with g (no weak-field inverse)."""
    theta = _check_theta(theta)
    _check_losses(losses, theta)
    eps = _check_eps(eps)
    d = theta.shape[0]
    dD = _diffusion_derivative(losses, theta)
    first = _first_kind(dD, eps)
    g = torch.eye(d, dtype=torch.float64) + eps * _diffusion_unchecked(losses, theta)
    return torch.linalg.solve(g, first.reshape(d, d * d)).reshape(d, d, d)


def _solve_metric(Gc: torch.Tensor, eps: float, u: torch.Tensor) -> torch.Tensor:
    """g⁻¹u for g = I + (ε/N)G_cᵀG_c by Woodbury: u − G_cᵀ(N/ε I + G_cG_cᵀ)⁻¹G_c u (an N×N solve)."""
    if eps == 0.0:
        return u
    N = Gc.shape[0]
    K = Gc @ Gc.T + (N / eps) * torch.eye(N, dtype=Gc.dtype)
    return u - Gc.T @ torch.linalg.solve(K, Gc @ u)


@dataclass(frozen=True)
class _Local:
    """What one jvp through the per-sample gradients gives at (θ, v): G_c, Ġ_c = ∂_v G_c,
    ∇f and ∇²f v."""

    Gc: torch.Tensor
    Gc_dot: torch.Tensor
    grad: torch.Tensor
    hess_v: torch.Tensor


def _local(losses: Losses, theta: torch.Tensor, v: torch.Tensor) -> _Local:
    def values_and_directional(th):
        return torch.cat(jvp(losses, (th,), (v,)))  # (f_k(θ), ∇f_k(θ)·v), k = 1..N

    J = jacrev(values_and_directional)(theta)  # reverse over forward: one vmap of 2N backward passes
    N = J.shape[0] // 2
    G, G_dot = J[:N], J[N:]  # rows ∇f_kᵀ and (∇²f_k v)ᵀ
    return _Local(Gc=_centred(G), Gc_dot=_centred(G_dot), grad=G.mean(dim=0), hess_v=G_dot.mean(dim=0))


def _first_kind_contraction(loc: _Local, v: torch.Tensor, eps: float) -> torch.Tensor:
    """Γ_{k,ij}v^iv^j = ((∂_v g)v − ½∇(vᵀgv))_k = (ε/N) G_cᵀ(Ġ_c v).

    (∂_vD)v = (1/N)(Ġ_cᵀG_c v + G_cᵀĠ_c v) and ∇(vᵀDv) = (2/N)Ġ_cᵀG_c v (∇²f_k symmetric), so
    the difference is (1/N)G_cᵀ(Ġ_c v) = (1/N)Σ_k (∇f_k − ∇f)(vᵀ(∇²f_k − ∇²f)v): the paper's
    (ε/N²)⟨∂_i∂_j f̂, ∂_k f̂⟩v^iv^j."""
    return eps * loc.Gc.T @ (loc.Gc_dot @ v) / loc.Gc.shape[0]


def christoffel_contraction(losses: Losses, theta: torch.Tensor, v: torch.Tensor, eps: float) -> torch.Tensor:
    """Γ^k_ij v^i v^j (d,) for g = I + εD(θ), exact, without the d³ tensor: the first-kind
    contraction (∂_v g)v − ½∇(vᵀgv) from one Jacobian-vector product through the per-sample
    gradients, then g⁻¹ by an N×N Woodbury solve. Equals ``einsum('kij,i,j', diffusion_christoffel(…), v, v)``."""
    theta = _check_theta(theta)
    v = _check_theta(v, "v")
    if v.shape != theta.shape:
        raise ValueError(f"v must have the shape of theta {tuple(theta.shape)}, got {tuple(v.shape)}")
    _check_losses(losses, theta)
    eps = _check_eps(eps)
    loc = _local(losses, theta, v)
    return _solve_metric(loc.Gc, eps, _first_kind_contraction(loc, v, eps))


# -- integrators -------------------------------------------------------------------------------------

def rk4(rhs: Callable[[float, torch.Tensor], torch.Tensor], y0: torch.Tensor, t_final: float, steps: int
        ) -> tuple[torch.Tensor, torch.Tensor]:
    """Classical fixed-step Runge–Kutta of order 4 in torch (float64): ``steps`` steps of
    h = t_final/steps. Returns (times (steps+1,), states (steps+1, n))."""
    t_final = _positive(t_final, "t_final")
    steps = _positive_int(steps, "steps")
    h = t_final / steps
    y = y0.to(torch.float64)
    out = [y]
    for j in range(steps):
        t = j * h
        k1 = rhs(t, y)
        k2 = rhs(t + h / 2, y + (h / 2) * k1)
        k3 = rhs(t + h / 2, y + (h / 2) * k2)
        k4 = rhs(t + h, y + h * k3)
        y = y + (h / 6) * (k1 + 2 * k2 + 2 * k3 + k4)
        out.append(y)
    return torch.linspace(0.0, t_final, steps + 1, dtype=torch.float64), torch.stack(out)


def solve_dop853(rhs: Callable[[float, torch.Tensor], torch.Tensor], y0: torch.Tensor, t_final: float, steps: int,
                 rtol: float = 1e-10, atol: float = 1e-12) -> tuple[torch.Tensor, torch.Tensor, int]:
    """Adaptive Dormand–Prince 8(5,3) by ``scipy.integrate.solve_ivp(method="DOP853")`` at
    ``rtol``/``atol``, sampled at steps+1 equally spaced times. Returns (times, states, nfev)."""
    from scipy.integrate import solve_ivp

    t_final = _positive(t_final, "t_final")
    steps = _positive_int(steps, "steps")
    rtol, atol = _positive(rtol, "rtol"), _positive(atol, "atol")
    ts = np.linspace(0.0, t_final, steps + 1)

    def f(t, y):
        return rhs(float(t), torch.from_numpy(np.asarray(y, dtype=np.float64))).detach().numpy()

    sol = solve_ivp(f, (0.0, t_final), y0.detach().to(torch.float64).numpy(), method="DOP853", t_eval=ts,
                    rtol=rtol, atol=atol)
    if not sol.success:
        raise RuntimeError(f"solve_ivp(DOP853) failed: {sol.message}")
    return torch.from_numpy(ts), torch.from_numpy(sol.y.T.copy()), int(sol.nfev)


def _integrate(rhs, y0, t_final, steps, integrator, rtol, atol) -> tuple[torch.Tensor, torch.Tensor, dict]:
    integrator = _check_choice(integrator, "integrator", INTEGRATORS)
    if integrator == "rk4":
        ts, ys = rk4(rhs, y0, t_final, steps)
        return ts, ys, {"steps": steps, "nfev": 4 * steps}
    ts, ys, nfev = solve_dop853(rhs, y0, t_final, steps, rtol, atol)
    return ts, ys, {"samples": steps + 1, "nfev": nfev, "rtol": rtol, "atol": atol}


def _first_order_flow(losses, theta0, t_final, steps, integrator, rtol, atol, field, method, eps):
    theta0 = _check_theta(theta0, "theta0")
    _check_losses(losses, theta0)
    _positive(t_final, "t_final")
    _positive_int(steps, "steps")
    ts, ys, info = _integrate(lambda t, x: field(x), theta0, t_final, steps, integrator, rtol, atol)
    return Trajectory(times=ts, states=ys, method=method, integrator=integrator, eps=eps, info=info)


def _gradients(losses: Losses, x: torch.Tensor) -> torch.Tensor:
    return jacrev(losses)(x)


def gradient_flow(losses: Losses, theta0: torch.Tensor, t_final: float, *, steps: int = 100,
                  integrator: str = "rk4", rtol: float = 1e-10, atol: float = 1e-12) -> Trajectory:
    """The GD flow ẋ = −∇f(x), f = (1/N)Σ_k f_k (Eq. (1) with the full batch), on [0, t_final].

    ``integrator``: "rk4" (fixed-step classical RK4 in torch, ``steps`` steps) or "dop853"
    (adaptive scipy DOP853 at ``rtol``/``atol``, sampled at ``steps``+1 times)."""
    return _first_order_flow(losses, theta0, t_final, steps, integrator, rtol, atol,
                             lambda x: -_gradients(losses, x).mean(dim=0), "gd", None)


def relativistic_flow(losses: Losses, theta0: torch.Tensor, eps: float, t_final: float, *, steps: int = 100,
                      integrator: str = "rk4", rtol: float = 1e-10, atol: float = 1e-12) -> Trajectory:
    """Relativistic gradient descent ẋ = −(I − εD(x))∇f(x) (Eq. (10)); εD∇f = (ε/N)G_cᵀ(G_c∇f)
    without forming D. Integrators as in :func:`gradient_flow`."""
    eps = _check_eps(eps)

    def field_(x):
        G = _gradients(losses, x)
        gbar, Gc = G.mean(dim=0), _centred(G)
        return -gbar + eps * Gc.T @ (Gc @ gbar) / G.shape[0]

    return _first_order_flow(losses, theta0, t_final, steps, integrator, rtol, atol, field_, "rgd", eps)


def metric_gradient_flow(losses: Losses, theta0: torch.Tensor, eps: float, t_final: float, *, steps: int = 100,
                         integrator: str = "rk4", rtol: float = 1e-10, atol: float = 1e-12) -> Trajectory:
    """The exact g-gradient flow ẋ = −g⁻¹∇f, g = I + εD (the equation ẋ + εDẋ = −∇f that precedes
    Eq. (10), before the weak-field step); g⁻¹ by an N×N Woodbury solve."""
    eps = _check_eps(eps)

    def field_(x):
        G = _gradients(losses, x)
        return -_solve_metric(_centred(G), eps, G.mean(dim=0))

    return _first_order_flow(losses, theta0, t_final, steps, integrator, rtol, atol, field_, "metric-gradient", eps)


def _geodesic_acceleration(losses: Losses, x: torch.Tensor, v: torch.Tensor, eps: float, force: str,
                           christoffel: str) -> torch.Tensor:
    """ẍ = F − Γ(ẋ, ẋ) with F = −∇²f ẋ (euclidean) or −g⁻¹∇²f ẋ (raised)."""
    loc = _local(losses, x, v)
    if christoffel == "tensor":
        Gam = diffusion_christoffel(losses, x, eps)
        quad = torch.einsum("kij,i,j->k", Gam, v, v)
        if force == "euclidean":
            return -loc.hess_v - quad
        return -_solve_metric(loc.Gc, eps, loc.hess_v) - quad
    first = _first_kind_contraction(loc, v, eps)
    if force == "euclidean":
        return -loc.hess_v - _solve_metric(loc.Gc, eps, first)
    return -_solve_metric(loc.Gc, eps, loc.hess_v + first)


def geodesic_flow(losses: Losses, theta0: torch.Tensor, eps: float, t_final: float, *, force: str = "euclidean",
                  velocity: torch.Tensor | None = None, christoffel: str = "contraction", steps: int = 100,
                  integrator: str = "rk4", rtol: float = 1e-10, atol: float = 1e-12) -> Trajectory:
    """The geodesic-with-force equation of Eq. (4)/(8) for g = I + εD (Eq. (6)), exactly:

        ẍ^k + Γ^k_ij(x) ẋ^i ẋ^j = F^k,   F = −(d/dt)∇f = −∇²f(x) ẋ   (``force="euclidean"``)
                                        F = −g⁻¹∇²f(x) ẋ             (``force="raised"``)

    with x(0) = ``theta0`` and ẋ(0) = ``velocity`` (default −∇f(θ0), the GD velocity).
    ``christoffel``: "contraction" (Γ(ẋ, ẋ) by :func:`christoffel_contraction`'s route, any d) or
    "tensor" (the d³ array of :func:`diffusion_christoffel`, small d). Integrated as the first-order
    system (x, ẋ) by ``integrator`` ("rk4" fixed-step torch RK4 with ``steps`` steps, "dop853"
    scipy adaptive at ``rtol``/``atol``). ``velocities`` of the result hold ẋ(t)."""
    eps = _check_eps(eps)
    force = _check_choice(force, "force", FORCES)
    christoffel = _check_choice(christoffel, "christoffel", ("contraction", "tensor"))
    theta0 = _check_theta(theta0, "theta0")
    _check_losses(losses, theta0)
    _positive(t_final, "t_final")
    _positive_int(steps, "steps")
    d = theta0.shape[0]
    if velocity is None:
        v0 = -_gradients(losses, theta0).mean(dim=0)
    else:
        v0 = _check_theta(velocity, "velocity")
        if v0.shape != theta0.shape:
            raise ValueError(f"velocity must have the shape of theta0 {tuple(theta0.shape)}, got {tuple(v0.shape)}")

    def rhs(t, y):
        x, v = y[:d], y[d:]
        return torch.cat([v, _geodesic_acceleration(losses, x, v, eps, force, christoffel)])

    ts, ys, info = _integrate(rhs, torch.cat([theta0, v0]), t_final, steps, integrator, rtol, atol)
    info = {**info, "christoffel": christoffel, "force": force}
    return Trajectory(times=ts, states=ys[:, :d].contiguous(), velocities=ys[:, d:].contiguous(),
                      method=f"geodesic-{force}", integrator=integrator, eps=eps, info=info)


# -- discrete dynamics --------------------------------------------------------------------------------

def gradient_descent(losses: Losses, theta0: torch.Tensor, lr: float, steps: int) -> Trajectory:
    """Discrete GD x_{j+1} = x_j − η∇f(x_j), j = 0..steps−1; times j·η (comparable with the flow)."""
    theta0 = _check_theta(theta0, "theta0")
    N = _check_losses(losses, theta0)
    return _discrete(losses, theta0, _positive(lr, "lr"), _positive_int(steps, "steps"),
                     [torch.arange(N)] * steps, "gd-discrete", {})


def _discrete(losses, theta0, lr, steps, batches, method, info) -> Trajectory:
    x = theta0
    out = [x]
    for B in batches:
        x = x - lr * jacrev(losses)(x)[B].mean(dim=0)
        out.append(x)
    times = torch.arange(steps + 1, dtype=torch.float64) * lr
    return Trajectory(times=times, states=torch.stack(out), method=method, integrator="discrete",
                      info={"lr": lr, "steps": steps, **info})


def sgd(losses: Losses, theta0: torch.Tensor, lr: float, steps: int, batch_size: int, *, replacement: bool = True,
        seed: int = 0) -> Trajectory:
    """SGD of Eq. (1): x_{j+1} = x_j − η∇_B f(x_j), ∇_B f = (1/|B|)Σ_{i∈B}∇f_i, times j·η.

    ``replacement=True``: every step draws its |B| indices independently and uniformly from
    {0..N−1} (with replacement; a batch may repeat an index). ``replacement=False``: random
    reshuffling: each epoch a fresh permutation is cut into ⌊N/|B|⌋ consecutive batches (the
    remaining N mod |B| indices are skipped that epoch), so no index repeats within an epoch.
    Draws come from a ``torch.Generator`` seeded with ``seed``; ``info["batches"]`` (steps, |B|)
    records them. With |B| = N and no replacement every batch is the whole set: discrete GD."""
    theta0 = _check_theta(theta0, "theta0")
    N = _check_losses(losses, theta0)
    lr, steps = _positive(lr, "lr"), _positive_int(steps, "steps")
    if isinstance(batch_size, bool) or not isinstance(batch_size, numbers.Integral):
        raise TypeError(f"batch_size must be an int, got {type(batch_size).__name__}")
    if not 1 <= int(batch_size) <= N:
        raise ValueError(f"batch_size must lie in [1, N] = [1, {N}], got {batch_size}")
    if not isinstance(replacement, bool):
        raise TypeError(f"replacement must be a bool, got {type(replacement).__name__}")
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ValueError(f"seed must be an int >= 0, got {seed!r}")
    B = int(batch_size)
    gen = torch.Generator().manual_seed(int(seed))
    if replacement:
        batches = list(torch.randint(0, N, (steps, B), generator=gen))
    else:
        per_epoch = N // B
        batches = []
        while len(batches) < steps:
            perm = torch.randperm(N, generator=gen)
            batches.extend(perm[i * B:(i + 1) * B] for i in range(per_epoch))
        batches = batches[:steps]
    method = "sgd-with-replacement" if replacement else "sgd-without-replacement"
    return _discrete(losses, theta0, lr, steps, batches, method,
                     {"batch_size": B, "seed": int(seed), "batches": torch.stack(batches)})
