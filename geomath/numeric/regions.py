"""Activation patterns of piecewise-linear networks: which linear region a point lies in.

A network built from affine layers, ReLU and max-pooling is affine on each set where every
ReLU pre-activation keeps its sign and every pooling window keeps its argmax. In input space
that set is a convex polyhedron (each condition is a linear inequality in x once the pattern is
fixed), so a segment whose two ends have the same *strict* pattern — no pre-activation exactly
0, no tie in a pooling window — lies inside one region, where the logits are affine in x
(the lecture “The Geometry of Deep Learning. Lecture 2: Deep Learning”, "Result (F.-Grementieri, 2021)"; J. C. Ye, “Geometry of Deep Learning: A Signal Processing Perspective”, ReLU
networks as piecewise-linear maps). Smooth activations (tanh, GELU, softplus) add no condition.
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

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

    def __repr__(self) -> str:
        relu = ", ".join(f"{int((s > 0).sum())}/{s.numel()}" for s in self.relu_signs)
        zeros = sum(int((s == 0).sum()) for s in self.relu_signs)
        pools = ", ".join(f"{t.numel()} windows ({int(t.sum())} tied)" for t in self.pool_ties)
        return (f"ActivationPattern({'strict' if self.strict else 'not strict'}, "
                f"{len(self.relu_signs)} ReLU modules active {relu or '-'}, {zeros} pre-activations at 0"
                f"{'; max-pool ' + pools if pools else ''})")

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


# -- counting regions (J. C. Ye, “Geometry of Deep Learning: A Signal Processing Perspective”, Contents: 10.4 "Geometry of CNN", 10.4.3 "Expressivity") --
#
# The seed prints only the headings; the facts below are the standard ones they name. A network of
# nn.Linear and nn.ReLU layers is affine on each set of inputs with one activation pattern, and that
# set is convex (fixing the pattern makes every condition linear in x). On a 2-D affine slice
# x(s, t) = o + s·u + t·v of input space the regions are convex polygons. They are counted two ways:
# on a grid (distinct patterns at the cell centres; and the 4-connected components of equal
# pattern) and exactly, by splitting the window polygon by each unit's zero line, layer by layer.

__all__ += ["AffinePiece", "LineArrangement", "SliceGrid", "SlicePolygon", "activation_signs", "affine_piece",
            "hyperplane_arrangement_regions", "line_arrangement_regions", "slice_regions_exact",
            "slice_regions_grid"]


def activation_signs(model: nn.Module, X: torch.Tensor, dtype: torch.dtype = torch.float64) -> torch.Tensor:
    """The signs (−1, 0, +1, int8) of every ReLU pre-activation for a batch X (B, …): shape
    (B, units), the ReLU modules in forward order, each flattened. The batched form of
    :func:`activation_pattern`'s ``relu_signs`` for models without max-pooling."""
    X = _check_input(X, "X").to(dtype)
    if X.dim() < 2:
        raise ValueError(f"X must be a batch (B, …) of inputs, got shape {tuple(X.shape)}")
    if any(isinstance(m, _POOLS) for m in model.modules()):
        raise ValueError("activation_signs does not handle max-pooling (its pattern is an argmax); "
                         "use activation_pattern one input at a time")
    _, trainable, frozen = _state(model, dtype)
    signs: list[torch.Tensor] = []
    handles = [m.register_forward_hook(lambda mod, inp, out: signs.append(torch.sign(inp[0].detach()).to(torch.int8)))
               for m in model.modules() if isinstance(m, nn.ReLU)]
    if not handles:
        raise ValueError("model has no nn.ReLU module: there is no activation pattern")
    try:
        with torch.no_grad():
            functional_call(model, {**frozen, **trainable}, (X,))
    finally:
        for h in handles:
            h.remove()
    return torch.cat([s.reshape(X.shape[0], -1) for s in signs], dim=1)


