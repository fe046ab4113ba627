#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# %% [markdown] PE Lab trains small sequence models to show what positional encodings do. This file is the whole model family, its tasks and its training loop in plain PyTorch, so you can rerun a PE Lab run and get the same numbers, bit for bit, at the same thread count. This first cell imports PyTorch, holds RUN_ARGS, the flags of the run (None means the defaults: the seed notebook), and lists every flag with its default.
"""PE Lab's model family, tasks and training loop in plain PyTorch.

Run it with no arguments to replay the run whose flags are in RUN_ARGS (when RUN_ARGS is None,
the defaults: the seed notebook's model and training). It prints one line per epoch, then one
JSON line per held-out length. `--help` lists the flags.

Order of random draws on the global generator, after torch.manual_seed(seed):
  1. the training set (randn or randint);
  2. the model's parameters, in the order the modules are created;
  3. per epoch, the DataLoader's two int64 draws and randperm;
  4. per step, dropout masks in forward order (only when dropout > 0).
Validation and extrapolation sets come from a separate generator seeded with seed + 1, so
they never shift the training stream.
"""
import argparse, json, math, sys, time

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

RUN_ARGS = None  # pelab: the run's flags

IGNORE = -100  # target of positions that have none (shift: t < k); the loss skips them


def parse(argv=None):
    p = argparse.ArgumentParser(description="PE Lab's model family, tasks and training loop in PyTorch")
    # data and task
    p.add_argument("--task", default="zeros",
                   choices=["zeros", "position-signal", "shift", "reverse", "sort", "count", "markov"])
    p.add_argument("--samples", type=int, default=1000)
    p.add_argument("--seq-len", type=int, default=10)
    p.add_argument("--vocab", type=int, default=10, help="token tasks: symbols 0..vocab-1")
    p.add_argument("--shift", type=int, default=2, help="shift task: y_t = x_{t-k}")
    p.add_argument("--val-samples", type=int, default=0)
    p.add_argument("--eval-lengths", default="", help="comma list, e.g. 16,32,64")
    p.add_argument("--eval-samples", type=int, default=512)
    p.add_argument("--eval-every", type=int, default=0, help="validate every N steps (0: at epoch ends)")
    # model
    p.add_argument("--width", type=int, default=1)
    p.add_argument("--layers", type=int, default=0)
    p.add_argument("--heads", type=int, default=1)
    p.add_argument("--mlp-ratio", type=int, default=4, help="0: no MLP sublayer")
    p.add_argument("--norm", default="pre", choices=["pre", "post", "none"])
    p.add_argument("--no-residual", action="store_true")
    p.add_argument("--dropout", type=float, default=0.0)
    p.add_argument("--qk-gain", type=float, default=1.0)
    p.add_argument("--causal", action="store_true")
    p.add_argument("--encoding", default="learned",
                   choices=["learned", "sinusoidal", "none", "rope", "alibi"])
    p.add_argument("--pe-init-std", type=float, default=1.0, help="learned table: randn * std")
    # optimisation
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--optimizer", default="adam", choices=["adam", "adamw", "sgd"])
    p.add_argument("--lr", type=float, default=0.01)
    p.add_argument("--lr-at", action="append", default=[], metavar="STEP=LR",
                   help="from step STEP on (counting from 1), use learning rate LR; repeatable")
    p.add_argument("--momentum", type=float, default=0.9)
    p.add_argument("--weight-decay", type=float, default=None)
    p.add_argument("--no-shuffle", action="store_true")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=1)
    # output
    p.add_argument("--dump", help="write losses, validation, extrapolation and parameters as JSON")
    p.add_argument("--quiet", action="store_true")
    p.add_argument("--bench", type=int, default=0, help="time N training steps, print ms/step")
    p.add_argument("--grad-norms", action="store_true", help="with --dump: each step's gradient norms")
    p.add_argument("--batch", action="store_true",
                   help="PE Lab's tests: read a JSON list of argument lists on stdin, write results")
    a = p.parse_args(argv)
    a.eval_lengths = [int(s) for s in a.eval_lengths.split(",") if s]
    a.lr_at = {int(s): float(lr) for s, lr in (t.split("=") for t in a.lr_at)}
    return a


