"""Numeric layer (PyTorch, float64): matrices of real networks, ranks, brackets, flows.

The symbolic layer never imports this package.
"""
from geomath.numeric.fisher import (
    FisherFactor,
    data_matrix,
    data_matrix_factor,
    fisher,
    fisher_factor,
    softmax_covariance,
)
from geomath.numeric.data import digits, gaussian_mixture, load_mnist_idx, read_idx
from geomath.numeric.models import bias_free_relu, lenet, relu_mlp, train
from geomath.numeric.rank import Spectrum, numerical_rank, spectrum

__all__ = [
    "FisherFactor",
    "Spectrum",
    "bias_free_relu",
    "data_matrix",
    "data_matrix_factor",
    "digits",
    "fisher",
    "fisher_factor",
    "gaussian_mixture",
    "lenet",
    "load_mnist_idx",
    "numerical_rank",
    "read_idx",
    "relu_mlp",
    "softmax_covariance",
    "spectrum",
    "train",
]
