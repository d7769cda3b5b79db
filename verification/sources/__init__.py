"""The three source documents, as committed copies, and their slides.

The seeds are the texts the suite verifies (``SEEDS`` of :mod:`verification.model`); a copy lives
beside this file so that a clean clone can read them, and nothing outside the repository is needed
(``tests/test_sources.py`` compares them with the originals where those are at hand).

The lecture “The Geometry of Deep Learning. Lecture 2: Deep Learning” is a slide deck converted to Markdown. A *slide* starts at a
level-1 heading (``# Title``) or at a numbered section heading of any level (``## 2. LOSS
function``, ``### 3. Test``); other headings (``## Softmax``, ``## Key Facts:``) are sub-headings
inside a slide. Lines inside fenced code blocks are never headings (the backpropagation code has
``# ...`` comments).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from verification.model import SEEDS

HERE = Path(__file__).resolve().parent
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
_NUMBERED = re.compile(r"^\d+\.\s")


def seed_path(code: str) -> Path:
    """Path of the committed copy of seed ``code`` ("L", "P" or "Y")."""
    if code not in SEEDS:
        raise ValueError(f"seed code must be one of {sorted(SEEDS)}, got {code!r}")
    return HERE / SEEDS[code]


@lru_cache(maxsize=None)
def seed_text(code: str) -> str:
    return seed_path(code).read_text(encoding="utf-8")


def slide_title(heading: str) -> str:
    """A heading's text as the suite names the slide: inline-math dollars removed and spaces
    collapsed ("Properties of the Fisher matrix $F$ and ..." → "... matrix F and ...")."""
    return " ".join(heading.replace("$", " ").split())


@dataclass(frozen=True)
class Slide:
    title: str
    first_line: int  # 1-based line of the heading in the seed
    lines: tuple[str, ...]  # the slide's lines after its heading, up to the next slide

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def code_blocks(self) -> list[str]:
        """The fenced code blocks of the slide, each as printed (without the fences)."""
        blocks, current = [], None
        for line in self.lines:
            if line.strip().startswith("```"):
                if current is None:
                    current = []
                else:
                    blocks.append("\n".join(current))
                    current = None
            elif current is not None:
                current.append(line)
        return blocks


@lru_cache(maxsize=None)
def lecture_slides() -> tuple[Slide, ...]:
    """The lecture's slides in order (see the module docstring for what starts a slide)."""
    slides: list[Slide] = []
    title, first, body, fenced = None, 0, [], False
    for n, line in enumerate(seed_text("L").splitlines(), start=1):
        if line.strip().startswith("```"):
            fenced = not fenced
        m = None if fenced else _HEADING.match(line)
        if m and (len(m.group(1)) == 1 or _NUMBERED.match(m.group(2))):
            if title is not None:
                slides.append(Slide(title, first, tuple(body)))
            title, first, body = slide_title(m.group(2)), n, []
        else:
            body.append(line)
    if title is not None:
        slides.append(Slide(title, first, tuple(body)))
    return tuple(slides)


def lecture_slide(title: str) -> Slide:
    """The lecture slide with this title (as :func:`slide_title` writes it)."""
    for s in lecture_slides():
        if s.title == title:
            return s
    raise KeyError(f"no lecture slide titled {title!r}; slides: {[s.title for s in lecture_slides()]}")


# -- where a claim's source location is in its seed ---------------------------------------------

@dataclass(frozen=True)
class Place:
    """A span of a seed that a source location names: ``label`` is the part of the location text
    that found it (``Eq. (7)``, ``§3``, a quoted slide title or phrase), lines are 1-based."""
    label: str
    first_line: int
    last_line: int


_QUOTED = re.compile(r"\"([^\"]+)\"|“([^”]+)”|'([^']{4,})'")
_EQUATION = re.compile(r"\bEq(?:uation)?s?\.?\s*\((\d+)\)")
_EQUATION_MORE = re.compile(r"\band\s+(?:Eq\.\s*)?\((\d+)\)")
_SECTION = re.compile(r"§\s*(\d+)")
_NAMED = re.compile(r"\b(Appendix [A-Z]|Table \d+|Contents|Preface)\b")
_CODE = re.compile(r"\b(IS[BS]N [0-9X-]+)")


def seed_code(document: str) -> str:
    """The code ("L", "P", "Y") of a seed given by its file name."""
    for code, name in SEEDS.items():
        if name == document:
            return code
    raise ValueError(f"document must be one of the seed file names {sorted(SEEDS.values())}, got {document!r}")


def line_span(first: int, last: int) -> str:
    """A place's lines as text: "101", or "409–437"."""
    return str(first) if first == last else f"{first}–{last}"


def _find_line(lines: list[str], pattern: re.Pattern[str], start: int = 1) -> int | None:
    """The first line from ``start`` on (1-based) that ``pattern`` matches."""
    for n in range(start, len(lines) + 1):
        if pattern.search(lines[n - 1]):
            return n
    return None


