"""Assertion helpers: the theorem checks of geomath, pointed at a user's own network.

Each ``assert_*`` measures one quantity with :mod:`geomath.numeric`, compares it with a tolerance
whose size is stated, records a :class:`~geomath.testing.record.Check` (for the pytest plugin's
``--geomath-report``) and returns it when it passes; when it fails it raises ``AssertionError``
with a multi-line message: what was checked, the measured value, the tolerance and why, and a
hint about what a failure usually means. Bad arguments raise ``TypeError``/``ValueError`` naming
the argument. Everything is decided in float64.

* :func:`assert_involutive` — span{X_i(p)} is closed under the Lie bracket (the lecture's
  "Result (F.-Grementieri, 2021)" for the data fields of a ReLU network).
* :func:`assert_rank_at_most` — numerical rank ≤ a bound (rank F ≤ C − 1, rank G ≤ C − 1, …).
* :func:`assert_psd` — symmetric positive semidefinite (a Fisher matrix, a diffusion matrix).
* :func:`assert_kl_fisher_expansion` — KL(p_w ‖ p_{w+tu}) = ½t²uᵀF(x, w)u + O(t³) ("The Fisher
  matrix", Key Facts), from the relative error of the quadratic term extrapolated to t = 0.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import torch
from torch import nn

from geomath.numeric.brackets import distribution_basis, involutivity_defect
from geomath.numeric.divergence import kl_expansion, power_law_fit
from geomath.numeric.fisher import shifted_parameters
from geomath.numeric.rank import Spectrum, spectrum
from geomath.numeric.regions import activation_pattern
from geomath.testing.record import Check, current_test, record

__all__ = ["assert_involutive", "assert_rank_at_most", "assert_psd", "assert_kl_fisher_expansion",
           "ROUNDING", "FAR", "KL_STEPS", "KL_LOWER_STEPS", "KL_ROUNDING_FACTOR"]

EPS = float(torch.finfo(torch.float64).eps)

#: Involutivity is decided on defect·(1 − p_max) ≤ ROUNDING, the rule of the claim
#: G-involutive-relu (verification/claims/lecture_leaf.py), where it is measured.
ROUNDING = 1e3 * EPS
ROUNDING_REASON = ("1e3·eps: each bracket term is one forward-over-reverse (jvp of grad) pass, whose rounding the "
                   "ReLU networks of the claim G-involutive-relu show at <= 2e-15 relative to the terms (a margin of "
                   "~100); the defect is first multiplied by 1 − p_max because score fields pass through the softmax "
                   "Jacobian diag(p) − ppᵀ, whose entries at the predicted class are formed by cancellation: the "
                   "rounding floor of the defect is eps/(1 − p_max)")
#: A defect this large is 4e9·eps relative to the bracket terms: no rounding explains it.
FAR = 1e-6

#: Step sizes of the KL fit: |u| = 1, t ∈ [1e-5, 1e-2] (those of the claims kl-fisher-expansion-*), and
#: the window a decade lower, used when the path of the first leaves the activation region.
KL_STEPS = tuple(float(t) for t in np.logspace(-5, -2, 10))
KL_LOWER_STEPS = tuple(float(t) for t in np.logspace(-6, -3, 10))
#: The tolerance on the extrapolated relative error is KL_ROUNDING_FACTOR × its rounding estimate.
KL_ROUNDING_FACTOR = 100.0
KL_REASON = ("100 × ρ, ρ = eps·(1 + max|s|)/√KL(t_min): the logit difference behind KL carries an absolute error of "
             "about eps·max|s| and KL ≈ ½|Δs|²_A is quadratic in it, so ρ is KL's relative rounding at the smallest "
             "step, which the extrapolation to t = 0 inherits. Measured |q(0)|/ρ <= 0.5 over ~600 random inputs and "
             "directions of ReLU, tanh and GELU networks (weights and inputs), so 100 leaves a margin of 200; a "
             "remainder of order t² (a wrong ½ or M, a kink on the path) gives |q(0)| of order its share of the "
             "quadratic term (1.8e-2 for one LeakyReLU unit of six switching), 1e5× the tolerance or more")
FIT_REASON = ("where the expansion holds, KL = Qt² + c₃t³ + c₄t⁴ + … with Q = ½uᵀMu, so q(t) = (KL − Qt²)/(Qt²) = "
              "(c₃/Q)t + (c₄/Q)t² + … vanishes linearly as t → 0; a remainder of order two, c₂t² (a wrong ½ or M, a "
              "kink on the path), leaves q(0) = c₂/Q ≠ 0. q(0) is read off a least-squares cubic in t/t_max through "
              "the steps. The slope of log|KL − Qt²| against log t (3 expected) is reported too, but not decided on: "
              "where c₃t³ and c₄t⁴ cancel inside the window it reads 2.6–2.9 for an O(t³) remainder (4 of ~1500 "
              "hypothesis-drawn inputs of an 8-16-4 ReLU net failed a slope >= 2.95 rule); the cubic models that")


# -- argument checks --------------------------------------------------------------------------------

def _tolerance(tol, name: str = "tol") -> float | None:
    if tol is None:
        return None
    if isinstance(tol, bool) or not isinstance(tol, (int, float)):
        raise TypeError(f"{name} must be a non-negative number or None, got {type(tol).__name__}")
    if not (tol >= 0 and math.isfinite(tol)):
        raise ValueError(f"{name} must be a finite non-negative number, got {tol!r}")
    return float(tol)


def _matrix(M, name: str) -> torch.Tensor:
    if isinstance(M, np.ndarray):
        M = torch.from_numpy(np.asarray(M))
    if not isinstance(M, torch.Tensor):
        raise TypeError(f"{name} must be a torch.Tensor or a numpy array (a 2-D matrix), got {type(M).__name__}")
    if M.dim() != 2:
        raise ValueError(f"{name} must be a 2-D matrix, got shape {tuple(M.shape)}")
    if M.numel() == 0:
        raise ValueError(f"{name} is empty (shape {tuple(M.shape)})")
    if not (torch.is_floating_point(M) or M.dtype in (torch.int8, torch.int16, torch.int32, torch.int64)):
        raise TypeError(f"{name} must hold real numbers, got dtype {M.dtype}")
    M = M.detach().to(torch.float64)
    if not torch.isfinite(M).all():
        raise ValueError(f"{name} contains NaN or inf")
    return M


def _finish(check: Check, headline: str, lines: dict[str, str]) -> Check:
    """Record the check (without its hint when it passed, which only explains a failure) and return
    it; raise AssertionError with the readable message when it failed."""
    if check.passed:
        return record(replace(check, hint=""))
    record(check)
    width = max(len(k) for k in lines) + 1
    body = "\n".join(f"  {(k + ':').ljust(width)} {v}" for k, v in lines.items())
    raise AssertionError(f"{check.name} failed: {headline}\n{body}")


def _g(v: float) -> str:
    return f"{v:.3g}"


# -- involutivity ------------------------------------------------------------------------------------

def _confidence_margin(fields, p: torch.Tensor) -> tuple[float, float | None]:
    """(1 − p_max, p_max) when the fields carry log-probability potentials (score fields from
    :func:`~geomath.numeric.data_fields` / :func:`~geomath.numeric.weight_fields`), else (1, None)."""
    potentials = getattr(fields, "potentials", None)
    if not callable(potentials):
        return 1.0, None
    with torch.no_grad():
        lp = potentials(p).detach().to(torch.float64)
    if lp.numel() == 0 or not torch.isfinite(lp).all() or (lp > 0).any():
        return 1.0, None  # not log-probabilities: no softmax cancellation to allow for
    p_max = float(lp.exp().max())
    return min(max(1.0 - p_max, 0.0), 1.0), p_max


def _flat_point(fields, point) -> torch.Tensor:
    if not isinstance(point, torch.Tensor):
        raise TypeError(f"point must be a torch.Tensor, got {type(point).__name__}")
    dim = getattr(fields, "dim", None)
    if point.dim() != 1 and isinstance(dim, int) and point.numel() == dim:
        return point.reshape(-1)  # an image-shaped input of a CNN's data fields
    return point


def _stacked_at(fields, p: torch.Tensor) -> torch.Tensor:
    stacked = getattr(fields, "stacked", None)
    if stacked is not None:
        return stacked(p)
    return torch.stack([X(p) for X in fields])


def assert_involutive(fields, point: torch.Tensor, tol: float | None = None) -> Check:
    """Assert that the distribution span{X_1(p) … X_m(p)} is involutive at ``point``: every Lie
    bracket [X_i, X_j](p) lies in the span.

    Measured: the defect of :func:`~geomath.numeric.involutivity_defect`, the largest
    ‖P⊥[X_i, X_j]‖ / (‖DX_j·X_i‖ + ‖DX_i·X_j‖) — the part of a bracket outside the span relative
    to the two terms it is the difference of (≤ 1). Passes when defect·(1 − p_max) ≤ tol, with
    tol = :data:`ROUNDING` = 1e3·eps by default. The factor 1 − p_max (the model's confidence
    margin, read from the fields' log-probability ``potentials``; 1 for other fields) is the
    rule the claim G-involutive-relu uses: the score fields pass through the softmax Jacobian,
    whose entries at the predicted class are formed by cancellation, so at a confident
    prediction the defect's rounding floor is eps/(1 − p_max) rather than eps (measured on a
    digits-trained MLP: defects up to 8e-9 at 1 − p_max = 2e-9). A ``tol`` of your own replaces
    1e3·eps in the same rule.

    ``fields``: callables ℝⁿ → ℝⁿ (a :class:`~geomath.numeric.VectorFields` from
    :func:`~geomath.numeric.data_fields` or :func:`~geomath.numeric.weight_fields`, or a list);
    ``point``: a point of ℝⁿ (an input of any shape with n entries is flattened for fields
    with a ``dim``). Fields that vanish at the point span {0}, which is involutive: that passes
    and is noted (``details["rank"] == 0``). ``details["nontrivial"]`` says whether 1 < rank < n
    (a rank-1 or full-rank distribution is involutive whatever the fields); ``details["can_fail"]``
    whether 1 − p_max > tol (the defect is ≤ 1, so otherwise the check has no power).

    Returns the :class:`~geomath.testing.record.Check`; its ``result`` is the
    :class:`~geomath.numeric.InvolutivityDefect` (None at rank 0).
    """
    tol_given = _tolerance(tol)
    tolerance = ROUNDING if tol_given is None else tol_given
    reason = ROUNDING_REASON if tol_given is None else "given by the caller (tol=)"
    p = _flat_point(fields, point)
    try:
        res = involutivity_defect(fields, p)
    except ValueError:
        # a distribution of rank 0 at p is {0}, involutive; every other ValueError is bad input
        try:
            V = _stacked_at(fields, p.detach().to(torch.float64))
            _, S, rtol = distribution_basis(V)
            vanishing = bool((S <= rtol).all())
        except Exception:
            vanishing = False
        if not vanishing:
            raise
        res = None
    m = len(fields)
    n = p.numel()
    desc = getattr(fields, "description", "") or f"{m} fields on R^{n}"
    margin, p_max = _confidence_margin(fields, p.detach().to(torch.float64))
    if res is None:
        return _finish(Check(
            name="assert_involutive", compared=f"defect of span{{X_i(p)}} ({desc}): the fields vanish at the point",
            measured=0.0, relation="<=", tolerance=tolerance, reason=reason, passed=True, test=current_test(),
            details={"rank": 0, "fields": m, "dim": n, "nontrivial": False, "can_fail": False,
                     "note": "rank 0: the fields span {0}, which is involutive"}), "", {})
    i, j = divmod(int(torch.argmax(res.pairwise)), m)
    scaled = res.defect * margin
    compared = (f"defect × (1 − p_max): largest |P⊥[X_i, X_j]| / (|DX_j·X_i| + |DX_i·X_j|) over the {m * (m - 1) // 2} "
                f"pairs of {desc}, times 1 − p_max = {_g(margin)}")
    details = {"defect": res.defect, "1 - p_max": margin, "p_max": p_max, "worst pair": [i, j], "rank": res.rank,
               "fields": m, "dim": n, "rank tolerance": res.tol, "nontrivial": 1 < res.rank < n,
               "can_fail": margin > tolerance}
    if res.defect > FAR:
        hint = (f"the brackets leave the span by {res.defect:.0%} of the size of their terms — no rounding explains "
                "that. Score fields of networks with smooth activations (tanh, GELU, softplus) are expected to fail "
                "here: the span turns as the point moves. A ReLU network's data fields ∇_x log p_i are involutive "
                "inside each linear region (the lecture “The Geometry of Deep Learning. Lecture 2: Deep Learning”, \"Result (F.-Grementieri, 2021)\"); its "
                "weight fields ∇_w log p_i are not once it has a hidden layer (the Remark after it).")
    else:
        hint = (f"the defect is small ({_g(res.defect)}) but above the rounding allowance; a very deep or wide "
                "network, or a nearly saturated softmax, can round more than 1e3·eps — measure the defect of a "
                "network known to be involutive at the same size and pass tol= with that reason.")
    check = Check(name="assert_involutive", compared=compared, measured=scaled, relation="<=", tolerance=tolerance,
                  reason=reason, passed=scaled <= tolerance, test=current_test(), hint=hint, details=details,
                  result=res)
    headline = "the distribution is not involutive at the point: a Lie bracket of the fields leaves their span."
    return _finish(check, headline, {
        "checked": (f"span{{X_1(p) … X_{m}(p)}} of {desc} (rank {res.rank} in R^{n}) is closed under the Lie bracket "
                    f"[X, Y] = DY·X − DX·Y (jvp, float64)"),
        "measured": (f"defect = {_g(res.defect)} (largest |P⊥[X_i, X_j]| / (|DX_j·X_i| + |DX_i·X_j|), at the pair "
                     f"({i}, {j})); 1 − p_max = {_g(margin)}; defect × (1 − p_max) = {_g(scaled)}"),
        "tolerance": f"defect × (1 − p_max) <= {_g(tolerance)} — {reason}",
        "hint": hint,
    })


# -- rank ----------------------------------------------------------------------------------------------

def assert_rank_at_most(matrix_or_spectrum, bound: int, tol: float | None = None) -> Check:
    """Assert numerical rank ≤ ``bound``: the number of singular values above ``tol`` (default
    max(m, n)·eps·σ_max, as :func:`~geomath.numeric.spectrum` and numpy.linalg.matrix_rank).

    ``matrix_or_spectrum``: a 2-D torch.Tensor or numpy array (promoted to float64), or a
    :class:`~geomath.numeric.Spectrum` (its rank is used as is, or recounted at ``tol`` when one
    is given). Returns the Check; its ``result`` is the Spectrum.
    """
    if isinstance(bound, bool) or not isinstance(bound, (int, np.integer)):
        raise TypeError(f"bound must be an int (the largest allowed rank), got {type(bound).__name__}")
    bound = int(bound)
    if bound < 0:
        raise ValueError(f"bound must be >= 0, got {bound}")
    tol = _tolerance(tol)
    if isinstance(matrix_or_spectrum, Spectrum):
        s = matrix_or_spectrum
        if tol is not None:
            sv = s.singular_values.to(torch.float64)
            s = spectrum(torch.diag(sv), tol) if sv.numel() else s
        shape = f"{s.singular_values.numel()} singular values"
    else:
        M = _matrix(matrix_or_spectrum, "matrix_or_spectrum")
        s = spectrum(M, tol)
        shape = f"{M.shape[0]}x{M.shape[1]} matrix"
    sv = s.singular_values.to(torch.float64)
    smax = float(sv[0]) if sv.numel() else 0.0
    reason = ("max(m, n)·eps·σ_max (numpy.linalg.matrix_rank's default): the rounding of a float64 SVD"
              if tol is None else "given by the caller (tol=)")
    nxt = float(sv[bound]) if bound < sv.numel() else 0.0
    first = max(0, min(bound, sv.numel()) - 2)  # the singular values around the cut at the bound
    shown = [float(v) for v in sv[first: bound + 3]]
    details = {"rank": s.rank, "bound": bound, "rank tolerance": s.tol, "sigma_max": smax, "gap at cut": s.gap,
               f"singular values {first + 1}..{first + len(shown)}": shown}
    check = Check(name="assert_rank_at_most", compared=f"numerical rank of a {shape} (singular values > {_g(s.tol)})",
                  measured=float(s.rank), relation="<=", tolerance=float(bound), reason=reason,
                  passed=s.rank <= bound, test=current_test(), details=details, result=s,
                  hint=(f"σ_{bound + 1} = {_g(nxt)} is {_g(nxt / s.tol) if s.tol > 0 else 'inf'}× the rank tolerance. "
                        "Within a few orders of magnitude of it, the extra singular values may be rounding of how the "
                        "matrix was formed (e.g. JᵀAJ at a confident prediction): pass a larger tol with its reason. "
                        "A ratio of 1e6 or more is a genuine extra direction."))
    return _finish(check, f"the rank is {s.rank}, above the bound {bound}.", {
        "checked": f"rank of the {shape} <= {bound}",
        "measured": (f"rank = {s.rank}; σ_max = {_g(smax)}; singular values {first + 1}.. = "
                     f"{', '.join(_g(v) for v in shown)}"),
        "tolerance": f"singular values counted above {_g(s.tol)} — {reason}",
        "hint": check.hint,
    })


# -- positive semidefinite -------------------------------------------------------------------------------

def assert_psd(matrix, tol: float | None = None) -> Check:
    """Assert that a square matrix is symmetric positive semidefinite, in float64:

        max|M − Mᵀ| ≤ tol·‖M‖₂   and   λ_min((M + Mᵀ)/2) ≥ −tol·‖M‖₂,

    tol = n·eps by default (relative to the spectral norm): a backward-stable symmetric
    eigensolver returns eigenvalues within O(n·eps·‖M‖₂) of the exact ones (Weyl's inequality
    applied to its backward error), and a matrix formed as a product of float64 factors carries
    rounding of the same relative size. The zero matrix passes. Returns the Check (measured:
    λ_min/‖M‖₂; ``result``: the eigenvalues, ascending).
    """
    M = _matrix(matrix, "matrix")
    if M.shape[0] != M.shape[1]:
        raise ValueError(f"matrix must be square, got shape {tuple(M.shape)}")
    n = M.shape[0]
    tol_given = _tolerance(tol)
    rel = n * EPS if tol_given is None else tol_given
    reason = (f"n·eps = {n}·eps relative to ‖M‖₂: the accuracy of float64 symmetric eigenvalues (Weyl's inequality "
              "for a backward-stable solver)" if tol_given is None else "given by the caller (tol=)")
    sym = (M + M.T) / 2
    lam = torch.linalg.eigvalsh(sym)
    scale = float(lam.abs().max())
    asym = float((M - M.T).abs().max())
    if scale == 0.0:
        rel_asym, rel_min = (0.0 if asym == 0 else math.inf), 0.0
    else:
        rel_asym, rel_min = asym / scale, float(lam[0]) / scale
    details = {"n": n, "min eigenvalue": float(lam[0]), "max |eigenvalue|": scale, "max |M - M^T|": asym,
               "relative tolerance": rel, "smallest eigenvalues": [float(v) for v in lam[:3]]}
    if rel_asym > rel:
        check = Check(name="assert_psd", compared="max|M − Mᵀ| / ‖M‖₂ (symmetry)", measured=rel_asym, relation="<=",
                      tolerance=rel, reason=reason, passed=False, test=current_test(), details=details, result=lam,
                      hint="a PSD matrix is symmetric; if it is symmetric in exact arithmetic, pass (M + M.T)/2.")
        return _finish(check, "the matrix is not symmetric.", {
            "checked": f"the {n}x{n} matrix is symmetric (then: positive semidefinite)",
            "measured": f"max|M − Mᵀ| = {_g(asym)}, ‖M‖₂ = {_g(scale)}: relative asymmetry {_g(rel_asym)}",
            "tolerance": f"<= {_g(rel)} — {reason}",
            "hint": check.hint,
        })
    check = Check(name="assert_psd", compared="λ_min((M + Mᵀ)/2) / ‖M‖₂", measured=rel_min, relation=">=",
                  tolerance=-rel, reason=reason, passed=rel_min >= -rel, test=current_test(), details=details,
                  result=lam,
                  hint=("a negative eigenvalue of order tol·‖M‖₂ can be rounding of how the matrix was formed (JᵀAJ "
                        "at a confident prediction loses the part of J along 𝟙: form it as BᵀB, see "
                        "geomath.numeric.FisherFactor.dense); one far below is a genuine negative direction."))
    return _finish(check, "the matrix has a negative eigenvalue beyond rounding.", {
        "checked": f"the symmetric {n}x{n} matrix is positive semidefinite",
        "measured": (f"λ_min = {_g(float(lam[0]))}, ‖M‖₂ = {_g(scale)}: λ_min/‖M‖₂ = {_g(rel_min)}; smallest "
                     f"eigenvalues {', '.join(_g(float(v)) for v in lam[:3])}"),
        "tolerance": f"λ_min/‖M‖₂ >= −{_g(rel)} — {reason}",
        "hint": check.hint,
    })


# -- KL = ½ δᵀFδ + O(δ³) ----------------------------------------------------------------------------

def _unmet(message: str):
    """The theorem's hypothesis does not hold at this example: inside a hypothesis test the
    example is rejected (hypothesis draws another); elsewhere a ValueError says why."""
    try:
        import hypothesis
    except ImportError:  # pragma: no cover - hypothesis is in the test extra
        hypothesis = None
    if hypothesis is not None and hypothesis.currently_in_test_context():
        hypothesis.reject()
    raise ValueError(message)


def _direction(model: nn.Module, x: torch.Tensor, direction, wrt: str, seed) -> tuple[torch.Tensor, int]:
    if wrt == "weights":
        d = sum(p.numel() for p in model.parameters() if p.requires_grad)
        what = "trainable parameters"
    else:
        d = x.numel()
        what = "input entries"
    if direction is None:
        if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
            raise ValueError(f"seed must be a non-negative int, got {seed!r}")
        u = torch.randn(d, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)
    else:
        if not isinstance(direction, torch.Tensor):
            raise TypeError(f"direction must be a torch.Tensor or None, got {type(direction).__name__}")
        u = direction.detach().to(torch.float64).reshape(-1)
        if u.numel() != d:
            raise ValueError(f"direction has {u.numel()} entries; expected {d} ({what})")
        if not torch.isfinite(u).all():
            raise ValueError("direction contains NaN or inf")
    norm = float(u.norm())
    if norm == 0.0:
        raise ValueError("direction is zero; the expansion needs a direction of unit length")
    return u / norm, d


def _path_inside(model, x, u, steps, wrt: str, base) -> bool:
    if wrt == "inputs":  # regions are convex in x: the two ends decide
        return base.same_region(activation_pattern(model, x + max(steps) * u.reshape(x.shape)))
    return all(base.same_region(activation_pattern(model, x, shifted_parameters(model, u, t))) for t in steps)


def _fitted_slope(steps: torch.Tensor, remainder: torch.Tensor) -> float:
    """Slope of log|remainder| against log t (:func:`~geomath.numeric.power_law_fit`) over the
    non-zero remainders; nan when fewer than two are left."""
    keep = remainder != 0
    if int(keep.sum()) < 2:
        return math.nan
    slope, _ = power_law_fit(steps[keep].tolist(), remainder[keep].tolist())
    return slope


def _relative_error_at_zero(steps: torch.Tensor, remainder: torch.Tensor, quadratic: torch.Tensor) -> float:
    """q(0) for q(t) = remainder/quadratic: the intercept of the least-squares cubic in t/t_max."""
    q = (remainder / quadratic).numpy()
    tau = (steps / steps.max()).numpy()
    design = np.stack([tau ** k for k in range(4)], axis=1)
    return float(np.linalg.lstsq(design, q, rcond=None)[0][0])


def assert_kl_fisher_expansion(model: nn.Module, x: torch.Tensor, direction: torch.Tensor | None = None,
                               steps: Sequence[float] | None = None, wrt: str = "weights", seed: int = 0,
                               tol: float | None = None) -> Check:
    """Assert KL(p(·|x, w) ‖ p(·|x, w + tu)) = ½ t² uᵀF(x, w)u + O(t³) along a unit direction u
    (the lecture “The Geometry of Deep Learning. Lecture 2: Deep Learning”, "The Fisher matrix", Key Facts); ``wrt="inputs"`` checks the data
    matrix: KL(p(·|x, w) ‖ p(·|x + tu, w)) = ½ t² uᵀG(x, w)u + O(t³). Both KL directions are
    checked (their quadratic terms are equal).

    Both sides come from :func:`~geomath.numeric.kl_expansion` (KL from the logit difference,
    the quadratic term from JᵀAJ) at each step t. Measured: the relative error
    q(t) = (KL − ½t²uᵀMu)/(½t²uᵀMu) extrapolated to t = 0, the larger over the two KL
    directions — 0 for an O(t³) remainder, a non-zero constant for an O(t²) one (a wrong ½ or
    M, a kink on the path). Passes when |q(0)| ≤ ``tol``, by default 100 × KL's relative
    rounding at the smallest step (:data:`KL_REASON`; why the extrapolation and not only the slope
    of log|remainder|, which is reported alongside: :data:`FIT_REASON`).

    ``steps`` None (default): 10 log-spaced t in [1e-5, 1e-2] (:data:`KL_STEPS`, those of the
    claims) or, if that path leaves the activation region, in [1e-6, 1e-3]
    (:data:`KL_LOWER_STEPS`). ``direction`` (flat, over the trainable parameters in
    ``model.parameters()`` order, or of x's size for inputs) is normalised to unit length; None
    draws a standard normal one from ``seed``.

    The theorem needs logits that are C³ at the base point. For networks with ``nn.ReLU`` or
    max-pool modules, the path base + t·u (t ≤ the largest step) must stay strictly inside one
    activation region (:func:`~geomath.numeric.activation_pattern`; checked at every step in
    weight space, where regions need not be convex, at the far end in input space). If the base
    point is on a boundary, or no window of steps stays inside, the hypothesis of the theorem
    does not hold there: inside a hypothesis test the example is rejected
    (``hypothesis.reject()``), elsewhere a ValueError says so; likewise when uᵀMu = 0 (u in the
    kernel of M), where the expansion says only KL = O(t³). Other non-smooth units (LeakyReLU,
    Hardtanh, ``torch.relu`` in ``forward``) are invisible to this test; a kink on the path
    shows up as a failure.

    Returns the Check; its ``result`` is the :class:`~geomath.numeric.KLExpansion`.
    """
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"x must be a torch.Tensor (one input, no batch dimension), got {type(x).__name__}")
    if wrt not in ("weights", "inputs"):
        raise ValueError(f"wrt must be 'weights' or 'inputs', got {wrt!r}")
    tol = _tolerance(tol)
    x = x.detach().to(torch.float64)
    u, d = _direction(model, x, direction, wrt, seed)
    if steps is None:
        windows = [torch.tensor(KL_STEPS, dtype=torch.float64), torch.tensor(KL_LOWER_STEPS, dtype=torch.float64)]
    else:
        if isinstance(steps, (str, bytes, torch.Tensor)) or not isinstance(steps, Sequence):
            raise TypeError(f"steps must be a sequence of positive step sizes or None, got {type(steps).__name__}")
        grid = torch.as_tensor([float(t) for t in steps], dtype=torch.float64)
        if grid.numel() < 4 or not torch.isfinite(grid).all() or (grid <= 0).any() or grid.unique().numel() < 4:
            raise ValueError(f"steps must hold at least 4 distinct finite positive step sizes (a cubic is fitted), "
                             f"got {list(steps)!r}")
        windows = [grid]

    base = activation_pattern(model, x)
    if not base.strict:
        _unmet("x lies on an activation boundary of the model (a ReLU pre-activation is exactly 0 or a max-pool "
               "window is tied): the logits are not smooth there, so KL = ½δᵀMδ + O(|δ|³) need not hold; "
               "choose a point inside a region")
    grid = next((w for w in windows if _path_inside(model, x, u, w.tolist(), wrt, base)), None)
    if grid is None:
        _unmet(f"the path {'w' if wrt == 'weights' else 'x'} + t·u leaves the activation region of the base point "
               f"for some t <= {_g(float(windows[-1].max()))}: the logits are not smooth along it, so the expansion "
               "cannot be tested there; choose another direction (seed=) or point, or smaller steps")
    e = kl_expansion(model, x, u, grid.tolist(), wrt)
    if (e.quadratic == 0).any():
        if bool((e.kl == 0).all() and (e.reverse == 0).all()):
            _unmet("KL and ½t²uᵀMu are both exactly 0 along u (the prediction does not move): nothing to compare")
        _unmet("½t²uᵀMu = 0: u lies in the kernel of the matrix, where the expansion says only KL = O(t³); "
               "choose another direction (seed=)")
    q_forward = _relative_error_at_zero(grid, e.reverse_remainder, e.quadratic)  # KL(p_base ‖ p_moved)
    q_backward = _relative_error_at_zero(grid, e.remainder, e.quadratic)         # KL(p_moved ‖ p_base)
    measured = max(abs(q_forward), abs(q_backward))
    params = dict(model.named_parameters())
    with torch.no_grad():
        s = model(x.to(next(iter(params.values())).dtype).unsqueeze(0)) if params else model(x.unsqueeze(0))
    kl_min = float(min(e.kl[0], e.reverse[0]))
    rho = EPS * (1.0 + float(s.detach().abs().max())) / math.sqrt(kl_min) if kl_min > 0 else math.inf
    tolerance = KL_ROUNDING_FACTOR * rho if tol is None else tol
    reason = KL_REASON if tol is None else "given by the caller (tol=)"
    slopes = (_fitted_slope(grid, e.reverse_remainder), _fitted_slope(grid, e.remainder))
    name, var = ("F(x, w)", "weights") if wrt == "weights" else ("G(x, w)", "inputs")
    lo, hi = float(grid.min()), float(grid.max())
    moved = "x, w + tu" if wrt == "weights" else "x + tu, w"
    details = {"q(0) for KL(p_base || p_moved)": q_forward, "q(0) for KL(p_moved || p_base)": q_backward,
               "rounding estimate rho": rho, "steps": [lo, hi, int(grid.numel())],
               "lower window (path left the region at the default steps)": steps is None and grid is windows[1],
               "slopes of log|remainder|": list(slopes),
               "KL / quadratic at smallest t": float(e.kl[0] / e.quadratic[0]),
               "quadratic / t^2": float(e.quadratic[0] / grid[0] ** 2),
               "remainder / t^3 at the ends": [float(e.reverse_remainder[0] / grid[0] ** 3),
                                               float(e.reverse_remainder[-1] / grid[-1] ** 3)],
               "dimension": d, "direction": "given" if direction is not None else f"standard normal, seed {seed}",
               "can_fail": tolerance < 1.0, "method": FIT_REASON}
    compared = (f"|q(0)|, q(t) = (KL − ½t²uᵀ{name}u)/(½t²uᵀ{name}u) extrapolated to t = 0 from t in [{_g(lo)}, "
                f"{_g(hi)}] ({grid.numel()} steps), the larger over KL(p_base ‖ p_moved) and KL(p_moved ‖ p_base), "
                f"along a unit u in {var} (dimension {d})")
    check = Check(name="assert_kl_fisher_expansion", compared=compared, measured=measured, relation="<=",
                  tolerance=tolerance, reason=reason, passed=measured <= tolerance, test=current_test(),
                  details=details, result=e,
                  hint=("the quadratic term does not match KL as t → 0: the remainder is O(t²) (slope of "
                        "log|remainder| near 2). Either the quadratic term is wrong (not ½uᵀMu: a different matrix, a "
                        "missing ½) or the logits are not C² at the base point: a kink of a non-smooth unit that "
                        "activation_pattern cannot see (LeakyReLU, Hardtanh, abs, torch.relu in forward) lies on the "
                        "path."))
    return _finish(check, f"KL is not ½t²uᵀ{name}u + O(t³) along the direction.", {
        "checked": f"KL(p(·|x, w) ‖ p(·|{moved})) = ½t²uᵀ{name}u + O(t³), and the reverse KL, at t in "
                   f"[{_g(lo)}, {_g(hi)}] ({grid.numel()} steps), u a unit vector in {var} (dimension {d})",
        "measured": (f"relative error of the quadratic term extrapolated to t = 0: q(0) = {_g(q_forward)} "
                     f"(KL(p_base ‖ p_moved)), {_g(q_backward)} (KL(p_moved ‖ p_base)) — 0 for an O(t³) remainder; "
                     f"slopes of log|remainder| against log t: {_g(slopes[0])}, {_g(slopes[1])} (3 expected)"),
        "tolerance": f"|q(0)| <= {_g(tolerance)} — {reason}",
        "hint": check.hint,
    })
