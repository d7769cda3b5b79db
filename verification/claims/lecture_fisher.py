"""Claims of the lecture “The Geometry of Deep Learning. Lecture 2: Deep Learning” on the Fisher matrix F(x, w) and the local data matrix
G(x, w): slides "The Fisher Information matrix", "Properties of the Fisher matrix", "The Fisher
matrix" and "Properties of the Fisher matrix F and local data matrix G" (with its table).

Numeric evidence runs on real networks (geomath.numeric, float64): a ReLU MLP 64-12-12-10 and a
LeNet-style ReLU CNN on 8×8 inputs (d ≈ 10³), each random and trained on scikit-learn's digits,
and a tanh MLP for contrast; inputs are held-out digits and a Gaussian draw. The symbolic
evidence (exact, SymPy) is in :mod:`verification.claims.lecture_fisher_proofs`.

Tolerances are stated relative to the scale of the compared quantity. A float64 entry of JᵀAJ
or of Σ_i p_i g_i g_iᵀ is a sum of at most 2C products, each rounded once; 1e3·eps relative to
max_i ‖g_i‖²_∞ leaves a margin of about 50 over that bound.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Callable

import numpy as np
import torch
from torch import nn
from torch.func import functional_call, hessian, jacrev

from geomath.numeric import data_matrix, digits, fisher, gaussian_mixture, lenet, relu_mlp, spectrum, train
from geomath.numeric import bias_free_relu, shifted_parameters
from geomath.numeric.brackets import distribution_basis
from geomath.numeric.divergence import kl_expansion, power_law_fit
from geomath.numeric.gram import gram_spectrum
from geomath.numeric.regions import activation_pattern
from geomath.numeric.scores import score_vectors
from verification.claims._common import lecture_source as _src
from verification.claims import lecture_fisher_proofs as proofs
from verification.evidence import fact, numeric_close
from verification.figures import LogLogFit, SpectrumPlot, Table
from verification.model import Claim, Evidence, Finding, SEEDS

LECTURE = SEEDS["L"]
EPS = float(torch.finfo(torch.float64).eps)
ROUNDING = 1e3 * EPS  # see the module docstring
ROUNDING_REASON = ("float64: each entry is a sum of at most 2C rounded products; 1e3·eps relative to "
                   "max_i‖g_i‖²_∞ (the scale of every term) leaves a margin of ~50")


# slide titles as verification.sources.lecture_slides() names them (evidence details "slide": the index of
# printed lecture numbers in the report lists each printed number with the evidence that checks it)
PROPERTIES = "Properties of the Fisher matrix"
PROPERTIES_FG = "Properties of the Fisher matrix F and local data matrix G"


# -- figures -----------------------------------------------------------------------------------------

def _attach(evidence: list[Evidence], figures) -> list[Evidence]:
    """The claim's figures go with its first piece of evidence (the report shows them under the table)."""
    return [replace(evidence[0], figures=tuple(evidence[0].figures) + tuple(figures))] + evidence[1:]


def _loglog(title: str, xlabel: str, ylabel: str, series) -> tuple:
    return (LogLogFit(title, xlabel, ylabel, tuple(series), reference_slope=3.0),)


def _spectra(title: str, spectra) -> tuple:
    return (SpectrumPlot(title, tuple((label, sp_.singular_values) for label, sp_ in spectra),
                         tolerances=tuple(sp_.tol for _, sp_ in spectra), ranks=tuple(sp_.rank for _, sp_ in spectra),
                         note="tolerance: max(shape)·eps·σ_max (DESIGN.md)"),)


def _table(title: str, columns, rows) -> tuple:
    return (Table(title, tuple(columns), tuple(tuple(r) for r in rows)),)


# -- the networks ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Net:
    label: str
    model: nn.Module
    inputs: tuple[torch.Tensor, ...]  # single inputs, no batch dimension

    @property
    def d(self) -> int:
        return sum(p.numel() for p in self.model.parameters() if p.requires_grad)


@lru_cache(maxsize=2)
def _zoo(seed: int) -> tuple[Net, ...]:
    """Random and digits-trained networks (seeded), each with three held-out digits and one
    standard Gaussian input."""
    X, y = digits("train", seed=seed)
    Xt, _ = digits("test", seed=seed)
    pick = np.random.default_rng(seed).choice(Xt.shape[0], size=3, replace=False)
    gauss = torch.randn(1, 8, 8, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)
    images = tuple(Xt[i] for i in sorted(pick)) + (gauss,)
    flat = tuple(im.reshape(-1) for im in images)

    def mlp(act: str) -> nn.Module:
        return relu_mlp(64, (12, 12), 10, activation=act, seed=seed)

    def cnn() -> nn.Module:
        return lenet(1, 8, 10, channels=(4, 8), hidden=16, seed=seed)

    trained_mlp, _ = train(mlp("relu"), X.reshape(len(X), -1), y, epochs=20, lr=1e-2, seed=seed)
    trained_cnn, _ = train(cnn(), X, y, epochs=10, lr=1e-2, seed=seed)
    return (
        Net("ReLU MLP 64-12-12-10, random", mlp("relu"), flat),
        Net("ReLU MLP 64-12-12-10, trained on digits", trained_mlp, flat),
        Net("tanh MLP 64-12-12-10, random", mlp("tanh"), flat),
        Net("ReLU LeNet 8x8 (4, 8 channels), random", cnn(), images),
        Net("ReLU LeNet 8x8, trained on digits", trained_cnn, images),
    )


def _rel(a: torch.Tensor, b: torch.Tensor, scale: float) -> float:
    return float((a - b).abs().max()) / max(scale, np.finfo(float).tiny)


def _score_scale(s) -> float:
    return float(s.g.abs().max()) ** 2


# -- fisher-psd ------------------------------------------------------------------------------------

def _psd_numeric(ctx) -> list[Evidence]:
    out = []
    figures = tuple(
        _spectra(f"singular values of {name} at a held-out digit", [(net.label, spectrum(build(net.model, net.inputs[0])))
                                                                    for net in _zoo(ctx.seed)])[0]
        for build, name in ((fisher, "F(x, w), d ≈ 10³"), (data_matrix, "G(x, w), n = 64")))
    for net in _zoo(ctx.seed):
        for wrt, build, name in (("weights", fisher, "F"), ("inputs", data_matrix, "G")):
            worst_def, worst_sym, worst_neg = 0.0, 0.0, 0.0
            info = {}
            for x in net.inputs:
                s = score_vectors(net.model, x, wrt)
                M = build(net.model, x)
                scale = _score_scale(s)
                worst_def = max(worst_def, _rel(M, s.fisher(), scale))
                worst_sym = max(worst_sym, _rel(M, M.T, scale))
                lam = torch.linalg.eigvalsh(0.5 * (M + M.T))
                lam_tol = M.shape[0] * EPS * float(lam[-1])
                worst_neg = max(worst_neg, float(-lam[0]) / max(lam_tol, np.finfo(float).tiny))
                info[f"λ_min, λ_max at input {len(info)}"] = [float(lam[0]), float(lam[-1])]
            m = M.shape[0]
            out.append(numeric_close(worst_def, 0.0, f"{name} = J{'_w' if wrt == 'weights' else '_x'}ᵀΣ(p)J equals the "
                                     f"definition Σ_i p_i ∇log p_i ∇log p_iᵀ (C backward passes): {net.label}",
                                     tol=ROUNDING, reason=ROUNDING_REASON, details={"size": m}))
            out.append(numeric_close(worst_sym, 0.0, f"{name} symmetric, max|{name} − {name}ᵀ| relative: {net.label}",
                                     tol=ROUNDING, reason=ROUNDING_REASON))
            out.append(numeric_close(
                max(worst_neg, 0.0), 0.0, f"{name} ⪰ 0: −λ_min / (m·eps·λ_max) over the inputs: {net.label}",
                tol=1.0, reason="an eigenvalue of a float64 PSD matrix is computed to m·eps·λ_max (DESIGN.md rank rule); "
                                "a negative eigenvalue beyond that (ratio > 1) would refute PSD",
                details=info))
    return _attach(out, figures)


