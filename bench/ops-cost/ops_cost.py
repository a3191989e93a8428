#!/usr/bin/env python3
"""The cost of operating a server on the echo ping-pong rate: `netwright serve echo` plain, with --stats, with
--metrics-prometheus (scraped each second) and with dotnet-counters attached, side by side.

  ops_cost.py --netwright PATH [--dotnet-counters PATH] [--rounds N] [--duration S] [--warmup S] [--connections N]

Every round starts each variant afresh, in an order rotated from round to round so that load from a neighbour
shifts every variant alike, drives it with `netwright bench --mode pingpong` for --duration seconds after --warmup,
and stops it with SIGTERM. Prints a Markdown table: the median rate of each variant over the rounds, its min-max,
and its cost against the plain server's median (positive: slower). Server and generator are pinned to different
cores when taskset is present and there are at least two.
"""
import argparse
import json
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


def pinned(argv, core):
    if shutil.which("taskset") and os.cpu_count() and os.cpu_count() >= 2:
        return ["taskset", "-c", str(core)] + argv
    return argv


class Server:
    """A `serve echo` with its stderr in a file (--stats writes there every second; a pipe would fill up)."""

    def __init__(self, netwright, extra, workdir):
        self.log = tempfile.NamedTemporaryFile(dir=workdir, prefix="serve-", suffix=".log", delete=False)
        argv = pinned([netwright, "serve", "echo", "--tcp", "127.0.0.1:0", "-q"] + extra, 0)
        self.proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=self.log)
        self.endpoint = self._wait_ready()

    def _wait_ready(self):
        deadline = time.monotonic() + LIMIT_S
        while time.monotonic() < deadline:
            with open(self.log.name, encoding="utf-8", errors="replace") as f:
                match = READY.search(f.read())
            if match:
                return match.group(1)
            if self.proc.poll() is not None:
                raise RuntimeError(f"serve exited with {self.proc.returncode}: {open(self.log.name).read()[:400]}")
            time.sleep(0.05)
        raise RuntimeError("serve was not ready in time")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=LIMIT_S)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.unlink(self.log.name)


def scrape_each_second(url, stop):
    while not stop.wait(1.0):
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                response.read()
        except OSError as error:
            print(f"ops-cost: scrape failed: {error}", file=sys.stderr)


def measure(args, variant, workdir):
    extra, port = [], None
    if variant == "stats":
        extra = ["--stats"]
    elif variant == "prometheus":
        port = free_port()
        extra = ["--metrics-prometheus", f"127.0.0.1:{port}"]
    server = Server(args.netwright, extra, workdir)
    helpers, stop = [], threading.Event()
    try:
        if variant == "prometheus":
            helpers.append(threading.Thread(target=scrape_each_second, args=(f"http://127.0.0.1:{port}/metrics", stop), daemon=True))
            helpers[-1].start()
        counters = None
        if variant == "dotnet-counters":
            out = os.path.join(workdir, f"counters-{server.proc.pid}.json")
            counters = subprocess.Popen(pinned([args.dotnet_counters, "collect", "-p", str(server.proc.pid), "--counters", "Netwright",
                                                "--refresh-interval", "1", "--format", "json", "-o", out], 1),
                                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        bench = subprocess.run(pinned([args.netwright, "bench", server.endpoint, "--mode", "pingpong", "--connections", str(args.connections),
                                       "--size", "32", "--duration", str(args.duration), "--warmup", str(args.warmup), "--json"], 1),
                               capture_output=True, text=True, timeout=LIMIT_S + args.duration + args.warmup)
        if counters is not None:
            counters.send_signal(signal.SIGINT)
            try:
                counters.wait(timeout=LIMIT_S)
            except subprocess.TimeoutExpired:
                counters.kill()
                counters.wait()
        if bench.returncode != 0:
            raise RuntimeError(f"bench failed ({bench.returncode}): {bench.stderr[:400]}")
        return json.loads(bench.stdout)["roundTripsPerSecond"]
    finally:
        stop.set()
        server.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--netwright", required=True)
    parser.add_argument("--dotnet-counters")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=float, default=5)
    parser.add_argument("--warmup", type=float, default=2)
    parser.add_argument("--connections", type=int, default=50)
    args = parser.parse_args()
    variants = ["plain", "stats", "prometheus"] + (["dotnet-counters"] if args.dotnet_counters else [])
    rates = {v: [] for v in variants}
    with tempfile.TemporaryDirectory(prefix="netwright-ops-cost-") as workdir:
        for round_index in range(args.rounds):
            order = variants[round_index % len(variants):] + variants[:round_index % len(variants)]
            for variant in order:
                rate = measure(args, variant, workdir)
                rates[variant].append(rate)
                print(f"ops-cost: round {round_index + 1}/{args.rounds} {variant}: {rate:,.0f} round trips/s", file=sys.stderr)
    base = statistics.median(rates["plain"])
    print("| Server | Median round trips/s (min–max) | Cost vs plain | Rounds |")
    print("|---|---|---|---|")
    for variant in variants:
        r = rates[variant]
        median = statistics.median(r)
        cost = "—" if variant == "plain" else f"{(1 - median / base) * 100:+.1f} %"
        print(f"| {LABELS[variant]} | {median:,.0f} ({min(r):,.0f}–{max(r):,.0f}) | {cost} | {len(r)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
