"""The SGD diffusion matrix D(x) of a network on a data set: per-sample gradients, D, its spectrum.

Source: the paper “A Geometric Interpretation of Stochastic Gradient Descent Using Diffusion Metrics” (Fioresi, Chaudhari, Soatto), Section 2, Eqs. (2)-(3). With per-sample losses f_1..f_N of
the weights x ∈ ℝ^d, f = (1/N)Σ f_k and G the N×d matrix of rows ∇f_kᵀ,

    D = E[(φ − E φ)(φ − E φ)ᵀ] = (1/N) Σ_k ∇f_k ∇f_kᵀ − ∇f ∇fᵀ = (1/N) G_cᵀ G_c,   (Eq. 2, 3)

with φ uniform on the data set and G_c = G − 𝟙∇fᵀ (= HG, H = I − 𝟙𝟙ᵀ/N). D (d×d) is formed
only on request: its nonzero eigenvalues are those of the N×N matrix K_c = (1/N) G_c G_cᵀ
(:func:`diffusion_spectrum`), which is how D is studied at d = 10⁶.

Weights are the model's parameters that require grad, flattened in ``model.parameters()``
order (as in :mod:`geomath.numeric.fisher`); everything is computed in float64 by default.
Losses: ``"cross_entropy"`` (softmax cross-entropy of (N, C) logits against integer labels
in [0, C)) and ``"squared_error"`` (½‖output − target‖² per sample, for regression).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import torch
from torch.func import functional_call, grad, vmap

from geomath.numeric.fisher import (
    _check_input,
    _empty_jacobian,
    _layer_tape,
    _layerwise_weight_jacobian,
    _state,
    _write_parameter_jacobian,
)

__all__ = [
    "DiffusionSpectrum",
    "LossFunction",
    "diffusion_from_gradients",
    "diffusion_matrix",
    "diffusion_spectrum",
    "per_sample_grads",
    "per_sample_loss",
    "per_sample_loss_function",
]

LOSSES = ("cross_entropy", "squared_error")
_SPECTRUM_METHODS = ("auto", "covariance", "layerwise-gram", "streamed-gram")
_EPS64 = torch.finfo(torch.float64).eps


# -- losses and targets ------------------------------------------------------------------------

def _check_loss(loss: str) -> str:
    if not isinstance(loss, str) or loss not in LOSSES:
        raise ValueError(f"loss must be one of {LOSSES}, got {loss!r}")
    return loss


def per_sample_loss(outputs: torch.Tensor, targets: torch.Tensor, loss: str = "cross_entropy") -> torch.Tensor:
    """The N per-sample losses f_k: −log softmax(outputs_k)[y_k] (``cross_entropy``, outputs
    (N, C)) or ½‖outputs_k − targets_k‖² (``squared_error``, outputs (N,) or (N, m))."""
    loss = _check_loss(loss)
    if loss == "cross_entropy":
        return -torch.log_softmax(outputs, dim=-1).gather(-1, targets.unsqueeze(-1)).squeeze(-1)
    diff = outputs.reshape(targets.shape) - targets
    return 0.5 * diff.reshape(diff.shape[0], -1).square().sum(dim=-1)


def _check_data(X: torch.Tensor, y: torch.Tensor, loss: str, dtype: torch.dtype) -> tuple[torch.Tensor, torch.Tensor]:
    """X (N, …) in ``dtype`` and y (N, …) checked against the loss: N >= 2, same N, labels."""
    loss = _check_loss(loss)
    X = _check_input(X, "X").to(dtype)
    if not isinstance(y, torch.Tensor):
        raise TypeError(f"y must be a torch.Tensor of targets, got {type(y).__name__}")
    if X.dim() < 2:
        raise ValueError(f"X must have shape (N, …) with a sample dimension first, got {tuple(X.shape)}")
    N = X.shape[0]
    if N < 2:
        raise ValueError(f"the diffusion matrix needs N >= 2 samples, got N = {N}")
    if y.dim() == 0 or y.shape[0] != N:
        raise ValueError(f"X has N = {N} samples but y has shape {tuple(y.shape)}; expected {N} targets")
    if loss == "cross_entropy":
        if y.dtype.is_floating_point or y.dtype.is_complex or y.dtype == torch.bool or y.dim() != 1:
            raise TypeError(f"cross_entropy needs integer class labels of shape (N,), got dtype {y.dtype} "
                            f"and shape {tuple(y.shape)}")
        if int(y.min()) < 0:
            raise ValueError(f"labels must lie in [0, C); got label {int(y.min())}")
        return X, y.to(torch.int64)
    y = _check_input(y, "y").to(dtype)
    return X, y


def _check_label_range(outputs: torch.Tensor, y: torch.Tensor, loss: str) -> None:
    if not isinstance(outputs, torch.Tensor) or outputs.dim() == 0 or outputs.shape[0] != y.shape[0]:
        shape = tuple(outputs.shape) if isinstance(outputs, torch.Tensor) else type(outputs).__name__
        raise ValueError(f"model must return one output row per sample, (N, …) with N = {y.shape[0]}; got {shape}")
    if loss == "squared_error" and outputs.numel() != y.numel():
        raise ValueError(f"squared_error: model outputs {tuple(outputs.shape)} do not match targets {tuple(y.shape)}")
    if loss == "cross_entropy":
        if outputs.dim() != 2:
            raise ValueError(f"cross_entropy needs (N, C) logits; the model returned {tuple(outputs.shape)}")
        C = outputs.shape[1]
        if C < 2:
            raise ValueError(f"model returns C = {C} logits; cross_entropy needs C >= 2")
        if int(y.max()) >= C:
            raise ValueError(f"labels must lie in [0, C) = [0, {C}); got label {int(y.max())}")


# -- the per-sample loss as a pure function of the flat weights ---------------------------------

@dataclass(frozen=True)
class LossFunction:
    """θ ↦ (f_1(θ), …, f_N(θ)) for flat weights θ (d,), pure and composable with torch.func;
    ``theta0`` holds the model's own weights. :meth:`params` gives the name → tensor form."""

    model: torch.nn.Module
    X: torch.Tensor
    y: torch.Tensor
    loss: str
    names: tuple
    shapes: tuple
    frozen: dict
    theta0: torch.Tensor

    @property
    def N(self) -> int:
        return self.X.shape[0]

    @property
    def d(self) -> int:
        return self.theta0.numel()

    def params(self, theta: torch.Tensor) -> dict[str, torch.Tensor]:
        chunks = torch.split(theta, [math.prod(s) for s in self.shapes])
        return {n: c.reshape(s) for n, c, s in zip(self.names, chunks, self.shapes)}

    def state(self) -> tuple[list[str], dict[str, torch.Tensor], dict[str, torch.Tensor]]:
        """(names, trainable, frozen) at ``theta0``, as :func:`geomath.numeric.fisher._state` gives them."""
        return list(self.names), self.params(self.theta0), self.frozen

    def __call__(self, theta: torch.Tensor) -> torch.Tensor:
        if theta.shape != self.theta0.shape:
            raise ValueError(f"theta must have shape {tuple(self.theta0.shape)}, got {tuple(theta.shape)}")
        out = functional_call(self.model, {**self.frozen, **self.params(theta)}, (self.X,))
        return per_sample_loss(out, self.y, self.loss)

    def mean(self, theta: torch.Tensor) -> torch.Tensor:
        """f(θ) = (1/N) Σ_k f_k(θ)."""
        return self(theta).mean()

    def __repr__(self) -> str:
        return (f"LossFunction({self.loss} of {type(self.model).__name__} on N={self.N} samples, "
                f"θ ∈ R^{self.d} in {len(self.names)} tensors, {len(self.frozen)} frozen, {self.theta0.dtype})")


