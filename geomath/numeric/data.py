"""Reference data for the numeric checks: sklearn's bundled 8×8 digits, a seeded Gaussian
mixture for any C and n, and a reader for MNIST-format IDX files the user already has.

Nothing here downloads anything. Inputs come back as float tensors (float64 by default) and
labels as int64 tensors. scikit-learn is imported only when :func:`digits` is called.
"""
from __future__ import annotations

import gzip
import math
import os
import struct
from functools import lru_cache
from pathlib import Path

import numpy as np
import torch

__all__ = ["digits", "gaussian_mixture", "load_mnist_idx", "read_idx"]

_SPLITS = ("train", "test", "all")


def _int(name: str, value, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return value


def _check_dtype(dtype) -> torch.dtype:
    if not isinstance(dtype, torch.dtype) or not dtype.is_floating_point:
        raise TypeError(f"dtype must be a floating torch.dtype, got {dtype!r}")
    return dtype


# -- sklearn digits --------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _load_digits() -> tuple[np.ndarray, np.ndarray]:
    from sklearn.datasets import load_digits  # bundled with scikit-learn, no download

    bunch = load_digits()
    return bunch.data.astype(np.float64) / 16.0, bunch.target.astype(np.int64)


def digits(
    split: str = "train",
    test_fraction: float = 0.2,
    seed: int = 0,
    dtype: torch.dtype = torch.float64,
    flatten: bool = False,
) -> tuple[torch.Tensor, torch.Tensor]:
    """scikit-learn's 1797 8×8 handwritten digits (10 classes), pixels scaled to [0, 1].

    Returns ``(X, y)``: X of shape (N, 1, 8, 8), or (N, 64) with ``flatten=True``; y int64.
    ``split`` is "train", "test" or "all"; train/test is a stratified split
    (``sklearn.model_selection.train_test_split`` with ``stratify=y``, ``random_state=seed``),
    so each class keeps its share in both parts and the same seed gives the same split.
    """
    if split not in _SPLITS:
        raise ValueError(f"unknown split {split!r}; expected one of {_SPLITS}")
    if isinstance(test_fraction, bool) or not isinstance(test_fraction, (int, float)) or not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must be a number strictly between 0 and 1, got {test_fraction!r}")
    _int("seed", seed, 0)
    dtype = _check_dtype(dtype)
    data, target = _load_digits()
    if split != "all":
        from sklearn.model_selection import train_test_split

        idx_train, idx_test = train_test_split(
            np.arange(len(target)), test_size=test_fraction, random_state=seed, stratify=target
        )
        idx = np.sort(idx_train if split == "train" else idx_test)
        data, target = data[idx], target[idx]
    X = torch.tensor(data, dtype=dtype)
    if not flatten:
        X = X.reshape(-1, 1, 8, 8)
    return X, torch.tensor(target, dtype=torch.int64)


# -- Gaussian mixture ------------------------------------------------------------------------

def gaussian_mixture(
    n_samples: int,
    n_features: int,
    n_classes: int,
    seed: int = 0,
    separation: float = 3.0,
    dtype: torch.dtype = torch.float64,
) -> tuple[torch.Tensor, torch.Tensor]:
    """n_samples points in ℝ^n_features from n_classes unit-covariance Gaussians.

    Class means are ``separation`` times random unit vectors (orthonormal when
    n_classes ≤ n_features, so every pair of means is separation·√2 apart). Classes are as
    balanced as possible: each has ⌊n/C⌋ or ⌈n/C⌉ samples (the first n mod C classes get the
    extra one); the order of the samples is shuffled. Returns ``(X (n, d), y int64 (n,))``.
    """
    n = _int("n_samples", n_samples, 1)
    d = _int("n_features", n_features, 1)
    C = _int("n_classes", n_classes, 2)
    _int("seed", seed, 0)
    if isinstance(separation, bool) or not isinstance(separation, (int, float)) or not (
        separation >= 0 and math.isfinite(separation)
    ):
        raise ValueError(f"separation must be a finite number >= 0, got {separation!r}")
    dtype = _check_dtype(dtype)

    gen = torch.Generator().manual_seed(seed)
    raw = torch.randn(max(C, d), d, generator=gen, dtype=torch.float64)
    if C <= d:
        q, _ = torch.linalg.qr(raw[:d].T)  # d×d orthogonal; its first C columns are orthonormal
        directions = q[:, :C].T
    else:
        directions = raw[:C] / raw[:C].norm(dim=1, keepdim=True)
    means = separation * directions
    counts = [n // C + (1 if k < n % C else 0) for k in range(C)]
    y = torch.repeat_interleave(torch.arange(C), torch.tensor(counts))
    y = y[torch.randperm(n, generator=gen)]
    X = means[y] + torch.randn(n, d, generator=gen, dtype=torch.float64)
    return X.to(dtype), y.to(torch.int64)


# -- MNIST IDX files -------------------------------------------------------------------------

_IDX_FILES = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}


def read_idx(path: str | os.PathLike) -> np.ndarray:
    """The unsigned-byte array stored in one IDX file (plain, or gzip when the name ends in .gz).

    Format: two zero bytes, a type byte (0x08 = unsigned byte, the only type read here), the
    number of dimensions k, k big-endian uint32 sizes, then the data in C order.
    """
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as fh:
        raw = fh.read()
    if len(raw) < 4:
        raise ValueError(f"{path}: too short for an IDX header ({len(raw)} bytes)")
    zero, dtype_code, ndim = struct.unpack(">HBB", raw[:4])
    if zero != 0 or dtype_code != 0x08 or ndim == 0:
        raise ValueError(f"{path}: bad IDX magic number 0x{raw[:4].hex()}; expected 0x0000080k "
                         "(unsigned bytes in k dimensions)")
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise ValueError(f"{path}: truncated IDX header")
    shape = struct.unpack(f">{ndim}I", raw[4:header])
    size = math.prod(shape)
    if len(raw) - header != size:
        raise ValueError(f"{path}: header says shape {shape} ({size} bytes) but the file holds "
                         f"{len(raw) - header} data bytes")
    return np.frombuffer(raw, dtype=np.uint8, offset=header).reshape(shape)


def _find(directory: Path, name: str) -> Path:
    # the standard name, its gzip, and the "train-images.idx3-ubyte" spelling of some mirrors
    dotted = name.replace("-idx", ".idx")
    for candidate in (name, name + ".gz", dotted, dotted + ".gz"):
        if (directory / candidate).is_file():
            return directory / candidate
    raise FileNotFoundError(f"MNIST file {name!r} (or {name}.gz) not found in {directory}")


def load_mnist_idx(
    directory: str | os.PathLike,
    split: str = "train",
    dtype: torch.dtype = torch.float64,
) -> tuple[torch.Tensor, torch.Tensor]:
    """MNIST (or Fashion-MNIST, or any IDX pair of the same layout) from files in ``directory``.

    Reads ``train-images-idx3-ubyte`` / ``train-labels-idx1-ubyte`` (split="train") or
    ``t10k-images-idx3-ubyte`` / ``t10k-labels-idx1-ubyte`` (split="test"), each plain or
    ``.gz``. Nothing is downloaded. Returns ``(X, y)``: X of shape (N, 1, rows, cols) scaled to
    [0, 1] in ``dtype``, y int64.
    """
    if split not in _IDX_FILES:
        raise ValueError(f"unknown split {split!r}; expected 'train' or 'test'")
    dtype = _check_dtype(dtype)
    if not isinstance(directory, (str, os.PathLike)):
        raise TypeError(f"directory must be a path, got {type(directory).__name__}")
    directory = Path(directory)
    if not directory.is_dir():
        raise FileNotFoundError(f"MNIST directory {str(directory)!r} does not exist or is not a directory")
    images_name, labels_name = _IDX_FILES[split]
    images_path, labels_path = _find(directory, images_name), _find(directory, labels_name)
    images, labels = read_idx(images_path), read_idx(labels_path)
    if images.ndim != 3:
        raise ValueError(f"{images_path}: expected a 3-D image array (N, rows, cols), got shape {images.shape}")
    if labels.ndim != 1:
        raise ValueError(f"{labels_path}: expected a 1-D label array, got shape {labels.shape}")
    if images.shape[0] != labels.shape[0]:
        raise ValueError(f"{images.shape[0]} images in {images_path.name} but {labels.shape[0]} labels "
                         f"in {labels_path.name}")
    X = torch.tensor(images, dtype=dtype).unsqueeze(1) / 255.0
    return X, torch.tensor(labels, dtype=torch.int64)