# %% [markdown] The tasks. Each makes input sequences and the targets the model must predict. Two are regression on real numbers (zeros, the seed's task, and position-signal, which adds a sine of the position), the rest use tokens. Some need to know where a token is (reverse, sort), some only how far back it is (shift, markov), and count needs no position at all, which makes them good tests of an encoding.
REGRESSION = ("zeros", "position-signal")


def position_signal(L):
    return torch.sin(torch.arange(L, dtype=torch.float32) * (2 * math.pi / L)).reshape(L, 1)


MARKOV_SEED = 20240601  # one transition matrix for every run, so held-out data share the chain


def markov_chain(vocab):
    """Transition matrix [vocab, vocab] of the markov task: row i is P(next | current = i)."""
    g = torch.Generator().manual_seed(MARKOV_SEED)
    return (torch.randn(vocab, vocab, generator=g) * 2.0).softmax(-1)


def make_task(a, n, L, generator=None):
    """(inputs, targets) for n sequences of length L."""
    if a.task in REGRESSION:
        x = torch.randn(n, L, 1, generator=generator)
        y = torch.zeros_like(x) if a.task == "zeros" else x + position_signal(L)
        return x, y
    x = torch.randint(0, a.vocab, (n, L), generator=generator)
    if a.task == "markov":      # next-token prediction on a fixed random Markov chain (causal)
        chain = markov_chain(a.vocab)
        for t in range(1, L):
            x[:, t] = torch.multinomial(chain[x[:, t - 1]], 1, generator=generator).squeeze(1)
        y = torch.full_like(x, IGNORE)
        y[:, : L - 1] = x[:, 1:]
        return x, y
    if a.task == "shift":       # causal copy of the token k steps back: purely relative
        y = torch.full_like(x, IGNORE)
        y[:, a.shift:] = x[:, : L - a.shift]
    elif a.task == "reverse":   # y_t = x_{L-1-t}: absolute position, counted from the end
        y = x.flip(1)
    elif a.task == "sort":      # the sorted sequence: content and rank
        y = x.sort(dim=1).values
    elif a.task == "count":     # how often x_t occurs in the sequence: position-free
        y = (x[:, :, None] == x[:, None, :]).sum(-1)
    return x, y


def num_classes(a):
    # count's answer can be as large as the longest sequence the model will ever see
    if a.task == "count":
        return max([a.seq_len] + a.eval_lengths) + 1
    return a.vocab


