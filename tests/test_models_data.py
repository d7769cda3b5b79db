"""geomath.numeric.models and geomath.numeric.data: shapes, determinism, homogeneity, training,
splits, IDX files, bad input, and a Fisher rank smoke test on the reference networks."""
import gzip
import struct

import numpy as np
import pytest
import torch

from geomath.numeric import (
    bias_free_relu,
    digits,
    fisher,
    gaussian_mixture,
    lenet,
    load_mnist_idx,
    numerical_rank,
    read_idx,
    relu_mlp,
    train,
)

F64 = torch.float64


def _same_weights(a, b):
    sa, sb = a.state_dict(), b.state_dict()
    return sa.keys() == sb.keys() and all(torch.equal(sa[k], sb[k]) for k in sa)


# -- models ----------------------------------------------------------------------------------

@pytest.mark.parametrize("activation", ["relu", "tanh", "gelu", "softplus"])
def test_relu_mlp_shapes_dtype(activation):
    m = relu_mlp(5, hidden=(7, 3), n_classes=4, activation=activation)
    out = m(torch.randn(6, 5, dtype=F64))
    assert out.shape == (6, 4) and out.dtype == F64
    assert all(p.dtype == F64 for p in m.parameters())


def test_relu_mlp_bias_optional():
    m = relu_mlp(5, hidden=(7,), n_classes=3, bias=False)
    assert all(mod.bias is None for mod in m if isinstance(mod, torch.nn.Linear))
    assert sum(p.numel() for p in m.parameters()) == 5 * 7 + 7 * 3


@pytest.mark.parametrize(("in_channels", "size"), [(1, 8), (1, 28), (3, 32)])
@pytest.mark.parametrize("pool", ["max", "avg", None])
def test_lenet_shapes(in_channels, size, pool):
    m = lenet(in_channels=in_channels, image_size=size, n_classes=10, pool=pool)
    out = m(torch.rand(2, in_channels, size, size, dtype=F64))
    assert out.shape == (2, 10) and out.dtype == F64


def test_models_deterministic_and_leave_global_rng_alone():
    state = torch.get_rng_state()
    assert _same_weights(relu_mlp(6, seed=3), relu_mlp(6, seed=3))
    assert not _same_weights(relu_mlp(6, seed=3), relu_mlp(6, seed=4))
    assert _same_weights(lenet(seed=1), lenet(seed=1))
    assert _same_weights(bias_free_relu((4, 5, 5, 3), seed=2), bias_free_relu((4, 5, 5, 3), seed=2))
    assert torch.equal(torch.get_rng_state(), state)


def test_bias_free_relu_positive_homogeneity():
    f = bias_free_relu((6, 9, 8, 4), seed=0)
    assert all(mod.bias is None for mod in f if isinstance(mod, torch.nn.Linear))
    assert len([mod for mod in f if isinstance(mod, torch.nn.Linear)]) == 3
    x = torch.randn(10, 6, dtype=F64, generator=torch.Generator().manual_seed(0))
    for c in (0.0, 0.3, 1.0, 2.5, 17.0):
        torch.testing.assert_close(f(c * x), c * f(x), rtol=1e-12, atol=1e-12)
    # the smooth contrast is not homogeneous
    g = relu_mlp(6, hidden=(9, 8), n_classes=4, activation="softplus", bias=False)
    assert not torch.allclose(g(2.0 * x), 2.0 * g(x))


def test_train_digits_reaches_high_accuracy_deterministically():
    X, y = digits(flatten=True)
    m, acc = train(relu_mlp(64, hidden=(32, 32)), X, y, epochs=5, lr=1e-2, batch_size=64, seed=0)
    assert acc > 0.9, acc
    m2, acc2 = train(relu_mlp(64, hidden=(32, 32)), X, y, epochs=5, lr=1e-2, batch_size=64, seed=0)
    assert acc2 == acc and _same_weights(m, m2)


def test_train_sgd_lenet_runs():
    X, y = digits(split="test")
    m, acc = train(lenet(), X, y, epochs=1, lr=0.05, optimizer="sgd")
    assert 0.0 <= acc <= 1.0 and all(p.dtype == F64 for p in m.parameters())


# -- data ------------------------------------------------------------------------------------

