"""Claims as data: the records that the registry holds, the runner executes and the report reads.

A :class:`Claim` is a statement of a source document with its expected verdict and its checks.
A check is a plain function ``check(ctx) -> Evidence | Iterable[Evidence]``. Evidence records
what was compared, the residual, the tolerance and the reason for it, and whether it passed.

Each piece of evidence has a *role*:

``statement``
    tests the statement as printed. All must pass for ``verified``.
``caveat``
    tests a stronger reading of the statement (exact instead of approximate, without an
    extra hypothesis, ...). A failing caveat check, with every statement check passing, gives
    ``verified-with-caveat``; the claim's ``caveat`` text names the caveat.
``correction``
    tests the corrected statement of an erratum. A failing statement check with every
    correction check passing gives ``erratum``.
``remark``
    tests a stronger reading that the document never makes, or a case outside its regime. It is
    computed and shown, and decides nothing.

Which role a fact has is decided by reading the document (``docs/verdicts.md``, the verdict
policy): a ``statement`` check tests the reading the document supports in its context (the
claim's ``reading``), a ``caveat`` check a needed-but-unstated assumption or a literal side
reading that the context corrects. The claim's ``rationale`` says why.

Anything else (an exception in a check, a failing correction, a failing statement with no
correction) gives ``inconclusive``. The verdict is computed, never declared: the expected
verdict on the claim is what the theorem tests compare it with.
"""
from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Sequence

from verification.figures import FIGURE_TYPES

VERDICTS = ("verified", "verified-with-caveat", "erratum", "inconclusive")
EVIDENCE_KINDS = ("symbolic-proof", "symbolic", "numeric", "arithmetic")
ROLES = ("statement", "caveat", "correction", "remark")
DOCUMENT_KINDS = ("lecture", "paper", "book")


@dataclass(frozen=True)
class Document:
    """A source document as people cite it: its title, authors (or editors) where the text gives
    them, its kind, and the file of its committed copy (``verification/sources/<file>``).

    ``code`` ("L", "P", "Y") is the short key of tables and of the claim registry; anything a
    reader sees names the document by :attr:`citation` or :attr:`short_title`.
    """

    code: str
    file: str
    title: str
    kind: str
    authors: tuple[str, ...] = ()
    short_title: str = ""

    def __post_init__(self) -> None:
        if self.kind not in DOCUMENT_KINDS:
            raise ValueError(f"Document.kind must be one of {DOCUMENT_KINDS}, got {self.kind!r}")

    @property
    def reference(self) -> str:
        """"R. Fioresi, P. Chaudhari, S. Soatto, “A Geometric …”": authors and title."""
        who = ", ".join(self.authors)
        return f"{who + ', ' if who else ''}“{self.title}”"

    @property
    def citation(self) -> str:
        """The :attr:`reference` and the kind: "R. Fioresi, …, “A Geometric …” (paper)"."""
        return f"{self.reference} ({self.kind})"

    @property
    def name(self) -> str:
        """The short name used in tables: the short title, or the title."""
        return self.short_title or self.title


DOCUMENTS = (
    Document("L", "000_acd474bf80f85192.txt", "The Geometry of Deep Learning. Lecture 2: Deep Learning", "lecture",
             short_title="The Geometry of Deep Learning, Lecture 2"),
    Document("P", "003_5dd0b87f6e0c9b90.txt",
             "A Geometric Interpretation of Stochastic Gradient Descent Using Diffusion Metrics", "paper",
             authors=("R. Fioresi", "P. Chaudhari", "S. Soatto"), short_title="Fioresi, Chaudhari, Soatto (paper)"),
    Document("Y", "004_63397e6429301c90.txt", "Geometry of Deep Learning: A Signal Processing Perspective", "book",
             authors=("J. C. Ye",), short_title="Ye, Geometry of Deep Learning (book)"),
)
SEEDS = {d.code: d.file for d in DOCUMENTS}


