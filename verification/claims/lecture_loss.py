"""Claims of the lecture “The Geometry of Deep Learning. Lecture 2: Deep Learning” on the loss (CLAIMS.md L.2): slides "2. LOSS function",
"Softmax and Cross Entropy Loss/1", "Softmax and Cross Entropy Loss/2", "Loss and KL Divergence"
and "3. OPTIMIZER". (``softmax-properties`` of the same block is in
:mod:`verification.claims.lecture_fisher`.)

Every number these slides print is read from the committed copy of the lecture
(:func:`verification.sources.lecture_slide`, by regular expression: a changed source makes the check
fail loudly instead of silently checking a retyped number) and compared with a recomputation through
:func:`verification.evidence.printed_value`, so the report's index of printed numbers lists it.

Independent routes used for the comparisons:

* arithmetic: float64 (``math``/``torch``) against exact SymPy or 30-digit ``mpmath``, and exact
  ``fractions.Fraction`` sums of printed decimals;
* KL divergences: ``scipy.special.rel_entr`` (which gives +∞ where a_i > 0 = b_i and 0 where a_i = 0)
  against ``torch.nn.functional.kl_div`` and ``cross_entropy``;
* symbolic: :class:`geomath.symbolic.proof.Proof` over a symbolic number of classes C (linearity of
  Σ_{i=1}^C, log(a/b) = log a − log b for a, b > 0, the Kronecker-delta rule ``delta_sum`` and the
  named sums of ``sum_over_indices``), and identities at fixed C with generic logits s_i(w);
* networks: a ReLU MLP 64-16-10, random and briefly trained on scikit-learn's digits, float64.

Conventions: 0·log 0 = 0 (the limit of x log x at 0⁺, checked by SymPy); KL(a‖b) = +∞ when some
b_i = 0 < a_i (a is not absolutely continuous with respect to b). log is the natural log unless a base
is named; the claims establish that the slides use it.
"""
from __future__ import annotations

import inspect
import math
import re
from dataclasses import replace
from fractions import Fraction
from functools import lru_cache

import mpmath
import numpy as np
import sympy as sp
import torch
import torch.nn.functional as F
from scipy.special import rel_entr

from geomath.numeric import digits, fisher, relu_mlp, train
from geomath.numeric.scores import score_vectors
from geomath.symbolic.proof import Proof, delta_sum, sum_over_indices
from verification.claims._common import lecture_source as _src
from verification.evidence import fact, numeric_close, printed_decimals, printed_value, proof_evidence, symbolic_identity
from verification.figures import Table
from verification.model import Claim, Evidence, Finding, SEEDS
from verification.sources import lecture_slide

LECTURE = SEEDS["L"]
S_LOSS = "2. LOSS function"
S_SM1 = "Softmax and Cross Entropy Loss/1"
S_SM2 = "Softmax and Cross Entropy Loss/2"
S_KL = "Loss and KL Divergence"
S_OPT = "3. OPTIMIZER"

EPS = float(np.finfo(np.float64).eps)
MP_DIGITS = 30
LOSS_TOL = 1e3 * EPS
LOSS_REASON = ("float64: a loss of C = 10 classes is a sum of ≤ 2C rounded terms of size ≤ max|log p_i|; "
               "1e3·eps relative to max(1, |value|) leaves a margin of ~50 over that bound")
MP_REASON = (f"float64 against mpmath at {MP_DIGITS} digits: a few float64 operations, each rounded once; "
             "1e3·eps relative to max(1, |value|)")
PROOF_REASON = "every step of the proof is checked by SymPy: its residual must vanish (exact, symbolic C)"


def _printed(title: str, pattern: str) -> tuple[str, ...]:
    """The groups of ``pattern`` in the text of the lecture slide ``title``, as printed."""
    m = re.search(pattern, lecture_slide(title).text)
    if m is None:
        raise ValueError(f"pattern {pattern!r} not found on slide {title!r}: has the committed lecture changed?")
    return m.groups()


def _close_mp(computed: float, exact, compared: str, *, role: str = "statement", details: dict | None = None) -> Evidence:
    ref = float(exact)
    return numeric_close(computed, ref, compared, tol=1e3 * EPS * max(1.0, abs(ref)), reason=MP_REASON,
                         kind="arithmetic", role=role, details=details)


def _rounds_to(value, printed: str) -> bool:
    """Whether ``value`` (exact or mpmath) lies within half a unit of the last digit of ``printed``."""
    k = printed_decimals(printed)
    with mpmath.workdps(MP_DIGITS):
        return bool(abs(mpmath.mpf(value) - mpmath.mpf(printed)) <= mpmath.mpf(5) / 10 ** (k + 1))


def _half_unit(printed: str) -> Fraction:
    """Half a unit of the last printed digit ("0.34" → 1/200, "6" → 1/2); ValueError for text that is not a number."""
    return Fraction(5, 10 ** (printed_decimals(printed) + 1))


def _fmt(x: float, digits_: int = 4) -> str:
    return "+∞" if x == math.inf else f"{x:.{digits_}f}"


# -- the printed numbers -----------------------------------------------------------------------------

_NUM = r"(\d+(?:\.\d+)?)"
_FRAC = r"\\frac\{e\^(\d+)\}\{e\^(\d+) \+ e\^(\d+) \+ e\^(\d+)\}"


def _sm1() -> dict:
    """Slide "Softmax and Cross Entropy Loss/1": S(x) line, p(cat) line, Loss(cat)."""
    fracs = re.findall(_FRAC, lecture_slide(S_SM1).text)
    if len(fracs) != 4:
        raise ValueError(f"expected the S(x) fraction and three p(cat) fractions on {S_SM1!r}, found {len(fracs)}")
    return {
        "S fraction": fracs[0],
        "p fractions": fracs[1:],
        "S value": _printed(S_SM1, r"\} = " + _NUM + r"\$\$")[0],
        "p": _printed(S_SM1, r"&= \(" + _NUM + ", " + _NUM + ", " + _NUM + r"\)"),
        "loss": _printed(S_SM1, r"-\\log\(p\(\\text\{cat\}\)\) = " + _NUM)[0],
    }


def _sm2() -> dict:
    """Slide "Softmax and Cross Entropy Loss/2": the total loss, the KL chain and the cat example."""
    total = _printed(S_SM2, r"= -\\log\(" + _NUM + r"\) - \\log\(" + _NUM + r"\) - \\log\(" + _NUM + r"\) = "
                     + _NUM + r" \+ " + _NUM + r" \+ " + _NUM + " = " + _NUM)
    example = _printed(S_SM2, r"KL\(p\(x\) \\\| q\(x\)\) = (\d) \\cdot \\log\(" + _NUM + r"\) \+ (\d) \\cdot \\log\("
                       + _NUM + r"\) \+ (\d) \\cdot \\log\(" + _NUM + r"\) = " + _NUM)
    pq = _printed(S_SM2, r"p\(x\) = \(" + _NUM + ", " + _NUM + ", " + _NUM + r"\), \\quad q\(x\) = \((\d), (\d), (\d)\)")
    return {
        "one image index": _printed(S_SM2, r"\(e\^\{s_(\d)\(x\)\} \+ \\dots \+ e\^\{s_N\(x\)\}\)")[0],
        "probs": total[:3], "summands": total[3:6], "total": total[6],
        "chain": _printed(S_SM2, r"KL\(p\(x\) \\\| q\(x\)\) &= (\\mathbf\{E\}_q\[p\]) = (\\sum q_i\(x\) \\log\(p_i\(x\)\))"),
        "expansion indices": _printed(S_SM2, r"q_(\d)\(x\) \\log\(p_(\d)\(x\)\) \+ q_(\d)\(x\) \\log\(p_(\d)\(x\)\) \+ \\cdots"),
        "example weights": example[0:6:2], "example probs": example[1:6:2], "example value": example[6],
        "p": pq[:3], "q": pq[3:],
    }


# -- small helpers -----------------------------------------------------------------------------------

def _kl(a, b) -> float:
    """KL(a‖b) = Σ a_i log(a_i/b_i) by scipy's rel_entr (0 where a_i = 0, +∞ where a_i > 0 = b_i)."""
    return float(np.sum(rel_entr(np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64))))


def _softmax_exact(logits) -> list[sp.Expr]:
    E = [sp.exp(sp.Integer(int(s))) for s in logits]
    Z = sp.Add(*E)
    return [e / Z for e in E]


@lru_cache(maxsize=2)
def _nets(seed: int) -> tuple[tuple[str, torch.nn.Module], ...]:
    """A ReLU MLP 64-16-10, random and trained (Adam, 8 epochs on 256 of scikit-learn's digits), float64."""
    X, y = digits("train", seed=seed, flatten=True)
    trained, _ = train(relu_mlp(64, (16,), 10, seed=seed), X[:256], y[:256], epochs=8, lr=1e-2, seed=seed)
    return (("ReLU MLP 64-16-10, random", relu_mlp(64, (16,), 10, seed=seed)),
            ("ReLU MLP 64-16-10, trained on digits", trained))


@lru_cache(maxsize=2)
def _batch(seed: int, n: int = 16) -> tuple[torch.Tensor, torch.Tensor]:
    X, y = digits("test", seed=seed, flatten=True)
    return X[:n], y[:n]


def _soft_targets(ctx, n: int, C: int) -> torch.Tensor:
    """Strictly positive label distributions on C classes: Dirichlet(1, …, 1) draws (seeded)."""
    q = ctx.numpy_rng("soft targets").dirichlet(np.ones(C), size=n)
    return torch.tensor(q, dtype=torch.float64)


# ====================================================================================================
# softmax-example-542
# ====================================================================================================

def _softmax_542(ctx) -> list[Evidence]:
    sm = _sm1()
    S_num, *S_den = sm["S fraction"]
    logits = tuple(S_den)
    out: list[Evidence] = []
    # the exponents: the same logits in every fraction, and consistent with the printed probabilities
    same = all(f[1:] == logits for f in sm["p fractions"]) and tuple(f[0] for f in sm["p fractions"]) == logits \
        and S_num == logits[0]
    p_lo = [Fraction(v) - _half_unit(v) for v in sm["p"]]
    p_hi = [Fraction(v) + _half_unit(v) for v in sm["p"]]
    s = [int(v) for v in logits]
    gaps = {}
    for j in (1, 2):  # s_1 − s_j must lie in [ln(p1_lo/pj_hi), ln(p1_hi/pj_lo)] (softmax: p_1/p_j = e^{s_1 − s_j})
        lo, hi = math.log(p_lo[0] / p_hi[j]), math.log(p_hi[0] / p_lo[j])
        gaps[f"s_1 − s_{j + 1}"] = (s[0] - s[j], round(lo, 4), round(hi, 4))
    inside = all(lo <= g <= hi for g, lo, hi in gaps.values())
    out.append(fact(
        same and inside,
        "the printed exponents 5, 4, 2: the S(x) line and the three p(cat) fractions use the same logits (5, 4, 2), "
        "and the logit gaps 5 − 4 and 5 − 2 lie in the ranges of ln(p_1/p_j) allowed by the printed (rounded) "
        "probabilities (0.71, 0.26, 0.04) ± 0.005 (softmax: p_1/p_j = e^{s_1 − s_j}; only gaps are determined)",
        kind="arithmetic",
        reason="exact interval: printed probabilities ± half a unit of their last digit, ratios as Fractions",
        details={"printed": list(logits), "slide": S_SM1, "S(x) numerator exponent": S_num,
                 "gap, allowed interval": {k: f"{g} ∈ [{lo}, {hi}]" for k, (g, lo, hi) in gaps.items()}},
    ))
    p64 = torch.softmax(torch.tensor([float(v) for v in s], dtype=torch.float64), dim=0).tolist()
    exact = _softmax_exact(s)
    exact30 = [sp.N(e, MP_DIGITS) for e in exact]
    out.append(printed_value(sm["S value"], p64[0], "S(x) = e⁵/(e⁵ + e⁴ + e²) (float64 softmax of (5, 4, 2)) vs the "
                             "printed 0.71 of the S(x) line", slide=S_SM1, details={"exact (30 digits)": str(exact30[0])}))
    names = ("cat", "second", "third")
    for k, (printed, value, ex) in enumerate(zip(sm["p"], p64, exact30)):
        out.append(printed_value(printed, value, f"p(cat)_{k + 1} = e^{s[k]}/(e⁵ + e⁴ + e²) (float64 softmax) vs the printed "
                                 f"component {printed}", slide=S_SM1,
                                 details={"component": names[k], "exact (30 digits)": str(ex),
                                          "float64 rounded to 2 decimals": f"{value:.2f}"}))
    # exact rounding: decided by SymPy with exact rationals (independent of float64)
    exact_ok = []
    for printed, e in zip(sm["p"], exact):
        c = sp.Rational(printed)
        exact_ok.append(bool((e - (c - sp.Rational(1, 200))).is_positive) and bool((c + sp.Rational(1, 200) - e).is_positive))
    float_ok = [f"{v:.2f}" == pr for v, pr in zip(p64, sm["p"])]
    out.append(fact(
        all(exact_ok) and exact_ok == float_ok,
        "rounding to two decimals decided exactly (SymPy: printed − 0.005 < e^{s_k}/Z < printed + 0.005 with exact "
        "rationals) agrees with the float64 rounding, for every component",
        kind="arithmetic", reason="exact: SymPy decides the sign of e-expressions minus rationals",
        details={"exact within rounding": exact_ok, "float64 rounds to printed": float_ok,
                 "closest call": "e²/Z = 0.035119… vs the rounding boundary 0.035 (margin 1.2e-4)"},
    ))
    total = sum(Fraction(v) for v in sm["p"])
    exact_sum = sp.nsimplify(sp.simplify(sp.Add(*exact)))
    out.append(fact(
        exact_sum == 1 and abs(total - 1) <= 3 * Fraction(1, 200),
        "the printed components sum to 1.01, not 1: within the 3 × 0.005 that three roundings to two decimals allow "
        "(the exact components sum to 1)",
        kind="arithmetic", reason="exact: Fraction sum of the printed decimals; SymPy sum of the exact components",
        details={"sum of printed components": str(float(total)), "exact sum": str(exact_sum),
                 "largest rounding error": "0.04 − 0.0351 = 0.0049"},
    ))
    return out


