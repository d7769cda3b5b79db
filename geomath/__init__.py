"""geomath: executable, checkable mathematics of the geometry of deep learning.

Layers: :mod:`geomath.symbolic` (SymPy only; exact derivations) and :mod:`geomath.numeric`
(PyTorch; matrices of real networks). Importing :mod:`geomath` imports neither.
"""
__version__ = "0.1.0"
