"""reports/results.json follows verification/results.schema.json (JSON Schema, draft 2020-12): the
committed report, a report written now, and the schema's enumerations against the code's."""
import copy
import json
from pathlib import Path

import jsonschema
import pytest

from verification import figures
from verification.model import DOCUMENT_KINDS, EVIDENCE_KINDS, ROLES, SEEDS, VERDICTS

# every test here reads the session's run of the claims (conftest.py): one xdist worker runs them all
pytestmark = pytest.mark.xdist_group("claims")

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "verification" / "results.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def _errors(doc) -> list[str]:
    return [f"{e.json_path}: {e.message[:200]}" for e in VALIDATOR.iter_errors(doc)]


def test_the_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_the_schema_enumerations_are_the_codes():
    defs = SCHEMA["$defs"]
    assert defs["verdict"]["enum"] == list(VERDICTS)
    assert defs["seed"]["enum"] == sorted(SEEDS.values())
    assert defs["evidence"]["properties"]["kind"]["enum"] == list(EVIDENCE_KINDS)
    assert defs["evidence"]["properties"]["role"]["enum"] == list(ROLES)
    assert defs["document"]["properties"]["kind"]["enum"] == list(DOCUMENT_KINDS)
    assert SCHEMA["properties"]["schema_version"]["const"] == __import__("verification.report").report.SCHEMA_VERSION
    kinds = {cls.kind for cls in vars(figures).values()
             if isinstance(cls, type) and issubclass(cls, figures.FIGURE_TYPES) and cls is not figures.Plot}
    assert set(defs["figure"]["properties"]["kind"]["enum"]) == kinds


def test_the_committed_report_follows_the_schema():
    doc = json.loads((ROOT / "reports" / "results.json").read_text(encoding="utf-8"))
    assert _errors(doc) == []
    # what a schema cannot say: the summary counts the claims
    assert doc["summary"]["claims"] == len(doc["claims"])
    assert sum(doc["summary"]["verdicts"].values()) == len(doc["claims"])
    assert doc["summary"]["as_expected"] == sum(c["as_expected"] for c in doc["claims"])


def test_a_report_written_now_follows_the_schema(sample_report):
    doc = json.loads((sample_report / "results.json").read_text(encoding="utf-8"))
    assert _errors(doc) == []
    files = [f["file"] for c in doc["claims"] for e in c["evidence"] for f in e["figures"] if f["kind"] != "table"]
    assert files and all((sample_report / f).is_file() for f in files)


@pytest.mark.parametrize("break_it, where", [
    (lambda d: d["claims"][0].__setitem__("verdict", "probably"), "verdict"),
    (lambda d: d["claims"][0]["evidence"][0].pop("passed"), "passed"),
    (lambda d: d["claims"][0]["source"].__setitem__("document", "elsewhere.txt"), "document"),
    (lambda d: d["claims"][0]["source"]["places"].append({"label": "Eq. (1)", "first_line": 0, "last_line": 1}),
     "first_line"),
    (lambda d: d["summary"]["verdicts"].__setitem__("maybe", 1), "verdicts"),
    (lambda d: d.__setitem__("schema_version", 1), "schema_version"),
    (lambda d: d["errata"][0].pop("printed"), "printed"),
    (lambda d: d["errata"][0].__setitem__("consequence", 4), "consequence"),
    (lambda d: d["claims"][0]["evidence"][0].__setitem__("role", "aside"), "role"),
    (lambda d: d["claims"][0].__setitem__("page", "../../etc/x.md"), "page"),
    (lambda d: d["documents"][0].__setitem__("kind", "blog"), "kind"),
    (lambda d: d["claims"][0].__setitem__("surprise", 1), "surprise"),
])
def test_the_schema_rejects_a_broken_document(sample_report, break_it, where):
    doc = json.loads((sample_report / "results.json").read_text(encoding="utf-8"))
    assert doc["errata"] and doc["claims"][0]["source"]["places"] is not None
    broken = copy.deepcopy(doc)
    break_it(broken)
    errors = _errors(broken)
    assert errors and any(where in e for e in errors), errors


def test_a_figure_path_must_stay_inside_the_report(sample_report):
    doc = json.loads((sample_report / "results.json").read_text(encoding="utf-8"))
    fig = next(f for c in doc["claims"] for e in c["evidence"] for f in e["figures"] if f["kind"] != "table")
    fig["file"] = "/etc/passwd"
    assert any("file" in e for e in _errors(doc))
