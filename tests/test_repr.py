"""Notebook displays: ``_repr_latex_`` of symbolic results, one-line ``__repr__`` of numeric results.

Symbolic: the LaTeX is one math block that latex2mathml converts, shows the non-zero connection
symbols named by the coordinates (zeros omitted) and series with their O-term; the result types
stay equal to, hash like and compute like the SymPy objects they extend. Numeric: each repr says
what the result is with numbers computed here by a second route, and never prints a tensor.
"""
from __future__ import annotations

import pickle

import numpy as np
import pytest
import sympy as sp
import torch
from latex2mathml.converter import convert

from geomath.numeric import (
    InvolutivityDefect,
    KLExpansion,
    LeafPath,
    LossFunction,
    Trajectory,
    activation_pattern,
    data_matrix,
    data_matrix_factor,
    diffusion_spectrum,
    fisher,
    gram_spectrum,
    kl_expansion,
    numerical_rank,
    per_sample_loss_function,
    relu_mlp,
    score_vectors,
    spectrum,
)
from geomath.numeric.regions import AffinePiece, SliceGrid, SlicePolygon, affine_piece, slice_regions_grid
from geomath.symbolic import (
    Metric,
    christoffel_first_kind,
    conjugate_connection,
    divergence_connections,
    normal,
    poisson,
    prove_pairwise_identity,
    raise_first_index,
    weak_field_christoffel,
    weak_field_inverse,
)
from geomath.symbolic.printing import (
    ConnectionArray,
    SeriesCoefficients,
    SeriesMatrix,
    connection_array,
    series_latex,
    series_matrix,
)

TH, PH = sp.symbols("theta phi", positive=True)
X, Y, EPS = sp.symbols("x y epsilon")
# A repr is one line about a result; a few hundred characters hold every number it should show.
MAX_REPR = 300


def math_of(display: str) -> str:
    """The LaTeX inside an IPython text/latex display: one $…$ (or $$…$$) block, nothing outside."""
    body = display[2:-2] if display.startswith("$$") else display[1:-1]
    assert display.endswith("$") and "$" not in body, display
    return body


def converts(display: str) -> str:
    body = math_of(display)
    assert convert(body).startswith("<math"), display  # raises on LaTeX it cannot parse
    return body


@pytest.fixture(scope="module")
def sphere():
    return Metric([[1, 0], [0, sp.sin(TH) ** 2]], [TH, PH])


# -- Christoffel arrays -------------------------------------------------------------------------


def test_sphere_christoffel_shows_its_nonzero_components_by_coordinate(sphere):
    G = sphere.christoffel()
    tex = converts(G._repr_latex_())
    assert tex.startswith(r"\displaystyle ")
    # the closed forms of the unit sphere: Γ^θ_φφ = −sin θ cos θ, Γ^φ_θφ = Γ^φ_φθ = cot θ
    assert rf"{{\Gamma}}^{{\theta}}_{{\phi \phi}} & = \displaystyle {sp.latex(-sp.sin(TH) * sp.cos(TH))}" in tex
    assert r"{\Gamma}^{\phi}_{\theta \phi} = {\Gamma}^{\phi}_{\phi \theta} & = " in tex
    # zeros are omitted: 2 rows for the 2 distinct non-zero symbols (of 6 with i <= j)
    assert tex.count(r" \\ ") == 1
    for k, i, j in [("theta", "theta", "theta"), ("theta", "theta", "phi"), ("phi", "theta", "theta"),
                    ("phi", "phi", "phi")]:
        assert rf"{{\Gamma}}^{{\{k}}}_{{\{i} \{j}}}" not in tex
    assert r"\text{in coordinates } \left( \theta, \  \phi\right)" in tex
    assert r"\text{; other } {\Gamma}^{k}_{i j} = 0" in tex


