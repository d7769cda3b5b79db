"""The numbers printed in the lecture: the parser (verification.lecture_numbers), its exclusions, and
the coverage of every printed number by the evidence of the registered lecture claims."""
import pytest

from verification.evidence import printed_value
from verification.lecture_numbers import (
    EXCLUDED,
    coverage,
    excluded_by,
    exclusion_matches,
    normalise,
    printed_numbers,
    read_line,
)
from verification.model import SEEDS, Claim, Evidence, Source
from verification.registry import all_claims
from verification.runner import run_claim
from verification.sources import lecture_slides

# every test here reads the session's run of the claims (conftest.py): one xdist worker runs them all
pytestmark = pytest.mark.xdist_group("claims")


def texts(line, **kw):
    return [t for t, _ in read_line(line, **kw)]


# -- reading a line ------------------------------------------------------------------------------

def test_subscripts_are_indices_not_printed_numbers():
    assert texts(r"$$f(x) = W_3 \max(0, W_2 \max(0, W_1 x))$$") == ["0", "0"]
    assert texts(r"\nabla L_{\text{stoc}} = \sum_{i=1}^{32} \nabla L_{\text{rand}(i)}") == ["32"]
    assert texts(r"q_1(x) \log(p_1(x)) + \cdots + q_n(x) \log(p_n(x))") == []
    assert texts(r"\Gamma_{jk}^i = -g^{ih} \partial_{jk} \partial'_i D") == []
    assert texts(r"e^{s_{\text{label}(x)}(x)} / (e^{s_1(x)} + \dots + e^{s_N(x)})") == []
    # superscripts stay: the scores of e^5, the order of O(‖δw‖^3)
    assert texts(r"\frac{e^5}{e^5 + e^4 + e^2} = 0.71") == ["5", "5", "4", "2", "0.71"]
    assert texts(r"\mathcal{O}(\|\delta w\|^3)") == ["3"]


def test_fractions_signs_ranges_percents():
    assert texts(r"\cong \frac{1}{2}(\delta w)^T F") == ["1/2"]
    assert texts(r"[\mathbb{H}(p) \cdot p + \nabla_w p \cdot \nabla_w p] \frac{1}{p^2}") == ["1", "2"]
    assert texts("x = -2; y = 5; z = -4", code=True) == ["-2", "5", "-4"]
    assert texts("-0\t30\t30\t0") == ["-0", "30", "30", "0"]
    assert texts("1\t0\t-1") == ["1", "0", "-1"]
    assert texts("of rank at most $C - 1$") == ["1"]  # a binary minus is not a sign
    assert texts("After 150-200 epochs, every 10-20 epochs, steps 1-5") == ["150", "200", "10", "20", "1", "5"]
    assert texts("10(2):251–276, 1998.") == ["10", "2", "251", "276", "1998"]
    assert texts("80% Data for **training**") == ["80%"]
    assert texts(r"Short	$93.79 \pm 0.76\%$") == ["93.79", "0.76%"]
    assert texts("1 epoch = $40000 / 32$ updates.") == ["1", "40000", "32"]


def test_names_keep_their_digits():
    assert texts("Divide the dataset (ex. CIFAR10):") == []
    assert texts("CIFAR-100\t3072\t100") == ["3072", "100"]
    assert texts("## CS231n: Convolutional Neural Networks") == []
    assert texts("20X magnification.") == ["20"]  # digits followed by letters stay a number
    assert texts("① **Learning**: determine weights") == ["①"]


def test_read_line_and_normalise_reject_non_text():
    with pytest.raises(TypeError, match="line must be a str"):
        read_line(3.5)
    with pytest.raises(TypeError, match="printed number is a str"):
        normalise(0.34)
    assert normalise("−0") == "-0" and normalise("0.76\\%") == normalise("0.76%") == "0.76"
    assert normalise("1.0") != normalise("1")


# -- the lecture's numbers ---------------------------------------------------------------------------

def test_printed_numbers_point_into_the_lecture():
    numbers = printed_numbers()
    titles = [s.title for s in lecture_slides()]
    assert numbers and all(n.slide in titles for n in numbers)
    assert [titles.index(n.slide) for n in numbers] == sorted(titles.index(n.slide) for n in numbers)
    for n in numbers:
        if "/" not in n.text and "%" not in n.text:
            assert n.line_text[n.column:n.column + len(n.text)] == n.text, n


def test_code_block_numbers_are_read():
    code = [(n.text, n.line) for n in printed_numbers() if n.slide == "Forward pass (green), Backpropagation (red)"]
    assert code == [("-2", 84), ("5", 84), ("-4", 84), ("3", 87), ("-12", 88), ("3", 92), ("-4", 93),
                    ("1.0", 94), ("1.0", 95)]


def test_tables_and_formulas_are_read():
    by_slide = {}
    for n in printed_numbers():
        by_slide.setdefault(n.slide, []).append(n.text)
    assert by_slide["Convolutions and “edge detection”"].count("-0") == 1
    assert by_slide["Convolutions and “edge detection”"].count("30") == 8
    assert by_slide["Properties of the Fisher matrix F and local data matrix G"][4:12] == [
        "784", "10", "3072", "10", "3072", "100", "150528", "1000"]
    assert by_slide["The Fisher matrix"] == ["1/2", "3"] * 3
    assert "8048" in by_slide["Practical use: Colon Cancer Detection"]


# -- exclusions -------------------------------------------------------------------------------------

