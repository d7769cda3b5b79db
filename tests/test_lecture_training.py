"""Claims of CLAIMS.md L.1 (verification/claims/lecture_training.py).

* every claim reaches its expected verdict without an error; errata have failing statement and
  passing correction evidence, caveat verdicts a failing caveat;
* every number printed on the section's slides is in some evidence's details (by slide);
* the restricted interpreter of printed code runs the slide's code and refuses everything else
  (calls, imports, attributes, subscripts, other operators and statements) with a message naming it;
* the enumeration of minibatch sums against hand-computed moments;
* mutations of the printed text (a corrected total, a corrected code line, Step 5 with Step 4, the
  convolution's signs) flip the evidence, so the checks can fail.
"""
from __future__ import annotations

import ast
from fractions import Fraction

import pytest

import verification.claims.lecture_training as T
from verification import lecture_numbers
from verification.model import Context, decide_verdict
from verification.report import result_record
from verification.runner import run_claim

# every test here reads the session's run of the claims (conftest.py): one xdist worker runs them all
pytestmark = pytest.mark.xdist_group("claims")

CLAIM_IDS = ["relu-score-function", "ce-loss-softmax", "sgd-sum-estimator", "data-split-80-10-10", "epoch-updates",
             "backprop-circuit-values", "backprop-circuit-code", "conv-edge-example", "alexnet-accuracy-table",
             "figure-only-slides", "colon-data-table"]


@pytest.fixture(scope="module")
def results(claim_result):
    return {c.id: claim_result(c.id) for c in T.CLAIMS}  # the session's one run of each claim (conftest.py)


def test_claim_ids_are_the_section():
    assert [c.id for c in T.CLAIMS] == CLAIM_IDS


@pytest.mark.parametrize("cid", CLAIM_IDS)
def test_expected_verdict(results, cid):
    r = results[cid]
    assert r.error is None, r.error
    assert r.verdict == r.claim.expected_verdict
    assert all(e.tolerance_reason for e in r.evidence)


@pytest.mark.parametrize("cid", [c.id for c in T.CLAIMS if c.expected_verdict == "erratum"])
def test_errata_have_failing_statement_and_passing_correction(results, cid):
    ev = results[cid].evidence
    assert any(not e.passed for e in ev if e.role == "statement")
    corr = [e for e in ev if e.role == "correction"]
    assert corr and all(e.passed for e in corr)


@pytest.mark.parametrize("cid", [c.id for c in T.CLAIMS if c.expected_verdict == "verified-with-caveat"])
def test_caveats_fail_and_statements_pass(results, cid):
    ev = results[cid].evidence
    assert all(e.passed for e in ev if e.role == "statement")
    assert any(not e.passed for e in ev if e.role == "caveat")


@pytest.mark.parametrize("title", [T.INGREDIENTS, T.LEARNING, T.BACKPROP, T.VALIDATION, T.CONV, T.ALEXNET, T.COLON,
                                   *T.FIGURE_SLIDES, T.LOSS])
def test_every_printed_number_has_evidence(results, title):
    """The lecture's number index (verification.lecture_numbers): no number on these slides is left
    unchecked, and every printed string of this module's evidence is a number printed on its slide."""
    cov = lecture_numbers.coverage([result_record(r) for r in results.values()])
    assert [n.text for n in cov.uncovered if n.slide == title] == []
    assert [c.printed for c in cov.unmatched if c.slide == title] == []


def test_key_numbers(results):
    colon = {e.details["printed"]: e for e in results["colon-data-table"].evidence
             if e.role == "statement" and isinstance(e.details.get("printed"), str)}
    assert colon["8048"].details["recomputed"] == 8948 and not colon["8048"].passed
    assert colon["1004"].passed and colon["1000"].passed
    assert colon["2968"].details["recomputed"] == 2068
    split = {(e.details["printed"], e.role): e for e in results["data-split-80-10-10"].evidence
             if isinstance(e.details.get("printed"), str)}
    assert split[("40000", "statement")].passed and split[("40000", "remark")].details["recomputed"] == 48000
    assert not split[("40000", "remark")].passed
    code = results["backprop-circuit-code"].evidence[0]
    assert code.details["missing"] == ["dfdz"]
    assert code.details["defined"]["dfdq"] == -4 and code.details["defined"]["dfdx"] == -4.0


# -- the restricted interpreter ----------------------------------------------------------------------

def test_interpreter_runs_the_printed_code():
    env, trace = T._run_printed_code(T._code_block())
    assert env == {"x": -2, "y": 5, "z": -4, "q": 3, "f": -12, "dfdq": -4, "dqdx": 1.0, "dqdy": 1.0,
                   "dfdx": -4.0, "dfdy": -4.0}
    assert "dfdz" not in env
    assert [a.name for a in trace].count("dfdq") == 2
    first = next(a for a in trace if a.name == "dfdq")
    assert first.value == 3 and first.comment.startswith("df/dz = q")
    assert [a.line for a in T._dead_stores(trace)] == [first.line]


