"""Claims of the lecture “The Geometry of Deep Learning. Lecture 2: Deep Learning”, "Appendix: Detour on conjugate connections": the slides
"Conjugate connections" and "Conjugate connections and divergence" (CLAIMS.md L.4).

All evidence is exact (SymPy, :mod:`geomath.symbolic.conjugate`); every tolerance is "the
difference simplifies to 0". Three kinds of test object:

* a *generic* 2-D metric and connection: entries are undefined functions g_ij(x, y), Γ_ij,k(x, y)
  (SymPy ``Function``), so one identity covers every smooth metric and connection in 2-D;
* a *concrete* polynomial metric and torsion-free connection with seeded integer coefficients,
  where a statement fails: the failing entry is a number or polynomial one can read;
* four exponential families in natural parameters θ, with D = KL(p_θ ‖ p_θ′) in closed form
  (the Bregman divergence of the log-partition A): Bernoulli (logit), Poisson (log-rate), normal
  (θ₁ = μ/σ², θ₂ = −1/(2σ²) < 0) and the 3-class categorical (θ_i = s_i − s_3, whose Fisher metric
  is not diagonal). Their expressions are rational in e^{θ_i} (or in θ, log(−θ₂)), so
  :func:`geomath.symbolic.information.is_zero` decides each identity exactly.

Index conventions are those of :mod:`geomath.symbolic.conjugate`: first-kind arrays
``F[k, i, j] = Γ_{ij,k} = g(∇_{∂_i}∂_j, ∂_k)``.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
import sympy as sp

from geomath.symbolic import christoffel_first_kind
from geomath.symbolic.conjugate import (
    alpha_connection,
    compatibility_residual,
    conjugacy_defect,
    conjugate_connection,
    divergence_connections,
    divergence_metric,
    metric_covariant_derivative,
    printed_divergence_christoffel,
    torsion,
)
from geomath.symbolic.information import ExponentialFamily, bernoulli, is_zero, poisson, tidy
from verification.claims._common import lecture_source as _src
from verification.evidence import fact, symbolic_identity
from verification.model import Claim, Evidence, Finding, SEEDS

LECTURE = SEEDS["L"]
X, Y = sp.symbols("x y", real=True)
COORDS = (X, Y)
ALPHA = sp.Symbol("alpha", real=True)
ZERO = lambda e: sp.S.Zero if is_zero(e) else e  # noqa: E731  (the exact decision of the module docstring)


def _flat(a) -> list[sp.Expr]:
    return list(sp.flatten(a.tolist())) if isinstance(a, sp.NDimArray) else list(a)


def _nonzero(a) -> list[sp.Expr]:
    return [tidy(e) for e in (ZERO(x) for x in _flat(a)) if e != 0]


# -- test objects -------------------------------------------------------------------------------

def _generic_metric() -> sp.ImmutableMatrix:
    g11, g12, g22 = (sp.Function(f"g{ij}")(*COORDS) for ij in ("11", "12", "22"))
    return sp.ImmutableMatrix([[g11, g12], [g12, g22]])


def _generic_connection(name: str, torsion_free: bool) -> sp.ImmutableDenseNDimArray:
    """Γ_{ij,k} as undefined functions; with ``torsion_free`` Γ_{ij,k} = Γ_{ji,k}."""
    def entry(k, i, j):
        a, b = (min(i, j), max(i, j)) if torsion_free else (i, j)
        return sp.Function(f"{name}{a + 1}{b + 1}_{k + 1}")(*COORDS)
    return sp.ImmutableDenseNDimArray([[[entry(k, i, j) for j in range(2)] for i in range(2)] for k in range(2)])


def _generic_fields() -> tuple[list, list, list]:
    return tuple([sp.Function(f"{v}{i + 1}")(*COORDS) for i in range(2)] for v in "XYZ")


def _concrete(ctx) -> tuple[sp.ImmutableMatrix, sp.ImmutableDenseNDimArray]:
    """A positive-definite polynomial metric and a torsion-free polynomial connection with
    seeded small integer coefficients (near the origin g ≈ diag(2, 3))."""
    rng = ctx.rng("concrete")
    c = lambda: sp.Integer(rng.choice([-3, -2, -1, 1, 2, 3]))  # noqa: E731
    off = c() * X * Y
    g = sp.ImmutableMatrix([[2 + X**2 + c() * X * Y, off], [off, 3 + Y**2 + c() * X]])
    table = {}
    for k in range(2):
        for i in range(2):
            for j in range(i, 2):
                table[(k, i, j)] = table[(k, j, i)] = c() * X + c() * Y**2 + c() * X * Y
    F = sp.ImmutableDenseNDimArray([[[table[(k, i, j)] for j in range(2)] for i in range(2)] for k in range(2)])
    return g, F


@dataclass(frozen=True)
class KLFamily:
    name: str
    theta: tuple[sp.Symbol, ...]
    theta_prime: tuple[sp.Symbol, ...]
    family: ExponentialFamily

    @property
    def D(self) -> sp.Expr:
        """KL(p_θ ‖ p_θ′)."""
        return self.family.kl(self.theta, self.theta_prime)

    @property
    def D_reversed(self) -> sp.Expr:
        """KL(p_θ′ ‖ p_θ)."""
        return self.family.kl(self.theta_prime, self.theta)

    @property
    def skewness(self) -> sp.ImmutableDenseNDimArray:
        """T_ijk = ∂_i∂_j∂_k A (= E[∂_i l ∂_j l ∂_k l] for an exponential family), as [k, i, j]."""
        A, th = self.family.log_partition, self.theta
        n = len(th)
        return sp.ImmutableDenseNDimArray(
            [[[sp.diff(A, th[i], th[j], th[k]) for j in range(n)] for i in range(n)] for k in range(n)])


def _primed(params) -> tuple[sp.Symbol, ...]:
    return tuple(sp.Symbol(f"{p.name}'", **p.assumptions0) for p in params)


@lru_cache(maxsize=None)
def _families() -> tuple[KLFamily, ...]:
    out = []
    for fam in (bernoulli(), poisson()):
        ef = fam.exponential_family
        out.append(KLFamily(fam.name, ef.params, _primed(ef.params), ef))
    t1 = sp.Symbol("theta_1", real=True)
    t2 = sp.Symbol("theta_2", negative=True)
    x = sp.Symbol("x", real=True)
    normal = ExponentialFamily([x, x**2], -t1**2 / (4 * t2) - sp.log(-2 * t2) / 2, [t1, t2])
    out.append(KLFamily("normal (θ₁ = μ/σ², θ₂ = −1/(2σ²))", (t1, t2), _primed((t1, t2)), normal))
    s1, s2 = sp.symbols("theta_1 theta_2", real=True)
    y1, y2 = sp.symbols("y_1 y_2")
    cat = ExponentialFamily([y1, y2], sp.log(1 + sp.exp(s1) + sp.exp(s2)), [s1, s2])
    out.append(KLFamily("categorical C = 3 (θ_i = s_i − s_3)", (s1, s2), _primed((s1, s2)), cat))
    return tuple(out)


def _categorical() -> KLFamily:
    return _families()[-1]


def _identity(lhs, rhs, compared: str, role: str = "statement", details: dict | None = None) -> Evidence:
    return symbolic_identity(lhs, rhs, compared, role=role, simplifier=ZERO, details=details)


def _zero_array(n: int):
    return sp.ImmutableDenseNDimArray.zeros(n, n, n)


# -- conjugate-definition -----------------------------------------------------------------------

def _definition_in_coordinates(ctx) -> list[Evidence]:
    """X g(Y,Z) − g(∇_X Y, Z) − g(Y, ∇*_X Z) = X^i Y^j Z^k (∂_i g_jk − Γ_ij,k − Γ*_ik,j) for a
    generic metric, two generic connections (with torsion) and generic vector fields."""
    g = _generic_metric()
    F, Fs = _generic_connection("G", False), _generic_connection("H", False)
    Xf, Yf, Zf = _generic_fields()
    defect = conjugacy_defect(g, F, Fs, COORDS, Xf, Yf, Zf)
    R = compatibility_residual(g, F, Fs, COORDS)
    coordinate = sum(Xf[i] * Yf[j] * Zf[k] * R[i, j, k] for i in range(2) for j in range(2) for k in range(2))
    return [_identity(defect, coordinate,
                      "the definition X g(Y,Z) = g(∇_X Y, Z) + g(Y, ∇*_X Z) equals X^i Y^j Z^k (∂_i g_jk − Γ_ij,k − "
                      "Γ*_ik,j) for a generic 2-D metric, generic connections and generic fields: the coordinate "
                      "form ∂_i g_jk = Γ_ij,k + Γ*_ik,j is equivalent to the definition")]


def _definition_satisfiable(ctx) -> list[Evidence]:
    """The KL pair on the 3-class categorical family satisfies the definition as printed: both
    torsion-free and X g(Y,Z) = g(∇_X Y, Z) + g(Y, ∇*_X Z) for generic fields."""
    fam = _categorical()
    g = divergence_metric(fam.D, fam.theta, fam.theta_prime)
    F, Fs = divergence_connections(fam.D, fam.theta, fam.theta_prime)
    fields = [[sp.Function(f"{v}{i + 1}")(*fam.theta) for i in range(2)] for v in "XYZ"]
    defect = conjugacy_defect(g, F, Fs, fam.theta, *fields)
    zero = _zero_array(2)
    return [
        _identity(defect, 0, f"{fam.name}, D = KL: X g(Y,Z) − g(∇_X Y, Z) − g(Y, ∇*_X Z) = 0 for generic fields"),
        _identity(torsion(F), zero, f"{fam.name}, D = KL: ∇ is torsion-free"),
        _identity(torsion(Fs), zero, f"{fam.name}, D = KL: ∇* is torsion-free"),
    ]


def _definition_vs_existence(ctx) -> list[Evidence]:
    """Remark: with torsion-freeness in the definition, a generic torsion-free ∇ has no conjugate
    (its unique dual has torsion). That bears on the next sentence's existence claim, not on this
    definition (which cannot be false), so it decides nothing here."""
    g, F = _concrete(ctx)
    Fs = conjugate_connection(g, F, COORDS)
    left = _nonzero(torsion(Fs))
    return [fact(not left, "the unique dual ∇* of a torsion-free ∇ on a polynomial metric is torsion-free (so the "
                 "definition, which requires it, is consistent with 'given ∇ there exists a unique conjugate')",
                 role="remark", details={"g": sp.latex(g), "torsion of ∇* (first entry)": sp.latex(left[0]) if left else "0",
                                         "non-zero torsion entries": len(left)})]


# -- conjugate-existence-uniqueness ---------------------------------------------------------------

def _unique_solution(g, F) -> tuple[bool, sp.ImmutableDenseNDimArray | None, int]:
    """Solve ∂_i g_jk = Γ_ij,k + Γ*_ik,j for the 8 unknowns Γ*_ik,j (linear, with sp.linsolve)."""
    n = 2
    unknowns = sp.symbols(f"u0:{n ** 3}")
    U = sp.ImmutableDenseNDimArray(list(unknowns), (n, n, n))
    eqs = _flat(compatibility_residual(g, F, U, COORDS))
    solutions = sp.linsolve(eqs, unknowns)
    if len(solutions) != 1:
        return False, None, len(solutions)
    (sol,) = solutions
    free = set().union(*(s.free_symbols for s in sol)) & set(unknowns)
    return not free, sp.ImmutableDenseNDimArray(list(sol), (n, n, n)), len(free)


def _existence_as_printed(ctx) -> list[Evidence]:
    """Uniqueness as printed (statement); torsion-freeness of the unique solution for an arbitrary
    torsion-free ∇ is a caveat: the slide reads as the theorem on a statistical manifold, with the
    Codazzi condition (∇g totally symmetric) left unstated."""
    g, F = _concrete(ctx)
    unique, U, free = _unique_solution(g, F)
    left = _nonzero(torsion(U)) if U is not None else ["no solution"]
    return [
        fact(unique, "the compatibility equations ∂_i g_jk = Γ_ij,k + Γ*_ik,j have exactly one solution Γ* "
             "(8 linear equations in 8 unknowns, sp.linsolve)", details={"free unknowns": free}),
        fact(not left, "that unique solution is torsion-free, i.e. a conjugate connection in the sense of the "
             "slide's definition, for a torsion-free polynomial ∇ on a polynomial metric", role="caveat",
             details={"g": sp.latex(g), "Γ (first kind, [k][i][j])": sp.latex(F),
                      "torsion Γ*_ij,k − Γ*_ji,k (first non-zero)": sp.latex(left[0]) if left else "0"}),
    ]


def _existence_corrected(ctx) -> list[Evidence]:
    """Corrected: a unique dual exists; its torsion is (∇_i g)_jk − (∇_k g)_ij, so it is
    torsion-free iff ∇g is totally symmetric — as for every divergence-induced pair."""
    g = _generic_metric()
    F = _generic_connection("G", True)
    Fs = conjugate_connection(g, F, COORDS)
    C = metric_covariant_derivative(g, F, COORDS)
    # torsion(Fs)[j, i, k] = Γ*_ik,j − Γ*_ki,j must equal (∇_i g)_jk − (∇_k g)_ji
    predicted = sp.ImmutableDenseNDimArray(
        [[[C[i, j, k] - C[k, j, i] for k in range(2)] for i in range(2)] for j in range(2)])
    out = [
        _identity(compatibility_residual(g, F, Fs, COORDS), _zero_array(2),
                  "generic metric, generic torsion-free ∇: Γ*_ik,j = ∂_i g_jk − Γ_ij,k satisfies the compatibility "
                  "equation (existence) — and it is the only solution (uniqueness: see the statement evidence)",
                  role="correction"),
        _identity(torsion(Fs), predicted,
                  "generic metric, generic torsion-free ∇: the torsion of ∇* is T*_ik,j = (∇_i g)_jk − (∇_k g)_ij, "
                  "so ∇* is torsion-free iff ∇g is totally symmetric", role="correction"),
    ]
    for fam in _families():
        g2 = divergence_metric(fam.D, fam.theta, fam.theta_prime)
        F2, _ = divergence_connections(fam.D, fam.theta, fam.theta_prime)
        out.append(_identity(torsion(conjugate_connection(g2, F2, fam.theta)), _zero_array(len(fam.theta)),
                             f"{fam.name}: the dual of the KL connection ∇ is torsion-free (∇g totally symmetric)",
                             role="correction"))
    return out


# -- levi-civita-self-conjugate -------------------------------------------------------------------

def _levi_civita_self_conjugate(ctx) -> list[Evidence]:
    g = _generic_metric()
    lc = christoffel_first_kind(g, COORDS)
    fields = _generic_fields()
    return [
        _identity(compatibility_residual(g, lc, lc, COORDS), _zero_array(2),
                  "generic 2-D metric: ∂_i g_jk = Γ^LC_ij,k + Γ^LC_ik,j (Γ = Γ* = Levi-Civita)"),
        _identity(conjugate_connection(g, lc, COORDS), lc,
                  "generic 2-D metric: the unique dual of the Levi-Civita connection is itself"),
        _identity(conjugacy_defect(g, lc, lc, COORDS, *fields), 0,
                  "generic 2-D metric and generic fields: X g(Y,Z) = g(∇^LC_X Y, Z) + g(Y, ∇^LC_X Z)"),
    ]


# -- divergence-christoffel-formula ---------------------------------------------------------------

def _lowered(g: sp.MatrixBase, second) -> sp.ImmutableDenseNDimArray:
    """Γ_{jk,l} = g_{li} Γ^i_{jk}, from a second-kind array [i, j, k]."""
    n = g.shape[0]
    return sp.ImmutableDenseNDimArray([[[sum(g[l, i] * second[i, j, k] for i in range(n)) for k in range(n)]
                                        for j in range(n)] for l in range(n)])


def _printed_formula(ctx) -> list[Evidence]:
    """The printed Γ^i_jk = −g^{ih} ∂_jk ∂′_i D (h summed over g^{ih} alone) and its dual, on the
    3-class categorical family with D = KL: is the pair conjugate? Read literally it is not — an
    index slip the well-formed (Eguchi) formula corrects, so that evidence is a caveat."""
    fam = _categorical()
    g = divergence_metric(fam.D, fam.theta, fam.theta_prime)
    ginv = g.inv()
    P = _lowered(g, printed_divergence_christoffel(fam.D, fam.theta, fam.theta_prime, ginv))
    Ps = _lowered(g, printed_divergence_christoffel(fam.D, fam.theta, fam.theta_prime, ginv, dual=True))
    left = _nonzero(compatibility_residual(g, P, Ps, fam.theta))
    return [
        _identity(g, fam.family.fisher(), f"{fam.name}: −∂_i∂′_j KL(p_θ‖p_θ′)|θ′=θ equals the Fisher metric ∇²A"),
        fact(not left, f"{fam.name}: the printed formulas read literally (Σ_h g^ih times ∂_jk∂′_i D) give a conjugate "
             "pair, ∂_i g_jk = Γ_ij,k + Γ*_ik,j", kind="symbolic", role="caveat",
             details={"non-zero entries of the compatibility residual": len(left),
                      "first": sp.latex(left[0]) if left else "0"}),
    ]


def _eguchi_pair(fam: KLFamily, D: sp.Expr):
    g = divergence_metric(D, fam.theta, fam.theta_prime)
    F, Fs = divergence_connections(D, fam.theta, fam.theta_prime)
    return g, F, Fs


def _well_formed_formula(ctx) -> list[Evidence]:
    out = []
    for fam in _families():
        n = len(fam.theta)
        zero = _zero_array(n)
        T = fam.skewness
        g, F, Fs = _eguchi_pair(fam, fam.D)
        lc = christoffel_first_kind(g, fam.theta)
        out += [
            _identity(g, fam.family.fisher(), f"{fam.name}: −∂_i∂′_j KL(p_θ‖p_θ′) = Fisher metric ∇²A", role="correction"),
            _identity(compatibility_residual(g, F, Fs, fam.theta), zero,
                      f"{fam.name}: Γ_ij,k = −∂_i∂_j∂′_k D, Γ*_ij,k = −∂′_i∂′_j∂_k D are conjugate", role="correction"),
            _identity([torsion(F), torsion(Fs)], [zero, zero], f"{fam.name}: both are torsion-free", role="correction"),
            _identity([F, Fs], [T, zero], f"{fam.name}: ∇ = mixture connection (Γ = ∂³A, Amari α = −1), "
                      "∇* = exponential connection (Γ* = 0 in natural parameters, α = +1)", role="correction"),
            _identity(alpha_connection(F, Fs, 0), lc, f"{fam.name}: (∇ + ∇*)/2 is the Levi-Civita connection of "
                      "the Fisher metric", role="correction"),
        ]
        g_r, F_r, Fs_r = _eguchi_pair(fam, fam.D_reversed)
        out.append(_identity([g_r, F_r, Fs_r], [g, zero, T], f"{fam.name}: D = KL(p_θ′‖p_θ) swaps the pair "
                             "(∇ = e-connection, ∇* = m-connection), same metric", role="correction"))
        g_s, F_s, Fs_s = _eguchi_pair(fam, (fam.D + fam.D_reversed) / 2)
        out.append(_identity([g_s, F_s, Fs_s], [g, lc, lc], f"{fam.name}: the symmetrised KL gives ∇ = ∇* = "
                             "Levi-Civita (self-conjugate)", role="correction"))
    return out


def _one_dimensional_readings_agree(ctx) -> list[Evidence]:
    """In one dimension Σ_h g^{ih} = g^{-1}: the printed and the well-formed readings coincide —
    the slip shows only from dimension 2 on."""
    out = []
    for fam in _families()[:2]:
        g, F, Fs = _eguchi_pair(fam, fam.D)
        P = _lowered(g, printed_divergence_christoffel(fam.D, fam.theta, fam.theta_prime, g.inv()))
        out.append(_identity(P, F, f"{fam.name} (1-D): the printed reading equals the well-formed one",
                             role="correction"))
    return out


# -- conjugate-interpolation-family ---------------------------------------------------------------

def _interpolation_conjugate(ctx) -> list[Evidence]:
    g = _generic_metric()
    F = _generic_connection("G", True)
    Fs = conjugate_connection(g, F, COORDS)
    a_plus, a_minus = alpha_connection(F, Fs, ALPHA), alpha_connection(F, Fs, -ALPHA)
    out = [_identity(compatibility_residual(g, a_plus, a_minus, COORDS), _zero_array(2),
                     "generic metric, generic ∇ and its dual: ∇^(α) and ∇^(−α) are conjugate for every α (symbolic α)")]
    for fam in _families():
        gf, Ff, Fsf = _eguchi_pair(fam, fam.D)
        zero = _zero_array(len(fam.theta))
        ap, am = alpha_connection(Ff, Fsf, ALPHA), alpha_connection(Ff, Fsf, -ALPHA)
        lc = christoffel_first_kind(gf, fam.theta)
        amari = lambda a: lc - a / 2 * fam.skewness  # noqa: E731  Γ^(α) = Γ^LC − (α/2) T (Amari)
        out += [
            _identity([compatibility_residual(gf, ap, am, fam.theta), torsion(ap)], [zero, zero],
                      f"{fam.name}, D = KL: ∇^(α), ∇^(−α) conjugate and torsion-free for every α"),
            _identity(ap, amari(-ALPHA), f"{fam.name}: ((1+α)/2)∇ + ((1−α)/2)∇* of the KL pair is Amari's "
                      "(−α)-connection Γ^LC + (α/2)T (the labels run opposite: ∇ here is the m-connection)"),
        ]
    return out


def _interpolation_torsion(ctx) -> list[Evidence]:
    """Remark: starting from a torsion-free ∇ whose dual has torsion, ∇^(α) has torsion
    ((1−α)/2)T* — conjugate by the equation, not in the slide's torsion-free sense. The slide
    interpolates the divergence-induced pair, so an arbitrary ∇ is outside its regime."""
    g, F = _concrete(ctx)
    Fs = conjugate_connection(g, F, COORDS)
    expected = sp.ImmutableDenseNDimArray([(1 - ALPHA) / 2 * e for e in _flat(torsion(Fs))], (2, 2, 2))
    left = _nonzero(torsion(alpha_connection(F, Fs, ALPHA)))
    return [
        _identity(torsion(alpha_connection(F, Fs, ALPHA)), expected,
                  "torsion of ∇^(α) = ((1−α)/2) · torsion of ∇* (polynomial metric, torsion-free ∇)"),
        fact(not left, "every member ∇^(α) of the family built from an arbitrary torsion-free ∇ is torsion-free "
             "(as the slide's definition of conjugate requires)", role="remark",
             details={"first non-zero torsion entry": sp.latex(left[0]) if left else "0"}),
    ]


# -- the claims ---------------------------------------------------------------------------------

_GENERIC = ("2-D metrics and connections with generic smooth entries (undefined functions) or seeded polynomial "
            "entries; exponential families in natural parameters with D = KL in closed form",)

CLAIMS = [
    Claim(
        id="conjugate-definition",
        reading=(
            r"*Two connections are said conjugate if their covariant derivatives  $\nabla, \nabla^*$  "
            "are torsion-free and satisfy*"
        ),
        rationale=(
            "A definition (the Lauritzen/Amari dualistic-structure definition requiring both "
            "connections torsion-free) cannot be false; checks 1-4 confirm its coordinate form and "
            "that the KL pair satisfies it. Check 5 (the dual of an arbitrary torsion-free ∇ need not"
            " be torsion-free) concerns the next sentence's existence claim, not this definition, so "
            "it is a remark here (close call: it shows the definition is stricter than the usual "
            "dual-connection definition)."
        ),
        source=_src('"Appendix: Detour on conjugate connections", slide "Conjugate connections" (definition)'),
        statement=r"\nabla, \nabla^* \text{ conjugate} :\iff \text{both torsion-free and } Xg(Y,Z) = "
                  r"g(\nabla_X Y, Z) + g(Y, \nabla^*_X Z)\ \forall X,Y,Z \in \mathfrak{X}(M)",
        hypotheses=_GENERIC,
        expected_verdict="verified",
        checks=(_definition_in_coordinates, _definition_satisfiable, _definition_vs_existence),
        remark="The torsion-free requirement is stricter than the literature's definition of dual connections "
               "(Amari–Nagaoka, Methods of Information Geometry §3.1; Nielsen 2020, Entropy 22:1100 §3.4: the "
               "equation alone; torsion-freeness is what makes (M, g, ∇, ∇*) a statistical manifold). With it, the "
               "slide's next sentence fails: the dual of a generic torsion-free ∇ has torsion (see "
               "conjugate-existence-uniqueness).",
        kinds=("SYM-FIX",),
        notes="Coordinate form: ∂_i g_jk = Γ_ij,k + Γ*_ik,j with Γ_ij,k = g(∇_∂i ∂_j, ∂_k), shown equivalent to the "
              "printed equation for generic fields.",
    ),
    Claim(
        id="conjugate-existence-uniqueness",
        reading=r"Given a connection  $\nabla$  on  $(M, g)$ , there exists a unique conjugate connection.",
        rationale=(
            "The dual connection exists and is unique for any ∇ (checks 1, 3), and on the statistical"
            " manifolds the slides use (divergence/KL connections, checks 5-8) it is torsion-free, so"
            " it is conjugate in the slide's sense; but under the slide's own definition (both "
            "torsion-free) existence needs ∇ torsion-free with ∇g totally symmetric (check 4), and "
            "fails for a generic torsion-free ∇ (check 2). Close call between caveat and erratum: "
            "read as the standard existence/uniqueness theorem on a statistical manifold with an "
            "unstated Codazzi assumption, not a false result."
        ),
        finding=Finding(
            printed=(
                "Given a connection ∇ on (M, g), there exists a unique conjugate connection (conjugate = "
                "both torsion-free and Xg(Y,Z) = g(∇_X Y, Z) + g(Y, ∇*_X Z))."
            ),
            corrected=(
                "With the slide's definition (both connections torsion-free) a conjugate exists only if ∇"
                " is torsion-free and ∇g is totally symmetric (a statistical connection); for an "
                "arbitrary ∇ only the torsion-free requirement on ∇* must be dropped."
            ),
        ),
        depends_on=("conjugate-definition",),
        source=_src('"Appendix: Detour on conjugate connections", slide "Conjugate connections"'),
        statement=r"\text{Given a connection } \nabla \text{ on } (M,g) \text{ there exists a unique conjugate connection } \nabla^*",
        hypotheses=_GENERIC + ("'conjugate' as defined on the same slide (both torsion-free)",),
        expected_verdict="verified-with-caveat",
        caveat=(
            "With the slide's definition (both connections torsion-free) a conjugate exists only if ∇"
            " is torsion-free and ∇g is totally symmetric (a statistical connection); for an "
            "arbitrary ∇ only the torsion-free requirement on ∇* must be dropped."
        ),
        checks=(_existence_as_printed, _existence_corrected),
        correction=r"\text{Given } \nabla \text{ there is a unique } \nabla^* \text{ with } Xg(Y,Z) = g(\nabla_XY,Z) + "
                   r"g(Y,\nabla^*_XZ):\ \Gamma^*_{ik,j} = \partial_i g_{jk} - \Gamma_{ij,k}. \text{ For torsion-free } "
                   r"\nabla \text{ its torsion is } T^*_{ik,j} = (\nabla_i g)_{jk} - (\nabla_k g)_{ij}\text{, so } \nabla^* "
                   r"\text{ is torsion-free (conjugate in the slide's sense) iff } \nabla g \text{ is totally symmetric}",
        kinds=("SYM-FIX",),
    ),
    Claim(
        id="levi-civita-self-conjugate",
        reading="The Levi-Civita connection is self-conjugate.",
        rationale=(
            "All three facts hold: metric compatibility of the Levi-Civita connection gives ∂_i g_jk "
            "= Γ_ij,k + Γ_ik,j, so it is its own (torsion-free) dual."
        ),
        depends_on=("conjugate-definition",),
        source=_src('"Appendix: Detour on conjugate connections", slide "Conjugate connections"'),
        statement=r"\text{The Levi-Civita connection is self-conjugate: } Xg(Y,Z) = g(\nabla^{LC}_XY,Z) + g(Y,\nabla^{LC}_XZ)",
        hypotheses=_GENERIC,
        expected_verdict="verified",
        checks=(_levi_civita_self_conjugate,),
        kinds=("SYM-FIX",),
    ),
    Claim(
        id="divergence-christoffel-formula",
        reading=(
            r"$$\Gamma_{jk}^i = -g^{ih} \partial_{jk} \partial'_i D(\theta, \theta') "
            r"\Big|_{\theta=\theta'}$$"
        ),
        rationale=(
            "Read with the contracted index fixed (Γ^i_jk = −g^{ih}∂_j∂_k∂'_h D, Γ^{i*}_jk = "
            "−g^{ih}∂'_j∂'_k∂_h D, g_ij = −∂_i∂'_j D) the formulas give a torsion-free conjugate pair"
            " for every exponential family tested (checks 1, 3-5, 10-12, 17-19, 24-26), and agree "
            "with the printed form in 1-D (31, 32). As printed the index i appears three times and h "
            "only once; read literally it fails (check 2) — an index typo the well-formed standard "
            "(Eguchi) formula corrects, so a caveat."
        ),
        finding=Finding(
            printed="Γⁱ_jk = −g^{ih} ∂_jk ∂′_i D(θ,θ′)|θ=θ′,  Γⁱ*_jk = −g^{ih} ∂*_jk ∂_i D(θ,θ′)|θ=θ′",
            corrected=(
                "Index slip: the summed index in ∂'_i D (and ∂_i D in the dual formula) should be h, i.e."
                " Γ^i_jk = −g^{ih}∂_j∂_k∂'_h D|θ=θ'; as printed i occurs three times and h is not "
                "contracted."
            ),
        ),
        source=_src('"Appendix: Detour on conjugate connections", slide "Conjugate connections and divergence"'),
        statement=r"\Gamma^i_{jk} = -g^{ih}\,\partial_{jk}\partial'_i D(\theta,\theta')\big|_{\theta=\theta'},\quad "
                  r"\Gamma^{i*}_{jk} = -g^{ih}\,\partial^*_{jk}\partial_i D(\theta,\theta')\big|_{\theta=\theta'}",
        hypotheses=_GENERIC + ("∂ acts on θ, ∂′ and ∂* on θ′; g_ij = −∂_i∂′_j D|θ′=θ",),
        expected_verdict="verified-with-caveat",
        caveat=(
            "Index slip: the summed index in ∂'_i D (and ∂_i D in the dual formula) should be h, i.e."
            " Γ^i_jk = −g^{ih}∂_j∂_k∂'_h D|θ=θ'; as printed i occurs three times and h is not "
            "contracted."
        ),
        checks=(_printed_formula, _well_formed_formula, _one_dimensional_readings_agree),
        correction=r"\Gamma^i_{jk} = -g^{ih}\,\partial_j\partial_k\partial'_h D\big|_{\theta'=\theta},\quad "
                   r"\Gamma^{*i}_{jk} = -g^{ih}\,\partial'_j\partial'_k\partial_h D\big|_{\theta'=\theta}"
                   r"\ \text{(Eguchi); for } D = \mathrm{KL}(p_\theta\|p_{\theta'}) \text{ on an exponential family: } "
                   r"\nabla = \nabla^{(m)},\ \nabla^* = \nabla^{(e)},\ (\nabla+\nabla^*)/2 = \nabla^{LC}",
        kinds=("SYM-FIX",),
        notes="As printed, the summed index h appears only on g^{ih} while the free index i appears twice: read "
              "literally it multiplies by the row sum Σ_h g^{ih}. In one dimension that is g^{-1} and the formula is "
              "right; from dimension 2 on (categorical C = 3, normal) the pair is not conjugate.",
    ),
    Claim(
        id="conjugate-interpolation-family",
        reading="By interpolation we actually produce a family of pairs of conjugate connections.",
        rationale=(
            "In context the interpolation is of the divergence-induced pair, and for it ∇^(α), ∇^(−α)"
            " are conjugate and torsion-free for every α (checks 1, 2, 4, 6, 8, with 10 showing the "
            "torsion vanishes exactly when ∇* is torsion-free). Check 11 (interpolating from an "
            "arbitrary torsion-free ∇ whose dual has torsion) is outside the slide's regime, and "
            "checks 3, 5, 7, 9 (identification with Amari's α-connections) are a stronger statement "
            "the slide does not make: remarks."
        ),
        depends_on=("divergence-christoffel-formula",),
        source=_src('"Appendix: Detour on conjugate connections", slide "Conjugate connections and divergence"'),
        statement=r"\nabla^{(\alpha)} = \tfrac{1+\alpha}{2}\nabla + \tfrac{1-\alpha}{2}\nabla^* \text{ and } "
                  r"\nabla^{(-\alpha)} \text{ are a pair of conjugate connections for every } \alpha",
        hypotheses=_GENERIC + ("the interpolation formula is not printed; it is the standard one (CLAIMS.md)",),
        expected_verdict="verified",
        checks=(_interpolation_conjugate, _interpolation_torsion),
        remark="The family is conjugate by the equation for any dual pair, but torsion-free (conjugate in the slide's "
               "sense) only when ∇* is: from a generic torsion-free ∇, ∇^(α) has torsion ((1−α)/2)T*. For the KL pair "
               "the labels run opposite to Amari's: this ∇^(α) is Amari's (−α)-connection.",
        kinds=("SYM-FIX",),
    ),
]
