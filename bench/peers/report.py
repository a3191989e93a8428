#!/usr/bin/env python3
"""Turns bench/run's raw results into the markdown report.

  report.py machine
      Prints JSON describing this machine (nproc, CPU model, kernel, tool versions, date).
  report.py table --results RUNS.jsonl --machine MACHINE.json [--startup STARTUP.json]
                  [--settings TEXT] [--note TEXT ...] [--out FILE ...]
      Prints the markdown report and writes it to each --out file.

RUNS.jsonl holds one line per generator run as written by `benchtool.py record` or `fail`.
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys

HIGHER, LOWER = "higher", "lower"

# The target: the timestamp service at least this fraction of the echo service's ping-pong rate.
TIMESTAMP_SERVER, ECHO_SERVER, TIMESTAMP_TARGET = "nw-timestamp", "nw-handler", 0.9

# The two-core section (issue 8 §1): Netwright's epoll engine with 2 reactors against each peer, and the
# least ratio (2 reactors ÷ peer, round trips/s medians) that meets the target; "above" means strictly more.
TWOCORE_SERVER = "nw-epoll-2r"
TWOCORE_TARGETS = [
    ("nw-epoll-1r", 1.1, "at least"),
    ("nw-sockets", 1.0, "at least"),
    ("kestrel", 1.0, "above"),
    ("epoll-2t", 0.9, "at least"),
]

# Per mode: title, the Netwright server that ratios are taken against, and the metrics shown.
# Each metric: column title, path into the generator's JSON, and which direction is better.
MODES = [
    ("pingpong", "Ping-pong, TCP (and Netwright over a Unix socket)", "nw-handler", [
        ("Round trips/s", ("roundTripsPerSecond",), HIGHER),
        ("p50 µs", ("latencyMicroseconds", "p50"), LOWER),
        ("p99 µs", ("latencyMicroseconds", "p99"), LOWER),
    ]),
    ("stream", "Stream, TCP", "nw-handler", [
        ("MB/s echoed", ("megabytesPerSecond",), HIGHER),
        ("p99 µs", ("latencyMicroseconds", "p99"), LOWER),
    ]),
    ("udp", "UDP ping-pong", "nw-udp", [
        ("Round trips/s", ("roundTripsPerSecond",), HIGHER),
        ("p99 µs", ("latencyMicroseconds", "p99"), LOWER),
        ("Lost", ("udp", "lost"), LOWER),
    ]),
    ("twocore", "Ping-pong on two cores: every server may use both cores and the generator runs on both "
                "too (2 threads), nothing pinned", TWOCORE_SERVER, [
        ("Round trips/s", ("roundTripsPerSecond",), HIGHER),
        ("p50 µs", ("latencyMicroseconds", "p50"), LOWER),
        ("p99 µs", ("latencyMicroseconds", "p99"), LOWER),
    ]),
    ("hold", "Hold idle connections", "nw-handler", [
        ("Alive", ("hold", "alive"), HIGHER),
        ("Server bytes/conn", ("hold", "serverBytesPerConnection"), LOWER),
        ("Connect all, s", ("hold", "connectAllSeconds"), LOWER),
        # Titled from the runs: the generator times the first 10,000 connections, or all when fewer.
        ("First {milestone} open, s", ("hold", "milestoneSeconds"), LOWER),
    ]),
    ("tls-pingpong", "TLS ping-pong", "nw-tls", [
        ("Round trips/s", ("roundTripsPerSecond",), HIGHER),
        ("p50 µs", ("latencyMicroseconds", "p50"), LOWER),
        ("p99 µs", ("latencyMicroseconds", "p99"), LOWER),
    ]),
    ("tls-stream", "TLS stream", "nw-tls", [
        ("MB/s echoed", ("megabytesPerSecond",), HIGHER),
        ("p99 µs", ("latencyMicroseconds", "p99"), LOWER),
    ]),
    ("tls-hold", "TLS hold idle connections", "nw-tls", [
        ("Alive", ("hold", "alive"), HIGHER),
        ("Server bytes/conn", ("hold", "serverBytesPerConnection"), LOWER),
        ("Connect all, s", ("hold", "connectAllSeconds"), LOWER),
    ]),
    ("tls-connect", "TLS connect (open, handshake, one echo, close)", "nw-tls", [
        ("Connections/s", ("roundTripsPerSecond",), HIGHER),
        ("p50 µs", ("latencyMicroseconds", "p50"), LOWER),
        ("p99 µs", ("latencyMicroseconds", "p99"), LOWER),
    ]),
]


def run_text(argv):
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unavailable"


def machine():
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    gcc = run_text(["gcc", "--version"]).splitlines()
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "kernel": platform.release(),
        "dotnet": run_text(["dotnet", "--version"]),
        "python": platform.python_version(),
        "gcc": gcc[0] if gcc else "unavailable",
        "rev": run_text(["git", "rev-parse", "--short", "HEAD"]),
    }


def dig(obj, path):
    for key in path:
        if not isinstance(obj, dict) or key not in obj:
            return None
        obj = obj[key]
    return obj if isinstance(obj, (int, float)) and not isinstance(obj, bool) else None


def fmt(value):
    if value is None:
        return "—"
    if value == int(value) and abs(value) < 1000:
        return str(int(value))
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def summarize(values):
    """Returns (median, cell text) for a list of numbers, or (None, '—')."""
    if not values:
        return None, "—"
    median = statistics.median(values)
    if len(values) == 1 or min(values) == max(values):
        return median, fmt(median)
    return median, f"{fmt(median)} ({fmt(min(values))}–{fmt(max(values))})"


def ratio(reference, value):
    if reference is None or value is None or value == 0:
        return "—"
    return f"{reference / value:.2f}×"


def errors_total(result):
    errors = result.get("errors") or {}
    return sum(v for v in errors.values() if isinstance(v, (int, float)))


def titled(metrics, runs):
    """Fills in column titles that depend on the runs: {milestone} is the hold milestone's connection count."""
    counts = {dig(r["result"], ("hold", "milestoneConnections")) for r in runs if "result" in r} - {None}
    milestone = f"{max(counts):,.0f}" if counts else "10,000"
    return [(name.format(milestone=milestone), path, better) for name, path, better in metrics]