def test_christoffel_array_behaves_as_the_sympy_array(sphere):
    G = sphere.christoffel()
    cot = sp.cos(TH) / sp.sin(TH)
    plain = sp.ImmutableDenseNDimArray([[[0, 0], [0, -sp.sin(TH) * sp.cos(TH)]], [[0, cot], [cot, 0]]])
    assert isinstance(G, ConnectionArray) and isinstance(G, sp.ImmutableDenseNDimArray)
    assert G == plain and plain == G and not (G != plain)
    assert hash(G) == hash(plain) and G in {plain} and G.sort_key() == plain.sort_key()
    assert G.shape == (2, 2, 2) and G.rank() == 3 and len(G) == 8
    assert G[1, 0, 1] == cot and G[0] == plain[0] and G.tolist() == plain.tolist()
    assert G.coords == (TH, PH) and G.form == "^k_ij" and G.order is None
    # every operation returns the plain type (the display describes this result only)
    derived = [sp.simplify(G), G.applyfunc(sp.expand), G.subs(TH, 1), G + plain, -G, 2 * G, G.diff(TH),
               G[0], pickle.loads(pickle.dumps(G))]
    assert all(type(d) is sp.ImmutableDenseNDimArray for d in derived)
    assert sp.simplify(G - plain) == sp.Array.zeros(2, 2, 2)
    assert pickle.loads(pickle.dumps(G)) == G
    assert sp.simplify(G)._repr_latex_().startswith(r"$\displaystyle \left[\begin{matrix}")  # SymPy's own
    # what geomath itself passes on: the first-kind array raised by the inverse metric
    first = sphere.christoffel_first()
    assert first.form == "_kij" and raise_first_index(sphere.inverse(), first) == G
    assert raise_first_index(sphere.inverse(), first).coords == (TH, PH)


def test_first_kind_and_simplified_keep_the_display(sphere):
    tex = converts(sphere.christoffel_first(simplify=True)._repr_latex_())
    # Γ_{θφφ} = −½∂_θ g_φφ = −sin θ cos θ
    assert rf"{{\Gamma}}_{{\theta \phi \phi}} & = \displaystyle {sp.latex(-sp.sin(TH) * sp.cos(TH))}" in tex
    assert isinstance(sphere.christoffel(simplify=True), ConnectionArray)


def test_flat_metric_says_all_symbols_vanish():
    tex = converts(Metric(sp.eye(2), [X, Y]).christoffel()._repr_latex_())
    assert r"{\Gamma}^{k}_{i j} = 0 \text{ for all } k, i, j" in tex and r"\begin{array}" not in tex


def test_connection_with_torsion_lists_both_orders():
    # flat g = I and a connection with only Γ_{yx,x} = F[0, 1, 0] = x (not symmetric: torsion);
    # its conjugate Γ*_{ik,j} = ∂_i g_jk − Γ_{ij,k} has only Γ*_{yx,x} = −x
    F = sp.ImmutableDenseNDimArray([[[0, 0], [X, 0]], [[0, 0], [0, 0]]])
    tex = converts(conjugate_connection(sp.eye(2), F, [X, Y])._repr_latex_())
    assert r"{\Gamma^{*}}_{y x, x} & = \displaystyle - x" in tex
    assert r"{\Gamma^{*}}_{x y, x}" not in tex and r" \\ " not in tex


def test_divergence_connections_of_poisson_are_the_m_and_e_pair():
    a, b = sp.symbols("a b")
    G, Gs = divergence_connections(poisson().kl([a], [b]), [a], [b])
    # KL of the Poisson family in the log-rate: Γ = ∂³A = e^a (mixture), Γ* = 0 (exponential)
    assert r"{\Gamma}_{a a, a} & = \displaystyle e^{a}" in converts(G._repr_latex_())
    assert r"{\Gamma^{*}}_{i j, k} = 0 \text{ for all }" in converts(Gs._repr_latex_())


# -- series ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("order, expected", [
    # g = 1 + εx² in one coordinate: Γ^x_xx = ½ε(x²)'/(1 + εx²) = xε − x³ε² + x⁵ε³ − …
    (1, r"x \epsilon + O\left(\epsilon^{2}\right)"),
    (2, r"x \epsilon - x^{3} \epsilon^{2} + O\left(\epsilon^{3}\right)"),
    (3, r"x \epsilon - x^{3} \epsilon^{2} + x^{5} \epsilon^{3} + O\left(\epsilon^{4}\right)"),
])
def test_weak_field_christoffel_shows_the_order(order, expected):
    G = weak_field_christoffel([[X**2]], [X], EPS, order=order)
    tex = converts(G._repr_latex_())
    assert rf"{{\Gamma}}^{{x}}_{{x x}} & = \displaystyle {expected}" in tex
    assert G.order == order and G.eps == EPS
    assert G == sp.Array([[[sp.expand(sp.series(X * EPS / (1 + EPS * X**2), EPS, 0, order + 1).removeO())]]])


