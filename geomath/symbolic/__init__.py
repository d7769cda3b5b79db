"""Exact derivations with SymPy. This package never imports torch.

>>> from geomath.symbolic import Metric
"""
from geomath.symbolic.christoffel import christoffel_first_kind, raise_first_index
from geomath.symbolic.conjugate import (
    alpha_connection,
    compatibility_residual,
    conjugacy_defect,
    conjugate_connection,
    divergence_connections,
    divergence_metric,
    metric_covariant_derivative,
    printed_divergence_christoffel,
    torsion,
)
from geomath.symbolic.diffusion import (
    diffusion_covariance_form,
    diffusion_pairwise_form,
    fhat_christoffel_form,
    loss_differences,
    pairwise_jacobian,
    per_sample_gradients,
    prove_covariance_form,
    prove_pairwise_identity,
)
from geomath.symbolic.information import (
    ExponentialFamily,
    bernoulli,
    categorical_softmax,
    f_divergence_local_coefficient,
    multivariate_normal_mean,
    normal,
    poisson,
)
from geomath.symbolic.metric import Metric
from geomath.symbolic.proof import Proof, Step
from geomath.symbolic.simplification import simplify_component
from geomath.symbolic.spacetimes import kerr_components, schwarzschild_components
from geomath.symbolic.weak_field import series_coefficient, weak_field_christoffel, weak_field_inverse

__all__ = [
    "Metric",
    "Proof",
    "Step",
    "christoffel_first_kind",
    "raise_first_index",
    "diffusion_covariance_form",
    "diffusion_pairwise_form",
    "fhat_christoffel_form",
    "loss_differences",
    "pairwise_jacobian",
    "per_sample_gradients",
    "prove_covariance_form",
    "prove_pairwise_identity",
    "simplify_component",
    "kerr_components",
    "schwarzschild_components",
    "series_coefficient",
    "weak_field_christoffel",
    "weak_field_inverse",
    "ExponentialFamily",
    "categorical_softmax",
    "bernoulli",
    "poisson",
    "normal",
    "multivariate_normal_mean",
    "f_divergence_local_coefficient",
    "divergence_metric",
    "divergence_connections",
    "printed_divergence_christoffel",
    "conjugate_connection",
    "compatibility_residual",
    "conjugacy_defect",
    "metric_covariant_derivative",
    "torsion",
    "alpha_connection",
]
