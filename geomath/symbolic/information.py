"""Exact information geometry of small parametric families (the lecture “The Geometry of Deep Learning. Lecture 2: Deep Learning”).

Source slides (lecture 2, "The Geometry of Deep Learning"):

* "Loss and KL Divergence", Eq. (1): the cross-entropy loss
  L = E_{y~q}[−log p(y)] = KL(q ‖ p) − Σ_i q_i log q_i (KL plus the entropy of q). The slide
  "Softmax and Cross Entropy Loss/2" writes KL(p‖q) = Σ q_i log p_i, a sign/notation slip;
  here KL(P ‖ Q) = Σ P log(P/Q) throughout.
* "The Fisher Information matrix": F(θ) = E_{y~p_θ}[∇_θ log p_θ(y) ∇_θ log p_θ(y)ᵀ].
* "Properties of the Fisher matrix": E[∇ log p] = 0, so F is the covariance of the score, and
  F = E_{y~p_θ}[H(−log p_θ(y))] (expected Hessian of the negative log-likelihood).
* "The Fisher matrix": KL(p_{θ+δ} ‖ p_θ) = ½ δᵀ F δ + O(‖δ‖³); rank F < number of classes
  for the softmax (F·𝟙 = 0).

Every family is a :class:`Family` whose three Fisher routes (closed form, score covariance,
expected Hessian) are computed independently and exactly. Expectations are exact: finite sums
for the categorical and Bernoulli families, known moments (stated on each constructor) for
the Poisson and normal ones — never a numerical integral. SymPy only; never imports torch.
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

import sympy as sp
from sympy.functions.combinatorial.numbers import stirling

from geomath.symbolic._validate import as_coords, as_expr, as_int, as_matrix, as_order, check_symmetric
from geomath.symbolic.printing import SeriesCoefficients

__all__ = [
    "ExponentialFamily",
    "Family",
    "categorical_softmax",
    "bernoulli",
    "poisson",
    "normal",
    "multivariate_normal_mean",
    "f_divergence_local_coefficient",
]


# -- helpers ------------------------------------------------------------------------------------

def tidy(expr: Any) -> sp.Expr:
    """Targeted exact simplification: split exp(a + b) = exp(a)exp(b), then cancel.

    Softmax/logistic expressions are rational functions of exp(s_i); ``cancel`` decides them
    exactly without a blanket ``simplify``.
    """
    e = sp.expand(as_expr(expr, "expr"), power_exp=True, mul=False, multinomial=False)
    return sp.cancel(sp.together(e))


def is_zero(expr: Any) -> bool:
    """Exact zero test: :func:`tidy` (and ``expand_log``/``simplify`` only if that is not enough)."""
    e = tidy(expr)
    if e == 0:
        return True
    e = tidy(sp.expand_log(e, force=True))
    if e == 0:
        return True
    return sp.simplify(e) == 0


def _params(params: Any, default: Sequence[sp.Symbol], what: str = "params") -> tuple[sp.Symbol, ...]:
    if params is None:
        return tuple(default)
    out = as_coords(params, what=what)
    if len(out) != len(default):
        raise ValueError(f"{len(out)} {what} given; this family has {len(default)} parameters")
    return out


def _values(values: Any, n: int, what: str) -> tuple[sp.Expr, ...]:
    if isinstance(values, (str, sp.Basic)) and not isinstance(values, sp.MatrixBase):
        if isinstance(values, str):
            raise TypeError(f"{what} is text; give a sequence of {n} SymPy expressions (text is never parsed)")
        raise TypeError(f"{what} must be a sequence of {n} expressions, got {type(values).__name__}")
    if isinstance(values, sp.MatrixBase):
        values = list(values)
    if not isinstance(values, Sequence):
        raise TypeError(f"{what} must be a sequence of {n} expressions, got {type(values).__name__}")
    out = tuple(as_expr(v, f"{what}[{i}]") for i, v in enumerate(values))
    if len(out) != n:
        raise ValueError(f"{what} has {len(out)} entries; expected {n} (one per parameter)")
    return out


# -- exponential families ------------------------------------------------------------------------

class ExponentialFamily:
    """p_θ(x) = h(x) exp(θ·T(x) − A(θ)) in natural parameters θ.

    ``fisher()`` is the Hessian of the log-partition A ("The Fisher Information matrix":
    for an exponential family ∇ log p = T − ∇A, so F = Cov(T) = ∇²A), ``mean()`` is
    E[T] = ∇A, and ``kl(θ, θ')`` is the Bregman divergence of A:
    KL(p_θ ‖ p_θ') = A(θ') − A(θ) − ∇A(θ)·(θ' − θ).
    """

    def __init__(self, statistics: Any, log_partition: Any, params: Any):
        self.params = as_coords(params, what="params")
        if isinstance(statistics, (str, sp.Basic)) or not isinstance(statistics, Sequence):
            raise TypeError(f"statistics must be a sequence of SymPy expressions T_i(x), got {type(statistics).__name__}")
        self.statistics = tuple(as_expr(s, f"statistics[{i}]") for i, s in enumerate(statistics))
        if len(self.statistics) != len(self.params):
            raise ValueError(
                f"{len(self.statistics)} statistics for {len(self.params)} natural parameters; expected one each"
            )
        self.log_partition = as_expr(log_partition, "log_partition")
        for s in self.statistics:
            clash = s.free_symbols & set(self.params)
            if clash:
                raise ValueError(f"statistic {s} contains the natural parameters {sorted(clash, key=str)}")

    def mean(self) -> sp.ImmutableMatrix:
        """E[T] = ∇A(θ) (column)."""
        return sp.ImmutableMatrix([sp.diff(self.log_partition, p) for p in self.params])

    def fisher(self) -> sp.ImmutableMatrix:
        """F(θ) = ∇²A(θ), exact (``sp.hessian`` of the log-partition)."""
        return sp.ImmutableMatrix(sp.hessian(self.log_partition, self.params))

    def kl(self, theta: Any, theta2: Any) -> sp.Expr:
        """KL(p_θ ‖ p_θ') = A(θ') − A(θ) − ∇A(θ)·(θ' − θ) (Bregman divergence of A)."""
        n = len(self.params)
        a = dict(zip(self.params, _values(theta, n, "theta")))
        b = dict(zip(self.params, _values(theta2, n, "theta2")))
        A = self.log_partition
        grad = self.mean()
        return (A.xreplace(b) - A.xreplace(a)
                - sum(grad[i].xreplace(a) * (b[p] - a[p]) for i, p in enumerate(self.params)))

    def __repr__(self) -> str:
        return f"ExponentialFamily(T={self.statistics}, A={self.log_partition}, params={self.params})"

    def _repr_latex_(self) -> str:
        theta, T = sp.latex(sp.Matrix(self.params).T), sp.latex(sp.Matrix(self.statistics))
        return (rf"$\displaystyle p_{{\theta}}(x) = h(x) \exp\left(\theta \cdot T(x) - A(\theta)\right), \quad "
                rf"\theta = {theta}, \quad T = {T}, \quad A(\theta) = {sp.latex(self.log_partition)}$")


# -- the common family object --------------------------------------------------------------------

class Family:
    """A parametric family p_θ with exact expectations.

    Attributes: ``name``, ``params`` (Symbols θ), ``sample`` (the sample Symbols x),
    ``exponential_family`` (an :class:`ExponentialFamily` when θ is natural, else ``None``).
    ``expectation(g)`` is E_{x~p_θ}[g(x)], exact (finite sum or known moments, see the
    constructor). ``fisher()`` is the closed form of the constructor's docstring; the two
    other routes of "Properties of the Fisher matrix" are computed from ``log_density``.
    """

    def __init__(self, name: str, params: Sequence[sp.Symbol], sample: Sequence[sp.Symbol],
                 log_density: sp.Expr, expect: Callable[[sp.Expr], sp.Expr],
                 fisher: sp.MatrixBase, kl: Callable[[tuple, tuple], sp.Expr],
                 exponential_family: ExponentialFamily | None = None,
                 pmf: Sequence[sp.Expr] | None = None):
        self.name = name
        self.params = tuple(params)
        self.sample = tuple(sample)
        clash = set(self.params) & set(self.sample)
        if clash:
            raise ValueError(f"params {sorted(clash, key=str)} clash with the sample symbols {self.sample}; rename them")
        self._log_density = log_density
        self._expect = expect
        self._fisher = sp.ImmutableMatrix(fisher)
        self._kl = kl
        self.exponential_family = exponential_family
        self._pmf = None if pmf is None else tuple(pmf)

    def __repr__(self) -> str:
        return f"Family({self.name}, params={self.params})"

    def _repr_latex_(self) -> str:
        return (rf"$\displaystyle \text{{{self.name}}}: \quad \theta = {sp.latex(tuple(self.params))}, \quad "
                rf"F(\theta) = {sp.latex(self._fisher)}$")

    # densities
    def log_density(self, x: Any = None) -> sp.Expr:
        """log p_θ(x) as an expression in ``sample``; with ``x`` given, evaluated there."""
        if x is None:
            return self._log_density
        if len(self.sample) == 1 and not isinstance(x, (list, tuple, sp.MatrixBase)):
            x = [x]
        vals = _values(x, len(self.sample), "x")
        return self._log_density.xreplace(dict(zip(self.sample, vals)))

    def pmf(self) -> tuple[sp.Expr, ...]:
        """The probabilities of the outcomes (finite discrete families only)."""
        if self._pmf is None:
            raise ValueError(f"the {self.name} family has no finite pmf; use log_density")
        return self._pmf

    def expectation(self, g: Any) -> sp.Expr:
        """E_{x~p_θ}[g(x)], exact; g is an expression in ``sample`` (see the constructor)."""
        return self._expect(as_expr(g, "g"))

    # Fisher routes
    def score(self) -> sp.ImmutableMatrix:
        """∇_θ log p_θ(x) (column), a function of ``sample``."""
        return sp.ImmutableMatrix([sp.diff(self._log_density, p) for p in self.params])

    def fisher(self) -> sp.ImmutableMatrix:
        """The closed-form Fisher matrix (stated on the constructor)."""
        return self._fisher

    def fisher_from_score_covariance(self) -> sp.ImmutableMatrix:
        """F = E[∇log p ∇log pᵀ] ("The Fisher Information matrix"), each entry tidied."""
        s = self.score()
        n = len(self.params)
        F = sp.zeros(n, n)
        for i in range(n):
            for j in range(i, n):
                F[i, j] = F[j, i] = tidy(self._expect(sp.expand(s[i] * s[j])))
        return sp.ImmutableMatrix(F)

    def fisher_from_expected_hessian(self) -> sp.ImmutableMatrix:
        """F = E[H(−log p)] ("Properties of the Fisher matrix", second proposition)."""
        n = len(self.params)
        F = sp.zeros(n, n)
        for i in range(n):
            for j in range(i, n):
                h = -sp.diff(self._log_density, self.params[i], self.params[j])
                F[i, j] = F[j, i] = tidy(self._expect(sp.expand(h)))
        return sp.ImmutableMatrix(F)

    # divergences
    def kl(self, theta: Any, theta2: Any) -> sp.Expr:
        """KL(p_θ ‖ p_θ') in closed form (stated on the constructor)."""
        n = len(self.params)
        return self._kl(_values(theta, n, "theta"), _values(theta2, n, "theta2"))

    def kl_expansion(self, delta: Any, order: int = 3) -> SeriesCoefficients:
        """Taylor coefficients of KL(p_{θ+tδ} ‖ p_θ) in t, for t², …, t^order ("The Fisher matrix").

        c_k = (1/k!) d^k/dt^k KL(p_{θ+tδ} ‖ p_θ) at t = 0, exact; the truncation is explicit
        (nothing past t^order is computed), and c_0 = c_1 = 0. With the default order 3 the
        result is (½ δᵀFδ, cubic term); substitute t = 1 to read them as terms in δ. It is a
        tuple that a notebook shows as KL = c_2 t² + … + O(t^{order+1})
        (:class:`~geomath.symbolic.printing.SeriesCoefficients`, ``.var`` is t).
        """
        order = as_order(order, minimum=2)
        n = len(self.params)
        d = _values(delta, n, "delta")
        t = sp.Dummy("t")
        f = self.kl([p + t * di for p, di in zip(self.params, d)], self.params)
        out = []
        for k in range(1, order + 1):
            f = sp.diff(f, t)
            if k >= 2:
                out.append(tidy(f.subs(t, 0) / sp.factorial(k)))
        lhs = r"\operatorname{KL}\left(p_{\theta + t \delta} \,\|\, p_{\theta}\right)"
        return SeriesCoefficients(out, t, 2, lhs=lhs, where=rf"\delta = {sp.latex(tuple(d))}")


# -- families ------------------------------------------------------------------------------------

def _finite_expectation(sample: tuple, outcomes: Sequence[tuple[sp.Expr, dict]]) -> Callable:
    def expect(g: sp.Expr) -> sp.Expr:
        return sp.Add(*[w * g.xreplace(point) for w, point in outcomes])
    return expect


def _polynomial_in(g: sp.Expr, var: sp.Symbol, what: str) -> sp.Poly:
    g = sp.expand(g)
    if not g.is_polynomial(var):
        raise ValueError(f"the {what} expectation needs a polynomial in {var} (known moments); got {g}")
    return sp.Poly(g, var)


def categorical_softmax(C: int, params: Any = None) -> Family:
    """Categorical family in logits s_1..s_C, p_i = e^{s_i}/Σ_j e^{s_j} ("Softmax and Cross Entropy Loss/1").

    Sample: one-hot y_1..y_C, log p(y) = Σ_i y_i s_i − A(s), A(s) = log Σ_j e^{s_j}
    (an exponential family, T(y) = y). Expectations are exact finite sums over the C outcomes.
    Fisher ("The Fisher matrix"): F = diag(p) − p pᵀ, singular along 𝟙 (shifting all logits
    leaves p unchanged), so rank F ≤ C − 1. KL: the Bregman form of A, equal to
    Σ_i p_i log(p_i/p'_i).
    """
    C = as_int(C, "C (number of classes)", 2)
    s = _params(params, sp.symbols(f"s_1:{C + 1}", real=True))
    y = sp.symbols(f"y_1:{C + 1}")
    A = sp.log(sp.Add(*[sp.exp(si) for si in s]))
    ef = ExponentialFamily(y, A, s)
    Z = sp.Add(*[sp.exp(si) for si in s])
    p = [sp.exp(si) / Z for si in s]
    outcomes = [(p[i], {y[j]: sp.Integer(int(i == j)) for j in range(C)}) for i in range(C)]
    F = sp.diag(*p) - sp.Matrix(p) * sp.Matrix(p).T
    log_density = sp.Add(*[yi * si for yi, si in zip(y, s)]) - A
    return Family(f"categorical_softmax(C={C})", s, y, log_density,
                  _finite_expectation(y, outcomes), F, ef.kl, ef, pmf=p)


def bernoulli(params: Any = None) -> Family:
    """Bernoulli family in the logit η (natural parameter): P(x = 1) = σ(η) = e^η/(1 + e^η).

    log p(x) = xη − log(1 + e^η), x ∈ {0, 1}; expectations are the exact two-term sum.
    Fisher: F = σ(η)(1 − σ(η)) = e^η/(1 + e^η)². KL: Bregman form of A(η) = log(1 + e^η),
    equal to p log(p/p') + (1 − p) log((1 − p)/(1 − p')).
    """
    (eta,) = _params(params, [sp.Symbol("eta", real=True)])
    x = sp.Symbol("x")
    A = sp.log(1 + sp.exp(eta))
    ef = ExponentialFamily([x], A, [eta])
    p1 = sp.exp(eta) / (1 + sp.exp(eta))
    outcomes = [(1 - p1, {x: sp.Integer(0)}), (p1, {x: sp.Integer(1)})]
    F = sp.Matrix([[sp.exp(eta) / (1 + sp.exp(eta)) ** 2]])
    return Family("bernoulli(logit)", [eta], [x], x * eta - A,
                  _finite_expectation((x,), outcomes), F, ef.kl, ef, pmf=[1 - p1, p1])


def poisson(params: Any = None) -> Family:
    """Poisson family in the log-rate η (natural parameter), rate λ = e^η.

    log p(x) = xη − e^η − log x!, x = 0, 1, 2, …. Expectations of polynomials in x use the
    known raw moments E[x^k] = Σ_j S(k, j) λ^j (Touchard polynomials, S the Stirling numbers of
    the second kind), i.e. the Poisson series summed in closed form; E[x] = λ, Var x = λ.
    Terms without x (such as differences of log x!, which cancel) pass through unchanged.
    Fisher: F = e^η = λ. KL: e^{η'} − e^η − e^η(η' − η) = λ log(λ/λ') − λ + λ'.
    """
    (eta,) = _params(params, [sp.Symbol("eta", real=True)])
    x = sp.Symbol("x", integer=True, nonnegative=True)
    lam = sp.exp(eta)
    ef = ExponentialFamily([x], lam, [eta])

    def expect(g: sp.Expr) -> sp.Expr:
        L = sp.Dummy("logfact")
        g = sp.expand(g.xreplace({sp.loggamma(x + 1): L}))  # log x! parts must cancel
        if g.has(L):
            raise ValueError(f"the Poisson expectation needs a polynomial in {x}; log {x}! does not cancel in {g}")
        poly = _polynomial_in(g, x, "Poisson")
        return sp.Add(*[c * sp.Add(*[stirling(k, j) * lam ** j for j in range(k + 1)])
                        for (k,), c in poly.terms()])

    return Family("poisson(log-rate)", [eta], [x], x * eta - lam - sp.loggamma(x + 1),
                  expect, sp.Matrix([[lam]]), ef.kl, ef)


def normal(params: Any = None) -> Family:
    """Univariate normal N(μ, σ²) in (μ, σ), σ > 0.

    log p(x) = −log σ − ½ log 2π − (x − μ)²/(2σ²). Expectations of polynomials in x use
    x = μ + σz and the known moments of z ~ N(0, 1): E[z^k] = (k − 1)!! for even k, 0 for odd
    (so E[x] = μ, E[(x − μ)²] = σ², E[(x − μ)⁴] = 3σ⁴). Fisher: diag(1/σ², 2/σ²).
    KL(N(μ, σ²) ‖ N(μ', σ'²)) = log(σ'/σ) + (σ² + (μ − μ')²)/(2σ'²) − ½.
    """
    mu, sigma = _params(params, [sp.Symbol("mu", real=True), sp.Symbol("sigma", positive=True)])
    x = sp.Symbol("x", real=True)
    z = sp.Dummy("z")

    def expect(g: sp.Expr) -> sp.Expr:
        poly = _polynomial_in(g.xreplace({x: mu + sigma * z}), z, "normal")
        return sp.Add(*[c * sp.factorial2(k - 1) for (k,), c in poly.terms() if k % 2 == 0])

    def kl(a: tuple, b: tuple) -> sp.Expr:
        (m1, s1), (m2, s2) = a, b
        return sp.log(s2 / s1) + (s1 ** 2 + (m1 - m2) ** 2) / (2 * s2 ** 2) - sp.Rational(1, 2)

    log_density = -sp.log(sigma) - sp.log(2 * sp.pi) / 2 - (x - mu) ** 2 / (2 * sigma ** 2)
    F = sp.diag(1 / sigma ** 2, 2 / sigma ** 2)
    return Family("normal(mu, sigma)", [mu, sigma], [x], log_density, expect, F, kl)


def _check_spd(S: sp.ImmutableMatrix) -> None:
    check_symmetric(S, "covariance")
    for k in range(1, S.shape[0] + 1):
        minor = sp.factor(S[:k, :k].det())
        if minor.is_positive is False or minor.is_zero:
            raise ValueError(f"covariance is not positive definite: leading minor {k} is {minor} (expected > 0)")
        if minor.is_positive is None:
            raise ValueError(
                f"covariance: cannot decide that leading minor {k} = {minor} is positive; give numbers "
                "or symbols with positive=True assumptions (an SPD matrix is required)"
            )


def multivariate_normal_mean(n: int, covariance: Any = None, params: Any = None) -> Family:
    """N(μ, Σ) in the mean μ ∈ ℝⁿ with a known SPD covariance Σ (identity by default).

    log p(x) = −½(x − μ)ᵀΣ⁻¹(x − μ) − ½ log det(2πΣ). Expectations of polynomials in x use
    y = x − μ and Isserlis' theorem: E[y_i] = 0, E[y_i y_j] = Σ_ij, and in general the sum over
    pairings of products of Σ entries (odd moments vanish). Fisher: F = Σ⁻¹.
    KL: ½(μ − μ')ᵀΣ⁻¹(μ − μ').
    """
    n = as_int(n, "n (dimension)", 1)
    if covariance is None:
        S = sp.ImmutableMatrix(sp.eye(n))
    else:
        S = as_matrix(covariance, "covariance")
        if S.shape[0] != n:
            raise ValueError(f"covariance is {S.shape[0]}x{S.shape[0]}; expected {n}x{n}")
        _check_spd(S)
    mu = _params(params, sp.symbols(f"mu_1:{n + 1}", real=True))
    x = sp.symbols(f"x_1:{n + 1}", real=True)
    ys = [sp.Dummy(f"y{i}") for i in range(n)]
    P = S.inv()

    def isserlis(idx: tuple) -> sp.Expr:
        if not idx:
            return sp.S.One
        if len(idx) % 2:
            return sp.S.Zero
        first, rest = idx[0], idx[1:]
        return sp.Add(*[S[first, rest[k]] * isserlis(rest[:k] + rest[k + 1:]) for k in range(len(rest))])

    def expect(g: sp.Expr) -> sp.Expr:
        g = sp.expand(g.xreplace({xi: mi + yi for xi, mi, yi in zip(x, mu, ys)}))
        if not g.is_polynomial(*ys):
            raise ValueError(f"the normal expectation needs a polynomial in {x} (known moments); got {g}")
        total = sp.S.Zero
        for monom, c in sp.Poly(g, *ys).terms():
            idx = tuple(i for i, k in enumerate(monom) for _ in range(k))
            total += c * isserlis(idx)
        return total

    def kl(a: tuple, b: tuple) -> sp.Expr:
        d = sp.Matrix(a) - sp.Matrix(b)
        return (d.T * P * d)[0, 0] / 2

    r = sp.Matrix(x) - sp.Matrix(mu)
    log_density = -(r.T * P * r)[0, 0] / 2 - sp.log((2 * sp.pi) ** n * S.det()) / 2
    return Family(f"multivariate_normal_mean(n={n})", mu, x, log_density, expect, P, kl)


# -- f-divergences -------------------------------------------------------------------------------

def f_divergence_local_coefficient(f: Any) -> sp.Expr:
    """f''(1)/2, the coefficient of the local expansion D_f(p_{θ+δ} ‖ p_θ) = (f''(1)/2) δᵀFδ + O(‖δ‖³).

    D_f(P ‖ Q) = Σ Q f(P/Q) for a convex generator f with f(1) = 0. Expanding f(1 + u) with
    u = P/Q − 1: Σ Q u = 0 kills the f'(1) term, and Σ Q u² → δᵀFδ ("The Fisher matrix":
    KL is f = t log t, coefficient ½). ``f`` is a one-variable ``sp.Lambda``, an expression in
    exactly one Symbol, or a Python callable taking a Symbol and returning an expression.
    """
    u = sp.Dummy("u", positive=True)
    if isinstance(f, str):
        raise TypeError("f is text; give a sympy Lambda or an expression in one Symbol (text is never parsed)")
    if isinstance(f, sp.Lambda):
        if len(f.variables) != 1:
            raise ValueError(f"f must be a Lambda of one variable, got {len(f.variables)}")
        expr = f(u)
    elif isinstance(f, sp.Basic):
        e = as_expr(f, "f")
        free = e.free_symbols
        if len(free) != 1:
            raise ValueError(f"f must be an expression in exactly one Symbol, got free symbols {sorted(free, key=str)}")
        expr = e.xreplace({free.pop(): u})
    elif callable(f):
        expr = as_expr(f(u), "f(t)")
        if expr.free_symbols - {u}:
            raise ValueError(f"f(t) depends on symbols other than t: {sorted(expr.free_symbols - {u}, key=str)}")
    else:
        raise TypeError(f"f has type {type(f).__name__}; expected a sympy Lambda, an expression or a callable")
    at_one = sp.simplify(expr.subs(u, 1))
    if at_one != 0:
        raise ValueError(f"f(1) = {at_one}; an f-divergence generator needs f(1) = 0")
    second = sp.simplify(sp.diff(expr, u, 2).subs(u, 1))
    if second.is_positive is False:
        raise ValueError(f"f''(1) = {second} is not positive; f must be strictly convex at 1")
    return second / 2
