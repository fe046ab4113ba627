#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The seed notebook's training in PyTorch, timed per epoch: the other side of seed_bench.py."""
import json
import os
import statistics
import sys
import time

import torch
import torch.nn as nn

# The seed's classes, shared with the parity tests' reference.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests",
                                "reference"))
from pelab_reference import RandomSequenceDataset, SimpleModel  # noqa: E402
from torch.utils.data import DataLoader  # noqa: E402


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
