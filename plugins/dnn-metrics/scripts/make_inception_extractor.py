#!/usr/bin/env python3
"""Makes the TorchScript feature extractor that `metrics.fid` needs from torchvision's ImageNet Inception-v3 (the
reference pipeline of method.md §16.10): the 2048-d pooled features (the final fully connected layer removed), the
input in [0, 1] resized to 299x299 bilinearly with no ImageNet normalisation, grey-scale images replicated to 3
channels. VSC Lab cannot fetch the weights (no registry carries them); run this where torchvision can:

    pip install torch torchvision
    python3 make_inception_extractor.py inception_fid.pt          # downloads the weights once (torchvision's cache)
    python3 make_inception_extractor.py inception_fid.pt --weights /path/inception_v3_google-0cc3c7bd.pth

then  bin/vsc run ... evaluation.metrics=[codes,reconstruction,fid] metrics.fid.model=inception_fid.pt
"""
import argparse

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

parser = argparse.ArgumentParser()
parser.add_argument("out")
parser.add_argument("--weights", default=None, help="a local inception_v3 state dict instead of torchvision's download")
args = parser.parse_args()

if args.weights:
    net = torchvision.models.inception_v3(weights=None, aux_logits=True, init_weights=False)
    net.load_state_dict(torch.load(args.weights, map_location="cpu"))
else:
    net = torchvision.models.inception_v3(weights=torchvision.models.Inception_V3_Weights.IMAGENET1K_V1)
net.fc = nn.Identity()
net.eval()


class Extractor(nn.Module):
    def __init__(self, inception):
        super().__init__()
        self.inception = inception

    def forward(self, x):                      # (N, C, H, W) in [0, 1], C = 1 or 3
        if x.shape[1] == 1:
            x = x.repeat(1, 3, 1, 1)
        x = F.interpolate(x, size=(299, 299), mode="bilinear", align_corners=False)
        return self.inception(x)              # (N, 2048)


scripted = torch.jit.script(Extractor(net))
scripted.save(args.out)
print("wrote", args.out)