# ====================================================================================================
# ce-example-cat
# ====================================================================================================

_BASES = {"e": math.e, "10": 10.0, "2": 2.0}


def _ce_cat(ctx) -> list[Evidence]:
    sm = _sm1()
    s = [float(v) for v in sm["S fraction"][1:]]
    p_cat = float(torch.softmax(torch.tensor(s, dtype=torch.float64), dim=0)[0])
    p_printed = float(sm["p"][0])
    loss = sm["loss"]
    out = [
        # caveat: the slide takes the loss from its own rounded 0.71; the unrounded value is a rounding-order slip
        printed_value(loss, -math.log(p_cat), f"Loss(cat) = −ln p(cat) with the unrounded p(cat) = e⁵/(e⁵+e⁴+e²) = {p_cat:.4f} "
                      "(float64) vs the printed 0.34", slide=S_SM1, role="caveat",
                      details={"p(cat)": p_cat, "−ln p(cat) rounded": f"{-math.log(p_cat):.2f}"}),
        printed_value(loss, -math.log(p_printed), "Loss(cat) = −ln(0.71) from the printed, rounded p(cat) vs the printed 0.34",
                      slide=S_SM1, details={"−ln 0.71 rounded": f"{-math.log(p_printed):.2f}"}),
    ]
    table = {b: (-math.log(p_printed, base), -math.log(p_cat, base)) for b, base in _BASES.items()}
    fits = sorted(b for b, (v, _) in table.items() if _rounds_to(v, loss))
    out.append(fact(
        fits == ["e"],
        "which logarithm the slide uses: of the bases e, 10, 2 only the natural log makes −log(0.71) round to 0.34",
        kind="arithmetic", reason="each −log_b(0.71) against half a unit of the printed 0.34",
        details={f"base {b}": f"−log(0.71) = {v:.4f}, −log(p(cat)) = {u:.4f}" for b, (v, u) in table.items()}
        | {"bases consistent with 0.34": fits},
    ))
    # correction: 0.35, from an independent route (mpmath ln(1 + e^{-1} + e^{-3}) = −ln p(cat))
    with mpmath.workdps(MP_DIGITS):
        exact = mpmath.log(1 + mpmath.exp(-1) + mpmath.exp(-3))
    ce = float(F.cross_entropy(torch.tensor([s], dtype=torch.float64), torch.tensor([0])))
    out.append(_close_mp(ce, exact, "torch cross_entropy(logits (5, 4, 2), label cat) = mpmath ln(1 + e⁻¹ + e⁻³) "
                         "(−ln of e⁵/(e⁵+e⁴+e²), divided through by e⁵)", role="correction"))
    out.append(fact(_rounds_to(exact, "0.35") and not _rounds_to(exact, "0.34"),
                    "corrected: Loss(cat) = 0.34901… rounds to 0.35 (and not to 0.34)", kind="arithmetic", role="correction",
                    reason="mpmath 30 digits against half a unit of the second decimal",
                    details={"Loss(cat), 30 digits": mpmath.nstr(exact, 20), "corrected": "0.35"}))
    return out


# ====================================================================================================
# ce-total-three-images
# ====================================================================================================

def _ce_total(ctx) -> list[Evidence]:
    sm2 = _sm2()
    probs = [float(v) for v in sm2["probs"]]
    out: list[Evidence] = []
    # "Loss of one image" with the printed index range 1..N, for the cat logits (5, 4, 2)
    sm1 = _sm1()
    s = [int(v) for v in sm1["S fraction"][1:]]
    first = int(sm2["one image index"])
    with mpmath.workdps(MP_DIGITS):
        one = -mpmath.log(mpmath.e ** s[0] / sum(mpmath.e ** s[j - 1] for j in range(first, len(s) + 1)))
    ce = float(F.cross_entropy(torch.tensor([s], dtype=torch.float64), torch.tensor([0])))
    out.append(_close_mp(ce, one, "L(x) = −log[e^{s_label}/(e^{s_1} + ⋯ + e^{s_N})] with the sum from the printed index 1 to "
                         "N = 3 (mpmath) = torch cross_entropy, for the cat logits (5, 4, 2)",
                         details={"index of s_1 (a printed subscript)": sm2["one image index"]}))
    terms = [-math.log(p) for p in probs]
    for printed, p, t in zip(sm2["summands"], sm2["probs"], terms):
        out.append(printed_value(printed, t, f"−ln({p}) (float64) vs the printed summand {printed}", slide=S_SM2,
                                 details={f"−log_{b}({p})": round(-math.log(float(p), base), 4) for b, base in _BASES.items()}))
    fits = sorted(b for b, base in _BASES.items()
                  if all(_rounds_to(-math.log(p, base), pr) for p, pr in zip(probs, sm2["summands"])))
    sums = {b: sum(-math.log(p, base) for p in probs) for b, base in _BASES.items()}
    out.append(fact(
        fits == ["e"],
        "which logarithm: of the bases e, 10, 2 only the natural log makes every summand round to its printed value "
        "(0.34, 6, 3.91)", kind="arithmetic", reason="each −log_b(p) against half a unit of its printed summand",
        details={"bases consistent with every summand": fits} | {f"sum in base {b}": round(v, 4) for b, v in sums.items()},
    ))
    printed_sum = sum(Fraction(v) for v in sm2["summands"])
    lo = sum(Fraction(v) - _half_unit(v) for v in sm2["summands"])
    hi = sum(Fraction(v) + _half_unit(v) for v in sm2["summands"])
    out.append(printed_value(sm2["total"], sum(terms), "the printed total 10.2 vs the sum of the recomputed terms "
                             "−ln 0.71 − ln 0.002 − ln 0.02 (float64)", slide=S_SM2,
                             details={"sum of recomputed terms": round(sum(terms), 4)}))
    out.append(printed_value(sm2["total"], float(printed_sum), "the printed total 10.2 vs the sum of the printed summands "
                             "0.34 + 6 + 3.91 (exact Fraction)", slide=S_SM2,
                             details={"sum of printed summands": str(float(printed_sum)),
                                      "note": "10.25 is exactly halfway between 10.2 and 10.3 (round-half-even gives 10.2); "
                                              "the printed '6' carries ±0.5, so the summands only fix the total to "
                                              f"[{float(lo)}, {float(hi)}], far coarser than the printed one decimal"}))
    # the first term with the unrounded p(cat) of the previous slide: a remark (the slide uses the printed 0.71)
    p_cat = float(torch.softmax(torch.tensor([float(v) for v in s], dtype=torch.float64), dim=0)[0])
    out.append(printed_value(sm2["summands"][0], -math.log(p_cat), "first term −log p(cat) with the unrounded p(cat) = "
                             "e⁵/(e⁵+e⁴+e²) of the previous slide vs the printed 0.34", slide=S_SM2, role="remark",
                             details={"p(cat)": p_cat, "total with unrounded p(cat)": round(-math.log(p_cat) + sum(terms[1:]), 4)}))
    # correction: one log of the exact product, mpmath (independent of the float64 sum of three logs)
    with mpmath.workdps(MP_DIGITS):
        product = mpmath.mpf(1)
        for v in sm2["probs"]:
            product *= mpmath.mpf(v)
        total_exact = -mpmath.log(product)
        total_unrounded = -mpmath.log(mpmath.e ** 5 / (mpmath.e ** 5 + mpmath.e ** 4 + mpmath.e ** 2)) \
            - mpmath.log(mpmath.mpf(sm2["probs"][1])) - mpmath.log(mpmath.mpf(sm2["probs"][2]))
        six = -mpmath.log(mpmath.mpf(sm2["probs"][1]))
    out.append(_close_mp(sum(terms), total_exact, "Σ of the three float64 logs = mpmath −ln(0.71 · 0.002 · 0.02) = "
                         "−ln(2.84e−5)", role="correction"))
    out.append(fact(_rounds_to(total_exact, "10.47") and _rounds_to(six, "6.21") and _rounds_to(total_unrounded, "10.48"),
                    "corrected: −ln 0.71 − ln 0.002 − ln 0.02 = 0.34 + 6.21 + 3.91 = 10.47 (natural log); with the unrounded "
                    "p(cat) the total is 10.48", kind="arithmetic", role="correction",
                    reason="mpmath 30 digits against half a unit of the last corrected digit",
                    details={"total": mpmath.nstr(total_exact, 12), "−ln 0.002": mpmath.nstr(six, 12),
                             "total, unrounded p(cat)": mpmath.nstr(total_unrounded, 12)}))
    return out


# ====================================================================================================
# kl-slide-formula, kl-slide-example
# ====================================================================================================

_C = sp.Symbol("C", integer=True, positive=True)
_i, _y = sp.symbols("i y", integer=True, positive=True)
_q = sp.IndexedBase("q", positive=True)
_p = sp.IndexedBase("p", positive=True)
_s = sp.IndexedBase("s", real=True)


def _Sum(f: sp.Expr) -> sp.Sum:
    return sp.Sum(f, (_i, 1, _C))


def _linear_sum_residual(expr: sp.Expr) -> sp.Expr:
    """A linear combination (coefficients free of i) of sums Σ_{i=1}^C, as one sum (linearity of Σ) whose
    summand is expanded with log(a/b) = log a − log b (a, b > 0: positive symbols); 0 when it cancels."""
    total = sp.S.Zero
    for term in sp.Add.make_args(sp.expand(expr)):
        sums = [f for f in sp.Mul.make_args(term) if isinstance(f, sp.Sum)]
        if term == 0:
            continue
        if len(sums) != 1 or sums[0].limits != ((_i, 1, _C),):
            raise ValueError(f"{term} is not a multiple of one sum over i = 1..C")
        coeff = sp.Mul(*[f for f in sp.Mul.make_args(term) if f is not sums[0]])
        if coeff.has(_i):
            raise ValueError(f"the coefficient {coeff} depends on the summation index")
        total += coeff * sums[0].function
    summand = sp.expand(sp.expand_log(total))
    return sp.S.Zero if summand == 0 else sp.Sum(summand, (_i, 1, _C))


def _kl_sym(a, b) -> sp.Sum:
    return _Sum(a[_i] * sp.log(a[_i] / b[_i]))


