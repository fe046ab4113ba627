#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""PE Lab vs PyTorch on the seed workload (300 epochs, 1 thread), alternating runs.

Prints the speed-up (PyTorch time / PE Lab time) per epoch in-process and for the whole
process, as medians over the rounds. Ratios, not absolute times: this machine is noisy.
Usage: /usr/bin/python3 bench/seed_bench.py [--build build/release] [--rounds 5] [--epochs 300]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_json(command):
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def wall_seconds(command):
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default=os.path.join(ROOT, "build", "release"))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=300)
    args = parser.parse_args()
    epochs = str(args.epochs)
    pelab = os.path.join(args.build, "app", "pelab")
    pelab_inprocess = [os.path.join(args.build, "bench", "bench_training"), epochs]
    torch_inprocess = [sys.executable, os.path.join(ROOT, "bench", "torch_seed_epochs.py"), epochs]
    version = subprocess.run([pelab, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"seed workload: {epochs} epochs of 32 batches, 1 thread; {args.rounds} alternating rounds")
    print(version)

    ours, theirs, ours_proc, theirs_proc = [], [], [], []
    same_result = True
    for _ in range(args.rounds):
        a = run_json(pelab_inprocess)
        b = run_json(torch_inprocess)
        same_result &= a["last_loss"] == b["last_loss"]
        ours.append(a["mean_epoch_ms"])
        theirs.append(b["mean_epoch_ms"])
        ours_proc.append(wall_seconds([pelab, "train", "--epochs", epochs]))
        theirs_proc.append(wall_seconds(torch_inprocess))

    def line(label, p, t, unit, scale):
        mp, mt = statistics.median(p), statistics.median(t)
        print(f"{label}: PE Lab {mp * scale:.3f} {unit}, PyTorch {mt * scale:.3f} {unit}, "
              f"speed-up {mt / mp:.1f}x (per round: "
              + ", ".join(f"{tt / pp:.1f}x" for pp, tt in zip(p, t)) + ")")

    line("per epoch, in-process", ours, theirs, "ms", 1)
    line("whole process", ours_proc, theirs_proc, "s", 1)
    print("final loss identical in both: " + ("yes" if same_result else "NO"))


if __name__ == "__main__":
    main()
