"""Lie brackets of vector fields, the involutivity defect of a distribution, and the two
distributions of a softmax classifier: (ker G(x, w))^⊥ in data space and (ker F(w))^⊥ in
weight space.

Source: the lecture “The Geometry of Deep Learning. Lecture 2: Deep Learning”, "Result (F.-Grementieri, 2021)": for a deep ReLU classifier
x ↦ 𝒟_x = (ker G(x, w))^⊥ is involutive, [X, Y] ∈ 𝒟 for all X, Y ∈ 𝒟; and the Remark after it:
w ↦ 𝒟′_w = (ker F(w))^⊥ is not. By items ②–③ of "Properties of the Fisher matrix F and local
data matrix G" both are spanned by score vectors: 𝒟_x = span_i ∇_x log p_i, 𝒟′_w = span_i
∇_w log p_i.

Vector fields are functions ℝⁿ → ℝⁿ on flat float64 vectors, and must be transformable by
``torch.func`` (no ``.item()``, no in-place writes to inputs). The bracket is

    [X, Y](p) = DY(p)·X(p) − DX(p)·Y(p),

both terms Jacobian-vector products (``torch.func.jvp``; forward over reverse for gradient
fields), never finite differences (DESIGN.md, numeric conventions).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import torch
from torch.func import functional_call, grad, jacrev, jvp, vmap

from geomath.numeric.fisher import _logits, _single_or_batch, _state

__all__ = ["VectorFields", "InvolutivityDefect", "lie_bracket", "involutivity_defect", "data_fields",
           "weight_fields", "distribution_basis"]

Field = Callable[[torch.Tensor], torch.Tensor]
EPS = float(torch.finfo(torch.float64).eps)


class VectorFields(list):
    """A list of vector fields X_1..X_m on ℝⁿ (callables on flat float64 vectors of size ``dim``).

    ``stacked``, when given, evaluates all of them at once, p ↦ (m, n) with row k = X_k(p), in one
    batched pass; :func:`involutivity_defect` differentiates it instead of the m fields one by
    one. ``potentials``, when the fields are gradients X_k = ∇φ_k, is the map p ↦ (φ_1(p) … φ_m(p))
    (log p_k for the score fields). ``base_point`` is a natural point to evaluate them at (the model's own weights for
    :func:`weight_fields`), or None.
    """

    def __init__(self, fields: Sequence[Field], dim: int, stacked: Callable[[torch.Tensor], torch.Tensor] | None = None,
                 base_point: torch.Tensor | None = None, description: str = "",
                 potentials: Callable[[torch.Tensor], torch.Tensor] | None = None):
        super().__init__(fields)
        self.potentials = potentials
        self.dim = dim
        self.stacked = stacked
        self.base_point = base_point
        self.description = description

    def __repr__(self) -> str:
        return f"VectorFields({len(self)} fields on R^{self.dim}{': ' + self.description if self.description else ''})"


@dataclass(frozen=True)
class InvolutivityDefect:
    """The involutivity defect of span{X_1(p)..X_m(p)} at one point p.

    ``pairwise[i, j]`` = ‖P⊥ [X_i, X_j](p)‖ / (‖DX_j·X_i‖ + ‖DX_i·X_j‖), where P⊥ projects onto
    the orthogonal complement of the span (orthonormal basis: the left singular vectors of
    [X_1(p) … X_m(p)] above the rank tolerance). The denominator is the size of the two terms
    whose difference is the bracket: a defect of a few eps means the bracket leaves the span by
    no more than the rounding of its own computation; a defect of order 1 means it leaves the span
    as far as its terms are large. It is invariant under X_k → c·X_k and under adding to a
    bracket any vector of the span. 0/0 (both terms exactly zero) counts as 0.

    For the score fields ∇ log p_i the bracket terms pass through the softmax Jacobian
    diag(p) − ppᵀ, whose entries at the predicted class (of size 1 − p_max) are formed by
    cancellation; at a confident prediction the rounding floor of the defect is therefore about
    eps/(1 − p_max), not eps.

    ``defect`` is the largest pairwise value; ``rank`` the numerical rank of the span at ``tol``
    = max(n, m)·eps·σ_max (DESIGN.md); ``brackets`` (m, m, n) the brackets themselves.
    """

    defect: float
    pairwise: torch.Tensor
    rank: int
    singular_values: torch.Tensor
    tol: float
    brackets: torch.Tensor
    bracket_norms: torch.Tensor
    term_scales: torch.Tensor

    def __repr__(self) -> str:
        m = self.pairwise.shape[0]
        return f"InvolutivityDefect(defect={self.defect:.3g}, rank={self.rank} of {m} fields, tol={self.tol:.3g})"


# -- input checks ---------------------------------------------------------------------------------

def _check_point(p, what: str = "p") -> torch.Tensor:
    if not isinstance(p, torch.Tensor):
        raise TypeError(f"{what} must be a torch.Tensor (a point of R^n, or a batch (B, n)), got {type(p).__name__}")
    if not torch.is_floating_point(p):
        raise TypeError(f"{what} must be a floating-point tensor, got dtype {p.dtype}")
    if p.dim() not in (1, 2) or p.numel() == 0:
        raise ValueError(f"{what} must be a point of shape (n,) or a batch of points (B, n), got shape {tuple(p.shape)}")
    if not torch.isfinite(p).all():
        bad = (~torch.isfinite(p)).nonzero()[0].tolist()
        raise ValueError(f"{what} contains NaN or inf (first at index {tuple(bad)}); a bracket needs a finite point")
    return p.detach().to(torch.float64)


def _check_field_value(value, n: int, what: str) -> torch.Tensor:
    if not isinstance(value, torch.Tensor):
        raise TypeError(f"{what} must return a torch.Tensor, got {type(value).__name__}")
    if tuple(value.shape) != (n,):
        raise ValueError(f"{what} returned shape {tuple(value.shape)} at a point of R^{n}; a vector field on R^n "
                         f"must return shape ({n},)")
    if not torch.isfinite(value).all():
        raise ValueError(f"{what} is NaN or inf at the point")
    return value


def _check_fields(fields, p: torch.Tensor) -> Sequence[Field]:
    """The fields themselves (a :class:`VectorFields` keeps its ``stacked`` map), after the checks."""
    if callable(fields) or not isinstance(fields, Sequence) or isinstance(fields, (str, bytes)):
        raise TypeError(f"fields must be a sequence of callables R^n -> R^n, got {type(fields).__name__}")
    if len(fields) == 0:
        raise ValueError("fields is empty; a distribution needs at least one spanning field")
    n = p.shape[-1]
    dim = getattr(fields, "dim", None)
    if dim is not None and dim != n:
        raise ValueError(f"the fields live on R^{dim} but the point has {n} coordinates")
    for k, X in enumerate(fields):
        if not callable(X):
            raise TypeError(f"fields[{k}] must be callable, got {type(X).__name__}")
    return fields


# -- brackets ---------------------------------------------------------------------------------------

def _bracket_at(X: Field, Y: Field, q: torch.Tensor) -> torch.Tensor:
    Xq = X(q)
    Yq, DY_X = jvp(Y, (q,), (Xq,))
    _, DX_Y = jvp(X, (q,), (Yq,))
    return DY_X - DX_Y


def lie_bracket(X: Field, Y: Field, p: torch.Tensor) -> torch.Tensor:
    """[X, Y](p) = DY(p)·X(p) − DX(p)·Y(p) for vector fields X, Y: ℝⁿ → ℝⁿ, from two
    Jacobian-vector products; p of shape (n,), or (B, n) for a batch of points (``vmap``).

    >>> X = lambda q: torch.stack([torch.ones_like(q[0]), torch.zeros_like(q[1])])   # ∂_x
    >>> Y = lambda q: torch.stack([torch.zeros_like(q[0]), q[0]])                     # x ∂_y
    >>> lie_bracket(X, Y, torch.tensor([2.0, 3.0], dtype=torch.float64))             # ∂_y
    tensor([0., 1.], dtype=torch.float64)
    """
    p = _check_point(p)
    for what, F in (("X", X), ("Y", Y)):
        if not callable(F):
            raise TypeError(f"{what} must be a callable R^n -> R^n, got {type(F).__name__}")
    q0 = p if p.dim() == 1 else p[0]
    n = q0.shape[0]
    _check_field_value(X(q0), n, "X")
    _check_field_value(Y(q0), n, "Y")
    if p.dim() == 1:
        return _bracket_at(X, Y, p)
    return vmap(lambda q: _bracket_at(X, Y, q))(p)


def _stack(fields: list[Field]) -> Callable[[torch.Tensor], torch.Tensor]:
    return lambda q: torch.stack([X(q) for X in fields])


def distribution_basis(V: torch.Tensor, tol: float | None = None) -> tuple[torch.Tensor, torch.Tensor, float]:
    """(Q, σ, tol): an orthonormal basis Q (n, r) of the span of the rows of V (m, n), from the SVD
    of Vᵀ at the numerical rank r (singular values above ``tol``, default max(n, m)·eps·σ_max),
    with all singular values σ and the tolerance used. float64."""
    V = V.detach().to(torch.float64)
    U, S, _ = torch.linalg.svd(V.T, full_matrices=False)
    if tol is None:
        tol = max(V.shape) * EPS * float(S[0]) if S.numel() else 0.0
    r = int((S > tol).sum())
    return U[:, :r], S, float(tol)


def involutivity_defect(fields: Sequence[Field], p: torch.Tensor, tol: float | None = None) -> InvolutivityDefect:
    """The involutivity defect of the distribution spanned by ``fields`` at the point p (n,).

    All m(m−1)/2 brackets come from one batched pass: T[i, k] = DX_k(p)·X_i(p) is the jvp of the
    stacked map p ↦ (X_1(p) … X_m(p)) along each X_i(p), ``vmap``-ed over i, and
    [X_i, X_j] = T[i, j] − T[j, i]. The part of each bracket orthogonal to the span is measured
    against the span's orthonormal basis at its numerical rank (see :class:`InvolutivityDefect`
    for the relative scale). Raises ValueError when the fields span nothing at p (rank 0).
    """
    p = _check_point(p)
    if p.dim() != 1:
        raise ValueError(f"p must be a single point of shape (n,), got shape {tuple(p.shape)}; call once per point")
    fields = _check_fields(fields, p)
    n = p.shape[0]
    stacked = getattr(fields, "stacked", None) or _stack(list(fields))
    if getattr(fields, "stacked", None) is None:
        for k, X in enumerate(fields):
            _check_field_value(X(p), n, f"fields[{k}]")
    V = stacked(p)
    m = len(fields)
    if tuple(V.shape) != (m, n):
        raise ValueError(f"the stacked fields returned shape {tuple(V.shape)}; expected ({m}, {n})")
    if not torch.isfinite(V).all():
        raise ValueError("the fields are NaN or inf at p")
    Q, S, tol = distribution_basis(V, tol)
    if Q.shape[1] == 0:
        raise ValueError(f"the {m} fields span a distribution of rank 0 at p (largest |X_k(p)| singular value "
                         f"{float(S[0]):.3g} <= tol {tol:.3g}); involutivity needs a distribution of rank >= 1")
    T = vmap(lambda v: jvp(stacked, (p,), (v,))[1])(V)  # T[i, k] = DX_k · X_i
    B = T - T.transpose(0, 1)  # B[i, j] = DX_j·X_i − DX_i·X_j = [X_i, X_j]
    norms_T = torch.linalg.vector_norm(T, dim=-1)
    scale = norms_T + norms_T.T
    orth = B - (B @ Q) @ Q.T
    orth_norm = torch.linalg.vector_norm(orth, dim=-1)
    pairwise = torch.where(scale > 0, orth_norm / torch.where(scale > 0, scale, 1.0), torch.zeros_like(scale))
    pairwise.fill_diagonal_(0.0)
    return InvolutivityDefect(defect=float(pairwise.max()), pairwise=pairwise, rank=Q.shape[1], singular_values=S,
                              tol=tol, brackets=B, bracket_norms=torch.linalg.vector_norm(B, dim=-1), term_scales=scale)


# -- the distributions of a softmax classifier ------------------------------------------------------

def _input_shape(model: torch.nn.Module, input_shape) -> tuple[int, ...]:
    if input_shape is None:
        first = next((m for m in model.modules() if isinstance(m, (torch.nn.Linear, torch.nn.Conv2d))), None)
        if not isinstance(first, torch.nn.Linear):
            raise ValueError("input_shape is needed for this model (it cannot be read off a first nn.Linear); "
                             "pass the shape of one input without the batch dimension, e.g. (1, 8, 8)")
        return (first.in_features,)
    if isinstance(input_shape, int) and not isinstance(input_shape, bool):
        input_shape = (input_shape,)
    if (not isinstance(input_shape, (tuple, list)) or not input_shape
            or not all(isinstance(s, int) and not isinstance(s, bool) and s > 0 for s in input_shape)):
        raise ValueError(f"input_shape must be a tuple of positive ints (one input, no batch dimension), got {input_shape!r}")
    return tuple(input_shape)


def _fields_from_log_probs(log_probs: Callable[[torch.Tensor], torch.Tensor], C: int, dim: int, description: str,
                           base_point: torch.Tensor | None = None) -> VectorFields:
    """Fields q ↦ ∇_q log_probs(q)_i, i < C, with the stacked map q ↦ ∂ log_probs/∂q (C, dim)."""
    def field(i: int) -> Field:
        return grad(lambda q: log_probs(q)[i])

    return VectorFields([field(i) for i in range(C)], dim, stacked=jacrev(log_probs), base_point=base_point,
                        description=description, potentials=log_probs)


def data_fields(model: torch.nn.Module, input_shape=None, dtype: torch.dtype = torch.float64) -> VectorFields:
    """The C fields V_i(x) = ∇_x log p_i(x, w), i = 1..C, on flattened inputs x ∈ ℝⁿ, at the
    model's current weights (a snapshot; the model is not modified). They span
    𝒟_x = (ker G(x, w))^⊥ (the lecture “The Geometry of Deep Learning. Lecture 2: Deep Learning”, item ③), with Σ_i p_i V_i = 0.

    ``input_shape`` is one input's shape without the batch dimension; it may be left out when the
    first layer is an ``nn.Linear`` (then n = in_features)."""
    shape = _input_shape(model, input_shape)
    _, trainable, frozen = _state(model, dtype)
    params = {**frozen, **trainable}
    n = 1
    for s in shape:
        n *= s
    C = _logits(model, params, torch.zeros(shape, dtype=dtype)).shape[0]

    def log_probs(x: torch.Tensor) -> torch.Tensor:
        return torch.log_softmax(_logits(model, params, x.reshape(shape)), dim=-1)

    return _fields_from_log_probs(log_probs, C, n, f"grad_x log p_i, i < {C}, inputs of shape {shape}")


def weight_fields(model: torch.nn.Module, x: torch.Tensor, batched: bool = False,
                  dtype: torch.dtype = torch.float64) -> VectorFields:
    """The fields W_i(w) = ∇_w log p_i(x, w) on flattened trainable parameters w ∈ ℝ^d (in
    ``model.parameters()`` order, as :func:`geomath.numeric.fisher`), for one input x (C fields,
    spanning 𝒟′_w = (ker F(x, w))^⊥) or, with ``batched``, for each input of a batch (N·C fields,
    row k·C + i = ∇_w log p_i(x_k, w), spanning (ker Σ_k F(x_k, w))^⊥). ``base_point`` is the
    model's current w."""
    names, trainable, frozen = _state(model, dtype)
    X = _single_or_batch(x, batched, dtype)
    sizes = [trainable[n].numel() for n in names]
    shapes = [trainable[n].shape for n in names]
    w0 = torch.cat([trainable[n].reshape(-1) for n in names])

    def log_probs(w: torch.Tensor) -> torch.Tensor:
        ps = {n: c.reshape(s) for n, c, s in zip(names, torch.split(w, sizes), shapes)}
        out = functional_call(model, {**frozen, **ps}, (X,))
        return torch.log_softmax(out, dim=-1).reshape(-1)

    try:
        count = log_probs(w0).shape[0]
    except Exception as exc:
        raise ValueError(f"model could not be applied to x of shape {tuple(X.shape)}: {exc}") from exc
    return _fields_from_log_probs(log_probs, count, w0.numel(),
                                  f"grad_w log p_i over {X.shape[0]} input(s), {count} fields", base_point=w0)
