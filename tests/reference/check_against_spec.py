#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Developer tool: resources/python/pelab_family.py against the family spec, bit for bit.

    /usr/bin/python3 tests/reference/check_against_spec.py /path/to/family.py [-k NAME]

For each configuration below it runs the spec with --dump and checks, exactly:
  1. pelab_family.py --dump --grad-norms: printed lines, losses, validation, extrapolation and
     parameters equal the spec's (so the gradient-norm probe changes nothing);
  2. pelab_family.py --batch (all configurations in one process): the same numbers as repr
     strings, the lines the spec prints without --dump, the buffers of the spec's model, and
     the grad norms of step 1;
  3. the file with its RUN_ARGS line replaced (as the app writes reproduce.py), run with no
     arguments, and its notebook cells executed in order: both print the spec's lines.
The spec is not in the repository; pass its path.
"""
import argparse, importlib.util, json, os, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
OURS = os.path.join(HERE, "..", "..", "resources", "python", "pelab_family.py")
PY = "/usr/bin/python3"
SMALL = ["--samples", "96", "--batch-size", "16", "--epochs", "2"]

CONFIGS = {
    "seed notebook": [],
    "signal adamw wd": ["--task", "position-signal", "--optimizer", "adamw", "--weight-decay", "0.1",
                        "--seed", "4"],
    "learned reverse val": SMALL + ["--layers", "2", "--width", "8", "--heads", "2", "--task", "reverse",
                                    "--val-samples", "64", "--eval-lengths", "16,24", "--eval-every", "5"],
    "sinusoidal post sort adamw": SMALL + ["--layers", "1", "--width", "8", "--encoding", "sinusoidal",
                                           "--norm", "post", "--task", "sort", "--optimizer", "adamw",
                                           "--weight-decay", "0.1", "--val-samples", "64",
                                           "--eval-lengths", "16,24"],
    "none nonorm count sgd": SMALL + ["--layers", "1", "--width", "8", "--encoding", "none", "--norm",
                                      "none", "--task", "count", "--optimizer", "sgd",
                                      "--eval-lengths", "16,24"],
    "rope causal shift dropout": SMALL + ["--layers", "2", "--width", "8", "--heads", "2", "--encoding",
                                          "rope", "--causal", "--task", "shift", "--dropout", "0.1",
                                          "--val-samples", "64", "--eval-lengths", "16,24"],
    "alibi 3 heads markov": SMALL + ["--layers", "1", "--width", "12", "--heads", "3", "--encoding",
                                     "alibi", "--causal", "--task", "markov", "--val-samples", "64",
                                     "--eval-lengths", "16,24", "--eval-every", "5"],
    "no residual signal qk gain": SMALL + ["--layers", "1", "--width", "4", "--no-residual",
                                           "--task", "position-signal", "--qk-gain", "2"],
    "rope no mlp post reverse": SMALL + ["--layers", "2", "--width", "8", "--heads", "4", "--encoding",
                                         "rope", "--mlp-ratio", "0", "--norm", "post", "--task",
                                         "reverse"],
    "sinusoidal zeros sgd dropout": SMALL + ["--layers", "1", "--width", "4", "--encoding", "sinusoidal",
                                             "--dropout", "0.1", "--optimizer", "sgd",
                                             "--weight-decay", "0.1", "--val-samples", "64",
                                             "--eval-lengths", "16,24"],
    "alibi post no residual sort": SMALL + ["--layers", "1", "--width", "12", "--heads", "3",
                                            "--encoding", "alibi", "--norm", "post", "--no-residual",
                                            "--dropout", "0.1", "--qk-gain", "2", "--task", "sort",
                                            "--optimizer", "adamw"],
    "learned count std 2 threads": SMALL + ["--layers", "1", "--width", "8", "--task", "count",
                                            "--pe-init-std", "0.1", "--threads", "2", "--no-shuffle",
                                            "--eval-lengths", "16", "--val-samples", "64"],
    "none shift 3 no norm": SMALL + ["--layers", "1", "--width", "6", "--heads", "2", "--encoding",
                                     "none", "--causal", "--task", "shift", "--shift", "3",
                                     "--mlp-ratio", "2", "--norm", "none", "--no-residual"],
    "alibi 5 heads reverse": SMALL + ["--layers", "1", "--width", "10", "--heads", "5", "--encoding",
                                      "alibi", "--task", "reverse", "--eval-lengths", "12"],
    "odd width sinusoidal signal": SMALL + ["--width", "7", "--encoding", "sinusoidal",
                                            "--task", "position-signal", "--eval-lengths", "16"],
    "rope markov momentum": SMALL + ["--layers", "1", "--width", "6", "--encoding", "rope", "--task",
                                     "markov", "--causal", "--optimizer", "sgd", "--momentum", "0.5",
                                     "--lr", "0.05", "--eval-lengths", "16", "--vocab", "5"],
}


def run(args, stdin=None):
    r = subprocess.run([PY] + args, input=stdin, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{r.stderr}")
    return r.stdout


def exact(v):
    return repr(float(v))


def exact_dict(d):
    return {k: v if k in ("step", "length") else exact(v) for k, v in d.items()}


# Executes the code cells of a marked file in order, as Jupyter would (ipykernel is loaded,
# sys.argv holds the kernel's flags, __name__ is "__main__").
NOTEBOOK = r"""
import sys, types
sys.modules.setdefault("ipykernel", types.ModuleType("ipykernel"))
sys.argv = ["ipykernel_launcher.py", "-f", "/tmp/kernel-1.json"]
text = open({path!r}).read()
cells = text.split("\n# %% [markdown] ")[1:]
assert cells, "no cells"
ns = {{"__name__": "__main__"}}
for c in cells:
    code = c.split("\n", 1)[1]
    exec(compile(code, "<cell>", "exec"), ns)
