"""The peer of `vsc bench linear-step --peer`: the paper-scale linear training step written directly in
PyTorch, as a PyTorch user would write it well, following method.md and the same choices as VSC Lab's step
(bench/src/main/java/org/vsclab/bench/workloads/PaperScale.java):

  * D = K = 256, batch 100 gathered from a 20,000-row data set, J = 20 samples per datum;
  * encoder MLP 256-512-1024-512-256 (ReLU after each hidden layer), one product for the two heads
    (location and log-scale), PyTorch's default initialisation;
  * thresholded Laplace posterior: scale w·exp(log-scale) with the noise warm-up factor w, unit noise
    sign(v)·ln max(1 − 2|v|, 1e-6) for v = u − ½, shifted soft threshold λ = 0.25, the authors'
    straight-through estimator; closed-form Laplace KL to the prior b_p = 0.1, κ = 0.01;
  * max-ELBO over the J samples. Variant "selected" (the default) scores them without a graph
    (torch.no_grad) and draws the selected sample again from its noise with the graph, so that the
    backward pass spans one sample per datum, as VSC Lab's step does. Variant "all" builds the graph
    through all J samples and weights them one-hot, as the authors' code and a direct transcription of
    the loss do;
  * SGD with Nesterov momentum 0.9, lr 0.01; the dictionary kept in float64, updated from the selected
    samples (lr 0.5, Frobenius penalty 1e-4), its float32 copy used for decoding.

The noise warm-up factor is 1, as in VSC Lab's benchmark (which times steps after the warm-up). Protocol and
stand-alone use: vsc_peer.py.

    ~/.cache/vsc-lab/peer/torch-2.7.1/bin/python bench/reference/torch_linear_step.py [selected|all]
"""
import sys

import torch

import vsc_peer

vsc_peer.configure()
torch.manual_seed(0)
D, K, B, J = 256, 256, 100, 20
KAPPA, PRIOR_SCALE, LAMBDA, LR, DICT_LR, RHO = 0.01, 0.1, 0.25, 0.01, 0.5, 1e-4
variant = next((a for a in sys.argv[1:] if a in ("selected", "all")), "selected")
WARMUP = 1.0

data = torch.randn(20000, D)
encoder = torch.nn.Sequential(
    torch.nn.Linear(D, 512), torch.nn.ReLU(), torch.nn.Linear(512, 1024), torch.nn.ReLU(),
    torch.nn.Linear(1024, 512), torch.nn.ReLU(), torch.nn.Linear(512, 256), torch.nn.ReLU(),
    torch.nn.Linear(256, 2 * K))
optimizer = torch.optim.SGD(encoder.parameters(), lr=LR, momentum=0.9, nesterov=True)
phi = torch.randn(D, K, dtype=torch.float64)
phi /= phi.norm(dim=0, keepdim=True)
phi32 = phi.float()


def codes(mu, scale, v):
    """Thresholded Laplace codes with the authors' straight-through estimator (exact forward values)."""
    eps = v.sign() * torch.log(torch.clamp(1 - 2 * v.abs(), min=1e-6)) * scale
    e = eps.detach()
    exact = (e.abs() > LAMBDA).float() * (mu + e.sign() * torch.relu(e.abs() - LAMBDA))
    surrogate = mu + eps
    return exact + (surrogate - surrogate.detach())


def step():
    global phi, phi32
    x = data[torch.randint(0, data.shape[0], (B,))]
    mu, log_b = encoder(x).split(K, dim=1)
    scale = WARMUP * log_b.exp()
    v = torch.rand(B, J, K) - 0.5
    kl = (torch.log(PRIOR_SCALE / log_b.exp()) + mu.abs() / PRIOR_SCALE
          + log_b.exp() / PRIOR_SCALE * torch.exp(-mu.abs() / log_b.exp()) - 1).sum(dim=1)
    if variant == "selected":
        with torch.no_grad():
            z_all = codes(mu.unsqueeze(1), scale.unsqueeze(1), v)
            errors = ((x.unsqueeze(1) - z_all @ phi32.t()) ** 2).mean(dim=2)
            best = errors.argmin(dim=1)   # the KL is the same for every sample of a datum
        z = codes(mu, scale, v[torch.arange(B), best])
        recon = z @ phi32.t()
        loss = (((x - recon) ** 2).mean(dim=1) + KAPPA * kl).mean()
    else:
        z_all = codes(mu.unsqueeze(1), scale.unsqueeze(1), v)
        recon_all = z_all @ phi32.t()
        per_sample = ((x.unsqueeze(1) - recon_all) ** 2).mean(dim=2) + KAPPA * kl.unsqueeze(1)
        weights = torch.nn.functional.one_hot(per_sample.argmin(dim=1), J).float().detach()
        loss = (per_sample * weights).sum(dim=1).mean()
        best = weights.argmax(dim=1)
        z = z_all[torch.arange(B), best]
        recon = recon_all[torch.arange(B), best]
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    with torch.no_grad():
        residual = (x - recon).double()
        gradient = residual.t() @ z.detach().double() / B - 2 * RHO * phi
        phi = phi + DICT_LR * gradient
        phi32 = phi.float()
    return loss.item()


description = vsc_peer.describe_torch()
description.update({"step": "linear-step", "variant": variant})
vsc_peer.serve(step, description)
