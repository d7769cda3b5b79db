"""The empirical neural tangent kernel Θ = J Jᵀ and the infinite-width kernel of a 2-layer ReLU net.

Source: J. C. Ye, “Geometry of Deep Learning: A Signal Processing Perspective”, Contents: 11.4.1 "The Neural Tangent Kernel (NTK)" (p. 237),
11.4.2 "NTK at Infinite Width Limit" (p. 238), 11.4.3 "NTK for General Loss Function" (p. 240).
Only the headings are in the seed; the definitions below are the standard ones (Jacot, Gabriel &
Hongler 2018; Arora et al. 2019 for the two-layer ReLU kernel).

For outputs u = f(X; w) ∈ ℝ^{B·C} (B inputs, C outputs each, stacked input-major) and
J = ∂u/∂w ∈ ℝ^{BC×d}, the empirical NTK is Θ = J Jᵀ. Gradient flow ẇ = −∇_w ℓ(u) = −Jᵀ∇_uℓ gives
u̇ = J ẇ = −Θ ∇_uℓ (−Θ(u − y) for ℓ = ½‖u − y‖²).

:class:`TwoLayerReLU` is f(x) = (1/√m) Σ_j a_j relu(w_jᵀx) with w_j ~ N(0, I_n), a_j ~ N(0, 1) (the
NTK parameterisation: standard normal weights, the 1/√m in the forward pass). As m → ∞ its Θ tends to

    Θ∞(x, x') = ‖x‖‖x'‖ (sin φ + (π − φ) cos φ)/(2π) + xᵀx' (π − φ)/(2π),   φ = ∠(x, x'),

the first term from ∂f/∂a (the degree-1 arc-cosine kernel, Cho & Saul 2009), the second from ∂f/∂w
(E[1{wᵀx > 0} 1{wᵀx' > 0}] = (π − φ)/(2π)).
"""
from __future__ import annotations

import math

import torch
from torch import nn
from torch.func import functional_call, jacrev

from geomath.numeric.fisher import _check_input, _state

__all__ = ["TwoLayerReLU", "ntk_jacobian", "empirical_ntk", "two_layer_relu_ntk"]


def ntk_jacobian(model: nn.Module, X: torch.Tensor, dtype: torch.dtype = torch.float64) -> torch.Tensor:
    """J = ∂u/∂w (B·C × d) for the outputs u of ``model`` on the batch X (B, …), outputs flattened
    input-major (u[b·C + c] = f_c(x_b)), the trainable parameters in ``named_parameters`` order."""
    X = _check_input(X, "X").to(dtype)
    if X.dim() < 2:
        raise ValueError(f"X must be a batch (B, …) of inputs, got shape {tuple(X.shape)}")
    if not any(p.requires_grad for p in model.parameters()):
        raise ValueError("model has no trainable parameters (requires_grad): its tangent kernel is empty")
    names, trainable, frozen = _state(model, dtype)
    for n, p in trainable.items():
        if not torch.isfinite(p).all():
            raise ValueError(f"parameter {n!r} contains NaN or inf")

    def u(params):
        out = functional_call(model, {**frozen, **params}, (X,))
        if not isinstance(out, torch.Tensor) or out.shape[0] != X.shape[0]:
            raise ValueError("model must return a tensor of shape (B, …) for a batch of B inputs")
        return out.reshape(-1)

    jac = jacrev(u)(trainable)
    return torch.cat([jac[n].reshape(jac[n].shape[0], -1) for n in names], dim=1)


def empirical_ntk(model: nn.Module, X: torch.Tensor, dtype: torch.dtype = torch.float64) -> torch.Tensor:
    """Θ = J Jᵀ (B·C × B·C), J from :func:`ntk_jacobian`."""
    J = ntk_jacobian(model, X, dtype)
    return J @ J.T


class TwoLayerReLU(nn.Module):
    """f(x) = (1/√m) aᵀ relu(W x), W (m×n) and a (m) standard normal (seeded), float64, output (B, 1)."""

    def __init__(self, n: int, m: int, seed: int = 0):
        super().__init__()
        for name, value in (("n", n), ("m", m), ("seed", seed)):
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"{name} must be an int, got {type(value).__name__}")
        if n < 1 or m < 1 or seed < 0:
            raise ValueError(f"need n >= 1, m >= 1 and seed >= 0, got n={n}, m={m}, seed={seed}")
        g = torch.Generator().manual_seed(seed)
        self.W = nn.Parameter(torch.randn(m, n, generator=g, dtype=torch.float64))
        self.a = nn.Parameter(torch.randn(m, generator=g, dtype=torch.float64))
        self.m = m

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return (torch.relu(x @ self.W.T) @ self.a / math.sqrt(self.m)).unsqueeze(-1)


def two_layer_relu_ntk(X: torch.Tensor) -> torch.Tensor:
    """Θ∞ (B×B) of :class:`TwoLayerReLU` on the inputs X (B×n), as in the module docstring."""
    X = _check_input(X, "X").to(torch.float64)
    if X.dim() != 2:
        raise ValueError(f"X must be B×n (one input per row), got shape {tuple(X.shape)}")
    norms = X.norm(dim=1)
    if (norms == 0).any():
        raise ValueError("every input must be nonzero (the angle to a zero input is undefined)")
    dots = X @ X.T
    cos = (dots / (norms[:, None] * norms[None, :])).clamp(-1.0, 1.0)
    phi = torch.arccos(cos)
    first = norms[:, None] * norms[None, :] * (torch.sin(phi) + (math.pi - phi) * cos) / (2 * math.pi)
    return first + dots * (math.pi - phi) / (2 * math.pi)
