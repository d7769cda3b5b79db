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
from geomath.numeric.rank import Spectrum, numerical_rank, spectrum

__all__ = [
    "FisherFactor",
    "Spectrum",
    "data_matrix",
    "data_matrix_factor",
    "fisher",
    "fisher_factor",
    "numerical_rank",
    "softmax_covariance",
    "spectrum",
]
