"""geomath.numeric.fisher and rank against brute force: C backward passes, numpy's rank."""
import numpy as np
import pytest
import torch

from geomath.numeric import (
    data_matrix,
    data_matrix_factor,
    fisher,
    fisher_factor,
    numerical_rank,
    softmax_covariance,
    spectrum,
)



@pytest.fixture(autouse=True)
def float64_models():
    """Reference models and inputs in float64 (restored afterwards: other tests keep torch's default)."""
    old = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    yield
    torch.set_default_dtype(old)


def mlp(seed=0, n=5, h=7, C=4):
    torch.manual_seed(seed)
    return torch.nn.Sequential(torch.nn.Linear(n, h), torch.nn.ReLU(), torch.nn.Linear(h, h), torch.nn.Tanh(),
                               torch.nn.Linear(h, C))


def cnn(seed=0, C=3):
    torch.manual_seed(seed)
    return torch.nn.Sequential(torch.nn.Conv2d(1, 2, 3), torch.nn.ReLU(), torch.nn.Flatten(), torch.nn.Linear(2 * 4 * 4, C))


MODELS = {"mlp": (mlp, (5,)), "cnn": (cnn, (1, 6, 6))}


def brute_force(model, x, wrt):
    """Σ_i p_i g_i g_iᵀ with g_i = ∇ log p_i from one backward pass per class."""
    params = [p for p in model.parameters() if p.requires_grad]
    x = x.clone().requires_grad_(wrt == "inputs")
    logp = torch.log_softmax(model(x.unsqueeze(0))[0], dim=-1)
    p = logp.exp().detach()
    total = 0
    for i in range(logp.numel()):
        targets = [x] if wrt == "inputs" else params
        grads = torch.autograd.grad(logp[i], targets, retain_graph=True)
        g = torch.cat([gr.reshape(-1) for gr in grads])
        total = total + p[i] * torch.outer(g, g)
    return total


@pytest.mark.parametrize("name", MODELS)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_fisher_equals_brute_force(name, seed):
    build, shape = MODELS[name]
    model = build(seed)
    x = torch.randn(shape, generator=torch.Generator().manual_seed(seed))
    F = fisher(model, x)
    ref = brute_force(model, x, "weights")
    # both are sums of C rank-one terms of O(1) entries in float64: 1e-10 leaves ~1e5 eps
    assert torch.allclose(F, ref, atol=1e-10, rtol=0)
    G = data_matrix(model, x)
    assert torch.allclose(G, brute_force(model, x, "inputs"), atol=1e-10, rtol=0)
    assert G.shape == (x.numel(), x.numel())


@pytest.mark.parametrize("name", MODELS)
def test_batched_equals_per_input(name):
    build, shape = MODELS[name]
    model = build(3)
    X = torch.randn((4, *shape), generator=torch.Generator().manual_seed(3))
    Fb = fisher(model, X, batched=True)
    Gb = data_matrix(model, X, batched=True)
    for k in range(4):
        assert torch.allclose(Fb[k], fisher(model, X[k]), atol=1e-12, rtol=0)
        assert torch.allclose(Gb[k], data_matrix(model, X[k]), atol=1e-12, rtol=0)


def test_factor_structure_and_rank_bound():
    model = mlp(4, h=16, C=4)
    x = torch.randn(5, generator=torch.Generator().manual_seed(4))
    fac = fisher_factor(model, x)
    d = sum(p.numel() for p in model.parameters())
    assert fac.J.shape == (4, d) and fac.A.shape == (4, 4)
    F = fac.dense()
    assert torch.allclose(F, F.T, atol=1e-14)
    assert torch.linalg.eigvalsh(F).min() > -1e-12
    # A𝟙 = 0, so rank F <= C − 1 (the score vectors sum to zero under p)
    assert torch.allclose(fac.A @ torch.ones(4), torch.zeros(4), atol=1e-15)
    assert numerical_rank(F) == 3
    assert "rank <= 3" in repr(fac)
    assert data_matrix_factor(model, x).wrt == "inputs"


def test_softmax_covariance_matches_autograd_jacobian():
    s = torch.randn(6, generator=torch.Generator().manual_seed(5))
    jac = torch.autograd.functional.jacobian(lambda v: torch.softmax(v, -1), s)
    assert torch.allclose(softmax_covariance(s), jac, atol=1e-15)