def _prove_kl_cross_entropy() -> Proof:
    """KL(q‖p) = H(q, p) − H(q) and Σ q_i log p_i = −H(q, p), for every C (q_i, p_i > 0)."""
    proof = Proof("KL(q||p) = H(q,p) - H(q), sum q_i log p_i = -H(q,p); symbolic C")
    H_qp = _Sum(-_q[_i] * sp.log(_p[_i]))
    H_q = _Sum(-_q[_i] * sp.log(_q[_i]))
    proof.step(_kl_sym(_q, _p), H_qp - H_q, r"\log\frac{q_i}{p_i} = \log q_i - \log p_i;\ \text{linearity of } \sum_{i=1}^C",
               residual=_linear_sum_residual(_kl_sym(_q, _p) - (H_qp - H_q)))
    printed = _Sum(_q[_i] * sp.log(_p[_i]))
    proof.step(printed, -H_qp, r"\text{the printed } \sum q_i\log p_i \text{ is minus the cross-entropy}",
               residual=_linear_sum_residual(printed + H_qp))
    return proof


def _simplex_point() -> tuple[list[sp.Rational], list[sp.Rational]]:
    return ([sp.Rational(1, 2), sp.Rational(1, 3), sp.Rational(1, 6)],
            [sp.Rational(1, 5), sp.Rational(3, 10), sp.Rational(1, 2)])


def _defs(q, p) -> dict[str, sp.Expr]:
    """The printed expressions and the standard quantities for explicit vectors q, p (SymPy)."""
    return {
        "KL(p‖q) = Σ p_i log(p_i/q_i)": sp.Add(*[b * sp.log(b / a) for a, b in zip(q, p)]),
        "KL(q‖p) = Σ q_i log(q_i/p_i)": sp.Add(*[a * sp.log(a / b) for a, b in zip(q, p)]),
        "H(q, p) = −Σ q_i log p_i": -sp.Add(*[a * sp.log(b) for a, b in zip(q, p)]),
        "H(q) = −Σ q_i log q_i": -sp.Add(*[a * sp.log(a) for a in q]),
        "E_q[p] = Σ q_i p_i (as printed)": sp.Add(*[a * b for a, b in zip(q, p)]),
        "Σ q_i log p_i (as printed)": sp.Add(*[a * sp.log(b) for a, b in zip(q, p)]),
    }


def _example_values(q, p) -> dict[str, float]:
    """The same quantities at the slide's example by scipy (0·log 0 = 0, +∞ where q_i = 0 < p_i)."""
    q, p = np.asarray(q, dtype=np.float64), np.asarray(p, dtype=np.float64)
    xlogy = lambda a, b: float(np.sum(np.where(a == 0, 0.0, a * np.log(np.where(a == 0, 1.0, b)))))  # noqa: E731
    return {
        "KL(p‖q) = Σ p_i log(p_i/q_i)": _kl(p, q),
        "KL(q‖p) = Σ q_i log(q_i/p_i)": _kl(q, p),
        "H(q, p) = −Σ q_i log p_i": -xlogy(q, p),
        "H(q) = −Σ q_i log q_i": -xlogy(q, q),
        "E_q[p] = Σ q_i p_i (as printed)": float(q @ p),
        "Σ q_i log p_i (as printed)": xlogy(q, p),
    }


def _kl_formula(ctx) -> list[Evidence]:
    sm2 = _sm2()
    out: list[Evidence] = []
    qs = sp.symbols("q1:4", positive=True)
    ps = sp.symbols("p1:4", positive=True)
    gen = _defs(qs, ps)
    qv, pv = _simplex_point()
    at = {k: sp.N(v, MP_DIGITS) for k, v in _defs(qv, pv).items()}
    printed_chain = [("KL(p‖q) = Σ p_i log(p_i/q_i)", "E_q[p] = Σ q_i p_i (as printed)"),
                     ("E_q[p] = Σ q_i p_i (as printed)", "Σ q_i log p_i (as printed)"),
                     ("KL(p‖q) = Σ p_i log(p_i/q_i)", "Σ q_i log p_i (as printed)")]
    shorthand = ("E_q[p] read literally is Σ q_i p_i; read as shorthand for E_q[log p] it equals Σ q_i log p_i, "
                 "but KL(p‖q) equals neither")
    for a, b in printed_chain:
        out.append(symbolic_identity(
            gen[a], gen[b], f"printed equality '{a.split(' =')[0]} = {b.split(' (')[0]}' as an identity, C = 3, "
                            "generic q_i, p_i > 0", simplifier=lambda e: sp.simplify(sp.expand_log(e)),
            details={"value at q = (1/2, 1/3, 1/6), p = (1/5, 3/10, 1/2)": f"{float(at[a]):.6f} vs {float(at[b]):.6f}",
                     "note": shorthand}))
        out.append(numeric_close(float(sp.Abs(at[a] - at[b])), 0.0,
                                 f"'{a.split(' =')[0]} = {b.split(' (')[0]}' by value on the simplex: q = (1/2, 1/3, 1/6), "
                                 "p = (1/5, 3/10, 1/2) (exact rationals, difference at 30 digits)", tol=1e-25,
                                 reason="30-digit evaluation of exact expressions: an identity leaves < 1e-25",
                                 kind="arithmetic", details={"values": [f"{float(at[a]):.6f}", f"{float(at[b]):.6f}"]}))
    # the printed expansion q_1 log p_1 + q_2 log p_2 + ⋯ + q_n log p_n is Σ q_i log p_i
    # (the first two terms with the printed indices, then the pattern continued to the last term q_n log p_n, n = 3)
    n = 3
    a1, b1, a2, b2 = (int(v) for v in sm2["expansion indices"])
    expansion = _q[a1] * sp.log(_p[b1]) + _q[a2] * sp.log(_p[b2]) + _q[n] * sp.log(_p[n])
    out.append(symbolic_identity(expansion, sp.Sum(_q[_i] * sp.log(_p[_i]), (_i, 1, n)).doit(),
                                 "the printed expansion q_1 log p_1 + q_2 log p_2 + ⋯ + q_n log p_n (its first two terms with "
                                 "the printed indices 1, 2; n = 3) = Σ_{i=1}^n q_i log p_i",
                                 details={"printed subscripts": list(sm2["expansion indices"])}))
    # the slide's example, by value
    q_ex = [float(v) for v in sm2["q"]]
    p_ex = [float(v) for v in sm2["p"]]
    vals = _example_values(q_ex, p_ex)
    chain = [vals["KL(p‖q) = Σ p_i log(p_i/q_i)"], vals["E_q[p] = Σ q_i p_i (as printed)"], vals["Σ q_i log p_i (as printed)"]]
    out.append(fact(
        max(chain) - min(chain) <= 1e-12,
        "the printed chain KL(p‖q) = E_q[p] = Σ q_i log p_i by value at the slide's example q = (1, 0, 0), "
        "p = (0.71, 0.26, 0.04)", kind="arithmetic", reason="the three values must agree (to float64 rounding)",
        details={"values": [_fmt(v) for v in chain],
                 "treatment": "0·log 0 = 0 (limit of x log x); KL(p‖q) = +∞ because q_2 = q_3 = 0 < p_2, p_3 "
                              "(p is not absolutely continuous w.r.t. q: p_i log(p_i/0) = +∞)"}))
    # argument order against Eq. (1) of "Loss and KL Divergence"
    eq1 = _printed(S_KL, r"\\text\{KL\}\((q)\(y\|x\) \\\| (p)\(y\|x, w\)\)")
    out.append(numeric_close(float(sp.Abs(at["KL(p‖q) = Σ p_i log(p_i/q_i)"] - at["KL(q‖p) = Σ q_i log(q_i/p_i)"])), 0.0,
                             f"argument order: the slide's KL(p‖q) vs Eq. (1)'s KL({eq1[0]}‖{eq1[1]}) on 'Loss and KL Divergence', "
                             "at q = (1/2, 1/3, 1/6), p = (1/5, 3/10, 1/2)", tol=1e-25, kind="arithmetic",
                             reason="30-digit evaluation of exact expressions: equal values would leave < 1e-25",
                             details={"at the slide's example": f"KL(p‖q) = {_fmt(vals['KL(p‖q) = Σ p_i log(p_i/q_i)'])}, "
                                                                f"KL(q‖p) = {_fmt(vals['KL(q‖p) = Σ q_i log(q_i/p_i)'])}"}))
    out.append(fact(chain[2] < 0 <= vals["KL(q‖p) = Σ q_i log(q_i/p_i)"],
                    "sign: the printed Σ q_i log p_i is ≤ 0 (log p_i ≤ 0), a KL divergence is ≥ 0; at the example "
                    f"Σ q_i log p_i = {chain[2]:.4f}", kind="arithmetic", role="correction",
                    details={"Σ q_i log p_i": chain[2], "KL(q‖p)": vals["KL(q‖p) = Σ q_i log(q_i/p_i)"]}))
    # the correction
    out.append(proof_evidence(_prove_kl_cross_entropy(), "corrected: KL(q‖p) = Σ q_i log(q_i/p_i) = H(q, p) − H(q), and the "
                              "printed Σ q_i log p_i = −H(q, p), symbolic C", role="correction", reason=PROOF_REASON))
    out.append(symbolic_identity(gen["KL(q‖p) = Σ q_i log(q_i/p_i)"], gen["H(q, p) = −Σ q_i log p_i"] - gen["H(q) = −Σ q_i log q_i"],
                                 "corrected at C = 3: KL(q‖p) = H(q, p) − H(q), generic q_i, p_i > 0", role="correction",
                                 simplifier=lambda e: sp.expand(sp.expand_log(e))))
    with mpmath.workdps(MP_DIGITS):
        ref = -mpmath.log(mpmath.mpf(sm2["p"][0]))
    out.append(_close_mp(vals["KL(q‖p) = Σ q_i log(q_i/p_i)"], ref,
                         "corrected, at the example: KL(q‖p) (scipy rel_entr, 0·log 0 = 0) = −ln(0.71) (mpmath) = H(q, p), "
                         "H(q) = 0 for the one-hot q", role="correction",
                         details={k: _fmt(v) for k, v in vals.items()}))
    rows = [(k, f"{float(at[k]):.4f}", _fmt(vals[k])) for k in at]
    out[0] = replace(out[0], figures=(Table(
        "the printed expressions and the standard quantities", ("quantity", "at q = (1/2, 1/3, 1/6), p = (1/5, 3/10, 1/2)",
                                                                "at the slide's q = (1, 0, 0), p = (0.71, 0.26, 0.04)"),
        tuple(rows), note="0·log 0 = 0; +∞ where q_i = 0 < p_i"),))
    return out


