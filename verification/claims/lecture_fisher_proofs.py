"""Symbolic evidence for the Fisher claims of the lecture “The Geometry of Deep Learning. Lecture 2: Deep Learning” (CLAIMS.md L.2/L.3).

One public check per claim, each ``f(ctx) -> list[Evidence]``; the Claim records and the numeric
evidence on networks live in another module, which imports these:

============================================  =========================================
claim id                                      check
============================================  =========================================
``softmax-properties``                        :func:`softmax_properties_symbolic`
``fisher-psd``                                :func:`fisher_psd_symbolic`
``fisher-covariance-prop``                    :func:`fisher_covariance_prop_symbolic`
``fisher-covariance-proof-lines``             :func:`fisher_covariance_proof_lines_symbolic`
``fisher-expected-hessian-prop``              :func:`fisher_expected_hessian_prop_symbolic`
``fisher-hessian-proof-line``                 :func:`fisher_hessian_proof_line_symbolic`
``FG-kernel-characterization``                :func:`fg_kernel_characterization_symbolic`
``fisher-rank-bound``                         :func:`fisher_rank_bound_symbolic`
``fisher-not-riemannian-nonconstant-rank``    :func:`fisher_not_riemannian_nonconstant_rank_symbolic`
============================================  =========================================

Two kinds of evidence:

* ``symbolic-proof`` — a :class:`geomath.symbolic.proof.Proof` over a symbolic number of classes C
  (and of parameters d): class sums are done by ``sum_over_indices`` (named sums such as
  Σ_k p_k J_kr = a_r, Σ_k p_k = 1) and by the Kronecker-delta rule Σ_k δ_ik u_k = u_i; derivatives
  of the softmax are SymPy's own derivatives of ``exp(s_i)/Sum(exp(s_m), (m, 1, C))``.
* ``symbolic`` — exact identities at fixed sizes. Logits are *generic* functions s_i(w) (SymPy
  ``Function``), so one identity covers every smooth model at that size; the softmax is rational
  in E_i = e^{s_i}, so after replacing e^{s_i} by positive symbols E_i and ∂s_i/∂w_r, ∂²s_i/∂w_r∂w_t
  by symbols J_ir, H_irt every identity is an identity of rational functions, decided by exact
  arithmetic in the field ℚ(generators) (no ``simplify``). Explicit nonlinear models (tanh,
  products) are checked the same way: SymPy differentiates the explicit softmax, every e^{Σ c_i s_i}
  is replaced by Π E_i^{c_i} (c solved exactly), and tanh(…) is one more generator.

Notation: p = softmax(s), Σ(p) = diag(p) − ppᵀ, J = J_w = ∂s/∂w (C×d), g_i = ∇_w log p_i,
F = E_{y∼p}[g_y g_yᵀ], l = −log p_y.

Exact ranks at a network point use integer logits and the transcendence of e: with T a symbol for
e, p_i = T^{s_i}/Σ_j T^{s_j}; every minor of Z²F (Z = Σ_j T^{s_j}) is a polynomial in T with integer
coefficients, zero at T = e iff zero as a polynomial, so rank F(x, w) = rank of Z²F over ℚ(T)
(``DomainMatrix``). It is cross-checked with rank (I − 𝟙𝟙ᵀ/C)J, which equals rank F because
ker Σ(p) = span{𝟙} (proved here for every C).

Private helpers that would belong in ``geomath.symbolic`` (information/proof): :func:`_delta_sum`
(the Kronecker-delta rule, also private in ``paper_diffusion_matrix``), :func:`_resolve_class_range`,
:func:`_rat_exp` / :func:`_rat_exp_logits` (e^{Σ c_a a} → Π E_a^{c_a}), :func:`_cancel` (normal form
in ℚ(generators)), :class:`_SoftmaxModel` (generic-logit softmax made rational),
:func:`_exact_rank_softmax_fisher` (the ℚ(T) rank), and the proofs ``_prove_*``.
"""
from __future__ import annotations

import random
from typing import Any, Callable, Sequence

import sympy as sp
from sympy.polys.matrices import DomainMatrix

from geomath.symbolic import categorical_softmax
from geomath.symbolic.proof import Proof, delta_sum, sum_over_indices
from verification.evidence import fact, proof_evidence, symbolic_identity
from verification.model import Context, Evidence

__all__ = [
    "softmax_properties_symbolic",
    "fisher_psd_symbolic",
    "fisher_covariance_prop_symbolic",
    "fisher_covariance_proof_lines_symbolic",
    "fisher_expected_hessian_prop_symbolic",
    "fisher_hessian_proof_line_symbolic",
    "fg_kernel_characterization_symbolic",
    "fisher_rank_bound_symbolic",
    "fisher_not_riemannian_nonconstant_rank_symbolic",
    "CORRECTION_COVARIANCE_PROOF_LINES",
    "CORRECTION_HESSIAN_PROOF_LINE",
    "CAVEAT_NONCONSTANT_RANK",
]

PROOF_REASON = "every step of the proof is checked by SymPy: its residual must expand to 0 (exact, symbolic C and d)"
RANK_REASON = ("exact rank: integer logits, e replaced by a transcendental symbol T, rank over ℚ(T) (DomainMatrix); "
               "cross-checked with the rational rank of (I − 𝟙𝟙ᵀ/C)J")

# The corrected statements (LaTeX) of the two errata, for the Claim records.
CORRECTION_COVARIANCE_PROOF_LINES = (
    r"\nabla_w l = -\frac{\nabla_w p(y|x,w)}{p(y|x,w)},\qquad "
    r"\mathbb{E}_{y\sim p}(\nabla_w l) = -\sum_i p_i\frac{\nabla_w p_i}{p_i} = -\sum_i \nabla_w p_i "
    r"= -\nabla_w\Big(\sum_i p_i\Big) = 0,\qquad "
    r"\operatorname{Cov}(\nabla_w l) = \mathbb{E}_{y\sim p}\big[(\nabla_w l - \mathbb{E}_{y\sim p}\nabla_w l)"
    r"(\nabla_w l - \mathbb{E}_{y\sim p}\nabla_w l)^T\big] = \mathbb{E}_{y\sim p}\big[(\nabla_w l)(\nabla_w l)^T\big] = F(x,w)"
    r"\quad(\nabla_w l \text{ a column vector})"
)
CORRECTION_HESSIAN_PROOF_LINE = (
    r"\mathbb{H}[I] = -\operatorname{Jac}\Big[\frac{\nabla_w p}{p}\Big] "
    r"= -\Big[\mathbb{H}(p)\,p - \nabla_w p\,(\nabla_w p)^T\Big]\frac{1}{p^2},\qquad "
    r"\mathbb{E}_{y\sim p}\big[\mathbb{H}[I]\big] = -\sum_i \mathbb{H}(p_i) + "
    r"\mathbb{E}_{y\sim p}\Big[\frac{\nabla_w p}{p}\Big(\frac{\nabla_w p}{p}\Big)^T\Big] = F"
)
CAVEAT_NONCONSTANT_RANK = (
    r"The rank of F depends on the architecture. For the bias-free score f(x) = W_3\max(0, W_2\max(0, W_1 x)) "
    r"of 'Ingredients' it is not constant: F(x, 0) = 0 (rank 0) while \operatorname{rank} F = C-1 wherever the "
    r"last hidden layer h(x, w) \ne 0 (the W_3-block of J_w is I_C \otimes h^T). With an output bias, "
    r"s = h(x, w') + b, J_w contains the block I_C, so \operatorname{rank} F(x, w) = \operatorname{rank}\Sigma(p) = C-1 "
    r"at every (x, w): constant rank (still degenerate, C-1 < d). G has no such block: G(x, 0) = 0 with or "
    r"without output bias."
)


# ============================================================================================
# Symbolic-size machinery (symbolic C, d)
# ============================================================================================

_C = sp.Symbol("C", integer=True, positive=True)  # number of classes
_d = sp.Symbol("d", integer=True, positive=True)  # number of parameters
_i, _j, _k, _m, _y = sp.symbols("i j k m y", integer=True, positive=True)  # class indices, 1..C
_r, _q, _u = sp.symbols("r q u", integer=True, positive=True)  # parameter indices, 1..d
_CLASS_INDICES = (_i, _j, _k, _m, _y)

_s = sp.IndexedBase("s", real=True)  # logits
_p = sp.IndexedBase("p", positive=True)  # softmax probabilities
_J = sp.IndexedBase("J", real=True)  # J[i, r] = ∂s_i/∂w_r
_H = sp.IndexedBase("H", real=True)  # H[i, r, q] = ∂²s_i/∂w_r∂w_q
_a = sp.IndexedBase("a", real=True)  # a[r] = Σ_k p_k J[k, r]
_M = sp.IndexedBase("M", real=True)  # M[r, q] = Σ_k p_k J[k, r] J[k, q]
_h = sp.IndexedBase("h", real=True)  # h[r, q] = Σ_k p_k H[k, r, q]
_g = sp.IndexedBase("g", real=True)  # g[i, r] = ∂_r log p_i
_v = sp.IndexedBase("v", real=True)  # a direction in parameter space
_T = sp.IndexedBase("T", real=True)  # T[i] = g_i · v
_U = sp.IndexedBase("u", real=True)  # u[i] = (J v)_i
_Z = sp.Symbol("Z", positive=True)  # Σ_m e^{s_m}
_ubar = sp.Symbol(r"\bar{u}", real=True)  # Σ_i p_i u_i
_Zsum = sp.Sum(sp.exp(_s[_m]), (_m, 1, _C))


def _resolve_class_range(expr: sp.Expr) -> sp.Expr:
    """Resolve the Piecewise that ``Sum(δ_jm u_m, (m, 1, C)).doit()`` leaves: every free class index
    j lies in 1..C, so conditions ``C >= j`` (``j <= C``, ``j >= 1``) are true."""
    true_atoms = {}
    for idx in _CLASS_INDICES:
        for rel in (sp.Ge(_C, idx), sp.Le(idx, _C), sp.Ge(idx, 1), sp.Le(1, idx), sp.Gt(idx, 0)):
            if isinstance(rel, sp.core.relational.Relational):
                true_atoms[rel] = sp.true

    def resolve(pw: sp.Piecewise) -> sp.Expr:
        for e, c in pw.args:
            c2 = c.xreplace(true_atoms)
            if c2 == sp.true:
                return e
            if c2 != sp.false:
                raise ValueError(f"cannot decide the condition {c} from 1 <= index <= C")
        raise ValueError(f"no branch of {pw} holds for 1 <= index <= C")

    return expr.replace(lambda e: isinstance(e, sp.Piecewise), resolve)


def _to_p(expr: sp.Expr) -> sp.Expr:
    """Write e^{Σ c s_i} as Π (p_i Z)^c and Σ_m e^{s_m} as Z (p_i = e^{s_i}/Z), then expand."""
    expr = expr.xreplace({_Zsum: _Z})

    def rep(arg: sp.Expr) -> sp.Expr:
        out = sp.S.One
        for term, c in sp.expand(arg).as_coefficients_dict().items():
            if not (isinstance(term, sp.Indexed) and term.base == _s):
                raise ValueError(f"exponent {arg} is not a combination of logits")
            out *= (_p[term.indices[0]] * _Z) ** c
        return out

    expr = expr.replace(lambda e: isinstance(e, sp.exp), lambda e: rep(e.args[0]))
    return sp.expand(expr)