def per_sample_loss_function(
    model: torch.nn.Module, X: torch.Tensor, y: torch.Tensor, loss: str = "cross_entropy",
    dtype: torch.dtype = torch.float64,
) -> LossFunction:
    """The per-sample losses of ``model`` on (X, y) as a pure function of the flat weights: the
    form flows and Christoffel symbols need (:mod:`geomath.numeric.flows`). The batched forward
    is used, so the model must treat samples independently (eval mode for batch norm)."""
    X, y = _check_data(X, y, loss, dtype)
    names, trainable, frozen = _state(model, dtype)
    theta0 = torch.cat([trainable[n].reshape(-1) for n in names])
    fn = LossFunction(model=model, X=X, y=y, loss=loss, names=tuple(names),
                      shapes=tuple(trainable[n].shape for n in names), frozen=frozen, theta0=theta0)
    with torch.no_grad():
        out = functional_call(model, {**frozen, **trainable}, (X,))
    _check_label_range(out, y, loss)
    return fn


# -- per-sample gradients ---------------------------------------------------------------------

def _loss_head(y: torch.Tensor, loss: str) -> Callable[[torch.Tensor], torch.Tensor]:
    return lambda s: per_sample_loss(s, y, loss).unsqueeze(1)


def _vmapped_grads(model, names, trainable, frozen, X, y, loss, chunk_size) -> torch.Tensor:
    """∇f_k for every sample by ``vmap(grad)`` of the one-sample loss (any model)."""

    def one(ps, xi, yi):
        out = functional_call(model, {**frozen, **ps}, (xi.unsqueeze(0),))
        return per_sample_loss(out, yi.unsqueeze(0), loss)[0]

    try:
        grads = vmap(grad(one), in_dims=(None, 0, 0), chunk_size=chunk_size)(trainable, X, y)
    except RuntimeError as exc:
        raise ValueError(f"per-sample gradients failed ({exc}); a model with dropout or batch norm "
                         f"must be in eval mode") from exc
    sizes = [trainable[n].numel() for n in names]
    G = _empty_jacobian((X.shape[0], sum(sizes)), X.dtype, X.device)
    for block, n in zip(G.split(sizes, dim=-1), names):
        block.copy_(grads[n].reshape(X.shape[0], -1))
    return G


