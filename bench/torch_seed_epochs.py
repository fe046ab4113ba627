#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The seed notebook's training in PyTorch, timed per epoch: the other side of seed_bench.py."""
import json
import statistics
import sys
import time

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
        return self.fc(self.positional_encoding(x))


def main():
    epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    torch.set_num_threads(1)
    start = time.perf_counter()
    torch.manual_seed(0)
    dataset = RandomSequenceDataset()
    dataloader = DataLoader(dataset, batch_size=32, shuffle=True)
    model = SimpleModel(sequence_length=10)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    criterion = nn.MSELoss()
    setup = time.perf_counter() - start
    epoch_ms = []
    train_start = time.perf_counter()
    for epoch in range(epochs):
        t = time.perf_counter()
        for batch in dataloader:
            optimizer.zero_grad()
            outputs = model(batch)
            loss = criterion(outputs, torch.zeros_like(outputs))
            loss.backward()
            optimizer.step()
        epoch_ms.append((time.perf_counter() - t) * 1000)
    train = (time.perf_counter() - train_start) * 1000
    print(json.dumps({"mean_epoch_ms": train / epochs,
                      "median_epoch_ms": statistics.median(epoch_ms),
                      "setup_ms": setup * 1000, "last_loss": loss.item()}))


if __name__ == "__main__":
    main()