# -- fisher-covariance-prop --------------------------------------------------------------------------

def _covariance_numeric(ctx) -> list[Evidence]:
    out = []
    Xt, yt = digits("test", seed=ctx.seed)
    for net in _zoo(ctx.seed):
        mean_worst, cov_worst = 0.0, 0.0
        for k, x in enumerate(net.inputs):
            s = score_vectors(net.model, x, "weights")
            scale = _score_scale(s)
            mean = s.mean()  # E_{y~p}[∇ log p_y]; the Amari loss gradient is its negative
            mean_worst = max(mean_worst, float(mean.abs().max()) / math.sqrt(scale))
            centred = s.g - mean
            cov = (centred.T * s.p) @ centred
            cov_worst = max(cov_worst, _rel(cov, fisher(net.model, x), scale))
        # the empirical Fisher (y = the label) on a batch of 32 held-out digits, against the true Fisher
        F_true, F_emp = 0.0, 0.0
        for i in range(32):
            xi = Xt[i] if net.inputs[0].dim() == 3 else Xt[i].reshape(-1)
            s = score_vectors(net.model, xi, "weights")
            F_true = F_true + s.fisher()
            g = s.g[int(yt[i])]
            F_emp = F_emp + torch.outer(g, g)
        emp_rel = float(torch.linalg.matrix_norm(F_emp - F_true) / torch.linalg.matrix_norm(F_true))
        out.append(numeric_close(mean_worst, 0.0, f"E_(y~p)[∇_w l] = 0 (relative to max‖∇log p_i‖): {net.label}",
                                 tol=100 * 10 * EPS, reason="a sum of C = 10 terms p_i g_i each rounded to eps·‖g_i‖; 100·C·eps margin",
                                 details={"slide": PROPERTIES, "printed": ["0"]}))
        out.append(numeric_close(
            cov_worst, 0.0, f"Cov_(y~p)(∇_w l) = F(x, w) = JᵀΣ(p)J: {net.label}", tol=ROUNDING, reason=ROUNDING_REASON,
            details={"empirical Fisher (labels) vs true Fisher, 32 held-out digits: ‖F_emp − F‖_F/‖F‖_F": emp_rel}))
    return out


# -- fisher-expected-hessian-prop ---------------------------------------------------------------------

def _flat_logits(model: nn.Module, x: torch.Tensor) -> tuple[Callable[[torch.Tensor], torch.Tensor], torch.Tensor]:
    """s(w) for one input as a function of the flat parameter vector, and the current w."""
    names = [n for n, p in model.named_parameters() if p.requires_grad]
    params = {n: p.detach() for n, p in model.named_parameters()}
    shapes = [params[n].shape for n in names]
    sizes = [params[n].numel() for n in names]

    def s(w: torch.Tensor) -> torch.Tensor:
        chunks = torch.split(w, sizes)
        ps = dict(params)
        ps.update({n: c.reshape(sh) for n, c, sh in zip(names, chunks, shapes)})
        return functional_call(model, ps, (x.unsqueeze(0),))[0]

    return s, torch.cat([params[n].reshape(-1) for n in names])


def _near_boundary(model: nn.Sequential, x: torch.Tensor, offset: float) -> nn.Sequential:
    """A copy of an MLP whose first hidden unit has pre-activation ``offset`` at x (0: on the
    activation boundary), by shifting that unit's bias."""
    import copy

    m = copy.deepcopy(model)
    first = m[0]
    with torch.no_grad():
        z = first(x.unsqueeze(0))[0, 0]
        first.bias[0] -= z - offset
    return m


def _hessian_nets(seed: int) -> list[tuple[str, nn.Module, torch.Tensor]]:
    x = torch.randn(6, generator=torch.Generator().manual_seed(seed + 1), dtype=torch.float64)
    relu = relu_mlp(6, (5, 5), 3, seed=seed)
    return [
        ("ReLU MLP 6-5-5-3 (d = 83), generic input", relu, x),
        ("tanh MLP 6-5-5-3, generic input", relu_mlp(6, (5, 5), 3, activation="tanh", seed=seed), x),
        ("ReLU MLP, a unit 1e-9 from its activation boundary", _near_boundary(relu, x, 1e-9), x),
        ("ReLU MLP, a unit exactly on its activation boundary", _near_boundary(relu, x, 0.0), x),
        ("ReLU LeNet 8x8 (2, 3 channels, no hidden layer)",
         lenet(1, 8, 3, channels=(2, 3), hidden=None, seed=seed),
         torch.randn(1, 8, 8, generator=torch.Generator().manual_seed(seed + 2), dtype=torch.float64)),
    ]


def _expected_hessian_numeric(ctx) -> list[Evidence]:
    out = []
    for label, model, x in _hessian_nets(ctx.seed):
        s, w = _flat_logits(model, x)
        logits = s(w)
        p = torch.softmax(logits, -1)
        C = p.numel()
        nll_hessians = [hessian(lambda v, y=y: -torch.log_softmax(s(v), -1)[y])(w) for y in range(C)]
        expected = sum(p[y] * nll_hessians[y] for y in range(C))
        F = fisher(model, x)
        J = jacrev(s)(w)
        logit_hessians = hessian(s)(w)  # (C, d, d)
        scale = float(J.abs().max()) ** 2 + float(logit_hessians.abs().max())
        out.append(numeric_close(_rel(expected, F, scale), 0.0, f"E_(y~p)[∇²_w(−log p_y)] = F: {label}",
                                 tol=ROUNDING, reason=ROUNDING_REASON.replace("max_i‖g_i‖²_∞", "max|J|² + max|∇²s|"),
                                 details={"d": w.numel(), "max|∇²s| (nonzero: ReLU logits are multilinear in the layers)":
                                          float(logit_hessians.abs().max())}))
        A = torch.diag(p) - torch.outer(p, p)
        worst = 0.0
        for y in range(C):
            decomposed = J.T @ A @ J + torch.einsum("k,kab->ab", p - torch.eye(C, dtype=p.dtype)[y], logit_hessians)
            worst = max(worst, _rel(nll_hessians[y], decomposed, scale))
        out.append(numeric_close(worst, 0.0, f"∇²_w(−log p_y) = J_wᵀΣ(p)J_w + Σ_k(p_k − δ_ky)∇²_w s_k for every y: {label}",
                                 tol=ROUNDING, reason=ROUNDING_REASON.replace("max_i‖g_i‖²_∞", "max|J|² + max|∇²s|")))
    return out


# -- KL expansions (w and x) ------------------------------------------------------------------------

STEPS = tuple(float(t) for t in np.logspace(-5, -2, 10))
SLOPE_TOL = 0.05
SLOPE_REASON = ("least-squares slope of log|KL − ½δᵀMδ| against log t over t ∈ [1e-5, 1e-2]: the quartic term biases "
                "it by ≲ c₄/c₃·t_max ≈ 1e-2 and KL's rounding error is O(eps·t) ≪ t³ (KL is computed from the logit "
                "difference, see geomath.numeric.divergence); O(‖δ‖³) means slope ≥ 3, 0.05 below 3 is the margin, and a "
                "remainder of order 2 (slope 2) fails by 20×")


def _unit(n: int, seed: int) -> torch.Tensor:
    u = torch.randn(n, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)
    return u / u.norm()