# %% [markdown] The positional encodings that are not learned. Sinusoidal adds a fixed table of sines and cosines to the input. RoPE rotates each query and key by an angle that grows with the position, so their dot product depends only on how far apart they are. ALiBi adds no vector at all: each attention head subtracts its slope times the distance from its scores.
def sinusoidal_table(n, d):
    pos = torch.arange(n, dtype=torch.float32)[:, None]
    i = torch.arange(0, d, 2, dtype=torch.float32)
    div = torch.exp(i * (-math.log(10000.0) / d))
    pe = torch.zeros(n, d)
    pe[:, 0::2] = torch.sin(pos * div)
    pe[:, 1::2] = torch.cos(pos * div)[:, : d // 2]  # an odd width has one cosine fewer
    return pe


def rope(x):
    """Rotary embedding (Su et al.) on [B, H, T, dh], rotating consecutive pairs (2i, 2i+1)."""
    T, dh = x.shape[-2], x.shape[-1]
    inv = 10000.0 ** (-torch.arange(0, dh, 2, dtype=torch.float32) / dh)
    ang = torch.arange(T, dtype=torch.float32)[:, None] * inv[None, :]
    cos, sin = ang.cos(), ang.sin()
    x1, x2 = x[..., 0::2], x[..., 1::2]
    return torch.stack([x1 * cos - x2 * sin, x1 * sin + x2 * cos], dim=-1).flatten(-2)


def alibi_slopes(h):
    """Press et al.'s head slopes (their reference code, including non-powers of two)."""
    def power_of_2(n):
        start = 2 ** (-(2 ** -(math.log2(n) - 3)))
        return [start * start ** i for i in range(n)]
    if math.log2(h).is_integer():
        return power_of_2(h)
    closest = 2 ** math.floor(math.log2(h))
    return power_of_2(closest) + alibi_slopes(2 * closest)[0::2][: h - closest]


# %% [markdown] Self-attention. Every position makes a query, a key and a value; a position's output is the average of all values, weighted by how well its query matches each key. This is where RoPE and ALiBi act, and where the causal mask stops a position from looking at later ones. Without any encoding, attention cannot tell positions apart.
class Attention(nn.Module):
    def __init__(self, a):
        super().__init__()
        d, self.h = a.width, a.heads
        self.dh, self.encoding, self.causal = d // a.heads, a.encoding, a.causal
        self.qkv = nn.Linear(d, 3 * d)
        self.out = nn.Linear(d, d)
        self.drop = nn.Dropout(a.dropout)
        if a.qk_gain != 1.0:
            # larger query and key weights make the attention sharper from the start
            with torch.no_grad():
                self.qkv.weight[: 2 * d] *= a.qk_gain
        if a.encoding == "alibi":
            self.register_buffer("slopes", torch.tensor(alibi_slopes(a.heads), dtype=torch.float32))
        self.probs = None  # the last attention probabilities, for probes

    def forward(self, x):
        B, T, D = x.shape
        q, k, v = self.qkv(x).view(B, T, 3, self.h, self.dh).permute(2, 0, 3, 1, 4)
        if self.encoding == "rope":
            q, k = rope(q), rope(k)
        s = q @ k.transpose(-1, -2) / math.sqrt(self.dh)
        i = torch.arange(T)
        if self.encoding == "alibi":
            distance = (i[:, None] - i[None, :]).abs().to(torch.float32)
            s = s - self.slopes[None, :, None, None] * distance
        if self.causal:
            s = s.masked_fill(i[None, :] > i[:, None], float("-inf"))
        p = s.softmax(-1)
        self.probs = p.detach()
        y = (self.drop(p) @ v).transpose(1, 2).reshape(B, T, D)
        return self.out(y)


# %% [markdown] A transformer block: attention, then a small two-layer network (the MLP) applied to each position. Each sublayer can be wrapped in layer normalisation, before it (pre) or after the residual sum (post), and can add its result to its input (the residual connection) or replace it.
class Block(nn.Module):
    def __init__(self, a):
        super().__init__()
        self.norm, self.residual = a.norm, not a.no_residual
        self.attn = Attention(a)
        self.ln1 = nn.LayerNorm(a.width)  # created even with --norm none, so the draws match
        self.has_mlp = a.mlp_ratio > 0
        if self.has_mlp:
            self.ln2 = nn.LayerNorm(a.width)
            self.fc1 = nn.Linear(a.width, a.mlp_ratio * a.width)
            self.fc2 = nn.Linear(a.mlp_ratio * a.width, a.width)
        self.drop = nn.Dropout(a.dropout)

    def mlp(self, x):
        return self.drop(self.fc2(F.gelu(self.fc1(x))))

    def sublayer(self, x, f, ln):
        if self.norm == "pre":
            h = f(ln(x))
            return x + h if self.residual else h
        if self.norm == "post":
            h = f(x)
            return ln(x + h) if self.residual else ln(h)
        h = f(x)
        return x + h if self.residual else h

    def forward(self, x):
        x = self.sublayer(x, lambda t: self.drop(self.attn(t)), self.ln1)
        if self.has_mlp:
            x = self.sublayer(x, self.mlp, self.ln2)
        return x


# %% [markdown] The whole model: the input (a number or a token) becomes a vector, a learned or sinusoidal encoding is added, then come the blocks and a final linear head that predicts the target. With the defaults (width 1, no blocks, learned encoding) it is exactly the seed notebook's SimpleModel, with the same random numbers.
class Family(nn.Module):
    """Input -> (+ additive encoding) -> dropout -> blocks -> (final LN) -> head.

    Width 1 with no layers is the seed's SimpleModel: x + position_embeddings -> Linear(1, 1).
    """

    def __init__(self, a):
        super().__init__()
        d = a.width
        self.encoding, self.regression = a.encoding, a.task in REGRESSION
        rows = max([a.seq_len] + a.eval_lengths)  # one row per position, held-out lengths too
        if self.regression:
            self.input = nn.Linear(1, d) if d > 1 else None   # the seed adds the PE to x itself
        else:
            self.input = nn.Embedding(a.vocab, d)
        if a.encoding == "learned":
            # the seed's LearnablePositionalEncoding: randn, one row per position
            table = torch.randn(rows, d)
            self.position_embeddings = nn.Parameter(table if a.pe_init_std == 1.0 else table * a.pe_init_std)
        elif a.encoding == "sinusoidal":
            self.register_buffer("position_table", sinusoidal_table(rows, d))
        self.drop = nn.Dropout(a.dropout)
        self.blocks = nn.ModuleList([Block(a) for _ in range(a.layers)])
        self.final_ln = nn.LayerNorm(d) if a.layers > 0 and a.norm == "pre" else None
        self.head = nn.Linear(d, 1 if self.regression else num_classes(a))

    def forward(self, x):
        T = x.shape[1]
        if self.input is not None:
            x = self.input(x)
        if self.encoding == "learned":
            x = x + self.position_embeddings[:T]
        elif self.encoding == "sinusoidal":
            x = x + self.position_table[:T]
        x = self.drop(x)
        for b in self.blocks:
            x = b(x)
        if self.final_ln is not None:
            x = self.final_ln(x)
        return self.head(x)


# %% [markdown] The loss and the evaluation. Regression tasks use the mean squared error, token tasks the cross-entropy over the positions that have a target. The evaluation also counts correct tokens, separately for the positions beyond the training length, which shows whether an encoding extrapolates to longer sequences.
def loss_of(model, out, y):
    if model.regression:
        return F.mse_loss(out, y)
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), ignore_index=IGNORE)


