"""The Fisher matrix F(x, w) and the local data matrix G(x, w) of a softmax classifier.

Source: 000_acd474bf80f85192.txt, slides "Fisher information matrix" and "Local data matrix".
For logits s(x, w) ∈ ℝ^C and p = softmax(s), the *true* Fisher at one input is the expectation
over y ~ p(y | x, w) (exact, over the C classes — not Monte Carlo, not the empirical Fisher):

    F(x, w) = E_y[∇_w log p_y ∇_w log p_yᵀ] = J_wᵀ A J_w,   A = diag(p) − p pᵀ,

because ∇_w log p_y = J_wᵀ(e_y − p). The data matrix G(x, w) is the same with J_x = ∂s/∂x.
d×d (or n×n) matrices are formed only on request: :func:`fisher_factor` returns (J, A), in the
style of curvlinops/nngeometry, where the curvature is kept as a factor.

Parameters are those of ``model.parameters()`` that require grad, flattened in that order.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch
from torch.func import functional_call, jacrev, vmap

__all__ = ["FisherFactor", "fisher", "fisher_factor", "data_matrix", "data_matrix_factor", "softmax_covariance"]


@dataclass(frozen=True)
class FisherFactor:
    """F = Jᵀ A J, with J (…, C, m) a logit Jacobian and A (…, C, C) = diag(p) − ppᵀ."""

    J: torch.Tensor
    A: torch.Tensor
    wrt: str  # "weights" or "inputs"
    p: torch.Tensor | None = None  # the probabilities behind A, when known

    def dense(self) -> torch.Tensor:
        """The m×m matrix (batched over leading dimensions): Jᵀ A J.

        With ``p`` known it is formed as BᵀB, B = diag(√p)(J − 𝟙pᵀJ) (rows √p_i g_i, the
        score vectors g_i = ∇log p_i), since A = (I − p𝟙ᵀ) diag(p) (I − 𝟙pᵀ). The product
        JᵀAJ loses the part of J along 𝟙 (a common logit shift, which A annihilates) to
        cancellation, so at a confident prediction its rounding error is eps·‖A‖‖J‖² rather
        than eps·‖F‖, and eigenvalues can come out negative beyond m·eps·λ_max; the Gram
        form is positive semidefinite to rounding of its own size.
        """
        if self.p is None:
            return self.J.transpose(-1, -2) @ self.A @ self.J
        centred = self.J - self.p.unsqueeze(-2) @ self.J
        B = self.p.sqrt().unsqueeze(-1) * centred
        return B.transpose(-1, -2) @ B

    def __repr__(self) -> str:
        batch = tuple(self.J.shape[:-2])
        C, m = self.J.shape[-2:]
        return (f"FisherFactor(wrt={self.wrt}, batch={batch}, C={C}, m={m}, dtype={self.J.dtype}; "
                f"F = JᵀAJ is {m}x{m}, rank <= {C - 1})")


def softmax_covariance(logits: torch.Tensor) -> torch.Tensor:
    """A = diag(p) − ppᵀ for p = softmax(logits) over the last dimension (the softmax Jacobian)."""
    p = torch.softmax(logits, dim=-1)
    return torch.diag_embed(p) - p.unsqueeze(-1) * p.unsqueeze(-2)


# -- input checks ------------------------------------------------------------------------------

def _trainable(model: torch.nn.Module) -> dict[str, torch.Tensor]:
    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    params = {name: p for name, p in model.named_parameters() if p.requires_grad}
    if not params:
        raise ValueError("model has no parameters that require grad; the Fisher matrix in w is empty")
    for name, p in params.items():
        if not torch.isfinite(p).all():
            raise ValueError(f"parameter {name!r} contains NaN or inf; expected finite weights")
    return params


def _check_input(x: torch.Tensor, what: str = "x") -> torch.Tensor:
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"{what} must be a torch.Tensor, got {type(x).__name__}")
    if x.numel() == 0:
        raise ValueError(f"{what} is empty; expected at least one input")
    if not torch.is_floating_point(x):
        raise TypeError(f"{what} must be a floating-point tensor, got dtype {x.dtype}")
    if not torch.isfinite(x).all():
        raise ValueError(f"{what} contains NaN or inf; expected finite inputs")
    return x


def _logits(model, params, x: torch.Tensor) -> torch.Tensor:
    """Logits of one input x (no batch dimension), shape (C,)."""
    try:
        out = functional_call(model, params, (x.unsqueeze(0),))
    except Exception as exc:  # a shape mismatch inside the model: say which input shape failed
        raise ValueError(f"model could not be applied to an input of shape {tuple(x.shape)}: {exc}") from exc
    if not isinstance(out, torch.Tensor) or out.dim() != 2 or out.shape[0] != 1:
        shape = tuple(out.shape) if isinstance(out, torch.Tensor) else type(out).__name__
        raise ValueError(f"model must return logits of shape (batch, C); for one input it returned {shape}")
    if out.shape[1] < 2:
        raise ValueError(f"model returns C = {out.shape[1]} logits; a softmax classifier needs C >= 2")
    return out[0]


def _single_or_batch(x: torch.Tensor, batched: bool, dtype: torch.dtype) -> torch.Tensor:
    x = _check_input(x).to(dtype)
    return x if batched else x.unsqueeze(0)


def _state(model: torch.nn.Module, dtype: torch.dtype) -> tuple[list[str], dict[str, torch.Tensor], dict[str, torch.Tensor]]:
    """Trainable names, and the detached trainable and frozen state (floating tensors in ``dtype``):
    the model itself is never modified."""
    params = _trainable(model)
    cast = lambda t: t.detach().to(dtype) if torch.is_floating_point(t) else t.detach()  # noqa: E731
    frozen = {n: cast(p) for n, p in model.named_parameters() if not p.requires_grad}
    frozen.update({n: cast(b) for n, b in model.named_buffers()})
    return list(params), {n: cast(p) for n, p in params.items()}, frozen


def _factor(model, x, batched, dtype, wrt: str) -> FisherFactor:
    """(J, A) with J = ∂s/∂w (``wrt='weights'``) or ∂s/∂x (``wrt='inputs'``), flattened to
    (…, C, m); logits and Jacobians vmapped over the inputs, no Python loop."""
    names, trainable, frozen = _state(model, dtype)
    X = _single_or_batch(x, batched, dtype)

    def logits_of(ps, xi):
        return _logits(model, {**frozen, **ps}, xi)

    logits = vmap(logits_of, in_dims=(None, 0))(trainable, X)
    B, C = X.shape[0], logits.shape[-1]
    if wrt == "weights":
        jac = vmap(jacrev(logits_of, argnums=0), in_dims=(None, 0))(trainable, X)
        J = torch.cat([jac[n].reshape(B, C, -1) for n in names], dim=-1)
    else:
        J = vmap(jacrev(logits_of, argnums=1), in_dims=(None, 0))(trainable, X).reshape(B, C, -1)
    A = softmax_covariance(logits)
    p = torch.softmax(logits, dim=-1)
    if not batched:
        J, A, p = J[0], A[0], p[0]
    return FisherFactor(J=J, A=A, wrt=wrt, p=p)


def fisher_factor(
    model: torch.nn.Module, x: torch.Tensor, batched: bool = False, dtype: torch.dtype = torch.float64
) -> FisherFactor:
    """(J_w, A) with F(x, w) = J_wᵀ A J_w; J_w = ∂s/∂w of shape (C, d), or (B, C, d) when
    ``batched`` (x of shape (B, …): one factor per input, computed with vmap, no Python loop).
    Computed in ``dtype`` (float64 by default) whatever the model's own dtype."""
    return _factor(model, x, batched, dtype, "weights")


def fisher(
    model: torch.nn.Module, x: torch.Tensor, batched: bool = False, dtype: torch.dtype = torch.float64
) -> torch.Tensor:
    """The true Fisher F(x, w) (d×d), or (B, d, d) per input when ``batched``."""
    return fisher_factor(model, x, batched, dtype).dense()


def data_matrix_factor(
    model: torch.nn.Module, x: torch.Tensor, batched: bool = False, dtype: torch.dtype = torch.float64
) -> FisherFactor:
    """(J_x, A) with G(x, w) = J_xᵀ A J_x; J_x = ∂s/∂x flattened to (C, n), n = x.numel()."""
    return _factor(model, x, batched, dtype, "inputs")


def data_matrix(
    model: torch.nn.Module, x: torch.Tensor, batched: bool = False, dtype: torch.dtype = torch.float64
) -> torch.Tensor:
    """The local data matrix G(x, w) (n×n), or (B, n, n) per input when ``batched``."""
    return data_matrix_factor(model, x, batched, dtype).dense()
