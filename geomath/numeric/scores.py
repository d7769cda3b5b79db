"""The score vectors ∇ log p_i(y|x, w), i = 1..C, straight from the definition.

Source: the lecture “The Geometry of Deep Learning. Lecture 2: Deep Learning”, "The Fisher Information matrix" and "Properties of the Fisher
matrix F and local data matrix G": F = E_{y~p}[∇_w log p_y ∇_w log p_yᵀ] = Σ_i p_i g_i g_iᵀ, and
items ②–③ describe ker F and ker G through the span of the g_i.

Computed by C reverse-mode passes of log p_i (one per class, autograd), with no softmax
algebra: this is the brute-force route that the factor F = JᵀAJ of :mod:`geomath.numeric.fisher`
is checked against, and the spanning set of (ker F)^⊥ and (ker G)^⊥.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch
from geomath.numeric.fisher import _check_input, _logits, _state

__all__ = ["Scores", "score_vectors"]


@dataclass(frozen=True)
class Scores:
    """Rows g_i = ∇ log p_i (C×m) and the probabilities p (C,) at one input."""

    g: torch.Tensor
    p: torch.Tensor
    wrt: str

    def fisher(self) -> torch.Tensor:
        """Σ_i p_i g_i g_iᵀ: the expectation of the definition, exact over the C classes."""
        return (self.g.T * self.p) @ self.g

    def mean(self) -> torch.Tensor:
        """E_{y~p}[∇ log p_y] = Σ_i p_i g_i (zero: the first Proposition's proof)."""
        return self.p @ self.g

    def __repr__(self) -> str:
        C, m = self.g.shape
        top = int(self.p.argmax())
        return (f"Scores(wrt={self.wrt}, {C} score vectors ∇log p_i in R^{m}, {self.g.dtype}, "
                f"p_max={float(self.p[top]):.4g} at class {top})")


def score_vectors(model: torch.nn.Module, x: torch.Tensor, wrt: str = "weights",
                  dtype: torch.dtype = torch.float64) -> Scores:
    """g_i = ∇_w log p_i (``wrt="weights"``, flattened in ``model.parameters()`` order over the
    parameters that require grad) or ∇_x log p_i (``wrt="inputs"``, flattened), for one input x
    without a batch dimension; C backward passes, float64 by default."""
    if wrt not in ("weights", "inputs"):
        raise ValueError(f"wrt must be 'weights' or 'inputs', got {wrt!r}")
    x = _check_input(x).to(dtype)
    names, trainable, frozen = _state(model, dtype)
    leaves = {n: p.clone().requires_grad_(True) for n, p in trainable.items()}
    xi = x.clone().requires_grad_(wrt == "inputs")
    with torch.enable_grad():
        log_p = torch.log_softmax(_logits(model, {**frozen, **leaves}, xi), dim=-1)
        wrt_tensors = [xi] if wrt == "inputs" else [leaves[n] for n in names]
        rows = []
        for i in range(log_p.shape[0]):
            grads = torch.autograd.grad(log_p[i], wrt_tensors, retain_graph=True, allow_unused=True)
            rows.append(torch.cat([
                (torch.zeros_like(t) if g is None else g).reshape(-1) for g, t in zip(grads, wrt_tensors)
            ]))
    return Scores(g=torch.stack(rows).detach(), p=log_p.detach().exp(), wrt=wrt)
