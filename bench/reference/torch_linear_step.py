"""Same-machine baseline for `vsc bench linear-step`: the paper's linear training step written directly in
PyTorch, following method.md (not the authors' code): MLP encoder 256-512-1024-512-256 with location and
log-scale heads, J = 20 thresholded-Laplace samples with the authors' straight-through estimator, max-ELBO
selection, SGD with Nesterov momentum, and the dictionary update as one matrix product over all J samples
(performance.md's "rewritten sensibly" variant; the batch alone is gathered).

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/reference/torch_linear_step.py

(Debian: apt-get install python3-torch libopenblas0-pthread; without OpenBLAS Debian's torch uses the
reference BLAS, and with two BLAS threads beside torch's two the step is slower, as performance.md found.)

Prints the median milliseconds per step over 200 steps after 20 warm-up steps, with 2 threads.
"""
import statistics
import time

import torch

torch.set_num_threads(2)
torch.manual_seed(0)
D, K, B, J, STEPS, WARMUP = 256, 256, 100, 20, 200, 20
KAPPA, PRIOR_SCALE, LAMBDA, LR, DICT_LR, RHO = 0.01, 0.1, 0.25, 0.01, 0.5, 1e-4

data = torch.randn(20000, D)
trunk = torch.nn.Sequential(
    torch.nn.Linear(D, 512), torch.nn.ReLU(), torch.nn.Linear(512, 1024), torch.nn.ReLU(),
    torch.nn.Linear(1024, 512), torch.nn.ReLU(), torch.nn.Linear(512, 256), torch.nn.ReLU())
loc_head, scale_head = torch.nn.Linear(256, K), torch.nn.Linear(256, K)
params = list(trunk.parameters()) + list(loc_head.parameters()) + list(scale_head.parameters())
optimizer = torch.optim.SGD(params, lr=LR, momentum=0.9, nesterov=True)
phi = torch.randn(D, K)
phi /= phi.norm(dim=0, keepdim=True)


def step():
    global phi
    x = data[torch.randint(0, data.shape[0], (B,))]
    h = trunk(x)
    mu, log_b = loc_head(h), scale_head(h)
    b = log_b.exp().unsqueeze(1)
    v = torch.rand(B, J, K) - 0.5
    eps = -b * v.sign() * torch.log(torch.clamp(1 - 2 * v.abs(), min=1e-6))
    u = mu.unsqueeze(1) + eps
    e = eps.detach()
    shrunk = e.sign() * torch.relu(e.abs() - LAMBDA)
    support = (e.abs() > LAMBDA).float()
    z_thr = shrunk + support * mu.unsqueeze(1)
    z = u + z_thr - u.detach()
    recon = z @ phi.t()
    mse = ((x.unsqueeze(1) - recon) ** 2).mean(dim=2)
    kl = (torch.log(PRIOR_SCALE / log_b.exp()) + mu.abs() / PRIOR_SCALE
          + log_b.exp() / PRIOR_SCALE * torch.exp(-mu.abs() / log_b.exp()) - 1).sum(dim=1, keepdim=True)
    per_sample = mse + KAPPA * kl
    weights = torch.nn.functional.one_hot(per_sample.argmin(dim=1), J).float().detach()
    loss = (per_sample * weights).sum(dim=1).mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    with torch.no_grad():
        residual = (x.unsqueeze(1) - recon) * weights.unsqueeze(2)
        grad = residual.reshape(B * J, D).t() @ z.detach().reshape(B * J, K) / B - 2 * RHO * phi
        phi = phi + DICT_LR * grad
    return loss.item()


times = []
for i in range(WARMUP + STEPS):
    t0 = time.perf_counter()
    step()
    if i >= WARMUP:
        times.append((time.perf_counter() - t0) * 1e3)
a, b2 = torch.randn(1024, 1024), torch.randn(1024, 1024)
for _ in range(3):
    a @ b2
rates = []
for _ in range(10):
    t0 = time.perf_counter()
    a @ b2
    rates.append(2 * 1024 ** 3 / (time.perf_counter() - t0) / 1e9)
print(f"torch {torch.__version__} reference step: median {statistics.median(times):.2f} ms/step over {STEPS} steps; "
      f"1024^2 matmul median {statistics.median(rates):.0f} GFLOP/s")