def _inside_one_region(model: nn.Module, x: torch.Tensor, u: torch.Tensor, wrt: str) -> bool:
    """Whether every point of the path base + t·u, t ≤ max(STEPS), is interior to one linear region
    (strict, equal activation patterns): the hypothesis under which the logits are smooth there.
    In x the regions are convex, so the two ends decide; in w every step of the fit is checked."""
    base = activation_pattern(model, x)
    if wrt == "inputs":
        return base.same_region(activation_pattern(model, x + STEPS[-1] * u.reshape(x.shape)))
    return all(base.same_region(activation_pattern(model, x, shifted_parameters(model, u, t))) for t in STEPS)


def _kl_fit(model, x, u, wrt: str) -> dict:
    e = kl_expansion(model, x, u, STEPS, wrt)
    slope, intercept = power_law_fit(STEPS, e.remainder)
    rslope, _ = power_law_fit(STEPS, e.reverse_remainder)
    return {"slope": slope, "intercept": intercept, "reverse KL remainder slope": rslope,
            "KL / quadratic term at t = 1e-5": float(e.kl[0] / e.quadratic[0]),
            "remainder / t² at t = 1e-5 and 1e-2": [float(e.remainder[0] / STEPS[0] ** 2),
                                                   float(e.remainder[-1] / STEPS[-1] ** 2)],
            "remainder": tuple(e.remainder.abs().tolist())}


def _boundary_direction(model: nn.Sequential, x: torch.Tensor, wrt: str, seed: int) -> torch.Tensor:
    """A unit direction along which the boundary unit of :func:`_near_boundary` switches on."""
    n = x.numel() if wrt == "inputs" else sum(p.numel() for p in model.parameters())
    u = _unit(n, seed)
    first = model[0]
    if wrt == "inputs":
        rate = float(first.weight[0].detach() @ u)
    else:  # parameters are flattened weight (row-major) then bias of the first layer, first
        k = first.weight.shape[1]
        rate = float(u[:k] @ x) + float(u[first.weight.numel()])
    return u if rate > 0 else -u


def _kl_expansion_evidence(ctx, wrt: str) -> list[Evidence]:
    name, var = ("F", "δw") if wrt == "weights" else ("G", "δx")
    out, series = [], []
    cases = []
    for k, net in enumerate(_zoo(ctx.seed)):
        for which, x in (("a held-out digit", net.inputs[0]), ("a Gaussian input", net.inputs[-1])):
            n = x.numel() if wrt == "inputs" else net.d
            cases.append((f"{net.label}, at {which}", net.model, x, _unit(n, ctx.seed * 1000 + len(cases)), None))
    base = _zoo(ctx.seed)[0]
    x = base.inputs[0]
    for offset, what in ((0.0, "on an activation boundary"), (1e-4, "1e-4 from an activation boundary")):
        model = _near_boundary(base.model, x, -offset)
        cases.append((f"ReLU MLP, {what} (the unit switches on along {var})", model, x,
                      _boundary_direction(model, x, wrt, ctx.seed), what))
    for label, model, x, u, boundary in cases:
        fit = _kl_fit(model, x, u, wrt)
        inside = _inside_one_region(model, x, u, wrt)
        series.append((label, STEPS, fit.pop("remainder"), fit["slope"], fit["intercept"]))
        if boundary == "1e-4 from an activation boundary":
            continue  # crosses the boundary inside the fitted range: shown in the figure only
        out.append(fact(
            fit["slope"] >= 3 - SLOPE_TOL,
            f"KL − ½{var}ᵀ{name}{var} = O(‖{var}‖³): fitted slope {fit['slope']:.3f}: {label}"
            + ("" if inside else " — the path leaves the interior of one linear region (a zero pre-activation, a "
                                 "tied max-pool window or a region change), so the logits need not be smooth there"),
            kind="numeric", role="statement" if inside else "caveat", reason=SLOPE_REASON,
            details={**fit, "path inside one activation region": inside,
                     # the printed ½ and the order 3: a wrong coefficient leaves an O(t²) remainder (slope 2)
                     **({"slide": "The Fisher matrix", "printed": ["1/2", "3"]} if inside else {})}))
    figures = _loglog(
        f"KL(p(y|{'x, w+tu' if wrt == 'weights' else 'x+tu, w'}) ‖ p) − ½t²uᵀ{name}u along a random unit u",
        "t", "|remainder|", series)
    return _attach(out, figures)


def _kl_w(ctx) -> list[Evidence]:
    return _kl_expansion_evidence(ctx, "weights")


def _kl_x(ctx) -> list[Evidence]:
    return _kl_expansion_evidence(ctx, "inputs")


# -- FG-kernel-characterization -----------------------------------------------------------------------

def _range_basis(M: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, float]:
    """Orthonormal basis of range(M) = (ker M)^⊥ for symmetric PSD M, at the rank rule of DESIGN.md."""
    lam, V = torch.linalg.eigh(0.5 * (M + M.T))
    tol = M.shape[0] * EPS * float(lam[-1])
    keep = lam > tol
    return V[:, keep], lam, tol


def _span_basis(g: torch.Tensor) -> torch.Tensor:
    """Orthonormal basis of span{g_i} (rows), at the rank rule of DESIGN.md."""
    return distribution_basis(g)[0]


def _sin_largest_angle(Q1: torch.Tensor, Q2: torch.Tensor) -> float:
    """sin of the largest principal angle between two subspaces of equal dimension."""
    if Q1.shape[1] != Q2.shape[1]:
        return float("inf")
    if Q1.shape[1] == 0:
        return 0.0
    return float(torch.linalg.matrix_norm(Q2 - Q1 @ (Q1.T @ Q2), ord=2))


def _kernel_numeric(ctx) -> list[Evidence]:
    out = []
    for net in _zoo(ctx.seed):
        for wrt, build, name in (("weights", fisher, "F"), ("inputs", data_matrix, "G")):
            worst, worst_tol, dims, undecided = 0.0, 0.0, [], []
            for k, x in enumerate(net.inputs):
                M = build(net.model, x)
                s = score_vectors(net.model, x, wrt)
                QM, lam, tol = _range_basis(M)
                QS = _span_basis(s.g)
                # F = Σ p_i g_i g_iᵀ resolves the direction of g_i only if that term is above F's rounding level
                weakest = float((s.p * (s.g ** 2).sum(dim=1)).min())
                if weakest < 1e3 * tol:
                    undecided.append({"input": k, "min_i p_i‖g_i‖²": weakest, "tolerance": tol,
                                      "(dim range, dim span)": (QM.shape[1], QS.shape[1])})
                    continue
                dims.append((QM.shape[1], QS.shape[1]))
                kept = lam[lam > tol]
                # Davis–Kahan: rounding E ~ m·eps·λ_max moves the range by sin θ ≲ ‖E‖ / (smallest kept λ)
                bound = 10 * M.shape[0] * EPS * float(lam[-1]) / float(kept.min()) if kept.numel() else 0.0
                worst = max(worst, _sin_largest_angle(QM, QS) / max(bound, EPS))
                worst_tol = max(worst_tol, bound)
            if not dims:
                worst = float("inf")
            out.append(numeric_close(
                worst, 0.0,
                f"ker {name} = (span ∇log p_i)^⊥: sin of the largest principal angle between range {name} and the span, "
                f"in units of its Davis–Kahan rounding bound, at the inputs where float64 resolves every p_i g_i g_iᵀ "
                f"({len(dims)} of {len(net.inputs)}): {net.label}",
                tol=1.0, reason="sin θ ≤ ‖E‖/λ_min⁺ with ‖E‖ ≤ 10·m·eps·λ_max (eigen-solver and JᵀAJ rounding); a ratio "
                                "above 1 means the subspaces differ beyond rounding (dimensions differing, or no "
                                "resolvable input, gives inf)",
                details={"(dim range, dim span) per input": dims, "largest Davis–Kahan bound": worst_tol,
                         "inputs not resolvable in float64 (min_i p_i‖g_i‖² < 1e3 × tolerance)": undecided}))
    # a nearly saturated softmax: scale the trained MLP's logits until p_max ≈ 1
    net = _zoo(ctx.seed)[1]
    x = net.inputs[0]
    saturation, spectra = {}, []
    for factor in (1.0, 5.0, 20.0, 60.0):
        model = _scaled_logits(net.model, factor)
        s = score_vectors(model, x, "weights")
        M = fisher(model, x)
        spectra.append((f"logits × {factor:g}", spectrum(M)))
        saturation[f"logits × {factor:g}"] = {
            "p_min": float(s.p.min()),
            "rank F (DESIGN.md rule)": spectrum(M).rank,
            "dim span ∇log p_i (rank rule on the C×d scores)": int(_span_basis(s.g).shape[1]),
        }
    out.append(fact(
        all(v["dim span ∇log p_i (rank rule on the C×d scores)"] == 9 for v in saturation.values()),
        "nearly saturated softmax (trained MLP, logits scaled up): the span keeps dimension C − 1 = 9 while the "
        "numerical rank of F falls (its eigenvalues scale with p_i, which underflow the tolerance)",
        kind="numeric", reason="a rank decided by the stated rule; the theorem itself needs only p_i > 0",
        details=saturation, figures=_spectra("F at a held-out digit as the trained MLP's logits are scaled up "
                                             "(saturating softmax)", spectra)))
    return out