def document(key: str) -> Document:
    """The :class:`Document` with this code ("P") or file name ("003_….txt")."""
    for d in DOCUMENTS:
        if key in (d.code, d.file):
            return d
    raise ValueError(f"no source document {key!r}: expected one of the codes {sorted(SEEDS)} "
                     f"or file names {sorted(SEEDS.values())}")


@dataclass(frozen=True)
class Source:
    """Where a claim is printed: seed file name and location (section, slide, equation)."""

    document: str
    location: str

    def __post_init__(self) -> None:
        if self.document not in SEEDS.values():
            raise ValueError(
                f"Source.document must be one of the seed file names {sorted(SEEDS.values())}, "
                f"got {self.document!r}"
            )
        if not self.location.strip():
            raise ValueError("Source.location must name a section, slide or equation")

    @property
    def doc(self) -> Document:
        return document(self.document)

    def __str__(self) -> str:
        return f"{self.doc.citation}, {self.location}"


@dataclass(frozen=True)
class Evidence:
    """The outcome of one comparison.

    ``residual`` is the measured discrepancy (0 for an exact symbolic identity; a float for a
    numeric one; ``None`` where a comparison is a yes/no fact such as a sign or a rank).
    ``tolerance`` is the largest residual accepted and ``tolerance_reason`` says why that size.
    ``details`` holds anything the report should show (printed vs recomputed values, LaTeX).
    ``figures`` holds figures and tables of :mod:`verification.figures` (``SpectrumPlot``,
    ``LogLogFit``, ``Histogram``, ``ImageStrip``, ``Table``) as data; the report writer renders
    them under the claim's evidence.
    """

    kind: str
    compared: str
    passed: bool
    residual: Any = None
    tolerance: float | None = None
    tolerance_reason: str = "exact comparison"
    role: str = "statement"
    details: Mapping[str, Any] = field(default_factory=dict)
    figures: tuple = ()

    def __post_init__(self) -> None:
        if self.kind not in EVIDENCE_KINDS:
            raise ValueError(f"Evidence.kind must be one of {EVIDENCE_KINDS}, got {self.kind!r}")
        if self.role not in ROLES:
            raise ValueError(f"Evidence.role must be one of {ROLES}, got {self.role!r}")
        if not isinstance(self.passed, bool):
            raise TypeError(f"Evidence.passed must be a bool, got {type(self.passed).__name__}")
        if isinstance(self.figures, FIGURE_TYPES) or not isinstance(self.figures, (tuple, list)):
            raise TypeError(
                f"Evidence.figures must be a tuple of figures/tables of verification.figures, got "
                f"{type(self.figures).__name__} (wrap a single figure as (figure,))"
            )
        for i, f in enumerate(self.figures):
            if not isinstance(f, FIGURE_TYPES):
                raise TypeError(
                    f"Evidence.figures[{i}] is a {type(f).__name__}; expected one of SpectrumPlot, "
                    "LogLogFit, Histogram, ImageStrip, Table (verification.figures)"
                )
        object.__setattr__(self, "figures", tuple(self.figures))


@dataclass(frozen=True)
class Context:
    """What a check may use: the run's seed and a per-claim random generator."""

    seed: int
    claim_id: str

    def rng(self, salt: str = "") -> random.Random:
        """A generator seeded from (seed, claim id, salt): the same command gives the same draws."""
        digest = hashlib.sha256(f"{self.seed}:{self.claim_id}:{salt}".encode()).digest()
        return random.Random(int.from_bytes(digest[:8], "big"))

    def numpy_rng(self, salt: str = ""):
        import numpy as np

        digest = hashlib.sha256(f"{self.seed}:{self.claim_id}:{salt}".encode()).digest()
        return np.random.default_rng(int.from_bytes(digest[:8], "big"))


Check = Callable[[Context], "Evidence | Iterable[Evidence]"]


