"""The protocol between `vsc bench ... --peer` and a PyTorch reference step, shared by every reference
script in this directory (bench/src/main/java/org/vsclab/bench/peer/PeerProcess.java is the other end).

A reference script builds its step, then calls serve(step, describe). The benchmark starts it as a child
process and drives it over stdin/stdout, one command per line, so that the two implementations run
*interleaved* on the same machine, one at a time (the idle side blocks on a pipe and uses no CPU):

    steps N      run N steps, print "ms t1 ... tN" (wall milliseconds per step)
    matmul N     time N 1024x1024 float32 products, print "gflops r1 ... rN"
    quit         exit

At start-up the script prints one line "ready {json}" describing itself (torch version, threads, BLAS,
CPU capability, the step's own figures). Anything else it prints goes to stderr.

Run a script without arguments to time it alone (200 steps after 20 warm-up steps).
"""
import json
import statistics
import sys
import time

import torch


def configure(threads=2):
    """Thread pools sized for the 2-core machines, as the Java side sizes DJL's (2 intra-op, 1 inter-op)."""
    torch.set_num_threads(threads)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass  # already set by an earlier parallel call


def describe_torch():
    config = torch.__config__.show()
    blas = "mkl" if "BLAS_INFO=mkl" in config else ("openblas" if "openblas" in config.lower() else "other")
    capability = ""
    for line in config.splitlines():
        if "CPU capability usage" in line:
            capability = line.split(":", 1)[1].strip()
    return {"torch": torch.__version__, "threads": torch.get_num_threads(), "blas": blas, "cpu_capability": capability}


def matmul_gflops(repetitions, n=1024):
    a, b = torch.rand(n, n), torch.rand(n, n)
    for _ in range(3):
        a @ b
    rates = []
    for _ in range(repetitions):
        t0 = time.perf_counter()
        c = a @ b
        c[0, 0].item()
        rates.append(2 * n ** 3 / (time.perf_counter() - t0) / 1e9)
    return rates


def time_steps(step, n):
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        step()
        times.append((time.perf_counter() - t0) * 1e3)
    return times


def serve(step, describe):
    """Serves the protocol on stdin/stdout; without the --serve argument, times the step alone."""
    if "--serve" not in sys.argv:
        time_steps(step, 20)
        times = time_steps(step, 200)
        rates = matmul_gflops(10)
        print(f"{json.dumps(describe)}\nmedian {statistics.median(times):.2f} ms/step over 200 steps; "
              f"1024^2 matmul median {statistics.median(rates):.0f} GFLOP/s")
        return
    out = sys.stdout
    out.write("ready " + json.dumps(describe) + "\n")
    out.flush()
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "steps":
            values = time_steps(step, int(words[1]))
            out.write("ms " + " ".join(f"{v:.4f}" for v in values) + "\n")
        elif words[0] == "matmul":
            out.write("gflops " + " ".join(f"{v:.2f}" for v in matmul_gflops(int(words[1]))) + "\n")
        elif words[0] == "quit":
            break
        else:
            out.write("error unknown command: " + words[0] + "\n")
        out.flush()
