"""Claims of the lecture “The Geometry of Deep Learning. Lecture 2: Deep Learning”, section L.1 of CLAIMS.md ("Ingredients and training
procedure"): the slides "Ingredients for Deep Learning", "1. Learning process", "Forward pass
(green), Backpropagation (red)", "2. Validation process", "Convolutions and “edge detection”",
"Example of Deep Learning Neural Network", "Practical use: Colon Cancer Detection", "2. LOSS
function" and the figure-only slides.

What is checked, claim by claim:

* ``relu-score-function`` — bias-free ReLU nets f(x) = W₃ max(0, W₂ max(0, W₁x)) (geomath's
  ``bias_free_relu``): f(cx) = c f(x) for c ≥ 0; invariance under (W₁, W₂, W₃) ↦ (cW₁, W₂/c, W₃);
  the autograd Jacobian (``jacrev``) against W₃Δ₂W₂Δ₁W₁ built from the activation masks, and its
  rank against the active units; the input Hessian (autograd, and second differences inside a
  region with a boundary-crossing control); the rescaling direction against ker F.
* ``ce-loss-softmax`` — SymPy proof for a symbolic number of classes C that ∂L_y/∂s = p − e_y and
  ∂²L_y/∂s² = Σ(p), label-free; the same at C = 2..4 for every label; on a small network the
  printed loss against ``F.cross_entropy(reduction='sum')`` and the logit gradient and Hessian
  against autograd for every label.
* ``sgd-sum-estimator`` — exact enumeration of every minibatch (with and without replacement) for
  small n: E and Cov of ∇L_stoc = Σ_{i≤b} ∇L_rand(i) against b·ḡ, b·Σ_g and b·Σ_g·(n−b)/(n−1),
  in exact rational arithmetic and with per-sample gradients of a network; α ↔ the paper's η.
* ``data-split-80-10-10``, ``epoch-updates``, ``colon-data-table``, ``alexnet-accuracy-table`` —
  arithmetic on the printed numbers (read from the committed slides, never retyped where the claim
  is about what is printed), with ``len(DataLoader)`` for update counts and a simulated epoch of
  the printed procedure.
* ``backprop-circuit-values`` / ``backprop-circuit-code`` — the printed values against hand
  arithmetic and torch autograd; the printed code run *as printed* by a restricted interpreter of
  its ``ast`` (:func:`_run_printed_code`: assignments of numbers, names, unary minus and + − × ÷
  only; nothing is ``exec``'d or ``eval``'d).
* ``conv-edge-example`` — the printed 4×4 array against the valid 2-D cross-correlation
  (``conv2d`` in float64, ``scipy.signal.correlate2d``) and the true convolution
  (``scipy.signal.convolve2d``), entry by entry, and the output size n − k + 1.
* ``figure-only-slides`` — DOC, with the optional max-pool check.

Every check that runs torch is single-threaded (``paper_flows._one_thread``, restored after): the tensors
are tiny, and on a loaded 2-core machine intra-op threads made one 13-minibatch epoch take 1.07 s against
0.01 s with one thread.

Tolerances. Printed numbers: :func:`~verification.evidence.printed_value` (half a unit of the last
printed digit, or exact for counts and totals). Exact arithmetic (``fractions.Fraction``, Python
ints, SymPy) is compared exactly. Float64 network quantities: ROUNDING = 1e3·eps relative to the
scale of the compared values — every compared entry is a sum of at most a few dozen rounded
products through at most three layers of width ≤ 8, whose rounding is a few eps; 1e3·eps leaves a
margin of ~100 and is still 10⁹ times below any discrepancy of a wrong formula (order 1 relative).
Enumerated moments sum m minibatch terms; naive summation of m terms errs by at most m·eps of the
summed magnitudes, so they are compared within 8·m·eps relative (factor 8 for the products in Cov).
"""
from __future__ import annotations

import ast
import io
import itertools
import math
import re
import tokenize
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import lru_cache

import numpy as np
import sympy as sp
import torch
import torch.nn.functional as F
from scipy import signal
from torch.func import functional_call, hessian, jacrev
from torch.utils.data import BatchSampler, DataLoader, SequentialSampler

from geomath.numeric import (bias_free_relu, fisher, fisher_factor, gaussian_mixture, numerical_rank, per_sample_grads,
                             relu_mlp)
from geomath.numeric import softmax_covariance
from geomath.numeric.regions import activation_pattern
from geomath.symbolic import categorical_softmax
from geomath.symbolic.proof import Proof, delta_sum
from verification.claims._common import lecture_source as _src
from verification.claims import lecture_fisher_proofs as fp
from verification.claims.paper_flows import _one_thread
from verification.evidence import fact, numeric_close, printed_value, proof_evidence
from verification.figures import Table
from verification.model import Claim, Context, Evidence, Finding, SEEDS
from verification.sources import lecture_slide

LECTURE = SEEDS["L"]
EPS = float(torch.finfo(torch.float64).eps)
ROUNDING = 1e3 * EPS
ROUNDING_REASON = ("float64: each compared entry is a sum of a few dozen rounded products through ≤ 3 layers of width "
                   "≤ 8 (rounding of a few eps); 1e3·eps relative to the scale of the compared values leaves a margin "
                   "of ~100, far below the order-1 discrepancy of a wrong formula")
EXACT_REASON = "exact rational arithmetic (fractions.Fraction / Python int): both sides must be equal"
DOC_REASON = ("not decidable by computation (CLAIMS.md kind DOC): recorded as undecided, which keeps the verdict "
              "inconclusive; nothing here says the statement is false")

# slide titles exactly as verification.sources.lecture_slides() names them
INGREDIENTS = "Ingredients for Deep Learning"
LEARNING = "1. Learning process"
BACKPROP = "Forward pass (green), Backpropagation (red)"
VALIDATION = "2. Validation process"
CONV = "Convolutions and “edge detection”"
CONV_PREV = "1. SCORE function: Convolutional Neural Networks"
ALEXNET = "Example of Deep Learning Neural Network"
COLON = "Practical use: Colon Cancer Detection"
LOSS = "2. LOSS function"


def _text(title: str) -> str:
    return lecture_slide(title).text


def _find(pattern: str, title: str, flags: int = 0) -> re.Match:
    """The first match of ``pattern`` in the slide's text; a missing match is an error (the slide changed)."""
    m = re.search(pattern, _text(title), flags)
    if m is None:
        raise ValueError(f"slide {title!r}: the printed text matching {pattern!r} was not found")
    return m


def _table(title: str, columns, rows, note: str = "") -> Table:
    return Table(title, tuple(columns), tuple(tuple(r) for r in rows), note=note)


def _seed(ctx: Context, salt: str) -> int:
    return ctx.rng(salt).randrange(2**31)


def _rel(a: torch.Tensor, b: torch.Tensor) -> tuple[float, float]:
    """(max |a − b|, scale = max(1, max |a|, max |b|)): residuals are compared relative to the scale."""
    diff = float((a - b).abs().max()) if a.numel() else 0.0
    scale = max(1.0, float(a.abs().max()) if a.numel() else 0.0, float(b.abs().max()) if b.numel() else 0.0)
    return diff, scale


# ================================================================================================
# relu-score-function
# ================================================================================================

_RELU_WIDTHS = ((5, 7, 6, 3), (6, 8, 2, 4))  # the second is narrow: rank ≤ 2 through its second layer


@dataclass(frozen=True)
class _ReluNet:
    widths: tuple[int, ...]
    model: torch.nn.Module
    X: torch.Tensor  # (m, n) Gaussian inputs

    @property
    def weights(self) -> tuple[torch.Tensor, ...]:
        return tuple(p.detach() for p in self.model.parameters())

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(n for n, _ in self.model.named_parameters())

    def f(self, x: torch.Tensor, params: dict | None = None) -> torch.Tensor:
        """Logits of one input (no batch dimension)."""
        p = dict(zip(self.names, self.weights)) if params is None else params
        return functional_call(self.model, p, (x.unsqueeze(0),))[0]


@lru_cache(maxsize=4)
def _relu_nets(seed: int) -> tuple[_ReluNet, ...]:
    gen = torch.Generator().manual_seed(seed)
    nets = []
    for k, w in enumerate(_RELU_WIDTHS):
        model = bias_free_relu(w, seed=seed + k)
        nets.append(_ReluNet(w, model, torch.randn(8, w[0], generator=gen, dtype=torch.float64)))
    return tuple(nets)


def _printed_form(net: _ReluNet, x: torch.Tensor) -> torch.Tensor:
    """W₃ max(0, W₂ max(0, W₁x)), the slide's formula, written out."""
    W1, W2, W3 = net.weights
    return W3 @ torch.clamp(W2 @ torch.clamp(W1 @ x, min=0), min=0)


@_one_thread
def _relu_homogeneous(ctx: Context) -> list[Evidence]:
    nets = _relu_nets(_seed(ctx, "nets"))
    zeros = re.findall(r"\\max\((\d+),", _find(r"f\(x\) = W_3 .*\$\$", INGREDIENTS).group(0))
    if zeros != ["0", "0"]:
        raise ValueError(f"slide {INGREDIENTS!r}: expected the two thresholds of max(0, ·), found {zeros}")
    worst_form = worst_hom = 0.0
    cs = (0.0, 0.25, 1.0, 2.0, 3.7, 1e3)
    control = 0.0
    for net in nets:
        for x in net.X:
            d, s = _rel(net.f(x), _printed_form(net, x))
            worst_form = max(worst_form, d / s)
            for c in cs:
                d, s = _rel(net.f(c * x), c * net.f(x))
                worst_hom = max(worst_hom, d / s)
            d, s = _rel(net.f(-x), -net.f(x))
            control = max(control, d / s)
    info = {"widths": [list(n.widths) for n in nets], "inputs per net": int(nets[0].X.shape[0]), "c": list(cs)}
    return [
        numeric_close(worst_form, 0.0, "geomath's bias_free_relu equals the printed f(x) = W₃ max(0, W₂ max(0, W₁x)) "
                      "(max relative difference over the inputs)", tol=ROUNDING, reason=ROUNDING_REASON,
                      details={**info, "printed": zeros, "slide": INGREDIENTS,
                               "note": "the printed 0s are the thresholds of max(0, ·), written out as clamp(min=0)"}),
        numeric_close(worst_hom, 0.0, "f(cx) = c·f(x) for c ≥ 0 (max relative difference over c and the inputs)",
                      tol=ROUNDING, reason=ROUNDING_REASON,
                      details={**info, "control c = −1: max relative |f(−x) + f(x)|": control,
                               "note": "homogeneity is for c ≥ 0 only; the control shows the check can fail"}),
    ]


@_one_thread
def _relu_rescaling(ctx: Context) -> list[Evidence]:
    nets = _relu_nets(_seed(ctx, "nets"))
    worst = 0.0
    cs = (0.5, 3.0, 1e-2, 17.0)
    for net in nets:
        W1, W2, W3 = net.weights
        for c in cs:
            params = dict(zip(net.names, (c * W1, W2 / c, W3)))
            for x in net.X:
                d, s = _rel(net.f(x, params), net.f(x))
                worst = max(worst, d / s)
    return [numeric_close(worst, 0.0, "(W₁, W₂, W₃) ↦ (cW₁, W₂/c, W₃), c > 0, leaves f unchanged (max relative difference)",
                          tol=ROUNDING, reason=ROUNDING_REASON, details={"c": list(cs)})]


def _masks(net: _ReluNet, x: torch.Tensor):
    pat = activation_pattern(net.model, x)
    return pat, [torch.diag((s > 0).to(torch.float64)) for s in pat.relu_signs]


@_one_thread
def _relu_jacobian(ctx: Context) -> list[Evidence]:
    nets = _relu_nets(_seed(ctx, "nets"))
    worst_jac = worst_lin = 0.0
    rank_ok, strict, rows = True, True, []
    for net in nets:
        W1, W2, W3 = net.weights
        for i, x in enumerate(net.X):
            pat, (D1, D2) = _masks(net, x)
            strict &= pat.strict
            M = W3 @ D2 @ W2 @ D1 @ W1
            J = jacrev(net.f)(x)
            d, s = _rel(J, M)
            worst_jac = max(worst_jac, d / s)
            d, s = _rel(net.f(x), M @ x)
            worst_lin = max(worst_lin, d / s)
            r = numerical_rank(M)
            bound = min(pat.active_units)
            rank_ok &= r <= bound
            if i < 3:
                rows.append((str(net.widths), i, str(pat.active_units), r, bound))
    fig = _table("Per-region Jacobian W₃Δ₂W₂Δ₁W₁: rank vs active units", ("widths", "input", "active units",
                 "rank", "min active"), rows)
    return [
        numeric_close(worst_jac, 0.0, "autograd Jacobian jacrev(f)(x) = W₃Δ₂W₂Δ₁W₁ with the 0/1 activation masks "
                      "Δ₁, Δ₂ at x (max relative difference over the inputs)", tol=ROUNDING, reason=ROUNDING_REASON,
                      details={"every input strictly inside a region": bool(strict)}, figures=(fig,)),
        numeric_close(worst_lin, 0.0, "f(x) = (W₃Δ₂W₂Δ₁W₁)x: linear on each activation region (bias-free)",
                      tol=ROUNDING, reason=ROUNDING_REASON),
        fact(rank_ok and strict, "rank W₃Δ₂W₂Δ₁W₁ ≤ number of active units in each layer (numerical rank, "
             "DESIGN.md tolerance)", kind="numeric", reason="rank by singular values against max(shape)·eps·σ_max"),
    ]


