"""One theorem check per registered claim: it must reach its expected verdict.

A regression anywhere in geomath (or a claim whose evidence changes) turns the claim's test red,
with the evidence that failed in the message. Each claim runs once per session (the
``claim_result`` fixture of conftest.py); other tests read the same result.
"""
import pytest

from verification.registry import all_claims

# every test here reads the session's run of the claims (conftest.py): one xdist worker runs them all
pytestmark = pytest.mark.xdist_group("claims")

CLAIMS = all_claims()


@pytest.mark.parametrize("claim", CLAIMS, ids=[c.id for c in CLAIMS])
def test_claim_reaches_expected_verdict(claim, claim_result):
    result = claim_result(claim.id)
    failing = [
        f"[{e.role}/{e.kind}] {e.compared}: residual={e.residual!r} tol={e.tolerance!r} details={dict(e.details)!r}"
        for e in result.evidence
        if not e.passed
    ]
    assert result.error is None, result.error
    assert result.verdict == claim.expected_verdict, (
        f"{claim.id}: verdict {result.verdict!r}, expected {claim.expected_verdict!r}; "
        f"failing evidence: {failing}"
    )