def _class_sums(idx: sp.Symbol, r: sp.Symbol = _r, q: sp.Symbol = _q) -> dict:
    """The named class sums, keyed with the class index ``idx``: Σ p = 1 (softmax-properties),
    Σ p J_r = a_r, Σ p J_r J_q = M_rq, Σ p H_rq = h_rq."""
    named = {
        _p[idx]: sp.S.One,
        _p[idx] * _J[idx, r]: _a[r],
        _p[idx] * _J[idx, q]: _a[q],
        _p[idx] * _J[idx, r] * _J[idx, q]: _M[r, q],
        _p[idx] * _H[idx, r, q]: _h[r, q],
    }
    return named


def _proof_evidence(proof: Proof, compared: str, role: str = "statement", extra: dict | None = None) -> Evidence:
    return proof_evidence(proof, compared, role=role, details=extra, reason=PROOF_REASON)


# --------------------------------------------------------------------------------------------
# Proofs for symbolic C (and d)
# --------------------------------------------------------------------------------------------


def _prove_softmax() -> Proof:
    """Σ p_i = 1, p(s + c𝟙) = p(s), ∂p_i/∂s_j = p_i(δ_ij − p_j) for every C."""
    proof = Proof("softmax on C classes: sum 1, shift invariance, derivative p_i(delta_ij - p_j); symbolic C")
    total = sum_over_indices(sp.exp(_s[_i]) / _Z, [_i], _C, {sp.exp(_s[_i]): _Z})
    proof.step(sp.Symbol(r"\sum_{i=1}^{C} p_i"), 1, r"p_i = e^{s_i}/Z,\ \sum_i e^{s_i} = Z", residual=total - 1)

    c = sp.Symbol("c", real=True)
    Zc = sum_over_indices(sp.expand(sp.exp(_s[_m] + c), power_exp=True), [_m], _C, {sp.exp(_s[_m]): _Z})
    num = sp.expand(sp.exp(_s[_i] + c), power_exp=True)
    proof.step(
        sp.Symbol(r"p_i(s + c\mathbb{1}) = \frac{e^{s_i + c}}{\sum_m e^{s_m + c}}"),
        sp.exp(_s[_i]) / _Z,
        r"e^{s_m + c} = e^c e^{s_m};\ \sum_m e^c e^{s_m} = e^c Z;\ e^c cancels",
        residual=sp.cancel(num / Zc - sp.exp(_s[_i]) / _Z),
    )

    pi = sp.exp(_s[_i]) / _Zsum
    pj = sp.exp(_s[_j]) / _Zsum
    dp = _resolve_class_range(sp.diff(pi, _s[_j]).doit())
    proof.step(
        sp.Symbol(r"\frac{\partial p_i}{\partial s_j}"),
        pi * (sp.KroneckerDelta(_i, _j) - pj),
        r"SymPy's derivative of e^{s_i}/\sum_{m=1}^{C} e^{s_m}: \partial_{s_j}\sum_m e^{s_m} = \sum_m \delta_{jm} e^{s_m} "
        r"= e^{s_j} (1 \le j \le C); i.e. \partial p/\partial s = \Sigma(p) = \mathrm{diag}(p) - pp^T",
        residual=dp - pi * (sp.KroneckerDelta(_i, _j) - pj),
    )
    return proof


def _score_steps(proof: Proof) -> None:
    """g_ir = ∂_r log p_i = Σ_k (δ_ik − p_k) J_kr = J_ir − a_r (chain rule through the softmax)."""
    dlog = _to_p(_resolve_class_range(sp.diff(sp.log(sp.exp(_s[_i]) / _Zsum), _s[_k]).doit()))
    proof.step(
        sp.Symbol(r"\frac{\partial \log p_i}{\partial s_k}"),
        sp.KroneckerDelta(_i, _k) - _p[_k],
        r"SymPy's derivative of \log(e^{s_i}/\sum_{m=1}^C e^{s_m}), e^{s_k} = p_k Z",
        residual=dlog - (sp.KroneckerDelta(_i, _k) - _p[_k]),
    )
    chain = delta_sum(dlog * _J[_k, _r], _k, _C, _class_sums(_k))
    proof.step(
        sp.Symbol(r"g_{ir} = \partial_r \log p_i = \sum_k \frac{\partial \log p_i}{\partial s_k} J_{kr}"),
        _J[_i, _r] - _a[_r],
        r"chain rule; \sum_k \delta_{ik} J_{kr} = J_{ir},\ \sum_k p_k J_{kr} = a_r: g_i = J^T(e_i - p)",
        residual=chain - (_J[_i, _r] - _a[_r]),
    )


def _fisher_entry(r: sp.Symbol, q: sp.Symbol) -> sp.Expr:
    """F_rq = Σ_i p_i g_ir g_iq with g_ir = J_ir − a_r, summed by the named class sums."""
    summand = _p[_i] * (_J[_i, r] - _a[r]) * (_J[_i, q] - _a[q])
    return sum_over_indices(summand, [_i], _C, _class_sums(_i, _r, _q))


def _prove_fisher_closed_form() -> Proof:
    """F = E_{y∼p}[g g^T] = J^T Σ(p) J, F symmetric, v^T F v = Σ_i p_i (g_i·v)^2; symbolic C and d."""
    proof = Proof("F = E_{y~p}[grad log p_y grad log p_y^T] = J^T Sigma(p) J, symmetric, "
                  "v^T F v = sum_i p_i (g_i . v)^2; symbolic C and d")
    _score_steps(proof)
    Frq = _fisher_entry(_r, _q)
    proof.step(
        sp.Symbol(r"F_{rq} = \sum_i p_i g_{ir} g_{iq}"),
        _M[_r, _q] - _a[_r] * _a[_q],
        r"E_{y\sim p} is \sum_i p_i(\cdot); \sum_i p_i J_{ir}J_{iq} = M_{rq}, \sum_i p_i J_{ir} = a_r, \sum_i p_i = 1",
        residual=Frq - (_M[_r, _q] - _a[_r] * _a[_q]),
    )
    inner = delta_sum(_J[_i, _r] * (sp.KroneckerDelta(_i, _k) * _p[_i] - _p[_i] * _p[_k]) * _J[_k, _q], _k, _C,
                       _class_sums(_k))
    jsj = sum_over_indices(inner, [_i], _C, _class_sums(_i))
    proof.step(
        sp.Symbol(r"(J^T\Sigma(p)J)_{rq} = \sum_{i,k} J_{ir}(\delta_{ik}p_i - p_i p_k)J_{kq}"),
        _M[_r, _q] - _a[_r] * _a[_q],
        r"Kronecker-delta rule over k, then the named class sums over i: equal to F_{rq}",
        residual=jsj - (_M[_r, _q] - _a[_r] * _a[_q]),
    )
    proof.step(
        sp.Symbol(r"F_{rq} - F_{qr}"),
        sp.S.Zero,
        r"the same class sums with r \leftrightarrow q (M_{rq} is one named sum, symmetric in r, q)",
        residual=Frq - _fisher_entry(_q, _r),
    )
    quad = sum_over_indices(_v[_r] * _v[_q] * _p[_i] * _g[_i, _r] * _g[_i, _q], [_r, _q], _d,
                            {_v[_r] * _g[_i, _r]: _T[_i]})
    proof.step(
        sp.Symbol(r"\sum_{r,q=1}^{d} v_r\,p_i g_{ir} g_{iq}\,v_q"),
        _p[_i] * _T[_i] ** 2,
        r"exchange of finite sums; T_i = g_i\cdot v = \sum_r v_r g_{ir}: v^TFv = \sum_i p_i (g_i\cdot v)^2",
        residual=quad - _p[_i] * _T[_i] ** 2,
    )
    # independent route with u = Jv: g_i·v = u_i − ū, and u^T Σ(p) u = Σ_i p_i (u_i − ū)^2
    va_name = sp.Symbol("va")  # Σ_r v_r a_r, computed next by exchanging the sums
    gv = sum_over_indices(_v[_r] * (_J[_i, _r] - _a[_r]), [_r], _d, {_v[_r] * _J[_i, _r]: _U[_i], _v[_r] * _a[_r]: va_name})
    va = sum_over_indices(sum_over_indices(_v[_r] * _p[_k] * _J[_k, _r], [_r], _d, {_v[_r] * _J[_k, _r]: _U[_k]}),
                          [_k], _C, {_p[_k] * _U[_k]: _ubar})
    proof.step(
        sp.Symbol(r"g_i\cdot v = \sum_r v_r (J_{ir} - a_r)"),
        _U[_i] - _ubar,
        r"u_i = (Jv)_i,\ \sum_r v_r a_r = \sum_k p_k \sum_r J_{kr} v_r = \sum_k p_k u_k = \bar u",
        residual=gv.xreplace({va_name: va}) - (_U[_i] - _ubar),
    )
    Q = sp.Symbol("Q")  # Σ_i p_i u_i²

    def named_u(idx):
        return {_p[idx]: sp.S.One, _p[idx] * _U[idx]: _ubar, _p[idx] * _U[idx] ** 2: Q}

    usu = sum_over_indices(delta_sum(_U[_i] * (sp.KroneckerDelta(_i, _k) * _p[_i] - _p[_i] * _p[_k]) * _U[_k], _k, _C,
                                      named_u(_k)), [_i], _C, named_u(_i))
    sq = sum_over_indices(_p[_i] * (_U[_i] - _ubar) ** 2, [_i], _C, named_u(_i))
    proof.step(
        sp.Symbol(r"v^T J^T\Sigma(p) J v = u^T\Sigma(p)u"),
        sp.Symbol(r"\sum_i p_i (u_i - \bar u)^2"),
        r"both equal \sum_i p_i u_i^2 - \bar u^2 (Kronecker-delta rule; \sum_i p_i = 1)",
        residual=usu - sq,
    )
    return proof


def _prove_score_mean_zero() -> Proof:
    """E_{y∼p}[∇l] = −Σ_i p_i g_i = 0 and Cov(∇l) = E[∇l ∇l^T] = F, symbolic C and d."""
    proof = Proof("E_{y~p}[grad l] = 0 and Cov(grad l) = F; l = -log p_y; symbolic C and d")
    _score_steps(proof)
    mean_r = sum_over_indices(-_p[_i] * (_J[_i, _r] - _a[_r]), [_i], _C, _class_sums(_i))
    proof.step(
        sp.Symbol(r"\mathbb{E}_{y\sim p}[\partial_r l] = -\sum_i p_i g_{ir}"),
        sp.S.Zero,
        r"\sum_i p_i J_{ir} = a_r,\ \sum_i p_i = 1: -(a_r - a_r) = 0; i.e. \sum_i p_i\nabla\log p_i = 0",
        residual=mean_r,
    )
    # covariance with the computed mean subtracted (m_r = mean_r, which is 0)
    mr = mean_r
    mq = mean_r.xreplace({_r: _q})
    cov = sum_over_indices(_p[_i] * (-(_J[_i, _r] - _a[_r]) - mr) * (-(_J[_i, _q] - _a[_q]) - mq), [_i], _C,
                           _class_sums(_i))
    proof.step(
        sp.Symbol(r"\mathrm{Cov}(\nabla l)_{rq} = \sum_i p_i(\partial_r l_i - m_r)(\partial_q l_i - m_q)"),
        _M[_r, _q] - _a[_r] * _a[_q],
        r"m = \mathbb{E}[\nabla l] = 0 (previous step), (-g)(-g)^T = gg^T, class sums: = F_{rq} = (J^T\Sigma J)_{rq}",
        residual=cov - (_M[_r, _q] - _a[_r] * _a[_q]),
    )
    return proof