@_one_thread
def _relu_hessian(ctx: Context) -> list[Evidence]:
    nets = _relu_nets(_seed(ctx, "nets"))
    gen = torch.Generator().manual_seed(_seed(ctx, "hessian"))
    worst_auto = worst_fd = 0.0
    crossing = 0.0
    for net in nets:
        for x in net.X:
            H = hessian(net.f)(x)
            worst_auto = max(worst_auto, float(H.abs().max()))
            v = torch.randn(x.shape, generator=gen, dtype=torch.float64)
            v = v / v.norm()
            h = 0.5
            pat0 = activation_pattern(net.model, x)
            while not (pat0.same_region(activation_pattern(net.model, x + h * v))
                       and pat0.same_region(activation_pattern(net.model, x - h * v))):
                h /= 2
                if h < 1e-12:
                    raise ValueError("no in-region segment found around an input: it lies on a boundary")
            d2 = net.f(x + h * v) - 2 * net.f(x) + net.f(x - h * v)
            scale = max(1.0, float(net.f(x + h * v).abs().max()), float(net.f(x - h * v).abs().max()))
            worst_fd = max(worst_fd, float(d2.abs().max()) / scale)
            # control: a long segment that leaves the region
            for big in (2.0, 4.0, 8.0):
                if not pat0.same_region(activation_pattern(net.model, x + big * v)):
                    d2c = net.f(x + big * v) - 2 * net.f(x) + net.f(x - big * v)
                    sc = max(1.0, float(net.f(x + big * v).abs().max()), float(net.f(x - big * v).abs().max()))
                    crossing = max(crossing, float(d2c.abs().max()) / sc)
                    break
    return [
        numeric_close(worst_auto, 0.0, "∇²_x f_k = 0 (torch.func.hessian of every logit at inputs inside a region)",
                      tol=ROUNDING, reason=ROUNDING_REASON),
        numeric_close(worst_fd, 0.0, "independently of autograd: second differences f(x+hv) − 2f(x) + f(x−hv) vanish "
                      "when x ± hv stay in x's region (relative to |f|)", tol=ROUNDING, reason=ROUNDING_REASON,
                      details={"control: largest relative second difference on a segment crossing a boundary": crossing,
                               "note": "off the boundaries only: across a boundary the second difference is of order 1"}),
        fact(crossing > 1e-3, "control: across an activation boundary the second difference is not rounding (so the "
             "in-region check could fail)", kind="numeric", details={"largest relative second difference": crossing},
             reason="above 1e-3 relative: 10¹⁰ times the rounding threshold"),
    ]


def _flat(tensors) -> torch.Tensor:
    return torch.cat([t.reshape(-1) for t in tensors])


@_one_thread
def _relu_kernel_fisher(ctx: Context) -> list[Evidence]:
    nets = _relu_nets(_seed(ctx, "nets"))
    gen = torch.Generator().manual_seed(_seed(ctx, "kernel"))
    worst_F = worst_J = 0.0
    control = math.inf
    zero_F = used = 0
    for net in nets:
        W1, W2, W3 = net.weights
        u = _flat((W1, -W2, torch.zeros_like(W3)))  # d/dc (cW1, W2/c, W3) at c = 1
        for x in net.X[:4]:
            Fm = fisher(net.model, x)
            fnorm = float(torch.linalg.matrix_norm(Fm, ord=2))
            if fnorm == 0.0:  # every unit of a layer off: f ≡ 0 near x, F = 0 annihilates everything
                zero_F += 1
                continue
            used += 1
            worst_F = max(worst_F, float((Fm @ u).norm()) / (fnorm * float(u.norm())))
            J = fisher_factor(net.model, x).J
            worst_J = max(worst_J, float((J @ u).norm()) / (float(torch.linalg.matrix_norm(J, ord=2)) * float(u.norm())))
            r = torch.randn(u.shape, generator=gen, dtype=torch.float64)
            control = min(control, float((Fm @ r).norm()) / (fnorm * float(r.norm())))
    return [
        numeric_close(worst_F, 0.0, "the rescaling direction u = (W₁, −W₂, 0) lies in ker F(x, w): ‖Fu‖/(‖F‖₂‖u‖)",
                      tol=ROUNDING, reason=ROUNDING_REASON,
                      details={"‖J_w u‖/(‖J_w‖₂‖u‖)": worst_J, "inputs with F ≠ 0": used,
                               "inputs skipped, F = 0 (a layer entirely off)": zero_F,
                               "control: smallest ‖Fr‖/(‖F‖₂‖r‖) over random directions r": control}),
        fact(control > 1e-6 and used >= 4, "control: a random direction is not annihilated by F (the kernel check can fail)",
             kind="numeric", details={"smallest ratio": control}, reason="above 1e-6: 10⁷ times the rounding threshold"),
    ]


# ================================================================================================
# ce-loss-softmax
# ================================================================================================

def _ce_proof() -> Proof:
    s, y, k, j, C, Zsum, Z = fp._s, fp._y, fp._k, fp._j, fp._C, fp._Zsum, fp._Z
    p = fp._p
    proof = Proof("L_y = -log softmax_y(s): value, gradient p - e_y, Hessian Sigma(p) free of y; symbolic C")
    proof.step(sp.Symbol(r"-\log\frac{e^{s_y}}{\sum_{m=1}^C e^{s_m}}"), -s[y] + sp.log(Z),
               r"\log(a/b) = \log a - \log b,\ \log e^{s_y} = s_y\ (s_y \text{ real}),\ Z = \sum_m e^{s_m}",
               residual=sp.expand_log(-sp.log(sp.exp(s[y]) / Z), force=True) - (-s[y] + sp.log(Z)))
    Ly = -sp.log(sp.exp(s[y]) / Zsum)
    g = fp._resolve_class_range(sp.diff(Ly, s[k]).doit())
    proof.step(sp.Symbol(r"\frac{\partial L_y}{\partial s_k}"), p[k] - sp.KroneckerDelta(k, y),
               r"SymPy's derivative of -\log(e^{s_y}/\sum_{m=1}^C e^{s_m}), e^{s_k} = p_k Z: \nabla_s L_y = p - e_y",
               residual=fp._to_p(g) - (p[k] - sp.KroneckerDelta(k, y)))
    h = fp._to_p(fp._resolve_class_range(sp.diff(g, s[j]).doit()))
    proof.step(sp.Symbol(r"\frac{\partial^2 L_y}{\partial s_k \partial s_j}"),
               p[k] * (sp.KroneckerDelta(k, j) - p[j]),
               r"SymPy's second derivative: \nabla_s^2 L_y = \mathrm{diag}(p) - pp^T = \Sigma(p), free of the label y",
               residual=h - p[k] * (sp.KroneckerDelta(k, j) - p[j]))
    total = delta_sum(p[k] - sp.KroneckerDelta(k, y), k, C, {p[k]: sp.S.One})
    proof.step(sp.Symbol(r"\sum_{k=1}^C \frac{\partial L_y}{\partial s_k}"), 0,
               r"\sum_k p_k = 1,\ \sum_k \delta_{ky} = 1: the logit gradient sums to 0", residual=total)
    return proof


def _ce_symbolic(ctx: Context) -> list[Evidence]:
    proof = _ce_proof()
    free_of_y = fp._y not in proof.steps[2].rhs.free_symbols
    out = [proof_evidence(proof, "L_y = −s_y + log Σ_j e^{s_j}, ∇_s L_y = softmax(s) − e_y, ∇²_s L_y = Σ(p) "
                          "(label-free), symbolic C", reason=fp.PROOF_REASON,
                          details={"Hessian free of y": bool(free_of_y)})]
    lhs, rhs = [], []
    sizes = range(2, 5)
    for C in sizes:
        s = sp.symbols(f"s_1:{C + 1}", real=True)
        E = sp.symbols(f"E_1:{C + 1}", positive=True)
        table = dict(zip(s, E))
        fam = categorical_softmax(C, params=s)
        p = sp.Matrix(fam.pmf())
        Sigma = sp.Matrix(fam.fisher())
        rat = lambda e: fp._rat_exp(e, table)  # noqa: E731
        Z = sp.Add(*[sp.exp(si) for si in s])
        for y in range(C):
            L = -sp.log(sp.exp(s[y]) / Z)
            g = sp.Matrix([sp.diff(L, si) for si in s])
            H = sp.hessian(L, s)
            ey = sp.Matrix([int(i == y) for i in range(C)])
            lhs += [g.applyfunc(rat), H.applyfunc(rat)]
            rhs += [(p - ey).applyfunc(rat), Sigma.applyfunc(rat)]
    out.append(fp._identity(lhs, rhs, "C = 2..4, every label y: SymPy's gradient and Hessian of −log(e^{s_y}/Σ_j e^{s_j}) "
                            "= p − e_y and geomath's Σ(p) = diag(p) − ppᵀ (categorical_softmax(C).fisher())",
                            details={"C": list(sizes), "method": "e^{s_i} → E_i > 0; exact normal form in ℚ(E)"}))
    return out


@_one_thread
def _ce_numeric(ctx: Context) -> list[Evidence]:
    seed = _seed(ctx, "ce")
    C, n, N = 5, 6, 15
    model = relu_mlp(n, hidden=(8,), n_classes=C, seed=seed)
    gen = torch.Generator().manual_seed(seed)
    X = 2.0 * torch.randn(N, n, generator=gen, dtype=torch.float64)
    y = torch.arange(N) % C
    with torch.no_grad():
        f = model(X)
    printed_ingredients = sum(-torch.log(torch.exp(f[i, y[i]]) / torch.exp(f[i]).sum()) for i in range(N))
    # "2. LOSS function": −Σ_x log[e^{s_label(x)} / (e^{s_1(x)} + … + e^{s_N(x)})], N = number of scores
    printed_loss_slide = -sum(math.log(math.exp(float(f[i, y[i]])) / sum(math.exp(float(v)) for v in f[i])) for i in range(N))
    implied = (-f.gather(1, y[:, None])[:, 0] + torch.logsumexp(f, dim=1)).sum()
    ref = F.cross_entropy(f, y, reduction="sum")
    scale = max(1.0, float(ref))
    out = [
        numeric_close(float(printed_ingredients) / scale, float(ref) / scale,
                      "L = Σ_i −log(e^{f_{y_i}}/Σ_j e^{f_j}) (Ingredients) vs F.cross_entropy(reduction='sum'), relative",
                      tol=ROUNDING, reason=ROUNDING_REASON, details={"N inputs": N, "C": C, "L": float(ref)}),
        numeric_close(printed_loss_slide / scale, float(ref) / scale,
                      "L(w) = −Σ_x log[e^{s_label(x)}/(e^{s_1}+…+e^{s_N})] (\"2. LOSS function\", N = number of scores) "
                      "vs F.cross_entropy(reduction='sum'), relative", tol=ROUNDING, reason=ROUNDING_REASON),
        numeric_close(float(implied) / scale, float(ref) / scale, "implied form Σ_i (−f_{y_i} + log Σ_j e^{f_j}) vs "
                      "F.cross_entropy(reduction='sum'), relative", tol=ROUNDING, reason=ROUNDING_REASON),
    ]
    # every (input, label) pair: row r of S is input r // C, its label r % C. The samples are independent,
    # so the logit gradient of the summed loss has row r = ∇_s L_y(s_r), and the Hessian rows come from a
    # second backward pass (plain torch.autograd on F.cross_entropy)
    S = f.repeat_interleave(C, dim=0).clone().requires_grad_(True)
    labels = torch.arange(C).repeat(N)
    (g,) = torch.autograd.grad(F.cross_entropy(S, labels, reduction="sum"), S, create_graph=True)
    H = torch.stack([torch.autograd.grad(g[:, k].sum(), S, retain_graph=True)[0] for k in range(C)], dim=1)
    g, H = g.detach(), H.detach()
    p = torch.softmax(S.detach(), dim=1)
    worst_g = float((g - (p - F.one_hot(labels, C).to(p))).abs().max())
    worst_h = float((H - softmax_covariance(S.detach())).abs().max())
    Hy = H.reshape(N, C, C, C)  # (input, label, ·, ·)
    worst_label = float((Hy - Hy[:, :1]).abs().max())
    out += [
        numeric_close(worst_g, 0.0, "autograd ∇_s L_y = softmax(s) − e_y, every input and every label y",
                      tol=ROUNDING, reason=ROUNDING_REASON + " (entries of p − e_y are ≤ 1 in size)"),
        numeric_close(worst_h, 0.0, "autograd ∇²_s L_y = diag(p) − ppᵀ (geomath softmax_covariance), every input and label",
                      tol=ROUNDING, reason=ROUNDING_REASON + " (entries of Σ(p) are ≤ 1/4 in size)"),
        numeric_close(worst_label, 0.0, "the logit Hessian does not depend on the label (max difference between labels)",
                      tol=ROUNDING, reason=ROUNDING_REASON),
    ]
    return out


# ================================================================================================
# sgd-sum-estimator
# ================================================================================================

