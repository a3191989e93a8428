#!/usr/bin/env python3
"""Times program start-up: a command run to its end, or a server started until it prints its ready line.

  startup_times.py --runs N --run NAME=COMMAND ... --ready NAME=COMMAND ... --baseline NAME

Each program runs once untimed (to warm the file cache), then N timed runs, taken in turn with the others
so that load from a neighbour shifts every program alike. A --ready program is timed from its start until a
line matching "waiting for connection" appears on stderr, then stopped with SIGTERM (and waited for, outside
the timing). Prints a Markdown table with medians and each median's ratio to the baseline's.
"""
import argparse
import os
import re
import shlex
import signal
import statistics
import subprocess
import sys
import time

READY = re.compile(rb"waiting for connection")
LIMIT_S = 30


def time_run(argv):
    start = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=LIMIT_S)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{shlex.join(argv)}: exit {done.returncode}: {done.stderr.decode(errors='replace')[:200]}")
    return elapsed


def time_ready(argv):
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        seen = b""
        deadline = start + LIMIT_S
        while time.perf_counter() < deadline:
            line = proc.stderr.readline()
            if not line:
                raise RuntimeError(f"{shlex.join(argv)} ended before it was ready: {seen.decode(errors='replace')[:300]}")
            seen += line
            if READY.search(line):
                return time.perf_counter() - start
        raise RuntimeError(f"{shlex.join(argv)} not ready within {LIMIT_S} s")
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=LIMIT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def parse(pairs, kind):
    out = []
    for pair in pairs or []:
        name, _, command = pair.partition("=")
        if not command:
            sys.exit(f"startup_times: --{kind} wants NAME=COMMAND, got {pair!r}")
        out.append((name, kind, shlex.split(command)))
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--run", action="append")
    parser.add_argument("--ready", action="append")
    parser.add_argument("--baseline", required=True)
    args = parser.parse_args()
    programs = parse(args.run, "run") + parse(args.ready, "ready")
    times = {name: [] for name, _, _ in programs}
    for i in range(args.runs + 1):
        for name, kind, argv in programs:
            elapsed = (time_run if kind == "run" else time_ready)(argv)
            if i > 0:
                times[name].append(elapsed * 1000)
    base = statistics.median(times[args.baseline])
    print(f"| Program | Median ms (min–max) | × {args.baseline} | Runs |")
    print("|---|---|---|---|")
    for name, _, _ in programs:
        t = times[name]
        median = statistics.median(t)
        print(f"| {name} | {median:.1f} ({min(t):.1f}–{max(t):.1f}) | {median / base:.2f}× | {len(t)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