def test_weak_field_christoffel_order_two_in_two_dimensions():
    D = sp.Matrix([[X**2, X * Y], [X * Y, Y**2]])
    G = weak_field_christoffel(D, [X, Y], EPS, order=2)
    tex = converts(G._repr_latex_())
    rows = tex.count(r" \\ ") + 1
    assert tex.count(r"O\left(\epsilon^{3}\right)") == rows == len({(k, min(i, j), max(i, j))
                                                                   for (k, i, j), _ in G.nonzero_components()})
    assert r"\epsilon^{3} " not in tex.replace(r"O\left(\epsilon^{3}\right)", "")


def test_weak_field_inverse_shows_coefficient_matrices():
    D = sp.Matrix([[X**2, X * Y], [X * Y, Y**2]])
    W = weak_field_inverse(D, EPS, order=2)
    assert isinstance(W, SeriesMatrix) and W.order == 2
    assert W.coefficients() == {0: sp.eye(2), 1: -D, 2: D * D}  # Neumann series Σ(−εD)^m
    tex = converts(W._repr_latex_())
    assert tex.startswith(r"\displaystyle \left(I + \epsilon D\right)^{-1} = I + \epsilon \left[")
    assert tex.endswith(r"+ O\left(\epsilon^{3}\right)")
    plain = sp.ImmutableMatrix(sp.eye(2) - EPS * D + EPS**2 * D * D)
    assert W.applyfunc(sp.expand) == plain.applyfunc(sp.expand) and hash(W) == hash(sp.ImmutableMatrix(W))
    assert type(W * sp.Matrix([1, 0])) is not SeriesMatrix and type(W - plain) is not SeriesMatrix
    # an immutable argument is copied, never tagged in place
    Dm = sp.ImmutableMatrix([[X]])
    assert type(weak_field_inverse(Dm, EPS, order=0)) is SeriesMatrix and type(Dm) is sp.ImmutableDenseMatrix


def test_kl_expansion_is_a_tuple_shown_as_a_series():
    mu, sigma = normal().params
    ks = normal().kl_expansion([0, 1])
    # KL(N(μ, (σ+t)²) ‖ N(μ, σ²)) = −log(1 + u) + u + u²/2 with u = t/σ = u² − u³/3 + …
    c2, c3 = ks
    assert (c2, c3) == (1 / sigma**2, -1 / (3 * sigma**3)) and ks == (c2, c3)
    assert isinstance(ks, SeriesCoefficients) and ks.order == 3
    tex = converts(ks._repr_latex_())
    assert (r"= \frac{1}{\sigma^{2}} t^{2} - \frac{1}{3 \sigma^{3}} t^{3} + O\left(t^{4}\right) \quad "
            r"\delta = \left( 0, \  1\right)") in tex
    assert pickle.loads(pickle.dumps(ks))._repr_latex_() == ks._repr_latex_()


def test_other_symbolic_displays_convert(sphere):
    assert r"\text{in coordinates }" in converts(sphere._repr_latex_())
    assert r"F(\theta) = \left[\begin{matrix}\frac{1}{\sigma^{2}}" in converts(normal()._repr_latex_())
    assert "ExponentialFamily(T=(x,)" in repr(poisson().exponential_family)
    converts(poisson().exponential_family._repr_latex_())
    proof = prove_pairwise_identity()
    converts(proof._repr_latex_())
    converts(proof.steps[0]._repr_latex_())
    converts(christoffel_first_kind(sp.diag(1, X**2), [X, Y])._repr_latex_())


PAYLOAD = "__import__('os').system('echo pwned')"
Z3 = [[[0] * 2] * 2] * 2


