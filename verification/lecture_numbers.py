"""Every number printed in the lecture (“The Geometry of Deep Learning. Lecture 2: Deep Learning”), by slide, and which claim checks it.

:func:`printed_numbers` reads the committed copy of the lecture (:func:`verification.sources.lecture_slides`)
and returns one :class:`PrintedNumber` per number as printed: in prose, tables, LaTeX and code. The
reading rules:

* a number is a run of digits with at most one decimal part ("0.34", "1.0", "150528"); a minus sign
  ("-", "−") directly before the digits belongs to it when it follows a space, an opening bracket,
  ``=``, ``,``, ``;`` or the start of the line ("x = -2", "-0" in a table, "f becomes -12"), never
  when it joins two numbers: "150-200", "1998-2008" and "251–276" are ranges and give two numbers;
* a percent sign is kept ("80%", "0.76\\%" is read "0.76%"); ``\\pm`` separates two numbers;
* ``\\frac{a}{b}`` with integers a and b is one printed fraction "a/b" (the ½ of the KL expansion);
* LaTeX subscripts are indices, not printed values: ``W_3``, ``\\sum_{i=1}``, ``q_1``, ``p_n``,
  ``\\partial_{jk}``, ``s_{\\text{label}(x)}`` are removed before reading (superscripts stay: the 5 of
  e^5, the 32 of \\sum^{32} and the 3 of O(‖δw‖^3) are printed numbers);
* digits inside a name are part of the name: a digit run directly after a letter, or after a letter
  and a hyphen ("CIFAR10", "CIFAR-100", "CS231n", "MNIST"); digits followed by letters stay numbers
  ("20X magnification");
* circled digits (①, ②, ...) are read as printed (they are enumeration labels, see EXCLUDED);
* slide headings are read too ("1. Learning process", "Softmax and Cross Entropy Loss/1"), code
  blocks are read line by line (comments included), fences are not.

:data:`EXCLUDED` lists, slide by slide, the printed numbers that are not checkable quantities (dates,
course numbers, bibliographic data, enumeration labels), each with its reason; an entry names the
slide and the text and, where the same text is also a real number on that slide, the place
(``where``, with ``{}`` standing for the number). An excluded number never counts as checked.
:func:`coverage` matches the rest with the evidence
of claim results: an evidence item checks a printed number when its details carry ``"slide"`` (the
slide title) and ``"printed"`` (a string, or a list of strings) whose normalised text equals the
number's (see :func:`normalise`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable, Mapping

from verification.model import SEEDS
from verification.sources import lecture_slides

LECTURE = SEEDS["L"]

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"

# -- reading a line --------------------------------------------------------------------------------

_FRAC = re.compile(r"\\t?frac\{\s*([0-9]+)\s*\}\{\s*([0-9]+)\s*\}")
_NUMBER = re.compile(r"(?<![0-9.])([-−](?=[0-9]))?([0-9]+(?:\.[0-9]+)?)(\\?%)?")
_SIGN_AFTER = set(" \t([{,=;:±") | {""}


def _blank_subscripts(line: str) -> str:
    """The line with every LaTeX subscript (``_x``, ``_{...}`` with nested braces, ``_\\cmd``)
    replaced by spaces of the same length, so that columns still point into the printed line."""
    out = list(line)
    i = 0
    while i < len(line):
        if line[i] != "_":
            i += 1
            continue
        j = i + 1
        while j < len(line) and line[j] == " ":
            j += 1
        if j < len(line) and line[j] == "{":
            depth, k = 0, j
            while k < len(line):
                depth += {"{": 1, "}": -1}.get(line[k], 0)
                k += 1
                if depth == 0:
                    break
            end = k
        elif j < len(line) and line[j] == "\\":
            k = j + 1
            while k < len(line) and line[k].isalpha():
                k += 1
            end = k
        else:
            end = min(j + 1, len(line))
        for k in range(i, end):
            out[k] = " "
        i = end
    return "".join(out)


def _is_name_char(ch: str) -> bool:
    return ch.isalpha()


def read_line(line: str, *, code: bool = False) -> list[tuple[str, int]]:
    """The numbers printed on one line, as (text as printed, column of its first character).

    ``code``: the line is inside a fenced code block (no LaTeX: nothing is removed)."""
    if not isinstance(line, str):
        raise TypeError(f"read_line: line must be a str, got {type(line).__name__}")
    text = line if code else _blank_subscripts(line)
    found: list[tuple[str, int]] = []
    if not code:
        def frac(m: re.Match) -> str:
            found.append((f"{m.group(1)}/{m.group(2)}", m.start()))
            return " " * (m.end() - m.start())
        text = _FRAC.sub(frac, text)
    for m in _NUMBER.finditer(text):
        sign, digits, pct = m.group(1), m.group(2), m.group(3)
        start = m.start()
        before = text[start - 1] if start > 0 else ""
        if sign:
            if before not in _SIGN_AFTER:
                if before.isdigit():  # a range "150-200": the second number carries no sign
                    sign, start = None, m.start(2)
                elif _is_name_char(before):  # "CIFAR-10": part of the name
                    continue
                else:
                    sign, start = None, m.start(2)
        else:
            if _is_name_char(before):
                continue  # "CIFAR10", "CS231n"
            if before == "-" and start >= 2 and _is_name_char(text[start - 2]):
                continue
        printed = (sign or "") + digits + ("%" if pct else "")
        found.append((printed, start))
    for col, ch in enumerate(text):
        if ch in CIRCLED:
            found.append((ch, col))
    return sorted(found, key=lambda t: t[1])


def normalise(text: str) -> str:
    """The text by which a printed number is matched with evidence: the Unicode minus read as "-",
    "%" (and LaTeX's "\\%") and surrounding space dropped. No arithmetic: "1.0" matches "1.0" only,
    "-0" matches "-0" (or "−0") only."""
    if not isinstance(text, str):
        raise TypeError(f"normalise: a printed number is a str, got {type(text).__name__}")
    return text.strip().replace("−", "-").replace("\\%", "").replace("%", "").strip()


# -- the lecture's numbers -------------------------------------------------------------------------

@dataclass(frozen=True)
class PrintedNumber:
    """One number as printed in the lecture."""

    slide: str  # the slide title, as verification.sources.lecture_slides() names it
    text: str  # exactly as printed ("0.34", "-0", "80%", "1/2", "①")
    line: int  # 1-based line in the seed
    column: int  # 0-based column of its first character in that line
    context: str  # the printed line around it, whitespace collapsed
    line_text: str = field(repr=False, default="")

    @property
    def key(self) -> tuple[str, str]:
        return (self.slide, normalise(self.text))


def _context(line: str, col: int, length: int, width: int = 28) -> str:
    a, b = max(0, col - width), min(len(line), col + length + width)
    snippet = " ".join(line[a:b].split())
    return ("…" if a > 0 else "") + snippet + ("…" if b < len(line) else "")


@lru_cache(maxsize=None)
def printed_numbers() -> tuple[PrintedNumber, ...]:
    """Every number printed in the lecture, slide by slide in slide order, line by line."""
    from verification.sources import seed_text

    lines = seed_text("L").splitlines()
    out: list[PrintedNumber] = []
    for slide in lecture_slides():
        fenced = False
        for n in range(slide.first_line, slide.first_line + 1 + len(slide.lines)):
            line = lines[n - 1]
            if line.strip().startswith("```"):
                fenced = not fenced
                continue
            for text, col in read_line(line, code=fenced):
                out.append(PrintedNumber(slide.title, text, n, col, _context(line, col, len(text)), line))
    return tuple(out)


# -- what is not a checkable quantity -----------------------------------------------------------------

@dataclass(frozen=True)
class Exclusion:
    """A printed number that is not a checkable quantity. ``where``, when given, is the printed text
    around the number with ``{}`` at its place ("Step {}:"); without it, every occurrence of ``text``
    on the slide is meant."""

    slide: str
    text: str
    reason: str
    where: str | None = None

    def matches(self, number: PrintedNumber) -> bool:
        if number.slide != self.slide or normalise(number.text) != normalise(self.text):
            return False
        if self.where is None:
            return True
        before, _, after = self.where.partition("{}")
        line, col, end = number.line_text, number.column, number.column + len(number.text)
        return line[:col].endswith(before) and line[end:].startswith(after)


_TITLE = "The Geometry of Deep Learning."
_CS231 = "Deep Learning: CS231 Stanford"
_FISHER_REFS = "The Fisher Information matrix"
_LAST_REFS = "Moving on the data manifold: CIFAR10"
_STEP = "label of a step of the procedure (the numbers after 'Repeat Step' and 'all steps' are checkable and not excluded)"
_SECTION = "section number in a heading (the lecture's sections 1. score, 2. loss, 3. optimizer / 1. learning, 2. validation, 3. test)"
_PART = "part number of a slide continued over several slides (title suffix)"

EXCLUDED: tuple[Exclusion, ...] = (
    Exclusion(_TITLE, "2", "lecture number on the title page", "Lecture {}:"),
    Exclusion(_TITLE, "19", "date of the lecture (title page)"),
    Exclusion(_TITLE, "2025", "year of the lecture (title page)"),
    *(Exclusion(_CS231, y, "year of an offering of the Stanford course CS231n (course page header)")
      for y in ("2015", "2016", "2017", "2018", "2019", "2020")),
    *(Exclusion("Ingredients for Deep Learning", c, "circled enumeration label of the three phases (learning, "
                "validation, test)") for c in "①②③"),
    *(Exclusion("1. Learning process", str(k), _STEP, "Step {}:") for k in range(1, 7)),
    Exclusion("1. Learning process", "1", _SECTION, "# {}. Learning"),
    Exclusion("2. Validation process", "2", _SECTION, "## {}. Validation"),
    Exclusion("3. Test", "3", _SECTION, "### {}. Test"),
    *(Exclusion("The Deep Learning Algorithm in more detail", str(k),
                "list label of the three ingredients (score, loss, optimizer), the section numbers of the slides "
                "that follow", "- {} **") for k in (1, 2, 3)),
    Exclusion("1. SCORE function: Convolutional Neural Networks", "1", _SECTION, "# {}. SCORE"),
    Exclusion("Filters/1", "1", _PART, "Filters/{}"),
    Exclusion("Convolutional Neural Network", "2013", "year of the cited paper [Zeiler & Fergus 2013]"),
    Exclusion("Convolutional Neural Network", "1711.08856", "arXiv identifier in a link"),
    Exclusion("Practical use: Colon Cancer Detection", "20", "magnification of the microscope (acquisition "
              "setting, not computable from the documents)", "{}X magnification"),
    Exclusion("Practical use: Colon Cancer Detection", "200", "number of patients of the study (an empirical fact "
              "not computable from the documents; the 200s of the table are checked)", "{} patients"),
    Exclusion("Practical use: Colon Cancer Detection", "1998", "first year of the data collection (date)"),
    Exclusion("Practical use: Colon Cancer Detection", "2008", "last year of the data collection (date)"),
    Exclusion("2. LOSS function", "2", _SECTION, "## {}. LOSS"),
    Exclusion("Softmax and Cross Entropy Loss/1", "1", _PART, "Loss/{}"),
    Exclusion("Softmax and Cross Entropy Loss/2", "2", _PART, "Loss/{}"),
    Exclusion("Loss and KL Divergence", "1", "equation number (1)", "\\quad ({})"),
    Exclusion("3. OPTIMIZER", "3", _SECTION, "### {}. OPTIMIZER"),
    Exclusion("3. OPTIMIZER", "2", "name of the penalty ('L² regularization'); its exponent is printed in the "
              "formula below (|w_j|^2), which is the number to check", "$L^{}$"),
    Exclusion(_FISHER_REFS, "1998", "reference: year of Amari's paper"),
    Exclusion(_FISHER_REFS, "2020", "reference: year of Nielsen's and of Martens' papers"),
    Exclusion(_FISHER_REFS, "21", "reference: volume of JMLR (Martens)", "Research, {}("),
    Exclusion(_FISHER_REFS, "146", "reference: issue of JMLR (Martens)"),
    Exclusion(_FISHER_REFS, "1", "reference: first page (Martens, pages 1-76)", "):{}-76"),
    Exclusion(_FISHER_REFS, "76", "reference: last page (Martens, pages 1-76)"),
    *(Exclusion("Properties of the Fisher matrix F and local data matrix G", c, "circled enumeration label of the "
                "properties and of the two consequences of the Result") for c in "①②③④"),
    Exclusion("Properties of the Fisher matrix F and local data matrix G", "2021",
              "year in the attribution 'Result (F.-Grementieri, 2021)'"),
    Exclusion(_LAST_REFS, "10", "reference: volume of Neural Computation (Amari)", "*, {}(2)"),
    Exclusion(_LAST_REFS, "2", "reference: issue of Neural Computation (Amari)", "10({}):"),
    Exclusion(_LAST_REFS, "251", "reference: first page (Amari, pages 251–276)"),
    Exclusion(_LAST_REFS, "276", "reference: last page (Amari, pages 251–276)"),
    Exclusion(_LAST_REFS, "1998", "reference: year of Amari's paper"),
    Exclusion(_LAST_REFS, "2021", "reference: year of Grementieri and Fioresi's paper"),
    Exclusion(_LAST_REFS, "2104.13289", "reference: arXiv identifier (Grementieri, Fioresi)"),
    Exclusion(_LAST_REFS, "2024", "reference: year of Fioresi and Tron's paper"),
    Exclusion(_LAST_REFS, "2409.12057", "reference: arXiv identifier (Fioresi, Tron)"),
)


def excluded_by(number: PrintedNumber) -> Exclusion | None:
    for e in EXCLUDED:
        if e.matches(number):
            return e
    return None


def exclusion_matches() -> dict[Exclusion, list[PrintedNumber]]:
    """For each entry of EXCLUDED, the printed numbers it matches (an entry matching none is stale)."""
    numbers = printed_numbers()
    return {e: [n for n in numbers if e.matches(n)] for e in EXCLUDED}


# -- which evidence checks which number ------------------------------------------------------------------

@dataclass(frozen=True)
class Check:
    """One evidence item that checks a printed lecture number."""

    claim: str
    verdict: str
    passed: bool
    role: str
    compared: str
    slide: str
    printed: str


def _claim_rows(results: Any) -> Iterable[tuple[str, str, list[tuple[bool, str, str, Mapping]]]]:
    """(claim id, verdict, [(passed, role, compared, details)]) of the lecture's claims, from ClaimResults
    or result dicts; claims of the other documents are skipped (their "slide" names a place in them)."""
    if isinstance(results, Mapping) and "claims" in results:
        results = results["claims"]
    for r in results:
        if isinstance(r, Mapping):
            if r.get("source", {}).get("document", LECTURE) != LECTURE:
                continue
            yield r["id"], r["verdict"], [(bool(e["passed"]), e["role"], e["compared"], e.get("details") or {})
                                          for e in r["evidence"]]
        elif hasattr(r, "claim") and hasattr(r, "evidence"):
            if r.claim.source.document != LECTURE:
                continue
            yield r.claim.id, r.verdict, [(e.passed, e.role, e.compared, e.details) for e in r.evidence]
        else:
            raise TypeError(f"coverage: expected ClaimResult objects or result records (dicts), got {type(r).__name__}")


def lecture_checks(results: Any) -> list[Check]:
    """Every (evidence item, printed number) pair whose details name a ``"slide"`` and ``"printed"``."""
    out: list[Check] = []
    for claim_id, verdict, evidence in _claim_rows(results):
        for passed, role, compared, details in evidence:
            slide, printed = details.get("slide"), details.get("printed")
            if not isinstance(slide, str) or printed is None:
                continue
            items = [printed] if isinstance(printed, str) else list(printed) if isinstance(printed, (list, tuple)) else []
            for p in items:
                if isinstance(p, str):
                    out.append(Check(claim_id, verdict, passed, role, compared, slide, p))
    return out


@dataclass(frozen=True)
class Coverage:
    numbers: tuple[PrintedNumber, ...]  # every parsed number
    covered: tuple[tuple[PrintedNumber, tuple[Check, ...]], ...]
    uncovered: tuple[PrintedNumber, ...]
    excluded: tuple[tuple[PrintedNumber, Exclusion], ...]
    unmatched: tuple[Check, ...]  # evidence naming a (slide, printed) that the lecture does not print
    # excluded, yet named by evidence (and printed nowhere else on the slide)
    excluded_named: tuple[tuple[PrintedNumber, tuple[Check, ...]], ...] = ()

    @property
    def complete(self) -> bool:
        return not self.uncovered

    def uncovered_by_slide(self) -> dict[str, dict[str, list[int]]]:
        """{slide: {uncovered text: [lines]}}, slides and texts in printed order."""
        out: dict[str, dict[str, list[int]]] = {}
        for n in self.uncovered:
            lines = out.setdefault(n.slide, {}).setdefault(n.text, [])
            if n.line not in lines:
                lines.append(n.line)
        return out

    def __repr__(self) -> str:
        return (f"Coverage({len(self.covered)} covered, {len(self.uncovered)} uncovered, {len(self.excluded)} excluded "
                f"of {len(self.numbers)} printed numbers; {len(self.unmatched)} unmatched evidence)")


def coverage(results: Any) -> Coverage:
    """Which parsed, non-excluded printed numbers some evidence of ``results`` checks, and which not.

    ``results``: ClaimResult objects, or result records / the results document of
    :mod:`verification.report`. Evidence names a (slide, text), not a place, so it checks every
    occurrence of that text on the slide that EXCLUDED does not match: an excluded number is never
    counted as checked ("Step {}:" is a label even when "1 epoch" is checked). Excluded numbers that
    evidence names anyway are listed in ``excluded_named``, so that nothing is hidden."""
    checks = lecture_checks(results)
    by_key: dict[tuple[str, str], list[Check]] = {}
    for c in checks:
        by_key.setdefault((c.slide, normalise(c.printed)), []).append(c)
    covered, uncovered, excluded, named = [], [], [], []
    # an occurrence singled out by ``where`` counts as named only when the text is printed nowhere
    # else on the slide (else the evidence means the other occurrence: "1 epoch", not "Step 1:")
    elsewhere = {n.key for n in printed_numbers() if excluded_by(n) is None}
    for n in printed_numbers():
        found = by_key.get(n.key)
        ex = excluded_by(n)
        if ex is not None:
            excluded.append((n, ex))
            if found and (ex.where is None or n.key not in elsewhere):
                named.append((n, tuple(found)))
        elif found:
            covered.append((n, tuple(found)))
        else:
            uncovered.append(n)
    keys = {n.key for n in printed_numbers()}
    unmatched = tuple(c for c in checks if (c.slide, normalise(c.printed)) not in keys)
    return Coverage(printed_numbers(), tuple(covered), tuple(uncovered), tuple(excluded), unmatched, tuple(named))