def mode_table(mode, title, reference_id, metrics, runs):
    mode_runs = [r for r in runs if r.get("mode") == mode]
    if not mode_runs:
        return []
    servers = []
    for r in mode_runs:
        if (r["server"], r["label"]) not in servers:
            servers.append((r["server"], r["label"]))

    medians = {}
    cells = {}
    for server, _ in servers:
        results = [r["result"] for r in mode_runs if r["server"] == server and "result" in r]
        for i, (_, path, _) in enumerate(metrics):
            values = [v for v in (dig(res, path) for res in results) if v is not None]
            medians[server, i], cells[server, i] = summarize(values)
        medians[server, "errors"], cells[server, "errors"] = summarize([errors_total(res) for res in results])

    reference_label = next((label for s, label in servers if s == reference_id), None)
    header = ["Server"]
    for name, _, better in metrics:
        header += [f"{name} ({better} is better)", "NW/peer"]
    header += ["Errors", "Runs ok"]
    lines = [f"### {title}", ""]
    if reference_label:
        lines += [f"NW/peer = {reference_label} median ÷ this row's median: above 1 favours Netwright "
                  "where higher is better, below 1 where lower is better.", ""]
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for server, label in servers:
        server_runs = [r for r in mode_runs if r["server"] == server]
        ok = sum(1 for r in server_runs if r.get("status") == "ok")
        row = [label]
        if not any("result" in r for r in server_runs):
            reason = next((r.get("reason", "") for r in server_runs if r.get("reason")), "no result")
            row += [f"failed: {reason[:120]}"] + [""] * (2 * len(metrics) - 1)
        else:
            for i in range(len(metrics)):
                reference = medians.get((reference_id, i))
                row += [cells[server, i], "—" if server == reference_id else ratio(reference, medians[server, i])]
        row += [cells.get((server, "errors"), "—"), f"{ok}/{len(server_runs)}"]
        lines.append("| " + " | ".join(c.replace("|", "/") for c in row) + " |")
    lines.append("")
    return lines


def median_rate(runs, mode, server):
    """The median round trips/s of a server's error-free runs in a mode, or None."""
    values = [v for v in (dig(r["result"], ("roundTripsPerSecond",)) for r in runs
                          if r.get("mode") == mode and r["server"] == server and "result" in r
                          and r.get("status") == "ok") if v is not None]
    return statistics.median(values) if values else None


def label_of(runs, server):
    return next((r["label"] for r in runs if r["server"] == server), server)


def twocore_targets(runs):
    """Netwright with 2 reactors against each two-core target, one verdict line each, or nothing without the section."""
    mode_runs = [r for r in runs if r.get("mode") == "twocore"]
    if not mode_runs:
        return []
    ours = median_rate(mode_runs, "twocore", TWOCORE_SERVER)
    lines = ["**Two-core targets** (round trips/s medians of error-free runs; "
             f"{label_of(mode_runs, TWOCORE_SERVER)} ÷ each peer):", ""]
    for peer, target, kind in TWOCORE_TARGETS:
        theirs = median_rate(mode_runs, "twocore", peer)
        head = f"- vs {label_of(mode_runs, peer)} (target {kind} {target:.2f}×): "
        if ours is None or theirs is None or theirs == 0:
            missing = label_of(mode_runs, TWOCORE_SERVER if ours is None else peer)
            lines.append(head + f"not measured: no error-free run of {missing}.")
            continue
        value = ours / theirs
        met = value > target if kind == "above" else value >= target
        verdict = "meets the target" if met else f"misses the target by {(target - value) / target:.0%}"
        lines.append(head + f"{value:.2f}× ({verdict}): {fmt(ours)} ÷ {fmt(theirs)}.")
    lines.append("")
    return lines


