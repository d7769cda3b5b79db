"""The committed copies of the source documents equal the seeds beside the checkout, and the
lecture splits into its slides."""
from pathlib import Path

import pytest

from verification.model import SEEDS
from verification.sources import lecture_slide, lecture_slides, seed_path, seed_text

SHARED = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.mark.parametrize("code", sorted(SEEDS))
def test_committed_seed_equals_the_shared_one(code):
    assert seed_text(code)
    original = SHARED / SEEDS[code]
    if not original.exists():
        pytest.skip(f"seeds not beside the checkout ({SHARED})")
    assert seed_path(code).read_bytes() == original.read_bytes()


def test_lecture_slides():
    titles = [s.title for s in lecture_slides()]
    assert len(titles) == len(set(titles)) == 34
    assert "Softmax" not in titles and "Key Facts:" not in titles  # sub-headings, not slides
    assert "2. LOSS function" in titles and "3. Test" in titles  # numbered sections are slides
    assert "Properties of the Fisher matrix F and local data matrix G" in titles
    code = lecture_slide("Forward pass (green), Backpropagation (red)").code_blocks()
    assert len(code) == 1 and code[0].startswith("x = -2; y = 5; z = -4")
    # a code comment is not a heading
    assert not any(t.startswith("perform") for t in titles)


def test_bad_seed_code_and_title():
    with pytest.raises(ValueError, match="seed code"):
        seed_path("Q")
    with pytest.raises(KeyError, match="no lecture slide"):
        lecture_slide("No such slide")
