"""The README's example test file, examples/test_my_network.py, as a new user runs it.

One subprocess runs pytest twice (pytest.main), so that torch is imported and its first
forward-mode pass warmed up once (about 3 s each otherwise): (1) the file as it is, with
--geomath-report, and (2) a copy with nn.ReLU() replaced by nn.Tanh(), also with a report. The
runs are seeded (--hypothesis-seed=0) and kept out of the repository (a temporary directory is
the working directory and the rootdir, so the hypothesis database and caches land there).
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "test_my_network.py"
README = ROOT / "README.md"
ACTIVATION = "torch.nn.ReLU()"
MARK = "@@geomath-readme-run@@"

DRIVER = f'''
import sys
import pytest
from hypothesis import Phase, settings

common = ["-p", "no:cacheprovider", "--hypothesis-seed=0", "-W", "ignore::DeprecationWarning"]
print("{MARK} relu", flush=True)
relu = pytest.main(["test_my_network.py", "--geomath-report", "report_relu", *common])
# tanh fails at every input (defect ~0.5), so shrinking the first failure only costs time
settings.register_profile("no-shrink", phases=[Phase.explicit, Phase.reuse, Phase.generate])
settings.load_profile("no-shrink")
print("{MARK} tanh", flush=True)
tanh = pytest.main(["test_my_tanh_network.py", "--geomath-report", "report_tanh", *common])
print("{MARK} exit", int(relu), int(tanh), flush=True)
'''


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict:
    work = tmp_path_factory.mktemp("readme_example")
    text = EXAMPLE.read_text(encoding="utf-8")
    (work / "test_my_network.py").write_text(text, encoding="utf-8")
    (work / "test_my_tanh_network.py").write_text(text.replace(ACTIVATION, "torch.nn.Tanh()"), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    out = subprocess.run([sys.executable, "-c", DRIVER], cwd=work, env=env, capture_output=True, text=True,
                         timeout=300)
    parts = dict(re.findall(rf"^{MARK} (\w+)(.*?)(?=^{MARK} |\Z)", out.stdout, flags=re.M | re.S))
    assert "exit" in parts, out.stdout[-3000:] + out.stderr[-3000:]
    relu_exit, tanh_exit = (int(v) for v in parts["exit"].split())
    return {"work": work, "relu": parts["relu"], "tanh": parts["tanh"], "relu_exit": relu_exit,
            "tanh_exit": tanh_exit, "stderr": out.stderr}


def test_the_example_is_under_15_lines_and_checks_a_relu_module():
    text = EXAMPLE.read_text(encoding="utf-8")
    assert len(text.splitlines()) < 15 and text.endswith("\n")
    assert text.count(ACTIVATION) == 1  # the substitution below swaps the only activation


def test_the_example_runs_green(runs):
    assert runs["relu_exit"] == 0, runs["relu"][-3000:]
    assert re.search(r"\b1 passed\b", runs["relu"])


def test_the_example_with_tanh_fails_with_a_readable_message(runs):
    out = runs["tanh"]
    assert runs["tanh_exit"] == 1, out[-3000:]
    for phrase in ("assert_involutive failed: the distribution is not involutive at the point",
                   "checked:", "measured:  defect = ", "tolerance: defect × (1 − p_max) <= 2.22e-13",
                   "smooth activations (tanh, GELU, softplus) are expected to fail here"):
        assert phrase in out, phrase
    # the number in the message is the one the report recorded for the falsifying example
    doc = json.loads((runs["work"] / "report_tanh" / "results.json").read_text(encoding="utf-8"))
    last = doc["tests"][0]["checks"][-1]
    assert last["name"] == "assert_involutive" and not last["passed"]
    assert f"defect = {last['details']['defect']:.3g}" in out
    assert last["details"]["defect"] > 1e-3  # far above the 1e3·eps·(1 − p_max) allowance


def test_the_report_names_the_checks_that_ran(runs):
    report = runs["work"] / "report_relu"
    doc = json.loads((report / "results.json").read_text(encoding="utf-8"))
    (test,) = doc["tests"]
    assert test["nodeid"] == "test_my_network.py::test_my_network" and test["outcome"] == "passed"
    names = [c["name"] for c in test["checks"]]
    assert set(names) == {"assert_involutive", "assert_kl_fisher_expansion"}
    assert names.count("assert_involutive") >= 25 and all(c["passed"] for c in test["checks"])
    index = (report / "index.md").read_text(encoding="utf-8")
    assert "## `test_my_network.py::test_my_network` — passed" in index
    assert "| assert_involutive |" in index and "| assert_kl_fisher_expansion |" in index


def _example_block(markdown: str) -> str | None:
    """The ```python block whose first line is '# examples/test_my_network.py', or None."""
    for block in re.findall(r"^```python\n(.*?)^```", markdown, flags=re.M | re.S):
        if block.startswith("# examples/test_my_network.py"):
            return block
    return None


def test_the_block_reader_finds_the_example_among_other_blocks():
    text = EXAMPLE.read_text(encoding="utf-8")
    markdown = f"# t\n\n```python\nimport sympy\n```\n\nThe example:\n\n```python\n{text}```\n\n```sh\nmake\n```\n"
    assert _example_block(markdown) == text
    assert _example_block(markdown.replace("nn.ReLU()", "nn.GELU()")) != text
    assert _example_block("```python\nprint(1)\n```\n") is None


def test_the_readme_shows_the_example_file_verbatim():
    block = _example_block(README.read_text(encoding="utf-8"))
    if block is None:
        pytest.skip("README.md has no ```python block starting with '# examples/test_my_network.py' yet")
    assert block == EXAMPLE.read_text(encoding="utf-8")
