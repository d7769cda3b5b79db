"""KL divergences of a softmax classifier's predictions and their quadratic (Fisher) term.

Source: the lecture “The Geometry of Deep Learning. Lecture 2: Deep Learning”, slide "The Fisher matrix", Key Facts:

    KL(p(y|x, w + δw) ‖ p(y|x, w)) = ½ δwᵀ F(x, w) δw + O(‖δw‖³),
    KL(p(y|x + δx, w) ‖ p(y|x, w)) = ½ δxᵀ G(x, w) δx + O(‖δx‖³).

:func:`kl_expansion` evaluates both sides along δ = t·u for a list of step sizes t and returns
the remainder KL − ½ t² uᵀMu; :func:`power_law_fit` fits log|remainder| against log t, whose
slope is 3 where the logits are C³ at the base point (for ReLU networks: strictly inside an
activation region) and 2 at a point where a pre-activation changes sign along u.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import torch
from geomath.numeric.fisher import _check_input, _factor, _logits, _state, shifted_parameters

__all__ = ["KLExpansion", "categorical_kl", "kl_expansion", "power_law_fit"]


def _exp_minus_linear(d: torch.Tensor) -> torch.Tensor:
    """φ(d) = e^d − 1 − d, to relative precision (a Taylor series where expm1(d) − d cancels)."""
    series = torch.zeros_like(d)
    term = d.clone()
    for k in range(2, 10):
        term = term * d / k
        series = series + term
    return torch.where(d.abs() < 1e-2, series, torch.expm1(d) - d)


def _log1p_minus_linear(y: torch.Tensor) -> torch.Tensor:
    """λ(y) = log(1 + y) − y, to relative precision."""
    series = torch.zeros_like(y)
    power = y.clone()
    for k in range(2, 10):
        power = power * y
        series = series + (-1) ** (k + 1) * power / k
    return torch.where(y.abs() < 1e-2, series, torch.log1p(y) - y)


def categorical_kl(logits_p: torch.Tensor, logits_q: torch.Tensor) -> torch.Tensor:
    """KL(softmax(s) ‖ softmax(s')) = Σ_i p_i (log p_i − log q_i) over the last dimension.

    Written in the logit difference centred under q, d = (s − s') − E_q[s − s'], with
    m = E_q[e^d − 1 − d] and y = E_q[d] + m (so E_q[e^d] = 1 + y, p = q e^d/(1 + y)):

        KL = E_p[d] − log E_q[e^d] = Σ_i (p_i − q_i) d_i − m − (log(1 + y) − y),
        p_i − q_i = q_i (expm1(d_i) − y)/(1 + y).

    Every term is second order in d and computed to relative precision (series where
    e^d − 1 − d and log(1 + y) − y cancel), so for nearby distributions KL keeps its relative
    accuracy, even at a saturated softmax, instead of the absolute O(eps) of
    Σ p (log p − log q). Far apart (max|d| ≥ 1) the log-softmax formula is used. float64.
    """
    for name, t in (("logits_p", logits_p), ("logits_q", logits_q)):
        _check_input(t, name)
    if logits_p.shape != logits_q.shape:
        raise ValueError(f"logits_p and logits_q must have the same shape, got {tuple(logits_p.shape)} "
                         f"and {tuple(logits_q.shape)}")
    if logits_p.shape[-1] < 2:
        raise ValueError(f"need C >= 2 classes in the last dimension, got shape {tuple(logits_p.shape)}")
    sp, sq = logits_p.to(torch.float64), logits_q.to(torch.float64)
    q = torch.softmax(sq, dim=-1)
    delta = sp - sq
    d = delta - (q * delta).sum(dim=-1, keepdim=True)
    near = d.abs().amax(dim=-1) < 1.0
    dn = torch.where(near.unsqueeze(-1), d, torch.zeros_like(d))
    m = (q * _exp_minus_linear(dn)).sum(dim=-1)
    y = (q * dn).sum(dim=-1) + m
    p_minus_q = q * (torch.expm1(dn) - y.unsqueeze(-1)) / (1 + y.unsqueeze(-1))
    close = (p_minus_q * dn).sum(dim=-1) - m - _log1p_minus_linear(y)
    lp, lq = torch.log_softmax(sp, dim=-1), torch.log_softmax(sq, dim=-1)
    far = (lp.exp() * (lp - lq)).sum(dim=-1)
    return torch.where(near, close, far)


@dataclass(frozen=True)
class KLExpansion:
    """KL(p_{base + t·u} ‖ p_base) and ½ t² uᵀMu at each step size t (M = F or G).

    ``reverse`` is KL(p_base ‖ p_{base + t·u}), whose quadratic term is the same.
    """

    steps: torch.Tensor
    kl: torch.Tensor
    reverse: torch.Tensor
    quadratic: torch.Tensor
    wrt: str

    @property
    def remainder(self) -> torch.Tensor:
        return self.kl - self.quadratic

    @property
    def reverse_remainder(self) -> torch.Tensor:
        return self.reverse - self.quadratic

    def __repr__(self) -> str:
        t, M = self.steps, "F" if self.wrt == "weights" else "G"
        umu = float(2 * self.quadratic[0] / t[0] ** 2)  # quadratic = ½t²uᵀMu
        worst = int(self.remainder.abs().argmax())
        rem, quad = float(self.remainder[worst]), float(self.quadratic[worst])
        rel = f" ({abs(rem) / abs(quad):.2g} of the quadratic term)" if quad != 0 else ""
        return (f"KLExpansion(wrt={self.wrt}, {t.numel()} steps t∈[{float(t.min()):.3g}, {float(t.max()):.3g}], "
                f"uᵀ{M}u={umu:.4g}, max |KL − ½t²uᵀ{M}u|={abs(rem):.3g} at t={float(t[worst]):.3g}{rel}, "
                f"max |reverse − ½t²uᵀ{M}u|={float(self.reverse_remainder.abs().max()):.3g})")


def _steps(steps: Sequence[float]) -> torch.Tensor:
    try:
        t = torch.as_tensor(list(steps), dtype=torch.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"steps must be a sequence of numbers, got {steps!r}") from exc
    if t.dim() != 1 or t.numel() == 0:
        raise ValueError("steps must be a non-empty 1-D sequence of step sizes")
    if not torch.isfinite(t).all() or (t <= 0).any():
        raise ValueError(f"steps must be finite and positive, got {t.tolist()}")
    return t


def kl_expansion(
    model: torch.nn.Module,
    x: torch.Tensor,
    direction: torch.Tensor,
    steps: Sequence[float],
    wrt: str = "weights",
    dtype: torch.dtype = torch.float64,
) -> KLExpansion:
    """KL and its quadratic term along δ = t·u for one input x (no batch dimension).

    ``wrt="weights"``: u is a flat vector over the trainable parameters (``model.parameters()``
    order, as :func:`~geomath.numeric.fisher` flattens them) and the quadratic term is
    ½ t² (J_w u)ᵀ A (J_w u) = ½ t² uᵀFu; ``wrt="inputs"``: u has x's shape (or x.numel()
    entries) and the term uses G. The model is never modified.
    """
    if wrt not in ("weights", "inputs"):
        raise ValueError(f"wrt must be 'weights' or 'inputs', got {wrt!r}")
    t = _steps(steps)
    x = _check_input(x).to(dtype)
    u = _check_input(direction, "direction").to(dtype).reshape(-1)
    factor = _factor(model, x, False, dtype, wrt)
    if u.numel() != factor.J.shape[-1]:
        what = "trainable parameters" if wrt == "weights" else "input entries"
        raise ValueError(f"direction has {u.numel()} entries; expected {factor.J.shape[-1]} ({what})")
    Ju = factor.J @ u
    quadratic = 0.5 * t**2 * (Ju @ factor.A @ Ju)

    _, trainable, frozen = _state(model, dtype)
    base = _logits(model, {**frozen, **trainable}, x)
    moved = []
    for step in t.tolist():
        if wrt == "inputs":
            moved.append(_logits(model, {**frozen, **trainable}, x + step * u.reshape(x.shape)))
            continue
        moved.append(_logits(model, {**frozen, **shifted_parameters(model, u, step, dtype)}, x))
    moved = torch.stack(moved).detach()
    base = base.detach().expand_as(moved)
    return KLExpansion(
        steps=t,
        kl=categorical_kl(moved, base),
        reverse=categorical_kl(base, moved),
        quadratic=quadratic.detach(),
        wrt=wrt,
    )


def power_law_fit(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float]:
    """Least-squares line through (log10 xs, log10 |ys|): returns (slope, intercept), so that
    |y| ≈ 10^intercept · x^slope (the line a log-log plot shows). Zeros cannot be placed on a
    log scale and are refused."""
    x = _steps(xs)
    y = torch.as_tensor(list(ys), dtype=torch.float64).abs()
    if y.shape != x.shape:
        raise ValueError(f"xs and ys must have the same length, got {x.numel()} and {y.numel()}")
    if x.unique().numel() < 2:
        raise ValueError(f"a power-law fit needs at least two distinct xs, got {x.tolist()}")
    if not torch.isfinite(y).all() or (y == 0).any():
        raise ValueError(f"ys must be finite and non-zero to be fitted on a log scale, got {y.tolist()}")
    lx, ly = x.log10(), y.log10()
    design = torch.stack([lx, torch.ones_like(lx)], dim=1)
    sol = torch.linalg.lstsq(design, ly.unsqueeze(1)).solution.squeeze(1)
    return float(sol[0]), float(sol[1])