def _linear_relu_layers(model: nn.Module, dtype=torch.float64) -> list[tuple[torch.Tensor, torch.Tensor] | None]:
    """[(W, b), None, (W, b), ...] for an nn.Sequential of nn.Linear and nn.ReLU (None = a ReLU)."""
    if not isinstance(model, nn.Sequential):
        raise TypeError(f"model must be an nn.Sequential of nn.Linear and nn.ReLU layers, got {type(model).__name__}")
    layers: list = []
    for i, m in enumerate(model):
        if isinstance(m, nn.Linear):
            W = m.weight.detach().to(dtype)
            b = m.bias.detach().to(dtype) if m.bias is not None else torch.zeros(W.shape[0], dtype=dtype)
            if not (torch.isfinite(W).all() and torch.isfinite(b).all()):
                raise ValueError(f"layer {i} has NaN or inf parameters")
            layers.append((W, b))
        elif isinstance(m, nn.ReLU):
            if not layers or layers[-1] is None:
                raise ValueError(f"layer {i}: a ReLU must follow an nn.Linear")
            layers.append(None)
        elif not isinstance(m, (nn.Identity, nn.Flatten)):
            raise ValueError(f"layer {i} is {type(m).__name__}; only nn.Linear and nn.ReLU are supported")
    if not layers or layers[-1] is None:
        raise ValueError("model must end with an nn.Linear (logits)")
    return layers


@dataclass(frozen=True)
class AffinePiece:
    """f(x') = A x' + b for every x' in the activation region of x (x strict: inside it).

    A = W_L Δ_{L−1} W_{L−1} ⋯ Δ_1 W_1 and b from the weights and the pattern alone (no autograd);
    Δ_l = diag(1[z_l > 0])."""

    A: torch.Tensor
    b: torch.Tensor
    pattern: ActivationPattern

    def __repr__(self) -> str:
        out, n = self.A.shape
        return (f"AffinePiece(f(x) = A x + b, A {out}x{n}, {self.A.dtype}, ‖A‖_F={float(self.A.norm()):.4g}, "
                f"‖b‖={float(self.b.norm()):.4g}, region with active units {self.pattern.active_units})")


def affine_piece(model: nn.Module, x: torch.Tensor) -> AffinePiece:
    """The affine map of the activation region of x (one input, no batch dimension) of an
    nn.Sequential of nn.Linear and nn.ReLU layers."""
    layers = _linear_relu_layers(model)
    x = _check_input(x).to(torch.float64)
    if x.dim() != 1 or x.numel() != layers[0][0].shape[1]:
        raise ValueError(f"x must be a vector of {layers[0][0].shape[1]} inputs, got shape {tuple(x.shape)}")
    pattern = activation_pattern(model, x)
    A = torch.eye(x.numel(), dtype=torch.float64)
    b = torch.zeros(x.numel(), dtype=torch.float64)
    relu = iter(pattern.relu_signs)
    for layer in layers:
        if layer is None:
            mask = (next(relu) > 0).to(torch.float64)
            A, b = mask[:, None] * A, mask * b
        else:
            W, c = layer
            A, b = W @ A, W @ b + c
    return AffinePiece(A=A, b=b, pattern=pattern)


def _slice(origin, u, v) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    o, u, v = (_check_input(t, name).to(torch.float64) for t, name in ((origin, "origin"), (u, "u"), (v, "v")))
    if not (o.shape == u.shape == v.shape):
        raise ValueError(f"origin, u and v must have one shape, got {tuple(o.shape)}, {tuple(u.shape)}, {tuple(v.shape)}")
    if torch.linalg.matrix_rank(torch.stack([u.reshape(-1), v.reshape(-1)])) < 2:
        raise ValueError("u and v must be linearly independent: they span the 2-D slice")
    return o, u, v


def _window(half_width, resolution=None) -> None:
    if isinstance(half_width, bool) or not isinstance(half_width, (int, float)) or not half_width > 0 \
            or not math.isfinite(half_width):
        raise ValueError(f"half_width must be a positive finite number, got {half_width!r}")
    if resolution is not None and (isinstance(resolution, bool) or not isinstance(resolution, int) or resolution < 2):
        raise ValueError(f"resolution must be an int >= 2, got {resolution!r}")


