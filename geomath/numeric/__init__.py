"""Numeric layer (PyTorch, float64): matrices of real networks, ranks, brackets, flows.

The symbolic layer never imports this package.
"""
from geomath.numeric.fisher import (
    FisherFactor,
    data_matrix,
    data_matrix_factor,
    fisher,
    fisher_factor,
    shifted_parameters,
    softmax_covariance,
)
from geomath.numeric.diffusion import (
    DiffusionSpectrum,
    LossFunction,
    diffusion_from_gradients,
    diffusion_matrix,
    diffusion_spectrum,
    per_sample_grads,
    per_sample_loss,
    per_sample_loss_function,
)
from geomath.numeric.flows import (
    Trajectory,
    christoffel_contraction,
    diffusion_at,
    diffusion_christoffel,
    geodesic_flow,
    gradient_descent,
    gradient_flow,
    metric_gradient_flow,
    relativistic_flow,
    rk4,
    sgd,
    solve_dop853,
)
from geomath.numeric.brackets import (
    InvolutivityDefect,
    VectorFields,
    data_fields,
    distribution_basis,
    involutivity_defect,
    lie_bracket,
    weight_fields,
)
from geomath.numeric.leaf import LeafPath, leaf_path
from geomath.numeric.divergence import KLExpansion, categorical_kl, kl_expansion, power_law_fit
from geomath.numeric.gram import GramSpectrum, gram_spectrum
from geomath.numeric.scores import Scores, score_vectors
from geomath.numeric.regions import ActivationPattern, activation_pattern
from geomath.numeric.data import digits, gaussian_mixture, load_mnist_idx, read_idx
from geomath.numeric.models import bias_free_relu, lenet, relu_mlp, train
from geomath.numeric.rank import Spectrum, numerical_rank, spectrum

__all__ = [
    "InvolutivityDefect",
    "LeafPath",
    "VectorFields",
    "data_fields",
    "distribution_basis",
    "involutivity_defect",
    "leaf_path",
    "lie_bracket",
    "weight_fields",
    "Trajectory",
    "christoffel_contraction",
    "diffusion_at",
    "diffusion_christoffel",
    "geodesic_flow",
    "gradient_descent",
    "gradient_flow",
    "metric_gradient_flow",
    "relativistic_flow",
    "rk4",
    "sgd",
    "solve_dop853",
    "DiffusionSpectrum",
    "LossFunction",
    "diffusion_from_gradients",
    "diffusion_matrix",
    "diffusion_spectrum",
    "per_sample_grads",
    "per_sample_loss",
    "per_sample_loss_function",
    "ActivationPattern",
    "activation_pattern",
    "GramSpectrum",
    "KLExpansion",
    "Scores",
    "categorical_kl",
    "gram_spectrum",
    "kl_expansion",
    "power_law_fit",
    "score_vectors",
    "shifted_parameters",
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
