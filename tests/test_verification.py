"""The verification machinery: verdict rule, claim validation, registry, report, CLI."""
import json
import re
from pathlib import Path

import pytest

from verification import cli
from verification.model import SEEDS, Claim, Context, Evidence, Source, decide_verdict
from verification.registry import all_claims, select
from verification.report import render_markdown, results_document, write_report
from verification.runner import run_claim

P = SEEDS["P"]


def ev(passed, role="statement"):
    return Evidence(kind="symbolic", compared="x", passed=passed, role=role)


@pytest.mark.parametrize(
    "evidence, verdict",
    [
        ([ev(True)], "verified"),
        ([ev(True), ev(False, "caveat")], "verified-with-caveat"),
        ([ev(False), ev(True, "correction")], "erratum"),
        ([ev(False)], "inconclusive"),
        ([ev(False), ev(False, "correction")], "inconclusive"),
        ([ev(True, "caveat")], "inconclusive"),  # no statement evidence
        ([], "inconclusive"),
    ],
)
def test_verdict_rule(evidence, verdict):
    assert decide_verdict(evidence) == verdict


def test_error_makes_inconclusive():
    assert decide_verdict([ev(True)], error="boom") == "inconclusive"


def _claim(check, expected="verified", **kw):
    return Claim(id="t", source=Source(P, "§2"), statement="x", expected_verdict=expected, checks=(check,), **kw)


def test_runner_catches_a_crashing_check():
    def boom(ctx):
        raise RuntimeError("kaput")

    r = run_claim(_claim(boom))
    assert r.verdict == "inconclusive" and "kaput" in r.error


def test_runner_rejects_non_evidence():
    r = run_claim(_claim(lambda ctx: [42]))
    assert r.verdict == "inconclusive" and "expected Evidence" in r.error


def test_claim_validation():
    with pytest.raises(ValueError, match="expected_verdict"):
        _claim(lambda c: ev(True), expected="true")
    with pytest.raises(ValueError, match="caveat"):
        _claim(lambda c: ev(True), expected="verified-with-caveat")
    with pytest.raises(ValueError, match="corrected statement"):
        _claim(lambda c: ev(True), expected="erratum")
    with pytest.raises(ValueError, match="no checks"):
        Claim(id="t", source=Source(P, "§2"), statement="x", expected_verdict="verified", checks=())
    with pytest.raises(ValueError, match="seed file"):
        Source("paper.pdf", "§2")
    with pytest.raises(ValueError, match="kind"):
        Evidence(kind="vibes", compared="x", passed=True)
    with pytest.raises(TypeError, match="bool"):
        Evidence(kind="numeric", compared="x", passed=1)


def test_context_rng_is_seeded():
    a, b = Context(0, "c").rng("s"), Context(0, "c").rng("s")
    assert a.random() == b.random()
    assert Context(0, "c").rng("s").random() != Context(1, "c").rng("s").random()


CATALOGUE = Path(__file__).resolve().parents[2] / "shared" / "CLAIMS.md"


def test_registry_ids_unique_and_from_catalogue():
    claims = all_claims()
    ids = [c.id for c in claims]
    assert len(ids) == len(set(ids)) and claims
    if not CATALOGUE.exists():
        pytest.skip(f"catalogue not beside the checkout ({CATALOGUE}); ids checked for uniqueness only")
    catalogue_ids = set(re.findall(r"^### `([^`]+)`", CATALOGUE.read_text(encoding="utf-8"), re.M))
    assert set(ids) <= catalogue_ids, f"ids not in CLAIMS.md: {sorted(set(ids) - catalogue_ids)}"
    assert select(claims, "diffusion") and all("diffusion" in c.id for c in select(claims, "diffusion"))
    assert select(claims, "no-such-claim-id") == []


def test_report_files(tmp_path):
    claim = _claim(lambda ctx: ev(True))
    results = [run_claim(claim)]
    paths = write_report(results, tmp_path, seed=3, total_seconds=0.1)
    doc = json.loads(paths["json"].read_text())
    item = doc["claims"][0]
    assert {"id", "verdict", "expected_verdict", "source", "evidence"} <= set(item)
    assert doc["seed"] == 3 and {"python", "sympy", "torch"} <= set(doc["versions"])
    md = paths["markdown"].read_text()
    assert "## All claims" in md and "[`t`](claims/t.md)" in md
    assert "### `t`" not in md and (tmp_path / "claims" / "t.md").read_text().startswith("# `t`")