def _enumerate_sum_estimator(g: list, b: int, with_replacement: bool):
    """Exact E and Cov (population, over the equally likely draws) of Σ_{i≤b} g_{rand(i)} by listing every
    draw: n^b ordered tuples with replacement, C(n, b) subsets without. ``g``: list of vectors (lists of
    Fractions or floats). Returns (mean, cov, number of draws)."""
    n = len(g)
    if b < 1 or (not with_replacement and b > n):
        raise ValueError(f"minibatch size b = {b} must be in 1..n = {n} (without replacement) or >= 1 (with)")
    draws = (list(itertools.product(range(n), repeat=b)) if with_replacement
             else list(itertools.combinations(range(n), b)))
    dim = len(g[0])
    sums = [[sum(g[i][a] for i in d) for a in range(dim)] for d in draws]
    m = len(draws)
    mean = [sum(s[a] for s in sums) / m for a in range(dim)]
    cov = [[sum((s[a] - mean[a]) * (s[c] - mean[c]) for s in sums) / m for c in range(dim)] for a in range(dim)]
    return mean, cov, m


def _population_moments(g: list):
    n, dim = len(g), len(g[0])
    gbar = [sum(v[a] for v in g) / n for a in range(dim)]
    cov = [[sum((v[a] - gbar[a]) * (v[c] - gbar[c]) for v in g) / n for c in range(dim)] for a in range(dim)]
    return gbar, cov


def _moment_rows(g: list, sizes):
    """(b, replace, enumerated mean, formula mean, enumerated cov, formula cov, draws) for each case."""
    n = len(g)
    gbar, Sg = _population_moments(g)
    rows = []
    for b in sizes:
        for with_replacement in (True, False):
            mean, cov, m = _enumerate_sum_estimator(g, b, with_replacement)
            exact = isinstance(gbar[0], Fraction)
            factor = 1 if with_replacement else Fraction(n - b, n - 1) if exact else (n - b) / (n - 1)
            mean_f = [b * v for v in gbar]
            cov_f = [[b * factor * v for v in row] for row in Sg]
            rows.append((b, with_replacement, mean, mean_f, cov, cov_f, m))
    return rows, gbar


def _sgd_exact(ctx: Context) -> list[Evidence]:
    rng = ctx.rng("exact")
    n, dim = 6, 2
    g = [[Fraction(rng.randint(-9, 9)) for _ in range(dim)] for _ in range(n)]
    rows, gbar = _moment_rows(g, (2, 3))
    full = [sum(v[a] for v in g) for a in range(dim)]  # ∇L = Σ_i ∇L_i
    ok_mean = all(mean == mf for _, _, mean, mf, *_ in rows)
    ok_cov = all(r[4] == r[5] for r in rows)
    prop = all(r[2] == [Fraction(r[0], n) * v for v in full] for r in rows)
    unbiased = all(r[2] == full for r in rows)
    table = _table("Exact enumeration of ∇L_stoc = Σ_{i≤b} g_rand(i), n = 6 integer gradients in ℤ²",
                   ("b", "sampling", "draws", "E (enumerated)", "b·ḡ", "Cov (enumerated)", "formula"),
                   [(r[0], "with replacement" if r[1] else "without", r[6], str([str(v) for v in r[2]]),
                     str([str(v) for v in r[3]]), str([[str(v) for v in row] for row in r[4]]),
                     ("b·Σ_g" if r[1] else "b·Σ_g·(n−b)/(n−1)")) for r in rows])
    info = {"gradients": [[int(v) for v in row] for row in g], "Σ_i ∇L_i": [str(v) for v in full]}
    return [
        fact(ok_mean and prop, "E[∇L_stoc] = b·ḡ = (b/n)·Σ_i ∇L_i: parallel to ∇L, a stochastic estimate of its "
             "direction (with and without replacement, b = 2, 3)", kind="arithmetic", reason=EXACT_REASON, details=info,
             figures=(table,)),
        fact(ok_cov, "Cov[∇L_stoc] = b·Σ_g with replacement and b·Σ_g·(n−b)/(n−1) without (finite-population "
             "correction), Σ_g = (1/n)Σ_i (g_i − ḡ)(g_i − ḡ)ᵀ", kind="arithmetic", reason=EXACT_REASON),
        fact(all(r[2] == r[3] and [v / r[0] for v in r[2]] == gbar for r in rows),
             "E[(1/b)∇L_stoc] = ḡ = ∇ of the mean loss (1/n)Σ_i L_i (the paper's convention, Eq. (1))",
             kind="arithmetic", reason=EXACT_REASON),
        fact(unbiased, "stronger reading: E[∇L_stoc] = ∇L = Σ_i ∇L_i (unbiased for the gradient of the printed "
             "L = Σ_i L_i)", kind="arithmetic", role="remark", reason=EXACT_REASON,
             details={"E[∇L_stoc] / ∇L": f"b/n = {[f'{b}/{n}' for b in (2, 3)]}"}),
    ]


@lru_cache(maxsize=2)
def _sgd_net(seed: int):
    model = relu_mlp(4, hidden=(5,), n_classes=3, seed=seed)
    gen = torch.Generator().manual_seed(seed)
    X = torch.randn(6, 4, generator=gen, dtype=torch.float64)
    y = torch.tensor([0, 1, 2, 0, 1, 2])
    return model, X, y


@_one_thread
def _sgd_network(ctx: Context) -> list[Evidence]:
    model, X, y = _sgd_net(_seed(ctx, "net"))
    G = per_sample_grads(model, X, y)  # (n, d)
    n = G.shape[0]
    g = [[float(v) for v in row] for row in G]
    rows, gbar = _moment_rows(g, (2, 3))
    # ∇L by a different route: autograd of the summed loss
    params = [p for p in model.parameters()]
    full = torch.autograd.grad(F.cross_entropy(model(X), y, reduction="sum"), params)
    full = _flat(full).detach()
    scale = max(1.0, float(G.abs().max()))
    worst_mean = worst_cov = worst_full = 0.0
    tol_mean = tol_cov = 0.0
    f64 = lambda v: torch.tensor(v, dtype=torch.float64)  # noqa: E731 (a list of floats would become float32)
    for b, _, mean, mean_f, cov, cov_f, m in rows:
        mean_t, cov_t = f64(mean), f64(cov)
        worst_mean = max(worst_mean, float((mean_t - f64(mean_f)).abs().max()) / (b * scale))
        worst_full = max(worst_full, float((mean_t - (b / n) * full).abs().max()) / (b * scale))
        worst_cov = max(worst_cov, float((cov_t - f64(cov_f)).abs().max()) / (b * scale) ** 2)
        tol_mean = max(tol_mean, 8 * m * EPS)
        tol_cov = tol_mean
    reason = ("naive summation of the m enumerated minibatch terms errs by ≤ m·eps of the summed magnitudes; "
              "8·m·eps (m ≤ 216 draws), relative to b·max|∇L_i| (squared for Cov)")
    return [
        numeric_close(worst_mean, 0.0, "network (ReLU MLP 4-5-3, n = 6 labelled inputs, per-sample gradients): "
                      "enumerated E[∇L_stoc] = b·ḡ, with and without replacement, b = 2, 3", tol=tol_mean, reason=reason),
        numeric_close(worst_full, 0.0, "enumerated E[∇L_stoc] = (b/n)·∇L, ∇L from autograd of Σ_i L_i "
                      "(F.cross_entropy(reduction='sum'))", tol=tol_mean, reason=reason),
        numeric_close(worst_cov, 0.0, "enumerated Cov[∇L_stoc] = b·Σ_g (with replacement), b·Σ_g·(n−b)/(n−1) (without)",
                      tol=tol_cov, reason=reason, details={"d": int(G.shape[1])}),
    ]


def _lecture_vs_paper_step(model, X, y, idx, alpha: float) -> tuple[float, float]:
    """One lecture update w − α Σ_{i∈B} ∇L_i (per-sample gradients summed) against the paper's
    w − η (1/|B|) Σ_{i∈B} ∇f_i (autograd of the mean loss) with η = α|B|: (max |difference|, scale)."""
    w = _flat([p.detach() for p in model.parameters()])
    G = per_sample_grads(model, X[idx], y[idx])
    lecture = w - alpha * G.sum(0)
    params = list(model.parameters())
    mean_grad = _flat(torch.autograd.grad(F.cross_entropy(model(X[idx]), y[idx], reduction="mean"), params)).detach()
    paper = w - (alpha * len(idx)) * mean_grad
    return _rel(lecture, paper)


@_one_thread
def _sgd_alpha_eta(ctx: Context) -> list[Evidence]:
    model, X, y = _sgd_net(_seed(ctx, "net"))
    worst = 0.0
    for alpha, idx in ((0.1, [0, 2, 5]), (0.01, [1, 3]), (0.5, [0, 1, 2, 3, 4, 5])):
        d, s = _lecture_vs_paper_step(model, X, y, torch.tensor(idx), alpha)
        worst = max(worst, d / s)
    m = _find(r"\\sum_\{i=1\}\^\{(\d+)\}", INGREDIENTS)
    step = _find(r"w_\{ij\}\(t\+(\d+)\)", INGREDIENTS)
    terms = int(m.group(1)) - 1 + 1
    batch = _find(r"(\d+) images in minibatch", LEARNING)
    return [
        numeric_close(worst, 0.0, "α = η/|ℬ|: the lecture's step w − αΣ_{i∈ℬ}∇L_i equals the paper's (P, Eq. (1)) "
                      "w − η(1/|ℬ|)Σ_{i∈ℬ}∇f_i with η = α|ℬ| (per-sample gradients vs autograd of the mean loss)",
                      tol=ROUNDING, reason=ROUNDING_REASON,
                      details={"printed": [step.group(1)], "slide": INGREDIENTS,
                               "note": "w(t+1) is one update after w(t): one step per minibatch"}),
        printed_value(m.group(1), float(batch.group(1)), "the sum Σ_{i=1}^{32} has as many terms as the minibatch of "
                      "\"1. Learning process\" (\"32 images in minibatch\")", slide=INGREDIENTS, rounding=False,
                      details={"terms of the printed sum": terms}),
    ]


# ================================================================================================
# data-split-80-10-10
# ================================================================================================

# CIFAR-10 as documented by its authors (https://www.cs.toronto.edu/~kriz/cifar.html) and by
# TensorFlow Datasets (https://www.tensorflow.org/datasets/catalog/cifar10): 60000 32x32 colour images in
# 10 classes, 6000 per class; 50000 training images and 10000 test images.
CIFAR10 = {"images": 60000, "classes": 10, "per class": 6000, "train": 50000, "test": 10000}
CIFAR10_SOURCE = "https://www.cs.toronto.edu/~kriz/cifar.html; https://www.tensorflow.org/datasets/catalog/cifar10"


def _split_percentages() -> dict[str, str]:
    found = re.findall(r"(\d+%) Data for \*\*(\w+)\*\*", _text(INGREDIENTS))
    out = {name: pct for pct, name in found}
    if set(out) != {"training", "validation", "test"}:
        raise ValueError(f"slide {INGREDIENTS!r}: expected the three split percentages, found {found}")
    return out


def _pct(printed: str) -> Fraction:
    return Fraction(printed.rstrip("%")) / 100


def _data_split(ctx: Context) -> list[Evidence]:
    pct = _split_percentages()
    train_n = _find(r"(\d+) training set \(CIFAR10\)", LEARNING).group(1)
    total = sum(_pct(v) for v in pct.values())
    c = CIFAR10
    docs_ok = c["classes"] * c["per class"] == c["images"] == c["train"] + c["test"]
    readings = []
    for label, base in (("all images", c["images"]), ("official training part", c["train"])):
        readings.append((label, base, int(_pct(pct["training"]) * base), int(_pct(pct["validation"]) * base),
                         int(_pct(pct["test"]) * base)))
    # reading C: 40000 of the official 50000 for training, the other 10000 for validation, the official test part
    t = int(train_n)
    shares_c = [Fraction(t, c["images"]), Fraction(c["train"] - t, c["images"]), Fraction(c["test"], c["images"])]
    table = _table("CIFAR-10 readings of \"80% / 10% / 10%\" and \"40000 training set\"",
                   ("reading", "base", "train", "validation", "test", "train = 40000?"),
                   [(lab, base, tr, va, te, tr == t) for lab, base, tr, va, te in readings]
                   + [("40000 + rest of official train as validation, official test", c["images"], t, c["train"] - t,
                       c["test"], True)],
                   note="shares of 60000 in the last reading: " + ", ".join(f"{float(s) * 100:.1f}%" for s in shares_c))
    out = [
        fact(total == 1, "80% + 10% + 10% = 100%", kind="arithmetic", reason=EXACT_REASON,
             details={"printed": [pct["training"], pct["validation"], pct["test"]], "slide": INGREDIENTS,
                      "sum": f"{float(total) * 100:g}%"}, figures=(table,)),
        fact(docs_ok, "CIFAR-10's documented sizes agree: 10 × 6000 = 60000 = 50000 (train) + 10000 (test)",
             kind="arithmetic", reason=EXACT_REASON, details={**c, "source": CIFAR10_SOURCE}),
        printed_value(train_n, float(_pct(pct["training"]) * c["train"]), "40000 = 80% of CIFAR-10's official "
                      "training part (50000 images)", slide=LEARNING, rounding=False),
        printed_value(pct["training"], float(Fraction(t, c["train"]) * 100), "the training share that 40000 images "
                      "are of the official training part (50000)", slide=INGREDIENTS),
        printed_value(train_n, float(_pct(pct["training"]) * c["images"]), "stronger reading: 40000 = 80% of the "
                      "whole data set (60000 images; gives 48000)", slide=LEARNING, rounding=False, role="remark"),
    ]
    for name, share in zip(("training", "validation", "test"), shares_c):
        out.append(printed_value(pct[name], float(share * 100), f"stronger reading: the {name} share of all 60000 "
                                 "images when 40000 train, the rest of the official training part validates and the "
                                 "official 10000-image test part tests", slide=INGREDIENTS, role="remark"))
    return out


