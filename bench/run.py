#!/usr/bin/env python3
"""Sable's benchmark suite: run time and compile speed against V8 (node) and native code.

usage: python3 bench/run.py [--build-dir DIR] [--runs N] [--only NAME,...] [--compile-repeat N]
                            [--no-run] [--no-interrupt] [--no-compile] [--no-micro]
                            [--no-footprint] [--simd] [--note TEXT]

Expects the build directory to hold sable-cli and the bench-programs target (bench/run.sh builds
them first). For every program of bench/programs/ it checks that Sable, V8 Liftoff alone, V8
TurboFan alone and the native (gcc -O2) build print the same output, times each (wall clock of
the whole process, so start-up and compilation are included; median of --runs runs, the engines
interleaved), and reports ratios to native and to Liftoff with geometric means. With --simd, the same for the
builds with SIMD (clang -O2 -msimd128 as NAME-simd.wasm, against gcc -O2 -march=native as
native/NAME-simd), in a second table next to Sable on the scalar build, timed interleaved with
them. Then compile
speed per module: `sable compile --json --repeat N` against WebAssembly.compile in node with Liftoff on
one thread and on every core, as MB/s of code section. Before that, the cost of interruption
checks: `sable run` without them, with epoch checks (the default) and with fuel metering. Then the microbenchmarks
(sable-microbench, if built) and Sable's footprint. Writes
DIR/bench/results.md, results.json, results.png (gnuplot), and prints the Markdown.
"""
import argparse
import datetime
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PROGRAMS = ["fib", "sieve", "matmul", "nbody", "sha256", "quicksort", "crc_base64", "hashtable",
            "mandelbrot", "interp", "pointer_chase", "tokenize"]
# Intrinsics kernels (wasm_simd128.h in their -msimd128 build, plain C in the others): timed only
# with --simd and only in the SIMD table (their scalar builds timed among those rows), so the
# programs' table keeps the same twelve programs.
SIMD_KERNELS = ["hex"]
NODE_WASI = os.path.join(HERE, "node_wasi.mjs")
NODE_COMPILE = os.path.join(HERE, "node_compile.mjs")
# V8 alone in each tier. In this V8, --liftoff --no-wasm-tier-up still tiers up hot functions,
# so --liftoff-only is what keeps TurboFan out.
LIFTOFF = ["--liftoff-only", "--no-turbo-fast-api-calls"]
TURBOFAN = ["--no-liftoff", "--no-turbo-fast-api-calls"]
ENGINES = ["native", "sable", "liftoff", "turbofan"]
LABEL = {"native": "native (gcc -O2)", "sable": "Sable", "liftoff": "V8 Liftoff",
         "turbofan": "V8 TurboFan"}


def code_section_bytes(path):
    data = open(path, "rb").read()
    p = 8
    while p < len(data):
        sid = data[p]
        p += 1
        size = shift = 0
        while True:
            b = data[p]
            p += 1
            size |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                break
        if sid == 10:
            return size
        p += size
    return 0


def geomean(values):
    values = [v for v in values if v and v > 0]
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else float("nan")


def command(engine, name, a, variant=""):
    """The command that runs program `name` on `engine`; variant "-simd" picks the SIMD builds."""
    wasm = os.path.join(a.bench_dir, "wasm", name + variant + ".wasm")
    if engine == "native":
        return [os.path.join(a.bench_dir, "native", name + variant)]
    if engine == "sable":
        return [a.sable, "run", wasm]
    if engine == "sable_scalar":
        return [a.sable, "run", os.path.join(a.bench_dir, "wasm", name + ".wasm")]
    flags = LIFTOFF if engine == "liftoff" else TURBOFAN
    return [a.node] + flags + ["--no-warnings", NODE_WASI, wasm]


def timed(cmd):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    dt = time.perf_counter() - t0
    return dt, p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")


