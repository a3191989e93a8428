#!/usr/bin/env python3
"""The cost of operating a server on the echo ping-pong rate: `netwright serve echo` plain, with --stats, with
--metrics-prometheus (scraped each second) and with dotnet-counters attached, side by side.

  ops_cost.py --netwright PATH [--dotnet-counters PATH] [--rounds N] [--duration S] [--warmup S] [--connections N]

All four servers start once, pinned to core 0, and stay up with their instruments running (--stats writing a line a
second, a scrape each second, dotnet-counters collecting); each is warmed once. Then, round after round, the generator
(`netwright bench --mode pingpong`, pinned to core 1) drives each server in turn for --duration seconds after a short
--warmup, in an order rotated from round to round, while the others wait idle. Each round gives every variant a cost
against the plain server's rate in the same round (paired: load from a neighbour that comes and goes shifts the whole
round, not one variant), and the report gives the median of those per-round costs with a 95 % confidence interval of
the median (distribution-free, from order statistics) and the interquartile range, and says whether the run decides
the 3 % target: decided when the whole interval lies on one side of it.
"""
import argparse
import json
import math
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

READY = re.compile(r"waiting for connection\.\.\. on (tcp://[0-9.]+:[0-9]+)")
LIMIT_S = 60
TARGET_PERCENT = 3.0
LABELS = {
    "plain": "serve echo",
    "stats": "serve echo --stats",
    "prometheus": "serve echo --metrics-prometheus, scraped each second",
    "dotnet-counters": "serve echo, dotnet-counters collect attached",
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def can_pin():
    return bool(shutil.which("taskset")) and (os.cpu_count() or 1) >= 2


def pinned(argv, core):
    return ["taskset", "-c", str(core)] + argv if can_pin() else argv


class Variant:
    """One `serve echo` with its instrument, up for the whole run. Its stderr goes to a file (--stats writes there
    every second; a pipe would fill up)."""

    def __init__(self, name, args, workdir):
        self.name = name
        self.stop_event = threading.Event()
        self.counters = None
        self.scraper = None
        self.scrape_failures = 0
        extra, port = [], None
        if name == "stats":
            extra = ["--stats"]
        elif name == "prometheus":
            port = free_port()
            extra = ["--metrics-prometheus", f"127.0.0.1:{port}"]
        self.log = tempfile.NamedTemporaryFile(dir=workdir, prefix=f"serve-{name}-", suffix=".log", delete=False)
        argv = pinned([args.netwright, "serve", "echo", "--tcp", "127.0.0.1:0", "-q"] + extra, 0)
        self.proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=self.log)
        self.endpoint = self._wait_ready()
        if name == "prometheus":
            self.scraper = threading.Thread(target=self._scrape_each_second, args=(f"http://127.0.0.1:{port}/metrics",), daemon=True)
            self.scraper.start()
        if name == "dotnet-counters":
            out = os.path.join(workdir, f"counters-{self.proc.pid}.json")
            self.counters = subprocess.Popen(
                pinned([args.dotnet_counters, "collect", "-p", str(self.proc.pid), "--counters", "Netwright",
                        "--refresh-interval", "1", "--format", "json", "-o", out], 1),
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def _wait_ready(self):
        deadline = time.monotonic() + LIMIT_S
        while time.monotonic() < deadline:
            with open(self.log.name, encoding="utf-8", errors="replace") as f:
                match = READY.search(f.read())
            if match:
                return match.group(1)
            if self.proc.poll() is not None:
                raise RuntimeError(f"serve ({self.name}) exited with {self.proc.returncode}: {open(self.log.name).read()[:400]}")
            time.sleep(0.05)
        raise RuntimeError(f"serve ({self.name}) was not ready in time")

    def _scrape_each_second(self, url):
        while not self.stop_event.wait(1.0):
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    response.read()
            except OSError as error:
                self.scrape_failures += 1
                print(f"ops-cost: scrape failed: {error}", file=sys.stderr)

    def check_alive(self):
        if self.proc.poll() is not None:
            raise RuntimeError(f"serve ({self.name}) ended with {self.proc.returncode}: {open(self.log.name).read()[-400:]}")
        if self.counters is not None and self.counters.poll() is not None:
            raise RuntimeError(f"dotnet-counters ended with {self.counters.returncode} while attached")

    def stop(self):
        self.stop_event.set()
        for proc, sig in ((self.counters, signal.SIGINT), (self.proc, signal.SIGTERM)):
            if proc is None:
                continue
            if proc.poll() is None:
                proc.send_signal(sig)
            try:
                proc.wait(timeout=LIMIT_S)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        os.unlink(self.log.name)


def drive(args, variant, duration, warmup):
    """One burst of ping-pong against a variant; returns round trips per second."""
    bench = subprocess.run(
        pinned([args.netwright, "bench", variant.endpoint, "--mode", "pingpong", "--connections", str(args.connections),
                "--size", "32", "--duration", str(duration), "--warmup", str(warmup), "--json"], 1),
        capture_output=True, text=True, timeout=LIMIT_S + duration + warmup)
    if bench.returncode != 0:
        raise RuntimeError(f"bench against {variant.name} failed ({bench.returncode}): {bench.stderr[:400]}")
    variant.check_alive()
    return json.loads(bench.stdout)["roundTripsPerSecond"]


def median_interval(values, confidence=0.95):
    """A distribution-free confidence interval of the median: the order statistics whose ranks a binomial(n, 1/2)
    brackets with the given confidence. None when there are too few values for it (fewer than 6 at 95 %)."""
    n = len(values)
    ordered = sorted(values)
    alpha = (1 - confidence) / 2
    k, cumulative = -1, 0.0
    # The largest k with P(Binomial(n, 1/2) <= k) <= alpha; the interval is then [x(k+1), x(n-k)] (1-based).
    for i in range(n + 1):
        cumulative += math.comb(n, i) / 2 ** n
        if cumulative > alpha:
            break
        k = i
    if k < 0:
        return None
    return ordered[k], ordered[n - k - 1]


def quartiles(values):
    if len(values) < 2:
        return values[0], values[0]
    q = statistics.quantiles(values, n=4, method="inclusive")
    return q[0], q[2]


def verdict(interval):
    if interval is None:
        return "too few rounds to decide"
    low, high = interval
    if high < TARGET_PERCENT:
        return f"under {TARGET_PERCENT:g} %"
    if low > TARGET_PERCENT:
        return f"over {TARGET_PERCENT:g} %"
    return f"undecided: the interval spans {TARGET_PERCENT:g} %"


def load_average():
    with open("/proc/loadavg", encoding="ascii") as f:
        return " ".join(f.read().split()[:3])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--netwright", required=True)
    parser.add_argument("--dotnet-counters")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--duration", type=float, default=2)
    parser.add_argument("--warmup", type=float, default=0.5)
    parser.add_argument("--first-warmup", type=float, default=3, help="seconds of load on each server before the first round")
    parser.add_argument("--connections", type=int, default=50)
    args = parser.parse_args()
    if can_pin():
        # The scrapes and this script's own work stay off the servers' core.
        os.sched_setaffinity(0, {1})
    load_at_start = load_average()
    names = ["plain", "stats", "prometheus"] + (["dotnet-counters"] if args.dotnet_counters else [])
    rates = {n: [] for n in names}
    with tempfile.TemporaryDirectory(prefix="netwright-ops-cost-") as workdir:
        variants = []
        try:
            for name in names:
                variants.append(Variant(name, args, workdir))
            for variant in variants:
                drive(args, variant, args.first_warmup, 0)
            for round_index in range(args.rounds):
                shift = round_index % len(variants)
                for variant in variants[shift:] + variants[:shift]:
                    rate = drive(args, variant, args.duration, args.warmup)
                    rates[variant.name].append(rate)
                    print(f"ops-cost: round {round_index + 1}/{args.rounds} {variant.name}: {rate:,.0f} round trips/s", file=sys.stderr)
        finally:
            for variant in variants:
                variant.stop()
    plain = rates["plain"]
    print(f"| Server | Median round trips/s (min–max) | Cost vs plain: median of per-round costs | 95 % CI of that median | IQR | Target {TARGET_PERCENT:g} % | Rounds |")
    print("|---|---|---|---|---|---|---|")
    for name in names:
        r = rates[name]
        cells = f"{statistics.median(r):,.0f} ({min(r):,.0f}–{max(r):,.0f})"
        if name == "plain":
            print(f"| {LABELS[name]} | {cells} | — | — | — | — | {len(r)} |")
            continue
        costs = [(1 - v / p) * 100 for v, p in zip(r, plain)]
        interval = median_interval(costs)
        low_q, high_q = quartiles(costs)
        ci = "—" if interval is None else f"{interval[0]:+.1f} to {interval[1]:+.1f} %"
        print(f"| {LABELS[name]} | {cells} | {statistics.median(costs):+.1f} % | {ci} | {low_q:+.1f} to {high_q:+.1f} % | {verdict(interval)} | {len(r)} |")
    print()
    print("Cost: positive means slower than plain in the same round. Noise floor: the spread of plain's own rate "
          f"across rounds was {(max(plain) / min(plain) - 1) * 100:.0f} % (max/min). Load average (1, 5, 15 min) when the "
          f"measurement started: {load_at_start}; when it ended: {load_average()}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
