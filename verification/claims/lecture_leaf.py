"""Claims of the lecture “The Geometry of Deep Learning. Lecture 2: Deep Learning” on the data foliation: "Result (F.-Grementieri, 2021)", the
Remark after it, and the slides "Data manifold", "Moving on the data leaf: MNIST", "Moving away
from the data leaf: MNIST".

Why a ReLU network gives an involutive data distribution. On one linear region the logits are
affine, s(x) = Ax + b, so the score fields are V_i(x) = Aᵀ(e_i − p(x)) and span Aᵀ(𝟙^⊥), the same
subspace at every point of the region: the distribution is *locally constant*. Its brackets are
[V_i, V_j] = DV_j·V_i − DV_i·V_j = G(V_j − V_i) (DV_j = −AᵀΣ(p)A = −G), and G maps into Aᵀ(𝟙^⊥) again.
With a smooth activation, A = J_x(x) varies with x and the span turns; 𝒟_x is spanned by the
gradients of the logit differences s_i − s_C, and the span of k ≥ 2 gradients is in general not
involutive (e.g. ∇x = e₁ and ∇(y + xz) = (z, 1, x) in ℝ³ have bracket e₃, outside their span).

Networks (float64, seeded): MLPs 64-32^L-10 with L = 1, 2, 3 hidden layers and ReLU, tanh, GELU or
softplus; LeNet-style CNNs on 8×8 inputs (ReLU, tanh); the digits-trained ReLU MLP and LeNet of
:mod:`verification.claims.lecture_fisher`; the linear softmax model s = Wx + b. Inputs: held-out
digits and Gaussian draws.

Tolerances. ROUNDING = 1e3·eps ≈ 2.2e-13 relative to the scale of the compared terms: each entry
of a bracket term is a forward-over-reverse pass through ≤ 4 layers of ≤ 64-wide sums, whose
rounding the ReLU networks show at ≤ 2e-15 (observed), so 1e3·eps leaves a margin of ~100. The
score fields add one loss of accuracy: the bracket terms pass through the softmax Jacobian
diag(p) − ppᵀ, whose entries at the predicted class, of size 1 − p_max, are formed by cancellation
with an absolute error of eps. At a confident prediction the terms therefore carry a relative
rounding of eps/(1 − p_max) (measured on a digits-trained MLP: defects up to 8e-9 at
1 − p_max = 2e-9, tracking eps/(1 − p_max) with correlation 0.9 in the logs), so involutivity is
decided on defect·(1 − p_max) ≤ ROUNDING. A defect of FAR = 1e-6 or more at 1 − p_max ≥ 0.1 is
4e9·eps, which no rounding explains.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import sympy as sp
import torch
from torch import nn
from torch.func import hessian

from geomath.numeric import data_matrix, data_matrix_factor, digits, lenet, relu_mlp
from geomath.numeric.brackets import data_fields, distribution_basis, involutivity_defect, weight_fields
from geomath.numeric.leaf import leaf_path
from geomath.numeric.regions import activation_pattern
from verification.claims.lecture_fisher import _attach, _sin_largest_angle, _src, _zoo
from verification.evidence import fact, numeric_close, symbolic_identity
from verification.figures import Histogram, ImageStrip, Table
from verification.model import Claim, Evidence, Finding

EPS = float(torch.finfo(torch.float64).eps)
ROUNDING = 1e3 * EPS
ROUNDING_REASON = ("float64: a bracket term is one forward-over-reverse pass through <= 4 layers; the ReLU "
                   "networks show rounding <= 2e-15 relative to the terms, 1e3·eps leaves a margin of ~100")
FAR = 1e-6
FAR_REASON = "a defect of 1e-6 is 4e9·eps relative to the bracket terms: not rounding"
C = 10
IMAGE = (1, 8, 8)


# -- networks and inputs ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Net:
    label: str
    activation: str
    layers: str  # hidden layers, as a table cell
    model: nn.Module
    shape: tuple[int, ...]  # one input's shape


@lru_cache(maxsize=2)
def _inputs(seed: int) -> tuple[torch.Tensor, ...]:
    """Ten held-out digits (flat, 64) and two standard Gaussian draws."""
    Xt, _ = digits("test", seed=seed, flatten=True)
    pick = np.random.default_rng(seed).choice(Xt.shape[0], size=10, replace=False)
    gauss = torch.randn(2, 64, generator=torch.Generator().manual_seed(seed + 1), dtype=torch.float64)
    return tuple(Xt[i] for i in sorted(pick)) + tuple(gauss)


@lru_cache(maxsize=2)
def _data_nets(seed: int) -> tuple[Net, ...]:
    nets = [Net(f"MLP 64-{'-'.join(['32'] * L)}-10, random", act, str(L),
                relu_mlp(64, (32,) * L, C, activation=act, seed=seed), (64,))
            for act in ("relu", "tanh", "gelu", "softplus") for L in (1, 2, 3)]
    for act in ("relu", "tanh"):
        nets.append(Net("LeNet 8x8 (4, 8 channels), random", act, "2 conv + 1",
                        lenet(1, 8, C, channels=(4, 8), hidden=16, activation=act, seed=seed), IMAGE))
    zoo = _zoo(seed)
    nets.append(Net("MLP 64-12-12-10, trained on digits", "relu", "2", zoo[1].model, (64,)))
    nets.append(Net("LeNet 8x8, trained on digits", "relu", "2 conv + 1", zoo[4].model, IMAGE))
    return tuple(nets)


@lru_cache(maxsize=2)
def _weight_nets(seed: int) -> tuple[Net, ...]:
    zoo = _zoo(seed)
    return (
        Net("linear softmax s = Wx + b", "none", "0", relu_mlp(64, (), C, seed=seed), (64,)),
        Net("MLP 64-32-10, random", "relu", "1", relu_mlp(64, (32,), C, seed=seed), (64,)),
        Net("MLP 64-32-32-10, random", "relu", "2", relu_mlp(64, (32, 32), C, seed=seed), (64,)),
        Net("LeNet 8x8 (4, 8 channels), random", "relu", "2 conv + 1",
            lenet(1, 8, C, channels=(4, 8), hidden=16, seed=seed), IMAGE),
        Net("MLP 64-12-12-10, trained on digits", "relu", "2", zoo[1].model, (64,)),
        Net("LeNet 8x8, trained on digits", "relu", "2 conv + 1", zoo[4].model, IMAGE),
    )


@dataclass(frozen=True)
class Row:
    space: str  # "data" or "weights" (one input) or "weights, batch of 3"
    net: Net
    defects: tuple[float, ...]
    ranks: tuple[int, ...]
    dim: int
    margins: tuple[float, ...]  # 1 − p_max at each point (the smallest over a batch)

    @property
    def scaled(self) -> tuple[float, ...]:
        """defect·(1 − p_max): the defect in units of its rounding floor (see ROUNDING in the module docstring)."""
        return tuple(d * m for d, m in zip(self.defects, self.margins))

    def cells(self) -> tuple:
        d = np.array(self.defects)
        return (self.space, self.net.label, self.net.activation, self.net.layers, len(d),
                f"{min(self.ranks)}..{max(self.ranks)} of {self.dim}", float(min(self.margins)),
                float(d.min()), float(np.median(d)), float(d.max()))


@lru_cache(maxsize=2)
def _survey(seed: int) -> tuple[Row, ...]:
    """The involutivity defect of 𝒟_x at every input for every data-space network, and of 𝒟′_w at
    the model's weights for every weight-space network (one input at a time, and a batch of 3)."""
    xs = _inputs(seed)
    rows = []
    for net in _data_nets(seed):
        F = data_fields(net.model, net.shape)
        res = [involutivity_defect(F, x) for x in xs]
        margins = tuple(1.0 - float(F.potentials(x).exp().max()) for x in xs)
        rows.append(Row("data", net, tuple(r.defect for r in res), tuple(r.rank for r in res), F.dim, margins))
    for net in _weight_nets(seed):
        res, margins = [], []
        for x in xs[:4]:
            W = weight_fields(net.model, x.reshape(net.shape))
            res.append(involutivity_defect(W, W.base_point))
            margins.append(1.0 - float(W.potentials(W.base_point).exp().max()))
        rows.append(Row("weights", net, tuple(r.defect for r in res), tuple(r.rank for r in res), W.dim,
                        tuple(margins)))
        W = weight_fields(net.model, torch.stack(xs[:3]).reshape(3, *net.shape), batched=True)
        r = involutivity_defect(W, W.base_point)
        margin = 1.0 - float(W.potentials(W.base_point).exp().reshape(3, C).max(dim=1).values.max())
        rows.append(Row("weights, batch of 3", net, (r.defect,), (r.rank,), W.dim, (margin,)))
    return tuple(rows)