def test_interpreter_arithmetic():
    env, _ = T._run_printed_code("a = 7\nb = -a / 2 + 1.5 * 2 - 1\n")
    assert env == {"a": 7, "b": -7 / 2 + 1.5 * 2 - 1}


@pytest.mark.parametrize("source, named", [
    ("x = f(1)", "Call"),
    ("import os", "Import"),
    ("from os import path", "ImportFrom"),
    ("x = os.path", "Attribute"),
    ("x = a[0]", "Subscript"),
    ("x = 2 ** 3", "Pow"),
    ("x = 7 // 2", "FloorDiv"),
    ("x = not 1", "Not"),
    ("x = 'text'", "str"),
    ("x = True", "bool"),
    ("x = y = 1", "target"),
    ("x, y = 1, 2", "Tuple"),
    ("x += 1", "AugAssign"),
    ("x = lambda: 1", "Lambda"),
    ("print(1)", "Expr"),
    ("x = __import__('os').system('true')", "Call"),
    ("x = (", "does not parse"),
])
def test_interpreter_refuses(source, named):
    with pytest.raises(ValueError, match=named):
        T._run_printed_code(source)


def test_interpreter_undefined_name_and_type():
    with pytest.raises(NameError, match="'w'"):
        T._run_printed_code("x = w + 1")
    with pytest.raises(TypeError, match="str"):
        T._run_printed_code(b"x = 1")
    with pytest.raises(TypeError, match="ast.Module"):
        T._interpret(ast.parse("1", mode="eval"))


def test_comment_target():
    assert T._comment_target("df/dz = q, so gradient on z becomes 3") == "dfdz"
    assert T._comment_target("q becomes 3") == "q"
    assert T._comment_target("The multiplication here is the chain rule!") is None
    assert T._comment_target(None) is None


# -- enumeration of the sum estimator -----------------------------------------------------------------

def test_enumeration_against_hand_moments():
    g = [[Fraction(0)], [Fraction(1)], [Fraction(5)]]  # n = 3, mean 2, population variance 14/3
    mean, cov, m = T._enumerate_sum_estimator(g, 2, with_replacement=True)
    assert m == 9 and mean == [4] and cov == [[Fraction(28, 3)]]  # 2·(14/3)
    mean, cov, m = T._enumerate_sum_estimator(g, 2, with_replacement=False)
    assert m == 3 and mean == [4] and cov == [[Fraction(14, 3)]]  # 2·(14/3)·(3−2)/(3−1)
    mean, cov, m = T._enumerate_sum_estimator(g, 3, with_replacement=False)
    assert m == 1 and cov == [[0]]


# -- mutations: the checks can fail ---------------------------------------------------------------------

def _patched_text(monkeypatch, title: str, old: str, new: str):
    original = T._text

    def text(t: str) -> str:
        s = original(t)
        if t == title:
            assert old in s
            s = s.replace(old, new)
        return s

    monkeypatch.setattr(T, "_text", text)


def test_mutation_corrected_total_passes(monkeypatch):
    _patched_text(monkeypatch, T.COLON, "2968\t8048", "2968\t8948")
    ev = T._colon(Context(0, "colon-data-table"))
    total = next(e for e in ev if e.details.get("printed") == "8948")
    assert total.passed
    assert all(e.passed for e in ev if e.role == "statement")


def test_mutation_step5_with_update_passes(monkeypatch):
    _patched_text(monkeypatch, T.LEARNING, "Repeat Step 1-2-3 up", "Repeat Step 1-2-3-4 up")
    ev = T._epoch_steps(Context(0, "epoch-updates"))
    assert all(e.passed for e in ev)
    assert decide_verdict(ev + T._epoch_correction(Context(0, "epoch-updates"))) == "verified"


def test_mutation_corrected_code_passes(monkeypatch):
    code = T._code_block().replace("dfdq = q #", "dfdz = q #")
    monkeypatch.setattr(T, "_code_block", lambda: code)
    ev = T._backprop_code(Context(0, "backprop-circuit-code"))
    assert all(e.passed for e in ev)


def test_mutation_convolution_signs_fail(monkeypatch):
    _patched_text(monkeypatch, T.CONV, "-0\t30\t30\t0\n0\t30\t30\t0", "-0\t-30\t-30\t0\n0\t-30\t-30\t0")
    ev = T._conv_edge(Context(0, "conv-edge-example"))
    failing = [e for e in ev if e.role == "statement" and not e.passed]
    assert len(failing) == 4 and all(e.details["printed"] == "-30" for e in failing)


def test_enumeration_bad_batch_size():
    g = [[Fraction(1)], [Fraction(2)]]
    with pytest.raises(ValueError, match="minibatch size b = 3"):
        T._enumerate_sum_estimator(g, 3, with_replacement=False)
    with pytest.raises(ValueError, match="b = 0"):
        T._enumerate_sum_estimator(g, 0, with_replacement=True)