def per_sample_grads(
    model: torch.nn.Module, X: torch.Tensor, y: torch.Tensor, loss: str = "cross_entropy",
    chunk_size: int | None = None, dtype: torch.dtype = torch.float64,
) -> torch.Tensor:
    """G (N×d), row k = ∇_w f_k, the gradient of sample k's loss; no Python loop over samples.

    Linear/Conv2d models: one batched forward and one backward through the layers (BackPACK's
    BatchGrad construction, :func:`geomath.numeric.fisher._layer_tape`); any other model:
    ``vmap(grad)`` of the one-sample loss, in chunks of ``chunk_size`` samples."""
    if chunk_size is not None and (isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1):
        raise ValueError(f"chunk_size must be a positive int or None, got {chunk_size!r}")
    fn = per_sample_loss_function(model, X, y, loss, dtype)  # checks data, labels and weights
    names, trainable, frozen = fn.state()
    found = _layerwise_weight_jacobian(model, names, trainable, frozen, fn.X, head=_loss_head(fn.y, loss))
    if found is not None:
        return found[0][:, 0]
    return _vmapped_grads(model, names, trainable, frozen, fn.X, fn.y, loss, chunk_size)


# -- the diffusion matrix ---------------------------------------------------------------------

def diffusion_from_gradients(G: torch.Tensor) -> torch.Tensor:
    """D = (1/N) G_cᵀ G_c with G_c = G − 𝟙 ḡᵀ (Eq. 2/3), from the N×d per-sample gradients.

    The rows are centred before the product: (1/N)GᵀG − ḡḡᵀ loses the spread of the gradients
    to cancellation when their mean is large."""
    if not isinstance(G, torch.Tensor):
        raise TypeError(f"G must be a torch.Tensor of per-sample gradients, got {type(G).__name__}")
    if G.dim() != 2:
        raise ValueError(f"G must be N×d (one gradient per row), got shape {tuple(G.shape)}")
    if G.shape[0] < 2:
        raise ValueError(f"the diffusion matrix needs N >= 2 samples, got N = {G.shape[0]}")
    if not torch.isfinite(G).all():
        raise ValueError("G contains NaN or inf; expected finite gradients")
    return _covariance_of_rows(G.to(torch.float64))


