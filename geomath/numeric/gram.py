"""The nonzero spectrum of F = J_wᵀAJ_w or G = J_xᵀAJ_x from a C×C matrix, without forming J.

For J (C×m) and A = diag(p) − ppᵀ (PSD), JᵀAJ = (A^{1/2}J)ᵀ(A^{1/2}J) has the same nonzero
eigenvalues as the C×C matrix M = A^{1/2} (JJᵀ) A^{1/2}. The Gram matrix K = JJᵀ is built
column by column as K e_c = J(Jᵀe_c): a vector-Jacobian product followed by a Jacobian-vector
product (torch.func), in chunks of classes, so memory is chunk·m instead of C·m. This is how
the lecture's table is checked at ImageNet size (m = n = 150 528, C = 1000), where J alone
would take 1.2 GB.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch
from torch.func import jvp, vjp, vmap

from geomath.numeric.fisher import _check_input, _logits, _state, softmax_covariance

__all__ = ["GramSpectrum", "gram_spectrum"]


@dataclass(frozen=True)
class GramSpectrum:
    """Eigenvalues (descending) of A^{1/2}JJᵀA^{1/2}: the nonzero eigenvalues of JᵀAJ (m×m).

    ``rank`` uses the rule of DESIGN.md for the m×m matrix: λ > m·eps·λ_max.
    """

    eigenvalues: torch.Tensor
    m: int
    tol: float
    rank: int
    p: torch.Tensor

    def __repr__(self) -> str:
        lam = self.eigenvalues
        nxt = float(lam[self.rank]) if self.rank < lam.numel() else 0.0
        gap = float(lam[self.rank - 1]) / nxt if self.rank and nxt > 0 else float("inf")
        return (f"GramSpectrum(rank={self.rank} of {lam.numel()} eigenvalues (C×C Gram; the matrix is "
                f"{self.m}x{self.m}), tol={self.tol:.3g}, λ_max={float(lam[0]):.4g}, gap at cut={gap:.3g}, "
                f"p_max={float(self.p.max()):.3g})")


def _sqrt_psd(A: torch.Tensor) -> torch.Tensor:
    w, V = torch.linalg.eigh(A)
    return (V * w.clamp(min=0).sqrt()) @ V.T


def gram_spectrum(
    model: torch.nn.Module, x: torch.Tensor, wrt: str = "inputs", chunk: int = 64, dtype: torch.dtype = torch.float64
) -> GramSpectrum:
    """Nonzero spectrum and numerical rank of G(x, w) (``wrt="inputs"``) or F(x, w)
    (``wrt="weights"``) for one input x (no batch dimension), through the C×C Gram matrix."""
    if wrt not in ("weights", "inputs"):
        raise ValueError(f"wrt must be 'weights' or 'inputs', got {wrt!r}")
    if isinstance(chunk, bool) or not isinstance(chunk, int) or chunk < 1:
        raise ValueError(f"chunk must be a positive int, got {chunk!r}")
    x = _check_input(x).to(dtype)
    _, trainable, frozen = _state(model, dtype)

    if wrt == "inputs":
        primal = x

        def f(z):
            return _logits(model, {**frozen, **trainable}, z)
    else:
        primal = trainable

        def f(ps):
            return _logits(model, {**frozen, **ps}, x)

    logits, pullback = vjp(f, primal)
    logits = logits.detach()
    C = logits.shape[0]
    m = x.numel() if wrt == "inputs" else sum(p.numel() for p in trainable.values())

    def push(v):
        return jvp(f, (primal,), (v,))[1]

    eye = torch.eye(C, dtype=dtype)
    columns = []
    for start in range(0, C, chunk):
        (cotangents,) = vmap(pullback)(eye[start:start + chunk])  # rows of J: Jᵀe_c
        columns.append(vmap(push)(cotangents))  # J Jᵀ e_c
    K = torch.cat(columns).detach().T
    K = 0.5 * (K + K.T)
    S = _sqrt_psd(softmax_covariance(logits))
    lam = torch.linalg.eigvalsh(S @ K @ S).flip(0)
    tol = m * torch.finfo(torch.float64).eps * float(lam[0].clamp(min=0))
    return GramSpectrum(eigenvalues=lam, m=m, tol=tol, rank=int((lam > tol).sum()), p=torch.softmax(logits, -1))
