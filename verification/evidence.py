"""Builders of :class:`~verification.model.Evidence` for the comparisons claims make most.

Each builder does the comparison itself, so a claim states *what* it compares and the builder
decides pass/fail from the computed residual; nothing is declared passed by hand.

A check that cannot fail is a defect, so two builders also record how vacuous their comparison
may be (``tests/test_evidence_independence.py`` checks every registered claim's evidence):

* :func:`symbolic_identity` records ``details[SAME_OBJECT]``, True when one container (list, tuple,
  matrix, array) was passed as both sides (the comparison cannot fail: a defect; a SymPy scalar is
  not counted, since SymPy's cache hands two independent constructions of one expression the same
  object, e.g. d/dt ∫a''b dt and d/dt(a'b − ∫a'b' dt)), and ``details[IDENTICAL_SIDES]``, True when
  the sides are equal entry by entry as expression trees before any simplification (same object
  included), i.e. the simplifier had nothing to do. The second is recorded, not refused: SymPy
  builds every expression in a canonical form, so two independent routes that agree often arrive
  at the same tree (Γ of a constant metric and 0; a Taylor polynomial of the exact inverse and
  I − ℰD), and a helper compared with its own definition does too; which one it is depends on how
  the sides were computed, which the builder cannot see (the claim's ``compared`` text says it).
  A genuine identity such as (x + 1)² = x² + 2x + 1 has neither flag.
* :func:`printed_value` records ``details[PRINTED_AT_PLACE]``: whether the printed text occurs as a
  number at the place it names in its source document (:func:`verification.sources.printed_at`),
  so a printed value typed in by hand, or made from the recomputed value, that the document does
  not print there shows (False: a defect); None where the place cannot be found in the document.

:func:`numeric_close` records neither: Python shares small ints and a code object's float
constants, so ``computed is reference`` holds for independent values (``0 is 0``).
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable

import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.printing.latex import LatexPrinter

from verification.model import Evidence
from verification.sources import printed_at

class _CurveLatex(LatexPrinter):
    """LaTeX that writes functions along a curve x(t) as the mathematics does: x(t) as x, d/dt x(t)
    as ẋ, f(x(t), y(t)) as f, and ∂²f/∂x(t)² as ∂_x² f (SymPy writes d²/dx(t)² f(x(t), y(t)))."""

    @staticmethod
    def _on_curve(e: Any) -> bool:
        return isinstance(e, AppliedUndef) and len(e.args) == 1 and e.args[0].is_Symbol

    def _name(self, e: Any) -> str:
        return self._print(sp.Symbol(e.func.__name__))

    def _print_Function(self, e: Any, exp: Any = None) -> str:
        if isinstance(e, AppliedUndef) and (self._on_curve(e) or (e.args and all(self._on_curve(a) for a in e.args))):
            name = self._name(e)
            return name if exp is None else f"{name}^{{{exp}}}"
        return super()._print_Function(e, exp)

    def _print_Derivative(self, e: Any) -> str:
        f = e.expr
        if self._on_curve(f) and all(v == f.args[0] for v, _ in e.variable_count):
            n = sum(c for _, c in e.variable_count)
            return {1: r"\dot{%s}", 2: r"\ddot{%s}"}.get(n, "%s^{(" + str(n) + ")}") % self._name(f)
        if all(self._on_curve(v) for v, _ in e.variable_count):
            parts = "".join(rf"\partial_{{{self._name(v)}}}" + (f"^{{{c}}}" if c > 1 else "") for v, c in e.variable_count)
            return f"{parts} {self._print(f)}"
        return super()._print_Derivative(e)


def latex(expr: Any) -> str:
    """The LaTeX of a SymPy expression for the report: as :func:`sympy.latex`, except that functions
    along a curve read as in the source documents (ẋ, ∂_x f) rather than as SymPy's raw notation."""
    return _CurveLatex().doprint(expr)