def _scaled_logits(model: nn.Sequential, factor: float) -> nn.Sequential:
    import copy

    m = copy.deepcopy(model)
    last = m[-1]
    with torch.no_grad():
        last.weight.mul_(factor)
        last.bias.mul_(factor)
    return m


# -- fisher-rank-bound ---------------------------------------------------------------------------------

def _rank_numeric(ctx) -> list[Evidence]:
    out, spectra = [], []
    rows = []
    for C in (3, 5, 10):
        X, _ = gaussian_mixture(4, 20, C, seed=ctx.seed)
        nets = [
            Net(f"ReLU MLP 20-16-16-{C}, random", relu_mlp(20, (16, 16), C, seed=ctx.seed), tuple(X)),
            Net(f"ReLU LeNet 8x8, C = {C}, random", lenet(1, 8, C, channels=(4, 8), hidden=16, seed=ctx.seed),
                tuple(X[:, :16].repeat(1, 4).reshape(-1, 1, 8, 8))),
        ]
        for net in nets:
            for x in net.inputs:
                active = min(activation_pattern(net.model, x).active_units)
                for wrt, build in (("weights", fisher), ("inputs", data_matrix)):
                    M = build(net.model, x)
                    sp_ = spectrum(M)
                    bound = min(C - 1, M.shape[0])
                    # J_x passes through every ReLU layer (rank ≤ its active units); J_w contains the output
                    # layer's block I_C ⊗ h_Lᵀ (and the bias block I_C), of rank C, whatever is active
                    sharp = bound if wrt == "weights" else min(bound, active)
                    rows.append((net.label, "F" if wrt == "weights" else "G", M.shape[0], C, active, sp_.rank, bound,
                                 sharp, f"{sp_.gap:.3g}"))
    attained = all(r[5] == r[7] for r in rows)
    out.append(fact(all(r[5] <= r[3] - 1 for r in rows),
                    "rank F < C and rank G < C (rank ≤ C − 1) on MLPs and CNNs, C = 3, 5, 10, four inputs each",
                    kind="numeric", reason="ranks by the DESIGN.md rule (σ > max(shape)·eps·σ_max); the gap at the cut is listed",
                    details={"checked": len(rows)}))
    out.append(fact(attained, "rank F = min(C − 1, d) and rank G = min(C − 1, n, fewest active ReLU units in a layer) on "
                    "every one of these random networks: the bound is attained unless a layer has fewer than C − 1 "
                    "active units", kind="numeric", reason="ranks by the DESIGN.md rule",
                    details={"checked": len(rows), "rows below their min(C − 1, size) bound":
                             [r for r in rows if r[5] < r[6]]}))
    # n < C − 1: G is n×n and the bound becomes n
    X, _ = gaussian_mixture(3, 2, 10, seed=ctx.seed)
    model = relu_mlp(2, (16, 16), 10, seed=ctx.seed)
    ranks = [spectrum(data_matrix(model, x)).rank for x in X]
    rows += [("ReLU MLP 2-16-16-10, random", "G", 2, 10, "—", r, 2, 2, "—") for r in ranks]
    out.append(fact(all(r == 2 for r in ranks), "n = 2 < C − 1 = 9: rank G = min(C − 1, n) = 2",
                    kind="numeric", reason="ranks by the DESIGN.md rule", details={"ranks": ranks}))
    # the linear relation behind the bound: Σ_i p_i ∇log p_i = 0, on the shipped networks
    worst = 0.0
    for net in _zoo(ctx.seed):
        for x in net.inputs:
            s = score_vectors(net.model, x, "inputs")
            worst = max(worst, float(s.mean().abs().max()) / float(s.g.abs().max()))
    out.append(numeric_close(worst, 0.0, "Σ_i p_i ∇_x log p_i = 0 (relative), the relation that gives rank ≤ C − 1",
                             tol=100 * 10 * EPS, reason="a sum of C = 10 terms each rounded to eps·max‖g_i‖; 100·C·eps margin"))
    # spectra of the shipped networks' F and G with the cut
    for net in (_zoo(ctx.seed)[1], _zoo(ctx.seed)[4]):
        x = net.inputs[0]
        for build, name in ((fisher, "F"), (data_matrix, "G")):
            spectra.append((f"{name}: {net.label}", spectrum(build(net.model, x))))
    table = _table("ranks of F and G (DESIGN.md rule) against the bound min(C − 1, size)",
                           ("network", "matrix", "size", "C", "fewest active units", "rank", "min(C − 1, size)",
                            "bound with active units", "gap at cut"), rows)
    return _attach(out, _spectra("singular values of F and G at a held-out digit (trained networks)", spectra) + table)


# -- fisher-not-riemannian-nonconstant-rank -------------------------------------------------------------

def _zero_weights(model: nn.Module) -> nn.Module:
    import copy

    m = copy.deepcopy(model)
    with torch.no_grad():
        for p in m.parameters():
            p.zero_()
    return m


def _rank_survey(model: nn.Module, inputs) -> dict[str, list[int]]:
    return {
        "rank F": [spectrum(fisher(model, x)).rank for x in inputs],
        "rank G": [spectrum(data_matrix(model, x)).rank for x in inputs],
    }