# ================================================================================================
# epoch-updates
# ================================================================================================

def _loader_len(n: int, b: int, drop_last: bool) -> int:
    return len(DataLoader(range(n), batch_size=b, drop_last=drop_last))


def _run_epoch(steps: tuple[int, ...], X: torch.Tensor, y: torch.Tensor, B: int, alpha: float, W: torch.Tensor):
    """One epoch of the printed procedure on a linear softmax model s = Wx: for each minibatch of a
    sequential pass (``drop_last=False``) execute the listed steps — 1 forward pass, 2 loss, 3 stochastic
    gradient Σ_{i∈B}∇L_i, 4 update w ← w − α∇L_stoc. Returns (updates, W after, samples visited)."""
    W = W.clone()
    updates, seen = 0, []
    for idx in BatchSampler(SequentialSampler(range(X.shape[0])), B, drop_last=False):
        idx = torch.tensor(idx)
        seen += idx.tolist()
        Wv = W.clone().requires_grad_(True)
        scores = X[idx] @ Wv.T if 1 in steps else None
        loss = F.cross_entropy(scores, y[idx], reduction="sum") if 2 in steps else None
        g = torch.autograd.grad(loss, Wv)[0] if 3 in steps else None
        if 4 in steps:
            W = W - alpha * g
            updates += 1
    return updates, W, seen


def _full_loss(X, y, W) -> float:
    return float(F.cross_entropy(X @ W.T, y, reduction="sum"))


@lru_cache(maxsize=2)
def _epoch_problem(seed: int):
    X, y = gaussian_mixture(400, 5, 3, seed=seed)
    W = torch.zeros(3, 5, dtype=torch.float64)
    return X, y, W


def _example_batch() -> int:
    return int(_find(r"(\d+) images in minibatch", LEARNING).group(1))


def _step_labels() -> list[str]:
    return re.findall(r"\*\*Step (\d+)", _text(LEARNING))


def _steps_printed() -> tuple[tuple[int, ...], tuple[int, ...], str, str]:
    s5 = _find(r"Step 5:\*\* Repeat Step ([\d-]+) up to an epoch", LEARNING).group(1)
    s6 = _find(r"repeat all steps (\d+)-(\d+)", LEARNING)
    five = tuple(int(v) for v in s5.split("-"))
    six = tuple(range(int(s6.group(1)), int(s6.group(2)) + 1))
    return five, six, s5, f"{s6.group(1)}-{s6.group(2)}"