@torch.no_grad()
def evaluate(model, a, x, y, train_len):
    """Loss, and for token tasks accuracy over targeted positions and over positions >= train_len."""
    was = model.training
    model.eval()  # no dropout while measuring
    out = model(x)
    r = {"loss": loss_of(model, out, y).item()}
    if not model.regression:
        hit = (out.argmax(-1) == y) & (y != IGNORE)
        counted = y != IGNORE
        r["accuracy"] = (hit.sum() / counted.sum()).item()
        if x.shape[1] > train_len:
            r["accuracy_new_positions"] = (hit[:, train_len:].sum() / counted[:, train_len:].sum()).item()
    model.train(was)
    return r


# %% [markdown] The optimizer that changes the parameters after each batch: Adam (the seed's), AdamW (Adam with weight decay kept apart from the gradient), or SGD with momentum. The gradient-norm probe measures how large the gradient is in each part of the model; it only reads the gradients and never changes the training.
def make_optimizer(a, params):
    if a.optimizer == "adam":
        return torch.optim.Adam(params, lr=a.lr, weight_decay=a.weight_decay or 0)
    if a.optimizer == "adamw":
        return torch.optim.AdamW(params, lr=a.lr, weight_decay=0.01 if a.weight_decay is None else a.weight_decay)
    return torch.optim.SGD(params, lr=a.lr, momentum=a.momentum, weight_decay=a.weight_decay or 0)


