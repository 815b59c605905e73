#!/usr/bin/env python3
"""The cost of a guest-to-guest call through one middleware component, in Sable and in jco's host.

usage: bench/middleware_bench.py [--seconds S]

Builds sable-microbench (default preset) and runs its EchoStack benchmarks
(bench/micro/middleware_call.cc) on tests/component/inputs/echo-direct.wasm (caller <- provider)
and echo-middleware.wasm (caller <- middleware <- provider); then transpiles the same two files
with jco (`jco transpile`, the npm packages scripts/deps.sh installs in
~/.cache/sable-component-kit/node_modules, or $SABLE_COMPONENT_KIT_MODULES) and times the same
loops under node (bench/node_echo_stack.mjs). Prints one table: per-call times of a u32, a
16-byte string and a 64 KiB list<u8> echo, direct and through the middleware, in each host; the
middleware's added cost (middleware - direct) and Sable's time as a ratio of jco's. Without node
or jco, only Sable's column is printed (with a message saying why).
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "tests/component/inputs"
CALLS = {"u32": "U32", "str": "String16", "list": "List64K"}
LABELS = {"u32": "u32", "str": "16-byte string", "list": "64 KiB list<u8>"}
STACKS = ("direct", "middleware")


def sable_times(seconds):
    """{stack: {call: ns per call}} from sable-microbench's EchoStack benchmarks."""
    subprocess.run(["cmake", "--build", "--preset", "default", "--target", "sable-microbench", "-j2"],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    out = subprocess.run([str(ROOT / "build/default/bench/sable-microbench"),
                          "--benchmark_filter=EchoStack", "--benchmark_format=json",
                          f"--benchmark_min_time={seconds}", "--benchmark_repetitions=3",
                          "--benchmark_report_aggregates_only=true"],
                         check=True, capture_output=True, text=True).stdout
    times = {stack: {} for stack in STACKS}
    for b in json.loads(out)["benchmarks"]:
        if b.get("aggregate_name") != "median":
            continue
        name = b["run_name"]  # BM_EchoStackU32/direct
        stack = name.rsplit("/", 1)[1]
        call = next(c for c, suffix in CALLS.items() if name.startswith(f"BM_EchoStack{suffix}/"))
        times[stack][call] = b["per_call"] * 1e9  # per_call is seconds per call
    return times


def jco_times(seconds):
    """{stack: {call: ns per call}} under jco's host, or a reason string when it cannot run."""
    cache = os.environ.get("XDG_CACHE_HOME", str(Path.home() / ".cache"))
    modules = Path(os.environ.get("SABLE_COMPONENT_KIT_MODULES",
                                  f"{cache}/sable-component-kit/node_modules"))
    jco = modules / ".bin/jco"
    if not shutil.which("node") or not jco.exists():
        return f"jco's host not measured: node or {jco} missing (scripts/deps.sh installs them)"
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "node_modules").symlink_to(modules)
        for stack in STACKS:
            subprocess.run([str(jco), "transpile", str(INPUTS / f"echo-{stack}.wasm"), "-o",
                            f"{tmp}/{stack}", "-q", "--no-typescript", "--name", stack], check=True)
        out = subprocess.run(["node", str(ROOT / "bench/node_echo_stack.mjs"), tmp, str(seconds)],
                             check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def fmt(ns):
    return f"{ns / 1000:.2f} us" if ns >= 1000 else f"{ns:.0f} ns"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=0.5, help="time per measurement (default 0.5)")
    args = ap.parse_args()
    sable = sable_times(args.seconds)
    jco = jco_times(args.seconds)
    if isinstance(jco, str):
        print(jco, file=sys.stderr)
        jco = None
    print("| call | Sable direct | Sable through middleware | Sable middleware cost | "
          "jco direct | jco through middleware | jco middleware cost | Sable / jco (middleware) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for call, label in LABELS.items():
        s = [sable[stack][call] for stack in STACKS]
        row = [label, fmt(s[0]), fmt(s[1]), fmt(s[1] - s[0])]
        if jco:
            j = [jco[stack][call] for stack in STACKS]
            row += [fmt(j[0]), fmt(j[1]), fmt(j[1] - j[0]), f"{s[1] / j[1]:.2g}"]
        else:
            row += ["-"] * 4
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