def _prove_expected_hessian() -> Proof:
    """∇²(−log p_y) = J^TΣJ + Σ_k (p_k − δ_ky)∇²s_k and E_{y∼p}[∇²(−log p_y)] = F, symbolic C and d."""
    proof = Proof("Hessian of -log p_y = J^T Sigma J + sum_k (p_k - delta_ky) Hess s_k, and E_{y~p} of it = F; "
                  "symbolic C and d")
    _score_steps(proof)  # ∂_r(−log p_y) = −(J_yr − a_r)
    # ∂_q p_k = Σ_j (∂p_k/∂s_j) J_jq = p_k (J_kq − a_q), with ∂p_k/∂s_j from SymPy
    dp = _to_p(_resolve_class_range(sp.diff(sp.exp(_s[_k]) / _Zsum, _s[_j]).doit()))
    dpk = delta_sum(dp * _J[_j, _q], _j, _C, _class_sums(_j))
    proof.step(
        sp.Symbol(r"\partial_q p_k = \sum_j \frac{\partial p_k}{\partial s_j} J_{jq}"),
        _p[_k] * (_J[_k, _q] - _a[_q]),
        r"chain rule with SymPy's \partial p_k/\partial s_j; Kronecker-delta rule; \sum_j p_j J_{jq} = a_q",
        residual=dpk - _p[_k] * (_J[_k, _q] - _a[_q]),
    )
    # ∂_r(−log p_y) = −J_yr + a_r ; ∂_q a_r = Σ_k [∂_q p_k J_kr + p_k H_krq]
    dqa = sum_over_indices(sp.expand(dpk * _J[_k, _r] + _p[_k] * _H[_k, _r, _q]), [_k], _C, _class_sums(_k))
    proof.step(
        sp.Symbol(r"\partial_q a_r = \sum_k (\partial_q p_k\,J_{kr} + p_k H_{krq})"),
        _M[_r, _q] - _a[_r] * _a[_q] + _h[_r, _q],
        r"product rule; class sums M_{rq}, a_r, h_{rq} = \sum_k p_k H_{krq}",
        residual=dqa - (_M[_r, _q] - _a[_r] * _a[_q] + _h[_r, _q]),
    )
    hess_y = -_H[_y, _r, _q] + dqa  # ∂_q(−J_yr + a_r), with ∂_q a_r as just computed
    decomposition = _M[_r, _q] - _a[_r] * _a[_q] + delta_sum((_p[_k] - sp.KroneckerDelta(_k, _y)) * _H[_k, _r, _q], _k,
                                                              _C, _class_sums(_k))
    proof.step(
        sp.Symbol(r"\partial_q\partial_r(-\log p_y) = -H_{yrq} + \partial_q a_r"),
        sp.Symbol(r"(J^T\Sigma(p)J)_{rq} + \sum_k (p_k - \delta_{ky}) H_{krq}"),
        r"\partial_r(-\log p_y) = -(J_{yr} - a_r) (score step); (J^T\Sigma J)_{rq} = M_{rq} - a_r a_q; delta rule",
        residual=hess_y - decomposition,
    )
    expected = sum_over_indices(sp.expand(_p[_y] * hess_y), [_y], _C,
                                {_p[_y]: sp.S.One, _p[_y] * _H[_y, _r, _q]: _h[_r, _q]})
    proof.step(
        sp.Symbol(r"\mathbb{E}_{y\sim p}[\partial_q\partial_r(-\log p_y)]"),
        _M[_r, _q] - _a[_r] * _a[_q],
        r"\sum_y p_y = 1,\ \sum_y p_y H_{yrq} = h_{rq} cancels +h_{rq}: = F_{rq}",
        residual=expected - (_M[_r, _q] - _a[_r] * _a[_q]),
    )
    return proof


def _prove_kernel() -> Proof:
    """(Fv)_r = Σ_i p_i g_ir (g_i·v), v^TFv = Σ_i p_i (g_i·v)^2; symbolic C and d."""
    proof = Proof("ker F = (span_i g_i)^perp when every p_i > 0; symbolic C and d")
    Fv = sum_over_indices(_p[_i] * _g[_i, _r] * _g[_i, _q] * _v[_q], [_q], _d, {_g[_i, _q] * _v[_q]: _T[_i]})
    proof.step(
        sp.Symbol(r"(Fv)_r = \sum_q \sum_i p_i g_{ir} g_{iq} v_q"),
        _p[_i] * _g[_i, _r] * _T[_i],
        r"F = \sum_i p_i g_i g_i^T; exchange of finite sums; T_i = g_i\cdot v: Fv = \sum_i p_i T_i g_i",
        residual=Fv - _p[_i] * _g[_i, _r] * _T[_i],
    )
    vFv = sum_over_indices(_v[_r] * _p[_i] * _g[_i, _r] * _T[_i], [_r], _d, {_v[_r] * _g[_i, _r]: _T[_i]})
    proof.step(
        sp.Symbol(r"v^TFv = \sum_r v_r (Fv)_r"),
        _p[_i] * _T[_i] ** 2,
        r"summand of \sum_i: v^TFv = \sum_i p_i T_i^2",
        residual=vFv - _p[_i] * _T[_i] ** 2,
    )
    proof.step(
        sp.Symbol(r"(Fv)_r|_{T_i = 0\ \forall i}"),
        sp.S.Zero,
        r"(\supseteq) v \perp every g_i \Rightarrow Fv = 0. (\subseteq) Fv = 0 \Rightarrow v^TFv = \sum_i p_i T_i^2 = 0, "
        r"a sum of terms \ge 0 (next evidence), so every T_i = 0",
        residual=Fv.xreplace({_T[_i]: 0}),
    )
    return proof


def _prove_rank_relation() -> Proof:
    """Σ_i p_i g_i = 0 for every C: the C score vectors are linearly dependent (all p_i > 0)."""
    proof = Proof("sum_i p_i grad log p_i = 0 (all p_i > 0), hence dim span{g_i} <= C - 1 and rank F <= min(C-1, d); "
                  "symbolic C and d")
    _score_steps(proof)
    rel = sum_over_indices(_p[_i] * (_J[_i, _r] - _a[_r]), [_i], _C, _class_sums(_i))
    proof.step(
        sp.Symbol(r"\sum_{i=1}^C p_i g_{ir}"),
        sp.S.Zero,
        r"a_r - a_r\cdot 1 = 0: a linear relation with coefficients p_i \ne 0, so the C vectors g_i span \le C-1 "
        r"dimensions; rank F = d - \dim\ker F = \dim\mathrm{span}\{g_i\} (kernel characterization) \le \min(C-1, d); "
        r"the same with \nabla_x: rank G \le \min(C-1, n)",
        residual=rel,
    )
    return proof


def _prove_sigma_kernel() -> Proof:
    """Σ(p)𝟙 = 0, (Σ(p)v)_i = p_i (v_i − p·v), and the output-bias block of J^TΣJ is Σ(p); symbolic C."""
    proof = Proof("ker Sigma(p) = span{1} for p_i > 0 (rank C-1), and with an output bias the (b, b) block of "
                  "J_w^T Sigma J_w is Sigma(p); symbolic C")
    sig = sp.KroneckerDelta(_i, _k) * _p[_i] - _p[_i] * _p[_k]
    ones = delta_sum(sig, _k, _C, {_p[_k]: sp.S.One})
    proof.step(sp.Symbol(r"(\Sigma(p)\mathbb{1})_i = \sum_k(\delta_{ik}p_i - p_ip_k)"), sp.S.Zero,
               r"\sum_k p_k = 1", residual=ones)
    pv = sp.Symbol(r"p\cdot v", real=True)
    sv = delta_sum(sig * _v[_k], _k, _C, {_p[_k] * _v[_k]: pv})
    proof.step(sp.Symbol(r"(\Sigma(p)v)_i"), _p[_i] * (_v[_i] - pv),
               r"\Sigma(p)v = 0 with p_i > 0 forces v_i = p\cdot v for every i, i.e. v \in span\{\mathbb{1}\}: "
               r"rank \Sigma(p) = C - 1", residual=sv - _p[_i] * (_v[_i] - pv))
    # output bias: ∂s_i/∂b_j = δ_ij, so (J^TΣJ)_{b_j b_l} = Σ_{i,k} δ_ij Σ_ik δ_kl = Σ_jl
    l_ = sp.Symbol("l", integer=True, positive=True)
    blk = delta_sum(delta_sum(sp.KroneckerDelta(_i, _j) * sig * sp.KroneckerDelta(_k, l_), _k, _C, {}), _i, _C, {})
    proof.step(sp.Symbol(r"(J_w^T\Sigma J_w)_{b_j b_l} = \sum_{i,k}\delta_{ij}\Sigma_{ik}\delta_{kl}"),
               sp.KroneckerDelta(_j, l_) * _p[_j] - _p[_j] * _p[l_],
               r"s = h(x, w') + b: \partial s_i/\partial b_j = \delta_{ij}; the (b, b) block of F is \Sigma(p), so "
               r"rank F \ge C-1 (principal submatrix of a PSD matrix) and rank F \le C-1 (rank bound): rank F = C-1 "
               r"at every (x, w)",
               residual=blk - (sp.KroneckerDelta(_j, l_) * _p[_j] - _p[_j] * _p[l_]))
    return proof


# ============================================================================================
# Fixed-size machinery
# ============================================================================================


def _cancel(e: sp.Expr) -> sp.Expr:
    """Exact normal form p/q of a rational function, by arithmetic in the field ℚ(generators) (fast:
    never expands expression trees). Derivatives and applied functions other than exp/log (s_i(w),
    ∂p/∂w, tanh(…)) become generators: a zero there is a zero of the expression. With exp/log left,
    ``sp.cancel``."""
    e = sp.sympify(e)
    if e.has(sp.exp, sp.log):
        return sp.cancel(e)
    derivs = {a: sp.Dummy(f"D{n}") for n, a in enumerate(e.atoms(sp.Derivative))}
    e2 = e.xreplace(derivs)
    funcs = {a: sp.Dummy(f"f{n}") for n, a in enumerate(e2.atoms(sp.Function))}
    e2 = e2.xreplace(funcs)
    back = {v: k for k, v in (derivs | funcs).items()}
    gens = sorted(e2.free_symbols, key=sp.default_sort_key)
    if not gens:
        return sp.cancel(e)
    try:
        K = sp.polys.fields.FracField(gens, sp.QQ)
        return K.from_expr(e2).as_expr().xreplace(back)
    except (ValueError, TypeError, sp.polys.polyerrors.PolynomialError, sp.polys.polyerrors.CoercionFailed):
        return sp.cancel(e)


