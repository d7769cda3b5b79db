"""Activation patterns of piecewise-linear networks: which linear region a point lies in.

A network built from affine layers, ReLU and max-pooling is affine on each set where every
ReLU pre-activation keeps its sign and every pooling window keeps its argmax. In input space
that set is a convex polyhedron (each condition is a linear inequality in x once the pattern is
fixed), so a segment whose two ends have the same *strict* pattern — no pre-activation exactly
0, no tie in a pooling window — lies inside one region, where the logits are affine in x
(000_acd474bf80f85192.txt, "Result (F.-Grementieri, 2021)"; 004_63397e6429301c90.txt, ReLU
networks as piecewise-linear maps). Smooth activations (tanh, GELU, softplus) add no condition.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn
from torch.func import functional_call

from geomath.numeric.fisher import _check_input, _state

__all__ = ["ActivationPattern", "activation_pattern"]

_POOLS = (nn.MaxPool1d, nn.MaxPool2d)


@dataclass(frozen=True)
class ActivationPattern:
    """Per ReLU module the sign of each pre-activation (−1, 0, +1), per max-pool module the
    argmax of each window and whether the window's maximum is tied (at a nonzero value)."""

    relu_signs: tuple[torch.Tensor, ...]
    pool_argmax: tuple[torch.Tensor, ...]
    pool_ties: tuple[torch.Tensor, ...]

    @property
    def strict(self) -> bool:
        """True when no pre-activation is exactly 0 and no pooling window is tied: the point is
        in the interior of its region."""
        return (all(bool((s != 0).all()) for s in self.relu_signs)
                and not any(bool(t.any()) for t in self.pool_ties))

    @property
    def active_units(self) -> tuple[int, ...]:
        """Number of positive pre-activations in each ReLU module (an upper bound on the rank of
        every Jacobian through that layer)."""
        return tuple(int((s > 0).sum()) for s in self.relu_signs)

    def same_region(self, other: "ActivationPattern") -> bool:
        """Both strict and equal: the segment between the two points stays in one region
        (for input-space patterns, where regions are convex)."""
        return (self.strict and other.strict
                and all(torch.equal(a, b) for a, b in zip(self.relu_signs, other.relu_signs))
                and all(torch.equal(a, b) for a, b in zip(self.pool_argmax, other.pool_argmax)))


def activation_pattern(model: nn.Module, x: torch.Tensor, params: dict[str, torch.Tensor] | None = None,
                       dtype: torch.dtype = torch.float64) -> ActivationPattern:
    """The activation pattern of ``model`` at one input x (no batch dimension), optionally with
    the trainable parameters replaced by ``params`` (name → tensor, as ``named_parameters``)."""
    x = _check_input(x).to(dtype)
    _, trainable, frozen = _state(model, dtype)
    if params is not None:
        unknown = set(params) - set(trainable)
        if unknown:
            raise ValueError(f"params names {sorted(unknown)} are not trainable parameters of the model")
        trainable = {**trainable, **{n: p.to(dtype) for n, p in params.items()}}
    signs, argmax, ties = [], [], []

    def on_relu(module, inputs, output):
        signs.append(torch.sign(inputs[0].detach()[0]).to(torch.int8))

    def on_pool(module, inputs, output):
        z = inputs[0].detach()
        pool = nn.functional.max_pool2d if isinstance(module, nn.MaxPool2d) else nn.functional.max_pool1d
        kw = dict(kernel_size=module.kernel_size, stride=module.stride, padding=module.padding,
                  dilation=module.dilation, ceil_mode=module.ceil_mode)
        top, idx = pool(z, return_indices=True, **kw)
        # a tie: masking the argmax out leaves the same maximum. A tie at 0 after a ReLU is a
        # window of inactive units, locally constant, so it is not a kink.
        masked = z.flatten(start_dim=-2 if z.dim() == 4 else -1).clone()
        flat_idx = idx.flatten(start_dim=-2 if z.dim() == 4 else -1)
        masked.scatter_(-1, flat_idx, float("-inf"))
        second = pool(masked.reshape(z.shape), **kw)
        argmax.append(idx[0])
        ties.append(((second == top) & (top != 0))[0])

    handles = []
    for module in model.modules():
        if isinstance(module, nn.ReLU):
            handles.append(module.register_forward_hook(on_relu))
        elif isinstance(module, _POOLS):
            handles.append(module.register_forward_hook(on_pool))
    try:
        with torch.no_grad():
            functional_call(model, {**frozen, **trainable}, (x.unsqueeze(0),))
    finally:
        for h in handles:
            h.remove()
    return ActivationPattern(tuple(signs), tuple(argmax), tuple(ties))
