"""geomath.numeric.diffusion against independent computations: one backward pass per sample,
the dense eigendecomposition of D, the paper's pairwise form built from its N(N−1)/2 rows."""
import importlib
from itertools import combinations

import pytest
import torch

from geomath.numeric import (
    diffusion_from_gradients,
    diffusion_matrix,
    diffusion_spectrum,
    per_sample_grads,
    per_sample_loss,
    per_sample_loss_function,
)

_diffusion = importlib.import_module("geomath.numeric.diffusion")
_fisher = importlib.import_module("geomath.numeric.fisher")


def mlp(seed=0, n=5, h=7, C=4):
    torch.manual_seed(seed)
    return torch.nn.Sequential(torch.nn.Linear(n, h), torch.nn.ReLU(), torch.nn.Linear(h, h), torch.nn.Tanh(),
                               torch.nn.Linear(h, C)).double()


def cnn(seed=0, C=3):
    torch.manual_seed(seed)
    return torch.nn.Sequential(torch.nn.Conv2d(1, 2, 3, padding=1), torch.nn.ReLU(), torch.nn.Flatten(),
                               torch.nn.Linear(2 * 6 * 6, C)).double()


class Gelu(torch.nn.Module):
    """A model outside the layer tape (a parameter used directly): the vmap route."""

    def __init__(self, seed=0, n=5, C=4):
        super().__init__()
        g = torch.Generator().manual_seed(seed)
        self.W = torch.nn.Parameter(torch.randn(C, n, generator=g, dtype=torch.float64))
        self.scale = torch.nn.Parameter(torch.ones(C, dtype=torch.float64))

    def forward(self, x):
        return torch.nn.functional.gelu(x @ self.W.T) * self.scale


def regression(seed=0, n=3):
    torch.manual_seed(seed)
    return torch.nn.Linear(n, 1).double()


def data(shape, N, C, seed):
    g = torch.Generator().manual_seed(seed)
    return torch.randn((N, *shape), generator=g, dtype=torch.float64), torch.randint(0, C, (N,), generator=g)


CASES = {
    "mlp": (mlp, (5,), 4, "cross_entropy"),
    "cnn": (cnn, (1, 6, 6), 3, "cross_entropy"),
    "gelu": (Gelu, (5,), 4, "cross_entropy"),
}


def loop_grads(model, X, y, loss):
    """One forward and one backward per sample (the definition of ∇f_k)."""
    params = [p for p in model.parameters() if p.requires_grad]
    rows = []
    for k in range(X.shape[0]):
        out = model(X[k:k + 1])
        fk = per_sample_loss(out, y[k:k + 1], loss)[0]
        rows.append(torch.cat([g.reshape(-1) for g in torch.autograd.grad(fk, params)]))
    return torch.stack(rows)


@pytest.mark.parametrize("name", CASES)
def test_per_sample_grads_equal_one_backward_per_sample(name):
    build, shape, C, loss = CASES[name]
    model = build(1)
    X, y = data(shape, 9, C, 1)
    G = per_sample_grads(model, X, y, loss)
    # the same sums of products in another order: a few eps of the O(1) entries
    assert torch.allclose(G, loop_grads(model, X, y, loss), atol=1e-13, rtol=0)


def test_regression_grads_and_layer_route():
    model = regression(2)
    g = torch.Generator().manual_seed(2)
    X = torch.randn(7, 3, generator=g, dtype=torch.float64)
    t = torch.randn(7, 1, generator=g, dtype=torch.float64)
    G = per_sample_grads(model, X, t, "squared_error")
    # closed form: f_k = ½(w·x_k + b − t_k)², ∇_w = r_k x_k, ∇_b = r_k
    r = (X @ model.weight.detach().T + model.bias.detach() - t)[:, 0]
    assert torch.allclose(G, torch.cat([r[:, None] * X, r[:, None]], dim=1), atol=1e-14, rtol=0)
    names, trainable, frozen = _fisher._state(model, torch.float64)
    fn = per_sample_loss_function(model, X, t, "squared_error")
    assert _fisher._layer_tape(model, names, trainable, frozen, X, _diffusion._loss_head(fn.y, "squared_error")) is not None


