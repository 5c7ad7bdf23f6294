#!/usr/bin/python3
"""PyTorch reference for `ganscope bench --compare-pytorch` (docs/PERFORMANCE.md).

The same bench cases as app/cli/BenchCommand.cpp, written in plain PyTorch: the same networks
(depth 3 ReLU MLPs, He-uniform hidden layers, Glorot-uniform output layer, zero biases), losses,
gradient penalty (torch.autograd.grad with create_graph=True), Adam settings, batch, critic steps
per generator step, float32 on the CPU, measured the same way as `ganscope bench` (a warm-up of
half a window, then windows of min(0.5, S/4) s until the budget S is spent, median of
iterations/s over the windows).

This is an *equivalent* of our training, not a bitwise twin: it draws its own random numbers
(torch's generator, not ganscope's), so losses agree in range and behaviour, never digit for
digit. `--losses` prints the losses of the first generator iteration for that sanity check.

Output (default): exactly one line, as `ganscope bench` prints it:
    bench <case> threads=<n> gen_iters_per_s=<x>
`--info`: one line naming the torch version and the BLAS library actually loaded.

Run it with Debian's python (/usr/bin/python3, where python3-torch installs) and OpenBLAS's
OpenMP build first on the library path (the default reference BLAS is 10-20x slower):
    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp OMP_NUM_THREADS=1 \
        /usr/bin/python3 scripts/bench_pytorch.py --case wgan-gp-128 --threads 1 --seconds 3
and check `--info`'s openblas_core: on a CPU OpenBLAS does not know it says Prescott (SSE3
kernels); then add OPENBLAS_CORETYPE=SkylakeX (AVX-512) or Haswell (AVX2), as the compare
command does by itself.
"""
import argparse
import math
import statistics
import sys
import time


def wgan_gp(width):
    # BenchCommand.cpp wganGp(): gan_toy.py's WGAN-GP (protocols.md A4).
    return dict(width=width, depth=3, latent=2, batch=256, d_steps=5, objective="wgan-gp", gp_lambda=0.1,
                lr=1e-4, betas=(0.5, 0.9), eps=1e-8)


def non_saturating(width):
    c = wgan_gp(width)
    c.update(objective="non-saturating", d_steps=1, gp_lambda=0.0)
    return c


# Must match benchCases() in app/cli/BenchCommand.cpp.
CASES = {
    "wgan-gp-512": wgan_gp(512),
    "wgan-gp-128": wgan_gp(128),
    "ns-128": non_saturating(128),
}


def loaded_blas():
    """The BLAS/LAPACK shared objects mapped into this process (what torch really calls)."""
    libs = []
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                path = line.split()[-1] if len(line.split()) >= 6 else ""
                name = path.rsplit("/", 1)[-1]
                if ("blas" in name or "mkl" in name) and path not in libs:
                    libs.append(path)
    except OSError:
        pass
    return libs