@pytest.mark.parametrize("call, error, words", [
    (lambda: connection_array([[0, 1], [1, 0]]), ValueError, "shape (n, n, n)"),
    (lambda: connection_array([[[PAYLOAD]]]), TypeError, "text"),
    (lambda: connection_array([[[{}]]]), TypeError, "type dict"),
    (lambda: connection_array(Z3, [X]), ValueError, "coords"),
    (lambda: connection_array(Z3, form="^i_jk"), ValueError, "form must be one of"),
    (lambda: connection_array(Z3, symbol=1), TypeError, "symbol must be LaTeX text"),
    (lambda: connection_array(Z3, eps=EPS), ValueError, "eps and order together"),
    (lambda: connection_array(Z3, eps="epsilon", order=1), TypeError, "eps must be a sympy Symbol"),
    (lambda: connection_array(Z3, eps=EPS, order=-1), ValueError, "order must be >= 0"),
    (lambda: series_matrix([[1]], EPS, 1), TypeError, "M must be a sympy Matrix"),
    (lambda: series_matrix(sp.eye(2), "epsilon", 1), TypeError, "eps must be a sympy Symbol"),
    (lambda: series_matrix(sp.eye(2), EPS, 1.5), TypeError, "order must be an int"),
    (lambda: series_latex(PAYLOAD, EPS, 1), TypeError, "text"),
    (lambda: series_latex(X, EPS, -2), ValueError, "order must be >= 0"),
    (lambda: SeriesCoefficients([PAYLOAD], EPS, 2), TypeError, "text"),
    (lambda: SeriesCoefficients([X], "t", 2), TypeError, "var must be a sympy Symbol"),
])
def test_display_builders_refuse_bad_input(call, error, words):
    with pytest.raises(error) as info:
        call()
    assert words in str(info.value)


# -- numeric ---------------------------------------------------------------------------------------


def no_tensor_in(text: str) -> bool:
    return len(text) <= MAX_REPR and "tensor(" not in text and "array(" not in text and "\n" not in text


@pytest.fixture(scope="module")
def net():
    model = relu_mlp(4, (8, 8), 3, seed=1).double()
    x = torch.randn(40, 4, dtype=torch.float64, generator=torch.Generator().manual_seed(2))
    y = torch.randint(0, 3, (40,), generator=torch.Generator().manual_seed(3))
    return model, x, y


def test_spectrum_repr_names_rank_and_tolerance():
    g = torch.Generator().manual_seed(0)
    M = torch.randn(200, 5, generator=g, dtype=torch.float64) @ torch.randn(5, 60, generator=g, dtype=torch.float64)
    s = spectrum(M)
    sv = np.linalg.svd(M.numpy(), compute_uv=False)
    tol = 200 * np.finfo(np.float64).eps * sv[0]  # numpy.linalg.matrix_rank's default
    assert np.linalg.matrix_rank(M.numpy()) == 5
    assert repr(s).startswith(f"Spectrum(rank=5 of 60 singular values, tol={tol:.3g}, σ_max={sv[0]:.4g}, ")
    assert no_tensor_in(repr(s))


def test_kl_expansion_repr_from_known_numbers():
    t = torch.tensor([1e-3, 1e-2], dtype=torch.float64)
    quad = 0.5 * t**2 * 2.5  # uᵀFu = 2.5
    e = KLExpansion(steps=t, kl=quad + t**3, reverse=quad - t**3, quadratic=quad, wrt="weights")
    # remainder t³ is largest at t = 1e-2: 1e-6, i.e. 1e-6 / (½·1e-4·2.5) = 0.008 of the quadratic term
    assert repr(e) == ("KLExpansion(wrt=weights, 2 steps t∈[0.001, 0.01], uᵀFu=2.5, max |KL − ½t²uᵀFu|=1e-06 "
                       "at t=0.01 (0.008 of the quadratic term), max |reverse − ½t²uᵀFu|=1e-06)")


def test_kl_expansion_repr_of_a_network_quotes_the_fisher_form(net):
    model, X, _ = net
    d = sum(p.numel() for p in model.parameters())
    u = torch.randn(d, dtype=torch.float64, generator=torch.Generator().manual_seed(4))
    u = u / u.norm()
    e = kl_expansion(model, X[0], u, [1e-4, 1e-3, 1e-2])
    F = fisher(model, X[0])  # the dense Fisher: a second route to uᵀFu
    assert f"uᵀFu={float(u @ F @ u):.4g}," in repr(e) and "3 steps t∈[0.0001, 0.01]" in repr(e)
    assert no_tensor_in(repr(e))


def test_trajectory_repr_is_short_for_a_long_path():
    g = torch.Generator().manual_seed(5)
    states = torch.randn(501, 2000, generator=g, dtype=torch.float64)
    tr = Trajectory(times=torch.linspace(0, 2, 501, dtype=torch.float64), states=states, method="sgd-with-replacement",
                    integrator="discrete", info={"lr": 0.004, "batches": torch.zeros(500, 8, dtype=torch.long)})
    moved = np.linalg.norm(states[-1].numpy() - states[0].numpy())
    r = repr(tr)
    assert r.startswith("Trajectory(sgd-with-replacement by discrete, 501 points t∈[0, 2] in R^2000, torch.float64, ")
    assert f"‖θ(end) − θ(0)‖={moved:.4g}; lr=0.004, batches=(500, 8) tensor)" in r and no_tensor_in(r)