def _kl_example(ctx) -> list[Evidence]:
    sm2 = _sm2()
    out: list[Evidence] = []
    p_line = [float(v) for v in sm2["p"]]
    q_line = [int(v) for v in sm2["q"]]
    # the p(x) and q(x) of this slide
    s = [float(v) for v in _sm1()["S fraction"][1:]]
    p64 = torch.softmax(torch.tensor(s, dtype=torch.float64), dim=0).tolist()
    for k, (printed, value) in enumerate(zip(sm2["p"], p64)):
        out.append(printed_value(printed, value, f"p(x)_{k + 1} of 'Previous example' vs softmax(5, 4, 2)_{k + 1} (float64)",
                                 slide=S_SM2))
    one_hot = F.one_hot(torch.tensor(0), 3).tolist()  # the label "cat" is the first class (S(x) = e⁵/Z = p(cat))
    for k, printed in enumerate(sm2["q"]):
        out.append(printed_value(printed, one_hot[k], f"q(x)_{k + 1} vs the one-hot label 'cat' (torch one_hot)", slide=S_SM2,
                                 rounding=False))
    for k, printed in enumerate(sm2["example weights"]):
        out.append(printed_value(printed, q_line[k], f"weight {printed} of the {k + 1}. term of the middle expression vs q(x)_{k + 1}"
                                 " printed on the line above", slide=S_SM2, rounding=False))
    # the probabilities inside the middle expression; the 2. and 3. (0.002, 0.02, copied from the three-image total)
    # are caveats: a slip the zero weights make harmless
    for k, printed in enumerate(sm2["example probs"]):
        out.append(printed_value(printed, p_line[k], f"probability {printed} in the {k + 1}. term of the middle expression vs "
                                 f"p(x)_{k + 1} = {sm2['p'][k]} printed on the line above", slide=S_SM2,
                                 role="caveat" if k > 0 else "statement"))
    origin = tuple(sm2["example probs"][1:]) == tuple(sm2["probs"][1:])
    out.append(fact(origin, "the middle expression's 0.002 and 0.02 are p(horse) and p(dog) of the three-image total loss "
                    "above, not the 0.26 and 0.04 of the cat's p(x)", kind="arithmetic",
                    details={"middle expression": list(sm2["example probs"]), "three-image total": list(sm2["probs"]),
                             "p(x)": list(sm2["p"])}))
    zero_terms = sum(float(w) * math.log(float(p)) for w, p in zip(sm2["example weights"][1:], sm2["example probs"][1:]))
    zero_terms_right = sum(float(w) * math.log(p) for w, p in zip(sm2["example weights"][1:], p_line[1:]))
    out.append(fact(zero_terms == zero_terms_right == 0.0, "the mix-up does not change the value: the weights of both "
                    "terms are 0, so 0·log(0.002) + 0·log(0.02) = 0·log(0.26) + 0·log(0.04) = 0", kind="arithmetic"))
    middle = sum(float(w) * math.log(float(p)) for w, p in zip(sm2["example weights"], sm2["example probs"]))
    out.append(printed_value(sm2["example value"], middle, "the middle expression 1·log(0.71) + 0·log(0.002) + 0·log(0.02) "
                             "= ln(0.71) (float64) vs the printed 0.34 (sign)", slide=S_SM2,
                             details={"middle expression": round(middle, 6)}))
    kl_pq, kl_qp = _kl(p_line, q_line), _kl(q_line, p_line)
    out.append(fact(math.isfinite(kl_pq) and _rounds_to(kl_pq, sm2["example value"]),
                    "KL(p(x)‖q(x)) as printed, for p = (0.71, 0.26, 0.04), q = (1, 0, 0), vs the printed 0.34",
                    kind="arithmetic", reason="scipy rel_entr: p_i log(p_i/q_i) = +∞ where q_i = 0 < p_i",
                    details={"printed": sm2["example value"], "recomputed": _fmt(kl_pq), "slide": S_SM2}))
    # correction: KL(q‖p) = −log(0.71) = 0.34 = Loss(cat)
    out.append(printed_value(sm2["example value"], kl_qp, "corrected: KL(q(x)‖p(x)) (scipy rel_entr, 0·log 0 = 0) vs the "
                             "printed 0.34", slide=S_SM2, role="correction"))
    kl_torch = float(F.kl_div(torch.log(torch.tensor(p_line, dtype=torch.float64)), torch.tensor(q_line, dtype=torch.float64),
                              reduction="sum"))
    with mpmath.workdps(MP_DIGITS):
        ref = -mpmath.log(mpmath.mpf(sm2["p"][0]))
    out.append(_close_mp(kl_torch, ref, "corrected: torch kl_div(log p, q) = KL(q‖p) = −ln(0.71) (mpmath)", role="correction",
                         details={"scipy rel_entr": kl_qp}))
    loss_cat = float(F.cross_entropy(torch.tensor([s], dtype=torch.float64), torch.tensor([0])))
    kl_unrounded = _kl(q_line, p64)
    out.append(numeric_close(kl_unrounded, loss_cat, "'This is the loss function': KL(q‖p) with the unrounded p = softmax(5, 4, 2)"
                             " (scipy) = Loss(cat) (torch cross_entropy)", tol=LOSS_TOL, reason=LOSS_REASON,
                             kind="arithmetic", role="correction",
                             details={"Loss(cat) of the previous slide, printed": _sm1()["loss"], "Loss(cat) recomputed": loss_cat}))
    out.append(fact(kl_pq == math.inf, "corrected: KL(p(x)‖q(x)) = +∞ (p_2, p_3 > 0 = q_2, q_3), so the printed order cannot "
                    "give the loss", kind="arithmetic", role="correction",
                    reason="scipy rel_entr: +∞ where the first argument is > 0 and the second = 0"))
    return out


# ====================================================================================================
# loss-kl-decomposition, loss-equals-kl-onehot
# ====================================================================================================

def _prove_decomposition() -> Proof:
    """L = −Σ q_i log p_i = Σ q_i log(q_i/p_i) − Σ q_i log q_i = KL(q‖p) − Σ q_i log q_i; the last term is free of w."""
    proof = Proof("Eq. (1): L = KL(q||p) - sum q_i log q_i; symbolic C")
    L = _Sum(-_q[_i] * sp.log(_p[_i]))
    middle = _kl_sym(_q, _p) - _Sum(_q[_i] * sp.log(_q[_i]))
    proof.step(L, middle, r"\log\frac{q_i}{p_i} = \log q_i - \log p_i;\ \text{linearity of } \sum_{i=1}^C",
               residual=_linear_sum_residual(L - middle))
    w = sp.Symbol("w", real=True)
    const = _Sum(_q[_i] * sp.log(_q[_i]))
    proof.step(sp.Derivative(const, w), 0, r"q_i = q_i(y|x) \text{ does not depend on } w", residual=sp.diff(const, w))
    return proof


def _rat_logits(e: sp.Expr, s, w: sp.Symbol, qs=()) -> sp.Expr:
    """Normal form of an expression in generic logits s_i(w) (and label probabilities q_k(w)): ∂s_i/∂w → J_i,
    ∂q_k/∂w → D_k, e^{s_i} → E_i > 0, q_k(w) → Q_k > 0, logs expanded; then ``cancel`` in ℚ(generators)."""
    J = sp.symbols(f"J_1:{len(s) + 1}", real=True)
    E = sp.symbols(f"E_1:{len(s) + 1}", positive=True)
    D = sp.symbols(f"D_1:{len(qs) + 1}", real=True)
    Q = sp.symbols(f"Q_1:{len(qs) + 1}", positive=True)
    e = e.subs({sp.Derivative(x, w): j for x, j in zip(s, J)} | {sp.Derivative(x, w): d for x, d in zip(qs, D)})
    e = e.subs({sp.exp(x): v for x, v in zip(s, E)} | dict(zip(qs, Q)))
    return sp.cancel(sp.expand(sp.expand_log(e, force=True)))


def _generic_logits(C: int, w: sp.Symbol):
    s = [sp.Function(f"s_{k + 1}")(w) for k in range(C)]
    Z = sp.Add(*[sp.exp(x) for x in s])
    return s, [sp.exp(x) / Z for x in s]


def _decomposition_symbolic(ctx) -> list[Evidence]:
    ones = _printed(S_KL, r"\\sum_\{i=(\d)\}\^C")
    out = [proof_evidence(_prove_decomposition(), "Eq. (1) for every C: −Σ q_i log p_i = Σ q_i log(q_i/p_i) − Σ q_i log q_i, "
                          "and ∂_w Σ q_i log q_i = 0 for q = q(y|x)", reason=PROOF_REASON,
                          details={"lower limit of the sums (a printed subscript)": ones[0],
                                   "note": "the sums Σ_{i=1}^C run over all C classes"})]
    # C = 3, generic logits s_i(w), normalised q: L and KL(q‖p) have the same derivative in w
    w = sp.Symbol("w", real=True)
    q1, q2 = sp.symbols("q_1 q_2", positive=True)
    q = [q1, q2, 1 - q1 - q2]
    s, p = _generic_logits(3, w)
    L = -sp.Add(*[a * sp.log(b) for a, b in zip(q, p)])
    KL = sp.Add(*[a * (sp.log(a) - sp.log(b)) for a, b in zip(q, p)])
    Hq = -sp.Add(*[a * sp.log(a) for a in q])
    out.append(symbolic_identity([L - KL, sp.diff(L, w)], [Hq, sp.diff(KL, w)],
                                 "C = 3, p = softmax(s(w)) with generic logits s_i(w), q on the simplex: L − KL(q‖p) = H(q) "
                                 "and ∂_w L = ∂_w KL(q‖p)", simplifier=lambda e: sp.simplify(sp.expand_log(e, force=True))))
    return out


def _decomposition_numeric(ctx) -> list[Evidence]:
    X, _ = _batch(ctx.seed)
    q = _soft_targets(ctx, X.shape[0], 10)
    out = []
    rows = []
    for label, model in _nets(ctx.seed):
        params = list(model.parameters())
        logits = model(X)
        ce = F.cross_entropy(logits, q, reduction="none")  # probability targets: −Σ q_i log p_i
        kl = F.kl_div(F.log_softmax(logits, dim=-1), q, reduction="none").sum(-1)  # kl_div(input = log p, target = q) = KL(q‖p)
        Hq = torch.special.entr(q).sum(-1)
        scale = max(1.0, float(ce.detach().abs().max()))
        out.append(numeric_close(float((ce - (kl + Hq)).detach().abs().max()) / scale, 0.0,
                                 f"{label}: cross_entropy(s, q) = kl_div(log_softmax(s), q) + H(q) for 16 digits and soft "
                                 "targets q (Dirichlet draws), relative to max|L|", tol=LOSS_TOL, reason=LOSS_REASON))
        g_ce = torch.autograd.grad(ce.mean(), params, retain_graph=True)
        g_kl = torch.autograd.grad(kl.mean(), params)
        gscale = max(float(torch.cat([g.reshape(-1) for g in g_ce]).abs().max()), EPS)
        diff = max(float((a - b).abs().max()) for a, b in zip(g_ce, g_kl)) / gscale
        out.append(numeric_close(diff, 0.0, f"{label}: ∇_w of the mean cross-entropy = ∇_w of the mean KL(q‖p) (H(q) is "
                                 "free of w), relative to max|∇_w L|", tol=LOSS_TOL, reason=LOSS_REASON))
        rows.append((label, f"{float(ce.detach().mean()):.4f}", f"{float(kl.detach().mean()):.4f}", f"{float(Hq.mean()):.4f}"))
    out[0] = replace(out[0], figures=(Table("mean over 16 digits with soft targets q",
                                            ("network", "L = H(q, p)", "KL(q‖p)", "H(q)"), tuple(rows)),))
    return out


def _xlogy_sym(a: sp.Expr, b: sp.Expr) -> sp.Expr:
    """a·log b with 0·log b = 0 (the convention; SymPy's own 0·log 0 is nan)."""
    return sp.S.Zero if a == 0 else a * sp.log(b)


def _prove_onehot() -> Proof:
    """One-hot q_i = δ_iy: H(q) = 0 (0·log 0 = 0), L = −log p_y = KL(q‖p); symbolic C."""
    proof = Proof("one-hot q: H(q) = 0 and L = KL(q||p) = -log p_y; symbolic C")
    x = sp.Symbol("x", positive=True)
    lim = sp.limit(x * sp.log(x), x, 0, "+")
    proof.step(sp.Symbol(r"q_i \log q_i\ (q_i \in \{0, 1\})"), 0,
               r"\lim_{x\to 0^+} x\log x = 0\ (0\log 0 := 0),\ 1\cdot\log 1 = 0: H(q) = 0 \text{ for every } C",
               residual=sp.Abs(lim) + sp.Abs(sp.log(1)))
    L = delta_sum(-sp.KroneckerDelta(_i, _y) * sp.log(_p[_i]), _i, _C, {})
    proof.step(sp.Symbol(r"-\sum_{i=1}^C \delta_{iy}\log p_i"), -sp.log(_p[_y]),
               r"\sum_i \delta_{iy} u_i = u_y\ (1 \le y \le C)", residual=L + sp.log(_p[_y]))
    kl = delta_sum(sp.KroneckerDelta(_i, _y) * sp.log(1 / _p[_i]), _i, _C, {})
    proof.step(sp.Symbol(r"\mathrm{KL}(q\|p) = \sum_{i=1}^C \delta_{iy}\log\frac{\delta_{iy}}{p_i}"), -sp.log(_p[_y]),
               r"\delta_{iy}\log\delta_{iy} = 0 \text{ (first step)},\ \text{so the summand is } \delta_{iy}\log\frac{1}{p_i};"
               r"\ \sum_i \delta_{iy} u_i = u_y:\ \mathrm{KL}(q\|p) = -\log p_y = L",
               residual=kl + sp.log(_p[_y]))
    return proof