def test_every_exclusion_matches_a_printed_number_and_says_why():
    titles = {s.title for s in lecture_slides()}
    stale = [e for e, matched in exclusion_matches().items() if not matched]
    assert not stale, f"exclusions that match no printed number (stale): {stale}"
    assert len(set(EXCLUDED)) == len(EXCLUDED)
    for e in EXCLUDED:
        assert e.slide in titles and e.reason.strip()
        assert e.where is None or "{}" in e.where


def test_exclusions_are_specific():
    """Labels and dates go; real numbers printed beside them stay."""
    def excluded(slide, text, line):
        (n,) = [n for n in printed_numbers() if (n.slide, n.text, n.line) == (slide, text, line)]
        return excluded_by(n) is not None

    assert excluded("1. Learning process", "1", 64)  # "Step 1:"
    assert not excluded("1. Learning process", "1", 78)  # "1 epoch = 40000 / 32 updates"
    assert excluded("1. Learning process", "5", 70)  # "Step 5:"
    assert not excluded("1. Learning process", "5", 71)  # "repeat all steps 1-5"
    assert excluded("Practical use: Colon Cancer Detection", "200", 253)  # "200 patients"
    assert not excluded("Practical use: Colon Cancer Detection", "200", 259)  # the table's 200
    assert excluded("3. OPTIMIZER", "2", 359) and not excluded("3. OPTIMIZER", "2", 361)  # L^2 vs |w_j|^2
    assert excluded("Loss and KL Divergence", "1", 335) and not excluded("Loss and KL Divergence", "1", 345)


# -- coverage ---------------------------------------------------------------------------------------

SOFTMAX2 = "Softmax and Cross Entropy Loss/2"


def _lecture_claim(*evidence):
    return Claim(id="t", source=Source(SEEDS["L"], f'slide "{SOFTMAX2}"'), statement="x",
                 expected_verdict="verified", checks=(lambda ctx: list(evidence),))


def test_coverage_matches_slide_and_printed_text():
    ev = [printed_value("0.34", 0.3425, "−log 0.71", slide=SOFTMAX2),
          Evidence(kind="arithmetic", compared="sum", passed=True, details={"slide": SOFTMAX2, "printed": ["6", "3.91"]}),
          printed_value("0.34", 0.3425, "on a slide that does not print it", slide="The Fisher matrix")]
    result = run_claim(_lecture_claim(*ev))
    for results in ([result], [{"id": "t", "verdict": result.verdict,
                                "evidence": [{"passed": e.passed, "role": e.role, "compared": e.compared,
                                              "details": dict(e.details)} for e in result.evidence]}]):
        cov = coverage(results)
        covered = {(n.slide, n.text) for n, _ in cov.covered}
        assert {(SOFTMAX2, "0.34"), (SOFTMAX2, "6"), (SOFTMAX2, "3.91")} <= covered
        assert ("Softmax and Cross Entropy Loss/1", "0.34") not in covered  # another slide
        assert (SOFTMAX2, "10.2") in {(n.slide, n.text) for n in cov.uncovered}
        assert [(c.slide, c.printed) for c in cov.unmatched] == [("The Fisher matrix", "0.34")]
        assert len(cov.covered) + len(cov.uncovered) + len(cov.excluded) == len(cov.numbers)
    with pytest.raises(TypeError, match="ClaimResult objects or result records"):
        coverage([42])


def test_evidence_does_not_cover_an_excluded_label():
    ev = Evidence(kind="arithmetic", compared="1 epoch", passed=True, details={"slide": "1. Learning process",
                                                                              "printed": ["1"]})
    cov = coverage([run_claim(_lecture_claim(ev))])
    lines = {n.line for n, _ in cov.covered if n.slide == "1. Learning process"}
    assert 78 in lines and 64 not in lines  # "1 epoch" checked; "Step 1:" stays a label
    assert not cov.excluded_named  # the evidence means "1 epoch", printed on the same slide
    year = Evidence(kind="arithmetic", compared="x", passed=True, details={"slide": "Practical use: Colon Cancer "
                                                                                    "Detection", "printed": ["2008"]})
    cov = coverage([run_claim(_lecture_claim(year))])
    assert [(n.line, n.text) for n, _ in cov.excluded_named] == [(253, "2008")] and not cov.covered


# -- every printed number of the lecture is checked by the registered claims --------------------------

LECTURE_CLAIMS = [c for c in all_claims() if c.source.document == SEEDS["L"]]


@pytest.fixture(scope="module")
def lecture_coverage(claim_result):
    return coverage([claim_result(c.id) for c in LECTURE_CLAIMS])


def test_every_printed_lecture_number_is_checked(lecture_coverage):
    missing = lecture_coverage.uncovered_by_slide()
    listing = "\n".join(f"  {slide}: " + ", ".join(f"{t} ({', '.join(f'L{k}' for k in lines)})"
                                                   for t, lines in texts.items())
                        for slide, texts in missing.items())
    assert not missing, (f"{len(lecture_coverage.uncovered)} printed lecture numbers are checked by no evidence "
                         f"(details 'slide' + 'printed') of the {len(LECTURE_CLAIMS)} registered lecture claims:\n"
                         f"{listing}")


def test_every_checked_number_is_printed_on_its_slide(lecture_coverage):
    wrong = [(c.claim, c.slide, c.printed) for c in lecture_coverage.unmatched]
    assert not wrong, f"evidence names a (slide, printed number) that the lecture does not print: {wrong}"
