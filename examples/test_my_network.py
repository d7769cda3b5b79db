# examples/test_my_network.py — geomath's theorem checks on your own network: pytest examples/
import torch
from hypothesis import given, settings
from geomath.numeric import data_fields
from geomath.testing import assert_involutive, assert_kl_fisher_expansion, inputs_for

torch.manual_seed(0)
model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 4)).double()

@settings(max_examples=25, deadline=None)
@given(x=inputs_for(model))
def test_my_network(x):
    assert_involutive(data_fields(model), x)  # the data leaf: brackets of ∇x log p_i stay in their span
    assert_kl_fisher_expansion(model, x)      # KL(p_w ‖ p_w+δw) = ½ δwᵀF δw + O(|δw|³) along a random δw
