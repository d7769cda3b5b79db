"""The Fisher matrix F(x, w) and the local data matrix G(x, w) of a softmax classifier.

Source: the lecture “The Geometry of Deep Learning. Lecture 2: Deep Learning”, slides "Fisher information matrix" and "Local data matrix".
For logits s(x, w) ∈ ℝ^C and p = softmax(s), the *true* Fisher at one input is the expectation
over y ~ p(y | x, w) (exact, over the C classes — not Monte Carlo, not the empirical Fisher):

    F(x, w) = E_y[∇_w log p_y ∇_w log p_yᵀ] = J_wᵀ A J_w,   A = diag(p) − p pᵀ,

because ∇_w log p_y = J_wᵀ(e_y − p). The data matrix G(x, w) is the same with J_x = ∂s/∂x.
d×d (or n×n) matrices are formed only on request: :func:`fisher_factor` returns (J, A), in the
style of curvlinops/nngeometry, where the curvature is kept as a factor.

Parameters are those of ``model.parameters()`` that require grad, flattened in that order.
"""
from __future__ import annotations

import mmap
from dataclasses import dataclass

import torch
from torch.func import functional_call, jacrev, vmap

__all__ = ["FisherFactor", "fisher", "fisher_factor", "data_matrix", "data_matrix_factor", "shifted_parameters",
           "softmax_covariance"]


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
                f"{'F' if self.wrt == 'weights' else 'G'} = JᵀAJ is {m}x{m}, rank <= {min(C - 1, m)})")


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
    (…, C, m); no Python loop over the inputs.

    ∂s/∂w comes from :func:`_layerwise_weight_jacobian` when every trainable parameter is the
    weight or bias of an ``nn.Linear`` or ``nn.Conv2d`` (one batched forward, C backward passes
    batched into one, each block of J written once), and otherwise, or for ∂s/∂x, from
    :func:`_vmapped_jacobian` (``vmap(jacrev)`` over the inputs, any model)."""
    names, trainable, frozen = _state(model, dtype)
    X = _single_or_batch(x, batched, dtype)
    found = _layerwise_weight_jacobian(model, names, trainable, frozen, X) if wrt == "weights" else None
    J, logits = found if found is not None else _vmapped_jacobian(model, names, trainable, frozen, X, wrt)
    A = softmax_covariance(logits)
    p = torch.softmax(logits, dim=-1)
    if not batched:
        J, A, p = J[0], A[0], p[0]
    return FisherFactor(J=J, A=A, wrt=wrt, p=p)


def _vmapped_jacobian(model, names, trainable, frozen, X, wrt: str) -> tuple[torch.Tensor, torch.Tensor]:
    """(J, logits) for any model: ``vmap`` over the inputs of ``jacrev`` of one input's logits,
    the logits returned alongside (no second forward). ∂s/∂w is written block by block into one
    (B, C, d) tensor: the per-parameter Jacobians come out of autograd with the weight blocks
    transposed in memory, and ``reshape`` + ``cat`` of those copied J twice (3-4x slower)."""

    def logits_twice(ps, xi):
        s = _logits(model, {**frozen, **ps}, xi)
        return s, s

    argnums = 0 if wrt == "weights" else 1
    jac, logits = vmap(jacrev(logits_twice, argnums=argnums, has_aux=True), in_dims=(None, 0))(trainable, X)
    B, C = logits.shape
    if wrt == "inputs":
        return jac.reshape(B, C, -1), logits
    sizes = [trainable[n].numel() for n in names]
    J = _empty_jacobian((B, C, sum(sizes)), logits.dtype, logits.device)
    for block, n in _largest_first(J.split(sizes, dim=-1), names):
        block.view_as(jac[n]).copy_(jac[n])
    return J, logits


_HUGE_PAGE_MIN_BYTES = 64 << 20


def _empty_jacobian(shape: tuple[int, ...], dtype: torch.dtype, device: torch.device) -> torch.Tensor:
    """An uninitialised tensor for J; on a Linux CPU, when it is at least 64 MB, in anonymous
    memory advised for transparent huge pages (``MADV_HUGEPAGE``).

    J is written once into fresh memory, and at B = 256, d ≈ 1e5 (2 GB of float64) the
    kernel's first touch of 4 kB pages (one fault and one zeroing per page) costs several times
    the write itself: filling 2 GB takes ~0.35 s with 4 kB pages and ~0.08 s with 2 MB pages on
    this project's VMs. PyTorch offers the same only process-wide, from the environment variable
    ``THP_MEM_ALLOC_ENABLE`` read once at start. Where huge pages are off or unsupported the
    advice is ignored and this is an ordinary allocation; the mapping is released when the
    tensor's storage is (``torch.frombuffer`` holds the ``mmap``)."""
    nbytes = torch.Size(shape).numel() * torch.empty((), dtype=dtype).element_size()
    advice = getattr(mmap, "MADV_HUGEPAGE", None)
    if torch.device(device).type != "cpu" or advice is None or nbytes < _HUGE_PAGE_MIN_BYTES:
        return torch.empty(shape, dtype=dtype, device=device)
    buffer = mmap.mmap(-1, nbytes, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    try:
        buffer.madvise(advice)
    except OSError:  # a kernel built without transparent huge pages
        pass
    return torch.frombuffer(buffer, dtype=dtype).view(shape)


def _largest_first(blocks, names):
    """(block, name) pairs, largest block first: the first writes into a fresh J take its page
    faults, and taking them in long contiguous runs is ~20% faster at d ~ 1e5."""
    return sorted(zip(blocks, names), key=lambda bn: -bn[0].shape[-1])


# modules whose training mode couples the inputs of a batch or draws random numbers
_BATCH_OR_RANDOM = (
    torch.nn.modules.batchnorm._BatchNorm,
    torch.nn.modules.instancenorm._InstanceNorm,
    torch.nn.modules.dropout._DropoutNd,  # Dropout*, AlphaDropout, FeatureAlphaDropout
)


@dataclass(frozen=True)
class _LayerTape:
    """What one batched forward and backward through the Linear/Conv2d layers leave: the outputs
    h (B, K) that were differentiated, each trainable parameter's (layer, "weight"|"bias"), each
    layer's input a (B, …) and g = ∂h_k/∂z per input and output (B, K, *z.shape[1:])."""

    out: torch.Tensor
    owner: dict
    inputs: dict
    grads: dict


def _layer_tape(model, names, trainable, frozen, X, head=None) -> _LayerTape | None:
    """The layer tape of ``head(model(X))`` ((B, K) outputs; ``head=None``: the logits, K = C),
    or None when the layer-wise route does not apply.

    Applies when every trainable parameter is the weight or bias of an ``nn.Linear`` (on inputs
    of shape (B, in)) or ``nn.Conv2d`` (zero padding given as numbers, one group), each called
    once per forward and no parameter shared. One forward of the whole batch records each such
    layer's input a and adds a zero ε to its output z; the K backward passes of the outputs to
    the ε's run as one (``is_grads_batched``) and give g = ∂h_k/∂z per input and output. Then
    ∂h_k/∂W = g aᵀ (Linear; per unfolded patch for Conv2d) and ∂h_k/∂b = g: this is what
    BackPACK does.

    The batched forward must treat the inputs independently and deterministically, as a
    per-input forward does (under ``vmap`` a random op raises): None when a batch-norm,
    instance-norm or dropout module is in training mode, and a probe cotangent on the first
    input's outputs checks that neither another input's ε nor another input itself receives
    gradient (a coupling before the first layer, such as centring the batch, shows only in the
    latter), else None. Buffers are cloned for the forward, so that a module updating one leaves
    the model as it was. None also when the forward fails or does not return (B, C) logits
    (C >= 2 when ``head`` is None): the per-input paths then raise their own errors.
    """
    modules = dict(model.named_modules())
    if len(list(model.named_parameters(remove_duplicate=False))) != len(list(model.named_parameters())):
        return None  # a parameter shared between modules
    if any(m.training and isinstance(m, _BATCH_OR_RANDOM) for m in modules.values()):
        return None
    owner: dict[str, tuple[torch.nn.Module, str]] = {}
    for n in names:
        prefix, _, attr = n.rpartition(".")
        mod = modules.get(prefix)
        if attr not in ("weight", "bias") or type(mod) not in (torch.nn.Linear, torch.nn.Conv2d):
            return None
        if isinstance(mod, torch.nn.Conv2d) and (
            mod.groups != 1 or mod.padding_mode != "zeros" or isinstance(mod.padding, str)
        ):
            return None
        owner[n] = (mod, attr)
    layers = list(dict.fromkeys(mod for mod, _ in owner.values()))
    seen: dict[torch.nn.Module, list[tuple[torch.Tensor, torch.Tensor]]] = {}

    def record(mod, inputs, out):
        a = inputs[0] if isinstance(inputs, tuple) and inputs else None
        if not isinstance(a, torch.Tensor) or not isinstance(out, torch.Tensor):
            seen.setdefault(mod, []).append((None, None))
            return None
        eps = torch.zeros_like(out, requires_grad=True)
        seen.setdefault(mod, []).append((a.detach(), eps))
        return out + eps

    B = X.shape[0]
    handles = [mod.register_forward_hook(record) for mod in layers]
    try:
        with torch.enable_grad():
            buffers = {n: frozen[n].clone() for n, _ in model.named_buffers() if n in frozen}
            X = X.detach().requires_grad_(True)
            s = functional_call(model, {**frozen, **buffers, **trainable}, (X,))
            if not isinstance(s, torch.Tensor) or s.dim() != 2 or s.shape[0] != B or (head is None and s.shape[1] < 2):
                return None
            h = s if head is None else head(s)
    except Exception:  # noqa: BLE001 - the per-input path reports it, per input
        return None
    finally:
        for hd in handles:
            hd.remove()
    if not isinstance(h, torch.Tensor) or h.dim() != 2 or h.shape[0] != B or not h.requires_grad:
        return None
    K = h.shape[1]
    for mod in layers:
        calls = seen.get(mod, [])
        if len(calls) != 1 or calls[0][1] is None:
            return None
        a, eps = calls[0]
        if a.shape[0] != B or eps.shape[0] != B or a.dim() != (2 if isinstance(mod, torch.nn.Linear) else 4):
            return None
    eps = [seen[mod][0][1] for mod in layers]
    # cotangents: one-hot in the output for every input (K of them), and a probe on input 0 only
    E = torch.zeros(K + 1, B, K, dtype=h.dtype, device=h.device)
    E[:K] = torch.eye(K, dtype=h.dtype, device=h.device).unsqueeze(1)
    E[K, 0] = 1.0
    try:
        *grads, gX = torch.autograd.grad(h, [*eps, X], grad_outputs=E, is_grads_batched=True, allow_unused=True)
    except RuntimeError:  # an op without a batching rule: the K + 1 passes one by one
        *grads, gX = [torch.stack(gs) if gs[0] is not None else None for gs in zip(*[
            torch.autograd.grad(h, [*eps, X], grad_outputs=e, retain_graph=True, allow_unused=True) for e in E])]
    probes = [g[K, 1:] for g in (*grads, gX) if g is not None]
    if any(g is None for g in grads) or (B > 1 and any(bool(g.any()) for g in probes)):
        return None  # a layer that does not reach the outputs, or inputs that interact
    return _LayerTape(
        out=h.detach(),
        owner=owner,
        inputs={mod: seen[mod][0][0] for mod in layers},
        grads={mod: g[:K].transpose(0, 1) for mod, g in zip(layers, grads)},  # (B, K, *z.shape[1:])
    )


def _write_parameter_jacobian(tape: _LayerTape, n: str, block: torch.Tensor, shape: torch.Size) -> None:
    """Write ∂h/∂(parameter n) (B, K, numel) from the tape into ``block`` (a view of J)."""
    mod, attr = tape.owner[n]
    g, a = tape.grads[mod], tape.inputs[mod]
    B, K = g.shape[:2]
    if isinstance(mod, torch.nn.Linear):
        if attr == "weight":  # g aᵀ, written straight into J
            torch.mul(g.unsqueeze(-1), a[:, None, None, :], out=block.view(B, K, *shape))
        else:
            block.copy_(g)
    elif attr == "weight":  # Σ over output positions of g ⊗ (the input patch there)
        patches = torch.nn.functional.unfold(
            a, mod.kernel_size, dilation=mod.dilation, padding=mod.padding, stride=mod.stride)
        per_input = torch.bmm(g.reshape(B, K * g.shape[2], -1), patches.transpose(1, 2))  # outputs as rows
        block.view(B, K, g.shape[2], -1).copy_(per_input.view(B, K, g.shape[2], -1))
    else:
        block.copy_(g.sum(dim=(-2, -1)))


def _layerwise_weight_jacobian(model, names, trainable, frozen, X, head=None) -> tuple[torch.Tensor, torch.Tensor] | None:
    """(∂h/∂w (B, K, d), h) from :func:`_layer_tape`, or None when it does not apply. Each
    block of J is written once, where ``vmap(jacrev)`` writes the d-sized output twice
    (autograd's per-parameter tensors, then J)."""
    tape = _layer_tape(model, names, trainable, frozen, X, head)
    if tape is None:
        return None
    B, K = tape.out.shape
    sizes = [trainable[n].numel() for n in names]
    J = _empty_jacobian((B, K, sum(sizes)), tape.out.dtype, tape.out.device)
    for block, n in _largest_first(J.split(sizes, dim=-1), names):
        _write_parameter_jacobian(tape, n, block, trainable[n].shape)
    return J, tape.out


def fisher_factor(
    model: torch.nn.Module, x: torch.Tensor, batched: bool = False, dtype: torch.dtype = torch.float64
) -> FisherFactor:
    """(J_w, A) with F(x, w) = J_wᵀ A J_w; J_w = ∂s/∂w of shape (C, d), or (B, C, d) when
    ``batched`` (x of shape (B, …): one factor per input, no Python loop over the inputs:
    layer by layer for Linear/Conv2d models, with ``vmap(jacrev)`` otherwise).
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


def shifted_parameters(model: torch.nn.Module, direction: torch.Tensor, step: float,
                       dtype: torch.dtype = torch.float64) -> dict[str, torch.Tensor]:
    """The trainable parameters moved to w + step·u, for a flat u in the order in which
    :func:`fisher` flattens them (``model.parameters()`` that require grad); name → tensor, for
    ``functional_call`` or :func:`~geomath.numeric.activation_pattern`. The model is not modified."""
    names, trainable, _ = _state(model, dtype)
    u = _check_input(direction, "direction").to(dtype).reshape(-1)
    d = sum(p.numel() for p in trainable.values())
    if u.numel() != d:
        raise ValueError(f"direction has {u.numel()} entries; expected {d} (trainable parameters)")
    chunks = torch.split(u, [trainable[n].numel() for n in names])
    return {n: trainable[n] + step * c.reshape(trainable[n].shape) for n, c in zip(names, chunks)}
