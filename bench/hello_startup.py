#!/usr/bin/env python3
"""Wall time of `sable run` for the WASI 0.2 hello command against the preview 1 hello.

usage: bench/hello_startup.py SABLE [RUNS]

Runs tests/component/inputs/hello.wasm (the testkit's hello command, a C program wrapped with
jco's preview 1 adapter) and examples/hello_wasi.wasm (a preview 1 command), alternating, RUNS
times each (default 30) after one warm-up run of each, with stdout discarded. Prints the median
and the quartiles of each and the ratio of the medians (component / preview 1): the two are
measured in the same run, so machine load affects both alike.
"""
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = {
    "component hello": ["run", "--env", "GREETING=hi", str(ROOT / "tests/component/inputs/hello.wasm"), "one"],
    "preview 1 hello": ["run", str(ROOT / "examples/hello_wasi.wasm")],
}


def once(sable, args):
    start = time.perf_counter()
    subprocess.run([sable, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    sable = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    times = {name: [] for name in CASES}
    for name, args in CASES.items():
        once(sable, args)
    for _ in range(runs):
        for name, args in CASES.items():
            times[name].append(once(sable, args))
    medians = {}
    for name, t in times.items():
        q = statistics.quantiles(t, n=4)
        medians[name] = statistics.median(t)
        print(f"{name}: median {medians[name] * 1000:.1f} ms (quartiles {q[0] * 1000:.1f}-{q[2] * 1000:.1f} ms, {runs} runs)")
    print(f"ratio component/preview 1: {medians['component hello'] / medians['preview 1 hello']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