def run_programs(a, results, variant="", key="programs", expected=None, names=None, engines=ENGINES):
    """Times every program on the four engines. `expected` maps a program to the checksum its
    scalar native build printed, which the variant's builds must print too."""
    results["node_startup_s"] = statistics.median(
        timed([a.node, "--no-warnings", "-e", ""])[0] for _ in range(a.runs))
    rows = []
    for name in a.only if names is None else names:
        times = {e: [] for e in engines}
        outputs = {}
        failed = None
        for r in range(a.runs):
            for e in engines:
                dt, rc, out, err = timed(command(e, name, a, variant))
                if rc != 0:
                    failed = f"{e} exited {rc}: {err.strip()[:200]}"
                    break
                if e in outputs and outputs[e] != out:
                    failed = f"{e} printed different output on run {r + 1}"
                    break
                outputs[e] = out
                times[e].append(dt)
            if failed:
                break
        checksum = outputs.get("native", "").strip()
        agree = not failed and all(outputs.get(e) == outputs.get("native") for e in engines)
        if not failed and not agree:
            failed = "checksums differ: " + "; ".join(f"{e}: {outputs.get(e, '').strip()}" for e in engines)
        if not failed and expected and name in expected and expected[name] != checksum:
            failed = f"checksum {checksum} differs from the scalar build's {expected[name]}"
        row = {"program": name, "checksum": checksum, "ok": not failed, "error": failed,
               "times": times,
               "median": {e: statistics.median(t) if t and not failed else None for e, t in times.items()}}
        rows.append(row)
        m = row["median"]
        if failed:
            print(f"  {name}{variant}: FAILED: {failed}", file=sys.stderr)
        else:
            print(f"  {name}{variant}: " + ", ".join(f"{e} {m[e]:.3f}s" for e in engines) + f"  [{checksum}]",
                  file=sys.stderr)
    results[key] = rows


def run_simd_programs(a, results):
    """The SIMD builds on the four engines, with Sable on the scalar build interleaved among them
    (engine "sable_scalar"), so that SIMD/scalar compares runs made under the same load."""
    expected = {r["program"]: r["checksum"] for r in results.get("programs", []) if r["ok"]}
    run_programs(a, results, "-simd", "simd_programs", expected, a.only + a.kernels,
                 ENGINES + ["sable_scalar"])


# The cost of interruption checks: `sable run` with the epoch checks (the CLI's default), without
# any check, and with fuel metering alone, interleaved like the engines above.
INTERRUPT_MODES = {"off": ["--no-epoch-checks"], "epoch": [],
                   "fuel": ["--no-epoch-checks", "--fuel", str(2**64 - 1)]}


def run_interrupt_cost(a, results):
    rows = []
    for name in a.only:
        wasm = os.path.join(a.bench_dir, "wasm", name + ".wasm")
        times = {m: [] for m in INTERRUPT_MODES}
        failed = None
        for _ in range(a.runs):
            for mode, flags in INTERRUPT_MODES.items():
                dt, rc, _, err = timed([a.sable, "run"] + flags + [wasm])
                if rc != 0:
                    failed = f"{mode} exited {rc}: {err.strip()[:200]}"
                    break
                times[mode].append(dt)
            if failed:
                break
        med = {m: statistics.median(t) if t and not failed else None for m, t in times.items()}
        rows.append({"program": name, "ok": not failed, "error": failed, "times": times,
                     "median": med})
        if failed:
            print(f"  interrupt cost {name}: FAILED: {failed}", file=sys.stderr)
        else:
            print(f"  interrupt cost {name}: " + ", ".join(f"{m} {med[m]:.3f}s" for m in med),
                  file=sys.stderr)
    results["interrupt_cost"] = rows


