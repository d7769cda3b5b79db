"""The numeric layer on a CUDA device gives what it gives on the CPU (float64 on both).

Skipped where torch sees no CUDA device (CI has none; README, "On a GPU"). Every function follows its
inputs' device: the model and the inputs are moved, nothing else. Tolerances: the same float64
computation in a different summation order agrees to a few hundred eps relative to the matrix's scale.
"""
import pytest
import torch

from geomath.numeric import (data_fields, data_matrix, diffusion_spectrum, digits, fisher, involutivity_defect,
                             per_sample_grads, relu_mlp, spectrum)

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device visible to torch")
REL = 1e-12  # ≈ 4500 eps: float64 reductions in another order (cuBLAS vs MKL), relative to the largest entry


@pytest.fixture(scope="module")
def pair():
    X, y = digits("train", flatten=True)
    model = relu_mlp(64, (32, 32), 10, seed=0)
    return (model, X[:32], y[:32]), (relu_mlp(64, (32, 32), 10, seed=0).cuda(), X[:32].cuda(), y[:32].cuda())


def _close(a: torch.Tensor, b: torch.Tensor) -> None:
    assert b.device.type == "cuda" and b.dtype == torch.float64
    scale = a.abs().max().item() or 1.0
    assert (a - b.cpu()).abs().max().item() <= REL * scale


def test_fisher_and_data_matrix_on_cuda(pair):
    (m, X, _), (mc, Xc, _) = pair
    _close(fisher(m, X[0]), fisher(mc, Xc[0]))
    _close(data_matrix(m, X[0]), data_matrix(mc, Xc[0]))
    assert spectrum(data_matrix(mc, Xc[0])).rank == spectrum(data_matrix(m, X[0])).rank


def test_per_sample_gradients_and_diffusion_spectrum_on_cuda(pair):
    (m, X, y), (mc, Xc, yc) = pair
    _close(per_sample_grads(m, X, y), per_sample_grads(mc, Xc, yc))
    s, sc = diffusion_spectrum(m, X, y), diffusion_spectrum(mc, Xc, yc)
    _close(s.eigenvalues, sc.eigenvalues)
    assert s.rank == sc.rank


def test_involutivity_defect_on_cuda(pair):
    (m, X, _), (mc, Xc, _) = pair
    d, dc = involutivity_defect(data_fields(m), X[0]), involutivity_defect(data_fields(mc), Xc[0])
    assert dc.rank == d.rank
    assert dc.defect < 1e-10  # a ReLU net's data distribution is involutive on the GPU too (CPU: ~1e-15)