def _onehot_symbolic(ctx) -> list[Evidence]:
    printed = _printed(S_KL, r"q\(y\|x\) = \((\d), (\d), \\dots, (\d), \\dots, (\d), (\d)\)")
    out = [proof_evidence(_prove_onehot(), "one-hot q (δ_iy): H(q) = 0 with 0·log 0 = 0, so L = −log p_y = KL(q‖p), symbolic C",
                          reason=PROOF_REASON,
                          details={"printed": list(printed), "slide": S_KL,
                                   "note": "the printed q(y|x) = (0, 0, …, 1, …, 0, 0) is the one-hot δ_iy; the 'Notice' "
                                           "writes q(y, x) (a joint) for the conditional q(y|x)"})]
    lhs, rhs = [], []
    for C in range(2, 6):
        ps = sp.symbols(f"p_1:{C + 1}", positive=True)
        for y in range(C):
            q = [sp.Integer(int(k == y)) for k in range(C)]
            L = -sp.Add(*[_xlogy_sym(a, b) for a, b in zip(q, ps)])
            KL = sp.Add(*[_xlogy_sym(a, a / b) for a, b in zip(q, ps)])
            lhs += [L, KL]
            rhs += [-sp.log(ps[y]), L]
    out.append(symbolic_identity(lhs, rhs, "C = 2..5, every one-hot q: L = −Σ q_i log p_i = −log p_y and KL(q‖p) = L "
                                 "(0·log 0 = 0)", simplifier=lambda e: sp.expand(sp.expand_log(e)),
                                 details={"SymPy's own 0*log(0)": str(sp.S.Zero * sp.log(sp.S.Zero))}))
    return out


def _onehot_numeric(ctx) -> list[Evidence]:
    X, y = _batch(ctx.seed)
    out = []
    for label, model in _nets(ctx.seed):
        with torch.no_grad():
            logits = model(X)
        ce = F.cross_entropy(logits, y, reduction="none")
        target = F.one_hot(y, 10).to(torch.float64)
        kl = F.kl_div(F.log_softmax(logits, dim=-1), target, reduction="none").sum(-1)
        scale = max(1.0, float(ce.abs().max()))
        out.append(numeric_close(float((ce - kl).abs().max()) / scale, 0.0,
                                 f"{label}: cross_entropy(s, y) = kl_div(log_softmax(s), one_hot(y)) for 16 held-out digits, "
                                 "relative to max|L|", tol=LOSS_TOL, reason=LOSS_REASON,
                                 details={"mean L": float(ce.mean()),
                                          "kl_div semantics": "F.kl_div(input, target) = Σ target·(log target − input): input "
                                                              "is log p (the model), target is q: KL(q‖p), the reverse of the "
                                                              "argument order of the notation; xlogy makes 0·log 0 = 0"}))
    # kl_div's argument order, against scipy on a soft pair
    rng = ctx.numpy_rng("kl order")
    a, b = rng.dirichlet(np.ones(5)), rng.dirichlet(np.ones(5))
    kd = float(F.kl_div(torch.log(torch.tensor(b)), torch.tensor(a), reduction="sum"))
    ok = abs(kd - _kl(a, b)) <= LOSS_TOL and abs(kd - _kl(b, a)) > 1e-6
    out.append(fact(ok, "torch kl_div(log b, a) = KL(a‖b) (scipy rel_entr) and ≠ KL(b‖a), for two random distributions "
                    "on 5 classes", kind="numeric", reason=f"|difference| ≤ {LOSS_TOL:.1e} for the match; > 1e-6 for the reverse",
                    details={"kl_div(log b, a)": kd, "KL(a‖b)": _kl(a, b), "KL(b‖a)": _kl(b, a)}))
    return out


# ====================================================================================================
# amari-information-empirical-loss
# ====================================================================================================

def _prove_entropies() -> Proof:
    """For p = softmax(s): H(p) = log Z − Σ p_i s_i and H(q, p) = log Z − Σ q_i s_i (Σ q_i = 1); symbolic C."""
    proof = Proof("E_{y~p}[l] = H(p) = log Z - E_p[s], E_{y~q}[l] = H(q,p) = log Z - E_q[s]; symbolic C")
    Z = sp.Symbol("Z", positive=True)
    logZ = sp.Symbol(r"\log Z", real=True)
    Sp, Sq = sp.Symbol(r"\bar{s}_p", real=True), sp.Symbol(r"\bar{s}_q", real=True)
    proof.step(sp.log(sp.exp(_s[_i]) / Z), _s[_i] - sp.log(Z), r"\log p_i = \log\frac{e^{s_i}}{Z} = s_i - \log Z",
               residual=sp.expand_log(sp.log(sp.exp(_s[_i]) / Z)) - (_s[_i] - sp.log(Z)))
    Hp = -sum_over_indices(_p[_i] * (_s[_i] - logZ), [_i], _C, {_p[_i] * _s[_i]: Sp, _p[_i]: sp.S.One})
    proof.step(sp.Symbol(r"\mathbb{E}_{y\sim p}[-\log p_y] = -\sum_i p_i\log p_i = H(p)"), logZ - Sp,
               r"\sum_i p_i = 1,\ \sum_i p_i s_i = \bar{s}_p", residual=Hp - (logZ - Sp))
    Hqp = -sum_over_indices(_q[_i] * (_s[_i] - logZ), [_i], _C, {_q[_i] * _s[_i]: Sq, _q[_i]: sp.S.One})
    proof.step(sp.Symbol(r"\mathbb{E}_{y\sim q}[-\log p_y] = -\sum_i q_i\log p_i = H(q, p)"), logZ - Sq,
               r"\sum_i q_i = 1,\ \sum_i q_i s_i = \bar{s}_q", residual=Hqp - (logZ - Sq))
    return proof


def _amari_symbolic(ctx) -> list[Evidence]:
    out = [proof_evidence(_prove_entropies(), "information loss lL = E_{y∼p}[l] = H(p), empirical loss L = E_{y∼q}[l] = "
                          "H(q, p) (l the Amari loss); for softmax p: H(p) = log Z − E_p[s], H(q, p) = log Z − E_q[s], symbolic C",
                          reason=PROOF_REASON)]
    # gradients: with q free of w, ∇_w L = Σ (p_i − q_i)∇s_i; with q = q(w) as printed, an extra −Σ ∂q_i log p_i
    w = sp.Symbol("w", real=True)
    s, p = _generic_logits(3, w)
    q1, q2 = sp.symbols("q_1 q_2", positive=True)
    q = [q1, q2, 1 - q1 - q2]
    L = -sp.Add(*[a * sp.log(b) for a, b in zip(q, p)])
    closed = sp.Add(*[(b - a) * sp.diff(x, w) for a, b, x in zip(q, p, s)])
    out.append(symbolic_identity(sp.diff(L, w), closed, "q = q(y|x) free of w (C = 3, generic logits s_i(w)): ∇_w L = "
                                 "Σ_i (p_i − q_i)∇_w s_i = J_wᵀ(p − q), the cross-entropy gradient",
                                 simplifier=lambda e: _rat_logits(e, s, w),
                                 details={"method": "e^{s_i} → E_i > 0, ∂s_i/∂w → J_i, logs expanded; cancel"}))
    qf = [sp.Function("q_1")(w), sp.Function("q_2")(w)]
    qw = [qf[0], qf[1], 1 - qf[0] - qf[1]]
    Lw = -sp.Add(*[a * sp.log(b) for a, b in zip(qw, p)])
    closed_w = sp.Add(*[(b - a) * sp.diff(x, w) for a, b, x in zip(qw, p, s)])
    simp_w = lambda e: _rat_logits(e, s, w, qf)  # noqa: E731
    extra = -sp.Add(*[sp.diff(a, w) * sp.log(b) for a, b in zip(qw, p)])
    rest = simp_w(sp.diff(Lw, w) - closed_w - extra)
    out.append(symbolic_identity(sp.diff(Lw, w), closed_w, "as printed on '2. LOSS function', q_i(y|x, w) depending on w "
                                 "(C = 3, generic q_i(w), s_i(w)): ∇_w L = J_wᵀ(p − q) still", role="caveat", simplifier=simp_w,
                                 details={"the difference is exactly −Σ_i ∂_w q_i log p_i": bool(rest == 0)}))
    loss_args = re.findall(r"q_i\(y\|([^)]*)\)", lecture_slide(S_LOSS).text)
    kl_args = re.findall(r"q_i\(y\|([^)]*)\)", lecture_slide(S_KL).text)
    out.append(fact(set(loss_args) == set(kl_args) == {"x"},
                    "notation: the label distribution is q_i(y|x) (free of w) on both slides", role="caveat", kind="symbolic",
                    reason="the printed argument lists of q_i, read from the committed lecture",
                    details={"'2. LOSS function'": sorted(set(loss_args)), "'Loss and KL Divergence'": sorted(set(kl_args))}))
    return out


def _amari_numeric(ctx) -> list[Evidence]:
    X, y = _batch(ctx.seed)
    C = 10
    q_soft = 0.9 * F.one_hot(y, C).to(torch.float64) + 0.1 / C  # label smoothing 0.1: strictly positive q
    out: list[Evidence] = []
    rows = []
    # the Cross Entropy Loss of "2. LOSS function", with the printed index range 1..N
    first = int(_printed(S_LOSS, r"\(e\^\{s_(\d)\(x\)\} \+ \\dots \+ e\^\{s_N\(x\)\}\)")[0])
    for label, model in _nets(ctx.seed):
        with torch.no_grad():
            logits = model(X)
        logp = F.log_softmax(logits, dim=-1)
        p = logp.exp()
        amari = -logp.gather(1, y[:, None])[:, 0]
        info = -(p * logp).sum(-1)
        emp_onehot = F.cross_entropy(logits, y, reduction="none")
        emp_soft = F.cross_entropy(logits, q_soft, reduction="none")
        # independent routes: torch.distributions entropy; enumeration of E_{y∼q}[l(y)] over the C labels
        info_ref = torch.distributions.Categorical(logits=logits).entropy()
        enum = torch.stack([q_soft[:, c] * F.cross_entropy(logits, torch.full_like(y, c), reduction="none") for c in range(C)]).sum(0)
        scale = max(1.0, float(emp_soft.abs().max()))
        out.append(numeric_close(float((info - info_ref).abs().max()) / scale, 0.0,
                                 f"{label}: information loss −Σ p_i log p_i = H(p) (torch.distributions entropy), 16 digits",
                                 tol=LOSS_TOL, reason=LOSS_REASON))
        out.append(numeric_close(float(torch.maximum((emp_onehot - amari).abs(), (emp_soft - enum).abs()).max()) / scale, 0.0,
                                 f"{label}: empirical loss E_{{y∼q}}[l]: one-hot q gives the Amari loss −log p_label; smoothed q "
                                 "(0.9·one-hot + 0.01): cross_entropy = Σ_c q_c l(c) enumerated", tol=LOSS_TOL, reason=LOSS_REASON))
        with mpmath.workdps(MP_DIGITS):
            ref = mpmath.mpf(0)
            for row, lab in zip(logits.tolist(), y.tolist()):
                ref -= mpmath.log(mpmath.exp(row[lab]) / sum(mpmath.exp(row[j - 1]) for j in range(first, C + 1)))
        out.append(_close_mp(float(F.cross_entropy(logits, y, reduction="sum")), ref,
                             f"{label}: L(w) = −Σ_x log[e^{{s_label}}/(e^{{s_1}} + ⋯ + e^{{s_N}})] over 16 digits, sum from the "
                             "printed index 1 to N = C = 10 (mpmath) = torch cross_entropy(reduction='sum')",
                             details={"index of s_1 (a printed subscript)": str(first),
                                      "note": "N here is the number of classes; on '3. OPTIMIZER' N is the number of samples"}))
        for k in range(3):
            rows.append((label, int(y[k]), f"{float(amari[k]):.4f}", f"{float(info[k]):.4f}", f"{float(emp_soft[k]):.4f}"))
    out[0] = replace(out[0], figures=(Table(
        "the three losses on three held-out digits", ("network", "label", "Amari l = −log p_label", "information lL = H(p)",
                                                      "empirical L = H(q, p), q smoothed 0.1"), tuple(rows),
        note="with one-hot q the empirical loss equals the Amari loss"),))
    # names: Martens' empirical Fisher uses the data labels (the lecture's q), the Fisher uses the model's p.
    # A remark: the lecture declares its own naming and never makes a Fisher claim from it.
    label, model = _nets(ctx.seed)[1]
    F_p = torch.zeros(0)
    F_emp = torch.zeros(0)
    cross = 0.0
    for x, lab in zip(X[:8], y[:8]):
        sv = score_vectors(model, x)
        Fp = sv.g.T @ (sv.p[:, None] * sv.g)
        Fe = torch.outer(sv.g[lab], sv.g[lab])
        F_p = Fp if F_p.numel() == 0 else F_p + Fp
        F_emp = Fe if F_emp.numel() == 0 else F_emp + Fe
        Fj = fisher(model, x)
        cross = max(cross, float((Fp - Fj).abs().max()) / max(float(Fj.abs().max()), EPS))
    out.append(numeric_close(cross, 0.0, f"{label}: E_{{y∼p}}[∇log p_y ∇log p_yᵀ] from the scores = geomath's J_wᵀΣ(p)J_w "
                             "(the Fisher F of the lecture, Martens' 'true Fisher'), 8 digits", tol=LOSS_TOL,
                             reason="float64 sums of C = 10 rounded products; 1e3·eps relative to max|F|"))
    rel = float((F_p - F_emp).norm() / F_p.norm())
    out.append(numeric_close(rel, 0.0, f"{label}: names: Martens' empirical Fisher Σ_x ∇log p_y ∇log p_yᵀ with the data "
                             "labels y (the lecture's 'true' q) vs the Fisher Σ_x E_{{y∼p}}[…] under the lecture's 'empirical' p, "
                             "relative Frobenius distance over 8 digits", tol=LOSS_TOL, role="remark",
                             reason="the two coincide only if the distribution called 'empirical' (p) were the data's: "
                                    "1e3·eps allows rounding only",
                             details={"relative distance": rel}))
    return out


