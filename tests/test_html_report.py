"""reports/index.html: a self-contained page — MathML math, embedded figures, no request of its own —
checked as text, and rendered in headless Chromium (Debian's `chromium`, driven by Playwright).

The browser tests skip with a message where no Chromium is installed, unless GEOMATH_REQUIRE_BROWSER
is set (``.ci/run`` installs Chromium and sets it, so CI cannot skip them silently).
"""
from __future__ import annotations

import json
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from verification.html import mathml

# every test here reads the session's run of the claims (conftest.py): one xdist worker runs them all
pytestmark = pytest.mark.xdist_group("claims")

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "reports" / "index.html"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-quic", "--no-first-run", "--disable-sync"]


class _Resources(HTMLParser):
    """Every URL the page could load (src, link href, srcset, CSS url()), and its anchors and ids."""

    def __init__(self):
        super().__init__()
        self.loads: list[str] = []
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if "id" in a:
            self.ids.add(a["id"])
        for key in ("src", "srcset", "data", "poster", "background"):
            if a.get(key):
                self.loads.append(a[key])
        if tag == "link" and a.get("href"):
            self.loads.append(a["href"])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if a.get("style"):
            self.loads += re.findall(r"url\(([^)]*)\)", a["style"])


def _parse(text: str) -> _Resources:
    p = _Resources()
    p.feed(text)
    return p


def _check_self_contained(page: str, doc: dict) -> _Resources:
    res = _parse(page)
    assert res.loads, "the page has no <img> at all"
    assert all(u.startswith("data:image/png;base64,") for u in res.loads), [u[:60] for u in res.loads if
                                                                               not u.startswith("data:")]
    assert not re.search(r"url\((?!data:)", page.split("<style>", 1)[1].split("</style>", 1)[0])
    assert "default-src 'none'" in page  # the CSP: the browser refuses any request the page might make
    assert "latex-fallback" not in page  # every statement and correction became MathML
    # every claim has its section, its source anchor and its evidence table; every in-page link resolves
    for c in doc["claims"]:
        assert {c["id"], f"{c['id']}-source", f"{c['id']}-evidence"} <= res.ids
    internal = [h[1:] for h in res.links if h.startswith("#")]
    assert internal and set(internal) <= res.ids, sorted(set(internal) - res.ids)
    # no link to a file outside the page's folder: the sources are embedded as excerpts, so the page works
    # when it is sent alone or written with --out elsewhere
    external = [h for h in res.links if not h.startswith("#")]
    assert external == [], external
    # findings first: per document, derivations, errata, caveats, then every claim, the claims in full, and last
    # the regression guard (agreement with expected verdicts)
    sections = ["documents", "derivations", "errata", "caveats", "summary", "claims", "regression-guard"]
    order = [page.index(f'id="{k}"') for k in sections if f'id="{k}"' in page]
    assert order == sorted(order) and 'id="documents"' in page and 'id="regression-guard"' in page
    assert page.index(f"Of {doc['summary']['claims']} claim") < page.index('id="documents"')  # the headline
    # one row per erratum claim, no ditto marks, no LaTeX source in the findings tables
    errata = page.split('id="errata"', 1)[1].split("</section>", 1)[0] if doc["errata"] else ""
    assert errata.count("<tr>") == len(doc["errata"]) + 1
    assert "″" not in page and "\\frac" not in errata
    figures = sum(1 for c in doc["claims"] for e in c["evidence"] for f in e["figures"]
                  if f["kind"] != "table" and f.get("file"))
    assert page.count("<img ") == figures
    return res


def test_mathml_of_a_statement():
    m = mathml(r"\Gamma^w_{uv} = \frac{1}{2} g^{wz}")
    assert m.startswith("<math") and 'display="block"' in m and "<mfrac>" in m
    assert "latex-fallback" in mathml(r"\frac{1}{")  # unreadable LaTeX is shown as source, and the tests see it