def _entries_of(x) -> list:
    if isinstance(x, sp.MatrixBase):
        return list(x)
    if isinstance(x, (list, tuple)):
        return [e for item in x for e in _entries_of(item)]
    return [sp.sympify(x)]


def _identity(lhs, rhs, compared: str, *, role: str = "statement", details: dict | None = None,
              simplifier: Callable = _cancel, kind: str = "symbolic") -> Evidence:
    """``symbolic_identity`` on both sides brought to the normal form p/q entry by entry first
    (equal rational functions then have equal normal forms; the builder still decides on lhs − rhs)."""
    left = [simplifier(e) for e in _entries_of(lhs)]
    right = [simplifier(e) for e in _entries_of(rhs)]
    return symbolic_identity(left, right, compared, kind=kind, role=role, simplifier=simplifier, details=details)


def _rat_exp(expr: sp.Expr, table: dict) -> sp.Expr:
    """Replace e^{Σ c_a a} by Π E_a^{c_a} for the atoms a of ``table`` (a → positive symbol E_a).
    Raises ValueError when an exponent is not an integer combination of the atoms."""

    def rep(arg: sp.Expr) -> sp.Expr:
        out = sp.S.One
        for term, c in sp.expand(arg).as_coefficients_dict().items():
            if term not in table or not c.is_integer:
                raise ValueError(f"exponent {arg} is not an integer combination of {list(table)}")
            out *= table[term] ** c
        return out

    return expr.replace(lambda e: isinstance(e, sp.exp), lambda e: rep(e.args[0]))


def _rat_exp_logits(expr: sp.Expr, logits: Sequence[sp.Expr], E: Sequence[sp.Symbol]) -> sp.Expr:
    """Replace e^{arg} by Π E_i^{c_i} where arg = Σ c_i s_i (integers c_i, solved exactly from the
    coefficients of arg and of the explicit logits s_i). Raises ValueError if no such c exists."""
    cs = sp.symbols(f"c_1:{len(logits) + 1}")
    dicts = [sp.expand(s).as_coefficients_dict() for s in logits]

    def rep(arg: sp.Expr) -> sp.Expr:
        target = sp.expand(arg).as_coefficients_dict()
        atoms = set(target).union(*dicts)
        eqs = [sp.Add(*[c * dd.get(a, 0) for c, dd in zip(cs, dicts)]) - target.get(a, 0) for a in atoms]
        sol = sp.linsolve(eqs, cs)
        if len(sol) != 1:
            raise ValueError(f"exponent {arg} is not a combination of the logits")
        (vals,) = sol
        if not all(v.is_integer for v in vals):
            raise ValueError(f"exponent {arg} is not an integer combination of the logits")
        return sp.Mul(*[Ei ** v for Ei, v in zip(E, vals)])

    return expr.replace(lambda e: isinstance(e, sp.exp), lambda e: rep(e.args[0]))


class _SoftmaxModel:
    """Softmax over C generic logits s_i(v_1..v_n) (undefined SymPy functions), made rational.

    ``p_def`` is the definition e^{s_i}/Σ_j e^{s_j} as an expression in the variables; ``rat`` turns
    any expression built from it by differentiation into a rational function of E_i = e^{s_i} and
    of the derivative symbols J[i, r] = ∂s_i/∂v_r, H[i][r, t] = ∂²s_i/∂v_r∂v_t.
    """

    def __init__(self, C: int, variables: Sequence[sp.Symbol], tag: str = ""):
        self.C = C
        self.vars = tuple(variables)
        n = len(self.vars)
        self.s = [sp.Function(f"s_{i + 1}", real=True)(*self.vars) for i in range(C)]
        self.E = sp.symbols(f"E{tag}_1:{C + 1}", positive=True)
        self.J = sp.Matrix(C, n, lambda i, r: sp.Symbol(f"J{tag}_{i + 1}{self.vars[r]}", real=True))
        self.H = [sp.Matrix(n, n, lambda r, t, i=i: sp.Symbol(
            f"H{tag}_{i + 1}{self.vars[min(r, t)]}{self.vars[max(r, t)]}", real=True)) for i in range(C)]
        self._derivs = {}
        for i, si in enumerate(self.s):
            for r, vr in enumerate(self.vars):
                self._derivs[sp.diff(si, vr)] = self.J[i, r]
                for t, vt in enumerate(self.vars):
                    self._derivs[sp.diff(si, vr, vt)] = self.H[i][r, t]
        self._table = dict(zip(self.s, self.E))
        Zdef = sp.Add(*[sp.exp(si) for si in self.s])
        self.p_def = [sp.exp(si) / Zdef for si in self.s]
        Z = sp.Add(*self.E)
        self.p = [Ei / Z for Ei in self.E]
        self.Sigma = sp.diag(*self.p) - sp.Matrix(self.p) * sp.Matrix(self.p).T

    def rat(self, expr):
        if isinstance(expr, sp.MatrixBase):
            return expr.applyfunc(self.rat)
        out = _rat_exp(sp.sympify(expr).xreplace(self._derivs), self._table)
        if out.has(*self.vars):
            raise ValueError(f"rationalization left the variables in {out}")
        return _cancel(out)

    def grad(self, expr, variables=None) -> sp.Matrix:
        return sp.Matrix([sp.diff(expr, v) for v in (variables or self.vars)])

    def score(self, y: int, variables=None) -> sp.Matrix:
        """∇ log p_y from SymPy's derivative of the definition (column), rational."""
        return self.rat(self.grad(sp.log(self.p_def[y]), variables))

    def expect(self, f: Callable[[int], Any]):
        """E_{y∼p}[f(y)] = Σ_y p_y f(y) (exact finite sum)."""
        terms = [self.p[y] * f(y) for y in range(self.C)]
        total = terms[0]
        for term in terms[1:]:
            total = total + term
        return total

    def jacobian(self, variables=None) -> sp.Matrix:
        cols = [self.vars.index(v) for v in (variables or self.vars)]
        return self.J[:, cols]

    def fisher_closed(self, variables=None) -> sp.Matrix:
        """J^T Σ(p) J (the closed form, never differentiated)."""
        Jv = self.jacobian(variables)
        return (Jv.T * self.Sigma * Jv).applyfunc(_cancel)

    def fisher_def(self, variables=None) -> sp.Matrix:
        """E_{y∼p}[∇log p_y ∇log p_y^T] from SymPy's derivatives of the definition."""
        scores = [self.score(y, variables) for y in range(self.C)]
        return self.expect(lambda y: scores[y] * scores[y].T).applyfunc(_cancel)


def _explicit_model():
    """A small explicit nonlinear model, C = 3, d = 3, at the input x = (1, −2):
    s = (tanh(w1 x1 + w2 x2), w1 w2 x1, w3² − w2 x2). Returns (w, logits, p, J, rat) with ``rat``
    replacing every e^{Σ c_i s_i} by Π E_i^{c_i} (E_i > 0) and cancelling."""
    w = sp.symbols("w1:4", real=True)
    x1, x2 = sp.Integer(1), sp.Integer(-2)
    logits = [sp.tanh(w[0] * x1 + w[1] * x2), w[0] * w[1] * x1, w[2] ** 2 - w[1] * x2]
    Z = sp.Add(*[sp.exp(si) for si in logits])
    p = [sp.exp(si) / Z for si in logits]
    J = sp.Matrix(logits).jacobian(w)
    E = sp.symbols("E_1:4", positive=True)

    def rat(e):
        if isinstance(e, sp.MatrixBase):
            return e.applyfunc(rat)
        return _cancel(_rat_exp_logits(e, logits, E))

    return w, logits, p, J, rat


def _sigma(p: Sequence[sp.Expr]) -> sp.Matrix:
    pv = sp.Matrix(p)
    return sp.diag(*p) - pv * pv.T


def _rand_rational_p(rng: random.Random, C: int) -> list[sp.Rational]:
    E = [sp.Integer(rng.randint(1, 9)) for _ in range(C)]
    Z = sum(E)
    return [e / Z for e in E]


def _rand_int_matrix(rng: random.Random, rows: int, cols: int, lo: int = -4, hi: int = 4) -> sp.Matrix:
    return sp.Matrix(rows, cols, lambda i, j: sp.Integer(rng.randint(lo, hi)))


# --------------------------------------------------------------------------------------------
# Exact ranks at network points
# --------------------------------------------------------------------------------------------

_Tsym = sp.Symbol("T", positive=True)  # stands for e (transcendental)


def _exact_rank_softmax_fisher(J: sp.Matrix, logits: Sequence[int]) -> tuple[int, dict]:
    """rank of J^T Σ(p) J at p = softmax(logits), integer logits, exactly (module docstring)."""
    logits = [int(v) for v in logits]
    if len(logits) != J.shape[0]:
        raise ValueError(f"{len(logits)} logits for a Jacobian with {J.shape[0]} rows")
    lo = min(logits)
    E = [_Tsym ** (v - lo) for v in logits]  # p is invariant under a common shift of the logits
    Z = sp.Add(*E)
    core = Z * sp.diag(*E) - sp.Matrix(E) * sp.Matrix(E).T  # = Z^2 Σ(p), Z > 0
    F = (J.T * core * J).applyfunc(sp.expand)  # entries in ℤ[T]
    dm = DomainMatrix.from_Matrix(F)
    if dm.domain.is_EX or dm.domain.is_EXRAW:
        raise ValueError(f"entries of Z^2 F are not polynomials in T with rational coefficients (domain {dm.domain})")
    rank_direct = dm.to_field().rank()
    C = J.shape[0]
    rank_centred = ((sp.eye(C) - sp.ones(C, C) / C) * J).rank()
    return rank_direct, {"rank over Q(T) of Z^2 J^T Sigma J": rank_direct, "rank of (I - 11^T/C) J": rank_centred,
                         "logits": logits, "d": J.shape[1], "C": C}


# ============================================================================================
# softmax-properties
# ============================================================================================