def sable_compile_report(p):
    """The object `sable compile --json` printed for its one module (docs/cli.md), or None when
    the compile failed or printed no such object."""
    try:
        report = json.loads(p.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        return None
    return report if p.returncode == 0 and report.get("valid") else None


def run_compile(a, results):
    rows = []
    modules = a.only + (["large"] if os.path.exists(os.path.join(a.bench_dir, "wasm", "large.wasm")) else [])
    for name in modules:
        wasm = os.path.join(a.bench_dir, "wasm", name + ".wasm")
        row = {"module": name, "code_bytes": code_section_bytes(wasm)}
        # Like V8 below: one thread, then all cores (--threads 0, the engine's default).
        for key, threads in (("sable_mb_s", "1"), ("sable_mt_mb_s", "0")):
            p = subprocess.run([a.sable, "compile", "--json", "--repeat", str(a.compile_repeat),
                                "--threads", threads, wasm],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            report = sable_compile_report(p)
            row[key] = report["mb_per_s"] if report else None
            row[key.replace("mb_s", "output")] = report if report else p.stdout.strip()
        for key, extra in (("liftoff_1t_mb_s", ["--single-threaded"]), ("liftoff_mt_mb_s", [])):
            p = subprocess.run([a.node, "--liftoff-only", "--no-wasm-lazy-compilation"] + extra +
                               [NODE_COMPILE, wasm, str(a.compile_repeat)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            try:
                row[key] = json.loads(p.stdout.strip().splitlines()[-1])["mb_per_s"]
            except (IndexError, ValueError, KeyError):
                row[key] = None
        rows.append(row)
        print(f"  compile {name}: {row['code_bytes']} B, Sable 1 thread {fmt(row['sable_mb_s'], 1)} MB/s, "
              f"all cores {fmt(row['sable_mt_mb_s'], 1)}, "
              f"Liftoff 1 thread {fmt(row['liftoff_1t_mb_s'], 1)}, all cores {fmt(row['liftoff_mt_mb_s'], 1)}",
              file=sys.stderr)
    results["compile"] = rows


def run_footprint(a, results):
    fp = {}
    with tempfile.TemporaryDirectory() as tmp:
        for key, path in (("sable_binary", a.sable), ("libsable_a", os.path.join(a.build_dir, "libsable.a"))):
            if os.path.exists(path):
                copy = os.path.join(tmp, os.path.basename(path))
                shutil.copy(path, copy)
                subprocess.run(["strip", "--strip-unneeded" if path.endswith(".a") else "-s", copy],
                               check=False)
                fp[key] = {"unstripped": os.path.getsize(path), "stripped": os.path.getsize(copy)}
    hello = os.path.join(a.build_dir, "examples", "hello_wasi.wasm")
    if not os.path.exists(hello):
        hello = os.path.join(ROOT, "examples", "hello_wasi.wasm")
    if os.path.exists("/usr/bin/time") and os.path.exists(hello):
        with tempfile.TemporaryDirectory() as data:
            rss, wall = [], []
            cmd = [a.sable, "run", "--dir", data + "::data", "--env", "GREETING=hello", hello, "world"]
            for _ in range(a.runs):
                # Peak RSS from /usr/bin/time -v; wall time measured here (time -v rounds to 10 ms).
                p = subprocess.run(["/usr/bin/time", "-v"] + cmd,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
                dt, rc, _, _ = timed(cmd)
                if m and rc == 0:
                    rss.append(int(m.group(1)))
                    wall.append(dt)
            if rss:
                fp["hello"] = {"module": os.path.relpath(hello, ROOT), "peak_rss_kb": statistics.median(rss),
                               "wall_s": statistics.median(wall)}
    results["footprint"] = fp


def run_micro(a, results):
    exe = os.path.join(a.bench_dir, "sable-microbench")
    if not os.path.exists(exe):
        print("bench: no sable-microbench (ninja sable-microbench builds it)", file=sys.stderr)
        return
    p = subprocess.run([exe, "--benchmark_format=json", "--benchmark_min_time=0.5"],
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        rows = json.loads(p.stdout)["benchmarks"]
    except ValueError:
        print("bench: sable-microbench failed", file=sys.stderr)
        return
    results["micro"] = [{k: r.get(k) for k in ("name", "real_time", "time_unit", "bytes_per_second",
                                                "items_per_second", "error_message")} for r in rows]


def fmt(v, digits=3):
    return "–" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:.{digits}f}"


def markdown(a, results):
    out = [f"Measured {results['date']} on {results['machine']}; {results['note']}.",
           f"Median of {a.runs} runs, wall time of the whole process in seconds (start-up and "
           "compilation included" +
           (f"; an empty `node -e ''` takes {results['node_startup_s']:.3f} s"
            if "node_startup_s" in results else "") +
           "). Ratios are to native, to Liftoff and to TurboFan; lower is better.", ""]
    rows = results.get("programs", [])
    if rows:
        out.append("| program | native | Sable | Liftoff | TurboFan | Sable/native | Liftoff/native "
                   "| TurboFan/native | Sable/Liftoff | Sable/TurboFan |")
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        ratios = {k: [] for k in ("sn", "ln", "tn", "sl", "st")}
        for row in rows:
            if not row["ok"]:
                out.append(f"| {row['program']} | failed: {row['error']} ||||||||| ")
                continue
            m = row["median"]
            r = {"sn": m["sable"] / m["native"], "ln": m["liftoff"] / m["native"],
                 "tn": m["turbofan"] / m["native"], "sl": m["sable"] / m["liftoff"],
                 "st": m["sable"] / m["turbofan"]}
            for k, v in r.items():
                ratios[k].append(v)
            out.append(f"| {row['program']} | {fmt(m['native'])} | {fmt(m['sable'])} | {fmt(m['liftoff'])} "
                       f"| {fmt(m['turbofan'])} | {fmt(r['sn'], 2)} | {fmt(r['ln'], 2)} | {fmt(r['tn'], 2)} "
                       f"| {fmt(r['sl'], 2)} | {fmt(r['st'], 2)} |")
        g = {k: geomean(v) for k, v in ratios.items()}
        results["geomean"] = g
        out.append(f"| **geometric mean** | | | | | **{fmt(g['sn'], 2)}** | **{fmt(g['ln'], 2)}** "
                   f"| **{fmt(g['tn'], 2)}** | **{fmt(g['sl'], 2)}** | **{fmt(g['st'], 2)}** |")
        out.append("")
        out.append("Checksums (identical across the four): " +
                   "; ".join(f"{r['program']} `{r['checksum']}`" for r in rows if r["ok"]) + ".")
        out.append("")
    out += simd_markdown(results)
    irows = [r for r in results.get("interrupt_cost", []) if r["ok"]]
    if irows:
        out.append(f"Cost of interruption checks (`sable run`, median of {a.runs} runs, interleaved): "
                   "`--no-epoch-checks` (none), the default (epoch checks at function entries and "
                   "loop headers), and `--no-epoch-checks --fuel 2^64-1` (fuel metering alone):")
        out.append("")
        out.append("| program | no checks | epoch | fuel | epoch / none | fuel / none |")
        out.append("| --- | ---: | ---: | ---: | ---: | ---: |")
        er, fr = [], []
        for r in irows:
            m = r["median"]
            er.append(m["epoch"] / m["off"])
            fr.append(m["fuel"] / m["off"])
            out.append(f"| {r['program']} | {fmt(m['off'])} | {fmt(m['epoch'])} | {fmt(m['fuel'])} "
                       f"| {fmt(er[-1], 3)} | {fmt(fr[-1], 3)} |")
        results["interrupt_geomean"] = {"epoch": geomean(er), "fuel": geomean(fr)}
        out.append(f"| **geometric mean** | | | | **{fmt(geomean(er), 3)}** | **{fmt(geomean(fr), 3)}** |")
        out.append("")
    crows = results.get("compile", [])
    if crows:
        out.append(f"Compile speed, MB/s of code section (best of {a.compile_repeat} compiles of each "
                   "module; Sable: `sable compile --json --repeat --threads 1` and `--threads 0` (all cores: "
                   "the engine's default, which starts no thread for a module under 64 KiB of code); "
                   "V8: `WebAssembly.compile` "
                   "timed inside node (`bench/node_compile.mjs`) with `--liftoff-only "
                   "--no-wasm-lazy-compilation`, with and without `--single-threaded`, start-up "
                   "excluded):")
        out.append("")
        out.append("| module | code KB | Sable, 1 thread | Sable, all cores | Liftoff, 1 thread "
                   "| Liftoff, all cores | Sable / Liftoff 1 thread | Sable / Liftoff, all cores |")
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for row in crows:
            s, l1 = row["sable_mb_s"], row["liftoff_1t_mb_s"]
            smt, lmt = row.get("sable_mt_mb_s"), row["liftoff_mt_mb_s"]
            out.append(f"| {row['module']} | {row['code_bytes'] / 1000:.1f} | {fmt(s, 1)} | {fmt(smt, 1)} "
                       f"| {fmt(l1, 1)} | {fmt(lmt, 1)} | {fmt(s / l1 if s and l1 else None, 2)} "
                       f"| {fmt(smt / lmt if smt and lmt else None, 2)} |")
        out.append("")
    micro = results.get("micro", [])
    if micro:
        out.append("Microbenchmarks (`sable-microbench`, Google Benchmark, public API):")
        out.append("")
        out.append("| benchmark | time | throughput |")
        out.append("| --- | ---: | ---: |")
        for r in micro:
            if r.get("error_message"):
                out.append(f"| {r['name']} | failed: {r['error_message']} | |")
                continue
            parts = []
            if r.get("bytes_per_second"):
                # BM_CompileLarge counts code-section bytes; the component list calls, list bytes.
                what = "code section" if "Compile" in r["name"] else "list bytes"
                parts.append(f"{r['bytes_per_second'] / 1e6:.1f} MB/s of {what}")
            if r.get("items_per_second"):
                parts.append(f"{1e9 / r['items_per_second']:.1f} ns per call")
            tp = ", ".join(parts)
            out.append(f"| {r['name']} | {r['real_time']:.1f} {r['time_unit']} | {tp} |")
        out.append("")
    fp = results.get("footprint", {})
    if fp:
        out.append("Footprint:")
        out.append("")
        for key, label in (("sable_binary", "`sable` binary"), ("libsable_a", "`libsable.a`")):
            if key in fp:
                out.append(f"- {label}: {fp[key]['stripped'] / 1024:.0f} KiB stripped "
                           f"({fp[key]['unstripped'] / 1024:.0f} KiB as built)")
        if "hello" in fp:
            h = fp["hello"]
            out.append(f"- `sable run {h['module']}`: peak RSS {h['peak_rss_kb'] / 1024:.1f} MiB, "
                       f"wall {h['wall_s'] * 1000:.1f} ms (median of {a.runs}; RSS from `/usr/bin/time -v`)")
        out.append("")
    return "\n".join(out)


def simd_markdown(results):
    """The SIMD table: the -msimd128 builds on every engine, next to Sable on the scalar build,
    and whether the goal of issue 17 is met (SIMD no slower than scalar under Sable, and at most
    0.8x Liftoff's time, geometric mean)."""
    rows = results.get("simd_programs", [])
    if not rows:
        return []
    out = ["SIMD builds (`clang-14 --target=wasm32-wasi -O2 -msimd128`, auto-vectorised; native: "
           "`gcc -O2 -march=native -ffp-contract=off`), same checksums as the scalar builds. "
           "Sable scalar is `sable run` on the scalar build, interleaved with the SIMD runs; "
           + ", ".join(f"{k}" for k in SIMD_KERNELS) + " (intrinsics) uses `wasm_simd128.h` in its "
           "SIMD build and plain C in the others:", "",
           "| program | native -march=native | Sable scalar | Sable SIMD | Liftoff SIMD | TurboFan SIMD "
           "| SIMD/scalar (Sable) | Sable SIMD/native | Sable SIMD/Liftoff | Sable SIMD/TurboFan |",
           "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    ratios = {k: [] for k in ("ss", "sn", "sl", "st")}
    for row in rows:
        name = row["program"] + (" (intrinsics)" if row["program"] in SIMD_KERNELS else "")
        if not row["ok"]:
            out.append(f"| {name} | failed: {row['error']} ||||||||| ")
            continue
        m = row["median"]
        base = m["sable_scalar"]
        r = {"ss": m["sable"] / base if base else None, "sn": m["sable"] / m["native"],
             "sl": m["sable"] / m["liftoff"], "st": m["sable"] / m["turbofan"]}
        for k, v in r.items():
            if v is not None:
                ratios[k].append(v)
        out.append(f"| {name} | {fmt(m['native'])} | {fmt(base)} | {fmt(m['sable'])} | {fmt(m['liftoff'])} "
                   f"| {fmt(m['turbofan'])} | {fmt(r['ss'], 2)} | {fmt(r['sn'], 2)} | {fmt(r['sl'], 2)} "
                   f"| {fmt(r['st'], 2)} |")
    g = {k: geomean(v) for k, v in ratios.items()}
    results["simd_geomean"] = g
    out.append(f"| **geometric mean** | | | | | | **{fmt(g['ss'], 2)}** | **{fmt(g['sn'], 2)}** "
               f"| **{fmt(g['sl'], 2)}** | **{fmt(g['st'], 2)}** |")
    slower = [r["program"] for r in rows if r["ok"] and r["median"]["sable"] > r["median"]["sable_scalar"]]
    ok = all(r["ok"] for r in rows)
    met_scalar = ok and g["ss"] <= 1.0 and not slower
    met_liftoff = ok and g["sl"] <= 0.8
    out.append("")
    out.append(f"Goal (issue 17): SIMD builds at least as fast as their scalar builds under Sable: "
               f"{'met' if met_scalar else 'not met'} (geometric mean {fmt(g['ss'], 2)}x"
               + (f"; slower on {', '.join(slower)}" if slower else "") + "); "
               f"Sable SIMD <= 0.8x Liftoff's time (geometric mean): "
               f"{'met' if met_liftoff else 'not met'} ({fmt(g['sl'], 2)}x).")
    out.append("")
    return out


def chart(a, results, png):
    rows = [r for r in results.get("programs", []) if r["ok"]]
    gnuplot = shutil.which("gnuplot")
    if not rows or not gnuplot:
        print("bench: no chart (gnuplot missing: scripts/deps.sh installs gnuplot-nox)", file=sys.stderr)
        return False
    with tempfile.TemporaryDirectory() as tmp:
        dat = os.path.join(tmp, "ratios.dat")
        with open(dat, "w") as f:
            f.write("program Sable Liftoff TurboFan\n")
            for r in rows:
                m = r["median"]
                f.write(f"{r['program']} {m['sable'] / m['native']:.4f} {m['liftoff'] / m['native']:.4f} "
                        f"{m['turbofan'] / m['native']:.4f}\n")
            g = results["geomean"]
            f.write(f"geomean {g['sn']:.4f} {g['ln']:.4f} {g['tn']:.4f}\n")
        script = f"""
set terminal pngcairo noenhanced size 1200,560 font ',10'
set output '{png}'
set title 'Run time relative to native (gcc -O2), median of {a.runs} runs; lower is better'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set ylabel 'time / native time'
set yrange [0:*]
set grid ytics
set xtics rotate by -30
set key top left
set arrow from graph 0, first 1 to graph 1, first 1 nohead dt 2 lc rgb '#555555'
plot '{dat}' using 2:xtic(1) title col lc rgb '#1f77b4', '' using 3 title col lc rgb '#ff7f0e', \\
     '' using 4 title col lc rgb '#2ca02c'
"""
        p = subprocess.run([gnuplot], input=script, text=True, stderr=subprocess.PIPE)
        if p.returncode != 0:
            print("bench: gnuplot failed: " + p.stderr, file=sys.stderr)
            return False
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build", "bench"))
    ap.add_argument("--runs", type=int, default=5, help="runs per program and engine (median; default 5)")
    ap.add_argument("--only", default=",".join(PROGRAMS + SIMD_KERNELS),
                    help="comma-separated programs (the SIMD kernels count only with --simd)")
    ap.add_argument("--compile-repeat", type=int, default=20, help="compiles per module (default 20)")
    ap.add_argument("--no-run", action="store_true", help="skip the run-time measurements")
    ap.add_argument("--no-interrupt", action="store_true",
                    help="skip the cost of epoch and fuel checks")
    ap.add_argument("--no-compile", action="store_true", help="skip the compile-speed measurements")
    ap.add_argument("--no-micro", action="store_true", help="skip the Google Benchmark microbenchmarks")
    ap.add_argument("--no-footprint", action="store_true", help="skip the footprint measurements")
    ap.add_argument("--simd", action="store_true",
                    help="also run the -msimd128 builds (NAME-simd.wasm, native NAME-simd)")
    ap.add_argument("--note", default="", help="a note for the results (e.g. whether the machine was quiet)")
    ap.add_argument("--node", default=shutil.which("node") or "node")
    a = ap.parse_args()
    a.build_dir = os.path.abspath(a.build_dir)
    a.bench_dir = os.path.join(a.build_dir, "bench")
    a.sable = os.path.join(a.build_dir, "tools", "sable", "sable")
    names = [n for n in a.only.split(",") if n]
    a.only = [n for n in names if n not in SIMD_KERNELS]
    a.kernels = [n for n in names if n in SIMD_KERNELS and a.simd]
    missing = [p for p in [a.sable] + [os.path.join(a.bench_dir, "wasm", n + ".wasm") for n in a.only + a.kernels]
               + [os.path.join(a.bench_dir, "native", n) for n in a.only + a.kernels]
               + [os.path.join(a.bench_dir, d, n + "-simd" + x) for n in a.only + a.kernels
                  for d, x in (("wasm", ".wasm"), ("native", "")) if a.simd]
               if not os.path.exists(p)]
    if missing:
        sys.exit("bench: missing " + ", ".join(missing) + "\n(build sable-cli and bench-programs: bench/run.sh)")
    node_version = subprocess.run([a.node, "--version"], stdout=subprocess.PIPE, text=True).stdout.strip()
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    results = {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
               "machine": f"{cpu}, {os.cpu_count()} cores, node {node_version}",
               "note": a.note or "no note on machine load"}
    if not a.no_run:
        run_programs(a, results)
        if a.simd:
            run_simd_programs(a, results)
    if not a.no_interrupt:
        run_interrupt_cost(a, results)
    if not a.no_compile:
        run_compile(a, results)
    if not a.no_micro:
        run_micro(a, results)
    if not a.no_footprint:
        run_footprint(a, results)
    md = markdown(a, results)
    png = os.path.join(a.bench_dir, "results.png")
    if chart(a, results, png):
        md += f"\nChart: `{os.path.relpath(png, ROOT)}`.\n"
    with open(os.path.join(a.bench_dir, "results.md"), "w") as f:
        f.write(md)
    with open(os.path.join(a.bench_dir, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
    print(md)
    print(f"bench: wrote {os.path.join(a.bench_dir, 'results.md')}, results.json, results.png",
          file=sys.stderr)
    checked = results.get("programs", []) + results.get("simd_programs", []) + results.get("interrupt_cost", [])
    return 0 if all(r["ok"] for r in checked) else 1


if __name__ == "__main__":
    sys.exit(main())