def _nonconstant_rank_numeric(ctx) -> list[Evidence]:
    gen = torch.Generator().manual_seed(ctx.seed)
    inputs = [torch.zeros(8, dtype=torch.float64)] + [torch.randn(8, generator=gen, dtype=torch.float64) for _ in range(5)]
    widths = (8, 6, 6, 4)
    C = widths[-1]
    free = bias_free_relu(widths, seed=ctx.seed)
    biased = relu_mlp(8, (6, 6), C, seed=ctx.seed)
    survey = {
        "bias-free W3 relu(W2 relu(W1 x)), generic w (first input x = 0)": _rank_survey(free, inputs),
        "bias-free, w = 0": _rank_survey(_zero_weights(free), inputs),
        "with biases (output bias included), generic w": _rank_survey(biased, inputs),
        "with biases, w = 0": _rank_survey(_zero_weights(biased), inputs),
    }
    d_free = sum(p.numel() for p in free.parameters())
    free_ranks = set(survey["bias-free W3 relu(W2 relu(W1 x)), generic w (first input x = 0)"]["rank F"]) | set(
        survey["bias-free, w = 0"]["rank F"])
    biased_ranks = set(survey["with biases (output bias included), generic w"]["rank F"]) | set(
        survey["with biases, w = 0"]["rank F"])
    table = _table("rank F and rank G (DESIGN.md rule) at x = 0 and five Gaussian inputs",
                   ("network", "rank F per input", "rank G per input"),
                   [(k, " ".join(map(str, v["rank F"])), " ".join(map(str, v["rank G"]))) for k, v in survey.items()])
    return _attach([
        fact(len(free_ranks) > 1, f"rank F(x, w) is not constant for the lecture's bias-free score: ranks {sorted(free_ranks)}",
             kind="numeric", reason="ranks by the DESIGN.md rule over (x, w) including x = 0 and w = 0", details=survey),
        fact(max(free_ranks | biased_ranks) < min(d_free, sum(p.numel() for p in biased.parameters())),
             f"rank F ≤ C − 1 = {C - 1} < d: F is degenerate everywhere, so not a Riemannian metric on weight space",
             kind="numeric", reason="ranks by the DESIGN.md rule", details={"d (bias-free)": d_free}),
        fact(len(biased_ranks) > 1,
             f"rank F is not constant for every architecture: with an output bias, rank F = {sorted(biased_ranks)} at all "
             f"sampled (x, w), including w = 0",
             kind="numeric", role="caveat", reason="ranks by the DESIGN.md rule", details=survey),
    ], table)


# -- G-size-rank-table -------------------------------------------------------------------------------------

TABLE = (  # dataset, printed size, printed bound, image shape (C, H, W), classes
    ("MNIST", 784, 10, (1, 28, 28), 10),
    ("CIFAR-10", 3072, 10, (3, 32, 32), 10),
    ("CIFAR-100", 3072, 100, (3, 32, 32), 100),
    ("ImageNet", 150528, 1000, (3, 224, 224), 1000),
)


def _table_network(shape: tuple[int, int, int], C: int, seed: int) -> nn.Module:
    """A random ReLU network on inputs of ``shape``: average pooling down to at most 3·14·14 values
    (for ImageNet), then one hidden layer of max(3C, 64) units (about half active, enough for rank C − 1)."""
    ch, H, _ = shape
    pool = max(1, H // 14) if H > 32 else 1
    flat = ch * (H // pool) ** 2
    with torch.random.fork_rng():  # nn.Linear's initialisation, without touching the global generator
        torch.manual_seed(seed)
        hidden = max(3 * C, 64)
        layers = ([nn.AvgPool2d(pool)] if pool > 1 else []) + [nn.Flatten(), nn.Linear(flat, hidden), nn.ReLU(),
                                                               nn.Linear(hidden, C)]
        return nn.Sequential(*layers).to(torch.float64)


def _size_table(ctx) -> list[Evidence]:
    rows, out = [], []
    gen = torch.Generator().manual_seed(ctx.seed)
    for name, size, bound, shape, C in TABLE:
        n = math.prod(shape)
        model = _table_network(shape, C, ctx.seed)
        x = torch.rand(shape, generator=gen, dtype=torch.float64)
        g = gram_spectrum(model, x, "inputs", chunk=100)
        rows.append((name, "×".join(map(str, shape)), size, n, bound, C, C - 1, g.rank))
        printed = {"slide": PROPERTIES_FG, "printed": str(size), "recomputed": float(n)}
        out.append(numeric_close(n, size, f"{name}: G is n×n with n = {'·'.join(map(str, shape))} = {n}, printed {size}",
                                 kind="arithmetic", tol=0, reason="integer arithmetic",
                                 details={"shape": shape, **printed} if name != "ImageNet" else
                                 {"shape": shape, "crop assumed": "224×224", **printed}))
        out.append(fact(g.rank < bound == C,
                        f"{name}: printed bound {bound} = C is a strict bound, rank G = {g.rank} < {bound} at a random input "
                        f"of a random ReLU network", kind="numeric",
                        reason="rank of G from the C×C Gram matrix A^½JJᵀA^½ (geomath.numeric.gram), n·eps·λ_max rule",
                        details={"eigenvalue at the cut (kept, first dropped)":
                                 [float(g.eigenvalues[g.rank - 1]), float(g.eigenvalues[g.rank]) if g.rank < C else None],
                                 "slide": PROPERTIES_FG, "printed": str(bound), "recomputed": float(C)}))
        out.append(fact(g.rank == bound, f"{name}: the printed bound {bound} is attained by rank G", kind="numeric",
                        role="remark", reason="rank by the n·eps·λ_max rule; C − 1 is the largest possible rank",
                        details={"rank G": g.rank, "C − 1": C - 1}))
    table = _table("the lecture's table recomputed (random weights suffice for a rank that holds generically)",
                           ("dataset", "shape", "printed size", "n", "printed bound", "C", "max rank C − 1", "rank G measured"),
                           rows)
    return _attach(out, table)


# -- fisher-vs-G-size-gap ------------------------------------------------------------------------------------

def _lenet5() -> nn.Module:
    """LeCun et al.'s LeNet-5 layout for 28×28 MNIST (padding 2): 61 706 parameters."""
    return nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.Tanh(), nn.AvgPool2d(2), nn.Conv2d(6, 16, 5), nn.Tanh(),
                         nn.AvgPool2d(2), nn.Flatten(), nn.Linear(400, 120), nn.Tanh(), nn.Linear(120, 84), nn.Tanh(),
                         nn.Linear(84, 10))


def _global_pool_cnn(C: int) -> nn.Module:
    """A small all-convolutional ImageNet classifier: one 3×3 conv to 8 channels, global average pool, linear to C."""
    return nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, C))


