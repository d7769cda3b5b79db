"""geomath list / show / christoffel, and the safe reader of metric text behind christoffel."""
import builtins
import json

import pytest
import sympy as sp

from geomath.symbolic.parsing import parse_coords, parse_matrix_literal
from verification import cli

SENTINEL = "geomath_cli_text_was_evaluated"
INJECTIONS = [
    f"__import__('builtins').__setattr__('{SENTINEL}', True)",
    f"[[__import__('builtins').__setattr__('{SENTINEL}', True), 0], [0, 1]]",
    "[[().__class__.__base__.__subclasses__(), 0], [0, 1]]",
    "[[(lambda: 1)(), 0], [0, 1]]",
    "[[eval('1'), 0], [0, 1]]",
    "[[open('/etc/passwd'), 0], [0, 1]]",
    "[[r.__class__, 0], [0, 1]]",
    "[[__builtins__, 0], [0, 1]]",
    "[[[x for x in range(3)], 0], [0, 1]]",
    "[[sin(x=r), 0], [0, 1]]",
    "[['1', 0], [0, 1]]",
    "[[r[0], 0], [0, 1]]",
    "[[9**9**9, 0], [0, 1]]",
]


@pytest.fixture(autouse=True)
def nothing_is_evaluated():
    yield
    evaluated = hasattr(builtins, SENTINEL)
    if evaluated:
        delattr(builtins, SENTINEL)
    assert not evaluated, "metric text was run as code"


