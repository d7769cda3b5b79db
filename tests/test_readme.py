"""README.md's generated claim table is what `geomath verify --readme README.md` writes from the
committed reports/results.json (kept in sync by `make verify`), and the sync itself."""
import json
from pathlib import Path

import pytest

from verification.report import README_BEGIN, README_END, readme_claim_table, sync_readme

ROOT = Path(__file__).resolve().parent.parent


def _generated_section(text: str) -> str:
    i, j = text.index(README_BEGIN), text.index(README_END)
    return text[i:j + len(README_END)]


def test_readme_claim_table_is_in_sync_with_the_committed_report():
    doc = json.loads((ROOT / "reports" / "results.json").read_text(encoding="utf-8"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert _generated_section(readme) == readme_claim_table(doc), "run `make verify` to regenerate README's table"
    rows = [line for line in _generated_section(readme).splitlines() if line.startswith("| [`")]
    assert len(rows) == len(doc["claims"])


def test_sync_replaces_only_the_generated_section(tmp_path):
    doc = json.loads((ROOT / "reports" / "results.json").read_text(encoding="utf-8"))
    path = tmp_path / "README.md"
    path.write_text(f"# title\n\nbefore\n\n{README_BEGIN}\nold table\n{README_END}\n\nafter\n", encoding="utf-8")
    assert sync_readme(path, doc) is True
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# title\n\nbefore\n\n") and text.endswith("\n\nafter\n") and "old table" not in text
    assert _generated_section(text) == readme_claim_table(doc)
    assert sync_readme(path, doc) is False  # idempotent: nothing to change the second time


def test_sync_refuses_a_readme_without_markers(tmp_path):
    path = tmp_path / "README.md"
    path.write_text("# no markers\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no generated claim section"):
        sync_readme(path, {"summary": {}, "claims": []})


def _python_blocks(text: str) -> list[str]:
    blocks, current = [], None
    for line in text.splitlines():
        if current is None and line.strip() == "```python":
            current = []
        elif current is not None and line.strip() == "```":
            blocks.append("\n".join(current))
            current = None
        elif current is not None:
            current.append(line)
    return blocks


def test_readme_python_runs():
    """The README's Python, run in order in one namespace (as a reader pastes it into a notebook), except
    the example test file (run under pytest by test_readme_example.py) and the GPU lines (test_cuda.py)."""
    blocks = _python_blocks((ROOT / "README.md").read_text(encoding="utf-8"))
    runnable = [b for b in blocks if not b.startswith("# examples/") and ".cuda()" not in b]
    assert len(runnable) >= 4
    namespace: dict = {}
    for block in runnable:
        exec(compile(block, "README.md", "exec"), namespace)  # the README is ours, not untrusted text
    assert "sphere" in namespace and "model" in namespace
