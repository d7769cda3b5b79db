"""Reference networks for the numeric checks, and a short deterministic training loop.

Source: the lecture “The Geometry of Deep Learning. Lecture 2: Deep Learning” — the lecture's softmax classifiers and its bias-free ReLU net
f(x) = W₃ max(0, W₂ max(0, W₁x)); the smooth activations (tanh, GELU, softplus) are there for
contrast, where the ReLU statements (piecewise linearity, positive homogeneity) fail.

Every constructor is seeded (the global RNG is left as it was) and returns a plain
``torch.nn.Module`` in float64 by default, whose output is logits of shape (batch, C) — the
form :func:`geomath.numeric.fisher` and :func:`geomath.numeric.data_matrix` expect.
"""
from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn

__all__ = ["ACTIVATIONS", "bias_free_relu", "lenet", "relu_mlp", "train"]

#: Activation names accepted by :func:`relu_mlp` and :func:`lenet`.
ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh, "gelu": nn.GELU, "softplus": nn.Softplus}
_POOLS = {"max": nn.MaxPool2d, "avg": nn.AvgPool2d, None: None}


# -- input checks ------------------------------------------------------------------------------

def _positive_int(name: str, value, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return value


def _sizes(name: str, values) -> tuple[int, ...]:
    if isinstance(values, int) and not isinstance(values, bool):
        values = (values,)
    if not isinstance(values, Sequence) or isinstance(values, str):
        raise TypeError(f"{name} must be a sequence of positive ints, got {type(values).__name__}")
    return tuple(_positive_int(f"{name}[{i}]", v) for i, v in enumerate(values))


def _activation(name) -> type[nn.Module]:
    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; expected one of {sorted(ACTIVATIONS)}")
    return ACTIVATIONS[name]


def _check_dtype(dtype) -> torch.dtype:
    if not isinstance(dtype, torch.dtype) or not dtype.is_floating_point:
        raise TypeError(f"dtype must be a floating torch.dtype, got {dtype!r}")
    return dtype


def _seeded(seed: int, build):
    """Call ``build()`` with torch's CPU RNG seeded, restoring the global RNG state afterwards."""
    _positive_int("seed", seed, minimum=0)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return build()


# -- networks --------------------------------------------------------------------------------

def _mlp(widths: tuple[int, ...], act: type[nn.Module], bias: bool) -> nn.Sequential:
    layers: list[nn.Module] = []
    for i, (a, b) in enumerate(zip(widths[:-1], widths[1:])):
        layers.append(nn.Linear(a, b, bias=bias))
        if i < len(widths) - 2:
            layers.append(act())
    return nn.Sequential(*layers)


def relu_mlp(
    n_in: int,
    hidden: Sequence[int] = (32, 32),
    n_classes: int = 10,
    activation: str = "relu",
    bias: bool = True,
    seed: int = 0,
    dtype: torch.dtype = torch.float64,
) -> nn.Sequential:
    """A fully connected classifier n_in → hidden… → n_classes logits (no softmax at the end).

    Inputs of shape (batch, n_in); ``activation`` is one of "relu", "tanh", "gelu", "softplus";
    ``hidden=()`` gives a linear (multinomial logistic) model. PyTorch's default initialisation,
    drawn under ``seed``.

    >>> relu_mlp(4, hidden=(3,), n_classes=2)(torch.zeros(5, 4, dtype=torch.float64)).shape
    torch.Size([5, 2])
    """
    n_in = _positive_int("n_in", n_in)
    hidden = _sizes("hidden", hidden)
    n_classes = _positive_int("n_classes", n_classes, minimum=2)
    act = _activation(activation)
    if not isinstance(bias, bool):
        raise TypeError(f"bias must be a bool, got {type(bias).__name__}")
    dtype = _check_dtype(dtype)
    return _seeded(seed, lambda: _mlp((n_in, *hidden, n_classes), act, bias).to(dtype))


def bias_free_relu(widths: Sequence[int], seed: int = 0, dtype: torch.dtype = torch.float64) -> nn.Sequential:
    """The lecture's bias-free ReLU net f(x) = W₃ max(0, W₂ max(0, W₁x)) for ``widths`` =
    (n, h₁, h₂, C); any length ≥ 2 gives the same form with more or fewer layers.

    It is positively homogeneous of degree 1 in x: f(cx) = c f(x) for c ≥ 0.
    """
    widths = _sizes("widths", widths)
    if len(widths) < 2:
        raise ValueError(f"widths must list at least the input and output sizes, got {widths}")
    dtype = _check_dtype(dtype)
    return _seeded(seed, lambda: _mlp(widths, nn.ReLU, bias=False).to(dtype))


def lenet(
    in_channels: int = 1,
    image_size: int | tuple[int, int] = 8,
    n_classes: int = 10,
    activation: str = "relu",
    channels: tuple[int, int] = (6, 16),
    hidden: int | None = 32,
    pool: str | None = "max",
    bias: bool = True,
    seed: int = 0,
    dtype: torch.dtype = torch.float64,
) -> nn.Sequential:
    """A small LeNet-style CNN: [conv3×3 → act → pool] × 2 → flatten → (linear → act) → linear.

    The 3×3 convolutions are padded (size-preserving), so the same code fits 8×8 digits
    (``image_size=8``), 28×28 MNIST and 32×32×3 CIFAR (``in_channels=3, image_size=32``).
    ``pool`` is "max", "avg" (2×2, stride 2) or None; ``hidden=None`` drops the hidden linear
    layer. Inputs (batch, in_channels, H, W); output (batch, n_classes) logits.
    """
    in_channels = _positive_int("in_channels", in_channels)
    if isinstance(image_size, int) and not isinstance(image_size, bool):
        image_size = (image_size, image_size)
    image_size = _sizes("image_size", image_size)
    if len(image_size) != 2:
        raise ValueError(f"image_size must be an int or a pair (H, W), got {image_size!r}")
    H, W = image_size
    n_classes = _positive_int("n_classes", n_classes, minimum=2)
    act = _activation(activation)
    channels = _sizes("channels", channels)
    if len(channels) != 2:
        raise ValueError(f"channels must be a pair (c1, c2), got {channels!r}")
    c1, c2 = channels
    if hidden is not None:
        hidden = _positive_int("hidden", hidden)
    if pool not in _POOLS:
        raise ValueError(f"unknown pool {pool!r}; expected 'max', 'avg' or None")
    if pool is not None and min(H, W) < 4:
        raise ValueError(f"two 2x2 poolings need an image of at least 4x4, got {H}x{W}; use pool=None")
    if not isinstance(bias, bool):
        raise TypeError(f"bias must be a bool, got {type(bias).__name__}")
    dtype = _check_dtype(dtype)

    def build() -> nn.Sequential:
        layers: list[nn.Module] = []
        for a, b in ((in_channels, c1), (c1, c2)):
            layers += [nn.Conv2d(a, b, kernel_size=3, padding=1, bias=bias), act()]
            if pool is not None:
                layers.append(_POOLS[pool](2))
        layers.append(nn.Flatten())
        h, w = (H // 4, W // 4) if pool is not None else (H, W)
        flat = c2 * h * w
        if hidden is not None:
            layers += [nn.Linear(flat, hidden, bias=bias), act(), nn.Linear(hidden, n_classes, bias=bias)]
        else:
            layers.append(nn.Linear(flat, n_classes, bias=bias))
        return nn.Sequential(*layers).to(dtype)

    return _seeded(seed, build)


# -- training ----------------------------------------------------------------------------------

def train(
    model: nn.Module,
    X: torch.Tensor,
    y: torch.Tensor,
    epochs: int = 10,
    lr: float = 1e-2,
    batch_size: int = 64,
    optimizer: str = "adam",
    seed: int = 0,
) -> tuple[nn.Module, float]:
    """Minimise the mean cross-entropy of ``model(X)`` against labels ``y``; returns
    ``(model, accuracy)`` with the final training accuracy (on all of X, after the last epoch).

    ``optimizer`` is "adam" (torch.optim.Adam, default betas) or "sgd" (plain SGD, no momentum).
    Mini-batches are reshuffled each epoch by a ``torch.Generator`` seeded with ``seed``, so the
    same model, data and seed give the same weights (on the same machine and thread count).
    Training happens in place, in the dtype of the model's parameters (float64 for the models
    here); X is cast to it. The global RNG is not touched.
    """
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    params = [p for p in model.parameters() if p.requires_grad]
    if not params:
        raise ValueError("model has no parameters that require grad; nothing to train")
    if not isinstance(X, torch.Tensor) or not isinstance(y, torch.Tensor):
        raise TypeError(f"X and y must be torch.Tensors, got {type(X).__name__} and {type(y).__name__}")
    if X.dim() == 0 or X.shape[0] == 0:
        raise ValueError(f"X is empty (shape {tuple(X.shape)}); expected at least one sample")
    if not torch.is_floating_point(X):
        raise TypeError(f"X must be a floating-point tensor, got dtype {X.dtype}")
    if not torch.isfinite(X).all():
        raise ValueError("X contains NaN or inf; expected finite inputs")
    if y.dim() != 1 or y.shape[0] != X.shape[0]:
        raise ValueError(f"y must be 1-D with one label per sample ({X.shape[0]}), got shape {tuple(y.shape)}")
    if y.dtype not in (torch.int64, torch.int32, torch.int16, torch.int8, torch.uint8):
        raise TypeError(f"y must hold integer class labels, got dtype {y.dtype}")
    epochs = _positive_int("epochs", epochs)
    batch_size = _positive_int("batch_size", batch_size)
    _positive_int("seed", seed, minimum=0)
    if isinstance(lr, bool) or not isinstance(lr, (int, float)) or not lr > 0 or lr == float("inf"):
        raise ValueError(f"lr must be a positive finite number, got {lr!r}")
    optimizers = {"adam": torch.optim.Adam, "sgd": torch.optim.SGD}
    if optimizer not in optimizers:
        raise ValueError(f"unknown optimizer {optimizer!r}; expected 'adam' or 'sgd'")

    dtype = params[0].dtype
    X, y = X.to(dtype), y.to(torch.int64)
    with torch.no_grad():
        out = model(X[:1])
    if not isinstance(out, torch.Tensor) or out.dim() != 2:
        raise ValueError(f"model must return logits of shape (batch, C), got {getattr(out, 'shape', type(out))}")
    C = out.shape[1]
    if y.min() < 0 or y.max() >= C:
        raise ValueError(f"labels must lie in [0, {C}) for a model with C = {C} logits, "
                         f"got range [{int(y.min())}, {int(y.max())}]")

    opt = optimizers[optimizer](params, lr=float(lr))
    gen = torch.Generator().manual_seed(seed)
    loss_fn = nn.CrossEntropyLoss()
    N = X.shape[0]
    model.train()
    for _ in range(epochs):
        order = torch.randperm(N, generator=gen)
        for start in range(0, N, batch_size):
            idx = order[start:start + batch_size]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(X[idx]), y[idx])
            loss.backward()
            opt.step()
    model.eval()
    with torch.no_grad():
        accuracy = float((model(X).argmax(dim=1) == y).double().mean())
    return model, accuracy
