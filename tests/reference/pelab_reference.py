#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The seed notebook's training, made complete and parameterised: PE Lab's reference.

Reads a JSON list of run configurations (PE Lab's config.json keys) on stdin and writes a
JSON list of results on stdout: every step's loss and the final embedding, each value as
Python's repr of the float, so the comparison with PE Lab is exact.
"""
import json
import math
import sys

import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset


class RandomSequenceDataset(Dataset):
    def __init__(self, num_samples=1000, sequence_length=10):
        self.data = torch.randn(num_samples, sequence_length, 1)

    def __len__(self):
        return self.data.size(0)

    def __getitem__(self, idx):
        return self.data[idx]


class LearnablePositionalEncoding(nn.Module):
    def __init__(self, sequence_length):
        super().__init__()
        self.position_embeddings = nn.Parameter(torch.randn(sequence_length, 1))

    def forward(self, x):
        return x + self.position_embeddings


class SimpleModel(nn.Module):
    def __init__(self, sequence_length):
        super().__init__()
        self.positional_encoding = LearnablePositionalEncoding(sequence_length)
        self.fc = nn.Linear(1, 1)

    def forward(self, x):
        x = self.positional_encoding(x)
        return self.fc(x)


def make_optimizer(cfg, params):
    name = cfg.get("optimizer", "adam")
    lr = cfg.get("lr", 0.01)
    if name == "adam":
        return torch.optim.Adam(params, lr=lr)
    if name == "adamw":
        return torch.optim.AdamW(params, lr=lr, weight_decay=cfg.get("weight_decay", 0.01))
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr, momentum=cfg.get("momentum", 0.9))
    raise ValueError("unknown optimizer " + name)


def run(cfg):
    torch.set_num_threads(cfg.get("threads", 1))
    torch.manual_seed(cfg.get("seed", 0))
    seq_len = cfg.get("seq_len", 10)
    dataset = RandomSequenceDataset(cfg.get("samples", 1000), seq_len)
    dataloader = DataLoader(dataset, batch_size=cfg.get("batch_size", 32),
                            shuffle=cfg.get("shuffle", True))
    model = SimpleModel(sequence_length=seq_len)
    optimizer = make_optimizer(cfg, model.parameters())
    criterion = nn.MSELoss()
    task = cfg.get("task", "zeros")
    signal = torch.sin(torch.arange(seq_len, dtype=torch.float32)
                       * (2 * math.pi / seq_len)).unsqueeze(1)

    losses = []
    lines = []
    for epoch in range(cfg.get("epochs", 3)):
        for batch in dataloader:
            optimizer.zero_grad()
            outputs = model(batch)
            if task == "zeros":
                target = torch.zeros_like(outputs)
            else:
                target = batch + signal
            loss = criterion(outputs, target)
            loss.backward()
            optimizer.step()
            losses.append(repr(loss.item()))
        lines.append(f'Epoch {epoch+1}, Loss: {loss.item()}')
    embedding = model.positional_encoding.position_embeddings.detach()
    return {
        "losses": losses,
        "lines": lines,
        "embedding": [repr(v) for v in embedding.flatten().tolist()],
    }


def main():
    configs = json.load(sys.stdin)
    json.dump([run(cfg) for cfg in configs], sys.stdout)


if __name__ == "__main__":
    main()
