"""geomath.numeric.flows: each result compared with an independent quantity (SymPy Christoffel
symbols, the dense tensor, closed-form GD on a quadratic, scipy's DOP853, enumerated batches)."""
import itertools
import math

import pytest
import sympy as sp
import torch

from geomath.numeric import (
    diffusion_matrix,
    gaussian_mixture,
    per_sample_loss_function,
    relu_mlp,
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
from geomath.symbolic import Metric, diffusion_pairwise_form, per_sample_gradients

F64 = torch.float64
X0 = (sp.Rational(3, 10), sp.Rational(-1, 5))


# -- a polynomial example: N = 3 losses of two weights, in torch and in SymPy ------------------

def poly_losses(th):
    x, y = th[0], th[1]
    return torch.stack([(x - 1) ** 2 + x * y**2, 2 * y**2 + x**3, x + y + x * x * y])


def poly_symbolic():
    x, y = sp.symbols("x y", real=True)
    return [(x - 1) ** 2 + x * y**2, 2 * y**2 + x**3, x + y + x * x * y], (x, y)


def point():
    return torch.tensor([float(c) for c in X0], dtype=F64)


# -- a quadratic: linear least squares, pure torch ---------------------------------------------

def quadratic_problem(N=6, d=3, seed=0):
    g = torch.Generator().manual_seed(seed)
    A = torch.randn(N, d, generator=g, dtype=F64)
    b = torch.randn(N, generator=g, dtype=F64)

    def losses(th):
        return 0.5 * (A @ th - b) ** 2

    H = A.T @ A / N
    xstar = torch.linalg.solve(H, A.T @ b / N)
    return losses, H, xstar


def gd_closed_form(H, xstar, x0, ts):
    lam, U = torch.linalg.eigh(H)
    return torch.stack([xstar + U @ (torch.exp(-lam * t) * (U.T @ (x0 - xstar))) for t in ts])


def small_net():
    X, y = gaussian_mixture(8, 4, 3, seed=0)
    return per_sample_loss_function(relu_mlp(4, (3,), 3, activation="tanh", seed=0), X, y), X, y


# -- the diffusion matrix and Christoffel symbols ----------------------------------------------

def test_diffusion_at_matches_symbolic_pairwise_form():
    losses, coords = poly_symbolic()
    D = diffusion_pairwise_form(per_sample_gradients(losses, coords)).subs(dict(zip(coords, X0)))
    num = diffusion_at(poly_losses, point())
    assert torch.allclose(num, torch.tensor([[float(D[i, j]) for j in range(2)] for i in range(2)], dtype=F64),
                          rtol=0, atol=1e-14)


def test_diffusion_at_matches_diffusion_matrix_of_a_network():
    L, X, y = small_net()
    assert torch.allclose(diffusion_at(L, L.theta0), diffusion_matrix(L.model, X, y), rtol=0, atol=1e-14)


def test_exact_christoffel_matches_sympy_metric():
    losses, coords = poly_symbolic()
    eps = sp.Rational(1, 5)
    D = diffusion_pairwise_form(per_sample_gradients(losses, coords))
    G_sym = Metric(sp.eye(2) + eps * D, coords).christoffel()
    at = dict(zip(coords, X0))
    expected = torch.tensor([[[float(G_sym[k, i, j].subs(at)) for j in range(2)] for i in range(2)] for k in range(2)],
                            dtype=F64)
    got = diffusion_christoffel(poly_losses, point(), 0.2)
    assert torch.allclose(got, expected, rtol=0, atol=1e-13)
    assert torch.allclose(got, got.transpose(1, 2), rtol=0, atol=0)  # torsion free


def test_christoffel_at_eps_zero_vanishes():
    assert diffusion_christoffel(poly_losses, point(), 0.0).abs().max() == 0


@pytest.mark.parametrize("eps", [0.0, 0.3, 5.0])
def test_contraction_equals_full_tensor(eps):
    L, _, _ = small_net()
    g = torch.Generator().manual_seed(1)
    for losses, th in ((poly_losses, point()), (L, L.theta0)):
        v = torch.randn(th.shape[0], generator=g, dtype=F64)
        full = torch.einsum("kij,i,j->k", diffusion_christoffel(losses, th, eps), v, v)
        assert torch.allclose(christoffel_contraction(losses, th, v, eps), full, rtol=1e-12, atol=1e-15)


# -- integrators ------------------------------------------------------------------------------

def test_rk4_is_fourth_order():
    exact = math.exp(-2.0)
    errs = [abs(float(rk4(lambda t, y: -y, torch.ones(1, dtype=F64), 2.0, n)[1][-1, 0]) - exact) for n in (10, 20)]
    assert 14 < errs[0] / errs[1] < 18


@pytest.mark.parametrize("integrator,steps,tol", [("rk4", 200, 1e-9), ("dop853", 20, 1e-9)])
def test_gradient_flow_matches_closed_form_on_a_quadratic(integrator, steps, tol):
    losses, H, xstar = quadratic_problem()
    x0 = torch.zeros(3, dtype=F64)
    tr = gradient_flow(losses, x0, 3.0, steps=steps, integrator=integrator, rtol=1e-12, atol=1e-14)
    assert isinstance(tr, Trajectory) and tr.method == "gd" and tr.integrator == integrator
    assert tr.times.shape == (steps + 1,) and tr.states.dtype == F64
    assert torch.allclose(tr.states, gd_closed_form(H, xstar, x0, tr.times), rtol=0, atol=tol)


def test_first_order_flows_at_eps_zero_are_gd():
    losses, H, xstar = quadratic_problem()
    x0 = torch.zeros(3, dtype=F64)
    gd = gradient_flow(losses, x0, 2.0, steps=50)
    for tr in (relativistic_flow(losses, x0, 0.0, 2.0, steps=50), metric_gradient_flow(losses, x0, 0.0, 2.0, steps=50)):
        assert torch.allclose(tr.states, gd.states, rtol=0, atol=1e-15)


@pytest.mark.parametrize("force", ["euclidean", "raised"])
def test_geodesic_at_eps_zero_with_gd_velocity_is_gd(force):
    losses, H, xstar = quadratic_problem()
    x0 = torch.zeros(3, dtype=F64)
    tr = geodesic_flow(losses, x0, 0.0, 2.0, force=force, steps=20, integrator="dop853", rtol=1e-12, atol=1e-14)
    assert tr.method == f"geodesic-{force}" and tr.velocities.shape == tr.states.shape
    assert torch.allclose(tr.states, gd_closed_form(H, xstar, x0, tr.times), rtol=0, atol=1e-9)


@pytest.mark.parametrize("force", ["euclidean", "raised"])
def test_geodesic_rk4_dop853_and_tensor_route_agree(force):
    x0 = point()
    a = geodesic_flow(poly_losses, x0, 0.2, 0.5, force=force, steps=100)
    b = geodesic_flow(poly_losses, x0, 0.2, 0.5, force=force, steps=100, integrator="dop853", rtol=1e-12, atol=1e-14)
    c = geodesic_flow(poly_losses, x0, 0.2, 0.5, force=force, steps=10, integrator="dop853", christoffel="tensor",
                      rtol=1e-12, atol=1e-14)
    assert torch.allclose(a.states, b.states, rtol=0, atol=1e-8)
    assert torch.allclose(b.states[::10], c.states, rtol=0, atol=1e-10)


def test_rgd_is_first_order_form_of_metric_gradient_flow():
    losses, _, _ = quadratic_problem()
    x0 = torch.zeros(3, dtype=F64)
    gap = []
    for eps in (1e-2, 1e-3):
        r = relativistic_flow(losses, x0, eps, 1.0, steps=20)
        m = metric_gradient_flow(losses, x0, eps, 1.0, steps=20)
        gap.append(float((r.states - m.states).norm(dim=1).max()))
    assert 90 < gap[0] / gap[1] < 110  # O(ε²)


def test_solve_dop853_reports_function_evaluations():
    ts, ys, nfev = solve_dop853(lambda t, y: -y, torch.ones(2, dtype=F64), 1.0, 4)
    assert nfev > 0 and ts.shape == (5,) and torch.allclose(ys[-1], torch.full((2,), math.exp(-1), dtype=F64))


# -- discrete dynamics -------------------------------------------------------------------------

def test_sgd_full_batch_without_replacement_is_discrete_gd():
    losses, _, _ = quadratic_problem()
    x0 = torch.zeros(3, dtype=F64)
    gd = gradient_descent(losses, x0, 0.1, 15)
    s = sgd(losses, x0, 0.1, 15, batch_size=6, replacement=False, seed=3)
    assert torch.allclose(s.states, gd.states, rtol=0, atol=1e-15)
    assert torch.equal(gd.times, torch.arange(16, dtype=F64) * 0.1)


def test_discrete_gd_converges_to_the_flow_at_first_order():
    losses, H, xstar = quadratic_problem()
    x0 = torch.zeros(3, dtype=F64)
    errs = []
    for eta, n in ((0.1, 10), (0.05, 20)):
        tr = gradient_descent(losses, x0, eta, n)
        errs.append(float((tr.final - gd_closed_form(H, xstar, x0, [1.0])[0]).norm()))
    assert 1.8 < errs[0] / errs[1] < 2.2


def test_sgd_without_replacement_partitions_each_epoch():
    losses, _, _ = quadratic_problem()
    s = sgd(losses, torch.zeros(3, dtype=F64), 0.01, 9, batch_size=2, replacement=False, seed=0)
    batches = s.info["batches"]
    assert batches.shape == (9, 2) and s.method == "sgd-without-replacement"
    for e in range(3):
        assert sorted(batches[3 * e: 3 * e + 3].reshape(-1).tolist()) == list(range(6))


def test_expected_batch_gradient_is_the_full_gradient():
    losses, _, _ = quadratic_problem()
    x = torch.tensor([0.3, -0.2, 0.5], dtype=F64)
    G = torch.func.jacrev(losses)(x)
    full = G.mean(dim=0)
    # without replacement: exact expectation over all C(6, 2) batches
    exact = torch.stack([G[list(B)].mean(dim=0) for B in itertools.combinations(range(6), 2)]).mean(dim=0)
    assert torch.allclose(exact, full, rtol=0, atol=1e-15)
    # with replacement: the recorded draws are uniform, their mean batch gradient within 5 standard errors
    s = sgd(losses, x, 1e-9, 4000, batch_size=2, replacement=True, seed=0)
    draws = torch.stack([G[B].mean(dim=0) for B in s.info["batches"]])
    se = draws.std(dim=0) / math.sqrt(draws.shape[0])
    assert ((draws.mean(dim=0) - full).abs() <= 5 * se).all()


def test_sgd_is_reproducible_under_its_seed():
    losses, _, _ = quadratic_problem()
    x0 = torch.zeros(3, dtype=F64)
    a, b, c = (sgd(losses, x0, 0.1, 5, 2, seed=s) for s in (4, 4, 5))
    assert torch.equal(a.states, b.states) and not torch.equal(a.states, c.states)


# -- bad input ---------------------------------------------------------------------------------

EPS_TAKERS = [
    lambda e: diffusion_christoffel(poly_losses, point(), e),
    lambda e: christoffel_contraction(poly_losses, point(), point(), e),
    lambda e: relativistic_flow(poly_losses, point(), e, 1.0, steps=2),
    lambda e: metric_gradient_flow(poly_losses, point(), e, 1.0, steps=2),
    lambda e: geodesic_flow(poly_losses, point(), e, 1.0, steps=2),
]


@pytest.mark.parametrize("call", EPS_TAKERS)
def test_negative_or_bad_eps_is_refused(call):
    with pytest.raises(ValueError, match=r"eps .*>= 0"):
        call(-0.1)
    with pytest.raises(ValueError, match="eps"):
        call(float("nan"))
    with pytest.raises(TypeError, match="eps"):
        call("0.1")
    with pytest.raises(TypeError, match="eps"):
        call(True)


@pytest.mark.parametrize("theta, err, msg", [
    (torch.tensor([float("nan"), 0.0], dtype=F64), ValueError, "NaN or inf"),
    (torch.tensor([float("inf"), 0.0], dtype=F64), ValueError, "NaN or inf"),
    (torch.zeros(2, 1, dtype=F64), ValueError, "shape"),
    (torch.zeros(0, dtype=F64), ValueError, "shape"),
    (torch.zeros(2, dtype=torch.int64), TypeError, "floating"),
    ([0.0, 0.0], TypeError, "torch.Tensor"),
])
def test_bad_theta(theta, err, msg):
    for call in (lambda: diffusion_at(poly_losses, theta), lambda: gradient_flow(poly_losses, theta, 1.0),
                 lambda: sgd(poly_losses, theta, 0.1, 2, 1)):
        with pytest.raises(err, match=msg):
            call()


def test_theta_of_the_wrong_size_for_a_loss_function():
    L, _, _ = small_net()
    with pytest.raises(ValueError, match=f"shape \\({L.d},\\)"):
        diffusion_at(L, torch.zeros(L.d + 1, dtype=F64))


def test_bad_losses():
    with pytest.raises(TypeError, match="callable"):
        diffusion_at("f", point())
    with pytest.raises(ValueError, match="N >= 2"):
        diffusion_at(lambda th: th[:1] ** 2, point())
    with pytest.raises(ValueError, match=r"\(N,\)"):
        diffusion_at(lambda th: th.sum(), point())
    with pytest.raises(ValueError, match="NaN or inf"):
        diffusion_at(lambda th: th / 0.0, torch.zeros(2, dtype=F64))


@pytest.mark.parametrize("kwargs, err, msg", [
    ({"t_final": 0.0}, ValueError, "t_final"),
    ({"t_final": -1.0}, ValueError, "t_final"),
    ({"t_final": float("inf")}, ValueError, "t_final"),
    ({"steps": 0}, ValueError, "steps"),
    ({"steps": 2.5}, TypeError, "steps"),
    ({"integrator": "euler"}, ValueError, "integrator"),
    ({"integrator": "dop853", "rtol": 0.0}, ValueError, "rtol"),
    ({"integrator": "dop853", "atol": -1.0}, ValueError, "atol"),
    ({"force": "magnetic"}, ValueError, "force"),
    ({"christoffel": "weak"}, ValueError, "christoffel"),
    ({"velocity": torch.zeros(3, dtype=F64)}, ValueError, "velocity"),
    ({"velocity": torch.tensor([float("nan"), 0.0], dtype=F64)}, ValueError, "velocity"),
])
def test_bad_flow_arguments(kwargs, err, msg):
    args = {"t_final": 1.0, "steps": 2, **kwargs}
    with pytest.raises(err, match=msg):
        geodesic_flow(poly_losses, point(), 0.1, args.pop("t_final"), **args)


def test_bad_contraction_direction():
    with pytest.raises(ValueError, match="v must have the shape"):
        christoffel_contraction(poly_losses, point(), torch.zeros(3, dtype=F64), 0.1)


@pytest.mark.parametrize("kwargs, err, msg", [
    ({"batch_size": 0}, ValueError, r"\[1, N\] = \[1, 3\]"),
    ({"batch_size": 4}, ValueError, r"\[1, N\] = \[1, 3\]"),
    ({"batch_size": 1.0}, TypeError, "batch_size"),
    ({"lr": 0.0}, ValueError, "lr"),
    ({"lr": -0.1}, ValueError, "lr"),
    ({"steps": 0}, ValueError, "steps"),
    ({"seed": -1}, ValueError, "seed"),
    ({"replacement": "yes"}, TypeError, "replacement"),
])
def test_bad_sgd_arguments(kwargs, err, msg):
    args = {"lr": 0.1, "steps": 2, "batch_size": 2, **kwargs}
    with pytest.raises(err, match=msg):
        sgd(poly_losses, point(), args.pop("lr"), args.pop("steps"), args.pop("batch_size"), **args)


def test_bad_discrete_gd_arguments():
    with pytest.raises(ValueError, match="lr"):
        gradient_descent(poly_losses, point(), 0.0, 3)
    with pytest.raises(ValueError, match="steps"):
        gradient_descent(poly_losses, point(), 0.1, 0)


def test_trajectory_is_frozen():
    tr = gradient_flow(poly_losses, point(), 0.1, steps=2)
    with pytest.raises(AttributeError):
        tr.method = "x"
    assert len(tr) == 3 and torch.equal(tr.final, tr.states[-1])