"""


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("spec")
    p.add_argument("--ours", default=OURS)
    p.add_argument("-k", help="only configurations whose name contains this")
    o = p.parse_args()
    configs = {n: c for n, c in CONFIGS.items() if not o.k or o.k in n}
    spec = importlib.util.spec_from_file_location("family_spec", o.spec)
    family = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(family)
    ours_text = open(o.ours).read()
    marker = "RUN_ARGS = None  # pelab: the run's flags\n"
    assert ours_text.count(marker) == 1, "the RUN_ARGS line must appear exactly once"

    failures = 0
    batch = json.loads(run([o.ours, "--batch"], json.dumps(list(configs.values()))))
    with tempfile.TemporaryDirectory() as tmp:
        for (name, argv), got in zip(configs.items(), batch):
            problems = []
            a_path, b_path = os.path.join(tmp, "a.json"), os.path.join(tmp, "b.json")
            spec_out = run([o.spec] + argv + ["--dump", a_path])
            ours_out = run([o.ours] + argv + ["--dump", b_path, "--grad-norms"])
            A, B = json.load(open(a_path)), json.load(open(b_path))
            if spec_out != ours_out:
                problems.append("printed lines (--dump) differ")
            for key in ("losses", "validation", "extrapolation", "parameters"):
                if json.dumps(A[key]) != json.dumps(B[key]):
                    problems.append(f"--dump {key} differ")
            if len(B.get("grad_norms", [])) != len(A["losses"]):
                problems.append("--grad-norms: not one entry per step")
            # batch mode against the spec
            lines = spec_out.splitlines() + [json.dumps(e) for e in A["extrapolation"]]
            if "error" in got:
                problems.append("batch error: " + got["error"])
            else:
                if got["losses"] != [exact(v) for v in A["losses"]]:
                    problems.append("batch losses differ")
                if got["lines"] != lines:
                    problems.append("batch lines differ")
                if got["validation"] != [exact_dict(v) for v in A["validation"]]:
                    problems.append("batch validation differs")
                if got["extrapolation"] != [exact_dict(e) for e in A["extrapolation"]]:
                    problems.append("batch extrapolation differs")
                if got["parameters"] != {n: [exact(v) for v in vs] for n, vs in A["parameters"].items()} \
                        or list(got["parameters"]) != list(A["parameters"]):
                    problems.append("batch parameters differ")
                model = family.Family(family.parse(argv))
                if got["buffers"] != {n: [exact(v) for v in b.flatten().tolist()]
                                      for n, b in model.named_buffers()}:
                    problems.append("batch buffers differ from the spec model's")
                if got["grad_norms"] != [[[g, exact(v)] for g, v in s] for s in B["grad_norms"]]:
                    problems.append("batch grad_norms differ from --dump --grad-norms")
            # reproduce.py and its notebook cells
            script = os.path.join(tmp, "reproduce.py")
            with open(script, "w") as f:
                f.write(ours_text.replace(marker, f"RUN_ARGS = {json.dumps(argv)}\n"))
            expected = "\n".join(lines) + "\n"
            if run([script]) != expected:
                problems.append("reproduce.py output differs")
            if run(["-c", NOTEBOOK.format(path=script)]) != expected:
                problems.append("notebook cells' output differs")
            failures += bool(problems)
            print(f"{'FAIL' if problems else 'ok  '} {name}: {len(A['losses'])} steps"
                  + "".join("\n     " + s for s in problems), flush=True)
    print(f"{len(configs) - failures}/{len(configs)} configurations identical")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
