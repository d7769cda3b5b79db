"""The three source documents, as committed copies, and their slides.

The seeds are the texts the suite verifies (``SEEDS`` of :mod:`verification.model`); a copy lives
beside this file so that a clean clone can read them (``tests/test_sources.py`` checks that the
copies equal ``../shared/seeds`` wherever that folder is beside the checkout).

The lecture (000_acd474bf80f85192.txt) is a slide deck converted to Markdown. A *slide* starts at a
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