def test_written_page_is_self_contained(sample_report):
    page = (sample_report / "index.html").read_text(encoding="utf-8")
    doc = json.loads((sample_report / "results.json").read_text(encoding="utf-8"))
    _check_self_contained(page, doc)
    # the source excerpt shows the seed's own lines: Eq. (7) of the paper is its line with \tag{7}
    assert "\\tag{7}" in page.split('id="christoffel-first-order-eq7-source"', 1)[1].split("</div>", 1)[0]


def test_committed_page_is_self_contained_and_current():
    page = COMMITTED.read_text(encoding="utf-8")
    doc = json.loads((ROOT / "reports" / "results.json").read_text(encoding="utf-8"))
    _check_self_contained(page, doc)
    # written from the committed results.json by the same code (no hand edit, not stale)
    from verification.html import render_html

    assert page == render_html(doc, ROOT / "reports")


# -- in a real browser ------------------------------------------------------------------------------

def _chromium() -> str | None:
    return os.environ.get("GEOMATH_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser():
    exe = _chromium()
    if exe is None:
        msg = ("no Chromium found (install Debian's `chromium` package, or set GEOMATH_CHROMIUM to a Chromium "
               "binary): the headless-browser test of reports/index.html did not run")
        if os.environ.get("GEOMATH_REQUIRE_BROWSER"):
            pytest.fail(msg + " — and GEOMATH_REQUIRE_BROWSER is set")
        pytest.skip(msg)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=CHROMIUM_FLAGS)
        yield b
        b.close()