SAME_OBJECT = "both sides the same object"
IDENTICAL_SIDES = "sides identical before simplification"
PRINTED_AT_PLACE = "printed text found at its place"
_CONTAINERS = (list, tuple, sp.MatrixBase, sp.NDimArray)  # built anew each time, never shared by SymPy's cache


def _entries(expr: Any) -> list[sp.Expr]:
    if isinstance(expr, (sp.MatrixBase, sp.NDimArray)):
        return list(sp.flatten(expr.tolist())) if isinstance(expr, sp.NDimArray) else list(expr)
    if isinstance(expr, (list, tuple)):
        out: list[sp.Expr] = []
        for e in expr:
            out.extend(_entries(e))
        return out
    return [sp.sympify(expr)]


def _reduce_to_zero(e: sp.Expr, simplifier: Callable[[sp.Expr], sp.Expr]) -> sp.Expr:
    """expand first (cheap, decides polynomial identities), then the given simplifier."""
    r = sp.expand(e)
    if r == 0:
        return r
    return simplifier(r)


def symbolic_identity(
    lhs: Any,
    rhs: Any,
    compared: str,
    *,
    kind: str = "symbolic",
    role: str = "statement",
    simplifier: Callable[[sp.Expr], sp.Expr] = sp.simplify,
    details: dict | None = None,
    figures: tuple = (),
) -> Evidence:
    """Evidence that ``lhs - rhs`` is identically zero (entrywise for matrices and arrays).

    ``kind='symbolic-proof'`` when the identity is over symbolic sizes; ``'symbolic'`` at fixed
    sizes. The residual reported is the number of non-zero entries left after simplification,
    with the first of them shown in ``details``. ``details[SAME_OBJECT]`` records whether one container
    was passed as both sides (vacuous), ``details[IDENTICAL_SIDES]`` whether every entry is the same
    expression tree before simplification (see the module docstring).
    """
    left, right = _entries(lhs), _entries(rhs)
    if len(left) != len(right):
        raise ValueError(f"symbolic_identity: {len(left)} entries on the left, {len(right)} on the right")
    identical = lhs is rhs or all(a is b or a == b for a, b in zip(left, right))  # ``==``: structural, no simplification
    nonzero = []
    for a, b in zip(left, right):
        r = _reduce_to_zero(a - b, simplifier)
        if r != 0:
            nonzero.append(r)
    info = dict(details or {})
    info["entries compared"] = len(left)
    info[SAME_OBJECT] = lhs is rhs and isinstance(lhs, _CONTAINERS)
    info[IDENTICAL_SIDES] = bool(identical)
    if nonzero:
        info["first non-zero difference"] = latex(nonzero[0])
    return Evidence(
        kind=kind,
        compared=compared,
        passed=not nonzero,
        residual=len(nonzero),
        tolerance=0,
        tolerance_reason="exact symbolic identity: every entry of the difference must simplify to 0",
        role=role,
        details=info,
        figures=tuple(figures),
    )


def numeric_close(
    computed: float,
    reference: float,
    compared: str,
    *,
    tol: float,
    reason: str,
    kind: str = "numeric",
    role: str = "statement",
    details: dict | None = None,
    figures: tuple = (),
) -> Evidence:
    """Evidence that |computed - reference| <= tol (absolute residual reported); ``figures`` (see
    :mod:`verification.figures`) are drawn under the claim in the report."""
    residual = abs(float(computed) - float(reference))
    info = {"computed": float(computed), "reference": float(reference)}
    info.update(details or {})
    return Evidence(
        kind=kind,
        compared=compared,
        passed=bool(residual <= tol),
        residual=residual,
        tolerance=tol,
        tolerance_reason=reason,
        role=role,
        details=info,
        figures=tuple(figures),
    )