def _count(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


def _size_gap(ctx) -> list[Evidence]:
    cases = [
        ("ReLU MLP 64-12-12-10 on digits (shipped)", _count(_zoo(ctx.seed)[0].model), 64, 10),
        ("ReLU LeNet 8x8 on digits (shipped)", _count(_zoo(ctx.seed)[3].model), 64, 10),
        ("LeNet-5 on MNIST", _count(_lenet5()), 784, 10),
        ("geomath lenet on CIFAR-10 (3×32×32)", _count(lenet(3, 32, 10)), 3072, 10),
        ("conv3×3(8) + global pool + linear on ImageNet", _count(_global_pool_cnn(1000)), 150528, 1000),
    ]
    rows = [(name, d, n, C - 1, d - (C - 1), n - (C - 1), d > n) for name, d, n, C in cases]
    lecture = [r for r in rows if r[0] == "LeNet-5 on MNIST"][0]
    out = [
        numeric_close(lecture[1], 61706, "LeNet-5 on MNIST has d = 61 706 parameters", kind="arithmetic", tol=0,
                      reason="integer count of the layer shapes"),
        fact(lecture[4] > lecture[5], f"LeNet-5 on MNIST (the lecture's example): size − rank bound is "
             f"{lecture[4]} for F and {lecture[5]} for G", kind="arithmetic"),
        fact(all(r[4] > r[5] for r in rows),
             "the Fisher's gap is larger for every classifier: it is exactly when d > n (both ranks are ≤ C − 1)",
             kind="arithmetic", role="remark", details={"cases with d ≤ n": [r[0] for r in rows if not r[6]]}),
    ]
    return _attach(out, _table("size minus rank bound for F (d×d) and G (n×n)",
                                        ("network", "d", "n", "C − 1", "d − (C − 1)", "n − (C − 1)", "d > n"), rows))


# -- printed numbers checked by the symbolic evidence of lecture_fisher_proofs -------------------------------

def _tag_printed(check: Callable, tags: dict[str, tuple[str, ...]], slide: str) -> Callable:
    """``check`` with ``"slide"``/``"printed"`` added to the details of the evidence whose ``compared`` text
    starts with a key of ``tags`` (the numbers of the printed line that evidence checks); comparisons and
    verdicts are untouched. A key that matches no evidence is an error (the check was renamed)."""
    def tagged(ctx) -> list[Evidence]:
        out, seen = [], set()
        for e in check(ctx):
            key = next((k for k in tags if e.compared.startswith(k)), None)
            if key is not None:
                seen.add(key)
                e = replace(e, details={**e.details, "slide": slide, "printed": list(tags[key])})
            out.append(e)
        if set(tags) - seen:
            raise ValueError(f"{check.__name__}: no evidence compares {sorted(set(tags) - seen)}")
        return out

    tagged.__name__ = check.__name__
    return tagged


_covariance_proof_lines = _tag_printed(
    proofs.fisher_covariance_proof_lines_symbolic,
    {"printed step ∇_w(Σ_i p_i) = 0": ("0",)}, PROPERTIES)
_hessian_proof_line = _tag_printed(
    proofs.fisher_hessian_proof_line_symbolic,
    {"printed next line −Σ_i p_iℍ(p_i)/p_i": ("0",),  # Σ_iℍ(p_i) = ℍ(Σ_i p_i) = 0
     "corrected −Jac[∇_w p/p]": ("1", "2")},  # the factor 1/p^2, which the corrected line keeps
    PROPERTIES)


# -- the claims ------------------------------------------------------------------------------------------

_NETS = ("softmax classifier p = softmax(s(x, w)), logits s of C ≥ 2 classes",
         "numeric evidence: float64 ReLU/tanh MLPs and ReLU LeNet CNNs, random and trained on scikit-learn's digits")

CLAIMS = [
    Claim(
        id="softmax-properties",
        reading=r"p(y|x, w) = (p_i(y|x, w)) = \left( \frac{e^{s_i(x)}}{\sum_j e^{s_j(x)}} \right)",
        rationale=(
            "The softmax definition has all the standard properties: positivity, summing to 1, shift "
            "invariance and Jacobian diag(p) − ppᵀ. These are proved symbolically for any C and "
            "checked for C = 2..6 (checks 1–3, all HOLD)."
        ),
        source=_src('"2. LOSS function": p(y|x, w) = (e^{s_i(x)}/Σ_j e^{s_j(x)}) (implied properties)'),
        statement=r"p_i > 0,\ \sum_i p_i = 1,\ p(s + c\mathbb{1}) = p(s),\ \frac{\partial p_i}{\partial s_j} = p_i(\delta_{ij} - p_j)"
                  r"\ \text{i.e. } \frac{\partial p}{\partial s} = \Sigma(p) = \operatorname{diag}(p) - pp^T",
        hypotheses=("real finite logits s ∈ ℝ^C",),
        expected_verdict="verified",
        checks=(proofs.softmax_properties_symbolic,),
        kinds=("SYM-N",),
    ),
    Claim(
        id="fisher-psd",
        reading="①  $F(x, w)$  and  $G(x, w)$  is a positive semidefinite symmetric matrix.",
        rationale=(
            "F = J_wᵀΣ(p)J_w and G = J_xᵀΣ(p)J_x are symmetric with vᵀFv = Σ p_i(g_i·v)² ≥ 0. This is"
            " proved symbolically and confirmed numerically on several networks; negative eigenvalues"
            " are only at round-off level (checks 1–33, all HOLD)."
        ),
        source=_src('"The Fisher Information matrix", "The Fisher matrix" (definition of G), '
                    '"Properties of the Fisher matrix F and local data matrix G" ①'),
        statement=r"F(x,w) = \mathbb{E}_{y\sim p}[\nabla_w \log p\,(\nabla_w \log p)^T],\ "
                  r"G(x,w) = \mathbb{E}_{y\sim p}[\nabla_x \log p\,(\nabla_x \log p)^T]"
                  r"\text{ are positive semidefinite symmetric; } F = J_w^T\Sigma(p)J_w,\ G = J_x^T\Sigma(p)J_x",
        hypotheses=_NETS,
        expected_verdict="verified",
        checks=(proofs.fisher_psd_symbolic, _psd_numeric),
        kinds=("SYM-N", "NUM-NET"),
    ),
    Claim(
        id="fisher-covariance-prop",
        reading="**Proposition.**  $F$  is the covariance matrix of the gradient of the Amari loss.",
        rationale=(
            "With y ∼ p, E[∇_w l] = 0 and Cov(∇_w l) = E[∇l∇lᵀ] = F. This is proved symbolically and "
            "checked on MLPs and CNNs, random and trained (checks 1–3, 6–15 HOLD). Checks 4–5 concern"
            " the empirical Fisher (labels y ∼ q), a side result the proposition does not claim."
        ),
        source=_src('"Properties of the Fisher matrix", first Proposition'),
        statement=r"F \text{ is the covariance matrix of the gradient of the Amari loss } l = -\log p(y|x,w):\ "
                  r"\mathbb{E}_{y\sim p}[\nabla_w l] = 0,\ \operatorname{Cov}_{y\sim p}(\nabla_w l) = F(x,w)",
        hypotheses=_NETS + ("y ∼ p(y|x, w), the model's own prediction (not the label: that gives the empirical Fisher)",),
        expected_verdict="verified",
        checks=(proofs.fisher_covariance_prop_symbolic, _covariance_numeric),
        kinds=("SYM-FIX", "NUM-NET"),
        notes="The empirical Fisher (y taken from the labels) is a different matrix; its distance to F on held-out "
              "digits is listed in the evidence details, for random and trained networks.",
    ),
    Claim(
        id="fisher-covariance-proof-lines",
        reading=r"&= \mathbb{E}_{y \sim p}[(\nabla_w l)^t (\nabla_w l)] = F(x, w)",
        rationale=(
            "The proof is sound as read in context. ∇l = −∇p/p and the chain down to 0 hold (checks "
            "1, 3–5), and with the minus sign restored and the outer product (∇l)(∇l)ᵀ the lines are "
            "exact (checks 6, 8). Two slips: the summand Σ p_i ∇p_i/p_i drops the minus sign, which "
            "is harmless because Σ∇p_i = 0 (check 2); and (∇l)ᵗ(∇l) is a scalar with the column "
            "gradients used to define F, whose expectation is tr F (check 7). The latter is a "
            "transposition slip the surrounding text ('covariance matrix', F's definition) corrects."
        ),
        finding=Finding(
            printed="E_{y∼p}(∇_w l) = Σ pᵢ ∇_w pᵢ/pᵢ = … = 0; Cov(l) = E[(∇_w l)ᵗ(∇_w l)] = F(x, w)",
            corrected=(
                "The summand Σ pᵢ∇pᵢ/pᵢ drops the minus sign of ∇l = −∇p/p (harmless, the sum is 0), and "
                "(∇l)ᵗ(∇l) should read (∇l)(∇l)ᵀ for the column gradients that define F."
            ),
        ),
        depends_on=("fisher-covariance-prop",),
        source=_src('"Properties of the Fisher matrix", proof of the first Proposition'),
        statement=r"\nabla_w l = -\frac{\nabla_w p}{p};\ \mathbb{E}_{y\sim p}(\nabla_w l) = \sum p_i\frac{\nabla_w p_i}{p_i} = "
                  r"\sum_i\nabla_w p_i = \nabla_w(\textstyle\sum_i p_i) = 0;\ \operatorname{Cov}(l) = "
                  r"\mathbb{E}_{y\sim p}[(\nabla_w l)^t(\nabla_w l)] = F(x,w)",
        hypotheses=("gradients are column vectors, as in the definition of F",),
        expected_verdict="verified-with-caveat",
        caveat=(
            "The summand Σ pᵢ∇pᵢ/pᵢ drops the minus sign of ∇l = −∇p/p (harmless, the sum is 0), and "
            "(∇l)ᵗ(∇l) should read (∇l)(∇l)ᵀ for the column gradients that define F."
        ),
        correction=proofs.CORRECTION_COVARIANCE_PROOF_LINES,
        checks=(_covariance_proof_lines,),
        kinds=("SYM-FIX",),
    ),
    Claim(
        id="fisher-expected-hessian-prop",
        reading=r"**Proposition.**  $F = \mathbb{E}_{y \sim p}[\mathbb{H}(I)], I = -\log p(y|x, w).$",
        rationale=(
            "E_{y∼p}[∇²(−log p_y)] = J_wᵀΣ(p)J_w = F is proved symbolically for any C and d, and "
            "checked on tanh/ReLU MLPs and a CNN, including at ReLU activation boundaries (checks "
            "1–13, all HOLD). The proposition is true; the sign slip in its proof's first display is "
            "a separate claim."
        ),
        source=_src('"Properties of the Fisher matrix", second Proposition'),
        statement=r"F = \mathbb{E}_{y\sim p}[\mathbb{H}(I)],\ I = -\log p(y|x,w)",
        hypotheses=_NETS + ("logits twice differentiable in w at the point (for ReLU: the a.e. second derivative, "
                            "with relu'(0) = 0 as autograd uses, consistently in F and in the Hessian)",),
        expected_verdict="verified",
        checks=(proofs.fisher_expected_hessian_prop_symbolic, _expected_hessian_numeric),
        kinds=("SYM-FIX", "NUM-NET"),
    ),
    Claim(
        id="fisher-hessian-proof-line",
        reading=(
            r"\mathbb{H}[I] = -\text{Jac} \left[ \frac{\nabla_w p}{p} \right] = - [\mathbb{H}(p) \cdot"
            r" p + \nabla_w p \cdot \nabla_w p] \frac{1}{p^2}"
        ),
        rationale=(
            "The printed Hessian of −log p has the wrong sign on the rank-one term: the true formula "
            "is −[ℍ(p)p − ∇p∇pᵀ]/p² (check 2 FAILS; check 4 verifies the correction). Its expectation"
            " would be −F, not F (check 5), so the next line does not follow from it (check 6); the "
            "next line and the proposition are right only because the sign silently flips (checks "
            "7–8). The term is not zero (its expectation is 2F), so this is a wrong formula in a "
            "derivation step rather than a harmless slip."
        ),
        finding=Finding(
            printed="ℍ[I] = −Jac[∇_w p/p] = −[ℍ(p)·p + ∇_w p·∇_w p]·1/p²",
            corrected=(
                "ℍ[I] = −Jac[∇_w p/p] = −[ℍ(p)·p − ∇_w p (∇_w p)ᵀ]/p², whose expectation −Σᵢℍ(pᵢ) + "
                "E[(∇p/p)(∇p/p)ᵀ] = F"
            ),
            downstream=(
                "The next line of the proof of F = E_{y∼p}[ℍ(I)] does not follow from it (with it one "
                "gets −F); the proposition itself is true and the next printed line is correct."
            ),
            consequence=2,
        ),
        depends_on=("fisher-expected-hessian-prop",),
        source=_src('"Properties of the Fisher matrix", proof of the second Proposition, first display'),
        statement=r"\mathbb{H}[I] = -\operatorname{Jac}\left[\frac{\nabla_w p}{p}\right] = "
                  r"-[\mathbb{H}(p)\cdot p + \nabla_w p\cdot\nabla_w p]\frac{1}{p^2}",
        hypotheses=("p = p(y|x, w) > 0 twice differentiable in w",),
        expected_verdict="erratum",
        correction=proofs.CORRECTION_HESSIAN_PROOF_LINE,
        checks=(_hessian_proof_line,),
        kinds=("SYM-FIX",),
    ),
    Claim(
        id="kl-fisher-expansion-w",
        reading=(
            r"$$\text{KL}(p(y|x, w + \delta w) || p(y|x, w)) \cong \frac{1}{2}(\delta w)^T F(x, "
            r"w)(\delta w) + \mathcal{O}(\|\delta w\|^3)$$"
        ),
        rationale=(
            "The cubic remainder (slope ≈ 3, KL/quadratic → 1) holds on every tested MLP and LeNet, "
            "random and trained (1-10, including 7 and 9 where the path leaves a region). It fails "
            "only when the base point lies on a ReLU activation boundary (11, slope 1.83), so the "
            "formula needs the unstated assumption that the logits are smooth in w near (x, w). Close"
            " call with remark, since such points are non-generic in weight space."
        ),
        finding=Finding(
            printed="KL(p(y|x, w+δw) ‖ p(y|x, w)) ≅ ½ (δw)ᵀ F(x, w) (δw) + O(‖δw‖³)",
            corrected=(
                "The expansion assumes the logits are smooth (C³) in w near the base point; for ReLU "
                "networks it fails at weights on an activation boundary, where the remainder is not "
                "O(‖δw‖³)."
            ),
        ),
        source=_src('"The Fisher matrix", Key Facts (printed twice)'),
        statement=r"\mathrm{KL}(p(y|x,w+\delta w)\,\|\,p(y|x,w)) \cong \tfrac12(\delta w)^T F(x,w)(\delta w) + \mathcal{O}(\|\delta w\|^3)",
        hypotheses=_NETS + ("the logits are C³ in w near the base point: smooth activations, or for ReLU a base point "
                            "inside an activation region",),
        expected_verdict="verified-with-caveat",
        caveat=(
            "The expansion assumes the logits are smooth (C³) in w near the base point; for ReLU "
            "networks it fails at weights on an activation boundary, where the remainder is not "
            "O(‖δw‖³)."
        ),
        checks=(_kl_w,),
        kinds=("NUM-NET",),
    ),
    Claim(
        id="kl-G-expansion-x",
        reading=(
            r"$$\text{KL}(p(y|x + \delta x, w) || p(y|x, w)) \cong \frac{1}{2} (\delta x)^T G(x, w) "
            r"(\delta x) + \mathcal{O}(\|\delta x\|^3)$$"
        ),
        rationale=(
            "Wherever the logits are smooth near x, KL − ½δxᵀGδx has slope 3 (checks 1-6 and 10, plus"
            " 8-9 across regions). For ReLU/max-pool networks (the lecture's own) the expansion needs"
            " x off the activation boundaries and max-pool ties: at such points the remainder is "
            "O(‖δx‖²) and KL/quadratic ≠ 1 (7, 11). Check 7 is at a real held-out digit with zero "
            "background, so the assumption matters in practice. This is an unstated smoothness "
            "assumption, not a wrong formula."
        ),
        finding=Finding(
            printed="KL(p(y|x+δx, w) ‖ p(y|x, w)) ≅ ½ (δx)ᵀ G(x, w) (δx) + O(‖δx‖³)",
            corrected=(
                "The expansion assumes the logits are smooth (C³) in x near the base point; for "
                "ReLU/max-pool networks it fails at activation boundaries and max-pool ties, where the "
                "remainder is only O(‖δx‖²)."
            ),
        ),
        source=_src('"The Fisher matrix", second Key Facts block'),
        statement=r"\mathrm{KL}(p(y|x+\delta x,w)\,\|\,p(y|x,w)) \cong \tfrac12(\delta x)^T G(x,w)(\delta x) + \mathcal{O}(\|\delta x\|^3)",
        hypotheses=_NETS + ("the logits are C³ in x near the base point: smooth activations, or for ReLU an input "
                            "inside an activation region",),
        expected_verdict="verified-with-caveat",
        caveat=(
            "The expansion assumes the logits are smooth (C³) in x near the base point; for "
            "ReLU/max-pool networks it fails at activation boundaries and max-pool ties, where the "
            "remainder is only O(‖δx‖²)."
        ),
        checks=(_kl_x,),
        kinds=("NUM-NET",),
    ),
    Claim(
        id="FG-kernel-characterization",
        reading=r"$\ker F(x, w) = (\text{span}_{i=1, \dots, C} \{\nabla_w \log p_i(y|x, w)\})^\perp$ ;",
        rationale=(
            "The symbolic proof (checks 1-2) shows Fv = 0 iff v is orthogonal to every score ∇log "
            "p_i, using only p_i > 0, which holds automatically for softmax with finite logits; the "
            "exact rational check (3) and every resolvable numeric case (4-13) agree for both F and "
            "G. The p_k = 0 boundary in check 3 and the numerical-rank collapse under saturation (14)"
            " are outside the exact statement, not caveats."
        ),
        source=_src('"Properties of the Fisher matrix F and local data matrix G", ② and ③'),
        statement=r"\ker F(x,w) = (\operatorname{span}_{i=1..C}\{\nabla_w \log p_i\})^\perp,\ "
                  r"\ker G(x,w) = (\operatorname{span}_{i=1..C}\{\nabla_x \log p_i\})^\perp",
        hypotheses=_NETS + ("p_i > 0 for every i (true for finite logits)",),
        expected_verdict="verified",
        checks=(proofs.fg_kernel_characterization_symbolic, _kernel_numeric),
        kinds=("SYM-N", "NUM-NET"),
        notes="At a nearly saturated softmax the statement still holds exactly, but the numerical rank of F (DESIGN.md "
              "rule) falls below the dimension of the span, because F's eigenvalues scale with the tiny p_i; the evidence "
              "lists the ranks as the logits are scaled up.",
    ),
    Claim(
        id="fisher-rank-bound",
        reading=r"$\text{rank } F(x, w) < C, \quad \text{rank } G(x, w) < C$",
        rationale=(
            "Σ_i p_i ∇log p_i = 0 gives dim span ≤ C − 1, hence rank F, rank G ≤ C − 1 < C (1, 6). "
            "This is confirmed exactly (2) and on 48 numeric cases (3), and the bound is sharp "
            "generically (2, 4, 5)."
        ),
        depends_on=("fisher-covariance-prop",),
        source=_src('"The Fisher matrix" ("rank(F) < number of classes") and "Properties of the Fisher matrix F and '
                    'local data matrix G" ④'),
        statement=r"\operatorname{rank} F(x,w) < C,\quad \operatorname{rank} G(x,w) < C",
        hypotheses=_NETS,
        expected_verdict="verified",
        checks=(proofs.fisher_rank_bound_symbolic, _rank_numeric),
        kinds=("SYM-N", "NUM-NET"),
        notes="Sharp form: Σ_i p_i ∇log p_i = 0, so rank F ≤ min(C − 1, d) and rank G ≤ min(C − 1, n); 'rank < C' is the "
              "same bound, and it is attained by generic networks.",
    ),
    Claim(
        id="fisher-not-riemannian-nonconstant-rank",
        reading="Not constant rank either!",
        rationale=(
            "For the lecture's own bias-free score f = W₃max(0, W₂max(0, W₁x)), rank F ≤ C − 1 < d, "
            "so F is singular and not Riemannian (6, 9), and rank F is 0 at w = 0 but C − 1 "
            "generically, so it is not constant (3-5, 8). With an output-layer bias (as in LeNet and "
            "the other networks the lecture cites), the single-sample F(x, w) contains the block Σ(p)"
            " and has constant rank C − 1 at every (x, w) (1, 7, 10). So 'not constant rank' depends "
            "on the unstated bias-free architecture, and even there the rank drops only where the "
            "last hidden layer vanishes. Close call with remark, since the bias-free score is the "
            "lecture's own model."
        ),
        finding=Finding(
            printed="The metric is neither Riemannian nor subriemannian. Not constant rank either!",
            corrected=(
                "Rank non-constancy needs the bias-free score of the lecture: with an output-layer bias "
                "the single-sample Fisher F(x, w) has constant rank C − 1 everywhere, and without one the"
                " rank drops only where the last hidden layer is zero (e.g. w = 0)."
            ),
        ),
        depends_on=("fisher-rank-bound",),
        source=_src('"The Fisher Information matrix" and "The Fisher matrix"'),
        statement=r"\text{The metric } F \text{ is neither Riemannian nor subriemannian. Not constant rank either!}",
        hypotheses=("the lecture's bias-free score f(x) = W₃ max(0, W₂ max(0, W₁x))",
                    "the sub-Riemannian remark is qualitative and not checked"),
        expected_verdict="verified-with-caveat",
        caveat=(
            "Rank non-constancy needs the bias-free score of the lecture: with an output-layer bias "
            "the single-sample Fisher F(x, w) has constant rank C − 1 everywhere, and without one the"
            " rank drops only where the last hidden layer is zero (e.g. w = 0)."
        ),
        checks=(proofs.fisher_not_riemannian_nonconstant_rank_symbolic, _nonconstant_rank_numeric),
        kinds=("NUM-NET", "SYM-N"),
    ),
    Claim(
        id="G-size-rank-table",
        reading="Dataset\t$G(x, w)$ size\trank $G(x, w)$ bound",
        rationale=(
            "All four sizes are correct: 784 = 28·28, 3072 = 3·32·32, and 150528 = 3·224·224 with the"
            " standard crop (1, 4, 7, 10). Each printed 'rank bound' equals C and is the strict bound"
            " of ④ (rank G < C), which holds (2, 5, 8, 11). Checks 3, 6, 9 and 12 test whether the "
            "bound is attained, which a column headed 'bound' directly under ④ 'rank G < C' never "
            "claims."
        ),
        source=_src('table after "Properties of the Fisher matrix F and local data matrix G"'),
        statement=r"\begin{array}{lll}\text{MNIST} & 784 & 10\\ \text{CIFAR-10} & 3072 & 10\\ \text{CIFAR-100} & 3072 & 100\\ "
                  r"\text{ImageNet} & 150528 & 1000\end{array}\quad(\text{dataset, size of } G(x,w),\ \text{rank } G(x,w) \text{ bound})",
        hypotheses=("standard image shapes 1×28×28, 3×32×32, 3×224×224 (ImageNet's usual crop)",
                    "random weights are enough: the rank bound holds at every (x, w) and is attained generically"),
        expected_verdict="verified",
        remark="The printed bounds are C, which rank G never reaches: they are strict bounds (rank G < C, as ④ says). "
               "The attainable maximum, reached by random networks, is C − 1: 9, 9, 99 and 999.",
        checks=(_size_table,),
        kinds=("ARITH", "NUM-NET"),
    ),
    Claim(
        id="fisher-vs-G-size-gap",
        reading="For the Fisher the difference in size and rank is larger!",
        rationale=(
            "In the lecture's setting (e.g. LeNet-5 on MNIST, d = 61706 against n = 784) the gap size"
            " − rank is 61697 for F against 775 for G (1, 2), and typical classifiers have d ≫ n. "
            "Check 3 (every classifier, including a tiny global-pool net on ImageNet with d ≤ n) "
            "tests a universal reading the exclamation never makes."
        ),
        source=_src('sentence under the G table of "Properties of the Fisher matrix F and local data matrix G" '
                    '("For the Fisher the difference in size and rank is larger!")'),
        statement=r"\text{For the Fisher the difference in size and rank is larger!}",
        hypotheses=("F is d×d, G is n×n, both of rank ≤ C − 1",),
        expected_verdict="verified",
        remark="True exactly when d > n. That holds for LeNet-5 on MNIST and for the usual networks, but not for every "
               "classifier: a 3×3-convolution + global-pooling ImageNet classifier has d = 9 224 < n = 150 528.",
        checks=(_size_gap,),
        kinds=("ARITH",),
    ),
]