def test_markdown_is_deterministic():
    results = [run_claim(_claim(lambda ctx: ev(True)))]
    a = render_markdown(results_document(results, 0, 1.0))
    b = render_markdown(results_document(results, 0, 99.0))  # timings differ, report text does not
    assert a == b


def test_cli_exit_codes(tmp_path, capsys):
    assert cli.main(["verify", "--only", "no-such-claim", "--out", str(tmp_path)]) == 2
    assert cli.main(["frobnicate"]) == 2
    assert cli.main(["verify", "--seed", "-1", "--out", str(tmp_path)]) == 2


def test_cli_runs_and_reports(tmp_path, monkeypatch):
    good = _claim(lambda ctx: ev(True))
    monkeypatch.setattr(cli, "all_claims", lambda: [good])
    assert cli.main(["verify", "--out", str(tmp_path), "--quiet"]) == 0
    assert (tmp_path / "index.md").exists() and (tmp_path / "results.json").exists()
    wrong = _claim(lambda ctx: ev(False), expected="verified")
    monkeypatch.setattr(cli, "all_claims", lambda: [wrong])
    assert cli.main(["verify", "--out", str(tmp_path), "--quiet"]) == 1


def test_cli_verify_json_and_readme(tmp_path, monkeypatch, capsys):
    from verification.report import README_BEGIN, README_END

    good = _claim(lambda ctx: ev(True))
    monkeypatch.setattr(cli, "all_claims", lambda: [good])
    readme = tmp_path / "README.md"
    readme.write_text(f"intro\n{README_BEGIN}\n{README_END}\n", encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["verify", "--out", str(tmp_path / "r"), "--json", "--readme", str(readme)]) == 0
    out = json.loads(capsys.readouterr().out)  # stdout is the JSON and nothing else
    assert out["as_expected"] is True and [c["id"] for c in out["claims"]] == ["t"]
    assert out["claims"][0]["verdict"] == out["claims"][0]["expected_verdict"]
    assert out["headline"].startswith("Of 1 claim checked in 1 document") and out["errata"] == []  # findings first
    assert (tmp_path / "r" / "index.html").is_file() and out["report"]["html"].endswith("index.html")
    assert "| [`t`](reports/claims/t.md) |" in readme.read_text(encoding="utf-8")
    # a partial run leaves the README's table alone; a README without markers is a usage error
    readme.write_text(f"intro\n{README_BEGIN}\nkept\n{README_END}\n", encoding="utf-8")
    assert cli.main(["verify", "--out", str(tmp_path / "r"), "--quiet", "--only", "t", "--readme", str(readme)]) == 0
    assert "kept" in readme.read_text(encoding="utf-8")
    readme.write_text("no markers\n", encoding="utf-8")
    assert cli.main(["verify", "--out", str(tmp_path / "r"), "--quiet", "--readme", str(readme)]) == 2


def test_differences_along_a_curve_read_as_mathematics():
    """A symbolic difference along a curve x(t) is shown as ∂_x f and ẋ, not as SymPy's d/dx(t) f(x(t))."""
    import sympy as sp

    from verification.evidence import latex, symbolic_identity

    t = sp.Symbol("t")
    x, y = sp.Function("x")(t), sp.Function("y")(t)
    f = sp.Function("f_1")
    text = latex(sp.diff(f(x, y), t, 2))
    assert r"\partial_{x}^{2} f_{1} \dot{x}" in text and r"\partial_{x} f_{1} \ddot{x}" in text
    assert "left(t" not in text and "d x" not in text
    ev = symbolic_identity(sp.diff(f(x, y), t), 0, "d/dt f along the curve vs 0")
    assert not ev.passed and "left(t" not in ev.details["first non-zero difference"]
    assert latex(sp.sin(x) + sp.Symbol("a") ** 2) == sp.latex(sp.sin(sp.Symbol("x")) + sp.Symbol("a") ** 2)