def openblas_core(libs):
    """OpenBLAS's kernel family (openblas_get_corename), or "none" when torch uses another BLAS.
    OpenBLAS 0.3.21 falls back to "Prescott" (SSE3) on CPUs it does not know, which is 2-4x
    slower; `ganscope bench --compare-pytorch` then sets OPENBLAS_CORETYPE (docs/PERFORMANCE.md)."""
    import ctypes
    for path in libs:
        if "openblas" in path.rsplit("/", 1)[-1]:
            try:
                lib = ctypes.CDLL(path)  # already mapped: the same instance torch uses
                lib.openblas_get_corename.restype = ctypes.c_char_p
                return lib.openblas_get_corename().decode()
            except (OSError, AttributeError):
                return "?"
    return "none"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--case", default="wgan-gp-128", choices=sorted(CASES))
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--losses", action="store_true", help="print the first iteration's losses and exit")
    ap.add_argument("--info", action="store_true", help="print torch version and loaded BLAS and exit")
    a = ap.parse_args()

    import torch  # after argparse: --help works without torch

    if a.info:
        torch.ones(4, 4) @ torch.ones(4, 4)
        libs = loaded_blas()
        print("pytorch version=%s threads=%d blas=%s openblas_core=%s"
              % (torch.__version__, a.threads, ",".join(libs) or "?", openblas_core(libs)))
        return 0

    if a.threads < 1 or not a.seconds > 0:
        print("bench_pytorch.py: --threads must be >= 1 and --seconds > 0", file=sys.stderr)
        return 2
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    c = CASES[a.case]
    B, w, depth = c["batch"], c["width"], c["depth"]

    def mlp(n_in, n_out):
        dims = [n_in] + [w] * depth + [n_out]
        layers = []
        for l in range(len(dims) - 1):
            lin = torch.nn.Linear(dims[l], dims[l + 1])
            last = l == len(dims) - 2
            # Mlp::init: U(-limit, limit), He for hidden layers, Glorot for the output; zero biases.
            limit = math.sqrt(3.0) * (math.sqrt(2.0 / (dims[l] + dims[l + 1])) if last else math.sqrt(2.0 / dims[l]))
            with torch.no_grad():
                lin.weight.uniform_(-limit, limit)
                lin.bias.zero_()
            layers.append(lin)
            if not last:
                layers.append(torch.nn.ReLU())
        return torch.nn.Sequential(*layers)

    G = mlp(c["latent"], 2)
    D = mlp(2, 1)
    optG = torch.optim.Adam(G.parameters(), lr=c["lr"], betas=c["betas"], eps=c["eps"])
    optD = torch.optim.Adam(D.parameters(), lr=c["lr"], betas=c["betas"], eps=c["eps"])

    # ring8: 8 Gaussians of std 0.05 on the unit circle at angles 2 pi k / 8 (core/data/Datasets.cpp).
    angles = torch.arange(8, dtype=torch.float32) * (2 * math.pi / 8)
    centres = torch.stack([angles.cos(), angles.sin()], dim=1)

    def real_batch():
        return centres[torch.randint(0, 8, (B,))] + 0.05 * torch.randn(B, 2)

    wgan = c["objective"] == "wgan-gp"
    lam = c["gp_lambda"]
    softplus = torch.nn.functional.softplus

    def critic_step():
        real = real_batch()
        with torch.no_grad():
            fake = G(torch.randn(B, c["latent"]))
        optD.zero_grad(set_to_none=False)
        out = D(torch.cat([real, fake]))  # one pass over real and fake, as Trainer::criticLossAndGrad
        out_real, out_fake = out[:B], out[B:]
        if wgan:
            loss = out_fake.mean() - out_real.mean()
            alpha = torch.rand(B, 1)
            xhat = (alpha * real + (1 - alpha) * fake).requires_grad_(True)
            dx = torch.autograd.grad(D(xhat).sum(), xhat, create_graph=True)[0]
            loss = loss + lam * ((dx.norm(dim=1) - 1) ** 2).mean()
        else:
            loss = softplus(-out_real).mean() + softplus(out_fake).mean()
        loss.backward()
        optD.step()
        return loss.item() if want_losses else 0.0

    def generator_step():
        for p in D.parameters():  # D's parameter gradients are not needed (ours: paramGrads=false)
            p.requires_grad_(False)
        optG.zero_grad(set_to_none=False)
        out = D(G(torch.randn(B, c["latent"])))
        loss = -out.mean() if wgan else softplus(-out).mean()
        loss.backward()
        optG.step()
        for p in D.parameters():
            p.requires_grad_(True)
        return loss.item() if want_losses else 0.0

    def iterate():
        d = 0.0
        for _ in range(c["d_steps"]):
            d = critic_step()
        return d, generator_step()

    want_losses = a.losses
    if a.losses:
        d, g = iterate()  # as ganscope's diagnostics after iteration 1: the last critic step's loss, then G's
        print("losses %s d_loss=%.4f g_loss=%.4f" % (a.case, d, g))
        return 0

    window = min(0.5, a.seconds / 4)
    t = time.perf_counter()
    while time.perf_counter() - t < window / 2:  # warm-up
        iterate()
    rates = []
    start = time.perf_counter()
    while True:
        t0 = time.perf_counter()
        n = 0
        while True:
            iterate()
            n += 1
            dt = time.perf_counter() - t0
            if dt >= window:
                break
        rates.append(n / dt)
        if time.perf_counter() - start + window > a.seconds - window / 2:
            break
    for p in list(G.parameters()) + list(D.parameters()):
        if not torch.isfinite(p).all():
            print("bench_pytorch.py: case '%s' diverged" % a.case, file=sys.stderr)
            return 3
    print("bench %s threads=%d gen_iters_per_s=%.1f" % (a.case, a.threads, statistics.median(rates)))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