def optimizer_overflow(model, opt, step):
    """[{step, parameter, state}] for the first state tensor holding inf or NaN, else []."""
    for name, p in model.named_parameters():
        state = opt.state.get(p, {})
        for key in ("exp_avg_sq", "exp_avg", "momentum_buffer"):
            v = state.get(key)
            if v is not None and not bool(torch.isfinite(v).all()):
                return [{"step": step, "parameter": name, "state": key}]
    return []


def gradient_norms(model):
    """[[part, L2 norm of its gradient]] for input, encoding, each block, final LN and head.

    Summed in float64 (params without a gradient add nothing), so the figure is exact to compare.
    """
    groups = []
    if model.input is not None:
        groups.append(("input", list(model.input.parameters())))
    if model.encoding == "learned":
        groups.append(("encoding", [model.position_embeddings]))
    for i, b in enumerate(model.blocks):
        groups.append((f"block.{i}", list(b.parameters())))
    if model.final_ln is not None:
        groups.append(("final_ln", list(model.final_ln.parameters())))
    groups.append(("head", list(model.head.parameters())))
    norms = []
    for name, params in groups:
        total = 0.0
        for p in params:
            if p.grad is not None:
                total += (p.grad.double() ** 2).sum().item()
        norms.append([name, math.sqrt(total)])
    return norms


# %% [markdown] Training. First the data and the model are made, in a fixed order so that the random numbers match PE Lab's. Then each epoch goes once through the training set in batches (shuffled, unless --no-shuffle): predict, measure the loss, backpropagate, step the optimizer. At the end the model is evaluated on longer sequences, if any were asked for. `main` reads the flags (RUN_ARGS, if set) and prints what PE Lab printed.
def run(a, say=print, grad_norms=None, overflow=None):
    """Trains one model as the flags `a` say; returns its losses, validation and extrapolation.

    `say` receives each printed line; `grad_norms`, if a list, receives each step's norms;
    `overflow`, if a list, receives the first step whose optimizer state is not finite.
    """
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    x, y = make_task(a, a.samples, a.seq_len)
    held_out = torch.Generator().manual_seed(a.seed + 1)  # held-out data never shift the training draws
    val = make_task(a, a.val_samples, a.seq_len, held_out) if a.val_samples else None
    evals = [(L, make_task(a, a.eval_samples, L, held_out)) for L in a.eval_lengths]
    model = Family(a)
    opt = make_optimizer(a, model.parameters())
    loader = DataLoader(TensorDataset(x, y), batch_size=a.batch_size, shuffle=not a.no_shuffle)

    if a.bench:
        xb, yb = next(iter(loader))
        def one():
            opt.zero_grad(); loss = loss_of(model, model(xb), yb); loss.backward(); opt.step()
        for _ in range(10): one()  # warm up first
        t = time.perf_counter()
        for _ in range(a.bench): one()
        say(f"ms/step {(time.perf_counter() - t) / a.bench * 1000:.3f}")
        return None

    losses, validation, step = [], [], 0
    t0 = time.perf_counter()
    for epoch in range(a.epochs):
        for xb, yb in loader:
            if step + 1 in a.lr_at:  # a learning rate set during the run, from this step on
                for group in opt.param_groups:
                    group["lr"] = a.lr_at[step + 1]
            opt.zero_grad()
            loss = loss_of(model, model(xb), yb)
            loss.backward()
            if grad_norms is not None:
                grad_norms.append(gradient_norms(model))  # reads .grad only
            opt.step()
            step += 1
            if overflow is not None and not overflow:
                overflow += optimizer_overflow(model, opt, step)  # reads the state only
            losses.append(loss.item())
            if val is not None and a.eval_every and step % a.eval_every == 0:
                validation.append({"step": step, **evaluate(model, a, *val, a.seq_len)})
        if val is not None and not a.eval_every:
            validation.append({"step": step, **evaluate(model, a, *val, a.seq_len)})
        if not a.quiet:
            say(f"Epoch {epoch + 1}, Loss: {loss.item()}")
    seconds = time.perf_counter() - t0
    extrapolation = [{"length": L, **evaluate(model, a, ex, ey, a.seq_len)} for L, (ex, ey) in evals]
    return {"losses": losses, "validation": validation, "extrapolation": extrapolation,
            "model": model, "train_seconds": seconds}


