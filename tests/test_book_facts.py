"""The claims of J. C. Ye, “Geometry of Deep Learning: A Signal Processing Perspective” (verification.claims.book_facts): each reaches its expected
verdict; the copyright-page and contents parsers and the check-digit functions."""
import pytest

from verification.claims.book_facts import (
    CLAIMS,
    _copyright_numbers,
    _outline_gaps,
    isbn13_check_digit,
    issn_check_digit,
    toc_entries,
)
from verification.model import SEEDS
from verification.runner import run_claim

# every test here reads the session's run of the claims (conftest.py): one xdist worker runs them all
pytestmark = pytest.mark.xdist_group("claims")

IDS = ["ye-relu-partition", "ye-convolution-hankel", "ye-kronecker-vec", "ye-matrix-calculus-denominator-layout",
       "ye-ntk", "ye-isbn-issn-checksums", "ye-toc-page-order"]


def test_the_module_has_exactly_its_claims():
    assert sorted(c.id for c in CLAIMS) == sorted(IDS)
    for c in CLAIMS:
        assert c.source.document == SEEDS["Y"]
        assert "contents only" in c.notes or "front matter only" in c.notes  # the seed is the book's contents


@pytest.mark.parametrize("claim", CLAIMS, ids=[c.id for c in CLAIMS])
def test_claim_reaches_its_expected_verdict(claim, claim_result):
    try:
        result = claim_result(claim.id)  # one run per session once the module is registered (conftest.py)
    except KeyError:
        result = run_claim(claim, seed=0)
    assert result.error is None, result.error
    assert result.verdict == claim.expected_verdict, [(e.compared, e.role, e.passed) for e in result.evidence
                                                      if not e.passed]


def test_book_numbers_are_not_filed_as_lecture_slides():
    """Book evidence names its place in the book under "slide"; the index of the lecture's printed
    numbers reads only the lecture's claims, so none of it lands there."""
    from verification.lecture_numbers import lecture_checks

    claim = next(c for c in CLAIMS if c.id == "ye-isbn-issn-checksums")
    result = run_claim(claim)
    assert all(e.details["slide"] == "copyright page" for e in result.evidence)
    assert lecture_checks([result]) == []


def test_check_digits():
    assert isbn13_check_digit("978030640615") == 7  # ISBN 978-0-306-40615-7, the standard example
    assert issn_check_digit("0317847") == "1"  # ISSN 0317-8471
    assert issn_check_digit("1050124") == "X"  # ISSN 1050-124X: check 10 is written X
    issns, isbns, (prefix, suffix) = _copyright_numbers()
    assert issns == ["1612-3956", "2198-3283"]
    assert isbns == ["978-981-16-6045-0", "978-981-16-6046-7"]
    assert (prefix, suffix) == ("10.1007", "978-981-16-6046-7")


@pytest.mark.parametrize("call, match", [
    (lambda: isbn13_check_digit("97803064061"), "12 digits"),
    (lambda: isbn13_check_digit("97803064061X"), "12 digits"),
    (lambda: issn_check_digit("031784"), "7 digits"),
])
def test_check_digit_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_contents_parser():
    entries = toc_entries()
    assert (entries[0].number, entries[0].title, entries[0].page) == ("1", "Mathematical Preliminaries", 3)
    assert (entries[-1].number, entries[-1].title, entries[-1].page) == (None, "Index", 327)
    assert [e.number for e in entries if e.depth == 1] == [str(i) for i in range(1, 16)]
    assert _outline_gaps(entries) == []
    by_number = {e.number: e for e in entries}
    assert by_number["10.4"].title == "Geometry of CNN" and by_number["10.4"].page == 211  # a tab-separated row
    assert by_number["6.4"].page == 102 and by_number["7"].page == 113  # Markdown list items, bold markers
    assert by_number["13.3.1"].title == "f -Divergence"  # inline math stripped
    assert sum(e.title == "Exercises" for e in entries) == 13


def test_outline_gaps_are_found():
    from verification.claims.book_facts import TocEntry

    entries = [TocEntry("1", "a", 1, 1), TocEntry("1.1", "b", 1, 2), TocEntry("1.3", "c", 2, 3), TocEntry("2", "d", 3, 4),
               TocEntry("2.1.1", "e", 3, 5)]
    assert _outline_gaps(entries) == ["1.3 after 1.1 (line 3)", "2.1.1 after 2 (line 5)"]