@pytest.mark.parametrize("m, n, r", [(8, 5, 3), (20, 20, 7), (5, 9, 5), (6, 6, 0)])
def test_numerical_rank_matches_numpy(m, n, r):
    g = np.random.default_rng(m * 100 + n)
    M = g.standard_normal((m, r)) @ g.standard_normal((r, n)) if r else np.zeros((m, n))
    assert numerical_rank(torch.from_numpy(M)) == np.linalg.matrix_rank(M) == r


def test_spectrum_gap_and_explicit_tolerance():
    M = torch.diag(torch.tensor([3.0, 1.0, 1e-9, 0.0]))
    sp_ = spectrum(M)
    assert sp_.rank == 3 and sp_.gap == float("inf")  # the next value is exactly 0
    sp2 = spectrum(M, tol=1e-6)
    assert sp2.rank == 2 and sp2.gap == pytest.approx(1e9)
    assert "rank=2" in repr(sp2)


class OneLogit(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = torch.nn.Linear(3, 1)

    def forward(self, x):
        return self.lin(x)


class Flat(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = torch.nn.Linear(3, 4)

    def forward(self, x):
        return self.lin(x).reshape(-1)


def _nan_model():
    m = mlp()
    with torch.no_grad():
        m[0].weight[0, 0] = float("nan")
    return m


@pytest.mark.parametrize(
    "call, exc, match",
    [
        (lambda: fisher(OneLogit(), torch.zeros(3)), ValueError, "C >= 2"),
        (lambda: fisher(Flat(), torch.zeros(3)), ValueError, r"\(batch, C\)"),
        (lambda: fisher(mlp(), torch.zeros(4)), ValueError, "shape"),
        (lambda: fisher(_nan_model(), torch.zeros(5)), ValueError, "NaN"),
        (lambda: fisher(mlp(), torch.tensor([0.0, float("nan"), 0, 0, 0])), ValueError, "NaN"),
        (lambda: data_matrix(mlp(), torch.zeros(0)), ValueError, "empty"),
        (lambda: fisher(mlp(), torch.zeros(5, dtype=torch.int64)), TypeError, "floating"),
        (lambda: fisher(mlp(), [0.0] * 5), TypeError, "torch.Tensor"),
        (lambda: fisher(lambda v: v, torch.zeros(5)), TypeError, "nn.Module"),
        (lambda: fisher(mlp().requires_grad_(False), torch.zeros(5)), ValueError, "require grad"),
        (lambda: numerical_rank(torch.zeros(2, 2, 2)), ValueError, "2-D"),
        (lambda: numerical_rank(torch.tensor([[float("inf")]])), ValueError, "NaN or inf"),
        (lambda: numerical_rank(np.eye(2)), TypeError, "torch.Tensor"),
        (lambda: spectrum(torch.eye(2), tol=-1.0), ValueError, "non-negative"),
    ],
    ids=["one-logit", "flat-output", "wrong-input-shape", "nan-weight", "nan-input", "empty-input",
         "integer-input", "list-input", "not-a-module", "no-trainable", "rank-3d", "rank-inf", "rank-numpy",
         "negative-tol"],
)
def test_bad_input(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


def test_float32_model_is_computed_in_float64():
    model64 = mlp(7)
    model32 = mlp(7).float()
    x = torch.randn(5, generator=torch.Generator().manual_seed(7))
    F = fisher(model32, x.float())
    assert F.dtype == torch.float64 and next(model32.parameters()).dtype == torch.float32  # model untouched
    # same weights up to float32 rounding of the weights themselves (~1e-7 relative)
    assert torch.allclose(F, fisher(model64, x), atol=1e-5)


def test_frozen_parameters_and_buffers_are_used_but_not_differentiated():
    model = torch.nn.Sequential(torch.nn.Linear(5, 6), torch.nn.BatchNorm1d(6), torch.nn.ReLU(), torch.nn.Linear(6, 3))
    model.eval()
    model[0].requires_grad_(False)
    x = torch.randn(5, generator=torch.Generator().manual_seed(8))
    F = fisher(model, x)
    d = sum(p.numel() for p in model.parameters() if p.requires_grad)
    assert F.shape == (d, d)
    assert torch.allclose(F, brute_force(model, x, "weights"), atol=1e-10, rtol=0)


# --- the two Jacobian paths of fisher_factor: layer by layer (Linear/Conv2d) and vmap(jacrev) ---
_fisher_module = __import__("importlib").import_module("geomath.numeric.fisher")


def _paths(model, X):
    """(J from the layer-wise path or None, J from the generic vmap path), both (B, C, d)."""
    names, trainable, frozen = _fisher_module._state(model, torch.float64)
    found = _fisher_module._layerwise_weight_jacobian(model, names, trainable, frozen, X)
    J_vmap, _ = _fisher_module._vmapped_jacobian(model, names, trainable, frozen, X, "weights")
    return (None if found is None else found[0]), J_vmap


class _Mixing(torch.nn.Module):
    """Couples the inputs of a batch (centres them): the layer-wise path must refuse it."""

    def __init__(self):
        super().__init__()
        self.lin = torch.nn.Linear(5, 3)

    def forward(self, x):
        return self.lin(x - x.mean(dim=0, keepdim=True)) if x.dim() == 2 else self.lin(x)


class _Shared(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = torch.nn.Linear(5, 5)
        self.out = torch.nn.Linear(5, 3)

    def forward(self, x):
        return self.out(torch.relu(self.lin(torch.relu(self.lin(x)))))


def _conv_zoo():
    torch.manual_seed(11)
    return torch.nn.Sequential(
        torch.nn.Conv2d(2, 3, 3, stride=2, padding=1, dilation=1), torch.nn.ReLU(),
        torch.nn.Conv2d(3, 4, 2, padding=(1, 0), dilation=2, bias=False), torch.nn.Tanh(),
        torch.nn.Flatten(), torch.nn.LazyLinear(5))


@pytest.mark.parametrize("name", ["mlp", "cnn", "conv-zoo"])
def test_layerwise_path_equals_vmap_path(name):
    if name == "conv-zoo":
        model, shape = _conv_zoo(), (2, 7, 7)
        model(torch.zeros(1, *shape))  # materialise the lazy layer
    else:
        build, shape = MODELS[name]
        model = build(9)
    X = torch.randn((6, *shape), generator=torch.Generator().manual_seed(9))
    J_layer, J_vmap = _paths(model, X)
    assert J_layer is not None, "the layer-wise path should apply to Linear/Conv2d models"
    # the same products g aᵀ summed in another order: a few eps of O(1) entries
    assert torch.allclose(J_layer, J_vmap, atol=1e-13, rtol=0)


def _dropout_train():
    torch.manual_seed(1)
    return torch.nn.Sequential(torch.nn.Linear(5, 6), torch.nn.Dropout(0.5), torch.nn.Linear(6, 3)).train()


def _grouped():
    torch.manual_seed(2)
    return torch.nn.Sequential(torch.nn.Conv2d(2, 2, 3, groups=2), torch.nn.Flatten(), torch.nn.Linear(2 * 4 * 4, 3))


@pytest.mark.parametrize("build, shape", [(_Mixing, (5,)), (_Shared, (5,)), (_dropout_train, (5,)),
                                          (_grouped, (2, 6, 6))],
                         ids=["batch-coupling", "shared-parameter", "dropout-in-training", "grouped-conv"])
def test_layerwise_path_declines_what_it_cannot_do(build, shape):
    model = build()
    X = torch.randn((3, *shape), generator=torch.Generator().manual_seed(3))
    names, trainable, frozen = _fisher_module._state(model, torch.float64)
    assert _fisher_module._layerwise_weight_jacobian(model, names, trainable, frozen, X) is None


def test_layerwise_fallback_still_gives_the_per_input_fisher():
    """A batch-coupling forward falls back to vmap, where each input is its own batch of one."""
    model = _Mixing()
    X = torch.randn((3, 5), generator=torch.Generator().manual_seed(4))
    Fb = fisher(model, X, batched=True)
    for k in range(3):
        assert torch.allclose(Fb[k], brute_force(model, X[k], "weights"), atol=1e-12, rtol=0)


def test_huge_page_allocation_gives_the_same_factor(monkeypatch):
    """Large J goes into an mmap advised for huge pages; forced for a small model, J is unchanged."""
    model = mlp(12, h=9)
    X = torch.randn((4, 5), generator=torch.Generator().manual_seed(12))
    ref = fisher_factor(model, X, batched=True).J
    monkeypatch.setattr(_fisher_module, "_HUGE_PAGE_MIN_BYTES", 0)
    J = _fisher_module._empty_jacobian((4, 4, 9), torch.float64, torch.device("cpu"))
    assert J.shape == (4, 4, 9) and J.dtype == torch.float64
    J.fill_(2.0)  # writable, and owns its memory after the mapping's name is gone
    assert float(J.sum()) == 2.0 * 4 * 4 * 9
    fac = fisher_factor(model, X, batched=True)
    assert torch.equal(fac.J, ref)