def softmax_properties_symbolic(ctx: Context) -> list[Evidence]:
    """p_i > 0, Σ p_i = 1, p(s + c𝟙) = p(s), ∂p_i/∂s_j = p_i(δ_ij − p_j): symbolic C, and C = 2..6."""
    out: list[Evidence] = []
    pi = sp.exp(_s[_i]) / _Zsum
    positive = pi.is_positive
    control = (_s[_i] / _Zsum).is_positive  # the same query on a non-exponential numerator is undecided
    out.append(fact(
        positive is True and control is not True,
        "p_i = e^{s_i}/Σ_{m=1}^C e^{s_m} > 0 for real logits, symbolic C (SymPy's assumption system)",
        kind="symbolic-proof",
        reason="exact: SymPy derives positivity from e^{s} > 0 and a sum of C ≥ 1 positive terms > 0; "
               "a control query with numerator s_i (not positive) must stay undecided",
        details={"is_positive(p_i)": str(positive), "control is_positive(s_i / Z)": str(control)},
    ))
    out.append(_proof_evidence(_prove_softmax(), "Σ_i p_i = 1, p(s + c𝟙) = p(s), ∂p_i/∂s_j = p_i(δ_ij − p_j), symbolic C"))

    lhs, rhs = [], []
    sizes = range(2, 7)
    for C in sizes:
        s = sp.symbols(f"s_1:{C + 1}", real=True)
        c = sp.Symbol("c", real=True)
        E = sp.symbols(f"E_1:{C + 1}", positive=True)
        Ec = sp.Symbol("E_c", positive=True)
        table = dict(zip(s, E)) | {c: Ec}
        Z = sp.Add(*[sp.exp(si) for si in s])
        p = sp.Matrix([sp.exp(si) / Z for si in s])
        shifted = p.xreplace({si: si + c for si in s})
        jac = p.jacobian(s)
        closed = categorical_softmax(C, params=s).fisher()  # geomath's diag(p) − ppᵀ (∂p/∂s = ∇²A)
        rat = lambda e: _rat_exp(e, table)  # noqa: E731
        lhs += [rat(sum(p)), shifted.applyfunc(rat), jac.applyfunc(rat)]
        rhs += [sp.S.One, p.applyfunc(rat), sp.Matrix(closed).applyfunc(rat)]
    out.append(_identity(lhs, rhs, "Σp_i = 1, p(s + c𝟙) = p(s), SymPy's Jacobian ∂p/∂s = geomath's diag(p) − ppᵀ, C = 2..6",
                         details={"C": list(sizes), "method": "e^{s_i} → E_i > 0, e^c → E_c > 0; cancel"}))
    return out


# ============================================================================================
# fisher-psd
# ============================================================================================


def fisher_psd_symbolic(ctx: Context) -> list[Evidence]:
    """F = E[gg^T] = J^TΣ(p)J symmetric, v^TFv = Σ_i p_i (g_i·v)^2 ≥ 0 (symbolic C, d); fixed-size F and G."""
    out: list[Evidence] = []
    proof = _prove_fisher_closed_form()
    out.append(_proof_evidence(proof, "F_rq = Σ_i p_i g_ir g_iq = (J_wᵀΣ(p)J_w)_rq, F_rq = F_qr, vᵀFv = Σ_i p_i(g_i·v)² "
                                      "= uᵀΣ(p)u (u = J_w v), symbolic C and d (the same algebra with J_x gives G)"))
    nonneg = sp.Sum(_p[_i] * _T[_i] ** 2, (_i, 1, _C)).is_nonnegative
    control = sp.Sum(_p[_i] * _T[_i], (_i, 1, _C)).is_nonnegative
    out.append(fact(
        nonneg is True and control is not True,
        "vᵀFv = Σ_{i=1}^C p_i T_i² ≥ 0 (p_i > 0, T_i = g_i·v real), symbolic C: F ⪰ 0",
        kind="symbolic-proof",
        reason="exact: SymPy's assumption system decides the sign of the symbolic sum; the control Σ p_i T_i "
               "(not a sum of squares) must stay undecided",
        details={"is_nonnegative(Σ p_i T_i²)": str(nonneg), "control is_nonnegative(Σ p_i T_i)": str(control)},
    ))

    # fixed size: C = 3, generic logits s_i(x1, x2, w1, w2); F over w, G over x, from the definition
    x1, x2, w1, w2 = sp.symbols("x1 x2 w1 w2", real=True)
    model = _SoftmaxModel(3, (x1, x2, w1, w2))
    v = sp.Matrix(sp.symbols("v1 v2", real=True))
    lhs, rhs = [], []
    for vars_ in ((w1, w2), (x1, x2)):  # F, then G
        Fdef = model.fisher_def(vars_)
        Fcl = model.fisher_closed(vars_)
        Jv = model.jacobian(vars_)
        scores = [model.score(y, vars_) for y in range(3)]
        closed_scores = [Jv.T * (sp.Matrix([int(i == y) for i in range(3)]) - sp.Matrix(model.p)) for y in range(3)]
        lhs += [Fdef, Fdef.T, *scores, (v.T * Fcl * v)[0, 0]]
        rhs += [Fcl, Fcl, *closed_scores, sum(model.p[i] * ((scores[i].T * v)[0, 0]) ** 2 for i in range(3))]
    out.append(_identity(
        lhs, rhs,
        "C = 3, generic logits s_i(x, w), d = n = 2: F and G from the definition E_{y∼p}[∇log p_y ∇log p_yᵀ] (SymPy "
        "derivatives) = J_wᵀΣ(p)J_w and J_xᵀΣ(p)J_x, symmetric; ∇log p_i = Jᵀ(e_i − p); vᵀ(JᵀΣJ)v = Σ_i p_i(∇log p_i·v)²",
        details={"C": 3, "d": 2, "n": 2, "logits": "undefined functions s_i(x1, x2, w1, w2)",
                 "method": "e^{s_i} → E_i > 0, ∂s_i/∂w_r → J_ir; cancel"},
    ))
    return out


# ============================================================================================
# fisher-covariance-prop
# ============================================================================================


def fisher_covariance_prop_symbolic(ctx: Context) -> list[Evidence]:
    """E_{y∼p}[∇l] = 0 and Cov(∇l) = E[∇l∇lᵀ] = F (symbolic C; C = 3 generic and explicit); empirical Fisher."""
    out: list[Evidence] = [_proof_evidence(_prove_score_mean_zero(),
                                           "E_{y∼p}[∇_w l] = 0 and Cov(∇_w l) = E[∇_w l ∇_w lᵀ] = F, symbolic C and d")]
    w1, w2 = sp.symbols("w1 w2", real=True)
    model = _SoftmaxModel(3, (w1, w2))
    F = model.fisher_closed()
    grads = [model.rat(model.grad(-sp.log(model.p_def[y]))) for y in range(3)]  # ∇l for label y
    mean = model.expect(lambda y: grads[y]).applyfunc(_cancel)
    cov = model.expect(lambda y: (grads[y] - mean) * (grads[y] - mean).T)
    second = model.expect(lambda y: grads[y] * grads[y].T)
    out.append(_identity(
        [mean, cov, second], [sp.zeros(2, 1), F, F],
        "C = 3, generic logits s_i(w1, w2): E_{y∼p}[∇l] = 0, Cov_{y∼p}(∇l) (mean subtracted) = J_wᵀΣ(p)J_w, "
        "E_{y∼p}[∇l∇lᵀ] = J_wᵀΣ(p)J_w",
        details={"l": "−log p_y, differentiated by SymPy", "F": "closed form J_wᵀΣ(p)J_w (independent route)"},
    ))

    w, logits, p, J, rat = _explicit_model()
    Fx = rat(J.T * _sigma(p) * J)
    gl = [sp.Matrix([sp.diff(-sp.log(p[y]), wi) for wi in w]) for y in range(3)]
    mean_x = rat(sum((p[y] * gl[y] for y in range(3)), sp.zeros(3, 1)))
    second_x = rat(sum((p[y] * gl[y] * gl[y].T for y in range(3)), sp.zeros(3, 3)))
    out.append(_identity(
        [mean_x, second_x], [sp.zeros(3, 1), Fx],
        "explicit nonlinear model s = (tanh(w1 − 2w2), w1w2, w3² + 2w2), C = 3, d = 3: E_{y∼p}[∇l] = 0, "
        "E_{y∼p}[∇l∇lᵀ] = J_wᵀΣ(p)J_w",
        details={"model": [sp.latex(s) for s in logits], "x": [1, -2],
                 "method": "SymPy derivatives of the explicit softmax; e^{Σc_i s_i} → ΠE_i^{c_i}; cancel"},
    ))

    # empirical Fisher: labels y ∼ q instead of y ∼ p
    q = sp.symbols("q1 q2", real=True)
    qv = sp.Matrix([q[0], q[1], 1 - q[0] - q[1]])
    pv = sp.Matrix(model.p)
    emp = sum((qv[y] * grads[y] * grads[y].T for y in range(3)), sp.zeros(2, 2))
    dq = qv - pv
    core_q = sp.diag(*dq) - dq * pv.T - pv * dq.T
    out.append(_identity(
        emp - F, model.J.T * core_q * model.J,
        "empirical Fisher (side result): E_{y∼q}[∇l_y∇l_yᵀ] − F = J_wᵀ[diag(q−p) − (q−p)pᵀ − p(q−p)ᵀ]J_w, "
        "C = 3, generic logits, labels y ∼ q (Σq = 1)",
        details={"reading": "the empirical Fisher averages ∇l∇lᵀ over labels from the data (q); the proposition's F "
                            "averages over y ∼ p (true Fisher)"},
    ))
    rng = ctx.rng("empirical")
    pr = _rand_rational_p(rng, 3)
    while any(v == sp.Rational(1, 2) for v in pr):
        pr = _rand_rational_p(rng, 3)
    qs = sp.symbols("q1:4", real=True)
    dqs = sp.Matrix(qs) - sp.Matrix(pr)
    core = sp.diag(*dqs) - dqs * sp.Matrix(pr).T - sp.Matrix(pr) * dqs.T
    sol = sp.solve(list(core) + [sum(qs) - 1], qs, dict=True)
    only_p = sol == [dict(zip(qs, pr))]
    # a single label y (one-hot q = e_y): entry (k, l), k ≠ l, both ≠ y, of the core is 2 p_k p_l > 0
    P = sp.symbols("P1:4", positive=True)
    single = []
    for y in range(3):
        e = sp.Matrix([int(i == y) for i in range(3)]) - sp.Matrix(P)
        core_y = e * e.T - (sp.diag(*P) - sp.Matrix(P) * sp.Matrix(P).T)
        k, l_ = [i for i in range(3) if i != y]
        single.append((y + 1, sp.factor(core_y[k, l_]), bool(sp.factor(core_y[k, l_]).is_positive)))
    Jr = _rand_int_matrix(rng, 3, 4)
    Fr = Jr.T * _sigma(pr) * Jr
    differs = [bool((Jr.T * (sp.Matrix([int(i == y) for i in range(3)]) - sp.Matrix(pr))) *
                    (Jr.T * (sp.Matrix([int(i == y) for i in range(3)]) - sp.Matrix(pr))).T != Fr) for y in range(3)]
    out.append(fact(
        only_p and all(s[2] for s in single) and all(differs),
        "empirical Fisher (side result): E_{y∼q}[∇l∇lᵀ] = F only for q = p (C = 3, random rational p); for a single "
        "label (q one-hot) the C×C core (e_y−p)(e_y−p)ᵀ − Σ(p) is never 0 (an entry 2p_kp_l > 0), and F̂_y ≠ F at a "
        "random rational (J, p)",
        details={"p": [str(v) for v in pr], "solutions q of core = 0, Σq = 1": [str(s) for s in sol],
                 "single label: (y, core entry (k,l), > 0)": [(y, str(e), pos) for y, e, pos in single],
                 "F̂_y ≠ F at random J (3×4), y = 1..3": differs,
                 "conclusion": "the empirical Fisher coincides with F in expectation over y ∼ p (that is the "
                               "proposition) or when the label distribution equals the model's, q = p; never for "
                               "one label when C ≥ 3 and all p_k > 0"},
    ))
    return out


