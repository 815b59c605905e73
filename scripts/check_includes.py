#!/usr/bin/env python3
"""Checks that every #include "..." in Sable's sources follows the layer graph.

usage: scripts/check_includes.py [--root DIR] [--self-test]

The graph (docs/architecture.md, "Layers"), lowest first:

    core -> abi -> platform -> arch -> jit -> runtime -> component

A layer may include its own headers, those of any layer below it, and the public headers
(`sable/...`). host-wasi, host-wasip2, host-kv, capi and tools/ sit on top and use the public
headers only (plus their own; host-wasip2 also host-wasi's, to share its path resolver). The public headers include only public headers. The build enforces the same graph for the
library (cmake/SableLayers.cmake); this check also covers headers no source of the layer includes
and the folders above the library, and names every offending line at once. Exit status 0 when the
graph holds, 1 with one line per wrong-way include otherwise.
"""
import argparse
import os
import re
import sys
import tempfile

LAYERS = ["core", "abi", "platform", "arch", "jit", "runtime", "component"]
# Folder -> the folders whose headers it may include, besides the public `sable/`.
ALLOWED = {layer: set(LAYERS[:i + 1]) for i, layer in enumerate(LAYERS)}
ALLOWED.update({"host-wasi": {"host-wasi"}, "host-wasip2": {"host-wasip2", "host-wasi"}, "host-kv": {"host-kv"},
                "capi": {"capi"}, "tools": {"tools"}, "include": set()})
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
SOURCE_SUFFIXES = (".h", ".cc", ".c", ".cpp", ".hpp")


def folder_of(root, path):
    return os.path.relpath(path, root).split(os.sep)[0]


def violations(root):
    found = []
    for top in ALLOWED:
        base = os.path.join(root, top)
        for directory, _, files in os.walk(base):
            for name in sorted(files):
                if not name.endswith(SOURCE_SUFFIXES):
                    continue
                path = os.path.join(directory, name)
                with open(path, encoding="utf-8", errors="replace") as f:
                    for number, line in enumerate(f, 1):
                        m = INCLUDE.match(line)
                        if not m:
                            continue
                        target = m.group(1)
                        problem = judge(root, top, directory, target)
                        if problem:
                            found.append(f"{os.path.relpath(path, root)}:{number}: "
                                         f"#include \"{target}\": {problem}")
    return found


def judge(root, top, directory, target):
    if "/" not in target:
        # A header beside the including file (tools/ and the public headers' neighbours).
        if os.path.exists(os.path.join(directory, target)):
            return None
        return "no such header beside this file (name its folder)"
    first = target.split("/")[0]
    if first == "sable":
        return None
    if top == "include":
        return "public headers include only public headers (sable/...)"
    if first in ALLOWED[top]:
        return None
    if first in ALLOWED or first in LAYERS:
        if top in LAYERS and first in LAYERS:
            return f"{top} is below {first} (allowed: {', '.join(sorted(ALLOWED[top]))}, sable)"
        return f"{top} uses public headers only"
    return f"{top} may not include from {first}/"


def self_test():
    cases = {
        "platform/a.h": ('#include "jit/b.h"\n', True),
        "jit/b.h": ('#include "core/c.h"\n#include "sable/result.h"\n', False),
        "core/c.h": ('#include "abi/vm.h"\n', True),
        "tools/sable/m.cc": ('#include "runtime/x.h"\n', True),
        "tools/sable/n.cc": ('#include "n.h"\n', False),
        "tools/sable/n.h": ("", False),
        "include/sable/p.h": ('#include "core/c.h"\n', True),
        "runtime/r.cc": ('#include "jit/b.h"\n#include "platform/a.h"\n', False),
    }
    with tempfile.TemporaryDirectory() as root:
        for rel, (text, _) in cases.items():
            os.makedirs(os.path.dirname(os.path.join(root, rel)), exist_ok=True)
            with open(os.path.join(root, rel), "w") as f:
                f.write(text)
        found = violations(root)
        flagged = {line.split(":")[0] for line in found}
        expected = {rel for rel, (_, bad) in cases.items() if bad}
        if flagged != expected:
            print(f"self-test FAILED: flagged {sorted(flagged)}, expected {sorted(expected)}")
            return 1
    print(f"self-test passed: {len(expected)} wrong-way includes found, none invented")
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ap.add_argument("--self-test", action="store_true", help="check the checker on a made-up tree")
    a = ap.parse_args()
    if a.self_test:
        return self_test()
    found = violations(a.root)
    for line in found:
        print(line)
    if found:
        print(f"check_includes: {len(found)} includes break the layer graph (docs/architecture.md)")
        return 1
    print("check_includes: the layer graph holds")
    return 0


if __name__ == "__main__":
    sys.exit(main())