@pytest.mark.parametrize("name", CASES)
def test_diffusion_matrix_equals_covariance_and_pairwise_forms(name):
    build, shape, C, loss = CASES[name]
    model = build(3)
    X, y = data(shape, 6, C, 3)
    D = diffusion_matrix(model, X, y, loss)
    G = loop_grads(model, X, y, loss)
    N = G.shape[0]
    cov = G.T @ G / N - torch.outer(G.mean(0), G.mean(0))  # Eq. (3), first form
    J_hat = torch.stack([G[i] - G[j] for i, j in combinations(range(N), 2)])  # rows ∂f̂_α, α = (i<j)
    pairwise = J_hat.T @ J_hat / N**2  # Eq. (3), second form
    assert torch.allclose(D, cov, atol=1e-14, rtol=0)
    assert torch.allclose(D, pairwise, atol=1e-14, rtol=0)


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("method", ["auto", "streamed-gram", "covariance"])
def test_spectrum_matches_dense_eigenvalues(name, method):
    build, shape, C, loss = CASES[name]
    model = build(4)
    X, y = data(shape, 12, C, 4)
    lam = torch.linalg.eigvalsh(diffusion_matrix(model, X, y, loss)).flip(0)
    d = lam.numel()
    # small max_memory forces the panel route of the streamed Gram (rows recomputed)
    sp = diffusion_spectrum(model, X, y, loss=loss, method=method, block_size=5, max_memory=8 * d * 4)
    assert sp.eigenvalues.numel() == min(12, d)
    # Weyl: both routes are backward stable, eigenvalue errors <= c·eps·λ_max; 1e-9·λ_max is the
    # issue's bound, ~1e6 eps, far above either rounding error and far below any gap that matters
    assert torch.allclose(sp.eigenvalues, lam[: sp.eigenvalues.numel()], atol=1e-9 * float(lam[0]), rtol=0)
    assert sp.rank == min(11, d)  # rk D = N − 1 generically when d >= N − 1
    if method != "auto":
        assert sp.method == method
    else:
        assert sp.method == ("streamed-gram" if name == "gelu" else "layerwise-gram")


def test_spectrum_with_large_mean_gradient_and_top_k():
    """A strongly non-centred set of gradients (the hard case of centring after the product)."""
    model = mlp(5, n=4, h=6, C=3)
    X, y = data((4,), 10, 3, 5)
    X = X + 20.0  # large inputs: per-sample gradients share a large common part
    lam = torch.linalg.eigvalsh(diffusion_matrix(model, X, y)).flip(0)
    for method in ("layerwise-gram", "streamed-gram"):
        sp = diffusion_spectrum(model, X, y, k=3, method=method)
        assert sp.eigenvalues.numel() == 3
        assert torch.allclose(sp.eigenvalues, lam[:3], atol=1e-9 * float(lam[0]), rtol=0)


def test_rank_bound_when_d_below_N():
    model = regression(6, n=3)  # d = 4
    g = torch.Generator().manual_seed(6)
    X = torch.randn(30, 3, generator=g, dtype=torch.float64)
    t = torch.randn(30, 1, generator=g, dtype=torch.float64)
    sp = diffusion_spectrum(model, X, t, loss="squared_error")
    assert sp.method == "covariance"  # d <= N: the d×d side is the smaller eigenproblem
    assert sp.eigenvalues.numel() == 4 and sp.rank == 4  # min(N − 1, d) = d
    lam = torch.linalg.eigvalsh(diffusion_matrix(model, X, t, loss="squared_error")).flip(0)
    blocked = diffusion_spectrum(model, X, t, loss="squared_error", max_memory=8 * 4 * 8)  # one row a block
    gram = diffusion_spectrum(model, X, t, loss="squared_error", method="layerwise-gram")
    for s in (sp, blocked, gram):
        assert torch.allclose(s.eigenvalues, lam, atol=1e-9 * float(lam[0]), rtol=0)
    assert 1.0 <= sp.effective_rank <= 4.0