# ============================================================================================
# fisher-covariance-proof-lines
# ============================================================================================


def fisher_covariance_proof_lines_symbolic(ctx: Context) -> list[Evidence]:
    """The printed proof lines of the first proposition, step by step (C = 3, d = 2, generic logits)."""
    out: list[Evidence] = []
    w1, w2 = sp.symbols("w1 w2", real=True)
    model = _SoftmaxModel(3, (w1, w2))
    C = 3
    p = model.p
    dp = [model.rat(model.grad(model.p_def[i])) for i in range(C)]  # ∇p_i (SymPy)
    dl = [model.rat(model.grad(-sp.log(model.p_def[i]))) for i in range(C)]  # ∇l for y = i (SymPy)
    printed_dl = [(-dp[i] / p[i]).applyfunc(_cancel) for i in range(C)]  # printed: ∇l = −∇p/p
    zero = sp.zeros(2, 1)

    out.append(_identity(dl, printed_dl, "printed line ∇_w l = −∇_w p(y|x,w)/p(y|x,w), each label y, C = 3, d = 2"))

    substituted = [p[i] * printed_dl[i] for i in range(C)]  # p_i · (printed ∇l at y = i)
    printed_terms = [p[i] * (dp[i] / p[i]) for i in range(C)]  # the printed summands p_i ∇p_i/p_i
    sum_sub = sum(substituted, zero).applyfunc(_cancel)
    sum_pr = sum(printed_terms, zero).applyfunc(_cancel)
    # caveat: a dropped minus sign that the context corrects (the sum is 0 either way)
    out.append(_identity(
        substituted, printed_terms,
        "printed step E_{y∼p}(∇_w l) = Σ p_i(∇_w p_i/p_i), term by term: the printed ∇l substituted gives "
        "p_i(−∇p_i/p_i); the printed summand drops the minus sign", role="caveat",
        details={"difference per term": "−2∇_w p_i (non-zero)", "sum of substituted terms": str(list(sum_sub)),
                 "sum of printed terms": str(list(sum_pr)),
                 "effect": "both sums vanish (Σ∇p_i = 0), so the conclusion E(∇l) = 0 is unaffected"},
    ))
    out.append(_identity(sum_pr, sum(dp, zero), "printed step Σ p_i(∇_w p_i/p_i) = Σ_i ∇_w p_i"))
    out.append(_identity(sum(dp, zero), model.rat(model.grad(sp.Add(*model.p_def))),
                         "printed step Σ_i ∇_w p_i = ∇_w(Σ_i p_i) (SymPy's gradient of the sum)"))
    out.append(_identity(model.rat(model.grad(sp.Add(*model.p_def))), zero, "printed step ∇_w(Σ_i p_i) = 0"))

    expected_dl = sum((p[i] * dl[i] for i in range(C)), zero)
    chain = [sum(substituted, zero), -sum(dp, zero), -model.rat(model.grad(sp.Add(*model.p_def)))]
    out.append(_identity(
        [expected_dl] + chain, chain + [zero],
        "corrected line E_{y∼p}(∇_w l) = −Σ p_i ∇_w p_i/p_i = −Σ_i ∇_w p_i = −∇_w(Σ_i p_i) = 0, step by step",
        role="correction", details={"corrected": CORRECTION_COVARIANCE_PROOF_LINES},
    ))

    # shapes: column gradients (the convention of the printed definition of F)
    F = model.fisher_closed()
    col = dl  # d×1
    printed_cov = [(col[i].T * col[i]) for i in range(C)]  # (∇l)ᵗ(∇l)
    E_printed = sum((p[i] * printed_cov[i] for i in range(C)), sp.zeros(1, 1)).applyfunc(_cancel)
    trace_ok = _cancel(E_printed[0, 0] - F.trace()) == 0
    shapes = {}
    for conv, g in (("column (d×1)", sp.zeros(2, 1)), ("row (1×d)", sp.zeros(1, 2))):
        shapes[conv] = {"definition of F: ∇log p·(∇log p)ᵀ": (g * g.T).shape, "Cov line: (∇l)ᵗ(∇l)": (g.T * g).shape}
    consistent = any(sh["definition of F: ∇log p·(∇log p)ᵀ"] == sh["Cov line: (∇l)ᵗ(∇l)"] == F.shape
                     for sh in shapes.values())
    # "Cov(l)" read literally: the variance of the scalar loss
    ells = [-sp.log(sp.Symbol(f"p_{i + 1}", positive=True)) for i in range(C)]
    Pp = [sp.Symbol(f"p_{i + 1}", positive=True) for i in range(C)]
    var_l = sum(Pp[i] * ells[i] ** 2 for i in range(C)) - sum(Pp[i] * ells[i] for i in range(C)) ** 2
    # caveat: a transposition slip that the context ('covariance matrix', F's definition) corrects
    out.append(fact(
        consistent,
        "printed line E_{y∼p}[(∇_w l)ᵗ(∇_w l)] = F(x, w): shape of (∇l)ᵗ(∇l) against the d×d F, in the convention "
        "of the printed definition F = E[∇log p·(∇log p)ᵀ] (column gradients) and in the row convention",
        role="caveat", details={"shapes (d = 2)": {k: {kk: str(vv) for kk, vv in v.items()} for k, v in shapes.items()},
                 "F shape": str(F.shape),
                 "column convention: E[(∇l)ᵗ(∇l)] = tr F (checked exactly)": trace_ok,
                 "finding": "with column gradients (∇l)ᵗ(∇l) = ‖∇l‖² is 1×1 and its expectation is tr F; with row "
                            "gradients it is d×d but then the printed definition ∇log p·(∇log p)ᵀ of F is 1×1: no "
                            "convention makes both d×d. The correct expression is (∇l)(∇l)ᵀ with column gradients.",
                 "Cov(l)": "denotes Cov(∇_w l), the covariance of the gradient (as the sentence before it says); read "
                           "literally Cov(l) = Var_{y∼p}(l) is the scalar " + sp.latex(var_l) + " (C = 3), not F"},
    ))
    cov = sum(((dl[i] - expected_dl) * (dl[i] - expected_dl).T * p[i] for i in range(C)), sp.zeros(2, 2))
    outer = sum((p[i] * dl[i] * dl[i].T for i in range(C)), sp.zeros(2, 2))
    out.append(_identity(
        [cov, outer], [outer, F],
        "corrected line Cov(∇_w l) = E[(∇l − E∇l)(∇l − E∇l)ᵀ] = E[(∇l)(∇l)ᵀ] = F = J_wᵀΣ(p)J_w (column gradients, "
        "C = 3, d = 2, generic logits)",
        role="correction", details={"corrected": CORRECTION_COVARIANCE_PROOF_LINES},
    ))
    return out


# ============================================================================================
# fisher-expected-hessian-prop
# ============================================================================================


def fisher_expected_hessian_prop_symbolic(ctx: Context) -> list[Evidence]:
    """E_{y∼p}[∇²(−log p_y)] = F and ∇²(−log p_y) = J^TΣJ + Σ_k (p_k − δ_ky)∇²s_k (symbolic C; C = 3)."""
    out: list[Evidence] = [_proof_evidence(
        _prove_expected_hessian(),
        "∇²_w(−log p_y) = J_wᵀΣ(p)J_w + Σ_k (p_k − δ_ky)∇²_w s_k and E_{y∼p}[∇²_w(−log p_y)] = F, symbolic C and d")]
    w1, w2 = sp.symbols("w1 w2", real=True)
    model = _SoftmaxModel(3, (w1, w2))
    hess = [model.rat(sp.hessian(-sp.log(model.p_def[y]), model.vars)) for y in range(3)]
    F = model.fisher_closed()
    Fdef = model.fisher_def()
    EH = model.expect(lambda y: hess[y]).applyfunc(_cancel)
    decomposition = [F + sum(((model.p[k] - int(k == y)) * model.H[k] for k in range(3)), sp.zeros(2, 2)) for y in range(3)]
    out.append(_identity(
        [EH, EH, *hess], [F, Fdef, *decomposition],
        "C = 3, generic logits s_i(w1, w2): E_{y∼p}[∇²(−log p_y)] = J_wᵀΣ(p)J_w = E_{y∼p}[∇log p_y∇log p_yᵀ]; "
        "∇²(−log p_y) = J_wᵀΣ(p)J_w + Σ_k(p_k − δ_ky)∇²s_k for y = 1, 2, 3",
        details={"method": "SymPy Hessian of −log(e^{s_y}/Σe^{s_j}); e^{s_i} → E_i, ∂s → J, ∂²s → H; cancel"},
    ))
    w, logits, p, J, rat = _explicit_model()
    Fx = rat(J.T * _sigma(p) * J)
    EHx = rat(sum((p[y] * sp.hessian(-sp.log(p[y]), w) for y in range(3)), sp.zeros(3, 3)))
    out.append(_identity(
        EHx, Fx,
        "explicit nonlinear model s = (tanh(w1 − 2w2), w1w2, w3² + 2w2), C = 3, d = 3: E_{y∼p}[∇²(−log p_y)] = J_wᵀΣ(p)J_w",
        details={"model": [sp.latex(s) for s in logits], "x": [1, -2],
                 "method": "SymPy Hessian of the explicit −log p_y; e^{Σc_i s_i} → ΠE_i^{c_i}; cancel"},
    ))
    return out


# ============================================================================================
# fisher-hessian-proof-line
# ============================================================================================


def _hessian_line_check(p_expr: sp.Expr, variables: Sequence[sp.Symbol]) -> dict:
    """For I = −log p: SymPy's ℍ[I], −Jac[∇p/p], and the printed/corrected brackets."""
    n = len(variables)
    grad = sp.Matrix([sp.diff(p_expr, v) for v in variables])
    Hp = sp.hessian(p_expr, variables)
    norm2 = (grad.T * grad)[0, 0]
    return {
        "H[I]": sp.hessian(-sp.log(p_expr), variables),
        "-Jac[grad p/p]": -(grad / p_expr).jacobian(variables),
        "printed (outer)": _bracket(Hp, grad * grad.T, p_expr, +1),
        "printed (inner, +)": _bracket(Hp, norm2 * sp.eye(n), p_expr, +1),
        "inner, -": _bracket(Hp, norm2 * sp.eye(n), p_expr, -1),
        "corrected": _bracket(Hp, grad * grad.T, p_expr, -1),
    }


def _bracket(Hp: sp.Matrix, prod: sp.Matrix, p: sp.Expr, sign: int) -> sp.Matrix:
    """−[ℍ(p)·p + sign·prod]/p² (prod = ∇p∇pᵀ or ‖∇p‖²I; sign +1 as printed, −1 corrected)."""
    return -(Hp * p + sign * prod) / p ** 2


