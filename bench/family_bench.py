#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""PE Lab vs PyTorch on three transformer workloads of the model family, alternating runs.

Per workload and thread count: `pelab train FLAGS --bench N` against the family script
(`python3 SCRIPT FLAGS --bench N`; both train on the first batch: 10 warm-up steps, then N
timed) in alternating rounds, the median ms/step of each side, the speed-up (PyTorch time /
PE Lab time) of the medians and the range of the rounds' speed-ups. Then the cost of the live
measurements (bench_family: TrainingLoop::step, with gradient norms and the probe forward
every probeEvery() steps, against bare TrainingSession::step). Ratios, not absolute times:
this machine is noisy. By default the script is the project's own
resources/python/pelab_family.py (the spec's code); --spec points at another family.py.
Before timing, a short run of each workload is checked bit for bit (--dump) on both sides.
--baseline PELAB also times another pelab binary (say, a build from before a change) in the
same rounds and prints its speed-up too.
Usage: /usr/bin/python3 bench/family_bench.py [--build build/release] [--spec FILE]
       [--rounds 5] [--steps 100] [--threads 1,2] [--workloads 1,2,3] [--baseline PELAB]
       [--no-check] [--no-overhead]
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The three workloads of the issue; --samples 6400 so every batch is full.
WORKLOADS = {
    "1": ("2 layers, width 32, shift, causal, 16 x 64",
          "--layers 2 --width 32 --heads 2 --task shift --causal --seq-len 16 --batch-size 64"),
    "2": ("8 layers, width 32, shift, causal, 32 x 32, vocab 16",
          "--layers 8 --width 32 --heads 2 --seq-len 32 --batch-size 32 --vocab 16"
          " --task shift --causal"),
    "3": ("3 layers, width 32, count, bidirectional, no encoding, 16 x 32",
          "--layers 3 --width 32 --heads 2 --task count --seq-len 16 --batch-size 32"
          " --encoding none"),
}
COMMON = ["--samples", "6400"]
TARGET, AIM = 1.5, 2.0           # speed-up at 1 thread
OVERHEAD_TARGET = 20.0           # percent


def ms_per_step(command):
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    match = re.search(r"ms/step ([0-9.]+)", out)
    if not match:
        sys.exit(f"no 'ms/step' in the output of {' '.join(command)}:\n{out}")
    return float(match.group(1))


def identical(pelab, torch_side, flags):
    """Trains 2 short epochs on both sides and compares every number of --dump exactly."""
    short = flags + ["--samples", "320", "--epochs", "2"]
    with tempfile.TemporaryDirectory() as tmp:
        ours, theirs = os.path.join(tmp, "pelab.json"), os.path.join(tmp, "torch.json")
        subprocess.run([pelab, "train"] + short + ["--dump", ours, "--quiet"], check=True)
        subprocess.run(torch_side + short + ["--dump", theirs, "--quiet"], check=True)
        with open(ours) as a, open(theirs) as b:
            x, y = json.load(a), json.load(b)
    keys = ("losses", "validation", "extrapolation", "parameters")
    return all(json.dumps(x[k]) == json.dumps(y[k]) for k in keys)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default=os.path.join(ROOT, "build", "release"))
    parser.add_argument("--spec", default=os.path.join(ROOT, "resources", "python", "pelab_family.py"),
                        help="a family.py-compatible script with --bench (default: the project's)")
    parser.add_argument("--python", default="/usr/bin/python3")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--workloads", default="1,2,3")
    parser.add_argument("--overhead-steps", type=int, default=100)
    parser.add_argument("--overhead-rounds", type=int, default=3)
    parser.add_argument("--baseline", help="another pelab binary to time in the same rounds")
    parser.add_argument("--no-check", action="store_true", help="skip the bit-for-bit check")
    parser.add_argument("--no-overhead", action="store_true", help="skip the measurement cost")
    args = parser.parse_args()
    pelab = os.path.join(args.build, "app", "pelab")
    bench_family = os.path.join(args.build, "bench", "bench_family")
    torch_side = [args.python, args.spec]
    threads = [t for t in args.threads.split(",") if t]
    chosen = [w for w in args.workloads.split(",") if w]
    version = subprocess.run([pelab, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"family workloads: {args.rounds} alternating rounds of {args.steps} steps "
          f"(after 10 warm-up steps) per side; PyTorch side: {os.path.relpath(args.spec)}")
    print(version)

    results = []
    for t in threads:
        for w in chosen:
            name, flags = WORKLOADS[w]
            f = flags.split() + COMMON + ["--threads", t]
            same = None if args.no_check else identical(pelab, torch_side, f)
            runs = [("pelab", [pelab, "train"] + f), ("torch", torch_side + f)]
            if args.baseline:
                runs.append(("baseline", [args.baseline, "train"] + f))
            times = {side: [] for side, _ in runs}
            for r in range(args.rounds):
                # Rotate which side runs first, so drift in machine speed favours none.
                for side, command in runs[r % len(runs):] + runs[:r % len(runs)]:
                    times[side].append(ms_per_step(command + ["--bench", str(args.steps)]))
            ours, theirs = times["pelab"], times["torch"]
            ratios = [b / a for a, b in zip(ours, theirs)]
            mp, mt = statistics.median(ours), statistics.median(theirs)
            target = f", target >= {TARGET}x (aim {AIM}x)" if t == "1" else ""
            check = "" if same is None else ("; bit-identical: yes" if same else "; bit-identical: NO")
            print(f"workload {w} ({name}), {t} thread{'s' if t != '1' else ''}: PE Lab {mp:.2f} "
                  f"ms/step, PyTorch {mt:.2f} ms/step, speed-up {mt / mp:.2f}x (rounds "
                  f"{min(ratios):.2f}x-{max(ratios):.2f}x){target}{check}", flush=True)
            if args.baseline:
                base = times["baseline"]
                mb = statistics.median(base)
                print(f"  baseline {mb:.2f} ms/step: speed-up {mt / mb:.2f}x vs PyTorch; PE Lab is "
                      f"{mb / mp:.2f}x the baseline's speed (rounds "
                      f"{min(b / a for a, b in zip(ours, base)):.2f}x-"
                      f"{max(b / a for a, b in zip(ours, base)):.2f}x)", flush=True)
            results.append((t, w, mt / mp, same))

    if not args.no_overhead:
        print(f"measurement cost: TrainingLoop::step (gradient norms, probe every probeEvery() "
              f"steps) vs TrainingSession::step, {args.overhead_rounds} alternating rounds of "
              f"{args.overhead_steps} steps")
        for t in threads:
            for w in chosen:
                name, flags = WORKLOADS[w]
                out = subprocess.run(
                    [bench_family, "--steps", str(args.overhead_steps), "--rounds",
                     str(args.overhead_rounds)] + flags.split() + COMMON + ["--threads", t],
                    check=True, capture_output=True, text=True).stdout
                o = json.loads(out.strip().splitlines()[-1])
                rounds = o["round_overhead_percent"]
                print(f"workload {w}, {t} thread{'s' if t != '1' else ''}: bare {o['bare_ms']:.2f} "
                      f"ms/step, with measurements {o['loop_ms']:.2f} ms/step (probe every "
                      f"{o['probe_every']} steps): overhead {o['overhead_percent']:.1f}% (rounds "
                      f"{min(rounds):.1f}% to {max(rounds):.1f}%), target <= {OVERHEAD_TARGET:.0f}%",
                      flush=True)
    if any(same is False for *_, same in results):
        print("some workload did NOT match PyTorch bit for bit")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
