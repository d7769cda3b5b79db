"""Moving on and off the data leaf: paths tangent to 𝒟_x = (ker G(x, w))^⊥, and orthogonal to it.

Source: the lecture “The Geometry of Deep Learning. Lecture 2: Deep Learning”, "Data manifold" (Facts: a *horizontal* path, on the data leaf,
joins points of the dataset), "Moving on the data leaf: MNIST" and "Moving away from the data
leaf: MNIST" ("noise is added, but the accuracy is high").

A horizontal path from x₀ toward a target x₁ follows the flow

    ẋ = P(x)(x₁ − x),        P(x) the orthogonal projector onto 𝒟_x,

the gradient flow of ½‖x − x₁‖² constrained to the distribution: d/dt ½‖x − x₁‖² = −‖P(x)(x₁ − x)‖²,
so the distance to the target never grows and the path stops where x₁ − x ⊥ 𝒟_x. The
orthogonal move is the same with I − P(x). 𝒟_x is spanned by the score fields of
:func:`geomath.numeric.brackets.data_fields` (item ③) at their numerical rank.

Steps are explicit Euler steps x ← x + h·P(x)(x₁ − x): each one moves within 𝒟 at the current
point, so inside one linear region of a ReLU network (where 𝒟 is constant) the path stays
exactly in the affine leaf x + 𝒟_x; across a region boundary a step may overshoot the boundary
by at most its own length h·‖P(x)(x₁ − x)‖.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch

from geomath.numeric.brackets import _check_point, _input_shape, data_fields, distribution_basis
from geomath.numeric.flows import _positive, _positive_int

__all__ = ["LeafPath", "leaf_path"]

MOVES = ("horizontal", "orthogonal")


@dataclass(frozen=True)
class LeafPath:
    """A path sampled at every step: ``points`` (T+1, n) flat inputs, ``distances`` (T+1,) to the
    target, ``ranks`` (T+1,) of 𝒟 at each point, ``probabilities`` (T+1, C) of the model.

    ``stop`` says why it ended: "reached" (distance ≤ ``atol``), "stalled" (the moving
    direction fell below ``rtol``·‖x₁ − x₀‖: x₁ − x is, to that accuracy, orthogonal to 𝒟_x for a
    horizontal path or inside 𝒟_x for an orthogonal one), "rank 0" (𝒟_x = 0: no horizontal
    direction at all) or "steps" (the step budget ran out)."""

    move: str
    points: torch.Tensor
    target: torch.Tensor
    distances: torch.Tensor
    ranks: torch.Tensor
    probabilities: torch.Tensor
    step_size: float
    stop: str

    @property
    def final(self) -> torch.Tensor:
        return self.points[-1]

    @property
    def relative_distance(self) -> float:
        """‖x_T − x₁‖ / ‖x₀ − x₁‖: 0 when the path reaches the target, 1 when it did not get closer."""
        d0 = float(self.distances[0])
        return float(self.distances[-1]) / d0 if d0 > 0 else 0.0

    @property
    def length(self) -> float:
        return float(torch.linalg.vector_norm(self.points.diff(dim=0), dim=1).sum())

    def __repr__(self) -> str:
        return (f"LeafPath({self.move}, {self.points.shape[0] - 1} steps, stop={self.stop!r}, distance "
                f"{float(self.distances[0]):.4g} -> {float(self.distances[-1]):.4g}, ranks "
                f"{int(self.ranks.min())}..{int(self.ranks.max())})")


def leaf_path(model: torch.nn.Module, x0: torch.Tensor, x1: torch.Tensor, *, move: str = "horizontal",
              step_size: float = 0.1, steps: int = 500, input_shape=None, rtol: float = 1e-6,
              atol: float = 1e-9) -> LeafPath:
    """A path from x₀ toward x₁ that stays tangent to 𝒟_x = (ker G(x, w))^⊥ (``move="horizontal"``)
    or orthogonal to it (``move="orthogonal"``: inside ker G, where the logits of a ReLU network
    change only by a common shift, so the prediction is unchanged within a linear region).

    x₀ and x₁ are single inputs, flat (n,) or of the model's input shape; ``input_shape`` as for
    :func:`~geomath.numeric.brackets.data_fields`. At most ``steps`` Euler steps of ``step_size``
    (in flow time; the flow contracts the distance at rate ≤ 1, so 0.1 gives 10 steps per unit of
    contraction). See :class:`LeafPath` for the stopping rules."""
    if move not in MOVES:
        raise ValueError(f"move must be one of {MOVES}, got {move!r}")
    h = _positive(step_size, "step_size")
    rtol, atol = _positive(rtol, "rtol"), _positive(atol, "atol")
    steps = _positive_int(steps, "steps")
    shape = _input_shape(model, input_shape if input_shape is not None else
                         (tuple(x0.shape) if isinstance(x0, torch.Tensor) and x0.dim() > 1 else None))
    fields = data_fields(model, shape)
    n = fields.dim
    x, target = (_check_point(v.reshape(-1) if isinstance(v, torch.Tensor) else v, what) for v, what in
                 ((x0, "x0"), (x1, "x1")))
    for v, what in ((x, "x0"), (target, "x1")):
        if v.shape != (n,):
            raise ValueError(f"{what} has {v.numel()} entries; the model's inputs of shape {shape} have {n}")
    scale = float(torch.linalg.vector_norm(target - x))
    points, ranks, probs = [x], [], []
    stop = "steps"
    for k in range(steps + 1):
        V = fields.stacked(x)
        probs.append(fields.potentials(x).exp())
        Q, S, tol = distribution_basis(V)
        ranks.append(Q.shape[1])
        if float(torch.linalg.vector_norm(target - x)) <= atol:
            stop = "reached"
            break
        if Q.shape[1] == 0 and move == "horizontal":
            stop = "rank 0"
            break
        v = target - x
        along = Q @ (Q.T @ v)
        direction = along if move == "horizontal" else v - along
        if float(torch.linalg.vector_norm(direction)) <= rtol * scale:
            stop = "stalled"
            break
        if k == steps:
            break
        x = x + h * direction
        points.append(x)
    P = torch.stack(points)
    return LeafPath(move=move, points=P, target=target, distances=torch.linalg.vector_norm(P - target, dim=1),
                    ranks=torch.tensor(ranks), probabilities=torch.stack(probs), step_size=h, stop=stop)