def test_digits_shapes_range_dtype():
    X, y = digits()
    assert X.shape[1:] == (1, 8, 8) and X.dtype == F64 and y.dtype == torch.int64
    assert X.min() >= 0 and X.max() <= 1 and X.max() == 1
    Xf, yf = digits(flatten=True, dtype=torch.float32)
    assert Xf.shape == (X.shape[0], 64) and Xf.dtype == torch.float32 and torch.equal(yf, y)
    Xa, ya = digits("all")
    assert Xa.shape[0] == 1797 and set(ya.tolist()) == set(range(10))


def test_digits_split_disjoint_stratified_deterministic():
    Xtr, ytr = digits("train", test_fraction=0.2, seed=0, flatten=True)
    Xte, yte = digits("test", test_fraction=0.2, seed=0, flatten=True)
    Xall, yall = digits("all", flatten=True)
    assert Xtr.shape[0] + Xte.shape[0] == 1797 and Xte.shape[0] == 360
    # train ∪ test is exactly the full set (as a multiset of (image, label) rows): a partition
    rows = lambda X, y: sorted(map(tuple, torch.cat([X, y[:, None].to(F64)], 1).tolist()))  # noqa: E731
    assert rows(torch.cat([Xtr, Xte]), torch.cat([ytr, yte])) == rows(Xall, yall)
    # stratified: each class's share of the test split is within one sample of 20 %
    full, test = torch.bincount(yall, minlength=10), torch.bincount(yte, minlength=10)
    assert (test.to(F64) - 0.2 * full).abs().max() <= 1.0
    assert torch.equal(digits("test", seed=0)[0], digits("test", seed=0)[0])
    assert not torch.equal(digits("test", seed=0)[1], digits("test", seed=1)[1])


@pytest.mark.parametrize(("n", "d", "C"), [(100, 5, 3), (7, 2, 3), (50, 2, 6), (3, 4, 5)])
def test_gaussian_mixture_counts_shapes(n, d, C):
    X, y = gaussian_mixture(n, d, C, seed=0)
    assert X.shape == (n, d) and X.dtype == F64 and y.shape == (n,) and y.dtype == torch.int64
    counts = torch.bincount(y, minlength=C)
    assert counts.sum() == n and counts.max() - counts.min() <= 1 and counts.shape == (C,)
    X2, y2 = gaussian_mixture(n, d, C, seed=0)
    assert torch.equal(X, X2) and torch.equal(y, y2)


def test_gaussian_mixture_separates():
    X, y = gaussian_mixture(600, 4, 3, seed=1, separation=8.0)
    means = torch.stack([X[y == k].mean(0) for k in range(3)])
    pred = torch.cdist(X, means).argmin(1)
    assert (pred == y).double().mean() > 0.95


def _write_idx(path, array, magic_override=None, opener=open):
    array = np.asarray(array, dtype=np.uint8)
    magic = magic_override if magic_override is not None else bytes([0, 0, 0x08, array.ndim])
    with opener(path, "wb") as fh:
        fh.write(magic + struct.pack(f">{array.ndim}I", *array.shape) + array.tobytes())


def _tiny_mnist(rng):
    images = rng.integers(0, 256, size=(4, 28, 28), dtype=np.uint8)
    labels = np.array([3, 0, 9, 1], dtype=np.uint8)
    return images, labels


@pytest.mark.parametrize("gz", [False, True])
@pytest.mark.parametrize("split", ["train", "test"])
def test_idx_round_trip(tmp_path, gz, split):
    images, labels = _tiny_mnist(np.random.default_rng(0))
    prefix = "train" if split == "train" else "t10k"
    suffix, opener = (".gz", gzip.open) if gz else ("", open)
    _write_idx(tmp_path / f"{prefix}-images-idx3-ubyte{suffix}", images, opener=opener)
    _write_idx(tmp_path / f"{prefix}-labels-idx1-ubyte{suffix}", labels, opener=opener)
    X, y = load_mnist_idx(tmp_path, split=split)
    assert X.shape == (4, 1, 28, 28) and X.dtype == F64 and y.dtype == torch.int64
    torch.testing.assert_close(X[:, 0] * 255, torch.tensor(images, dtype=F64))
    assert y.tolist() == labels.tolist()
    assert lenet(image_size=28)(X).shape == (4, 10)


