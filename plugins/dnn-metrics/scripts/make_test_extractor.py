#!/usr/bin/env python3
"""Makes the tiny TorchScript extractor and fixture the fid metric's tests use (run once; outputs committed):

    /usr/bin/python3 plugins/dnn-metrics/scripts/make_test_extractor.py

src/test/resources/fixtures/pool_extractor.pt: (N, C, 28, 28) -> (N, C*49) features, a 4x4 average pool then
tanh(2x - 1), flattened; pool_extractor_out.npy: its features of the formula input x[n, 0, i, j] =
((n * 31 + i * 7 + j * 3) % 17) / 16 for n < 3 (computed by PyTorch from the scripted module).
"""
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources", "fixtures")


class Pool(nn.Module):
    def forward(self, x):
        return torch.tanh(2 * F.avg_pool2d(x, 4) - 1).flatten(1)


scripted = torch.jit.script(Pool())
scripted.save(os.path.join(OUT, "pool_extractor.pt"))
n, i, j = np.meshgrid(np.arange(3), np.arange(28), np.arange(28), indexing="ij")
x = torch.tensor((((n * 31 + i * 7 + j * 3) % 17) / 16.0).astype(np.float32)).unsqueeze(1)
np.save(os.path.join(OUT, "pool_extractor_out.npy"), scripted(x).detach().numpy().astype(np.float32))
print("ok", scripted(x).shape)