# ====================================================================================================
# l2-regularization
# ====================================================================================================

def _prove_l2() -> Proof:
    """∂_k λΣ_j |w_j|² = 2λw_k (SymPy's derivative, symbolic d); the GD step (1 − 2αλ)w − α∇L_data."""
    d = sp.Symbol("d", integer=True, positive=True)
    j, k = sp.symbols("j k", integer=True, positive=True)
    wb = sp.IndexedBase("w", real=True)
    lam, alpha = sp.symbols("lambda alpha", positive=True)
    proof = Proof("L2 penalty: gradient 2 lambda w, GD step (1 - 2 alpha lambda) w - alpha grad L_data; symbolic d")
    penalty = lam * sp.Sum(sp.Abs(wb[j]) ** 2, (j, 1, d))
    dpen = sp.diff(penalty, wb[k])
    proof.step(sp.Derivative(penalty, wb[k]), lam * sp.Sum(2 * wb[j] * sp.KroneckerDelta(j, k), (j, 1, d)),
               r"|w_j|^2 = w_j^2 \text{ for real } w_j;\ \text{SymPy's derivative}",
               residual=dpen - lam * sp.Sum(2 * wb[j] * sp.KroneckerDelta(j, k), (j, 1, d)))
    summed = delta_sum(2 * lam * wb[j] * sp.KroneckerDelta(j, k), j, d, {})
    proof.step(sp.Symbol(r"\lambda\sum_j 2 w_j\delta_{jk}"), 2 * lam * wb[k], r"\sum_j \delta_{jk}u_j = u_k",
               residual=summed - 2 * lam * wb[k])
    g = sp.IndexedBase("g", real=True)  # g_k = ∂_k L_data
    step = wb[k] - alpha * (g[k] + summed)
    proof.step(sp.Symbol(r"w_k - \alpha(\partial_k L_{\mathrm{data}} + 2\lambda w_k)"), (1 - 2 * alpha * lam) * wb[k] - alpha * g[k],
               r"\text{one GD step on } L_{\mathrm{data}} + \lambda\sum_j|w_j|^2", residual=step - ((1 - 2 * alpha * lam) * wb[k] - alpha * g[k]))
    return proof


def _l2_symbolic(ctx) -> list[Evidence]:
    one, two = _printed(S_OPT, r"\\frac\{(\d)\}\{N\} \\sum_i L\(x_i, w\) \+ \\lambda \\sum_j \|w_j\|\^(\d)")
    name = _printed(S_OPT, r"\$L\^(\d)\$")[0]
    out = [proof_evidence(_prove_l2(), "∂_{w_k} λΣ_j|w_j|² = 2λw_k for every d, and one GD step is w ← (1 − 2αλ)w − α∇L_data",
                          reason=PROOF_REASON,
                          details={"printed": two, "slide": S_OPT,
                                   "note": f"the exponent 2 of |w_j|² (also in the name L^{name}): λΣ_j|w_j|² = λ‖w‖₂²"})]
    # contraction of the penalty part w ← (1 − 2x)w, x = αλ: SymPy's inequality solver vs exact brute force
    x = sp.Symbol("x", real=True)
    contract = sp.reduce_inequalities([sp.Abs(1 - 2 * x) < 1], x)
    monotone = sp.reduce_inequalities([1 - 2 * x >= 0, 1 - 2 * x < 1], x)
    grid = sorted({Fraction(n, 8) for n in range(-4, 17)} | {Fraction(1, 2), Fraction(1), Fraction(0)})
    mismatch = []
    for v in grid:
        w0, w = Fraction(1), Fraction(1)
        traj = [w]
        for _ in range(6):
            w = (1 - 2 * v) * w
            traj.append(w)
        shrinks = all(abs(b) < abs(a) or a == 0 for a, b in zip(traj, traj[1:])) and abs(traj[-1]) < w0
        no_flip = shrinks and all(b >= 0 for b in traj)
        if shrinks != bool(contract.subs(x, v)) or no_flip != bool(monotone.subs(x, v)):
            mismatch.append(str(v))
    out.append(fact(not mismatch, "penalty step w ← (1 − 2αλ)w: SymPy's solution of |1 − 2αλ| < 1 (contraction: 0 < αλ < 1) "
                    "and of 0 ≤ 1 − 2αλ < 1 (monotone shrink without sign flip: 0 < αλ ≤ 1/2) agree with exact iteration "
                    "(Fractions, 6 steps) on αλ ∈ {−1/2, −3/8, …, 2} including the boundaries 0, 1/2, 1",
                    kind="symbolic", reason="exact: rational arithmetic on both sides",
                    details={"contraction": str(contract), "monotone, no sign flip": str(monotone), "mismatches": mismatch}))
    # the mean (1/N) of this slide vs the sum of "Ingredients": GD steps coincide when α_sum = α/N and λ_sum = Nλ
    N, alpha, lam = sp.symbols("N alpha lambda", positive=True)
    w_, gbar = sp.symbols("w gbar", real=True)  # gbar = (1/N)Σ_i ∇L_i
    mean_step = w_ - alpha * (gbar + 2 * lam * w_)
    sum_step = w_ - (alpha / N) * (N * gbar + 2 * (N * lam) * w_)
    out.append(symbolic_identity(mean_step, sum_step, "printed 1/N: a GD step on (1/N)Σ_i L_i + λ|w|² with rate α equals a step "
                                 "on the 'Ingredients' sum Σ_i L_i + Nλ|w|² with rate α/N",
                                 details={"printed": one, "slide": S_OPT}))
    return out


def _maxdiff(a, b) -> float:
    """max |a − b| over lists of tensors (parameters of two models, or a model and a closed form)."""
    return max(float((x.detach() - y.detach()).abs().max()) for x, y in zip(a, b))


def _sgd_net(seed: int):
    X, y = _batch(seed, 32)
    return relu_mlp(64, (8,), 10, seed=seed), X, y


def _l2_numeric(ctx) -> list[Evidence]:
    out: list[Evidence] = []
    alpha, lam = 0.05, 0.03
    model, X, y = _sgd_net(ctx.seed)
    w0 = [p.detach().clone() for p in model.parameters()]

    def fresh():
        m, _, _ = _sgd_net(ctx.seed)
        return m

    # (a) torch SGD with weight_decay = 2λ, (b) SGD without decay on L_data + λΣ|w|², (c) the closed form
    m1, m2 = fresh(), fresh()
    opt1 = torch.optim.SGD(m1.parameters(), lr=alpha, weight_decay=2 * lam)
    opt1.zero_grad()
    F.cross_entropy(m1(X), y).backward()
    opt1.step()
    opt2 = torch.optim.SGD(m2.parameters(), lr=alpha)
    opt2.zero_grad()
    (F.cross_entropy(m2(X), y) + lam * sum((p.abs() ** 2).sum() for p in m2.parameters())).backward()
    opt2.step()
    m0 = fresh()
    grads = torch.autograd.grad(F.cross_entropy(m0(X), y), list(m0.parameters()))
    closed = [(1 - 2 * alpha * lam) * w - alpha * g for w, g in zip(w0, grads)]
    scale = max(float(w.abs().max()) for w in w0) + alpha * max(float(g.abs().max()) for g in grads)
    d12 = _maxdiff(m1.parameters(), m2.parameters()) / scale
    d1c = _maxdiff(m1.parameters(), closed) / scale
    out.append(numeric_close(max(d12, d1c), 0.0, "one SGD step on a ReLU MLP 64-8-10 (32 digits, α = 0.05, λ = 0.03): "
                             "torch.optim.SGD(weight_decay = 2λ) = SGD on L_data + λΣ|w_j|² (autograd) = (1 − 2αλ)w − α∇L_data",
                             tol=1e2 * EPS, reason="float64: each entry is w and α·g combined by ≤ 4 rounded operations; "
                                                   "1e2·eps relative to max|w| + α max|g|",
                             details={"SGD(wd) vs autograd": d12, "SGD(wd) vs closed form": d1c,
                                      "weight_decay = λ instead (mismatch)": _wd_mismatch(ctx, alpha, lam, closed, scale)}))
    # defaults: signature and a constructed optimizer, for the optimizers the slide lists
    p = torch.nn.Parameter(torch.zeros(2, dtype=torch.float64))
    sig = {n: inspect.signature(cls).parameters["weight_decay"].default for n, cls in
           (("SGD", torch.optim.SGD), ("Adam", torch.optim.Adam))}
    built = {"SGD": torch.optim.SGD([p], lr=0.1).defaults["weight_decay"],
             "SGD, Nesterov": torch.optim.SGD([p], lr=0.1, momentum=0.9, nesterov=True).defaults["weight_decay"],
             "Adam": torch.optim.Adam([p]).defaults["weight_decay"]}
    out.append(fact(all(v == 0 for v in sig.values()) and all(v == 0 for v in built.values()),
                    "'default is zero!': weight_decay defaults to 0 for SGD, SGD with Nesterov momentum and Adam (the "
                    "slide's principal optimizers): inspect.signature and a constructed optimizer's .defaults",
                    kind="numeric", reason="exact: the default values as torch defines them",
                    details={"signature": sig, "constructed": built, "torch": torch.__version__,
                             "AdamW (not listed; decoupled decay, not L²)":
                                 inspect.signature(torch.optim.AdamW).parameters["weight_decay"].default}))
    # mean vs sum: (1/N)ΣL, rate α, wd 2λ  ==  ΣL, rate α/N, wd 2Nλ
    ma, ms = fresh(), fresh()
    N = X.shape[0]
    oa = torch.optim.SGD(ma.parameters(), lr=alpha, weight_decay=2 * lam)
    os_ = torch.optim.SGD(ms.parameters(), lr=alpha / N, weight_decay=2 * N * lam)
    for _ in range(3):
        oa.zero_grad()
        F.cross_entropy(ma(X), y, reduction="mean").backward()
        oa.step()
        os_.zero_grad()
        F.cross_entropy(ms(X), y, reduction="sum").backward()
        os_.step()
    dms = _maxdiff(ma.parameters(), ms.parameters()) / scale
    out.append(numeric_close(dms, 0.0, f"3 SGD steps, N = {N}: mean loss with (α, 2λ) = summed loss ('Ingredients') with "
                             "(α/N, 2Nλ)", tol=1e3 * EPS, reason="float64: 3 steps, sums of N per-sample gradients "
                             "in a different order; 1e3·eps relative to max|w| + α max|g|"))
    # 'avoids parameters growing too large': λ|w_k|² ≤ L(w_k) ≤ L(w_0) along GD with L decreasing
    traj_ok, info = _bounded_norm(ctx, lam=1e-2)
    out.append(fact(traj_ok, "GD (α = 0.5, 300 steps) on a linear softmax model, separable data: with λ = 0.01 the total loss "
                    "decreases and ‖w_k‖² ≤ L(w_0)/λ = (L_data(w_0) + λ‖w_0‖²)/λ at every step; with λ = 0 ‖w‖ keeps growing",
                    kind="numeric", reason="direct evaluation along the trajectory (the bound follows from L ≥ λ‖w‖², "
                                           "L_data ≥ 0, and L(w_k) ≤ L(w_0))", details=info))
    # remark: not for every α, λ > 0 — only for the unstable step αλ > 1, outside the slide's regime
    w = torch.nn.Parameter(torch.ones(3, dtype=torch.float64))
    opt = torch.optim.SGD([w], lr=1.5, weight_decay=2 * 1.0)  # αλ = 1.5
    norms = [float(w.detach().norm())]
    for _ in range(10):
        opt.zero_grad()
        (0 * w).sum().backward()
        opt.step()
        norms.append(float(w.detach().norm()))
    out.append(fact(norms[-1] <= norms[0], "the penalty keeps w from growing for every α, λ > 0: torch SGD with α = 1.5, "
                    "λ = 1 (αλ = 1.5, weight_decay = 2λ) on the penalty alone, 10 steps", kind="numeric", role="remark",
                    reason="‖w_10‖ ≤ ‖w_0‖ required", details={"‖w_k‖": norms[:4] + ["…", norms[-1]],
                                                               "factor per step": "|1 − 2αλ| = 2"}))
    return out