@dataclass(frozen=True)
class Claim:
    """A checkable statement of a source document.

    ``id`` is the claim's stable id, the same across versions and tools (``geomath list``). ``statement`` is LaTeX
    (as printed, paraphrased closely). ``caveat`` names the caveat of a ``verified-with-caveat``
    verdict; ``correction`` states (LaTeX) the corrected statement of an ``erratum``.

    Under the verdict policy (``docs/verdicts.md``):

    ``reading``
        the document's own words that the verdict decides, copied from the source (the report
        finds their lines in the committed copy; a reading that is not found is an error).
    ``rationale``
        one or two sentences: why this verdict under the policy.
    ``finding``
        for an erratum or a caveat, the finding in readable text (:class:`Finding`).
    ``depends_on``
        ids of the claims whose statements this one builds on (a derivation's earlier steps).
    ``remark``
        what the ``remark`` checks found: a stronger reading the document never makes, or a case
        outside its regime. Shown with the claim; it decides nothing.
    """

    id: str
    source: Source
    statement: str
    expected_verdict: str
    checks: Sequence[Check]
    hypotheses: Sequence[str] = ()
    caveat: str | None = None
    correction: str | None = None
    kinds: Sequence[str] = ()
    notes: str = ""
    reading: str = ""
    rationale: str = ""
    finding: "Finding | None" = None
    depends_on: Sequence[str] = ()
    remark: str | None = None

    def __post_init__(self) -> None:
        if self.expected_verdict not in VERDICTS:
            raise ValueError(
                f"Claim {self.id!r}: expected_verdict must be one of {VERDICTS}, "
                f"got {self.expected_verdict!r}"
            )
        if not self.checks:
            raise ValueError(f"Claim {self.id!r} has no checks: a claim needs evidence")
        if self.expected_verdict == "verified-with-caveat" and not self.caveat:
            raise ValueError(f"Claim {self.id!r}: a caveat verdict must name its caveat")
        if self.expected_verdict == "erratum" and not self.correction:
            raise ValueError(f"Claim {self.id!r}: an erratum must state the corrected statement")


@dataclass(frozen=True)
class Finding:
    """An erratum or caveat in readable text (Unicode, no LaTeX), for the report's first screen.

    ``printed`` is what the document states; ``corrected`` the corrected statement (an erratum) or
    the caveat's assumption or slip; ``downstream`` one line on what the error breaks later in
    the document; ``consequence`` orders errata: 1 breaks a main result, 2 a derivation step or a
    stated property, 3 a number or example with no further consequence. ``alternatives`` lists
    the corrections when the printed text admits more than one fix (one finding, not several).
    """

    printed: str
    corrected: str
    downstream: str = ""
    consequence: int = 2
    alternatives: Sequence[str] = ()

    def __post_init__(self) -> None:
        if self.consequence not in (1, 2, 3):
            raise ValueError(f"Finding.consequence must be 1, 2 or 3, got {self.consequence!r}")


@dataclass(frozen=True)
class Derivation:
    """A chain of claims that together derive one result of a document: ``steps`` are claim ids in
    the document's order, each depending on an earlier one; the report shows the chain as one
    finding with its steps. ``result`` names what the chain derives, ``summary`` says in one or two
    sentences what holds and what does not."""

    id: str
    title: str
    result: str
    steps: Sequence[str]
    summary: str = ""


@dataclass(frozen=True)
class ClaimResult:
    claim: Claim
    verdict: str
    evidence: tuple[Evidence, ...]
    seconds: float
    error: str | None = None

    @property
    def as_expected(self) -> bool:
        return self.verdict == self.claim.expected_verdict


def decide_verdict(evidence: Iterable[Evidence], error: str | None = None) -> str:
    """The verdict rule of the module docstring."""
    evidence = list(evidence)
    if error is not None or not evidence:
        return "inconclusive"
    by_role = {r: [e for e in evidence if e.role == r] for r in ROLES}
    if not by_role["statement"]:
        return "inconclusive"
    statement_ok = all(e.passed for e in by_role["statement"])
    if statement_ok:
        if by_role["correction"] and not all(e.passed for e in by_role["correction"]):
            return "inconclusive"
        if any(not e.passed for e in by_role["caveat"]):
            return "verified-with-caveat"
        return "verified"
    if by_role["correction"] and all(e.passed for e in by_role["correction"]):
        return "erratum"
    return "inconclusive"