def test_polar_metric(capsys):
    assert cli.main(["christoffel", "[[1, 0], [0, r**2]]", "--coords", "r,theta"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == ["Γ^r_theta theta = -r", "Γ^theta_r theta = 1/r"]


def test_sphere_latex_and_json(capsys):
    assert cli.main(["christoffel", "[[1, 0], [0, sin(theta)**2]]", "--coords", "theta,phi", "--latex"]) == 0
    out = capsys.readouterr().out
    assert r"\Gamma^{\theta}_{\phi\phi} = - \sin{\left(\theta \right)} \cos{\left(\theta \right)}" in out
    assert cli.main(["christoffel", "[[-(1 - 2*M/r), 0], [0, 1/(1 - 2*M/r)]]", "--coords", "t,r", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    M, r = sp.symbols("M r", real=True)
    (gamma,) = parse_matrix_literal(f"[[{doc['christoffel']['t,t,r']}]]", (M, r))  # read back safely
    assert sp.simplify(gamma - M / (r * (r - 2 * M))) == 0


def test_metric_from_file(tmp_path, capsys):
    f = tmp_path / "g.txt"
    f.write_text("[[1, 0],\n [0, r**2]]\n")
    assert cli.main(["christoffel", "--file", str(f), "--coords", "r,theta"]) == 0
    assert "Γ^r_theta theta = -r" in capsys.readouterr().out
    assert cli.main(["christoffel", "--file", str(tmp_path / "missing.txt"), "--coords", "r,theta"]) == 2
    assert cli.main(["christoffel", "[[1]]", "--file", str(f), "--coords", "r"]) == 2  # both given
    assert cli.main(["christoffel", "--coords", "r"]) == 2  # neither


@pytest.mark.parametrize("text", INJECTIONS)
def test_code_injection_is_refused(text, capsys):
    assert cli.main(["christoffel", text, "--coords", "r,theta"]) == 2
    err = capsys.readouterr().out
    assert "geomath christoffel:" in err and ("not allowed" in err or "nested list" in err or "exceeds" in err)
    with pytest.raises(ValueError):
        parse_matrix_literal(text)


@pytest.mark.parametrize("text, match", [
    ("[[1, 0], [0]]", "must be square"),
    ("[1, 0]", "row 0 is not a list"),
    ("[]", "empty list"),
    ("[[1, 0], [0, r**2]", "not a nested list literal"),
    ("[[r/0, 0], [0, 1]]", "division by zero"),
    ("[[_x, 0], [0, 1]]", "names starting with '_'"),
    ("[[sin, 0], [0, 1]]", "without a call"),
    ("[[True, 0], [0, 1]]", "bool"),
    ("[" * 500 + "]" * 500, "nested"),
    ("[[1]]" + " " * 30_000, "at most"),
])
def test_bad_metric_text(text, match):
    with pytest.raises(ValueError, match=match):
        parse_matrix_literal(text)


def test_reader_builds_what_was_written():
    r, th = parse_coords("r,theta")
    g = parse_matrix_literal("[[1, 0.5], [0.5, r**2*exp(-a*theta)]]", (r, th))
    a = sp.Symbol("a", real=True)
    assert g == sp.ImmutableMatrix([[1, sp.Rational(1, 2)], [sp.Rational(1, 2), r**2 * sp.exp(-a * th)]])
    assert g[1, 1].has(r) and g[1, 1].has(th)  # names bind to the coordinates themselves
    with pytest.raises(TypeError, match="must be a str"):
        parse_matrix_literal(["[1]"])
    for bad in ("r,r", "r,__x", "r,sin", "r,1x"):
        with pytest.raises(ValueError, match="coords"):
            parse_coords(bad)


def test_metric_errors_are_usage_errors(capsys):
    assert cli.main(["christoffel", "[[1, 0], [0, r**2]]", "--coords", "r"]) == 2  # 1 coord for 2x2
    assert cli.main(["christoffel", "[[1, 1], [1, 1]]", "--coords", "r,theta"]) == 2  # singular
    assert "singular" in capsys.readouterr().out


def _report(tmp_path, verdict):
    (tmp_path / "results.json").write_text(json.dumps({"claims": [{
        "id": "levi-civita-self-conjugate", "verdict": verdict, "expected_verdict": "verified",
        "source": {"document": "000_acd474bf80f85192.txt", "location": "slide"}, "statement": "s",
        "hypotheses": [], "caveat": None, "correction": None, "notes": "",
        "evidence": [{"role": "statement", "kind": "symbolic", "compared": "c", "passed": verdict == "verified",
                      "residual": 0, "tolerance": 0, "figures": [{"kind": "spectrum", "file": "figures/x-1.png"}]}]}]}))


def test_list_and_show_read_the_report(tmp_path, capsys):
    _report(tmp_path, "verified")
    assert cli.main(["list", "--only", "levi-civita-self*", "--report", str(tmp_path), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["claims"]
    assert rows == [{"id": "levi-civita-self-conjugate", "source": rows[0]["source"], "expected_verdict": "verified",
                     "last_verdict": "verified"}]
    assert cli.main(["show", "levi-civita-self-conjugate", "--report", str(tmp_path)]) == 0
    assert f"figure: {tmp_path / 'figures/x-1.png'}" in capsys.readouterr().out
    (tmp_path / "index.html").write_text("<!DOCTYPE html>", encoding="utf-8")
    assert cli.main(["show", "levi-civita-self-conjugate", "--report", str(tmp_path)]) == 0
    assert f"page: {tmp_path / 'index.html'}#levi-civita-self-conjugate" in capsys.readouterr().out
    _report(tmp_path, "erratum")  # a regression in the last report: exit 1
    assert cli.main(["list", "--only", "levi-civita-self*", "--report", str(tmp_path)]) == 1
    assert cli.main(["show", "levi-civita-self-conjugate", "--report", str(tmp_path)]) == 1
    assert cli.main(["list", "--only", "no-such-claim", "--report", str(tmp_path)]) == 2
    assert cli.main(["show", "no-such-claim", "--report", str(tmp_path)]) == 2
    assert cli.main(["show", "divergence-christoffel-formula", "--report", str(tmp_path)]) == 2  # not in that report
    assert cli.main(["list", "--only", "levi-civita-self*", "--report", str(tmp_path / "none")]) == 0  # no report yet


def test_show_runs_a_claim(capsys):
    assert cli.main(["show", "levi-civita-self-conjugate", "--run", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["verdict"] == "verified" and doc["origin"] == "run now, seed 0" and len(doc["evidence"]) == 3
    # the source location resolved to the seed's lines: the lecture's appendix slide
    from verification.sources import lecture_slide

    slide = lecture_slide("Appendix: Detour on conjugate connections")
    assert any(p["first_line"] == slide.first_line for p in doc["source"]["places"])
    assert cli.main(["show", "levi-civita-self-conjugate", "--run"]) == 0
    assert "seed lines: “Appendix: Detour on conjugate connections” " + f"{slide.first_line}–" in capsys.readouterr().out
    assert cli.main(["show", "levi-civita-self-conjugate", "--run", "--seed", "-1"]) == 2