def main(argv=None):
    if argv is None:
        # In Jupyter, sys.argv holds the kernel's own flags, not ours.
        extra = [] if "ipykernel" in sys.modules else sys.argv[1:]
        argv = extra if RUN_ARGS is None else RUN_ARGS + extra
    a = parse(argv)
    if a.batch:
        return batch(sys.stdin, sys.stdout)
    grad_norms = [] if a.grad_norms and a.dump else None
    r = run(a, grad_norms=grad_norms)
    if r is None:  # --bench
        return
    if a.dump:
        params = {n: p.detach().flatten().tolist() for n, p in r["model"].named_parameters()}
        dump = {"losses": r["losses"], "validation": r["validation"], "extrapolation": r["extrapolation"],
                "parameters": params, "train_seconds": r["train_seconds"]}
        if grad_norms is not None:
            dump["grad_norms"] = grad_norms
        with open(a.dump, "w") as f:
            json.dump(dump, f)
    elif not a.quiet:
        for e in r["extrapolation"]:
            print(json.dumps(e))


# %% [markdown] PE Lab's own tests use this cell: they send many runs' flags as one JSON list and compare every number with the app's, exactly, as Python writes floats. Training does not need it, and you can skip it.
def batch(stdin, stdout):
    """Reads [[flag, ...], ...] as JSON; writes one result per run, every float as repr()."""
    import contextlib, io, traceback

    def exact(v):
        return repr(float(v))

    def exact_dict(d):  # {"step"/"length": int, others: repr strings}, keys as the run has them
        return {k: v if k in ("step", "length") else exact(v) for k, v in d.items()}

    results = []
    for argv in json.load(stdin):
        printed, lines, norms, overflow = io.StringIO(), [], [], []
        try:
            # nothing but the JSON result may reach stdout; argparse's errors land in `printed`
            with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
                a = parse([str(s) for s in argv])
                if a.dump or a.batch:
                    raise ValueError("--dump and --batch have no meaning inside a batch")
                r = run(a, say=lines.append, grad_norms=norms, overflow=overflow)
            if r is None:  # --bench
                results.append({"lines": lines})
                continue
            if not a.quiet:
                lines += [json.dumps(e) for e in r["extrapolation"]]
            model = r["model"]
            results.append({
                "losses": [exact(v) for v in r["losses"]],
                "lines": lines,
                "validation": [exact_dict(v) for v in r["validation"]],
                "extrapolation": [exact_dict(e) for e in r["extrapolation"]],
                "parameters": {n: [exact(v) for v in p.detach().flatten().tolist()]
                               for n, p in model.named_parameters()},
                "buffers": {n: [exact(v) for v in b.flatten().tolist()]
                            for n, b in model.named_buffers()},
                "grad_norms": [[[g, exact(v)] for g, v in step] for step in norms],
                "optimizer_overflow": overflow[0] if overflow else None,
            })
        except SystemExit as e:  # argparse: bad flags (its last line says which), or --help
            said = printed.getvalue().strip().splitlines()
            results.append({"error": said[-1] if e.code and said else f"argparse exited with {e.code}"})
        except Exception as e:
            traceback.print_exc()  # the whole story on stderr, the message in the result
            results.append({"error": f"{type(e).__name__}: {e}"})
    json.dump(results, stdout)
    stdout.write("\n")


# %% [markdown] Run it. In a terminal, `python3 reproduce.py` trains with RUN_ARGS (flags you add override them); here in the notebook it trains with RUN_ARGS. It prints one line per epoch and, if the run measured longer sequences, one JSON line for each.
if __name__ == "__main__":
    main()