def timestamp_ratio(runs):
    """The timestamp/echo ping-pong ratio against the issue's target, or nothing without a timestamp run."""

    if not any(r.get("mode") == "pingpong" and r["server"] == TIMESTAMP_SERVER for r in runs):
        return []
    timestamp, echo = median_rate(runs, "pingpong", TIMESTAMP_SERVER), median_rate(runs, "pingpong", ECHO_SERVER)
    head = f"**Timestamp/echo ping-pong ratio** (target ≥ {TIMESTAMP_TARGET:.2f}×): "
    if timestamp is None or echo is None or echo == 0:
        missing = "timestamp service" if timestamp is None else "echo service (handler style)"
        return [head + f"not measured: no error-free run of the {missing}.", ""]
    value = timestamp / echo
    verdict = "meets the target" if value >= TIMESTAMP_TARGET else "below the target"
    return [head + f"{value:.2f}× ({verdict}): timestamp service median {fmt(timestamp)} round trips/s "
            f"÷ echo service (handler style) median {fmt(echo)} (error-free runs only).", ""]


def startup_table(startup):
    entries = (startup or {}).get("startup") or []
    if not entries:
        return []
    lines = ["### Start-up", "", "| Program | Median ms (min–max) | Runs |", "|---|---|---|"]
    for e in entries:
        if "error" in e:
            lines.append(f"| `{e['command']}` | failed: {e['error'][:120]} | 0 |")
        else:
            lines.append(f"| `{e['command']}` | {fmt(e['medianMs'])} ({fmt(e['minMs'])}–{fmt(e['maxMs'])}) | {e['runs']} |")
    timed = [e for e in entries if "medianMs" in e]
    if len(timed) == 2:
        lines += ["", f"Start-up ratio {timed[0]['name']}/{timed[1]['name']}: "
                      f"{timed[0]['medianMs'] / timed[1]['medianMs']:.2f}× (medians)."]
    lines.append("")
    return lines


def problems(runs):
    bad = [r for r in runs if r.get("status") != "ok" or r.get("note")]
    if not bad:
        return []
    lines = ["### Runs that failed, reported errors or hit a limit", ""]
    for r in bad:
        what = {"failed": "failed", "errors": "errors"}.get(r.get("status"), "ok")
        detail = "; ".join(x for x in (r.get("reason"), r.get("note")) if x)
        lines.append(f"- {r['label']}, {r['mode']}, round {r['round']}: {what} — {detail}")
    lines.append("")
    return lines


def table(args):
    with open(args.results) as f:
        runs = [json.loads(line) for line in f if line.strip()]
    with open(args.machine) as f:
        m = json.load(f)
    startup = None
    if args.startup and os.path.exists(args.startup):
        with open(args.startup) as f:
            startup = json.load(f)

    lines = [
        f"# Netwright side-by-side benchmark, {m['date']} (rev {m['rev']})",
        "",
        f"Machine: {m['nproc']} CPUs, {m['cpu']}, Linux {m['kernel']}, .NET SDK {m['dotnet']}, "
        f"Python {m['python']}, {m['gcc']}.",
        "",
    ]
    if args.settings:
        lines += [f"Settings: {args.settings}", ""]
    lines += ["Each cell is the median over the rounds, with the min–max in brackets. Runs that produced "
              "no result are left out of the medians and listed at the end.", ""]
    for note in args.note or []:
        lines.append(f"- Note: {note}")
    if args.note:
        lines.append("")
    for mode, title, reference, metrics in MODES:
        lines += mode_table(mode, title, reference, titled(metrics, runs), runs)
        if mode == "pingpong":
            lines += timestamp_ratio(runs)
        if mode == "twocore":
            lines += twocore_targets(runs)
    lines += startup_table(startup)
    lines += problems(runs)
    text = "\n".join(lines).rstrip("\n") + "\n"
    for path in args.out or []:
        with open(path, "w") as f:
            f.write(text)
    print(text, end="")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="action", required=True)
    sub.add_parser("machine")
    p = sub.add_parser("table")
    p.add_argument("--results", required=True)
    p.add_argument("--machine", required=True)
    p.add_argument("--startup")
    p.add_argument("--settings")
    p.add_argument("--note", action="append")
    p.add_argument("--out", action="append")
    args = parser.parse_args(argv)
    if args.action == "machine":
        print(json.dumps(machine()))
        return 0
    return table(args)


if __name__ == "__main__":
    sys.exit(main())