def test_gram_scores_and_factor_reprs_agree_with_dense_routes(net):
    model, X, _ = net
    x = X[0]
    G = data_matrix(model, x)  # 4×4 dense G: its rank by SVD
    r = repr(gram_spectrum(model, x, wrt="inputs"))
    assert f"GramSpectrum(rank={numerical_rank(G)} of 3 eigenvalues (C×C Gram; the matrix is 4x4)" in r
    d = sum(p.numel() for p in model.parameters())
    p = torch.softmax(model(x), -1).detach()
    s = repr(score_vectors(model, x))
    assert s == (f"Scores(wrt=weights, 3 score vectors ∇log p_i in R^{d}, torch.float64, "
                 f"p_max={float(p.max()):.4g} at class {int(p.argmax())})")
    # G = JᵀAJ with 3 classes and 4 inputs: rank <= min(C − 1, n) = 2
    assert "G = JᵀAJ is 4x4, rank <= 2)" in repr(data_matrix_factor(model, x)) and numerical_rank(G) <= 2
    narrow = relu_mlp(2, (6,), 5, seed=0).double()
    assert "rank <= 2)" in repr(data_matrix_factor(narrow, torch.ones(2, dtype=torch.float64)))  # n = 2 < C − 1


def test_region_reprs(net):
    model, X, _ = net
    x = X[0]
    z1 = model[0](x)
    z2 = model[2](torch.relu(z1))  # the two pre-activations, layer by layer
    active = f"{int((z1 > 0).sum())}/8, {int((z2 > 0).sum())}/8"
    assert repr(activation_pattern(model, x)) == f"ActivationPattern(strict, 2 ReLU modules active {active}, 0 pre-activations at 0)"
    piece = affine_piece(model, x)
    assert repr(piece).startswith("AffinePiece(f(x) = A x + b, A 3x4, torch.float64, ")
    assert f"active units ({int((z1 > 0).sum())}, {int((z2 > 0).sum())}))" in repr(piece)
    grid = slice_regions_grid(model, x, torch.tensor([1., 0, 0, 0]), torch.tensor([0., 1, 0, 0]), resolution=20)
    assert repr(grid).startswith(f"SliceGrid(20x20 grid on |s|, |t| < 1, {len(np.unique(grid.labels))} patterns of 16 units")
    square = SlicePolygon(vertices=np.array([[0., 0], [1, 0], [1, 1], [0, 1]]), signs=(1, -1, 1),
                          slope=np.zeros((3, 2)), offset=np.zeros(3))
    assert repr(square) == ("SlicePolygon(4 vertices, area=1, centroid=(0.5, 0.5), 2/3 units active, "
                            "3 outputs affine in (s, t))")


def test_no_repr_prints_a_large_tensor(net):
    model, X, y = net
    big = torch.zeros(300, 300, dtype=torch.float64)
    loss = per_sample_loss_function(model, X, y)
    d = sum(p.numel() for p in model.parameters())
    assert repr(loss) == f"LossFunction(cross_entropy of Sequential on N=40 samples, θ ∈ R^{d} in 6 tensors, 0 frozen, torch.float64)"
    results = [
        loss,
        diffusion_spectrum(model, X, y),
        InvolutivityDefect(defect=1e-16, pairwise=big, rank=3, singular_values=big[0], tol=1e-14,
                           brackets=torch.zeros(30, 30, 300, dtype=torch.float64), bracket_norms=big, term_scales=big),
        LeafPath(move="horizontal", points=big, target=big[0], distances=big[:, 0], ranks=big[:, 0],
                 probabilities=big, step_size=0.1, stop="steps"),
        AffinePiece(A=big, b=big[0], pattern=activation_pattern(model, X[0])),
        SliceGrid(labels=np.zeros((300, 300), dtype=int), patterns=np.zeros((1, 16)), coords=np.linspace(-1, 1, 300),
                  components=1, non_strict=0),
    ]
    for r in map(repr, results):
        assert no_tensor_in(r), r
    assert isinstance(loss, LossFunction)
