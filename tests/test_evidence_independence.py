"""A check that cannot fail is a defect: the builders of verification.evidence record a vacuous
comparison (one object on both sides; a printed value that its document does not print where the
evidence says), and no registered claim's evidence may have one.

``details[IDENTICAL_SIDES]`` (the same expression tree on both sides before simplification) is
recorded but not refused: SymPy's canonical forms make independent routes that agree arrive at one
tree (see the docstring of verification.evidence); the tests below show that it flags a helper
compared with its own definition and leaves a genuine identity alone.
"""
import pytest
import sympy as sp

from geomath.symbolic import weak_field_inverse
from verification.claims.book_facts import toc_entries
from verification.claims.paper_sgd import TABLE1_PRINTED, read_table1
from verification.evidence import IDENTICAL_SIDES, PRINTED_AT_PLACE, SAME_OBJECT, printed_value, symbolic_identity
from verification.model import SEEDS
from verification.registry import all_claims
from verification.sources import locate, printed_at, seed_text

# every test here reads the session's run of the claims (conftest.py): one xdist worker runs them all
pytestmark = pytest.mark.xdist_group("claims")

x, e = sp.symbols("x e")
SOFTMAX2 = "Softmax and Cross Entropy Loss/2"


# -- the builders flag a self-comparison ------------------------------------------------------------

def test_same_object_is_flagged():
    M = sp.Matrix([[x + 1, x**2]])
    ev = symbolic_identity(M, M, "M vs itself")
    assert ev.passed and ev.details[SAME_OBJECT] and ev.details[IDENTICAL_SIDES]
    assert symbolic_identity([M, x], [M, x], "a list vs itself").details[IDENTICAL_SIDES]
    rows = [x, x + 1]
    assert symbolic_identity(rows, rows, "a list vs itself").details[SAME_OBJECT]


def test_a_sympy_scalar_is_not_counted_as_the_same_object():
    """SymPy's cache gives two independent constructions of one expression the same object."""
    a, b = sp.expand((x + 1) ** 2), sp.expand((1 + x) * (x + 1))
    assert a is b
    ev = symbolic_identity(a, b, "two routes to x² + 2x + 1")
    assert ev.passed and not ev.details[SAME_OBJECT] and ev.details[IDENTICAL_SIDES]


def test_same_expression_built_twice_is_flagged_identical():
    ev = symbolic_identity(sp.Matrix([x**2 + 1, 2 * x]), sp.Matrix([1 + x**2, x * 2]), "built twice")
    assert ev.passed and ev.details[IDENTICAL_SIDES] and not ev.details[SAME_OBJECT]
    # a helper against its own definition: weak_field_inverse(D, ℰ, 1) is built as I − ℰD
    a, b, c = sp.symbols("a b c")
    D = sp.Matrix([[a, b], [b, c]])
    ev = symbolic_identity(weak_field_inverse(D, e, order=1), sp.eye(2) - e * D, "helper vs its definition")
    assert ev.details[IDENTICAL_SIDES]


def test_genuine_identity_is_not_flagged():
    ev = symbolic_identity((x + 1) ** 2, x**2 + 2 * x + 1, "(x + 1)² vs x² + 2x + 1")
    assert ev.passed and not ev.details[IDENTICAL_SIDES] and not ev.details[SAME_OBJECT]
    ev = symbolic_identity(sp.Matrix([(x + 1) ** 2, 1]), [x**2 + 2 * x + 1, 1], "one entry needs the simplifier")
    assert ev.passed and not ev.details[IDENTICAL_SIDES]
    bad = symbolic_identity((x + 1) ** 2, x**2 + 1, "wrong")
    assert not bad.passed and not bad.details[IDENTICAL_SIDES]


def test_printed_value_must_be_printed_at_its_place():
    assert printed_value("0.34", 0.3425, "−log 0.71", slide=SOFTMAX2).details[PRINTED_AT_PLACE] is True
    assert printed_value("0.3", 0.3425, "typed, not printed", slide=SOFTMAX2).details[PRINTED_AT_PLACE] is False
    assert printed_value("0.34", 0.3425, "another slide", slide="The Fisher matrix").details[PRINTED_AT_PLACE] is False
    assert printed_value("1", 1, "no such place", slide="not a place").details[PRINTED_AT_PLACE] is None
    book = SEEDS["Y"]
    assert printed_value("327", 327, "Index", slide="Contents", document=book, rounding=False).details[PRINTED_AT_PLACE]
    assert printed_value("328", 328, "no", slide="Contents", document=book, rounding=False).details[PRINTED_AT_PLACE] is False


def test_printed_at_reads_whole_numbers():
    paper = SEEDS["P"]
    assert printed_at(paper, "Table 1", "27.2") and printed_at(paper, "Table 1", "600")
    assert not printed_at(paper, "Table 1", "27") and not printed_at(paper, "Table 1", "7.2")  # inside 27.2
    conv = "Convolutions and “edge detection”"
    assert printed_at(None, conv, "−0") and printed_at(None, conv, "-0")  # printed "-0": either minus sign reads it
    assert printed_at(SEEDS["Y"], "copyright page", "7") is None  # a place locate() cannot find decides nothing


# -- the known self-checks stay replaced ---------------------------------------------------------

def test_table1_is_read_from_the_seed():
    assert TABLE1_PRINTED == read_table1()
    (place,) = locate(SEEDS["P"], "Table 1")
    lines = seed_text("P").splitlines()
    assert ["\t".join(row) for row in TABLE1_PRINTED] == lines[place.first_line + 2: place.first_line + 2 + len(TABLE1_PRINTED)]


def test_toc_ends_compare_the_parser_with_the_raw_seed_lines(claim_result):
    lines = seed_text("Y").splitlines()
    printed = [ev for ev in claim_result("ye-toc-page-order").evidence if "raw line" in ev.details]
    entries = toc_entries()
    assert len(printed) == 2
    for ev, entry in zip(printed, (entries[0], entries[-1])):
        raw = ev.details["raw line"]
        assert raw in lines and raw.rstrip().endswith(ev.details["printed"])  # the printed side is the seed's text
        assert ev.details["recomputed"] == entry.page and ev.passed  # the other side is the parser's


# -- every registered claim ------------------------------------------------------------------------

CLAIMS = all_claims()


@pytest.mark.parametrize("claim", CLAIMS, ids=[c.id for c in CLAIMS])
def test_no_evidence_is_vacuous(claim, claim_result):
    result = claim_result(claim.id)
    same = [ev.compared for ev in result.evidence if ev.details.get(SAME_OBJECT)]
    unprinted = [(ev.details.get("slide"), ev.details.get("printed"), ev.compared) for ev in result.evidence
                 if ev.details.get(PRINTED_AT_PLACE, True) is False]
    assert not same, f"{claim.id}: evidence with one object on both sides (cannot fail): {same}"
    assert not unprinted, f"{claim.id}: printed values that the document does not print at the named place: {unprinted}"