@dataclass(frozen=True)
class SliceGrid:
    """Activation patterns at the centres of a resolution×resolution grid on the slice
    x(s, t) = o + s·u + t·v, |s|, |t| < half_width.

    ``labels[i, j]`` numbers the distinct pattern at (s, t) = (coords[j], coords[i]) (row i: t,
    column j: s); ``patterns[label]`` is that sign vector. ``components``: 4-connected components
    of equal label (equal to ``count`` when every region is connected and resolved);
    ``non_strict``: grid points with a pre-activation exactly 0."""

    labels: np.ndarray
    patterns: np.ndarray
    coords: np.ndarray
    components: int
    non_strict: int

    @property
    def count(self) -> int:
        return int(self.patterns.shape[0])

    def __repr__(self) -> str:
        r = self.labels.shape[0]
        h = float(self.coords[-1] + 0.5 * (self.coords[1] - self.coords[0])) if r > 1 else float("nan")
        return (f"SliceGrid({r}x{r} grid on |s|, |t| < {h:.3g}, {self.count} patterns of "
                f"{self.patterns.shape[1]} units, {self.components} components, {self.non_strict} non-strict points)")


def slice_regions_grid(model: nn.Module, origin: torch.Tensor, u: torch.Tensor, v: torch.Tensor,
                       half_width: float = 1.0, resolution: int = 200) -> SliceGrid:
    """Regions of ``model`` on a 2-D slice of input space, counted on a grid (see :class:`SliceGrid`)."""
    from scipy import ndimage

    o, u, v = _slice(origin, u, v)
    _window(half_width, resolution)
    edges = np.linspace(-half_width, half_width, resolution + 1)
    coords = 0.5 * (edges[1:] + edges[:-1])
    c = torch.from_numpy(coords)
    T, S = torch.meshgrid(c, c, indexing="ij")
    X = o + S.reshape(-1, *([1] * o.dim())) * u + T.reshape(-1, *([1] * o.dim())) * v
    signs = activation_signs(model, X).numpy()
    patterns, inverse = np.unique(signs, axis=0, return_inverse=True)
    labels = inverse.reshape(resolution, resolution)
    components = sum(int(ndimage.label(labels == k)[1]) for k in range(patterns.shape[0]))
    return SliceGrid(labels=labels, patterns=patterns, coords=coords, components=components,
                     non_strict=int((signs == 0).any(axis=1).sum()))


@dataclass(frozen=True)
class SlicePolygon:
    """One region on the slice: a convex polygon (vertices (s, t), counter-clockwise), its sign
    vector (every ReLU unit, ±1), and the logits on it, f = slope·(s, t) + offset."""

    vertices: np.ndarray
    signs: tuple[int, ...]
    slope: np.ndarray
    offset: np.ndarray

    @property
    def area(self) -> float:
        s, t = self.vertices[:, 0], self.vertices[:, 1]
        return 0.5 * abs(float(np.dot(s, np.roll(t, -1)) - np.dot(t, np.roll(s, -1))))

    def __repr__(self) -> str:
        c = self.centroid
        active = sum(1 for b in self.signs if b > 0)
        return (f"SlicePolygon({len(self.vertices)} vertices, area={self.area:.4g}, centroid=({c[0]:.3g}, {c[1]:.3g}), "
                f"{active}/{len(self.signs)} units active, {self.slope.shape[0]} outputs affine in (s, t))")

    @property
    def centroid(self) -> np.ndarray:
        s, t = self.vertices[:, 0], self.vertices[:, 1]
        cross = s * np.roll(t, -1) - np.roll(s, -1) * t
        a = 0.5 * cross.sum()
        return np.array([((s + np.roll(s, -1)) * cross).sum(), ((t + np.roll(t, -1)) * cross).sum()]) / (6 * a)


def _split(poly: np.ndarray, line: np.ndarray, tol: float) -> tuple[np.ndarray | None, np.ndarray | None]:
    """The parts of a convex polygon where a·s + b·t + c > 0 and < 0 (None when empty)."""
    val = poly @ line[:2] + line[2]
    val = np.where(np.abs(val) <= tol, 0.0, val)
    if (val >= 0).all():
        return poly, None
    if (val <= 0).all():
        return None, poly
    pos, neg = [], []
    n = len(poly)
    for i in range(n):
        p, q, a, b = poly[i], poly[(i + 1) % n], val[i], val[(i + 1) % n]
        if a >= 0:
            pos.append(p)
        if a <= 0:
            neg.append(p)
        if a * b < 0:
            cut = p + (a / (a - b)) * (q - p)
            pos.append(cut)
            neg.append(cut)
    return np.array(pos), np.array(neg)


