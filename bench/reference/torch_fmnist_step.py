"""Same-machine baseline for `vsc bench fmnist-step`: the paper's Fashion-MNIST training step written directly in
PyTorch, following method.md §12.2, §12.4, §15.2 (not the authors' code): the conv encoder (BN) with location and
log-scale heads, J thresholded-Laplace samples (λ = 0.1·ln 10) with the authors' straight-through estimator, all
B·J codes decoded in one call by the conv decoder (BN over all of them), per-pixel MSE + κ·KL, max-ELBO selection,
Adam (3e-4, betas 0.5/0.999, weight decay 1e-5). Random images stand in for the data (the step's cost does not
depend on the values).

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/reference/torch_fmnist_step.py [--steps 5] [--warmup 1] [--batch 512] [--samples 20]

(Debian: apt-get install python3-torch libopenblas0-pthread.) Prints one line: key=value pairs with the median
seconds per step, images per second and the peak resident memory in MB. With --serve it speaks the protocol
of vsc_peer.py instead: `vsc bench fmnist-step --peer` runs it step by step, alternating with VSC Lab's step,
and prints the ratio.
"""
import argparse
import math
import statistics
import time

import torch
import torch.nn as nn

parser = argparse.ArgumentParser()
parser.add_argument("--steps", type=int, default=5)
parser.add_argument("--warmup", type=int, default=1)
parser.add_argument("--batch", type=int, default=512)
parser.add_argument("--samples", type=int, default=20)
parser.add_argument("--latents", type=int, default=64)
parser.add_argument("--threads", type=int, default=2)
parser.add_argument("--serve", action="store_true", help="speak the protocol of vsc_peer.py (vsc bench fmnist-step --peer)")
args = parser.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(0)
B, J, N = args.batch, args.samples, args.latents
KAPPA, PRIOR_SCALE = 0.01, 0.1
LAMBDA = PRIOR_SCALE * math.log(10)


def block(conv, channels):
    return [conv, nn.BatchNorm2d(channels), nn.ReLU()]


trunk = nn.Sequential(*block(nn.Conv2d(1, 64, 4, 2, 1), 64), *block(nn.Conv2d(64, 64, 4, 2, 1), 64),
                      *block(nn.Conv2d(64, 128, 4, 1, 0), 128), *block(nn.Conv2d(128, 128, 4, 2, 0), 128), nn.Flatten())
heads = nn.Linear(128, 2 * N)
decoder = nn.Sequential(nn.Linear(N, 128), nn.Unflatten(1, (128, 1, 1)), nn.ReLU(),
                        *block(nn.ConvTranspose2d(128, 128, 4, 2, 0), 128), *block(nn.ConvTranspose2d(128, 64, 4, 1, 0), 64),
                        *block(nn.ConvTranspose2d(64, 64, 4, 2, 1), 64), nn.ConvTranspose2d(64, 1, 4, 2, 1), nn.Sigmoid())
params = list(trunk.parameters()) + list(heads.parameters()) + list(decoder.parameters())
optimizer = torch.optim.Adam(params, lr=3e-4, betas=(0.5, 0.999), weight_decay=1e-5)
data = torch.rand(4096, 1, 28, 28)


def step():
    x = data[torch.randint(0, data.shape[0], (B,))]
    mu, log_b = heads(trunk(x)).chunk(2, dim=1)
    b = log_b.exp().unsqueeze(1)
    v = torch.rand(B, J, N) - 0.5
    eps = -b * v.sign() * torch.log(torch.clamp(1 - 2 * v.abs(), min=1e-6))
    u = mu.unsqueeze(1) + eps
    e = eps.detach()
    shrunk = e.sign() * torch.relu(e.abs() - LAMBDA)
    support = (e.abs() > LAMBDA).float()
    z = u + (shrunk + support * mu.unsqueeze(1)) - u.detach()        # exact zeros forward, straight-through backward
    recon = decoder(z.reshape(B * J, N)).reshape(B, J, -1)
    mse = ((x.reshape(B, 1, -1) - recon) ** 2).mean(dim=2)
    ratio = b.squeeze(1) / PRIOR_SCALE
    kl = (-torch.log(ratio) + mu.abs() / PRIOR_SCALE + ratio * torch.exp(-mu.abs() / b.squeeze(1)) - 1).sum(dim=1)
    per_sample = mse + KAPPA * kl.unsqueeze(1)
    best = per_sample.detach().argmin(dim=1)
    loss = per_sample.gather(1, best.unsqueeze(1)).mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()


if args.serve:
    import vsc_peer
    description = vsc_peer.describe_torch()
    description.update({"step": "fmnist-step", "batch": B, "samples": J})
    vsc_peer.serve(step, description)
    raise SystemExit(0)
times = []
for i in range(args.warmup + args.steps):
    t0 = time.perf_counter()
    step()
    if i >= args.warmup:
        times.append(time.perf_counter() - t0)
median = statistics.median(times)
# VmHWM, not ru_maxrss: a child's ru_maxrss starts at its parent's high-water mark on Linux, so under
# `vsc bench` it would report the JVM's peak.
with open("/proc/self/status") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
print(f"torch={torch.__version__} median_s={median:.4f} images_per_s={B / median:.2f} peak_rss_mb={peak:.0f} steps={args.steps}")