def locate(document: str, location: str) -> list[Place]:
    """The places of ``document`` (a seed file name) that ``location`` names, in the order named.

    Recognised: equation numbers ``Eq. (7)``/``Equation (10)`` (the display carrying ``\\tag{7}`` or
    ``(7)$$``), sections ``§3`` (the numbered heading), ``Appendix A``, ``Table 1``, ``Contents``,
    ``Preface``, ``ISBN``/``ISSN`` numbers, and quoted text: a lecture slide title (the whole slide) or else a phrase of the seed
    (its first line after the place named just before the quote, case and spacing ignored, an
    ellipsis ``...`` ending the quote). A location naming
    none of these gives []."""
    if not isinstance(location, str):
        raise TypeError(f"location must be a str, got {type(location).__name__}")
    code = seed_code(document)
    lines = seed_text(code).splitlines()
    found: list[tuple[int, Place]] = []

    def add(at: int, label: str, first: int | None, last: int | None = None) -> None:
        if first is not None:
            found.append((at, Place(label, first, last if last is not None else first)))

    for m in list(_EQUATION.finditer(location)) + list(_EQUATION_MORE.finditer(location)):
        k = m.group(1)
        add(m.start(), f"Eq. ({k})", _find_line(lines, re.compile(rf"\\tag\{{{k}\}}|\({k}\)\s*\$\$")))
    for m in _SECTION.finditer(location):
        add(m.start(), f"§{m.group(1)}", _find_line(lines, re.compile(rf"^{m.group(1)}\.\s+[A-Z][a-z]+[- ]")))
    for m in _NAMED.finditer(location):
        add(m.start(), m.group(1), _find_line(lines, re.compile(rf"^\W*{re.escape(m.group(1))}\b", re.I)))
    for m in _CODE.finditer(location):
        add(m.start(), m.group(1), _find_line(lines, re.compile(re.escape(m.group(1)))))
    slides = {s.title: s for s in lecture_slides()} if code == "L" else {}
    for m in _QUOTED.finditer(location):
        quote = next(g for g in m.groups() if g)
        if quote in slides:
            s = slides[quote]
            add(m.start(), f"“{quote}”", s.first_line, s.first_line + len(s.lines))
            continue
        words = quote.replace("...", " ").replace("…", " ").split() or [quote]
        pattern = re.compile(r"\s+".join(re.escape(w) for w in words), re.I)
        before = [p.first_line for at, p in found if at < m.start()]
        start = max(before) if before else 1
        add(m.start(), f"“{quote}”", _find_line(lines, pattern, start) or _find_line(lines, pattern))
    found.sort(key=lambda t: t[0])
    places: list[Place] = []
    for _, p in found:
        if p not in places:
            places.append(p)
    return places


def find_reading(document: str, reading: str) -> Place:
    """The lines of ``document`` (a seed file name) that hold ``reading``, a claim's quotation of
    the document's own words (:attr:`verification.model.Claim.reading`).

    The quotation is searched as printed, with runs of white space (line breaks included) matched
    by any run of white space; it must occur in the committed copy, so a reading can be copied
    from the document but never retyped. Raises ``ValueError`` when it does not occur.
    """
    if not isinstance(reading, str) or not reading.strip():
        raise ValueError("a reading must be a non-empty quotation of the document's own words")
    text = seed_text(seed_code(document))
    pattern = re.compile(r"\s+".join(re.escape(w) for w in reading.split()))
    m = pattern.search(text)
    if m is None:
        raise ValueError(f"the reading {reading[:80]!r} does not occur in {document}: copy the document's words "
                         "exactly (white space may differ)")
    first = text.count("\n", 0, m.start()) + 1
    return Place("reading", first, first + text.count("\n", m.start(), m.end()))


# -- whether a printed number is printed where evidence says it is ---------------------------------

_BLOCK_END = re.compile(r"^#\s|^\d+\.\s+[A-Z][a-z]+[- ]")  # a level-1 heading or a numbered section line


def _number_pattern(printed: str) -> re.Pattern[str]:
    """``printed`` ("0.34", "−0", "93.79%") as a whole number of a line: not inside a longer
    number ("3" is not in "3.91" or "130"); either minus sign."""
    text = printed.strip().rstrip("%").replace("−", "-")
    body = re.escape(text.lstrip("-"))
    sign = "[-−]" if text.startswith("-") else ""
    return re.compile(rf"(?<![\d.]){sign}{body}(?!\d|\.\d)")


def printed_at(document: str | None, location: str, printed: str) -> bool | None:
    """Whether ``printed`` occurs as a number at ``location`` of ``document`` (a seed file name).

    The place: a lecture slide title (``document`` may then be None) is the whole slide; otherwise
    every place :func:`locate` finds for ``location``, each up to the end of its block (the next
    level-1 heading or numbered section line). None where no place is found: then nothing is
    decided."""
    if document is None or document == SEEDS["L"]:
        slides = {s.title: s for s in lecture_slides()}
        if location in slides:
            s = slides[location]
            return bool(_number_pattern(printed).search("\n".join(s.lines)))
        if document is None:
            return None
    places = locate(document, location)
    if not places:
        return None
    lines = seed_text(seed_code(document)).splitlines()
    spans = []
    for p in places:
        end = next((n for n in range(p.last_line + 1, len(lines) + 1) if _BLOCK_END.search(lines[n - 1])),
                   len(lines) + 1)
        spans.append("\n".join(lines[p.first_line - 1:end - 1]))
    pattern = _number_pattern(printed)
    return any(pattern.search(s) for s in spans)
