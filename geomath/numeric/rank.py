"""Numerical rank with a stated tolerance, and the spectrum around the cut (DESIGN.md).

Default tolerance, as numpy.linalg.matrix_rank: tol = max(m, n) · eps(dtype) · σ_max. Ranks
decide theorems, so the matrix is promoted to float64 first.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch

__all__ = ["Spectrum", "spectrum", "numerical_rank"]


@dataclass(frozen=True)
class Spectrum:
    """Singular values (descending), the tolerance used, the rank and the gap at the cut.

    ``gap`` = σ_rank / σ_{rank+1} (inf when every value is kept or the next one is exactly 0).
    """

    singular_values: torch.Tensor
    tol: float
    rank: int
    gap: float

    def __repr__(self) -> str:
        s = self.singular_values
        smax = float(s[0]) if s.numel() else 0.0
        return (f"Spectrum(rank={self.rank} of {s.numel()} singular values, tol={self.tol:.3g}, "
                f"σ_max={smax:.4g}, gap at cut={self.gap:.3g})")


def _as_matrix(M) -> torch.Tensor:
    if not isinstance(M, torch.Tensor):
        raise TypeError(f"M must be a torch.Tensor, got {type(M).__name__}")
    if M.dim() != 2:
        raise ValueError(f"M must be a 2-D matrix, got shape {tuple(M.shape)}")
    if M.numel() == 0:
        raise ValueError("M is empty")
    M = M.detach().to(torch.float64)
    if not torch.isfinite(M).all():
        raise ValueError("M contains NaN or inf; a rank is not defined")
    return M


def spectrum(M: torch.Tensor, tol: float | None = None) -> Spectrum:
    """Singular values of M (float64) with the numerical rank at ``tol`` (default above)."""
    M = _as_matrix(M)
    s = torch.linalg.svdvals(M)
    smax = float(s[0]) if s.numel() else 0.0
    if tol is None:
        tol = max(M.shape) * torch.finfo(torch.float64).eps * smax
    elif isinstance(tol, bool) or not isinstance(tol, (int, float)) or tol < 0:
        raise ValueError(f"tol must be a non-negative number, got {tol!r}")
    rank = int((s > tol).sum())
    if rank == 0 or rank == s.numel():
        gap = float("inf")
    else:
        nxt = float(s[rank])
        gap = float("inf") if nxt == 0.0 else float(s[rank - 1]) / nxt
    return Spectrum(singular_values=s, tol=float(tol), rank=rank, gap=gap)


def numerical_rank(M: torch.Tensor, tol: float | None = None) -> int:
    """Number of singular values above ``tol`` (default max(m, n)·eps·σ_max), in float64."""
    return spectrum(M, tol).rank