def test_idx_bad_inputs(tmp_path):
    images, labels = _tiny_mnist(np.random.default_rng(1))
    with pytest.raises(FileNotFoundError, match="does not exist"):
        load_mnist_idx(tmp_path / "nowhere")
    _write_idx(tmp_path / "train-images-idx3-ubyte", images)
    with pytest.raises(FileNotFoundError, match="train-labels-idx1-ubyte"):
        load_mnist_idx(tmp_path)
    _write_idx(tmp_path / "train-labels-idx1-ubyte", labels, magic_override=b"\x00\x00\x0d\x01")
    with pytest.raises(ValueError, match="bad IDX magic number 0x00000d01"):
        load_mnist_idx(tmp_path)
    _write_idx(tmp_path / "train-labels-idx1-ubyte", labels[:3])
    with pytest.raises(ValueError, match="4 images .* but 3 labels"):
        load_mnist_idx(tmp_path)
    (tmp_path / "bad").write_bytes(b"\x00\x00\x08\x01" + struct.pack(">I", 10) + b"\x01\x02")
    with pytest.raises(ValueError, match="holds 2 data bytes"):
        read_idx(tmp_path / "bad")
    with pytest.raises(ValueError, match="unknown split"):
        load_mnist_idx(tmp_path, split="validation")


# -- bad input -------------------------------------------------------------------------------

def test_model_bad_input():
    with pytest.raises(ValueError, match="unknown activation 'sigmoid'"):
        relu_mlp(4, activation="sigmoid")
    with pytest.raises(ValueError, match="n_in must be >= 1"):
        relu_mlp(0)
    with pytest.raises(ValueError, match=r"hidden\[1\] must be >= 1"):
        relu_mlp(4, hidden=(3, 0))
    with pytest.raises(ValueError, match="n_classes must be >= 2"):
        relu_mlp(4, n_classes=1)
    with pytest.raises(TypeError, match="n_in must be an int"):
        relu_mlp(4.0)
    with pytest.raises(ValueError, match="unknown activation"):
        lenet(activation="swish")
    with pytest.raises(ValueError, match="at least 4x4"):
        lenet(image_size=3)
    with pytest.raises(ValueError, match="unknown pool"):
        lenet(pool="min")
    with pytest.raises(ValueError, match="at least the input and output"):
        bias_free_relu((5,))
    with pytest.raises(ValueError, match="seed must be >= 0"):
        bias_free_relu((5, 2), seed=-1)


def test_train_and_data_bad_input():
    m = relu_mlp(3, hidden=(4,), n_classes=2)
    X = torch.randn(5, 3, dtype=F64)
    with pytest.raises(ValueError, match=r"labels must lie in \[0, 2\)"):
        train(m, X, torch.tensor([0, 1, 2, 0, 1]))
    with pytest.raises(ValueError, match="one label per sample"):
        train(m, X, torch.tensor([0, 1]))
    with pytest.raises(TypeError, match="integer class labels"):
        train(m, X, torch.zeros(5))
    with pytest.raises(ValueError, match="X is empty"):
        train(m, X[:0], torch.zeros(0, dtype=torch.int64))
    with pytest.raises(ValueError, match="unknown optimizer"):
        train(m, X, torch.zeros(5, dtype=torch.int64), optimizer="lbfgs")
    with pytest.raises(ValueError, match="lr must be a positive"):
        train(m, X, torch.zeros(5, dtype=torch.int64), lr=0)
    with pytest.raises(ValueError, match="NaN or inf"):
        train(m, X.clone().fill_(float("nan")), torch.zeros(5, dtype=torch.int64))
    with pytest.raises(ValueError, match="unknown split"):
        digits("val")
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        digits(test_fraction=1.0)
    with pytest.raises(ValueError, match="n_classes must be >= 2"):
        gaussian_mixture(10, 2, 1)
    with pytest.raises(ValueError, match="n_samples must be >= 1"):
        gaussian_mixture(0, 2, 3)
    with pytest.raises(ValueError, match="separation must be"):
        gaussian_mixture(10, 2, 3, separation=float("nan"))


# -- with the Fisher functions -----------------------------------------------------------------

@pytest.mark.parametrize(
    "model",
    [lambda: lenet(image_size=8, hidden=None), lambda: relu_mlp(64, hidden=(16, 16))],
    ids=["lenet8x8", "relu_mlp"],
)
def test_fisher_smoke_rank_at_most_C_minus_1(model):
    m = model()
    X, _ = digits("test", flatten=isinstance(m[0], torch.nn.Linear))
    F = fisher(m, X[0])
    d = sum(p.numel() for p in m.parameters())
    assert F.shape == (d, d) and F.dtype == F64
    assert 1 <= numerical_rank(F) <= 10 - 1
    Fb = fisher(m, X[:2], batched=True)
    assert Fb.shape == (2, d, d)
    torch.testing.assert_close(Fb[0], F)