def fact(
    holds: bool,
    compared: str,
    *,
    kind: str = "symbolic",
    role: str = "statement",
    details: dict | None = None,
    reason: str = "exact comparison (yes/no)",
    figures: tuple = (),
) -> Evidence:
    """Evidence for a computed yes/no fact (a sign, a rank, a balance of brackets)."""
    return Evidence(
        kind=kind,
        compared=compared,
        passed=bool(holds),
        residual=None,
        tolerance=None,
        tolerance_reason=reason,
        role=role,
        details=dict(details or {}),
        figures=tuple(figures),
    )


def proof_evidence(
    proof: Any,
    compared: str,
    *,
    role: str = "statement",
    details: dict | None = None,
    reason: str = "every step of the proof is checked by SymPy: its residual must expand to 0",
) -> Evidence:
    """Evidence for a :class:`geomath.symbolic.proof.Proof`: it holds when every step's residual
    vanishes; the proof in LaTeX and its failing steps go into ``details``."""
    info = {
        "proof": proof.latex(),
        "steps": len(proof.steps),
        "failing steps": [s.latex() for s in proof.failing_steps()],
    }
    info.update(details or {})
    return fact(proof.holds, compared, kind="symbolic-proof", role=role, details=info, reason=reason)


def printed_decimals(printed: str) -> int:
    """Decimals of a printed number ("0.34" → 2, "6" → 0, "-0" → 0, "93.79%" → 2)."""
    text = printed.strip().rstrip("%").replace("−", "-")
    try:
        float(text)
    except ValueError:
        raise ValueError(f"printed_decimals: {printed!r} is not a printed decimal number") from None
    return len(text.split(".", 1)[1]) if "." in text else 0


def printed_value(
    printed: str,
    recomputed: float,
    compared: str,
    *,
    slide: str,
    document: str | None = None,
    role: str = "statement",
    kind: str = "arithmetic",
    rounding: bool = True,
    details: dict | None = None,
    figures: tuple = (),
) -> Evidence:
    """Evidence that a number printed in a source document agrees with its recomputation.

    ``printed`` is the text exactly as printed ("0.34", "6", "−0", "8048"); ``slide`` names
    where it is printed (for the lecture: the slide title). With ``rounding`` the printed text
    is read as a rounding of the true value: every value within half a unit of its last digit
    is consistent with it (the tolerance is that half unit, plus 1e-9 of it for float
    representation). Without ``rounding`` the printed value must be exact (integers, counts).

    ``document`` is the seed file name of the source; left out, it is the lecture when ``slide`` is
    a lecture slide title. ``details[PRINTED_AT_PLACE]`` records whether ``printed`` occurs as a
    number at ``slide`` of ``document`` (:func:`verification.sources.printed_at`; None where that
    place cannot be found), so a printed value must be the document's own text, not one typed in
    or made from the recomputation.

    The details carry ``printed``, ``recomputed`` and ``slide``: the report's "Errata found"
    table shows printed and recomputed side by side, and its index of printed numbers lists
    every ``printed`` by ``slide`` with the claim that checks it.
    """
    value = float(printed.strip().rstrip("%").replace("−", "-"))  # validated by printed_decimals
    k = printed_decimals(printed)
    half_unit = 0.5 * 10.0 ** (-k) if rounding else 0.0
    tol = half_unit * (1 + 1e-9) if rounding else 1e-9 * max(1.0, abs(value))
    reason = (f"printed to {k} decimal{'s' if k != 1 else ''}: any value within half a unit of the last printed "
              f"digit ({half_unit:g}) rounds to it" if rounding else
              "an exact printed value (count, total, integer): the recomputation must equal it")
    info = {"printed": printed, "recomputed": float(recomputed), "slide": slide,
            PRINTED_AT_PLACE: printed_at(document, slide, printed)}
    info.update(details or {})
    # the comparison is numeric_close's; the details name the printed text instead of computed/reference
    close = numeric_close(recomputed, value, compared, tol=tol, reason=reason, kind=kind, role=role, figures=figures)
    return replace(close, details=info)