def _groups(seed: int) -> dict[str, list[Row]]:
    rows = _survey(seed)
    return {
        "ReLU data": [r for r in rows if r.space == "data" and r.net.activation == "relu"],
        "smooth data": [r for r in rows if r.space == "data" and r.net.activation != "relu"],
        "ReLU weights (hidden layers)": [r for r in rows if r.space != "data" and r.net.layers != "0"],
        "linear weights": [r for r in rows if r.space != "data" and r.net.layers == "0"],
    }


def _defects(rows: list[Row]) -> list[float]:
    return [d for r in rows for d in r.defects]


def _scaled(rows: list[Row]) -> list[float]:
    return [d for r in rows for d in r.scaled]


def _figures(seed: int) -> tuple:
    rows = _survey(seed)
    table = Table("Involutivity defect max_ij |P⊥[X_i, X_j]| / (|DX_j X_i| + |DX_i X_j|) per network",
                  ("space", "network", "activation", "hidden layers", "points", "rank", "min 1 − p_max", "min",
                   "median", "max"),
                  tuple(r.cells() for r in rows))
    floor = 1e-18
    g = _groups(seed)
    hist = Histogram("log10 involutivity defect", "log10(defect)",
                     tuple((label, [math.log10(max(d, floor)) for d in _defects(g[label])])
                           for label in ("ReLU data", "smooth data", "ReLU weights (hidden layers)")),
                     bins=30, note=f"a defect of exactly 0 is drawn at log10 = {math.log10(floor):.0f}")
    return (table, hist)


# -- G-involutive-relu --------------------------------------------------------------------------------