def fisher_hessian_proof_line_symbolic(ctx: Context) -> list[Evidence]:
    """ℍ[I] = −Jac[∇p/p] = −[ℍ(p)p + ∇p·∇p]/p² as printed, against SymPy's Hessian; its expectation."""
    out: list[Evidence] = []
    w = sp.symbols("w1:4", real=True)
    cases = [_hessian_line_check(sp.Function("p", positive=True)(*w[:n]), w[:n]) for n in (1, 2, 3)]
    pick = lambda key: [c[key] for c in cases]  # noqa: E731
    out.append(_identity(pick("H[I]"), pick("-Jac[grad p/p]"),
                         "printed ℍ[I] = −Jac[∇_w p/p], I = −log p, generic p(w), d = 1, 2, 3"))
    out.append(_identity(
        pick("-Jac[grad p/p]"), pick("printed (outer)"),
        "printed −Jac[∇_w p/p] = −[ℍ(p)·p + ∇_w p ∇_w pᵀ]/p² (∇p·∇p read as the outer product), generic p(w), d = 1, 2, 3",
        details={"true": r"-[\mathbb{H}(p)\,p - \nabla p\,\nabla p^T]/p^2", "difference": r"2\nabla p\nabla p^T/p^2"},
    ))
    d2 = cases[1]
    minus_inner_ok = all(_cancel(e) == 0 for e in (d2["-Jac[grad p/p]"] - d2["inner, -"]))
    # caveat: the inner-product reading of ∇p·∇p is a literal side reading (the d×d context means the
    # outer product, tested by the statement evidence above)
    out.append(_identity(
        d2["-Jac[grad p/p]"], d2["printed (inner, +)"],
        "printed −Jac[∇_w p/p] = −[ℍ(p)·p + ∇p·∇p]/p² with ∇p·∇p read as the inner product ‖∇p‖² (times I_d), d = 2",
        role="caveat", details={"with the sign corrected, −[ℍ(p)·p − ‖∇p‖²I]/p² is also wrong": not minus_inner_ok,
                 "finding": "the bracket needs the rank-one d×d term ∇p∇pᵀ (outer product) with a minus sign"},
    ))
    out.append(_identity(
        pick("-Jac[grad p/p]"), pick("corrected"),
        "corrected −Jac[∇_w p/p] = −[ℍ(p)·p − ∇_w p ∇_w pᵀ]/p² = ℍ[−log p], generic p(w), d = 1, 2, 3",
        role="correction", details={"corrected": CORRECTION_HESSIAN_PROOF_LINE},
    ))

    # expectations over y ∼ p with the softmax, C = 3, d = 2, generic logits
    w1, w2 = sp.symbols("w1 w2", real=True)
    model = _SoftmaxModel(3, (w1, w2))
    C = 3
    p = model.p
    grads = [model.rat(model.grad(model.p_def[i])) for i in range(C)]
    hp = [model.rat(sp.hessian(model.p_def[i], model.vars)) for i in range(C)]
    F = model.fisher_closed()
    E_printed = sum((p[i] * _bracket(hp[i], grads[i] * grads[i].T, p[i], +1) for i in range(C)), sp.zeros(2, 2))
    E_corrected = sum((p[i] * _bracket(hp[i], grads[i] * grads[i].T, p[i], -1) for i in range(C)), sp.zeros(2, 2))
    next_line = (-sum((p[i] * hp[i] / p[i] for i in range(C)), sp.zeros(2, 2))
                 + sum((p[i] * (grads[i] / p[i]) * (grads[i] / p[i]).T for i in range(C)), sp.zeros(2, 2)))
    E_printed, E_corrected, next_line = (M.applyfunc(_cancel) for M in (E_printed, E_corrected, next_line))
    equals_minus_F = all(_cancel(e) == 0 for e in (E_printed + F))
    out.append(_identity(
        E_printed, F, "E_{y∼p} of the printed −[ℍ(p)·p + ∇p∇pᵀ]/p² = F (softmax C = 3, generic logits, d = 2)",
        details={"E[printed] = −F (checked exactly)": equals_minus_F}))
    out.append(_identity(
        E_printed, next_line,
        "E_{y∼p} of the printed first line = the printed next line −Σp_iℍ(p_i)/p_i + E[(∇p/p)(∇p/p)ᵀ]",
        details={"finding": "the expectation of the printed line has −E[(∇p/p)(∇p/p)ᵀ]; the next line has +"}))
    out.append(_identity(
        [next_line, sum(hp, sp.zeros(2, 2))], [F, sp.zeros(2, 2)],
        "printed next line −Σ_i p_iℍ(p_i)/p_i + E_{y∼p}[(∇p/p)(∇p/p)ᵀ] = F, and Σ_iℍ(p_i) = ℍ(Σ_i p_i) = 0 "
        "(outer product), C = 3, d = 2"))
    out.append(_identity(
        [E_corrected, E_corrected], [F, next_line],
        "E_{y∼p} of the corrected −[ℍ(p)·p − ∇p∇pᵀ]/p² = F = the printed next line, C = 3, d = 2",
        role="correction", details={"corrected": CORRECTION_HESSIAN_PROOF_LINE}))
    return out


# ============================================================================================
# FG-kernel-characterization
# ============================================================================================


def _kernel_compare(J: sp.Matrix, p: Sequence[sp.Expr]) -> tuple[bool, dict]:
    """ker(J^TΣJ) against (span{Jᵀ(e_i − p)})^⊥, exact rationals."""
    C, d = J.shape
    F = J.T * _sigma(p) * J
    G = sp.Matrix.vstack(*[(J.T * (sp.Matrix([int(i == k) for i in range(C)]) - sp.Matrix(p))).T for k in range(C)])
    kerF = F.nullspace()
    perp = G.nullspace()  # vectors orthogonal to every g_i
    same = (len(kerF) == len(perp)
            and all(G * v == sp.zeros(C, 1) for v in kerF)
            and all(F * v == sp.zeros(d, 1) for v in perp))
    return same, {"C": C, "d": d, "dim ker F": len(kerF), "dim span^⊥": len(perp), "rank J": J.rank()}


def fg_kernel_characterization_symbolic(ctx: Context) -> list[Evidence]:
    """ker F = (span{∇log p_i})^⊥ for p_i > 0: proof for symbolic C, d; exact kernels at fixed sizes."""
    out: list[Evidence] = [_proof_evidence(
        _prove_kernel(),
        "(Fv)_r = Σ_i p_i (g_i·v) g_ir and vᵀFv = Σ_i p_i (g_i·v)², symbolic C and d: v ⊥ all g_i ⇒ Fv = 0; "
        "Fv = 0 ⇒ Σ_i p_i (g_i·v)² = 0 ⇒ g_i·v = 0 for all i (p_i > 0). The same with ∇_x for G")]
    Ti = _T[_i]
    term = _p[_i] * Ti ** 2
    sols = sp.solve(term, Ti)
    out.append(fact(
        term.is_nonnegative is True and sols == [0] and _p[_i].is_zero is False,
        "each term p_i (g_i·v)² is ≥ 0 and vanishes only at g_i·v = 0, given p_i > 0 (symbolic)",
        kind="symbolic-proof",
        reason="exact: SymPy's assumptions (p_i > 0, g_i·v real) and solve",
        details={"is_nonnegative": str(term.is_nonnegative), "solutions of p_i T_i² = 0": str(sols),
                 "hypothesis": "p_i > 0 for every i: always true for finite logits (softmax-properties)"},
    ))
    rng = ctx.rng("kernel")
    rows, ok = {}, True
    cases = [(3, 5, None), (4, 3, None), (3, 6, 1), (5, 7, 2), (4, 2, None)]  # (C, d or n, rank of J if forced)
    for C, d, rk in cases:
        if rk is None:
            J = _rand_int_matrix(rng, C, d)
        else:
            J = _rand_int_matrix(rng, C, rk) * _rand_int_matrix(rng, rk, d)
        p = _rand_rational_p(rng, C)
        same, info = _kernel_compare(J, p)
        ok &= same
        rows[f"C={C}, d={d}" + (f", rank J={rk}" if rk else "")] = info | {"equal": same}
    # boundary (not reachable by finite logits): p_C = 0 drops g_C from F but not from the span
    J = _rand_int_matrix(rng, 3, 5)
    pb = [sp.Rational(1, 2), sp.Rational(1, 2), sp.Integer(0)]
    same_b, info_b = _kernel_compare(J, pb)
    out.append(fact(
        ok,
        "ker(JᵀΣ(p)J) = (span_i{Jᵀ(e_i − p)})^⊥ exactly (nullspaces over ℚ, mutual containment), random integer J "
        "(full rank and rank-deficient, d < C and d > C), random rational p > 0; J = J_w gives F, J = J_x gives G",
        details={"cases": rows,
                 "hypothesis p_i > 0": {"boundary p = (1/2, 1/2, 0)": info_b | {"equal": same_b},
                                        "note": "with some p_k = 0 (a limit only; finite logits give p_k > 0) ker F "
                                                "can be larger than span^⊥"}},
        reason="exact rational arithmetic (sympy nullspace)",
    ))
    return out


# ============================================================================================
# fisher-rank-bound
# ============================================================================================


def fisher_rank_bound_symbolic(ctx: Context) -> list[Evidence]:
    """Σ p_i ∇log p_i = 0 (symbolic C) ⇒ rank F ≤ min(C−1, d), rank G ≤ min(C−1, n); attained exactly."""
    out: list[Evidence] = [_proof_evidence(
        _prove_rank_relation(),
        "Σ_i p_i ∇_w log p_i = 0 with all p_i > 0, symbolic C and d ⇒ dim span{∇log p_i} ≤ C − 1 ⇒ "
        "rank F ≤ min(C − 1, d) (and rank G ≤ min(C − 1, n)); 'rank < C' is 'rank ≤ C − 1'")]
    rng = ctx.rng("rank")
    rows, ok = {}, True
    # linear logits s = W x: w = vec W (d = C n), J_w = I_C ⊗ xᵀ, J_x = W
    for C, n in ((3, 3), (4, 1), (3, 2), (5, 4)):
        W = _rand_int_matrix(rng, C, n, -3, 3)
        x = _rand_int_matrix(rng, n, 1, -3, 3)
        while all(v == 0 for v in x):
            x = _rand_int_matrix(rng, n, 1, -3, 3)
        logits = list(W * x)
        Jw = sp.kronecker_product(sp.eye(C), x.T)
        rF, infoF = _exact_rank_softmax_fisher(Jw, logits)
        rG, infoG = _exact_rank_softmax_fisher(W, logits)
        d = C * n
        good = (rF == infoF["rank of (I - 11^T/C) J"] == min(C - 1, d) and rG == infoG["rank of (I - 11^T/C) J"]
                == min(C - 1, n, W.rank()))
        ok &= good
        rows[f"linear s = Wx, C={C}, n={n}, d={d}"] = {"rank F": rF, "min(C-1, d)": min(C - 1, d), "rank G": rG,
                                                          "min(C-1, n)": min(C - 1, n), "rank W": W.rank(),
                                                          "logits": [int(v) for v in logits]}
    # d < C − 1: a two-parameter model s_i = A_i · w (J_w = A, C = 5)
    A = _rand_int_matrix(rng, 5, 2, -3, 3)
    wpt = _rand_int_matrix(rng, 2, 1, -2, 2)
    rA, infoA = _exact_rank_softmax_fisher(A, list(A * wpt))
    ok &= rA == min(5 - 1, 2) == infoA["rank of (I - 11^T/C) J"]
    rows["s = A w, C=5, d=2"] = {"rank F": rA, "min(C-1, d)": 2}
    out.append(fact(
        ok,
        "the bound is attained: exact rank F = min(C − 1, d) and rank G = min(C − 1, n, rank W) for linear logits "
        "s = Wx (C = 3, 4, 5; d = Cn ≥ C) and for a model with d = 2 < C − 1; so rank ≤ C − 1 (the printed '< C') "
        "is the sharp bound when d ≥ C − 1",
        details={"cases": rows}, reason=RANK_REASON,
    ))
    return out