def _wd_mismatch(ctx, alpha, lam, closed, scale) -> float:
    m, X, y = _sgd_net(ctx.seed)
    opt = torch.optim.SGD(m.parameters(), lr=alpha, weight_decay=lam)
    opt.zero_grad()
    F.cross_entropy(m(X), y).backward()
    opt.step()
    return _maxdiff(m.parameters(), closed) / scale


def _bounded_norm(ctx, lam: float) -> tuple[bool, dict]:
    """Full-batch GD (α = 0.5, 300 steps, numpy, closed-form gradient Xᵀ(p − Y)/N + 2λW) of a linear softmax model
    on separable data (3 Gaussian classes in ℝ⁴, separation 6), with λ and with λ = 0."""
    from geomath.numeric import gaussian_mixture

    X, y = gaussian_mixture(60, 4, 3, seed=ctx.seed, separation=6.0)
    X = np.hstack([X.numpy(), np.ones((X.shape[0], 1))])  # bias as a constant feature
    Y = np.eye(3)[y.numpy()]
    W0 = ctx.numpy_rng("linear model").normal(scale=0.1, size=(5, 3))
    out, ok = {}, True
    for lam_ in (lam, 0.0):
        W = W0.copy()

        def data_loss(W):
            s = X @ W
            s = s - s.max(axis=1, keepdims=True)
            return float(np.mean(np.log(np.exp(s).sum(axis=1)) - (s * Y).sum(axis=1)))

        L0 = data_loss(W) + lam_ * float((W ** 2).sum())
        norms, losses = [], [L0]
        for _ in range(300):
            s = X @ W
            P = np.exp(s - s.max(axis=1, keepdims=True))
            P /= P.sum(axis=1, keepdims=True)
            W = W - 0.5 * (X.T @ (P - Y) / X.shape[0] + 2 * lam_ * W)
            norms.append(float((W ** 2).sum()))
            losses.append(data_loss(W) + lam_ * norms[-1])
        if lam_ > 0:
            bound = L0 / lam_
            decreasing = all(b <= a + 1e-12 for a, b in zip(losses, losses[1:]))
            ok = decreasing and max(norms) <= bound
            out[f"λ = {lam_}"] = {"max ‖w‖²": round(max(norms), 4), "bound L(w_0)/λ": round(bound, 4),
                                  "L decreasing": decreasing}
        else:
            out["λ = 0"] = {"‖w‖² at steps 1, 150, 300": [round(norms[0], 3), round(norms[149], 3), round(norms[-1], 3)],
                            "still growing": norms[-1] > norms[149] > norms[0]}
    return ok, out


# ====================================================================================================
# the claims
# ====================================================================================================