def _open(browser, path: Path):
    """The page loaded from file://, with every request it made and every console error."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri(), wait_until="load")
    return page, requests, errors


_RENDERED = """() => {
  const open = el => !el.closest('details:not([open])');
  const boxes = [...document.querySelectorAll('math')].filter(open).map(m => m.getBoundingClientRect());
  const fracs = [...document.querySelectorAll('mfrac')].filter(open).map(f => {
    const [num, den] = [...f.children].map(c => c.getBoundingClientRect());
    return num.bottom <= den.top + 1;   // laid out as a fraction: numerator above denominator
  });
  const imgs = [...document.images].map(i => i.complete && i.naturalWidth > 0 && i.naturalHeight > 0);
  return {math: boxes.length, empty: boxes.filter(b => !(b.width > 0 && b.height > 0)).length,
          fracs: fracs.length, stacked: fracs.filter(Boolean).length,
          imgs: imgs.length, decoded: imgs.filter(Boolean).length,
          mathml: typeof MathMLElement !== 'undefined' && document.querySelector('math') instanceof MathMLElement};
}"""


_FITS = """() => {
  // no formula wider than its table cell, and nothing in a cell that scrolls or is clipped
  const cells = [...document.querySelectorAll('td')].filter(td => !td.closest('details:not([open])'));
  const wide = [];
  for (const td of cells) {
    for (const m of td.querySelectorAll('math'))
      if (m.getBoundingClientRect().width > td.getBoundingClientRect().width + 1) wide.push(td.innerText.slice(0, 60));
    if (td.scrollWidth > td.clientWidth + 1) wide.push(td.innerText.slice(0, 60));
  }
  const headline = document.querySelector('.summary-line').getBoundingClientRect();
  const docs = document.getElementById('documents').getBoundingClientRect();
  return {wide, headlineTop: headline.top, documentsTop: docs.top};
}"""


def _artifacts() -> Path:
    """Where the browser tests keep their screenshots (GEOMATH_TEST_ARTIFACTS, or .test-artifacts/)."""
    out = Path(os.environ.get("GEOMATH_TEST_ARTIFACTS") or ROOT / ".test-artifacts")
    out.mkdir(parents=True, exist_ok=True)
    return out


@pytest.mark.parametrize("which", ["written now", "committed"])
def test_page_renders_math_and_figures_without_network(browser, sample_report, which):
    path = sample_report / "index.html" if which == "written now" else COMMITTED
    page, requests, errors = _open(browser, path)
    state = page.evaluate(_RENDERED)
    fits = page.evaluate(_FITS)
    # the first screen, kept as a test artifact: what a co-author sees on opening the page
    shot = _artifacts() / f"report-first-screen-{which.replace(' ', '-')}.png"
    page.screenshot(path=str(shot), full_page=False)
    page.close()
    assert fits["wide"] == [], fits["wide"]
    assert 0 <= fits["headlineTop"] < fits["documentsTop"] < 900, fits  # the findings lead the first screen
    assert requests == [path.as_uri()], requests  # the page itself, nothing else
    assert errors == []
    assert state["mathml"] and state["math"] > 0 and state["empty"] == 0, state
    assert state["fracs"] > 0 and state["stacked"] == state["fracs"], state
    assert state["imgs"] > 0 and state["decoded"] == state["imgs"], state
    # the screenshot is a picture of a page, not a blank frame
    from matplotlib.image import imread

    pixels = imread(shot)
    assert pixels.shape[0] == 900 and pixels.shape[1] == 1280
    assert pixels[..., :3].std() > 0.05


def test_summary_table_sorts_and_filters(browser, sample_report):
    doc = json.loads((sample_report / "results.json").read_text(encoding="utf-8"))
    page, _, errors = _open(browser, sample_report / "index.html")
    visible = "() => [...document.querySelectorAll('#summary-table tbody tr')].filter(r => !r.hidden).map(r => r.cells[0].innerText)"
    ids = [c["id"] for c in doc["claims"]]
    assert page.evaluate(visible) == ids
    assert page.inner_text("#shown-count") == f"{len(ids)} of {len(ids)} claims shown"

    page.select_option("#verdict-filter", "erratum")
    errata = [c["id"] for c in doc["claims"] if c["verdict"] == "erratum"]
    assert errata and page.evaluate(visible) == errata
    page.select_option("#verdict-filter", "")

    page.fill("#text-filter", "christoffel")
    assert page.evaluate(visible) == [i for i in ids if "christoffel" in i]
    page.fill("#text-filter", "")

    page.click("#summary-table thead button[data-column='0']")  # claim id, ascending
    assert page.evaluate(visible) == sorted(ids, key=str.lower)
    assert page.get_attribute("#summary-table thead th:nth-child(1)", "aria-sort") == "ascending"
    page.click("#summary-table thead button[data-column='0']")  # again: descending
    assert page.evaluate(visible) == sorted(ids, key=str.lower, reverse=True)
    page.click("#summary-table thead button[data-column='3']")  # verdict, in the order of VERDICTS
    order = ["verified", "verified-with-caveat", "erratum", "inconclusive"]
    got = [next(c["verdict"] for c in doc["claims"] if c["id"] == i) for i in page.evaluate(visible)]
    assert got == sorted(got, key=order.index)

    page.check("#off-filter")  # every sample claim is at its expected verdict
    assert page.evaluate(visible) == []
    page.close()
    assert errors == []


def test_page_sent_alone_keeps_its_sources(browser, sample_report, tmp_path):
    """Copied alone into another folder (as when mailed), the page loads nothing and still shows the
    source lines of every claim."""
    alone = tmp_path / "sent" / "report.html"
    alone.parent.mkdir()
    shutil.copy(sample_report / "index.html", alone)
    page, requests, errors = _open(browser, alone)
    n = page.evaluate("() => document.querySelectorAll('.source pre.excerpt').length")
    page.close()
    assert requests == [alone.as_uri()] and errors == [] and n > 0


def test_source_link_opens_the_excerpt_of_the_seed(browser, sample_report):
    page, _, _ = _open(browser, sample_report / "index.html")
    page.click("a[href='#christoffel-first-order-eq7-source']")
    assert page.evaluate("() => location.hash") == "#christoffel-first-order-eq7-source"
    details = page.locator("#christoffel-first-order-eq7-source details").filter(has_text="Eq. (7)")
    assert not details.locator("pre").is_visible()
    details.locator("summary").click()
    text = details.locator("pre").inner_text()
    page.close()
    assert "\\tag{7}" in text and text.split()[0] == "101"  # Eq. (7) is line 101 of the paper's seed