def _centred_rows(G: torch.Tensor) -> torch.Tensor:
    """G_c = G − 𝟙ḡᵀ."""
    return G - G.mean(dim=0, keepdim=True)


def _covariance_of_rows(G: torch.Tensor) -> torch.Tensor:
    """(1/N) G_cᵀG_c with no data-dependent check, so that it runs under torch.func transforms
    (jacfwd of θ ↦ D(θ) in :mod:`geomath.numeric.flows`)."""
    Gc = _centred_rows(G)
    return Gc.T @ Gc / G.shape[0]


def diffusion_matrix(
    model: torch.nn.Module, X: torch.Tensor, y: torch.Tensor, loss: str = "cross_entropy",
    dtype: torch.dtype = torch.float64,
) -> torch.Tensor:
    """The d×d diffusion matrix D(w) of Eq. (2)/(3) (dense: for small d)."""
    return diffusion_from_gradients(per_sample_grads(model, X, y, loss, dtype=dtype))


@dataclass(frozen=True)
class DiffusionSpectrum:
    """Eigenvalues of D (descending: all min(N, d) that can be nonzero, or the top ``k``).

    ``rank`` counts λ > ``tol`` = d·eps·λ_max, the rule of DESIGN.md for the d×d matrix D;
    ``gap`` = λ_rank / λ_{rank+1} (inf when nothing is cut or the next value is ≤ 0);
    ``effective_rank`` = exp(−Σ p_i log p_i) with p = λ/Σλ over the positive eigenvalues
    (Roy & Vetterli 2007). ``method``: the route taken (see :func:`diffusion_spectrum`)."""

    eigenvalues: torch.Tensor
    N: int
    d: int
    tol: float
    rank: int
    gap: float
    effective_rank: float
    method: str

    def __repr__(self) -> str:
        return (f"DiffusionSpectrum(N={self.N}, d={self.d}, rank={self.rank}, λ_max={float(self.eigenvalues[0]):.4g}, "
                f"effective rank={self.effective_rank:.3g}, gap at cut={self.gap:.3g}, {self.method})")


def _spectrum_of_psd(Kc: torch.Tensor, N: int, d: int, k: int | None, method: str) -> DiffusionSpectrum:
    lam = torch.linalg.eigvalsh(0.5 * (Kc + Kc.T)).flip(0)[: min(N, d)]
    lmax = float(lam[0].clamp(min=0))
    tol = d * _EPS64 * lmax
    rank = int((lam > tol).sum())
    nxt = float(lam[rank]) if rank < lam.numel() else 0.0
    gap = float(lam[rank - 1]) / nxt if rank and nxt > 0 else float("inf")
    pos = lam[lam > tol]
    q = pos / pos.sum() if pos.numel() else pos
    eff = float(torch.exp(-(q * q.log()).sum())) if pos.numel() else 0.0
    return DiffusionSpectrum(eigenvalues=lam if k is None else lam[:k], N=N, d=d, tol=tol, rank=rank, gap=gap,
                             effective_rank=eff, method=method)


def _layerwise_gram(model, names, trainable, frozen, X, y, loss, block_size) -> torch.Tensor | None:
    """K = G Gᵀ (N×N) without G: for a Linear layer ⟨∇_W f_i, ∇_W f_j⟩ = (δ_i·δ_j)(a_i·a_j), so
    its block is (ΔΔᵀ) ⊙ (AAᵀ) (+ ΔΔᵀ for the bias); Conv2d blocks are formed per sample (they
    are small) and multiplied. Cost N²·(in + out) per Linear layer instead of N²·in·out."""
    tapes = []
    for start in range(0, X.shape[0], block_size):
        tape = _layer_tape(model, names, trainable, frozen, X[start:start + block_size],
                           _loss_head(y[start:start + block_size], loss))
        if tape is None:
            return None
        tapes.append(tape)
    N = X.shape[0]
    K = torch.zeros(N, N, dtype=X.dtype, device=X.device)
    for n in names:
        mod, attr = tapes[0].owner[n]
        if isinstance(mod, torch.nn.Linear):
            Delta = torch.cat([t.grads[mod][:, 0] for t in tapes])  # (N, out)
            dd = Delta @ Delta.T
            if attr == "weight":
                A = torch.cat([t.inputs[mod] for t in tapes])  # (N, in)
                dd = dd * (A @ A.T)
            K += dd
        else:
            rows = []
            for t in tapes:
                block = torch.empty(t.out.shape[0], 1, trainable[n].numel(), dtype=X.dtype, device=X.device)
                _write_parameter_jacobian(t, n, block, trainable[n].shape)
                rows.append(block[:, 0])
            Gn = torch.cat(rows)
            K += Gn @ Gn.T
    return K


