#!/usr/bin/env python3
"""Times program start-up: a command run to its end, or a server started until it prints its ready line.

  startup_times.py --runs N --run NAME=COMMAND ... --ready NAME=COMMAND ... --baseline NAME

Each program runs once untimed (to warm the file cache), then N timed runs, taken in turn with the others
so that load from a neighbour shifts every program alike. A --ready program is timed from its start until a
line matching "waiting for connection" appears on stderr, then stopped with SIGTERM (and waited for, outside
the timing). Prints a Markdown table with medians and each median's ratio to the baseline's.

Beside the wall time it records the CPU time the program used (all its threads, user and system): for a --run
program its whole run (the kernel's resource usage of the child), for a --ready program until the ready line (the sum
of /proc/PID/task/*/schedstat). On a loaded machine the wall time mostly measures waiting for a core; the CPU time
moves much less with the load, so its ratio is the one to compare between runs taken at different loads.
"""
import glob
import tempfile
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
    """Returns (wall seconds, CPU seconds) of one run to its end."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=errors)
        # os.wait4 rather than Popen.wait: it also returns the child's resource usage.
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            errors.seek(0)
            raise RuntimeError(f"{shlex.join(argv)}: exit {proc.returncode}: {errors.read().decode(errors='replace')[:200]}")
    return elapsed, usage.ru_utime + usage.ru_stime


def cpu_so_far(pid):
    """CPU seconds all threads of a running process have used, from the scheduler's nanosecond counters."""
    total = 0
    for path in glob.glob(f"/proc/{pid}/task/*/schedstat"):
        try:
            with open(path, encoding="ascii") as f:
                total += int(f.read().split()[0])
        except (OSError, ValueError, IndexError):
            pass  # a thread that ended meanwhile
    return total / 1e9


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
                return time.perf_counter() - start, cpu_so_far(proc.pid)
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


def load_average():
    with open("/proc/loadavg", encoding="ascii") as f:
        return " ".join(f.read().split()[:3])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--run", action="append")
    parser.add_argument("--ready", action="append")
    parser.add_argument("--baseline", required=True)
    args = parser.parse_args()
    programs = parse(args.run, "run") + parse(args.ready, "ready")
    load_at_start = load_average()
    times = {name: [] for name, _, _ in programs}
    cpu = {name: [] for name, _, _ in programs}
    for i in range(args.runs + 1):
        for name, kind, argv in programs:
            elapsed, used = (time_run if kind == "run" else time_ready)(argv)
            if i > 0:
                times[name].append(elapsed * 1000)
                cpu[name].append(used * 1000)
    base = statistics.median(times[args.baseline])
    cpu_base = statistics.median(cpu[args.baseline])
    print(f"| Program | Median ms (min–max) | × {args.baseline} | CPU ms, median (min–max) | CPU × {args.baseline} | Runs |")
    print("|---|---|---|---|---|---|")
    for name, _, _ in programs:
        t, c = times[name], cpu[name]
        median, cpu_median = statistics.median(t), statistics.median(c)
        print(f"| {name} | {median:.1f} ({min(t):.1f}–{max(t):.1f}) | {median / base:.2f}× "
              f"| {cpu_median:.1f} ({min(c):.1f}–{max(c):.1f}) | {cpu_median / cpu_base:.2f}× | {len(t)} |")
    print()
    print(f"Load average (1, 5, 15 min) when the timing started: {load_at_start}; when it ended: {load_average()}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
