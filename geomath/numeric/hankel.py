"""Convolution as a structured matrix: Hankel (correlation), Toeplitz (convolution), block Hankel (2-D).

Source: J. C. Ye, “Geometry of Deep Learning: A Signal Processing Perspective”, Contents: 7.3.1 "Convolution" (p. 119), 10.3.1 "Convolution and
Hankel Matrix" (p. 203), 10.3.2 "Convolution Framelet Expansion" (p. 205). Only the headings are in
the seed; the formulas below are the standard ones those headings name.

For a signal x ∈ ℝⁿ and a kernel h ∈ ℝᵏ (k ≤ n), with L = n − k + 1 valid output positions:

* the Hankel matrix ℍ_k(x) ∈ ℝ^{L×k}, ℍ[i, j] = x[i + j], gives the valid cross-correlation
  (x ⋆ h)[i] = Σ_j x[i + j] h[j] = (ℍ_k(x) h)[i] — what ``torch.nn.functional.conv1d`` computes;
* the Toeplitz matrix 𝕋_k(x) ∈ ℝ^{L×k}, 𝕋[i, j] = x[i + k − 1 − j], gives the valid convolution
  (x ∗ h)[i] = Σ_j x[i + k − 1 − j] h[j] = (𝕋_k(x) h)[i] — what ``numpy.convolve(x, h, "valid")``
  computes. 𝕋_k(x) = ℍ_k(x) J with J the k×k flip, so flipping h swaps the two;
* the block Hankel matrix of an image X (C×H×W) for a kh×kw kernel has one row per output
  position (r, s) (row-major, (H − kh + 1)(W − kw + 1) rows) and one column per kernel entry
  (c, i, j) (C·kh·kw columns), entry X[c, r + i, s + j]: ℍ(X) vec(K) is the valid 2-D
  cross-correlation (``conv2d``) flattened row-major.

:func:`hankel_to_signal` inverts the lifting: it averages the anti-diagonals of an L×k matrix, the
least-squares signal whose Hankel matrix is nearest (it returns x exactly for ℍ_k(x)).

Everything is float64 (complex128 for complex input: Hankel matrices of sums of complex
exponentials); bad input raises ``TypeError``/``ValueError`` naming what is wrong.
"""
from __future__ import annotations

import torch

__all__ = ["hankel_matrix", "toeplitz_matrix", "block_hankel_matrix", "hankel_to_signal"]


def _signal(x, what: str, ndim: tuple[int, ...]) -> torch.Tensor:
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"{what} must be a torch.Tensor, got {type(x).__name__}")
    if x.dim() not in ndim:
        want = " or ".join(f"{d}-D" for d in ndim)
        raise ValueError(f"{what} must be {want}, got shape {tuple(x.shape)}")
    if x.numel() == 0:
        raise ValueError(f"{what} is empty")
    if not (torch.is_floating_point(x) or torch.is_complex(x)):
        raise TypeError(f"{what} must be a floating-point or complex tensor, got dtype {x.dtype}")
    if not torch.isfinite(x).all():
        raise ValueError(f"{what} contains NaN or inf; expected finite values")
    return x.detach().to(torch.complex128 if torch.is_complex(x) else torch.float64)


def _length(k, what: str, limit: int, limit_name: str) -> int:
    if isinstance(k, bool) or not isinstance(k, int):
        raise TypeError(f"{what} must be an int, got {type(k).__name__}")
    if k < 1:
        raise ValueError(f"{what} must be >= 1, got {k}")
    if k > limit:
        raise ValueError(f"{what} = {k} is larger than the {limit_name} ({limit}): no valid output position")
    return k


def hankel_matrix(x: torch.Tensor, k: int) -> torch.Tensor:
    """The L×k Hankel matrix ℍ[i, j] = x[i + j] (L = n − k + 1) of a 1-D signal x of length n:
    ℍ_k(x) h is the valid cross-correlation of x with h (``conv1d``)."""
    x = _signal(x, "x", (1,))
    n = x.numel()
    k = _length(k, "k (kernel length)", n, "signal length n")
    L = n - k + 1
    idx = torch.arange(L).unsqueeze(1) + torch.arange(k).unsqueeze(0)
    return x[idx]


def toeplitz_matrix(x: torch.Tensor, k: int) -> torch.Tensor:
    """The L×k Toeplitz matrix 𝕋[i, j] = x[i + k − 1 − j] of a 1-D signal x: 𝕋_k(x) h is the valid
    convolution of x with h (``numpy.convolve(x, h, "valid")``); 𝕋_k(x) = ℍ_k(x) with its
    columns reversed."""
    x = _signal(x, "x", (1,))
    n = x.numel()
    k = _length(k, "k (kernel length)", n, "signal length n")
    L = n - k + 1
    idx = torch.arange(L).unsqueeze(1) + (k - 1 - torch.arange(k)).unsqueeze(0)
    return x[idx]


def block_hankel_matrix(image: torch.Tensor, kh: int, kw: int) -> torch.Tensor:
    """The block Hankel matrix of an image (H×W, or C×H×W for C channels) for a kh×kw kernel:
    rows are the (H − kh + 1)(W − kw + 1) output positions (row-major), columns the C·kh·kw kernel
    entries (channel, row, column), entry image[c, r + i, s + j]. ``block_hankel_matrix(X, kh, kw)
    @ K.reshape(-1)`` is ``conv2d(X[None], K[None])`` (valid cross-correlation) flattened."""
    X = _signal(image, "image", (2, 3))
    if X.dim() == 2:
        X = X.unsqueeze(0)
    C, H, W = X.shape
    kh = _length(kh, "kh (kernel height)", H, "image height")
    kw = _length(kw, "kw (kernel width)", W, "image width")
    oh, ow = H - kh + 1, W - kw + 1
    r = torch.arange(oh).repeat_interleave(ow)  # output row of each output position
    s = torch.arange(ow).repeat(oh)  # output column
    c = torch.arange(C).repeat_interleave(kh * kw)  # kernel entry (c, i, j), row-major
    i = torch.arange(kh).repeat_interleave(kw).repeat(C)
    j = torch.arange(kw).repeat(kh * C)
    return X[c.unsqueeze(0), r.unsqueeze(1) + i.unsqueeze(0), s.unsqueeze(1) + j.unsqueeze(0)]


def hankel_to_signal(H: torch.Tensor) -> torch.Tensor:
    """The signal of length L + k − 1 whose entry t is the mean of the anti-diagonal i + j = t of
    the L×k matrix H: the left inverse of :func:`hankel_matrix` (exact on Hankel matrices) and the
    least-squares projection onto them otherwise."""
    H = _signal(H, "H", (2,))
    L, k = H.shape
    n = L + k - 1
    t = (torch.arange(L).unsqueeze(1) + torch.arange(k).unsqueeze(0)).reshape(-1)
    total = torch.zeros(n, dtype=H.dtype).index_add_(0, t, H.reshape(-1))
    count = torch.zeros(n, dtype=torch.float64).index_add_(0, t, torch.ones(L * k, dtype=torch.float64))
    return total / count
