"""The layering promises of DESIGN.md, checked in a fresh interpreter."""
import subprocess
import sys


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


def test_symbolic_layer_never_imports_torch():
    out = _run("import geomath.symbolic, sys; assert 'torch' not in sys.modules, 'torch was imported'")
    assert out.returncode == 0, out.stderr


def test_geomath_never_imports_verification():
    out = _run(
        "import geomath, geomath.symbolic, geomath.numeric, sys; "
        "assert not any(m == 'verification' or m.startswith('verification.') for m in sys.modules)"
    )
    assert out.returncode == 0, out.stderr