def _epoch_counts(ctx: Context) -> list[Evidence]:
    ex = _find(r"(\d+) training set \(CIFAR10\), (\d+) images in minibatch", LEARNING)
    n, B = int(ex.group(1)), int(ex.group(2))
    ratio = _find(r"(\d+) epoch = +\$(\d+) */ *(\d+)\$ +updates", LEARNING)
    counted = len(list(BatchSampler(SequentialSampler(range(n)), B, drop_last=False)))
    rows = []
    ok = True
    for nn_ in (n, n + 1, 400):
        ceil, floor = -(-nn_ // B), nn_ // B
        lf, lt = _loader_len(nn_, B, False), _loader_len(nn_, B, True)
        ok &= (ceil == lf) and (floor == lt)
        rows.append((nn_, B, ceil, lf, floor, lt))
    table = _table("Updates per epoch: ⌈n/B⌉ and ⌊n/B⌋ vs len(DataLoader)", ("n", "B", "⌈n/B⌉",
                   "len(DataLoader), drop_last=False", "⌊n/B⌋", "len(DataLoader), drop_last=True"), rows)
    return [
        numeric_close(counted, int(ratio.group(2)) / int(ratio.group(3)),
                      "\"1 epoch = 40000 / 32 updates\": minibatches in one pass over 40000 images, B = 32 "
                      "(counted by torch's BatchSampler) vs 40000/32", tol=0.0, reason="exact count",
                      details={"printed": [ratio.group(1), ratio.group(2), ratio.group(3), ex.group(1), ex.group(2)],
                               "slide": LEARNING}),
        fact(ok, "\"Epoch = ⌈Training set / minibatch size⌉\" read as the updates in one pass: ⌈n/B⌉ = "
             "len(DataLoader(drop_last=False)), ⌊n/B⌋ = len(DataLoader(drop_last=True)); 40000/32 = 1250 exactly, so "
             "both agree there", kind="arithmetic", reason="exact integer counts", figures=(table,),
             details={"note": "an epoch is one pass over the training set; the slide's formula is the number of "
                              "updates in that pass (with the last, partial minibatch kept)"}),
    ]


@_one_thread
def _epoch_steps(ctx: Context) -> list[Evidence]:
    five, six, s5, s6 = _steps_printed()
    labels = _step_labels()
    X, y, W0 = _epoch_problem(_seed(ctx, "problem"))
    B, alpha = _example_batch(), 0.01  # the slide's minibatch; α one of the example values of "2. Validation process"
    n = X.shape[0]
    upd5, W5, seen5 = _run_epoch(five, X, y, B, alpha, W0)
    loss0 = _full_loss(X, y, W0)
    per_epoch = -(-n // B)
    return [
        # caveat: read literally Step 5 omits the update (Step 4); '1 epoch = 40000/32 updates' and Step 6 correct it
        fact(upd5 == per_epoch and not torch.equal(W5, W0),
             f"\"Step 5: Repeat Step {s5} up to an epoch\" as printed performs the ⌈n/B⌉ updates of an epoch: "
             f"executing steps {five} on every minibatch of one pass (n = {n}, B = {B}, α = {alpha}, linear softmax "
             "model) vs ⌈n/B⌉", kind="numeric", role="caveat", reason="exact update count; weights compared bit for bit",
             details={"updates performed": upd5, "⌈n/B⌉": per_epoch, "weights changed": not torch.equal(W5, W0),
                      "training loss before / after": [loss0, _full_loss(X, y, W5)],
                      "samples visited": len(seen5), "printed": s5.split("-"), "slide": LEARNING,
                      "recomputed": f"{upd5} updates per epoch, weights unchanged (⌈n/B⌉ = {per_epoch} needed)",
                      "note": f"Step 4 (update weights) is not among the repeated steps: the epoch computes {per_epoch} "
                              "stochastic gradients and discards them"}),
        fact(labels == [str(k) for k in range(1, 7)] and set(range(1, 5)) <= set(six),
             f"the steps are numbered 1–6 and Step 6 repeats steps {s6}, which include Steps 1–4 (forward, loss, "
             "gradient, update)", kind="arithmetic", reason="exact: the printed labels in order; set inclusion",
             details={"printed": s6.split("-"), "slide": LEARNING, "step labels": labels,
                      "steps repeated by Step 6": list(six)}),
    ]


@_one_thread
def _epoch_correction(ctx: Context) -> list[Evidence]:
    X, y, W0 = _epoch_problem(_seed(ctx, "problem"))
    B, alpha = _example_batch(), 0.01
    n = X.shape[0]
    upd, W1, seen = _run_epoch((1, 2, 3, 4), X, y, B, alpha, W0)
    loss0, loss1 = _full_loss(X, y, W0), _full_loss(X, y, W1)
    ex = _find(r"(\d+) training set \(CIFAR10\), (\d+) images in minibatch", LEARNING)
    big = len(list(BatchSampler(SequentialSampler(range(int(ex.group(1)))), int(ex.group(2)), drop_last=False)))
    return [
        fact(upd == -(-n // B) == _loader_len(n, B, False) and sorted(seen) == list(range(n)),
             "corrected Step 5 (repeat Steps 1–4): one epoch = one pass visiting every sample once, with ⌈n/B⌉ = "
             "len(DataLoader) updates", kind="numeric", role="correction", reason="exact counts",
             details={"n": n, "B": B, "updates": upd, "samples visited once each": sorted(seen) == list(range(n))}),
        fact(loss1 < loss0 and not torch.equal(W1, W0), "corrected Step 5: the epoch changes the weights and lowers "
             "the training loss", kind="numeric", role="correction", reason="strict decrease of the full training loss",
             details={"training loss before / after": [loss0, loss1]}),
        numeric_close(big, 40000 / 32, "corrected procedure on the slide's example: 40000 images, B = 32 → 1250 "
                      "updates per epoch = 40000/32", tol=0.0, reason="exact count", role="correction"),
    ]


def _epoch_schedule(ctx: Context) -> list[Evidence]:
    ep = _find(r"After (\d+)-(\d+) epochs", LEARNING)
    acc = _find(r"every (\d+)-(\d+) epochs", LEARNING)
    e_lo, e_hi, a_lo, a_hi = (int(v) for v in (*ep.groups(), *acc.groups()))
    ex = _find(r"(\d+) training set \(CIFAR10\), (\d+) images in minibatch", LEARNING)
    per_epoch = _loader_len(int(ex.group(1)), int(ex.group(2)), False)
    ok = e_lo <= e_hi and a_lo <= a_hi and a_hi < e_lo
    return [fact(ok, f"schedule: {e_lo}–{e_hi} epochs before the learning-rate drop are {e_lo}·{per_epoch} = "
                 f"{e_lo * per_epoch} to {e_hi}·{per_epoch} = {e_hi * per_epoch} updates; accuracy every {a_lo}–{a_hi} "
                 f"epochs gives ⌊{e_lo}/{a_hi}⌋ = {e_lo // a_hi} to ⌊{e_hi}/{a_lo}⌋ = {e_hi // a_lo} measurements before "
                 "the drop (ranges well formed, measurement interval shorter than the drop epoch)",
                 kind="arithmetic", reason="exact integer arithmetic",
                 details={"printed": [ep.group(1), ep.group(2), acc.group(1), acc.group(2)], "slide": LEARNING,
                          "updates before the drop": [e_lo * per_epoch, e_hi * per_epoch],
                          "accuracy measurements before the drop": [e_lo // a_hi, e_hi // a_lo],
                          "updates between measurements": [a_lo * per_epoch, a_hi * per_epoch]})]


@_one_thread
def _validation_grid(ctx: Context) -> list[Evidence]:
    text = _text(VALIDATION)
    alphas = re.search(r"\\alpha = ([\d.]+), ([\d.]+)", text)
    bs = re.search(r"\\mathcal\{B\} = (\d+), (\d+), (\d+)", text)
    if alphas is None or bs is None:
        raise ValueError(f"slide {VALIDATION!r}: the example α and ℬ values were not found")
    n = int(_find(r"(\d+) training set \(CIFAR10\)", LEARNING).group(1))
    rows, ok = [], True
    for b in (int(v) for v in bs.groups()):
        c, lf, lt = -(-n // b), _loader_len(n, b, False), _loader_len(n, b, True)
        ok &= c == lf == lt
        rows.append((b, c, lf, lt))
    counts = _table("Updates per epoch on 40000 images for the example minibatch sizes", ("B", "⌈40000/B⌉",
                    "len(DataLoader), drop_last=False", "len(DataLoader), drop_last=True"), rows)
    model, X, y = _sgd_net(_seed(ctx, "grid"))
    worst, eta_rows = 0.0, []
    gen = torch.Generator().manual_seed(_seed(ctx, "grid-batch"))
    Xb = torch.randn(32, X.shape[1], generator=gen, dtype=torch.float64)
    yb = torch.arange(32) % 3
    for a in (float(v) for v in alphas.groups()):
        for b in (int(v) for v in bs.groups()):
            d, s = _lecture_vs_paper_step(model, Xb, yb, torch.arange(b), a)
            worst = max(worst, d / s)
            eta_rows.append((a, b, a * b))
    etas = _table("Example hyperparameters: the paper's η = α|ℬ| for the lecture's sum-form step", ("α", "B", "η = αB"),
                  eta_rows)
    printed = [*alphas.groups(), *bs.groups()]
    return [
        fact(ok, "example minibatch sizes B = 8, 16, 32 on the 40000-image training set: ⌈40000/B⌉ = 5000, 2500, 1250 "
             "updates per epoch, equal to len(DataLoader) with drop_last False and True (B divides 40000)",
             kind="arithmetic", reason="exact integer counts", figures=(counts,),
             details={"printed": list(bs.groups()), "slide": VALIDATION}),
        numeric_close(worst, 0.0, "example learning rates α = 0.1, 0.01 with B = 8, 16, 32: the lecture's step "
                      "w − αΣ_{i∈ℬ}∇L_i equals the paper's w − η(1/|ℬ|)Σ∇f_i at η = αB (ReLU MLP, per-sample "
                      "gradients vs autograd of the mean loss)", tol=ROUNDING, reason=ROUNDING_REASON, figures=(etas,),
                      details={"printed": printed, "slide": VALIDATION}),
    ]


# ================================================================================================
# backprop-circuit-values and backprop-circuit-code
# ================================================================================================

@dataclass(frozen=True)
class _Assignment:
    line: int
    name: str
    value: int | float
    reads: tuple[str, ...]  # names read by the right-hand side
    comment: str | None


_BINOPS = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
           ast.Div: lambda a, b: a / b}


def _eval_node(node: ast.AST, env: dict, reads: list) -> int | float:
    """A numeric constant, a name, unary minus, or + − × ÷ of such; anything else raises ValueError."""
    if isinstance(node, ast.Constant):
        if type(node.value) in (int, float):
            return node.value
        raise ValueError(f"line {node.lineno}: constant {node.value!r} ({type(node.value).__name__}) is not allowed; "
                         "only int and float constants")
    if isinstance(node, ast.Name):
        reads.append(node.id)
        if node.id not in env:
            raise NameError(f"line {node.lineno}: name {node.id!r} is not defined")
        return env[node.id]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_eval_node(node.operand, env, reads)
    if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
        return _BINOPS[type(node.op)](_eval_node(node.left, env, reads), _eval_node(node.right, env, reads))
    what = type(node).__name__
    if isinstance(node, (ast.UnaryOp, ast.BinOp)):
        what += f" ({type(node.op).__name__})"
    raise ValueError(f"line {getattr(node, 'lineno', '?')}: {what} is not allowed; only numbers, names, unary minus "
                     "and + - * /")


def _interpret(tree: ast.Module, comments: dict[int, str] | None = None) -> tuple[dict, list[_Assignment]]:
    """Run a parsed module of assignments ``name = expression`` (see :func:`_eval_node`) in a fresh
    namespace; returns the namespace and the assignments in order. Nothing is exec'd or eval'd."""
    if not isinstance(tree, ast.Module):
        raise TypeError(f"expected an ast.Module, got {type(tree).__name__}")
    env: dict = {}
    trace: list[_Assignment] = []
    for stmt in tree.body:
        if not isinstance(stmt, ast.Assign):
            raise ValueError(f"line {stmt.lineno}: {type(stmt).__name__} statement is not allowed; only `name = expression`")
        if len(stmt.targets) != 1 or not isinstance(stmt.targets[0], ast.Name):
            target = ", ".join(type(t).__name__ for t in stmt.targets)
            raise ValueError(f"line {stmt.lineno}: assignment target {target} is not allowed; only one plain name")
        reads: list = []
        value = _eval_node(stmt.value, env, reads)
        name = stmt.targets[0].id
        env[name] = value
        trace.append(_Assignment(stmt.lineno, name, value, tuple(reads), (comments or {}).get(stmt.lineno)))
    return env, trace


def _comments(source: str) -> dict[int, str]:
    return {tok.start[0]: tok.string.lstrip("#").strip()
            for tok in tokenize.generate_tokens(io.StringIO(source).readline) if tok.type == tokenize.COMMENT}


def _run_printed_code(source: str) -> tuple[dict, list[_Assignment]]:
    """Execute printed code *as printed* with a restricted interpreter of its ``ast``: module-level
    assignments of a name to numeric constants, names, unary minus and binary + − × ÷. Anything else
    (calls, imports, attributes, subscripts, other operators, other statements) raises ValueError naming the
    node; an undefined name raises NameError. Returns (namespace, assignments with their line comments)."""
    if not isinstance(source, str):
        raise TypeError(f"source must be a str of printed code, got {type(source).__name__}")
    try:
        tree = ast.parse(source, mode="exec")
    except SyntaxError as exc:
        raise ValueError(f"printed code does not parse: {exc}") from None
    return _interpret(tree, _comments(source))


def _dead_stores(trace: list[_Assignment]) -> list[_Assignment]:
    """Assignments overwritten before any later assignment reads them."""
    dead = []
    for i, a in enumerate(trace):
        for later in trace[i + 1:]:
            if a.name in later.reads:
                break
            if later.name == a.name:
                dead.append(a)
                break
    return dead


def _code_block() -> str:
    blocks = lecture_slide(BACKPROP).code_blocks()
    if not blocks:
        raise ValueError(f"slide {BACKPROP!r} has no code block")
    return blocks[0]


def _autograd_circuit(x: float, y: float, z: float) -> dict[str, float]:
    t = {k: torch.tensor(float(v), dtype=torch.float64, requires_grad=True) for k, v in (("x", x), ("y", y), ("z", z))}
    q = t["x"] + t["y"]
    q.retain_grad()
    f = q * t["z"]
    f.backward()
    tq = {k: torch.tensor(float(v), dtype=torch.float64, requires_grad=True) for k, v in (("x", x), ("y", y))}
    dq = torch.autograd.grad(tq["x"] + tq["y"], (tq["x"], tq["y"]))
    dfdq = float(q.grad)
    q, f = q.detach(), f.detach()
    return {"q": float(q), "f": float(f), "dfdx": float(t["x"].grad), "dfdy": float(t["y"].grad),
            "dfdz": float(t["z"].grad), "dfdq": dfdq, "dqdx": float(dq[0]), "dqdy": float(dq[1])}


def _printed_circuit() -> dict[str, str]:
    code = _code_block()
    pats = {"x": r"x = (-?\d+);", "y": r"y = (-?\d+);", "z": r"z = (-?\d+)\s", "q": r"q becomes (-?\d+)",
            "f": r"f becomes (-?\d+)", "grad z": r"gradient on z becomes (-?\d+)", "grad q": r"gradient on q becomes (-?\d+)",
            "dqdx": r"dqdx = ([\d.]+)", "dqdy": r"dqdy = ([\d.]+)"}
    out = {}
    for k, p in pats.items():
        m = re.search(p, code)
        if m is None:
            raise ValueError(f"slide {BACKPROP!r}: printed value {k!r} ({p}) not found in the code block")
        out[k] = m.group(1)
    return out


@_one_thread
def _backprop_values(ctx: Context) -> list[Evidence]:
    pv = _printed_circuit()
    x, y, z = (int(pv[k]) for k in "xyz")
    hand = {"q": x + y, "f": (x + y) * z, "dfdx": z, "dfdy": z, "dfdz": x + y, "dfdq": z}  # exact integers
    auto = _autograd_circuit(x, y, z)
    fwd_ok = hand["q"] == auto["q"] and hand["f"] == auto["f"]
    out = [
        fact(fwd_ok, "forward pass at the printed inputs: exact integer arithmetic q = x + y, f = q·z vs torch float64",
             kind="numeric", reason="integers below 2⁵³ are exact in float64: the two must be equal",
             details={"printed": [pv["x"], pv["y"], pv["z"]], "slide": BACKPROP, "hand (q, f)": [hand["q"], hand["f"]],
                      "autograd (q, f)": [auto["q"], auto["f"]]}),
        printed_value(pv["q"], auto["q"], "\"q becomes 3\" vs torch forward q = x + y", slide=BACKPROP, rounding=False),
        printed_value(pv["f"], auto["f"], "\"f becomes -12\" vs torch forward f = q·z", slide=BACKPROP, rounding=False),
        printed_value(pv["grad z"], auto["dfdz"], "\"df/dz = q, so gradient on z becomes 3\" vs autograd ∂f/∂z",
                      slide=BACKPROP, rounding=False),
        printed_value(pv["grad q"], auto["dfdq"], "\"df/dq = z, so gradient on q becomes -4\" vs autograd ∂f/∂q",
                      slide=BACKPROP, rounding=False),
        printed_value(pv["dqdx"], auto["dqdx"], "dqdx = 1.0 vs autograd ∂q/∂x", slide=BACKPROP, rounding=False),
        printed_value(pv["dqdy"], auto["dqdy"], "dqdy = 1.0 vs autograd ∂q/∂y", slide=BACKPROP, rounding=False),
    ]
    worst = max(abs(hand[k] - auto[k]) for k in ("dfdx", "dfdy", "dfdz", "dfdq"))
    chain = (hand["dfdq"] * 1.0, hand["dfdq"] * 1.0)
    out.append(numeric_close(worst, 0.0, "[∂f/∂x, ∂f/∂y, ∂f/∂z] = [z, z, q] = [−4, −4, 3] by hand vs torch autograd; "
                             "chain rule dfdx = dfdq·dqdx, dfdy = dfdq·dqdy", tol=0.0,
                             reason="small integers: exact in float64, so equality is required",
                             details={"hand": {k: hand[k] for k in ("dfdx", "dfdy", "dfdz")},
                                      "autograd": {k: auto[k] for k in ("dfdx", "dfdy", "dfdz")},
                                      "chain rule (dfdq·dqdx, dfdq·dqdy)": list(chain)}))
    return out


def _listed_gradients() -> list[str]:
    m = re.search(r"gradient in the variables `\[([\w, ]+)\]`", _text(BACKPROP))
    if m is None:
        raise ValueError(f"slide {BACKPROP!r}: the list of gradient variables was not found")
    return [v.strip() for v in m.group(1).split(",")]


def _comment_target(comment: str | None) -> str | None:
    """The variable a comment says the line computes: 'df/dz = ...' → dfdz, 'q becomes ...' → q."""
    if not comment:
        return None
    m = re.match(r"d(\w)/d(\w)\b", comment)
    if m:
        return f"d{m.group(1)}d{m.group(2)}"
    m = re.match(r"(\w+) becomes", comment)
    return m.group(1) if m else None


def _code_report(env: dict, trace: list[_Assignment], listed: list[str], auto: dict) -> dict:
    missing = [v for v in listed if v not in env]
    mismatched = [(a.line, a.name, _comment_target(a.comment)) for a in trace
                  if _comment_target(a.comment) not in (None, a.name)]
    dead = _dead_stores(trace)
    values_ok = all(v not in env or env[v] == auto[v] for v in listed)
    return {"missing": missing, "mismatched": mismatched, "dead": dead, "values_ok": values_ok,
            "defined": {k: env[k] for k in env}}


@_one_thread
def _backprop_code(ctx: Context) -> list[Evidence]:
    code = _code_block()
    env, trace = _run_printed_code(code)
    listed = _listed_gradients()
    pv = _printed_circuit()
    auto = _autograd_circuit(*(int(pv[k]) for k in "xyz"))
    rep = _code_report(env, trace, listed, auto)
    assignments = [f"line {a.line}: {a.name} = {a.value!r}" + (f"   # {a.comment}" if a.comment else "") for a in trace]
    table = _table("The printed code run by the restricted interpreter", ("line", "assigns", "value", "comment",
                   "variable the comment names"),
                   [(a.line, a.name, float(a.value), a.comment or "", _comment_target(a.comment) or "") for a in trace])
    # the first three are caveats: the dfdq/dfdz name typo, which the line's own comment and the text's list correct
    out = [
        fact(not rep["missing"], "the text's gradient list [dfdx, dfdy, dfdz] is defined by the printed code",
             kind="arithmetic", role="caveat", reason="names defined by running the printed code (restricted AST interpreter)",
             details={"listed": listed, "missing": rep["missing"], "defined": rep["defined"], "run": assignments,
                      "finding": (f"the code defines {', '.join(rep['defined'])}; {', '.join(rep['missing'])} is never "
                                  "defined, so [dfdx, dfdy, dfdz] raises NameError") if rep["missing"] else "all defined"},
             figures=(table,)),
        fact(not rep["mismatched"], "each commented line assigns the variable its comment names",
             kind="arithmetic", role="caveat", reason="comment parsed for 'd?/d?' or '? becomes'; compared with the assigned name",
             details={"(line, assigned, comment names)": rep["mismatched"],
                      "finding": "; ".join(f"line {ln} assigns {a} but its comment names {c}"
                                           for ln, a, c in rep["mismatched"]) or "all match"}),
        fact(not rep["dead"], "no value is overwritten before it is read",
             kind="arithmetic", role="caveat", reason="data flow of the executed assignments",
             details={"overwritten unread": [f"line {a.line}: {a.name} = {a.value!r}" for a in rep["dead"]],
                      "finding": "; ".join(f"line {a.line}: {a.name} = {a.value!r} is overwritten before any read"
                                           for a in rep["dead"]) or "none"}),
        fact(rep["values_ok"] and all(env[v] == auto[v] for v in ("dfdx", "dfdy")),
             "the gradients the code does define (dfdx, dfdy) equal autograd's ∂f/∂x, ∂f/∂y",
             kind="numeric", reason="small integers: exact in float64, equality required",
             details={"code": {v: env.get(v) for v in listed}, "autograd": {v: auto[v] for v in listed}}),
    ]
    comment_values = [(a, re.search(r"becomes (-?\d+)", a.comment or "")) for a in trace]
    for a, m in comment_values:
        if m:
            out.append(printed_value(m.group(1), float(a.value), f"the value assigned on line {a.line} ({a.name}) vs "
                                     f"its comment \"{a.comment}\"", slide=BACKPROP, rounding=False))
    # correction: the line whose comment names dfdz assigns dfdz
    tree = ast.parse(code)
    comments = _comments(code)
    fixed_lines = []
    for stmt in tree.body:
        target = _comment_target(comments.get(stmt.lineno))
        if isinstance(stmt, ast.Assign) and target and target != stmt.targets[0].id and target.startswith("d"):
            stmt.targets[0] = ast.Name(id=target, ctx=ast.Store(), lineno=stmt.lineno, col_offset=0)
            fixed_lines.append(stmt.lineno)
    env2, trace2 = _interpret(tree, comments)
    rep2 = _code_report(env2, trace2, listed, auto)
    out += [
        fact(not rep2["missing"] and not rep2["mismatched"] and not rep2["dead"],
             "corrected code (the line commented 'df/dz = q' assigns dfdz = q): defines [dfdx, dfdy, dfdz], every "
             "comment names its variable, nothing is overwritten unread", kind="arithmetic", role="correction",
             reason="the same restricted interpreter on the corrected AST",
             details={"changed lines": fixed_lines, "defined": rep2["defined"]}),
        fact(all(env2[v] == auto[v] for v in listed), "corrected code: [dfdx, dfdy, dfdz] = [−4, −4, 3] = autograd",
             kind="numeric", role="correction", reason="small integers: exact in float64, equality required",
             details={"code": {v: env2[v] for v in listed}, "autograd": {v: auto[v] for v in listed}}),
    ]
    return out


# ================================================================================================
# conv-edge-example
# ================================================================================================

def _conv_printed() -> tuple[list[list[str]], list[list[str]], list[list[str]], list[tuple[str, str]]]:
    """The three printed arrays (as printed strings) and the three printed sizes 'a x b'."""
    blocks, cur = [], []
    for line in _text(CONV).splitlines():
        cells = line.strip().split("\t")
        if len(cells) > 1 and all(re.fullmatch(r"-?\d+", c) for c in cells):
            cur.append(cells)
        elif cur:
            blocks.append(cur)
            cur = []
    if cur:
        blocks.append(cur)
    sizes = re.findall(r"^(\d+) x (\d+)$", _text(CONV), re.M)
    if len(blocks) != 3 or len(sizes) != 3:
        raise ValueError(f"slide {CONV!r}: expected three printed arrays and three sizes, got {len(blocks)} and {len(sizes)}")
    return blocks[0], blocks[1], blocks[2], sizes


@_one_thread
def _conv_edge(ctx: Context) -> list[Evidence]:
    img_s, ker_s, out_s, sizes = _conv_printed()
    img = np.array([[float(v) for v in r] for r in img_s])
    ker = np.array([[float(v) for v in r] for r in ker_s])
    out = np.array([[float(v) for v in r] for r in out_s])  # "-0" reads as 0 (−0.0 == 0.0)
    xcorr_t = F.conv2d(torch.tensor(img)[None, None], torch.tensor(ker)[None, None])[0, 0].numpy()
    xcorr_s = signal.correlate2d(img, ker, mode="valid")
    conv_s = signal.convolve2d(img, ker, mode="valid")
    ev: list[Evidence] = []
    # sizes and the output size formula
    (n1, n2), (k1, k2), (o1, o2) = sizes
    for printed, actual, what in ((n1, img.shape[0], "rows of the printed image"), (n2, img.shape[1], "columns of the printed image"),
                                  (k1, ker.shape[0], "rows of the printed filter"), (k2, ker.shape[1], "columns of the printed filter")):
        ev.append(printed_value(printed, actual, f"\"{printed}\" of the size label vs the {what}", slide=CONV, rounding=False))
    for printed, n, k, m, what in ((o1, img.shape[0], ker.shape[0], out.shape[0], "rows"),
                                   (o2, img.shape[1], ker.shape[1], out.shape[1], "columns")):
        ev.append(printed_value(printed, n - k + 1, f"output {what}: n − k + 1 = {n} − {k} + 1 (valid), also the printed "
                                f"array has {m}", slide=CONV, rounding=False, details={"printed array " + what: m}))
    edge_ok = (np.all(img[:, :3] == 10) and np.all(img[:, 3:] == 0) and np.all(ker == np.array([1, 0, -1]))
               and np.all(ker.sum(axis=1) == 0))
    ev.append(fact(bool(edge_ok), "printed inputs: a vertical edge (columns 1–3 are 10, 4–6 are 0) and a filter with rows "
                   "(1, 0, −1) summing to 0 (zero response on constant patches)", kind="arithmetic", reason="exact",
                   details={"printed": [v for r in img_s for v in r] + [v for r in ker_s for v in r], "slide": CONV}))
    worst_impl = float(np.abs(xcorr_t - xcorr_s).max())
    ev.append(numeric_close(worst_impl, 0.0, "torch conv2d (float64) = scipy.signal.correlate2d(valid): both are the "
                            "cross-correlation Σ_{a,b} x[i+a, j+b]·k[a, b]", tol=0.0,
                            reason="sums of integer products: exact in float64"))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            ev.append(printed_value(out_s[i][j], float(xcorr_t[i, j]), f"output entry ({i + 1},{j + 1}) vs the valid "
                                    "cross-correlation (conv2d)", slide=CONV, rounding=False,
                                    details={"true convolution (convolve2d)": float(conv_s[i, j])}))
    mismatch = [(i + 1, j + 1, out_s[i][j], float(conv_s[i, j])) for i in range(4) for j in range(4) if out[i, j] != conv_s[i, j]]
    ev.append(fact(not mismatch, "stronger reading (\"the mathematical operation of discrete convolutions\", slide "
                   f"\"{CONV_PREV}\"): the printed array is the true, kernel-flipped convolution (scipy convolve2d, valid)",
                   kind="arithmetic", role="caveat", reason="exact: integer arithmetic",
                   details={"(row, col, printed, convolution)": mismatch,
                            "printed": [v for r in out_s for v in r], "slide": CONV,
                            "convolution = −cross-correlation": bool(np.all(conv_s == -xcorr_s)),
                            "note": "flipping the rows (1, 0, −1) gives (−1, 0, 1) = −row, so the true convolution "
                                    "flips the sign of the edge response: −30 instead of 30"}))
    sign = bool(np.signbit(xcorr_t[0, 0]))
    table = _table("Printed 4×4 array vs cross-correlation and convolution", ("row", "printed", "cross-correlation",
                   "convolution"), [(i + 1, " ".join(out_s[i]), " ".join(f"{v:g}" for v in xcorr_s[i]),
                                     " ".join(f"{v:g}" for v in conv_s[i])) for i in range(4)],
                   note=f"\"-0\" (row 1, column 1) is read as 0; conv2d's entry there has sign bit {sign} "
                        "(10·1 + 10·0 + 10·(−1) summed over the rows is +0.0)")
    ev[0] = replace(ev[0], figures=(table,))
    return ev


# ================================================================================================
# alexnet-accuracy-table
# ================================================================================================

def _alexnet_rows() -> list[tuple[str, str, str, str, str]]:
    rows = re.findall(r"^(\w+)\t\$([\d.]+) \\pm ([\d.]+)\\%\$\t\$([\d.]+) \\pm ([\d.]+)\\%\$$", _text(ALEXNET), re.M)
    if len(rows) != 2:
        raise ValueError(f"slide {ALEXNET!r}: expected two rows of the accuracy table, found {rows}")
    return rows


def _alexnet(ctx: Context) -> list[Evidence]:
    rows = _alexnet_rows()
    ev = [fact(False, "DOC: the accuracies themselves cannot be recomputed from the documents (data set, task, what "
               "'exact' and 'nearest' match mean, training lengths 'Short'/'Long', runs behind the ±)",
               kind="arithmetic", reason=DOC_REASON,
               details={"printed": [v for r in rows for v in r[1:]], "slide": ALEXNET})]
    for name, e, es, nm, ns in rows:
        E, N = Fraction(e), Fraction(nm)
        ev.append(printed_value(nm, float(max(N, E)), f"{name}: nearest match ≥ exact match (a nearest match counts every "
                                "exact match): max(nearest, exact) vs the printed nearest", slide=ALEXNET, rounding=False,
                                details={"exact match": e}))
        ok = all(Fraction(0) <= Fraction(m) - Fraction(s) and Fraction(m) + Fraction(s) <= 100 for m, s in ((e, es), (nm, ns)))
        ev.append(fact(ok, f"{name}: mean ± deviation stays within [0, 100]%", kind="arithmetic", reason=EXACT_REASON,
                       details={"printed": [e, es, nm, ns], "slide": ALEXNET,
                                "exact match range": [float(E - Fraction(es)), float(E + Fraction(es))],
                                "nearest match range": [float(N - Fraction(ns)), float(N + Fraction(ns))]}))
    (_, e1, s1, n1, t1), (_, e2, s2, n2, t2) = rows
    ev[0] = replace(ev[0], details={**ev[0].details,
                        "Long − Short, exact match": float(Fraction(e2) - Fraction(e1)),
                        "sum of the two deviations (exact)": float(Fraction(s1) + Fraction(s2)),
                        "Long − Short, nearest match": float(Fraction(n2) - Fraction(n1)),
                        "sum of the two deviations (nearest)": float(Fraction(t1) + Fraction(t2))})
    return ev


# ================================================================================================
# figure-only-slides
# ================================================================================================

FIGURE_SLIDES = ("Loss accuracy in epochs: CIFAR10", "Loss accuracy in epochs: MNIST", "Loss Landscape", "Filters/1",
                 "Convolutional Neural Network", "SCORE: DL filters and mammals visual system", "Maxpool filter")


def _figure_slides(ctx: Context) -> list[Evidence]:
    ev = []
    for title in FIGURE_SLIDES:
        text = " ".join(line.strip() for line in _text(title).splitlines() if line.strip())
        printed = re.findall(r"(?<![\w.])\d+(?:\.\d+)?(?![\w])", text)
        details = {"surviving text": text or "(none: the slide is a figure)", "slide": title}
        if printed:
            details["printed"] = printed
            details["note"] = ("bibliographic numbers: the year of [Zeiler & Fergus 2013] and the arXiv identifier "
                               "1711.08856 (an identifier, not a quantity); not computable")
        ev.append(fact(False, f"DOC: the content of \"{title}\" is a figure that is not in the text", kind="arithmetic",
                       reason=DOC_REASON, details=details))
    return ev


@_one_thread
def _maxpool(ctx: Context) -> list[Evidence]:
    gen = torch.Generator().manual_seed(_seed(ctx, "maxpool"))
    pool = lambda z: F.max_pool2d(z, 2)  # noqa: E731
    X = torch.randn(64, 1, 8, 8, generator=gen, dtype=torch.float64)
    Y = torch.randn(64, 1, 8, 8, generator=gen, dtype=torch.float64)
    lip = float(((pool(X) - pool(Y)).flatten(1).abs().amax(1) / (X - Y).flatten(1).abs().amax(1)).max())
    worst_hom = 0.0
    for c in (0.0, 0.3, 2.0, 7.5):
        worst_hom = max(worst_hom, float((pool(c * X) - c * pool(X)).abs().max()))
    odd = float((pool(-X) + pool(X)).abs().max())
    # piecewise linear: inside a region (argmax fixed) pool(x + tv) = pool(x) + t·v[argmax]
    V = torch.randn(X.shape, generator=gen, dtype=torch.float64)
    top, idx = F.max_pool2d(X, 2, return_indices=True)
    gaps = []
    for k in range(X.shape[0]):
        w = X[k, 0].unfold(0, 2, 2).unfold(1, 2, 2).reshape(4, 4, 4).sort(-1, descending=True).values
        gaps.append(float((w[..., 0] - w[..., 1]).min()))
    t = 0.25 * min(gaps) / float(V.abs().max())
    moved = F.max_pool2d(X + t * V, 2)
    predicted = top + t * V.flatten(2).gather(2, idx.flatten(2)).reshape(top.shape)
    lin = float((moved - predicted).abs().max())
    control = float((F.max_pool2d(X + 4 * V, 2) - (top + 4 * V.flatten(2).gather(2, idx.flatten(2)).reshape(top.shape))).abs().max())
    return [
        numeric_close(max(lip - 1.0, 0.0), 0.0, "max-pool (2×2, stride 2) is 1-Lipschitz in the ∞-norm: max over 64 random "
                      "pairs of ‖P(x) − P(y)‖∞/‖x − y‖∞ ≤ 1", tol=ROUNDING, reason=ROUNDING_REASON,
                      details={"largest ratio": lip}),
        numeric_close(worst_hom, 0.0, "max-pool is positively homogeneous: P(cx) = cP(x), c ≥ 0", tol=ROUNDING,
                      reason=ROUNDING_REASON, details={"control c = −1: max |P(−x) + P(x)|": odd}),
        numeric_close(lin, 0.0, "max-pool is piecewise linear: with every window's argmax fixed, P(x + tv) = P(x) + "
                      "t·v[argmax] (t below a quarter of the smallest gap between a window's two largest entries)",
                      tol=ROUNDING, reason=ROUNDING_REASON,
                      details={"t": t, "control t = 4 (argmax changes): max deviation": control}),
    ]


# ================================================================================================
# colon-data-table
# ================================================================================================

def _colon_table() -> tuple[list[str], list[tuple[str, list[str], str]]]:
    lines = [line.split("\t") for line in _text(COLON).splitlines() if "\t" in line]
    header = lines[0]
    if header[0] != "Data" or header[-1] != "Total":
        raise ValueError(f"slide {COLON!r}: unexpected table header {header}")
    rows = [(r[0], r[1:-1], r[-1]) for r in lines[1:]]
    return header[1:-1], rows


def _colon(ctx: Context) -> list[Evidence]:
    classes, rows = _colon_table()
    ev: list[Evidence] = []
    entries = {name: [int(v) for v in vals] for name, vals, _ in rows}
    totals = {name: int(t) for name, _, t in rows}
    fixes = {}
    for name, vals, tot in rows:
        s = sum(entries[name])
        ev.append(printed_value(tot, s, f"{name}: printed Total vs the sum of its printed entries "
                                f"({' + '.join(vals)})", slide=COLON, rounding=False))
        for c, v in zip(classes, vals):
            implied = totals[name] - (s - int(v))
            ev.append(printed_value(v, implied, f"{name}/{c}: printed entry vs the value the printed Total {tot} "
                                    "implies given the other entries of the row", slide=COLON, rounding=False))
            if implied != int(v):
                fixes[(name, c)] = implied
    col = {c: sum(entries[r][k] for r in entries) for k, c in enumerate(classes)}
    grand_entries = sum(col.values())
    grand_totals = sum(totals.values())
    frac_rows = []
    split_ok = True
    pct = _split_percentages()
    shares = {"Train": _pct(pct["training"]), "Validate": _pct(pct["validation"]), "Test": _pct(pct["test"])}
    for k, c in enumerate(classes):
        fr = {r: Fraction(entries[r][k], col[c]) for r in entries}
        split_ok &= all(abs(fr[r] - shares[r]) <= Fraction(1, 200) for r in entries)
        frac_rows.append((c, col[c], *(f"{float(fr[r]) * 100:.2f}%" for r in entries)))
    overall_e = {r: Fraction(sum(entries[r]), grand_entries) for r in entries}
    overall_t = {r: Fraction(totals[r], grand_totals) for r in entries}
    frac_rows.append(("all (entry sums)", grand_entries, *(f"{float(overall_e[r]) * 100:.2f}%" for r in entries)))
    frac_rows.append(("all (printed Totals)", grand_totals, *(f"{float(overall_t[r]) * 100:.2f}%" for r in entries)))
    fig = _table("Colon cancer data: per-class split (printed entries)", ("class", "column sum", *entries), frac_rows,
                 note="compare with 80% / 10% / 10% of \"Ingredients for Deep Learning\"")
    ev[0] = replace(ev[0], figures=(fig,))
    ev.append(fact(split_ok, "stronger reading: every class is split 80% / 10% / 10% (within half a percentage point, "
                   "the printed precision of \"80%\", \"10%\") as \"Ingredients for Deep Learning\" prescribes",
                   kind="arithmetic", role="remark", reason=EXACT_REASON,
                   details={"column sums": col, "sum of the entries": grand_entries, "sum of the printed Totals": grand_totals}))
    # corrections: the Train total is 8948; or the one entry that restores both the total and the 80/10/10 split
    train_sum = sum(entries["Train"])
    ev.append(numeric_close(train_sum, 8948, "corrected Total of the Train row: 1616 + 1628 + 2736 + 2968 = 8948",
                            tol=0, reason="exact integer sum", role="correction"))
    candidates = {}
    for (r, c), v in fixes.items():
        k = classes.index(c)
        col_c = col[c] - entries[r][k] + v
        candidates[c] = (v, float(Fraction(v, col_c)) * 100)
    near = {c: v for c, v in candidates.items() if abs(v[1] - 80) <= 0.5}
    cancer_fix = candidates.get("Cancer", (None, None))[0]
    others = [float(Fraction(entries["Train"][k], col[c])) * 100 for k, c in enumerate(classes) if c != "Cancer"]
    ev.append(fact(list(near) == ["Cancer"] and cancer_fix == 2068,
                   "alternative correction: of the four Train entries, only Cancer = 2068 (one digit from the printed "
                   "2968) both restores the printed Total 8048 and gives its class the 80% training share of the other "
                   "classes (Cancer 2068/256/256 = 80.2/9.9/9.9%)", kind="arithmetic", role="correction",
                   reason=EXACT_REASON + "; an 80% share within the half point of the printed \"80%\"",
                   details={"entry that restores the Total → its class's training share (%)": candidates,
                            "training share of Normal, Preneo, Adenoma (%)": others}))
    facts = _find(r"(\d+)X magnification", COLON).group(1), _find(r"(\d+) patients \((\d+)-(\d+)\)", COLON)
    mag, pat = facts
    span = int(pat.group(3)) - int(pat.group(2)) + 1
    ev.append(fact(int(pat.group(2)) <= int(pat.group(3)),
                   "DOC facts of the slide (Leica IRBE, CCD Rising Tech, 20X, 200 patients, 1998-2008): not computable; "
                   "the period is well formed and spans 11 calendar years, about 50 images per patient",
                   kind="arithmetic", reason="exact integer arithmetic on the printed facts",
                   details={"printed": [mag, pat.group(1), pat.group(2), pat.group(3)], "slide": COLON,
                            "calendar years 1998-2008 inclusive": span,
                            "images per patient (printed Totals / entries)": [grand_totals / int(pat.group(1)),
                                                                              grand_entries / int(pat.group(1))]}))
    return ev


# ================================================================================================
# the claims
# ================================================================================================

_SMALL_RELU = ("bias-free ReLU networks 5-7-6-3 and 6-8-2-4 (geomath bias_free_relu, float64, seeded), 8 Gaussian inputs "
               "each, all strictly inside an activation region",)

CLAIMS = [
    Claim(
        id="relu-score-function",
        reading=r"$$f(x) = W_3 \max(0, W_2 \max(0, W_1 x))$$",
        rationale=(
            "The printed bias-free ReLU score function is implemented exactly (check 1), and the "
            "properties it implies all hold with working controls: positive homogeneity for c ≥ 0, "
            "invariance under (cW₁, W₂/c, W₃), region-wise linearity with Jacobian W₃Δ₂W₂Δ₁W₁ and the"
            " rank bound, zero input Hessian off the boundaries, and the rescaling direction in ker F"
            " (checks 2-11)."
        ),
        source=_src('"Ingredients for Deep Learning", score function'),
        statement=r"f(x) = W_3\max(0, W_2\max(0, W_1x))\ \Rightarrow\ f(cx) = cf(x)\ (c \ge 0);\ "
                  r"f(x) = W_3\Delta_2W_2\Delta_1W_1x \text{ on each region},\ \operatorname{rank} \le \#\text{active};\ "
                  r"(cW_1, W_2/c, W_3) \text{ leaves } f \text{ unchanged, its tangent } \in \ker F;\ "
                  r"\nabla_x^2 f = 0 \text{ off the boundaries}",
        hypotheses=_SMALL_RELU,
        expected_verdict="verified",
        checks=(_relu_homogeneous, _relu_rescaling, _relu_jacobian, _relu_hessian, _relu_kernel_fisher),
        kinds=("NUM-NET",),
        notes="The printed 'function of the weights w' is also a function of x; all properties are checked in x at "
              "fixed w, and the rescaling in w. Controls (c = −1, boundary-crossing second differences, random "
              "directions against F) show each check can fail.",
    ),
    Claim(
        id="ce-loss-softmax",
        reading=r"$$L_i = -\log \frac{e^{f_{y_i}}}{\sum_j e^{f_j}} \quad L = \sum_i L_i$$",
        rationale=(
            "Both printed forms of the cross-entropy loss (L_i = -log softmax_{y_i}(f), L = Σ_i L_i, "
            "and the '2. LOSS function' form with N = number of scores) equal torch's summed "
            "cross_entropy, and the implied gradient softmax(s) - e_y and label-free Hessian diag(p) "
            "- ppᵀ hold symbolically and numerically (checks 1-8, all hold)."
        ),
        source=_src('"Ingredients for Deep Learning" (loss function) and "2. LOSS function"'),
        statement=r"L_i = -\log\frac{e^{f_{y_i}}}{\sum_j e^{f_j}},\ L = \sum_i L_i;\ "
                  r"L(w) = -\sum_x \log[e^{s_{label(x)}(x)}/(e^{s_1(x)} + \dots + e^{s_N(x)})];\ "
                  r"\text{implied: } \nabla_f L_i = \mathrm{softmax}(f) - e_{y_i},\ \nabla_f^2 L_i = \Sigma(p)",
        hypotheses=("finite real logits; C classes (the slide's N counts scores, not samples)",),
        expected_verdict="verified",
        checks=(_ce_symbolic, _ce_numeric),
        kinds=("SYM-N", "NUM-NET"),
        notes="On \"2. LOSS function\" N is the number of scores s_1..s_N (classes); on the regularization slide and in "
              "the paper N counts samples. The numeric check evaluates the two printed forms literally.",
    ),
    Claim(
        id="sgd-sum-estimator",
        reading=(
            r"$$w_{ij}(t+1) = w_{ij}(t) - \alpha \nabla L_{\text{stoc}}, \quad \nabla L_{\text{stoc}} "
            r"= \sum_{i=1}^{32} \nabla L_{\text{rand}(i)}$$"
        ),
        rationale=(
            "The update w - α Σ_{i=1}^{32} ∇L_rand(i) is a stochastic gradient step: its expectation "
            "(b/n)∇L is parallel to the gradient of L = Σ_i L_i, the covariance formulas hold, the 32"
            " terms match the minibatch of 32, and it equals the mean-loss step with η = α|ℬ| (checks"
            " 1-3, 5-9). The slide never claims the sum is an unbiased estimate of ∇L itself (the "
            "factor n/b is absorbed into α), so check 4 tests a stronger reading and is a remark."
        ),
        source=_src('"Ingredients for Deep Learning", optimizer bullet'),
        statement=r"w_{ij}(t+1) = w_{ij}(t) - \alpha\nabla L_{stoc},\ \nabla L_{stoc} = \sum_{i=1}^{32}\nabla L_{rand(i)}"
                  r"\ \text{(a stochastic estimate of the gradient of } L = \textstyle\sum_i L_i)",
        hypotheses=("rand(i) uniform on {1..n}, with or without replacement", "b = 2, 3 and n = 6 for the enumeration"),
        expected_verdict="verified",
        remark="E[∇L_stoc] = (b/n)∇L (b = 32): the sum estimator is unbiased for (32/n)∇L, not for ∇L = Σ_i ∇L_i; "
               "(n/32)∇L_stoc is unbiased for ∇L and (1/32)∇L_stoc for the gradient of the mean loss (the paper's "
               "∇_ℬ f, P Eq. (1)). The factor is absorbed in α: α = η/|ℬ|. Cov[∇L_stoc] = bΣ_g with replacement and "
               "bΣ_g(n−b)/(n−1) without.",
        checks=(_sgd_exact, _sgd_network, _sgd_alpha_eta),
        kinds=("NUM", "NUM-NET"),
    ),
    Claim(
        id="data-split-80-10-10",
        reading="Divide the dataset (ex. CIFAR10):",
        rationale=(
            "The split is a rule of thumb: 80% + 10% + 10% = 100% (check 1), and the later example's "
            "40000-image training set is exactly 80% of CIFAR-10's official 50000-image training part"
            " (checks 2-4). The slide never says that 40000 is 80% of all 60000 images or that "
            "CIFAR-10's official test set is the 10% test part, so the failing shares of the whole "
            "60000 images (checks 5-8) test a stronger reading and are remarks."
        ),
        source=_src('"Ingredients for Deep Learning" and "1. Learning process" (example)'),
        statement=r"\text{CIFAR10: } 80\%\ \text{training},\ 10\%\ \text{validation},\ 10\%\ \text{test};\ "
                  r"\text{example: } 40000 \text{ training set}",
        hypotheses=("CIFAR-10 sizes from its documentation: 60000 images, 50000 official training and 10000 test images",),
        expected_verdict="verified",
        remark="40000 is 80% of CIFAR-10's official 50000-image training part, not of the whole 60000-image data set "
               "(which gives 48000); with 40000 for training, the usual split of CIFAR-10 (rest of the training part "
               "for validation, the official 10000-image test part for test) is 66.7% / 16.7% / 16.7% of all images.",
        checks=(_data_split,),
        kinds=("ARITH",),
    ),
    Claim(
        id="epoch-updates",
        reading="- **Step 5:** Repeat Step 1-2-3 up to an epoch.",
        rationale=(
            "The epoch count holds: 40000/32 = 1250 updates = ⌈n/B⌉ = len(DataLoader), and the "
            "schedule and the example batch sizes are consistent (checks 1, 2, 4-6). Read literally, "
            "though, 'Repeat Step 1-2-3 up to an epoch' leaves out Step 4 (update weights), so an "
            "epoch would make no update at all (check 3 fails). The next lines ('1 epoch = 40000/32 "
            "updates') and Step 6 ('repeat all steps 1-5') show that the weights are updated after "
            "each minibatch, so this is a slip the context corrects (corrected procedure: checks "
            "8-10). Check 7 (the α ↔ η convention against the paper) goes beyond this slide and is a "
            "remark."
        ),
        finding=Finding(
            printed="Step 5: Repeat Step 1-2-3 up to an epoch.",
            corrected=(
                "Step 5 should repeat Steps 1-4 (including the weight update); as printed it repeats only"
                " Steps 1-3, which the slide's '1 epoch = 40000/32 updates' corrects."
            ),
        ),
        source=_src('"1. Learning process" (and the example hyperparameters of "2. Validation process")'),
        statement=r"\text{Step 5: Repeat Step 1-2-3 up to an epoch; Step 6: after 150-200 epochs reduce the learning "
                  r"rate and repeat steps 1-5; Epoch} = \lceil \text{Training set}/\text{minibatch size}\rceil;\ "
                  r"1 \text{ epoch} = 40000/32 \text{ updates}",
        hypotheses=("an epoch is one pass over the training set; updates per epoch counted with torch's DataLoader",),
        expected_verdict="verified-with-caveat",
        caveat=(
            "Step 5 should repeat Steps 1-4 (including the weight update); as printed it repeats only"
            " Steps 1-3, which the slide's '1 epoch = 40000/32 updates' corrects."
        ),
        correction=r"\text{Step 5: Repeat Steps 1-2-3-4 up to an epoch (one pass over the training set, i.e. } "
                   r"\lceil n/B\rceil \text{ updates; } \lfloor n/B\rfloor \text{ with drop\_last). For } n = 40000,\ "
                   r"B = 32: 1250 \text{ updates per epoch.}",
        checks=(_epoch_counts, _epoch_steps, _epoch_schedule, _validation_grid, _epoch_correction),
        kinds=("ARITH",),
        notes="Step 5 as printed repeats forward pass, loss and gradient but not Step 4 (the update): executed as "
              "printed, an epoch performs no update and leaves the weights and the loss unchanged, contradicting "
              "'1 epoch = 40000/32 updates' on the same slide. 'Epoch = ⌈…⌉' names the number of updates in an epoch "
              "(ceil: the last partial minibatch is kept, DataLoader's drop_last=False).",
    ),
    Claim(
        id="backprop-circuit-values",
        reading="dfdq = z # df/dq = z, so gradient on q becomes -4",
        rationale=(
            "Every printed value of f = (x+y)z at x=-2, y=5, z=-4 agrees with exact arithmetic and "
            "autograd: q = 3, f = -12, ∂f/∂z = 3, ∂f/∂q = -4, ∂q/∂x = ∂q/∂y = 1, and [∂f/∂x, ∂f/∂y, "
            "∂f/∂z] = [-4, -4, 3] by the chain rule (checks 1-8, all hold). The dfdq/dfdz "
            "variable-name typo belongs to the separate code claim and changes none of these values."
        ),
        source=_src('"Forward pass (green), Backpropagation (red)", code example'),
        statement=r"x = -2,\ y = 5,\ z = -4:\ q = 3,\ f = -12,\ \partial f/\partial z = q = 3,\ "
                  r"\partial f/\partial q = z = -4,\ \partial q/\partial x = \partial q/\partial y = 1,\ "
                  r"[\partial f/\partial x, \partial f/\partial y, \partial f/\partial z] = [-4, -4, 3]",
        hypotheses=("f(x, y, z) = (x + y)·z",),
        expected_verdict="verified",
        checks=(_backprop_values,),
        kinds=("ARITH", "NUM-NET"),
        notes="The values are right; the code that is supposed to compute them has a wrong line "
              "(see backprop-circuit-code).",
    ),
    Claim(
        id="backprop-circuit-code",
        reading="dfdq = q # df/dz = q, so gradient on z becomes 3",
        rationale=(
            "Close call. As printed, line 92 assigns dfdq = q, so dfdz is never defined and the list "
            "[dfdx, dfdy, dfdz] of line 103 would raise a NameError; the value 3 is also overwritten "
            "before it is read (checks 1-3). But the line's own comment ('df/dz = q, so gradient on z"
            " becomes 3') and the text's list [dfdx, dfdy, dfdz] correct the variable name, and every"
            " value the code and its comments give (q = 3, f = -12, df/dz = 3, df/dq = -4, dfdx = "
            "dfdy = -4) matches autograd (checks 4-8). So this is a typo the context corrects and it "
            "changes no value (fixed code: checks 9-10), not an erratum; a reader who copies the code"
            " verbatim would still hit the missing dfdz."
        ),
        finding=Finding(
            printed="dfdq = q  # df/dz = q, so gradient on z becomes 3",
            corrected=(
                "The line commented 'df/dz = q' assigns dfdq = q instead of dfdz = q, so as printed dfdz "
                "is never defined; its comment and the following text correct the name."
            ),
        ),
        depends_on=("backprop-circuit-values",),
        source=_src('"Forward pass (green), Backpropagation (red)", the backward-pass code block'),
        statement=r"\text{the printed code leaves the gradients } [dfdx, dfdy, dfdz] \text{ with the values of its comments}",
        hypotheses=("the code block run as printed, by a restricted interpreter of its AST (no exec/eval)",),
        expected_verdict="verified-with-caveat",
        caveat=(
            "The line commented 'df/dz = q' assigns dfdq = q instead of dfdz = q, so as printed dfdz "
            "is never defined; its comment and the following text correct the name."
        ),
        correction=r"\text{The line } \texttt{dfdq = q  \# df/dz = q, so gradient on z becomes 3} \text{ must read } "
                   r"\texttt{dfdz = q}\text{: as printed it assigns dfdq, which the next line overwrites, and dfdz is "
                   r"never defined. Corrected, the code gives } [dfdx, dfdy, dfdz] = [-4, -4, 3].",
        checks=(_backprop_code,),
        kinds=("ARITH",),
        notes="As printed, the code defines x, y, z, q, f, dfdq (= −4 after being overwritten), dqdx, dqdy, dfdx = dfdy "
              "= −4.0; evaluating the text's [dfdx, dfdy, dfdz] would raise NameError. The CS231n original reads "
              "'dfdz = q'.",
    ),
    Claim(
        id="conv-edge-example",
        reading=(
            "Represent the mathematical operation of discrete convolutions via kernels (here called "
            "filters)."
        ),
        rationale=(
            "The sizes (6×6 * 3×3 → 4×4, valid) and every output entry agree with the valid "
            "cross-correlation that CNN libraries call 'convolution' (checks 1-24, all hold; the "
            "printed '-0' is just 0). But the slide introduces * as 'the mathematical operation of "
            "discrete convolutions', and the true kernel-flipped convolution gives -30 instead of 30 "
            "(check 25). So the example needs the unstated deep-learning convention (no kernel flip);"
            " the edge-detection point survives under either sign. A close call between a caveat and "
            "a remark."
        ),
        finding=Finding(
            printed=(
                "[10 10 10 0 0 0]×6 rows * [[1,0,−1],[1,0,−1],[1,0,−1]] = 4×4 array with rows (0, 30, 30,"
                " 0), first entry printed −0"
            ),
            corrected=(
                "The printed output is the cross-correlation (deep-learning 'convolution', no kernel "
                "flip); the mathematical discrete convolution the slide invokes would give -30 in place "
                "of each 30."
            ),
        ),
        source=_src('"Convolutions and “edge detection”" (and "1. SCORE function: Convolutional Neural Networks")'),
        statement=r"\begin{pmatrix}10&10&10&0&0&0\\ \vdots&&&&&\vdots\end{pmatrix}_{6\times6} * "
                  r"\begin{pmatrix}1&0&-1\\1&0&-1\\1&0&-1\end{pmatrix} = "
                  r"\begin{pmatrix}-0&30&30&0\\0&30&30&0\\0&30&30&0\\0&30&30&0\end{pmatrix}_{4\times4}",
        hypotheses=("'valid' output (no padding, stride 1)", "the printed \"-0\" read as the number 0"),
        expected_verdict="verified-with-caveat",
        caveat=(
            "The printed output is the cross-correlation (deep-learning 'convolution', no kernel "
            "flip); the mathematical discrete convolution the slide invokes would give -30 in place "
            "of each 30."
        ),
        checks=(_conv_edge,),
        kinds=("ARITH", "NUM"),
    ),
    Claim(
        id="alexnet-accuracy-table",
        reading=r"Short	$93.79 \pm 0.76\%$	$99.85 \pm 0.11\%$",
        rationale=(
            "The accuracies are empirical results whose data set, task, meaning of 'exact'/'nearest' "
            "match, training lengths and runs are not in the documents (check 1), so they cannot be "
            "recomputed; the internal sanity checks (nearest ≥ exact, mean ± deviation inside "
            "[0,100]%, checks 2-5) all hold, so nothing speaks against the table, but nothing "
            "verifies it either."
        ),
        source=_src('"Example of Deep Learning Neural Network"'),
        statement=r"\text{alexnet classification accuracy: Short } 93.79 \pm 0.76\%\ /\ 99.85 \pm 0.11\%,\ "
                  r"\text{Long } 95.10 \pm 0.19\%\ /\ 99.84 \pm 0.05\%\ \text{(exact / nearest match)}",
        hypotheses=(),
        expected_verdict="inconclusive",
        checks=(_alexnet,),
        kinds=("DOC", "ARITH"),
        notes="Empirical results (DOC): neither the data set nor the task is named, so the accuracies cannot be "
              "recomputed. What can be computed is consistent: nearest ≥ exact in both rows and every mean ± deviation "
              "lies in [0, 100]%. Those checks pass but cannot decide the accuracies, so the verdict stays inconclusive.",
    ),
    Claim(
        id="figure-only-slides",
        reading=(
            "Feature visualization of convolutional net trained on ImageNet from [Zeiler & Fergus "
            "2013]"
        ),
        rationale=(
            "The content of these seven slides (loss/accuracy curves, loss landscape, filters, "
            "feature visualizations, max-pool) is in figures that are not in the text (checks 1-7), "
            "so nothing can be decided by computation. The max-pool properties (1-Lipschitz, "
            "positively homogeneous, piecewise linear; checks 8-10) hold but are not claimed by the "
            "document, so they are only remarks."
        ),
        source=_src('"Loss accuracy in epochs: CIFAR10", "Loss accuracy in epochs: MNIST", "Loss Landscape", '
                    '"Filters/1", "Convolutional Neural Network", "SCORE: DL filters and mammals visual system", '
                    '"Maxpool filter"'),
        statement=r"\text{figures (not in the text); surviving captions: 'Loss (projection) as function of weights', "
                  r"'Feature visualization ... [Zeiler \& Fergus 2013]', 'The algorithm learns filters!', "
                  r"'Filters are learned as for mammals visual cortex!'}",
        hypotheses=("max-pool 2×2, stride 2, on 64 random 8×8 inputs (the optional NUM check)",),
        expected_verdict="inconclusive",
        checks=(_figure_slides, _maxpool),
        kinds=("DOC", "NUM"),
        notes="DOC: the figures are not in the text. The optional check of the max-pool filter passes: 1-Lipschitz in "
              "the ∞-norm, positively (not oddly) homogeneous, linear while each window's argmax is fixed.",
    ),
    Claim(
        id="colon-data-table",
        reading="Train\t1616\t1628\t2736\t2968\t8048",
        rationale=(
            "The Train row does not add up: 1616 + 1628 + 2736 + 2968 = 8948, not the printed 8048 "
            "(check 1; checks 2-5 say the same thing solved for each entry). The Validate and Test "
            "rows are consistent (checks 6-15). A reader using the table for the class counts or the "
            "split gets a wrong number. Check 18 shows that Train/Cancer = 2068 (one digit off from "
            "2968) is the only single-entry fix that restores 8048 and gives every class the slide's "
            "80/10/10 split, so the likely typo is 2968; check 17 gives the other fix (Total 8948). "
            "The per-class 80/10/10 check (check 16) is a stronger reading and only a remark, and the"
            " equipment/patient facts (check 19) are not computable."
        ),
        finding=Finding(
            printed="Train: Normal 1616, Preneo 1628, Adenoma 2736, Cancer 2968, Total 8048",
            corrected=(
                "The Train entries sum to 1616 + 1628 + 2736 + 2968 = 8948, not 8048: either the Total "
                "should read 8948, or one entry is misprinted."
            ),
            downstream=(
                "Nothing later in the lecture uses the counts; only the described size and per-class "
                "balance of the colon-cancer data set are wrong."
            ),
            consequence=3,
            alternatives=(
                "Total 8948 (the entries as printed; Cancer is then split 85/7/7 against ≈ 80/10/10 for the "
                "other classes)",
                "Cancer/Train 2068 (one digit from the printed 2968): the only single-entry fix that keeps "
                "the Total 8048, and it gives Cancer the same ≈ 80/10/10 split as the others (likelier)",
            ),
        ),
        source=_src('"Practical use: Colon Cancer Detection"'),
        statement=r"\begin{array}{l|rrrr|r} & \text{Normal} & \text{Preneo} & \text{Adenoma} & \text{Cancer} & "
                  r"\text{Total}\\ \text{Train} & 1616 & 1628 & 2736 & 2968 & 8048\\ \text{Validate} & 200 & 204 & 344 "
                  r"& 256 & 1004\\ \text{Test} & 200 & 204 & 340 & 256 & 1000\end{array}",
        hypotheses=("Totals are row sums",),
        expected_verdict="erratum",
        correction=r"\text{The Train entries sum to } 1616 + 1628 + 2736 + 2968 = 8948,\ \text{not } 8048.\ "
                   r"\text{Alternatively the Cancer/Train entry is } 2068 \text{ (one digit from 2968): the only single "
                   r"entry that restores the Total 8048 and gives its class the same } \approx 80/10/10 \text{ split as "
                   r"the others (2068/256/256)}.",
        checks=(_colon,),
        kinds=("ARITH",),
        notes="Validate (1004) and Test (1000) rows add up. With the printed entries, Normal, Preneo and Adenoma are "
              "split 80/10/10 to within 0.2 points but Cancer 85.3/7.4/7.4; Cancer = 2068 would give 80.2/9.9/9.9. "
              "Which of the two the authors meant cannot be decided from the slide.",
    ),
]