def _area(poly: np.ndarray) -> float:
    s, t = poly[:, 0], poly[:, 1]
    return 0.5 * abs(float(np.dot(s, np.roll(t, -1)) - np.dot(t, np.roll(s, -1))))


def slice_regions_exact(model: nn.Module, origin: torch.Tensor, u: torch.Tensor, v: torch.Tensor,
                        half_width: float = 1.0) -> tuple[SlicePolygon, ...]:
    """Every region of an nn.Sequential of nn.Linear/nn.ReLU layers on the slice window
    |s|, |t| ≤ half_width, as polygons: the window is split by each first-layer unit's zero line;
    on each piece the next layer's pre-activations are affine in (s, t), and the pieces are split
    by their zero lines in turn. Pieces of area below 1e-12 of the window are dropped (slivers
    from rounding at a vertex where lines meet)."""
    layers = _linear_relu_layers(model)
    o, u, v = _slice(origin, u, v)
    _window(half_width)
    if o.dim() != 1 or o.numel() != layers[0][0].shape[1]:
        raise ValueError(f"origin, u, v must be vectors of {layers[0][0].shape[1]} inputs, got shape {tuple(o.shape)}")
    h = float(half_width)
    window = np.array([[-h, -h], [h, -h], [h, h], [-h, h]])
    min_area = 1e-12 * (2 * h) ** 2
    # M (units × 3): the current pre-activations as functions of (s, t, 1)
    M0 = torch.stack([u, v, o], dim=1).numpy()
    cells = [(window, M0, ())]
    for layer in layers:
        if layer is not None:
            W, c = (t.numpy() for t in layer)
            cells = [(poly, np.concatenate([W @ M[:, :2], (W @ M[:, 2] + c)[:, None]], axis=1), signs)
                     for poly, M, signs in cells]
            continue
        out = []
        for poly, M, signs in cells:
            pieces = [(poly, ())]
            for j in range(M.shape[0]):
                line = M[j]
                tol = 1e-12 * (abs(line[0]) * h + abs(line[1]) * h + abs(line[2]))
                nxt = []
                for piece, bits in pieces:
                    pos, neg = _split(piece, line, tol)
                    nxt += [(part, bits + (sgn,)) for part, sgn in ((pos, 1), (neg, -1))
                            if part is not None and len(part) >= 3 and _area(part) > min_area]
                pieces = nxt
            for piece, bits in pieces:
                mask = (np.array(bits) > 0).astype(float)[:, None]
                out.append((piece, mask * M, signs + bits))
        cells = out
    regions = []
    for poly, M, signs in cells:
        s, t = poly[:, 0], poly[:, 1]
        if np.dot(s, np.roll(t, -1)) - np.dot(t, np.roll(s, -1)) < 0:
            poly = poly[::-1]
        regions.append(SlicePolygon(vertices=poly, signs=tuple(int(b) for b in signs), slope=M[:, :2], offset=M[:, 2]))
    return tuple(regions)


@dataclass(frozen=True)
class LineArrangement:
    """Regions cut from the open square |s|, |t| < half_width by lines a·s + b·t + c = 0 in
    general position: 1 + (lines meeting the square) + (crossings inside the square); each chord
    adds one region plus one for every earlier chord it crosses (Euler's formula for the plane)."""

    regions: int
    chords: int
    crossings: int
    general_position: bool