CLAIMS = [
    Claim(
        id="amari-information-empirical-loss",
        reading=(
            r"$$L(x, w) = \mathbb{E}_{y \sim q}[-\log(p(y|x, w))] = - \sum_i q_i(y|x, w) \log(p_i(y|x,"
            " w))$$"
        ),
        rationale=(
            "The definitions hold as read: information loss = entropy H(p), empirical loss = "
            "cross-entropy H(q,p), the one-hot case is the Amari loss and the softmax form is right "
            "(checks 1, 2, 5-11). The slip is notational: on '2. LOSS function' the label "
            "distribution is written q_i(y|x, w), as if it depended on the weights (checks 3-4); the "
            "'Loss and KL Divergence' slide writes q_i(y|x) and calls q the true distribution, which "
            "corrects it, and nothing on this slide differentiates q. Check 12 (the lecture calls the"
            " model p 'empirical', unlike Martens' 'empirical Fisher' built from data labels) is "
            "about naming the lecture declares for itself and never turns into a Fisher claim, so it "
            "is a remark; a reader should still notice the unusual naming."
        ),
        finding=Finding(
            printed="L(x, w) = E_{y∼q}[−log p(y|x, w)] = −Σ_i q_i(y|x, w) log p_i(y|x, w)",
            corrected=(
                "The label distribution is printed as q_i(y|x, w), depending on w, where it must be "
                "q_i(y|x), free of the weights (as the next slide writes it); otherwise ∇_w L ≠ J_wᵀ(p − "
                "q)."
            ),
        ),
        source=_src('"2. LOSS function" (and the labels on "Loss and KL Divergence")'),
        statement=r"l(x,w) = -\log p(y|x,w);\ lL(x,w) = \mathbb{E}_{y\sim p}[-\log p(y|x,w)] = -\sum_i p_i(y|x,w)\log p_i(y|x,w);\ "
                  r"L(x,w) = \mathbb{E}_{y\sim q}[-\log p(y|x,w)] = -\sum_i q_i(y|x,w)\log p_i(y|x,w);\ "
                  r"p(y|x,w) = \big(e^{s_i(x)}/\textstyle\sum_j e^{s_j(x)}\big);\ q(y|x): \text{true},\ p(y|x,w): \text{empirical distribution}",
        hypotheses=("p = softmax(s(x, w)), C ≥ 2 classes", "q a probability vector on the C classes (the label distribution)",
                    "numeric evidence: float64 ReLU MLP 64-16-10, random and trained on scikit-learn's digits"),
        expected_verdict="verified-with-caveat",
        caveat=(
            "The label distribution is printed as q_i(y|x, w), depending on w, where it must be "
            "q_i(y|x), free of the weights (as the next slide writes it); otherwise ∇_w L ≠ J_wᵀ(p − "
            "q)."
        ),
        checks=(_amari_symbolic, _amari_numeric),
        kinds=("SYM-N", "NUM-NET"),
        notes="The 'Cross Entropy Loss' formula at the top of the slide uses N for the number of classes; '3. OPTIMIZER' "
              "uses N for the number of samples.",
    ),
    Claim(
        id="softmax-example-542",
        reading=r"\frac{e^2}{e^5 + e^4 + e^2} \right) \\ &= (0.71, 0.26, 0.04)",
        rationale=(
            "Softmax of the logits (5, 4, 2) is (0.7054, 0.2595, 0.0351), which rounds to the printed"
            " (0.71, 0.26, 0.04) and to the S(x) value 0.71 (checks 2–6, checked exactly). The "
            "printed components summing to 1.01 is within rounding (check 7). All facts HOLD."
        ),
        source=_src('"Softmax and Cross Entropy Loss/1"'),
        statement=r"S(x) = \frac{e^5}{e^5 + e^4 + e^2} = 0.71,\quad p(\text{cat}) = \Big(\frac{e^5}{e^5+e^4+e^2}, "
                  r"\frac{e^4}{e^5+e^4+e^2}, \frac{e^2}{e^5+e^4+e^2}\Big) = (0.71, 0.26, 0.04)",
        hypotheses=("printed values are roundings to two decimals",),
        expected_verdict="verified",
        checks=(_softmax_542,),
        kinds=("ARITH",),
        notes="Exact values 0.70538…, 0.25950…, 0.03512…; each rounds to its printed value, and the printed components sum "
              "to 1.01 (rounding, within the 0.015 three roundings allow).",
    ),
    Claim(
        id="ce-example-cat",
        reading=r"\text{Loss}(\text{cat}) = -\log(p(\text{cat})) = 0.34",
        rationale=(
            "The slide computes the loss from its own printed, rounded p(cat) = 0.71, and −ln 0.71 = "
            "0.342 rounds to the printed 0.34 (natural log); the unrounded value 0.349 rounds to "
            "0.35. A rounding-order slip of one unit in the last digit that changes no conclusion: a "
            "caveat, not an erratum (the second reading proposed erratum; settled on line 299, which "
            "prints the 0.71 the loss is taken from, and line 317, which writes −log(0.71) = 0.34 out; a "
            "third independent reading agreed)."
        ),
        finding=Finding(
            printed="Loss(cat) = −log(p(cat)) = 0.34, with p(cat) = e⁵/(e⁵+e⁴+e²) printed as 0.71",
            corrected=(
                "0.34 is −log of the rounded p(cat) = 0.71 printed two lines above; the unrounded p(cat) "
                "= 0.7054 gives 0.349, which rounds to 0.35."
            ),
        ),
        source=_src('"Softmax and Cross Entropy Loss/1"'),
        statement=r"\text{Loss}(\text{cat}) = -\log(p(\text{cat})) = 0.34",
        hypotheses=("p(cat) = e⁵/(e⁵ + e⁴ + e²), as defined on the same slide",),
        expected_verdict="verified-with-caveat",
        caveat=(
            "0.34 is −log of the rounded p(cat) = 0.71 printed two lines above; the unrounded p(cat) "
            "= 0.7054 gives 0.349, which rounds to 0.35."
        ),
        correction=r"\text{Loss}(\text{cat}) = -\ln\frac{e^5}{e^5+e^4+e^2} = \ln(1 + e^{-1} + e^{-3}) = 0.349\ldots \approx 0.35"
                   r"\quad(\text{natural log; } 0.34 = -\ln 0.71 \text{ is the loss of the rounded probability})",
        checks=(_ce_cat,),
        kinds=("ARITH",),
        notes="A double-rounding slip: the printed 0.34 is −ln of the rounded 0.71; the exact p(cat) = 0.7054 gives 0.349. "
              "The base is e: −log₁₀ 0.71 = 0.15, −log₂ 0.71 = 0.49.",
    ),
    Claim(
        id="ce-total-three-images",
        reading=r"= -\log(0.71) - \log(0.002) - \log(0.02) = 0.34 + 6 + 3.91 = 10.2",
        rationale=(
            "Each summand is a fair (natural-log) rounding (checks 2–5), but the total −ln 0.71 − ln "
            "0.002 − ln 0.02 = 10.47, not the printed 10.2 (check 6 FAILS by 0.27). The printed 10.2 "
            "comes only from the crude '6' for 6.21 (check 7: 0.34+6+3.91 = 10.25), so a reader "
            "relying on 10.2 gets the wrong total; check 10 verifies the correction 10.47."
        ),
        finding=Finding(
            printed="Loss = −log(0.71) − log(0.002) − log(0.02) = 0.34 + 6 + 3.91 = 10.2",
            corrected="Loss = −ln(0.71) − ln(0.002) − ln(0.02) = 0.34 + 6.21 + 3.91 = 10.47 (natural log)",
            downstream=(
                "None: it is a stand-alone numerical illustration of the summed loss; no later step uses "
                "the total."
            ),
            consequence=3,
        ),
        depends_on=("ce-example-cat",),
        source=_src('"Softmax and Cross Entropy Loss/2"'),
        statement=r"\text{Loss} = -\log(p(\text{cat})) - \log(p(\text{horse})) - \log(p(\text{dog})) = -\log(0.71) - \log(0.002) "
                  r"- \log(0.02) = 0.34 + 6 + 3.91 = 10.2",
        hypotheses=("natural log (the only base for which the summands match)",),
        expected_verdict="erratum",
        correction=r"\text{Loss} = -\ln(0.71) - \ln(0.002) - \ln(0.02) = 0.34 + 6.21 + 3.91 = 10.47\quad(\text{with the unrounded "
                   r"} p(\text{cat}) = 0.7054:\ 0.35 + 6.21 + 3.91 = 10.48)",
        checks=(_ce_total,),
        kinds=("ARITH",),
        notes="Each printed summand is consistent with its own rounding (the '6' to no decimals: −ln 0.002 = 6.21), and 10.2 is "
              "the sum of the printed summands 10.25 rounded half-even; but the printed 6 hides 0.21, so the total of the "
              "terms is 10.47, not 10.2.",
    ),
    Claim(
        id="kl-slide-formula",
        reading=r"KL(p(x) \| q(x)) &= \mathbf{E}_q[p] = \sum q_i(x) \log(p_i(x))",
        rationale=(
            "The printed chain KL(p‖q) = E_q[p] = Σ q_i log p_i is false as an identity (checks 1–6 "
            "FAIL) and at the slide's own example (check 8: KL(p‖q) = +∞, E_q[p] = 0.71, Σ q_i log "
            "p_i = −0.34). There are three errors: the argument order is reversed relative to Eq. (1)"
            " (check 9), the sign is wrong since Σ q_i log p_i ≤ 0 ≤ KL (check 10), and E_q[p] is not"
            " E_q[log p]. Because this is the slide's definition of KL, a reader would be misled; the"
            " corrected KL(q‖p) = Σ q_i log(q_i/p_i) = −Σ q_i log p_i − H(q) is verified (checks "
            "11–13)."
        ),
        finding=Finding(
            printed="KL(p(x)‖q(x)) = E_q[p] = Σ qᵢ(x) log pᵢ(x) = q₁ log p₁ + q₂ log p₂ + ⋯ + qₙ log pₙ",
            corrected=(
                "KL(q‖p) = Σ qᵢ log(qᵢ/pᵢ) = −Σ qᵢ log pᵢ − H(q), i.e. E_q[−log p] − H(q); for one-hot q,"
                " KL(q‖p) = −Σ qᵢ log pᵢ = −log p_label"
            ),
            downstream=(
                "The 'Previous example' on the same slide follows it (wrong order and sign); Eq. (1) on "
                "the next slide restates the relation correctly, so the main loss–KL result survives."
            ),
            consequence=2,
        ),
        source=_src('"Softmax and Cross Entropy Loss/2"'),
        statement=r"KL(p(x)\|q(x)) = \mathbf{E}_q[p] = \sum q_i(x)\log(p_i(x)) = q_1(x)\log(p_1(x)) + q_2(x)\log(p_2(x)) + \cdots "
                  r"+ q_n(x)\log(p_n(x))",
        hypotheses=("q the label distribution, p the model's prediction, q_i, p_i ≥ 0 summing to 1",
                    "0·log 0 = 0; KL(a‖b) = +∞ when b_i = 0 < a_i"),
        expected_verdict="erratum",
        correction=r"\mathrm{KL}(q\|p) = \mathbb{E}_q\Big[\log\frac{q}{p}\Big] = \sum_i q_i\log\frac{q_i}{p_i} = -\sum_i q_i\log p_i "
                   r"- H(q) = H(q, p) - H(q);\quad \sum_i q_i\log p_i = -H(q, p) \le 0;\quad \text{one-hot } q:\ "
                   r"\mathrm{KL}(q\|p) = -\sum_i q_i\log p_i = -\log p_{\text{label}}",
        checks=(_kl_formula,),
        kinds=("SYM-N", "ARITH"),
        notes="Three slips: the argument order (Eq. (1) on 'Loss and KL Divergence' has KL(q‖p)), the sign (Σ q_i log p_i ≤ 0 "
              "is minus the cross-entropy), and E_q[p] (read literally Σ q_i p_i) for E_q[log(q/p)]. At the slide's example "
              "KL(p‖q) = +∞.",
    ),
    Claim(
        id="kl-slide-example",
        reading=r"KL(p(x) \| q(x)) = 1 \cdot \log(0.71) + 0 \cdot \log(0.002) + 0 \cdot \log(0.02) = 0.34",
        rationale=(
            "The printed equality fails twice. 1·log(0.71) + 0 + 0 = −0.34, not 0.34 (check 15 "
            "FAILS), and KL(p‖q) with q = (1,0,0) is +∞ (check 16 FAILS). The value 0.34 and 'this is"
            " the loss' hold only for KL(q‖p) = −log 0.71 (checks 17–20). The 0.002/0.02 copied from "
            "the three-image total are harmless because their weights are 0 (checks 11–14). Close "
            "call: the final number and message are right and the next slide's 'Notice' restores the "
            "order, but the displayed equation has a false sign and an infinite KL, so it is an "
            "erratum rather than a caveat."
        ),
        finding=Finding(
            printed="KL(p(x)‖q(x)) = 1·log(0.71) + 0·log(0.002) + 0·log(0.02) = 0.34",
            corrected="KL(q(x)‖p(x)) = −[1·log(0.71) + 0·log(0.26) + 0·log(0.04)] = 0.34 = Loss(cat)",
            downstream=(
                "Only the illustration of 'this is the loss function'; the next slide's Eq. (1) and its "
                "Notice L = KL(q‖p) state the result correctly."
            ),
            consequence=3,
        ),
        depends_on=("kl-slide-formula", "ce-example-cat",),
        source=_src('"Softmax and Cross Entropy Loss/2", "Previous example"'),
        statement=r"x = \text{cat} \to p(x) = (0.71, 0.26, 0.04),\ q(x) = (1, 0, 0);\ KL(p(x)\|q(x)) = 1\cdot\log(0.71) + "
                  r"0\cdot\log(0.002) + 0\cdot\log(0.02) = 0.34;\ \text{this is the loss function (for image = cat)}",
        hypotheses=("natural log; 0·log 0 = 0; KL(a‖b) = +∞ when b_i = 0 < a_i",),
        expected_verdict="erratum",
        correction=r"\mathrm{KL}(q(x)\|p(x)) = 1\cdot\log\frac{1}{0.71} + 0\cdot\log\frac{0}{0.26} + 0\cdot\log\frac{0}{0.04} = "
                   r"-\log(0.71) = 0.34 = \text{Loss(cat)};\quad \mathrm{KL}(p(x)\|q(x)) = +\infty\ (q_2 = q_3 = 0 < p_2, p_3)",
        checks=(_kl_example,),
        kinds=("ARITH",),
        notes="The middle expression has the sign wrong (1·log 0.71 = −0.34) and takes 0.002, 0.02 (p(horse), p(dog) of the "
              "three-image example) instead of the cat's 0.26, 0.04; with zero weights that does not change its value.",
    ),
    Claim(
        id="loss-kl-decomposition",
        reading=r"&= \text{KL}(q(y|x) \| p(y|x, w)) - \sum_{i=1}^C q_i(y|x) \log q_i(y|x)",
        rationale=(
            "Eq. (1), −Σ q_i log p_i = KL(q‖p) − Σ q_i log q_i, holds for every C, and the extra term"
            " is constant in w. This is proved symbolically and confirmed numerically on networks "
            "with soft targets, for both values and gradients (checks 1–6, all HOLD)."
        ),
        source=_src('"Loss and KL Divergence", Eq. (1)'),
        statement=r"L(x,w) = \mathbb{E}_{y\sim q}[-\log p(y|x,w)] = \sum_{i=1}^C q_i(y|x)\log\frac{q_i(y|x)}{p_i(y|x,w)} - "
                  r"\sum_{i=1}^C q_i(y|x)\log q_i(y|x) = \mathrm{KL}(q(y|x)\|p(y|x,w)) - \sum_{i=1}^C q_i(y|x)\log q_i(y|x)",
        hypotheses=("p_i > 0 (softmax)", "q = q(y|x) does not depend on w; terms with q_i = 0 are 0 (0·log 0 = 0) on both sides"),
        expected_verdict="verified",
        checks=(_decomposition_symbolic, _decomposition_numeric),
        kinds=("SYM-N", "NUM-NET"),
        notes="Numeric evidence uses torch's cross_entropy with probability targets and kl_div; kl_div(input, target) takes "
              "the model's log p first and q second and returns KL(q‖p).",
    ),
    Claim(
        id="loss-equals-kl-onehot",
        reading=r"Notice:  $L(x, w) = \text{KL}(q(y|x) \| p(y|x, w))$ ,",
        rationale=(
            "For one-hot q, H(q) = 0 (with 0·log 0 = 0), so L = −log p_y = KL(q‖p). This is proved "
            "symbolically and checked on networks (checks 1–4 HOLD), and check 5 confirms the torch "
            "argument semantics used. The 'q(y, x)' in the next line is a harmless notational slip "
            "for q(y|x), which the following line writes correctly; no fact fails on it."
        ),
        depends_on=("loss-kl-decomposition",),
        source=_src('"Loss and KL Divergence", "Notice"'),
        statement=r"L(x,w) = \mathrm{KL}(q(y|x)\|p(y|x,w)) \text{ when } q(y|x) = (0, 0, \dots, 1, \dots, 0, 0)",
        hypotheses=("0·log 0 = 0 (the limit of x log x)",),
        expected_verdict="verified",
        checks=(_onehot_symbolic, _onehot_numeric),
        kinds=("SYM-N", "NUM-NET"),
        notes="The slide writes q(y, x) for q(y|x) in the 'Notice', and calls the one-hot a 'mass density distribution' "
              "(a point mass).",
    ),
    Claim(
        id="l2-regularization",
        reading="**Key point.** The regularization will avoid the parameters to grow too large.",
        rationale=(
            "The L² penalty's gradient 2λw gives a shrink step (1 − 2αλ)w. weight_decay defaults to 0"
            " in SGD/Nesterov/Adam. With the penalty the weights stay bounded while without it they "
            "keep growing (checks 1–7 HOLD). Check 8 fails only for an unstable step size αλ > 1, "
            "where gradient descent itself diverges; the slide makes no claim about step sizes, so "
            "this is a remark outside its regime."
        ),
        source=_src('"3. OPTIMIZER"'),
        statement=r"\text{Regularization (default is zero!)}:\ L(w) = \frac{1}{N}\sum_i L(x_i, w) + \lambda\sum_j |w_j|^2;\ "
                  r"\text{the regularization will avoid the parameters to grow too large}",
        hypotheses=("real weights; gradient descent w ← w − α∇L with α > 0, λ > 0",
                    "torch.optim.SGD(weight_decay = wd) adds wd·w to the gradient of every parameter in the group, biases included"),
        expected_verdict="verified",
        remark=r"The penalty part of a GD step multiplies w by 1 - 2\alpha\lambda: it contracts w only when 0 < \alpha\lambda < 1 "
               r"(monotonically, without sign flips, when \alpha\lambda \le 1/2); for \alpha\lambda \ge 1 the penalty alone makes "
               r"|w| constant or grow (factor |1 - 2\alpha\lambda| \ge 1). In torch, weight\_decay = 2\lambda for this L "
               r"(weight\_decay = \lambda corresponds to \tfrac{\lambda}{2}\sum_j|w_j|^2). With the mean (1/N) of this slide "
               r"instead of the sum of 'Ingredients', the same step needs \alpha_{\mathrm{sum}} = \alpha/N and "
               r"\lambda_{\mathrm{sum}} = N\lambda.",
        checks=(_l2_symbolic, _l2_numeric),
        kinds=("SYM-N", "NUM-NET"),
        notes="AdamW (not on the slide) has weight_decay = 0.01 by default and decouples it from the gradient, so it is "
              "not the L² penalty of this slide.",
    ),
]