def _gradient_rows(model, names, trainable, frozen, X, y, loss, lo, hi, out: torch.Tensor) -> torch.Tensor:
    """Write ∇f_k for k in [lo, hi) into ``out`` ((hi − lo)×d), by the layer tape or vmap."""
    found = _layerwise_weight_jacobian(model, names, trainable, frozen, X[lo:hi], head=_loss_head(y[lo:hi], loss))
    out.copy_(found[0][:, 0] if found is not None else
              _vmapped_grads(model, names, trainable, frozen, X[lo:hi], y[lo:hi], loss, None))
    return out


def _budget(max_memory: int, d: int, N: int) -> tuple[int, int]:
    """(panel rows, streamed block rows) for at most ``max_memory`` bytes of gradient rows in
    flight: half for the panel held, a quarter for a streamed block (and as much again for its
    computation's temporaries)."""
    row = 8 * d
    return max(1, min(N, max_memory // 2 // row)), max(1, min(N, max_memory // 8 // row))


def _mean_gradient(model, names, trainable, frozen, X, y, loss, block: int) -> torch.Tensor:
    """ḡ = (1/N) Σ_k ∇f_k, accumulated over blocks of rows (one block in memory)."""
    N = X.shape[0]
    d = sum(p.numel() for p in trainable.values())
    mean = torch.zeros(d, dtype=X.dtype, device=X.device)
    rows = torch.empty(block, d, dtype=X.dtype, device=X.device)
    for s in range(0, N, block):
        e = min(N, s + block)
        mean += _gradient_rows(model, names, trainable, frozen, X, y, loss, s, e, rows[: e - s]).sum(dim=0)
    return mean / N


def _streamed_gram(model, names, trainable, frozen, X, y, loss, max_memory) -> torch.Tensor:
    """K_c = G_c G_cᵀ (N×N) from per-sample gradients computed block by block (any model), rows
    centred before any product. When all of G fits in half of ``max_memory`` bytes it is computed
    once; otherwise a first pass gives ḡ, the rows are cut into panels that fit, and each panel
    is held while the later rows are recomputed and streamed past it (N(P+1)/2 + N gradient
    rows for P panels). Peak memory: about ``max_memory`` for gradient rows, plus K."""
    N = X.shape[0]
    d = sum(p.numel() for p in trainable.values())
    panel, block = _budget(max_memory, d, N)
    if panel >= N:
        Gc = _gradient_rows(model, names, trainable, frozen, X, y, loss, 0, N, _empty_jacobian((N, d), X.dtype, X.device))
        Gc -= Gc.mean(dim=0, keepdim=True)
        return Gc @ Gc.T
    mean = _mean_gradient(model, names, trainable, frozen, X, y, loss, block)
    K = torch.empty(N, N, dtype=X.dtype, device=X.device)
    P = _empty_jacobian((panel, d), X.dtype, X.device)
    B = torch.empty(block, d, dtype=X.dtype, device=X.device)
    for lo in range(0, N, panel):
        hi = min(N, lo + panel)
        Pc = P[: hi - lo]
        for s in range(lo, hi, block):
            e = min(hi, s + block)
            _gradient_rows(model, names, trainable, frozen, X, y, loss, s, e, Pc[s - lo: e - lo])
        Pc -= mean
        K[lo:hi, lo:hi] = Pc @ Pc.T
        for s in range(hi, N, block):
            e = min(N, s + block)
            Bc = _gradient_rows(model, names, trainable, frozen, X, y, loss, s, e, B[: e - s])
            Bc -= mean
            K[lo:hi, s:e] = Pc @ Bc.T
            K[s:e, lo:hi] = K[lo:hi, s:e].T
    return K


def _streamed_covariance(model, names, trainable, frozen, X, y, loss, max_memory) -> torch.Tensor:
    """N·D = G_cᵀG_c (d×d) accumulated over blocks of centred rows: the smaller side when d ≤ N."""
    N = X.shape[0]
    d = sum(p.numel() for p in trainable.values())
    _, block = _budget(max_memory, d, N)
    mean = _mean_gradient(model, names, trainable, frozen, X, y, loss, block) if block < N else None
    S = torch.zeros(d, d, dtype=X.dtype, device=X.device)
    B = torch.empty(block, d, dtype=X.dtype, device=X.device)
    for s in range(0, N, block):
        e = min(N, s + block)
        Bc = _gradient_rows(model, names, trainable, frozen, X, y, loss, s, e, B[: e - s])
        Bc -= Bc.mean(dim=0, keepdim=True) if mean is None else mean
        S += Bc.T @ Bc
    return S


def diffusion_spectrum(
    model: torch.nn.Module, X: torch.Tensor, y: torch.Tensor, k: int | None = None, loss: str = "cross_entropy",
    block_size: int = 256, max_memory: int = 4 << 30, method: str = "auto", dtype: torch.dtype = torch.float64,
) -> DiffusionSpectrum:
    """The nonzero spectrum of D without the d×d eigenproblem when d > N: D = MᵀM and the N×N
    centred Gram matrix K_c = MMᵀ = (1/N) H G Gᵀ H (M = HG/√N) have the same nonzero eigenvalues.

    ``method``:
    * "covariance": D itself (d×d), accumulated from blocks of centred gradient rows — the
      smaller eigenproblem when d ≤ N;
    * "layerwise-gram": K from the layers' δ and inputs, G never formed (Linear/Conv2d models;
      ``block_size`` samples per batched forward). K is centred afterwards (HKH), which costs
      the small eigenvalues accuracy when the mean gradient is much larger than the spread
      (relative error of λ about eps·‖ḡ‖²/λ);
    * "streamed-gram": any model, gradient rows centred before the products, at most about
      ``max_memory`` bytes of them in memory (panels recomputed when G does not fit);
    * "auto": "covariance" when d ≤ N, else "layerwise-gram" where it applies, else "streamed-gram".
    """
    if k is not None and (isinstance(k, bool) or not isinstance(k, int) or k < 1):
        raise ValueError(f"k must be a positive int or None, got {k!r}")
    for name, v in (("block_size", block_size), ("max_memory", max_memory)):
        if isinstance(v, bool) or not isinstance(v, int) or v < 1:
            raise ValueError(f"{name} must be a positive int, got {v!r}")
    if method not in _SPECTRUM_METHODS:
        raise ValueError(f"method must be one of {_SPECTRUM_METHODS}, got {method!r}")
    fn = per_sample_loss_function(model, X, y, loss, dtype)
    names, trainable, frozen = fn.state()
    N, d = fn.N, fn.d
    if method == "covariance" or (method == "auto" and d <= N):
        S = _streamed_covariance(model, names, trainable, frozen, fn.X, fn.y, loss, max_memory)
        return _spectrum_of_psd(S / N, N, d, k, "covariance")
    K = None
    if method in ("auto", "layerwise-gram"):
        K = _layerwise_gram(model, names, trainable, frozen, fn.X, fn.y, loss, block_size)
        if K is None and method == "layerwise-gram":
            raise ValueError("the layer-wise Gram needs a model whose trainable parameters all belong to "
                             "nn.Linear / nn.Conv2d layers, applied once each to independent samples")
        if K is not None:
            K = K - K.mean(dim=0, keepdim=True)
            K = K - K.mean(dim=1, keepdim=True)
            return _spectrum_of_psd(K / N, N, d, k, "layerwise-gram")
    K = _streamed_gram(model, names, trainable, frozen, fn.X, fn.y, loss, max_memory)
    return _spectrum_of_psd(K / N, N, d, k, "streamed-gram")