def test_equal_gradients_give_zero_diffusion():
    G = torch.tensor([[1.0, -2.0, 0.5]]).repeat(5, 1)
    assert torch.equal(diffusion_from_gradients(G), torch.zeros(3, 3))


def test_loss_function_is_pure_and_matches_model():
    model = mlp(7)
    X, y = data((5,), 8, 4, 7)
    fn = per_sample_loss_function(model, X, y)
    assert fn.N == 8 and fn.d == sum(p.numel() for p in model.parameters())
    ref = torch.nn.functional.cross_entropy(model(X), y, reduction="none")
    assert torch.allclose(fn(fn.theta0), ref, atol=1e-15, rtol=0)
    G = torch.func.jacrev(fn)(fn.theta0)  # torch.func composes with it
    assert torch.allclose(G, per_sample_grads(model, X, y), atol=1e-14, rtol=0)


@pytest.mark.parametrize(
    "call, exc, match",
    [
        (lambda: per_sample_grads(mlp(), torch.zeros(1, 5), torch.zeros(1, dtype=torch.long)), ValueError, "N >= 2"),
        (lambda: per_sample_grads(mlp(), torch.zeros(3, 5), torch.tensor([0, 1, 4])), ValueError, r"\[0, 4\)"),
        (lambda: per_sample_grads(mlp(), torch.zeros(3, 5), torch.tensor([0, -1, 2])), ValueError, r"\[0, C\)"),
        (lambda: per_sample_grads(mlp(), torch.zeros(3, 5), torch.tensor([0, 1])), ValueError, "3 targets"),
        (lambda: per_sample_grads(mlp(), torch.zeros(3, 5), torch.zeros(3)), TypeError, "integer class labels"),
        (lambda: per_sample_grads(mlp(), torch.zeros(3, 5), [0, 1, 2]), TypeError, "torch.Tensor"),
        (lambda: per_sample_grads(mlp(), torch.zeros(3, 5), torch.zeros(3, dtype=torch.long), loss="hinge"),
         ValueError, "loss must be one of"),
        (lambda: per_sample_grads(regression(), torch.zeros(3, 3), torch.zeros(3, 2), loss="squared_error"),
         ValueError, "do not match"),
        (lambda: per_sample_grads(mlp(), torch.full((3, 5), float("nan")), torch.zeros(3, dtype=torch.long)),
         ValueError, "NaN"),
        (lambda: diffusion_spectrum(mlp(), torch.zeros(3, 5), torch.zeros(3, dtype=torch.long), k=0), ValueError, "k must"),
        (lambda: diffusion_spectrum(mlp(), torch.zeros(3, 5), torch.zeros(3, dtype=torch.long), method="qr"),
         ValueError, "method must be one of"),
        (lambda: diffusion_spectrum(Gelu(), torch.zeros(3, 5), torch.zeros(3, dtype=torch.long), method="layerwise-gram"),
         ValueError, "nn.Linear"),
        (lambda: diffusion_from_gradients(torch.zeros(1, 3)), ValueError, "N >= 2"),
        (lambda: diffusion_from_gradients(torch.zeros(3)), ValueError, "N×d"),
    ],
    ids=["N<2", "label>=C", "label<0", "mismatched-X-y", "float-labels", "list-labels", "unknown-loss",
         "regression-shape", "nan-input", "k=0", "bad-method", "layerwise-impossible", "grads-N<2", "grads-1d"],
)
def test_bad_input(call, exc, match):
    with pytest.raises(exc, match=match):
        call()
