#!/usr/bin/env python3
"""expect_json.py STATUS CHECK -- PROGRAM ARGS...

Runs PROGRAM ARGS (`sable validate --json ...` or `sable compile --json ...`) and fails unless
it exits with STATUS, prints nothing on stderr, every line of its stdout parses as a JSON object
(json.loads), and the Python expression CHECK is true of `objs`, the list of those objects.
"""
import json
import subprocess
import sys


def main():
    if len(sys.argv) < 5 or sys.argv[3] != "--":
        sys.exit(__doc__)
    status, check, command = int(sys.argv[1]), sys.argv[2], sys.argv[4:]
    p = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    problems = []
    if p.returncode != status:
        problems.append(f"exit status {p.returncode}, expected {status}")
    if p.stderr:
        problems.append("stderr is not empty")
    try:
        objs = [json.loads(line) for line in p.stdout.splitlines()]
        if not all(isinstance(o, dict) for o in objs):
            problems.append("a line is not a JSON object")
        elif not eval(check, {}, {"objs": objs}):
            problems.append(f"check failed: {check}")
    except (ValueError, KeyError, IndexError, TypeError) as e:
        problems.append(f"{type(e).__name__}: {e}")
    if problems:
        print("\n".join(problems) + f"\nstdout:\n{p.stdout}\nstderr:\n{p.stderr}")
        sys.exit(1)


if __name__ == "__main__":
    main()