# ============================================================================================
# fisher-not-riemannian-nonconstant-rank
# ============================================================================================


def _relu_net(C: int, n: int, widths: Sequence[int], bias: bool):
    """The score f(x) = W_3 max(0, W_2 max(0, W_1 x)) (+ b): weight symbols, masks as symbols m."""
    sizes = [n, *widths, C]
    Ws = [sp.Matrix(sizes[k + 1], sizes[k], lambda i, j, k=k: sp.Symbol(f"W{k + 1}_{i}{j}", real=True))
          for k in range(len(sizes) - 1)]
    b = sp.Matrix(C, 1, lambda i, j: sp.Symbol(f"b_{i}", real=True)) if bias else sp.zeros(C, 1)
    masks = [sp.Matrix(wd, 1, lambda i, j, k=k: sp.Symbol(f"m{k + 1}_{i}")) for k, wd in enumerate(widths)]
    params = [s for W in Ws for s in W] + ([s for s in b] if bias else [])
    return Ws, b, masks, params


def _masked_forward(Ws, b, masks, x):
    """f = W_L D_{L−1} ⋯ D_1 W_1 x + b, with D_k = diag(m_k) the ReLU derivative pattern."""
    h = x
    hs = []
    for k, W in enumerate(Ws[:-1]):
        h = sp.diag(*masks[k]) * (W * h)
        hs.append(h)
    return Ws[-1] * h + b, hs


def _relu_point(rng: random.Random, Ws, b, x, bias: bool, lo=-2, hi=2, tries=200):
    """Random integer weights with every pre-activation ≠ 0 and a non-zero last hidden layer."""
    for _ in range(tries):
        val = {s: sp.Integer(rng.randint(lo, hi)) for W in Ws for s in W}
        if bias:
            val |= {s: sp.Integer(rng.randint(lo, hi)) for s in b}
        h, pattern, fine = x, [], True
        for W in Ws[:-1]:
            pre = W.xreplace(val) * h
            if any(v == 0 for v in pre):
                fine = False
                break
            m = [sp.Integer(1) if v > 0 else sp.Integer(0) for v in pre]
            pattern.append(m)
            h = pre.applyfunc(lambda v: sp.Max(0, v))
        if fine and any(v != 0 for v in h):
            return val, pattern
    raise RuntimeError("no generic point found")


def _network_ranks(Ws, b, masks, params, X, x, val, pattern) -> tuple[int, int, dict]:
    """Exact rank F(x, w) and rank G(x, w) at a point where every pre-activation is ≠ 0 (the masks are
    constant nearby, so the masked forward pass is the network there); J_w, J_x by SymPy's Jacobian."""
    f, _ = _masked_forward(Ws, b, masks, X)
    at = {masks[k][i]: pattern[k][i] for k in range(len(masks)) for i in range(len(pattern[k]))}
    at |= val | dict(zip(X, x))
    Jw = f.jacobian(params).xreplace(at)
    Jx = f.jacobian(list(X)).xreplace(at)
    logits = list(f.xreplace(at))
    h = x  # independent forward pass with max(0, ·)
    for W in Ws[:-1]:
        h = (W.xreplace(val) * h).applyfunc(lambda v: sp.Max(0, v))
    if list(Ws[-1].xreplace(val) * h + b.xreplace(val)) != logits:
        raise AssertionError("masked forward pass disagrees with max(0, ·)")
    rF, infoF = _exact_rank_softmax_fisher(Jw, logits)
    rG, infoG = _exact_rank_softmax_fisher(Jx, logits)
    return rF, rG, {"F": infoF, "G": infoG}


def _agree(info: dict) -> bool:
    return all(v["rank over Q(T) of Z^2 J^T Sigma J"] == v["rank of (I - 11^T/C) J"] for v in info.values())


def _rank_survey(rng, C, n, widths, bias, x, points=3):
    """Exact (rank F, rank G) at w = 0 (any ReLU'(0)) and at random integer points, one architecture."""
    Ws, b, masks, params = _relu_net(C, n, widths, bias)
    X = sp.Matrix(sp.symbols(f"x1:{n + 1}", real=True))
    f, hs = _masked_forward(Ws, b, masks, X)
    zero = {s: 0 for s in params} | dict(zip(X, x))
    J0w, J0x = f.jacobian(params).xreplace(zero), f.jacobian(list(X)).xreplace(zero)  # masks stay symbolic
    rF0, iF0 = _exact_rank_softmax_fisher(J0w, [0] * C)
    rG0, iG0 = _exact_rank_softmax_fisher(J0x, [0] * C)
    ranks, infos = {"w = 0": (rF0, rG0)}, {"w = 0": {"F": iF0, "G": iG0}}
    for t in range(points):
        val, pattern = _relu_point(rng, Ws, b, x, bias)
        rF, rG, info = _network_ranks(Ws, b, masks, params, X, x, val, pattern)
        ranks[f"random integer w #{t + 1}"] = (rF, rG)
        infos[f"random integer w #{t + 1}"] = info
    agree = all(_agree(v) for v in infos.values())
    return {"Ws": Ws, "b": b, "f": f, "hs": hs, "X": X, "params": params, "J0w": J0w, "J0x": J0x,
            "ranks": ranks, "infos": infos, "agree": agree}


def fisher_not_riemannian_nonconstant_rank_symbolic(ctx: Context) -> list[Evidence]:
    """Rank of F over (x, w): bias-free score (0 at w = 0, C − 1 generically) vs output bias (C − 1 everywhere)."""
    out: list[Evidence] = []
    C, n, widths = 3, 2, (3, 3)
    rng = ctx.rng("nonconstant-rank")
    x = sp.Matrix([sp.Integer(rng.choice([-2, -1, 1, 2])) for _ in range(n)])

    # (a) lemma, symbolic C: ker Σ(p) = span{𝟙}; with an output bias F's (b, b) block is Σ(p)
    out.append(_proof_evidence(
        _prove_sigma_kernel(),
        "lemma, symbolic C: Σ(p)𝟙 = 0 and Σ(p)v = 0 ⇒ v ∈ span{𝟙} (p_i > 0), so rank Σ(p) = C − 1; with an output "
        "bias s = h(x, w') + b the (b, b) block of J_wᵀΣJ_w is Σ(p)"))
    minors, lhs, rhs = {}, [], []
    for Cc in (2, 3, 4, 5):
        P = sp.symbols(f"P1:{Cc}", positive=True)
        pv = list(P) + [1 - sum(P)]
        lhs.append(sp.expand(_sigma(pv)[: Cc - 1, : Cc - 1].det()))
        rhs.append(sp.expand(sp.Mul(*pv)))
        minors[f"C={Cc}"] = sp.latex(sp.factor(lhs[-1]))
    out.append(_identity(lhs, rhs, "leading (C−1)×(C−1) minor of Σ(p) = p_1⋯p_C > 0 (p_C = 1 − Σ_{i<C} p_i), C = 2..5: "
                                   "rank Σ(p) = C − 1 exactly", simplifier=sp.expand, details={"minors": minors}))

    # (b) the lecture's bias-free score f(x) = W₃ max(0, W₂ max(0, W₁x))
    free = _rank_survey(rng, C, n, widths, bias=False, x=x)
    d = len(free["params"])
    out.append(_identity(
        [free["J0w"], free["J0x"]], [sp.zeros(C, d), sp.zeros(C, n)],
        "bias-free f(x) = W₃max(0, W₂max(0, W₁x)) at w = 0: J_w = 0 and J_x = 0 for every choice of ReLU'(0) (masks "
        "symbolic), so F(x, 0) = 0 and G(x, 0) = 0 (rank 0)", simplifier=sp.expand,
        details={"C": C, "n": n, "widths": list(widths), "d": d, "x": [int(v) for v in x]}))
    W3 = free["Ws"][-1]
    out.append(_identity(
        free["f"].jacobian(list(W3)), sp.kronecker_product(sp.eye(C), free["hs"][-1].T),
        "bias-free score: the W₃-block of J_w is I_C ⊗ hᵀ (h the last hidden layer), so rank F = C − 1 wherever h ≠ 0 "
        "(range J_w = ℝ^C) and rank F < C − 1 only where h = 0", simplifier=sp.expand))
    rF = {k: v[0] for k, v in free["ranks"].items()}
    rG = {k: v[1] for k, v in free["ranks"].items()}
    out.append(fact(
        free["agree"] and rF["w = 0"] == 0 and len(set(rF.values())) > 1 and max(rF.values()) == C - 1,
        "'Not constant rank!': bias-free score, exact rank F(x, w) = 0 at w = 0 and C − 1 = 2 at random integer w "
        f"(C = 3, d = {d}); rank G(x, w) recorded too (0 at w = 0)",
        details={"rank F": rF, "rank G": rG, "exact computations": free["infos"]}, reason=RANK_REASON))
    out.append(fact(
        free["agree"] and max(rF.values()) <= C - 1 < d,
        f"'neither Riemannian': rank F ≤ C − 1 < d (d = {d}, C = 3), so F(x, w) is singular everywhere and is not a "
        "Riemannian metric on parameter space (general bound: fisher-rank-bound)",
        details={"d": d, "C": C, "rank F": rF, "note": "the sub-Riemannian remark is qualitative (DOC)"},
        reason=RANK_REASON))

    # (a') the same score with an output bias: constant rank C − 1 (the caveat)
    biased = _rank_survey(rng, C, n, widths, bias=True, x=x)
    bF = {k: v[0] for k, v in biased["ranks"].items()}
    bG = {k: v[1] for k, v in biased["ranks"].items()}
    out.append(fact(
        biased["agree"] and len(set(bF.values())) > 1,
        "stronger reading: 'not constant rank' for every architecture — the same score with an output bias "
        "s = W₃max(0, W₂max(0, W₁x)) + b, exact rank F at w = 0 and at random integer w",
        role="caveat", reason=RANK_REASON,
        details={"rank F": bF, "rank G": bG, "exact computations": biased["infos"], "d": len(biased["params"]),
                 "why": "J_w contains the block ∂s/∂b = I_C, so F's (b, b) block is Σ(p), rank C − 1 at every (x, w) "
                        "(lemma above, symbolic C); rank F ≤ C − 1 (fisher-rank-bound): constant rank C − 1",
                 "G": "J_x has no such block: G(x, 0) = 0 with or without output bias (rank G above)"},
    ))
    return out
