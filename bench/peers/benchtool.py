#!/usr/bin/env python3
"""Small helpers that bench/run calls between shell steps.

  benchtool.py record --server ID --label TEXT --mode MODE --round N --exit CODE
                      --stdout FILE --stderr FILE [--note TEXT]
      Prints one JSON line describing a generator run (its JSON result, or why there is none),
      and a one-line summary of it on stderr.
  benchtool.py fail --server ID --label TEXT --mode MODE --round N --reason TEXT
      Prints one JSON line for a run that could not happen (the server did not start).
  benchtool.py startup --runs N --name A --command "CMD" --name B --command "CMD"
      Times each command N times (after one untimed run) and prints JSON with the durations.
"""
import argparse
import json
import re
import shlex
import statistics
import subprocess
import sys
import time


def first_line(path, limit=300):
    """Returns the most telling line of a stderr file: the first error-looking line, else the last line."""
    try:
        with open(path, errors="replace") as f:
            lines = [l.strip() for l in f if l.strip()]
    except OSError:
        return ""
    for line in lines:
        if re.search(r"error|fail|unhandled|exception|unrecognized|not found|required", line, re.I):
            return line[:limit]
    return lines[-1][:limit] if lines else ""


def record(args):
    entry = {"server": args.server, "label": args.label, "mode": args.mode, "round": args.round,
             "exit": args.exit}
    result = None
    try:
        with open(args.stdout, errors="replace") as f:
            text = f.read().strip()
        if text:
            result = json.loads(text.splitlines()[-1])
    except (OSError, ValueError):
        result = None
    if isinstance(result, dict) and "mode" in result:
        entry["result"] = result
        entry["status"] = "ok" if result.get("ok") else "errors"
        if not result.get("ok"):
            entry["reason"] = first_line(args.stderr) or f"generator reported errors (exit {args.exit})"
    else:
        entry["status"] = "failed"
        reason = first_line(args.stderr)
        if args.exit == 124 or args.exit == 137:
            reason = f"generator killed after the run's time limit. {reason}".strip()
        entry["reason"] = reason or f"generator exited with {args.exit} and printed no JSON"
    if args.note:
        entry["note"] = args.note
    print(json.dumps(entry))
    print(summary(entry), file=sys.stderr)
    return 0


def summary(entry):
    """Returns a one-line progress report for a recorded run."""
    result = entry.get("result") or {}
    hold = result.get("hold") or {}
    parts = [f"{entry['label']}, {entry['mode']}, round {entry['round']}: {entry['status']}"]
    if hold:
        parts.append(f"{hold.get('alive')} of {hold.get('requested')} alive")
    elif result:
        parts.append(f"{result.get('roundTripsPerSecond', 0):,.0f} round trips/s, "
                     f"{result.get('megabytesPerSecond', 0):.1f} MB/s")
    if entry.get("reason"):
        parts.append(entry["reason"])
    return "; ".join(parts)


def fail(args):
    entry = {"server": args.server, "label": args.label, "mode": args.mode,
             "round": args.round, "status": "failed", "reason": args.reason}
    print(json.dumps(entry))
    print(summary(entry), file=sys.stderr)
    return 0


def startup(args):
    if len(args.name) != len(args.command):
        print("startup: give one --command per --name", file=sys.stderr)
        return 2
    results = []
    for name, command in zip(args.name, args.command):
        argv = shlex.split(command)
        times = []
        error = None
        for i in range(args.runs + 1):
            start = time.perf_counter()
            done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            elapsed = time.perf_counter() - start
            if done.returncode != 0:
                error = f"exit {done.returncode}: {done.stderr.decode(errors='replace').strip()[:200]}"
                break
            if i > 0:  # the first run only warms the file cache
                times.append(elapsed * 1000)
        entry = {"name": name, "command": command}
        if error:
            entry["error"] = error
        else:
            entry.update(runs=len(times), medianMs=statistics.median(times), minMs=min(times),
                         maxMs=max(times))
        results.append(entry)
    print(json.dumps({"startup": results}))
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="action", required=True)

    for name in ("record", "fail"):
        p = sub.add_parser(name)
        p.add_argument("--server", required=True)
        p.add_argument("--label", required=True)
        p.add_argument("--mode", required=True)
        p.add_argument("--round", type=int, required=True)
        if name == "record":
            p.add_argument("--exit", type=int, required=True)
            p.add_argument("--stdout", required=True)
            p.add_argument("--stderr", required=True)
            p.add_argument("--note")
        else:
            p.add_argument("--reason", required=True)

    p = sub.add_parser("startup")
    p.add_argument("--runs", type=int, default=20)
    p.add_argument("--name", action="append", default=[])
    p.add_argument("--command", action="append", default=[])

    args = parser.parse_args(argv)
    return {"record": record, "fail": fail, "startup": startup}[args.action](args)


if __name__ == "__main__":
    sys.exit(main())