def _involutive_relu(ctx) -> list[Evidence]:
    g = _groups(ctx.seed)
    relu = g["ReLU data"]
    worst = max(_scaled(relu))
    nontrivial = {r.net.label: sum(1 < k < r.dim for k in r.ranks) for r in relu}
    out = [
        numeric_close(worst, 0.0, "largest involutivity defect × (1 − p_max) of x ↦ span_i ∇_x log p_i over the ReLU networks "
                      "(MLPs with 1-3 hidden layers, LeNet; random and digits-trained) and 12 inputs each (10 held-out digits, 2 Gaussian draws)",
                      tol=ROUNDING, reason=ROUNDING_REASON,
                      details={r.net.label + f" (L={r.net.layers})": {"max defect": max(r.defects), "ranks": r.ranks,
                                                                      "min 1 − p_max": min(r.margins)}
                               for r in relu}),
        fact(all(v >= len(r.ranks) // 2 for v, r in zip(nontrivial.values(), relu)),
             "the test is not vacuous: at least half the points of every ReLU network have 1 < rank G < n "
             "(rank 1 or n would make any distribution involutive)", kind="numeric",
             details={"points with 1 < rank < n": nontrivial}),
    ]
    return _attach(out, _figures(ctx.seed))


def _rank_generic(ctx) -> list[Evidence]:
    """rank 𝒟_x = min(C − 1, fewest active units in a hidden layer) at each ReLU MLP point."""
    mismatches, seen = [], []
    for r in _groups(ctx.seed)["ReLU data"]:
        if r.net.shape != (64,):
            continue
        for x, k in zip(_inputs(ctx.seed), r.ranks):
            bound = min([C - 1, *activation_pattern(r.net.model, x).active_units])
            seen.append((r.net.label, k, bound))
            if k != bound:
                mismatches.append((r.net.label, k, bound))
    return [fact(not mismatches, "rank of 𝒟_x = min(C − 1, fewest active units in any hidden layer) at every "
                 "ReLU MLP point: C − 1 generically, lower exactly where a layer has fewer active units",
                 kind="numeric", details={"mismatches": mismatches, "(network, rank, bound) first 12": seen[:12],
                                          "points": len(seen)})]


def _closed_form_bracket(ctx) -> list[Evidence]:
    """[V_i, V_j] = G(V_j − V_i) on a linear region, against the jvp brackets."""
    out = []
    for relu in (True, False):
        worst, worst_label = 0.0, ""
        for net in _data_nets(ctx.seed):
            if (net.activation == "relu") != relu or net.layers not in ("1", "2", "2 conv + 1"):
                continue
            F = data_fields(net.model, net.shape)
            for x in _inputs(ctx.seed)[:4]:
                res = involutivity_defect(F, x)
                V = F.stacked(x)
                G = data_matrix(net.model, x.reshape(net.shape))
                closed = (V @ G).unsqueeze(0) - (V @ G).unsqueeze(1)  # [i, j] = G V_j − G V_i
                # both sides carry errors of eps·‖G‖‖V‖; ‖GV_i‖ itself can be far smaller (confident p)
                norms = V.norm(dim=1)
                scale = torch.linalg.matrix_norm(G, ord=2) * (norms.unsqueeze(0) + norms.unsqueeze(1))
                err = float(((res.brackets - closed).norm(dim=-1) / scale.clamp_min(1e-300)).max())
                if err > worst:
                    worst, worst_label = err, net.label
        compared = ("jvp brackets [V_i, V_j] = G(V_j − V_i) (the closed form on a linear region, G from J_xᵀΣJ_x), "
                    "relative to ‖G‖₂(‖V_i‖ + ‖V_j‖) "
                    + ("on the ReLU networks" if relu else "on the smooth networks (tanh, GELU, softplus): the closed "
                       "form needs affine logits"))
        if relu:
            out.append(numeric_close(worst, 0.0, compared, tol=ROUNDING, reason=ROUNDING_REASON,
                                     details={"worst network": worst_label}))
        else:
            out.append(fact(worst > FAR, compared + " — it fails there", kind="numeric", reason=FAR_REASON,
                            details={"largest relative difference": worst, "network": worst_label}))
    return out


def _hessians_equal_G(ctx) -> list[Evidence]:
    """∇²_x(−log p_y) = G for every label y on a linear region (the logit Hessian vanishes)."""
    out = []
    for act in ("relu", "tanh"):
        net = next(n for n in _data_nets(ctx.seed) if n.activation == act and n.layers == "2")
        F = data_fields(net.model, net.shape)
        worst = 0.0
        for x in _inputs(ctx.seed)[:3]:
            G = data_matrix(net.model, x)
            H = hessian(lambda z: -F.potentials(z))(x)  # (C, n, n)
            worst = max(worst, float((H - G).abs().max()) / float(G.abs().max()))
        if act == "relu":
            out.append(numeric_close(worst, 0.0, "∇²_x(−log p_y) = G(x, w) for every label y (ReLU MLP 64-32-32-10, "
                                     "3 inputs)", tol=ROUNDING, reason=ROUNDING_REASON))
        else:
            out.append(fact(worst > FAR, "∇²_x(−log p_y) differs from G for a tanh MLP (the logit Hessian term "
                            "Σ_k (p_k − δ_ky)∇²s_k is not zero)", kind="numeric", reason=FAR_REASON,
                            details={"largest |H_y − G| / max|G|": worst}))
    return out


def _symbolic_bracket(ctx) -> list[Evidence]:
    """On s = Ax + b, (C, n) ∈ {(3, 2), (3, 3), (4, 2)}: [V_i, V_j] = G(V_j − V_i) exactly.

    Everything is a rational function of u_k = e^{s_k} > 0; the only hand step is the chain rule
    ∂u_k/∂x_j = u_k A_kj. V_i = ∇_x log p_i and DV_j are differentiated by SymPy; G is the printed
    J_xᵀ(diag p − ppᵀ)J_x with J_x = A."""
    out = []
    for Cs, n in ((3, 2), (3, 3), (4, 2)):
        A = sp.Matrix(Cs, n, lambda i, j: sp.Symbol(f"a_{i}{j}", real=True))
        u = sp.symbols(f"u0:{Cs}", positive=True)

        def d_dx(expr: sp.Expr) -> sp.Matrix:
            return sp.Matrix([sum(sp.diff(expr, u[k]) * u[k] * A[k, j] for k in range(Cs)) for j in range(n)])

        Z = sum(u)
        p = sp.Matrix([uk / Z for uk in u])
        V = [d_dx(sp.log(u[i]) - sp.log(Z)) for i in range(Cs)]
        D = [sp.Matrix.hstack(*[d_dx(V[j][r]) for r in range(n)]).T for j in range(Cs)]  # D[j][r, c] = ∂V_j,r/∂x_c
        G = A.T * (sp.diag(*p) - p * p.T) * A
        lhs, rhs = [], []
        for i in range(Cs):
            for j in range(i + 1, Cs):
                lhs.append(D[j] * V[i] - D[i] * V[j])
                rhs.append(G * (V[j] - V[i]))
        out.append(symbolic_identity(lhs, rhs, f"[V_i, V_j] = G(V_j − V_i) for affine logits s = Ax + b, C = {Cs}, "
                                     f"n = {n}, symbolic A (e^{{s_k}} = u_k > 0; ∂u_k/∂x_j = u_k A_kj)",
                                     simplifier=lambda e: sp.cancel(sp.together(e))))
    return out


@lru_cache(maxsize=2)
def _boundary_jumps(seed: int) -> dict:
    """Across each first-layer ReLU boundary met by a line through a digit: the projector onto 𝒟
    and G just before and just after (δ = 1e-7 either side), ReLU MLP 64-32-32-10."""
    net = next(n for n in _data_nets(seed) if n.activation == "relu" and n.layers == "2")
    model = net.model
    F = data_fields(model)
    x = _inputs(seed)[0]
    u = torch.randn(64, generator=torch.Generator().manual_seed(seed + 7), dtype=torch.float64)
    u = u / u.norm()
    W, b = model[0].weight.detach(), model[0].bias.detach()
    ts = (-(W @ x + b) / (W @ u)).tolist()
    ts = sorted(t for t in ts if abs(t) < 5)
    jumps_P, jumps_G, used = [], [], 0
    for t in ts:
        lo, hi = x + (t - 1e-7) * u, x + (t + 1e-7) * u
        a, c = activation_pattern(model, lo), activation_pattern(model, hi)
        changed = sum(int((s1 != s2).sum()) for s1, s2 in zip(a.relu_signs, c.relu_signs))
        if not (a.strict and c.strict) or changed != 1:
            continue
        used += 1
        Q1, Q2 = distribution_basis(F.stacked(lo))[0], distribution_basis(F.stacked(hi))[0]
        jumps_P.append(float(torch.linalg.matrix_norm(Q1 @ Q1.T - Q2 @ Q2.T, ord=2)))
        G1, G2 = data_matrix(model, lo), data_matrix(model, hi)
        jumps_G.append(float((G1 - G2).abs().max() / G1.abs().max()))
    return {"crossings": used, "projector jumps": jumps_P, "G jumps": jumps_G}


def _distribution_continuous(ctx) -> list[Evidence]:
    j = _boundary_jumps(ctx.seed)
    return [fact(j["crossings"] > 0 and max(j["projector jumps"]) <= ROUNDING,
                 "stronger reading: x ↦ 𝒟_x is continuous (hence a smooth distribution) on all of ℝⁿ — measured by "
                 "‖P(x + δu) − P(x − δu)‖₂ across single-unit activation boundaries, δ = 1e-7",
                 kind="numeric", role="remark", reason=ROUNDING_REASON,
                 details={"crossings": j["crossings"], "largest projector jump": max(j["projector jumps"], default=0),
                          "median projector jump": float(np.median(j["projector jumps"])) if j["projector jumps"] else 0}
                 )]


def _smooth_caveat(ctx) -> list[Evidence]:
    """Remark (the name is historical): non-ReLU activations are outside the Result's ReLU hypothesis."""
    smooth = _groups(ctx.seed)["smooth data"]
    per_act = {}
    for r in smooth:
        per_act.setdefault(r.net.activation, []).extend(r.defects)
    return [fact(max(_scaled(smooth)) <= ROUNDING,
                 "stronger reading without the ReLU hypothesis: 𝒟_x involutive for tanh, GELU, softplus networks too",
                 kind="numeric", role="remark", reason=ROUNDING_REASON,
                 details={act: {"min": min(v), "median": float(np.median(v)), "max": max(v)}
                          for act, v in per_act.items()})]


# -- data-leaf-frobenius ----------------------------------------------------------------------------------

def _rank_bound(ctx) -> list[Evidence]:
    ranks = [(r.net.label, r.net.activation, k) for r in _survey(ctx.seed) if r.space == "data" for k in r.ranks]
    over = [t for t in ranks if t[2] > C - 1]
    return [fact(not over, "leaf dimension rank 𝒟_x ≤ C − 1 = 9 at every point of every data-space network",
                 kind="numeric", details={"points": len(ranks), "ranks seen": sorted({k for *_, k in ranks}),
                                          "violations": over,
                                          "slide": "Properties of the Fisher matrix F and local data matrix G",
                                          "printed": ["1"]})]  # the 1 of "rank at most C − 1"


@lru_cache(maxsize=2)
def _in_region_path(seed: int):
    """The horizontal path from a Gaussian input toward a digit, cut where it leaves the first linear region
    (held-out digits have a zero background, which puts them on max-pool ties of the LeNet);
    the trained ReLU MLP and the trained LeNet."""
    out = []
    xs = _inputs(seed)
    for net in _data_nets(seed)[-2:]:
        path = leaf_path(net.model, xs[-2], xs[0], step_size=1e-3, steps=20, input_shape=net.shape)
        base = activation_pattern(net.model, path.points[0].reshape(net.shape))
        k = 0
        while k + 1 < len(path.points) and base.same_region(
                activation_pattern(net.model, path.points[k + 1].reshape(net.shape))):
            k += 1
        out.append((net, path, k))
    return out


def _leaf_is_affine(ctx) -> list[Evidence]:
    out = []
    F_all = []
    for net, path, k in _in_region_path(ctx.seed):
        F = data_fields(net.model, net.shape)
        x0 = path.points[0]
        Q0 = distribution_basis(F.stacked(x0))[0]
        off, angles = 0.0, 0.0
        for xk in path.points[1:k + 1]:
            step = xk - x0
            # x_k − x₀ carries the rounding of the points themselves (eps·‖x₀‖ per step), so the offset is
            # measured relative to ‖x₀‖ + ‖x_k − x₀‖; a curved leaf would leave it by κ‖x_k − x₀‖² ≫ that
            off = max(off, float((step - Q0 @ (Q0.T @ step)).norm() / (x0.norm() + step.norm())))
            angles = max(angles, _sin_largest_angle(Q0, distribution_basis(F.stacked(xk))[0]))
        F_all.append((net.label, k, off, angles))
    worst = max(max(o, a) for _, _, o, a in F_all)
    out.append(numeric_close(worst, 0.0, "inside one linear region the horizontal path from x₀ stays in the affine "
                             "subspace x₀ + 𝒟_{x₀} and 𝒟 is the same subspace at every point of it (so x₀ + 𝒟_{x₀}, "
                             "cut to the region, is the integral manifold)", tol=ROUNDING, reason=ROUNDING_REASON,
                             details={f"{lab}": {"steps in region": k, "largest offset from x0 + D / (|x0| + |x_k - x0|)": o,
                                                 "largest sin(principal angle) between D_x and D_x0": a} for lab, k, o, a in F_all}))
    out.append(fact(all(k >= 3 for _, k, _, _ in F_all), "not vacuous: each path takes at least 3 steps inside the "
                    "region", kind="numeric", details={lab: k for lab, k, _, _ in F_all}))
    return out


def _ranks_on_paths(ctx) -> list[Evidence]:
    """Points joined by a horizontal path keep the rank of G (the leaf dimension): a stronger reading
    than the slide makes, so a remark."""
    paths = _empirical_paths(ctx.seed)["horizontal"]
    seen = {f"{lab}: {a}->{b}": sorted(set(p.ranks.tolist())) for lab, a, b, p in paths}
    return [fact(all(len(v) == 1 for v in seen.values()),
                 "stronger reading: points joined by a horizontal path have the same rank G (leaf dimension) — "
                 "paths between held-out digits of different classes, trained MLP 64-12-12-10 and LeNet",
                 kind="numeric", role="remark", details={"ranks along each path": seen})]


def _dead_point(model: nn.Sequential) -> torch.Tensor:
    """An input where every first-layer unit is inactive: W₁x + b₁ = −1 (least squares, n > width)."""
    W, b = model[0].weight.detach(), model[0].bias.detach()
    return torch.linalg.lstsq(W, -1.0 - b).solution


def _rank_not_constant(ctx) -> list[Evidence]:
    net = next(n for n in _data_nets(ctx.seed) if n.activation == "relu" and n.layers == "2")
    F = data_fields(net.model)
    x0, dead = _inputs(ctx.seed)[0], _dead_point(net.model)
    ranks = [distribution_basis(F.stacked(x0 + t * (dead - x0)))[0].shape[1] for t in np.linspace(0, 1, 101)]
    return [fact(len(set(ranks)) == 1, "stronger reading (Frobenius on all of ℝⁿ needs constant rank): rank 𝒟_x "
                 "constant along the segment from a digit to a point where every first-layer unit is off",
                 kind="numeric", role="caveat",
                 details={"ranks along the segment (101 points)": sorted(set(ranks)), "rank at the digit": ranks[0],
                          "rank at the all-inactive point": ranks[-1]})]


# -- fisher-distribution-not-involutive ----------------------------------------------------------------

def _weights_not_involutive(ctx) -> list[Evidence]:
    g = _groups(ctx.seed)
    deep = g["ReLU weights (hidden layers)"]
    low = min(_defects(deep))
    relu_data = max(_defects(g["ReLU data"]))
    out = [
        fact(low > FAR, "w ↦ span_i ∇_w log p_i(x, w) is not involutive: every defect of the ReLU networks with "
             "hidden layers (F over one input, and over a batch of 3) is far above rounding", kind="numeric",
             reason=FAR_REASON, details={r.net.label + f" [{r.space}]": {"min": min(r.defects), "max": max(r.defects),
                                                                        "rank": r.ranks, "d": r.dim} for r in deep}),
        fact(low >= 1e6 * max(relu_data, EPS), "separation: the smallest weight-space defect is at least 10^6 times "
             "the largest data-space defect of the ReLU networks", kind="numeric",
             details={"smallest weight-space defect": low, "largest ReLU data-space defect": relu_data,
                      "orders of magnitude": math.log10(low / max(relu_data, EPS))}),
    ]
    return _attach(out, _figures(ctx.seed))


def _linear_caveat(ctx) -> list[Evidence]:
    """The linear softmax model: a case the Remark never covers, so its failing evidence is a remark."""
    lin = _groups(ctx.seed)["linear weights"]
    worst = max(_scaled(lin))
    return [
        numeric_close(worst, 0.0, "linear softmax model s = Wx + b: J_w does not depend on w, so 𝒟′_w is the same "
                      "subspace at every w and involutive (defect × (1 − p_max) at rounding)", tol=ROUNDING, reason=ROUNDING_REASON),
        fact(worst > FAR, "stronger reading: 𝒟′_w is not involutive for every softmax classifier (linear ones "
             "included)", kind="numeric", role="remark", reason=FAR_REASON, details={"linear-model defect": worst}),
    ]


# -- G-leaf-riemannian-metric --------------------------------------------------------------------------

@lru_cache(maxsize=2)
def _restricted_metrics(seed: int) -> tuple[dict, ...]:
    """At every ReLU network point: QᵀGQ on an orthonormal basis Q of 𝒟_x = span_i ∇_x log p_i, its
    factor M = (I − 𝟙pᵀ)J_xQ (QᵀGQ = Mᵀ diag(p) M, since Σ(p) = (I − p𝟙ᵀ)diag(p)(I − 𝟙pᵀ)) and p."""
    out = []
    for net in _data_nets(seed):
        if net.activation != "relu":
            continue
        F = data_fields(net.model, net.shape)
        for x in _inputs(seed):
            Q = distribution_basis(F.stacked(x))[0]
            if Q.shape[1] == 0:
                continue
            fac = data_matrix_factor(net.model, x.reshape(net.shape))
            M = fac.J @ Q - torch.outer(torch.ones_like(fac.p), fac.p @ fac.J @ Q)
            sv = torch.linalg.svdvals(M)
            G = fac.dense()
            lam = torch.linalg.eigvalsh(Q.T @ G @ Q)
            out.append({"net": net.label, "n": G.shape[0], "sigma_M": sv, "p_min": float(fac.p.min()),
                        "lam": lam, "lam_max_G": float(torch.linalg.eigvalsh(G)[-1])})
    return tuple(out)


def _restricted_metric_definite(ctx) -> list[Evidence]:
    rows = _restricted_metrics(ctx.seed)
    # M has full column rank (σ_min above its own rank tolerance) and p > 0: then
    # λ_min(QᵀGQ) ≥ p_min·σ_min(M)² > 0, decided from a factor that carries no factor p.
    margins = [float(r["sigma_M"][-1]) / (max(r["n"], 10) * EPS * float(r["sigma_M"][0])) for r in rows]
    bounds = [r["p_min"] * float(r["sigma_M"][-1]) ** 2 for r in rows]
    return [fact(min(margins) > 1.0 and min(r["p_min"] for r in rows) > 0,
                 "G restricted to (ker G)^⊥ is positive definite at every ReLU network point: QᵀGQ = Mᵀdiag(p)M with "
                 "M = (I − 𝟙pᵀ)J_xQ of full column rank and every p_i > 0, so λ_min ≥ p_min·σ_min(M)² > 0",
                 kind="numeric", reason="DESIGN.md rank tolerance for M: σ_min > max(shape)·eps·σ_max",
                 details={"points": len(rows), "smallest σ_min(M) / tolerance": min(margins),
                          "smallest p_i": min(r["p_min"] for r in rows),
                          "lower bound p_min·σ_min(M)²: min / median": (min(bounds), float(np.median(bounds)))})]


def _restricted_metric_conditioning(ctx) -> list[Evidence]:
    rows = _restricted_metrics(ctx.seed)
    below = [(r["net"], float(r["lam"][0]) / (r["n"] * EPS * r["lam_max_G"]), r["p_min"]) for r in rows
             if float(r["lam"][0]) <= r["n"] * EPS * r["lam_max_G"]]
    return [fact(not below, "stronger reading: the restricted metric is numerically non-degenerate — the eigenvalues of "
                 "QᵀGQ computed from G exceed n·eps·λ_max(G) at every point", kind="numeric", role="remark",
                 reason="DESIGN.md rank tolerance: below n·eps·λ_max an eigenvalue of G is indistinguishable from 0",
                 details={"points": len(rows), "points below the tolerance": len(below),
                          "(network, λ_min / tolerance, p_min) first 6": below[:6]})]


def _metric_smooth_on_plaque(ctx) -> list[Evidence]:
    """Along the in-region path, G(x) = A₀ᵀΣ(p(x))A₀ with the constant Jacobian A₀ = J_x(x₀)."""
    worst = 0.0
    for net, path, k in _in_region_path(ctx.seed):
        A0 = data_matrix_factor(net.model, path.points[0].reshape(net.shape)).J
        for xk, pk in zip(path.points[:k + 1], path.probabilities[:k + 1]):
            G = data_matrix(net.model, xk.reshape(net.shape))
            closed = A0.T @ (torch.diag(pk) - torch.outer(pk, pk)) @ A0
            worst = max(worst, float((G - closed).abs().max() / G.abs().max()))
    return [numeric_close(worst, 0.0, "on a leaf inside one linear region G(x) = A₀ᵀΣ(p(x))A₀ with a constant A₀: "
                          "the restricted metric is a smooth (analytic) function of x there", tol=ROUNDING,
                          reason=ROUNDING_REASON)]


def _metric_continuous(ctx) -> list[Evidence]:
    j = _boundary_jumps(ctx.seed)
    return [fact(j["crossings"] > 0 and max(j["G jumps"]) <= ROUNDING,
                 "stronger reading: G is continuous along a leaf that crosses an activation boundary — "
                 "max|G(x + δu) − G(x − δu)| / max|G|, δ = 1e-7", kind="numeric", role="remark",
                 reason=ROUNDING_REASON, details={"crossings": j["crossings"], "largest G jump": max(j["G jumps"], default=0),
                                                  "median G jump": float(np.median(j["G jumps"])) if j["G jumps"] else 0})]


# -- data-leaf-empirical ------------------------------------------------------------------------------

@lru_cache(maxsize=2)
def _empirical_paths(seed: int) -> dict:
    """Horizontal paths between held-out digits of different classes, and orthogonal moves toward
    the same digits plus Gaussian noise of the images' own scale, on the two trained networks."""
    Xt, yt = digits("test", seed=seed, flatten=True)
    rng = np.random.default_rng(seed + 3)
    pairs = []
    for a, b in ((3, 7), (0, 6), (1, 4)):
        ia = int(rng.choice(np.flatnonzero(yt.numpy() == a)))
        ib = int(rng.choice(np.flatnonzero(yt.numpy() == b)))
        pairs.append((a, b, Xt[ia], Xt[ib]))
    gen = torch.Generator().manual_seed(seed + 5)
    out = {"horizontal": [], "orthogonal": [], "straight noisy": []}
    for net in _data_nets(seed)[-2:]:
        for a, b, xa, xb in pairs:
            out["horizontal"].append((net.label, a, b, leaf_path(net.model, xa, xb, input_shape=net.shape,
                                                                  step_size=0.1, steps=400)))
            noisy = xa + 0.5 * xa.std() * torch.randn(64, generator=gen, dtype=torch.float64)
            out["orthogonal"].append((net.label, a, a, leaf_path(net.model, xa, noisy, move="orthogonal",
                                                                  input_shape=net.shape, step_size=0.1, steps=400)))
            with torch.no_grad():
                out["straight noisy"].append((net.label, a, int(net.model(noisy.reshape(1, *net.shape)).argmax())))
    return out


def _strip(label: str, a: int, b: int, path) -> ImageStrip:
    idx = sorted({int(i) for i in np.linspace(0, len(path.points) - 1, 7)})
    images = [path.points[i].reshape(8, 8).numpy() for i in idx] + [path.target.reshape(8, 8).numpy()]
    labels = [f"t={i}: {int(path.probabilities[i].argmax())} ({float(path.probabilities[i].max()):.2f})" for i in idx]
    labels.append(f"target {b}")
    return ImageStrip(f"{path.move} path {a} -> {b}, {label}", tuple(images), tuple(labels),
                      note=f"stop: {path.stop}; distance to target {float(path.distances[0]):.3f} -> "
                           f"{float(path.distances[-1]):.3f} ({path.relative_distance:.2f} of the start); "
                           f"labels: predicted class (probability)")


def _moving_off_leaf(ctx) -> list[Evidence]:
    paths = _empirical_paths(ctx.seed)
    kept = [(lab, a, int(p.probabilities.argmax(1)[-1]), float(p.probabilities[-1].max()), p.relative_distance)
            for lab, a, _, p in paths["orthogonal"]]
    changed_anywhere = [(lab, a) for lab, a, _, p in paths["orthogonal"] if (p.probabilities.argmax(1) != a).any()]
    straight = [(lab, a, got) for lab, a, got in paths["straight noisy"]]
    lab, a, _, p = paths["orthogonal"][0]
    out = [fact(not changed_anywhere, "moving orthogonally to the leaf (inside ker G) toward a noisy copy of a digit "
                "keeps the predicted class at every step (trained MLP and LeNet, 3 digits each)", kind="numeric",
                details={"(network, class, final prediction, final probability, distance left)": kept,
                         "noisy copies reached straight (network, class, prediction)": straight,
                         "paths whose prediction changed": changed_anywhere},
                figures=(_strip(lab, a, a, p),))]
    return out


def _connect_images(ctx) -> list[Evidence]:
    paths = _empirical_paths(ctx.seed)["horizontal"]
    rel = {f"{lab}: {a}->{b}": (round(p.relative_distance, 4), p.stop,
                                f"prediction {int(p.probabilities[0].argmax())} -> {int(p.probabilities[-1].argmax())}")
           for lab, a, b, p in paths}
    strips = tuple(_strip(lab, a, b, p) for lab, a, b, p in paths[:1] + paths[3:4])
    worst = max(p.relative_distance for *_, p in paths)
    return [fact(worst <= 1e-3, "any two images are joined by a horizontal path: the horizontal flow "
                 "ẋ = P(x)(x₁ − x) from a digit reaches a digit of another class (relative distance ≤ 1e-3)",
                 kind="numeric", reason="1e-3 of the start distance: far below the pixel scale, far above the flow's "
                 "stopping tolerance 1e-6", details={"(relative distance left, stop, prediction)": rel},
                 figures=strips)]


# -- the claims ------------------------------------------------------------------------------------------

_RELU = ("w fixed; ReLU (and max-pool) network, softmax output", "points off the activation boundaries")

CLAIMS = [
    Claim(
        id="G-involutive-relu",
        reading=(
            "Let  $w$  be the weights of a deep ReLU neural network classifier,  $p$  given by "
            "softmax,  $G(x, w)$  the local data matrix."
        ),
        rationale=(
            "For a deep ReLU network with softmax, the involutivity defect of x ↦ span ∇_x log p_i is"
            " at rounding level on every network and input tested (1), the test is not vacuous (2, "
            "3), and the closed form [V_i, V_j] = G(V_j − V_i) holds exactly for affine logits (4, "
            "8-10). Checks 11 (continuity across activation boundaries) and 12 (non-ReLU activations)"
            " test readings the Result never makes: involutivity is a local property where D is "
            "smooth, and the hypothesis says ReLU. It is a close call whether 'off activation "
            "boundaries' should be a caveat, but nothing the slide asserts fails."
        ),
        source=_src('"Result (F.-Grementieri, 2021)"'),
        statement=r"x \mapsto \mathcal{D}_x = (\ker G(x,w))^\perp \text{ is involutive: } [X, Y] \in \mathcal{D}\ "
                  r"\forall X, Y \in \mathcal{D} \text{ (deep ReLU classifier, softmax)}",
        hypotheses=_RELU,
        expected_verdict="verified",
        remark="Holds on the open dense set off the activation boundaries, where the logits are affine and 𝒟_x is "
               "locally constant (so involutivity is automatic): across a boundary 𝒟_x jumps (projector jumps of "
               "order 1), so it is not a smooth distribution on all of ℝⁿ. The ReLU hypothesis is essential: with "
               "tanh, GELU or softplus the defect is of order 1/2, not rounding (see the evidence).",
        checks=(_involutive_relu, _rank_generic, _closed_form_bracket, _hessians_equal_G, _symbolic_bracket,
                _distribution_continuous, _smooth_caveat),
        kinds=("NUM-NET", "SYM-N"),
        notes="Fields V_i = ∇_x log p_i span 𝒟_x (item ③). Brackets from jvp of the stacked fields "
              "(geomath.numeric.brackets); the symbolic check is at fixed sizes (C, n) = (3, 2), (3, 3), (4, 2) with "
              "symbolic A, b, x; the general argument is in the module docstring.",
    ),
    Claim(
        id="data-leaf-frobenius",
        reading=(
            r"$G$  defines a foliation on  $\mathbb{R}^n$  of rank at most  $C - 1$  (**Frobenius "
            "Thm**)."
        ),
        rationale=(
            "Locally everything holds: leaf dimension ≤ C − 1 at every point (1), and inside a linear"
            " region the horizontal path stays in the flat integral manifold x₀ + D_{x₀} (2, 3). But "
            "② invokes Frobenius for a foliation 'on ℝⁿ', and Frobenius needs a smooth distribution "
            "of constant rank; rank D_x varies from 9 down to 0 (check 5), and D jumps at activation "
            "boundaries. So the foliation is a regular one only on the open set where the rank is "
            "locally constant and off those boundaries, and a singular one globally. Close call "
            "between caveat and remark; the printed 'on ℝⁿ (Frobenius Thm)' tips it to a caveat. "
            "Check 4 (equal rank along paths between data points) is a stronger reading."
        ),
        finding=Finding(
            printed="② G defines a foliation on ℝⁿ of rank at most C − 1 (Frobenius Thm).",
            corrected=(
                "Frobenius gives a regular foliation only where rank G is locally constant and the ReLU "
                "network is smooth (off activation boundaries); on all of ℝⁿ the rank varies (down to 0),"
                " so globally the foliation is singular."
            ),
        ),
        depends_on=("G-involutive-relu",),
        source=_src('bullets ① ② after "Result (F.-Grementieri, 2021)"'),
        statement=r"\text{① } (\ker G)^\perp \text{ is tangent to a data leaf of dimension } \operatorname{rank} G(x,w) < C;"
                  r"\ \text{② } G \text{ defines a foliation on } \mathbb{R}^n \text{ of rank at most } C - 1 "
                  r"\text{ (Frobenius)}",
        hypotheses=_RELU,
        expected_verdict="verified-with-caveat",
        caveat=(
            "Frobenius gives a regular foliation only where rank G is locally constant and the ReLU "
            "network is smooth (off activation boundaries); on all of ℝⁿ the rank varies (down to 0),"
            " so globally the foliation is singular."
        ),
        checks=(_rank_bound, _leaf_is_affine, _ranks_on_paths, _rank_not_constant),
        kinds=("NUM-NET",),
        notes="Frobenius hypotheses: (a) involutive — G-involutive-relu; (b) constant rank on an open set — true on "
              "each region, false across regions (caveat check).",
    ),
    Claim(
        id="fisher-distribution-not-involutive",
        reading="is **not** involutive (e.g. MNIST, lenet).",
        rationale=(
            "For every ReLU network with hidden layers (MLPs and LeNet, random and trained, one input"
            " and a batch of 3) the involutivity defect of w ↦ (ker F)^⊥ is of order 0.3-0.75 (1), "
            "10¹⁴ times the data-space defect (2), which matches the slide's 'e.g. MNIST, lenet'. "
            "That a purely linear softmax model gives an involutive (constant) distribution (3, 4) is"
            " a case the remark never covers."
        ),
        source=_src('"Remark" after "Result (F.-Grementieri, 2021)"'),
        statement=r"w \mapsto \mathcal{D}'_w := (\ker F(w))^\perp \text{ is not involutive (e.g. MNIST, LeNet)}",
        hypotheses=("F(w) = F(x, w) at one input x, and Σ_k F(x_k, w) over a batch of 3 inputs",
                    "ReLU networks with at least one hidden layer"),
        expected_verdict="verified",
        remark="Architecture-dependent: for a linear softmax model s = Wx + b the logit Jacobian in w does not depend "
               "on w, 𝒟′_w is constant and hence involutive. Non-involutivity needs a hidden layer. The MNIST/LeNet "
               "instance itself is not reproducible from the document (DOC).",
        checks=(_weights_not_involutive, _linear_caveat),
        kinds=("NUM-NET",),
    ),
    Claim(
        id="G-leaf-riemannian-metric",
        reading=(
            r"The matrix  $G(x, w)$ , restricted to the subspace  $(\ker G(x, w))^\perp$  gives a "
            "Riemannian metric to each leaf of the foliation."
        ),
        rationale=(
            "On (ker G)^⊥, G is positive definite at every point because QᵀGQ = Mᵀdiag(p)M with M of "
            "full column rank and p_i > 0 (1), and inside a linear region it is analytic in x (2), so"
            " it is a Riemannian metric on the leaves of the foliation on the smooth (off-boundary) "
            "set. Check 3 (floating-point degeneracy when p_min underflows) and check 4 (a jump "
            "across an activation boundary, where the smooth foliation's leaves do not extend) test "
            "stronger readings. Close call on 4, because the next bullet's single data leaf would "
            "have to cross boundaries; that claim is judged separately."
        ),
        depends_on=("FG-kernel-characterization",),
        source=_src('"Data manifold", Facts, first bullet'),
        statement=r"G(x,w) \text{ restricted to } (\ker G(x,w))^\perp \text{ gives a Riemannian metric to each leaf}",
        hypotheses=_RELU,
        expected_verdict="verified",
        remark="Positive definite on (ker G)^⊥ at every point (vᵀGv = 0 forces Gv = 0 for PSD G) and smooth on a leaf "
               "inside one linear region; a leaf that crosses an activation boundary sees G jump there, so the metric "
               "is only piecewise smooth; and at confident predictions its small eigenvalues (of the size of the small p_i) "
               "fall below the rank tolerance of G, so computed from G alone it is numerically degenerate.",
        checks=(_restricted_metric_definite, _metric_smooth_on_plaque, _restricted_metric_conditioning,
                _metric_continuous),
        kinds=("NUM-NET",),
    ),
    Claim(
        id="data-leaf-empirical",
        reading=(
            "We move from a point  $x$  in our dataset to any other point  $x'$  in the dataset with "
            "an with an *horizontal* path, that is a path on the data leaf."
        ),
        rationale=(
            "These are empirical claims about MNIST, illustrated by figures the document does not "
            "include. The suite's substitutes are a trained net on 8×8 digits and one particular "
            "horizontal flow ẋ = P(x)(x₁ − x). The moving-away check holds (1). The connectivity "
            "check fails (2) because that specific flow stalls, but this does not show that no "
            "horizontal path exists, so it neither confirms nor refutes 'any two images are joined on"
            " the data leaf'."
        ),
        source=_src('"Data manifold" (Facts 2-4), "Moving on the data leaf: MNIST", "Moving away from the data leaf: '
                    'MNIST"'),
        statement=r"\text{Any two images are joined by a horizontal path on the data leaf; moving away from the leaf "
                  r"adds noise but the accuracy stays high}",
        hypotheses=("trained ReLU MLP and LeNet on scikit-learn's 8×8 digits (not MNIST)",
                    "horizontal path: the flow ẋ = P(x)(x₁ − x), Euler steps of 0.1 (geomath.numeric.leaf_path)"),
        expected_verdict="inconclusive",
        checks=(_moving_off_leaf, _connect_images),
        kinds=("DOC", "NUM-NET"),
        notes="Empirical slides (DOC). Moving off the leaf keeps the prediction, as printed. The horizontal flow does "
              "not reach the other digit: it stops where x₁ − x ⊥ 𝒟_x, a local minimum of the distance on the leaf, "
              "well short of x₁. That does not refute the slide (another horizontal path, or a bigger network on "
              "MNIST, might connect the two), so the verdict stays inconclusive.",
    ),
]