def line_arrangement_regions(lines, half_width: float = 1.0) -> LineArrangement:
    """Count the regions of a line arrangement in the square window (see :class:`LineArrangement`).
    ``general_position`` is False when two crossings inside coincide (three lines through one
    point) or two lines are parallel and both meet the window; the count then overstates."""
    L = np.asarray(lines.detach().cpu().numpy() if isinstance(lines, torch.Tensor) else lines, dtype=float)
    if L.ndim != 2 or L.shape[1] != 3 or L.shape[0] == 0:
        raise ValueError(f"lines must be an m×3 array of (a, b, c) with a·s + b·t + c = 0, got shape {L.shape}")
    if not np.isfinite(L).all():
        raise ValueError("lines contain NaN or inf")
    if (np.abs(L[:, :2]).max(axis=1) == 0).any():
        raise ValueError("a line needs (a, b) != (0, 0)")
    _window(half_width)
    h = float(half_width)
    corners = np.array([[-h, -h, 1], [h, -h, 1], [h, h, 1], [-h, h, 1]])
    vals = corners @ L.T  # 4 × m
    crossing = (vals.max(axis=0) > 0) & (vals.min(axis=0) < 0)
    inside = [i for i in range(L.shape[0]) if crossing[i]]
    points, general = [], True
    for i, j in itertools.combinations(inside, 2):
        A = L[[i, j], :2]
        det = np.linalg.det(A)
        if abs(det) <= 1e-12 * np.abs(A).max() ** 2:
            general = False
            continue
        p = np.linalg.solve(A, -L[[i, j], 2])
        if (np.abs(p) < h).all():
            points.append(p)
    if points:
        P = np.array(points)
        dist = np.sqrt(((P[:, None, :] - P[None, :, :]) ** 2).sum(-1)) + np.eye(len(P)) * h
        general = general and bool(dist.min() > 1e-9 * h)
    return LineArrangement(regions=1 + len(inside) + len(points), chords=len(inside), crossings=len(points),
                           general_position=general)


def hyperplane_arrangement_regions(W, b) -> tuple[tuple[int, ...], ...]:
    """The sign vectors of the open regions of the arrangement {x ∈ ℝⁿ: w_jᵀx + b_j = 0} (the
    activation regions of a one-hidden-layer ReLU layer x ↦ relu(Wx + b) on all of ℝⁿ), each
    found by a linear program: s ∈ {±1}^m is a region when max t subject to s_j(w_jᵀx + b_j) ≥ t,
    t ≤ 1 has t > 0. Sign vectors are grown one hyperplane at a time, so only feasible prefixes
    are extended (at most 2·m·regions programs). At most 16 hyperplanes."""
    from scipy.optimize import linprog

    W = np.asarray(W.detach().cpu().numpy() if isinstance(W, torch.Tensor) else W, dtype=float)
    b = np.asarray(b.detach().cpu().numpy() if isinstance(b, torch.Tensor) else b, dtype=float)
    if W.ndim != 2 or W.shape[0] == 0 or W.shape[1] == 0:
        raise ValueError(f"W must be an m×n matrix, got shape {W.shape}")
    if b.shape != (W.shape[0],):
        raise ValueError(f"b must have shape ({W.shape[0]},), got {b.shape}")
    if not (np.isfinite(W).all() and np.isfinite(b).all()):
        raise ValueError("W and b must be finite")
    if W.shape[0] > 16:
        raise ValueError(f"at most 16 hyperplanes (2^m sign vectors), got m = {W.shape[0]}")
    if (np.abs(W).max(axis=1) == 0).any():
        raise ValueError("a row of W is zero: that unit has no hyperplane")
    m, n = W.shape
    scale = np.abs(W).sum(axis=1) + np.abs(b)

    def feasible(signs: tuple[int, ...]) -> bool:
        k = len(signs)
        s = np.array(signs, dtype=float)[:, None]
        Wn, bn = W[:k] / scale[:k, None], b[:k] / scale[:k]
        # variables (x, t); minimise −t; −s(Wx + b) + t ≤ 0
        A = np.concatenate([-s * Wn, np.ones((k, 1))], axis=1)
        res = linprog(np.r_[np.zeros(n), -1.0], A_ub=A, b_ub=(s[:, 0] * bn),
                      bounds=[(None, None)] * n + [(None, 1.0)], method="highs")
        return res.status == 0 and -res.fun > 1e-9

    prefixes: list[tuple[int, ...]] = [()]
    for _ in range(m):
        prefixes = [p + (sgn,) for p in prefixes for sgn in (1, -1) if feasible(p + (sgn,))]
    return tuple(prefixes)
