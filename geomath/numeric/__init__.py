"""Numeric layer (PyTorch, float64): matrices of real networks, ranks, brackets, flows.

Its functions arrive with the information-geometry, diffusion and bracket work; the symbolic
layer never imports this package.
"""
