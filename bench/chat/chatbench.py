#!/usr/bin/env python3
"""Chat fan-out benchmark: Netwright's chat server against ngIRCd, side by side (bench/chat/run drives it).

Both servers run on loopback with their per-client limits off (Netwright: --flood-rate 0
--max-connections-per-address 0; ngIRCd: MaxPenaltyTime 0, MaxConnectionsIP 0, MaxJoins 0) and are pinned to
core 0; `netwright bench` runs pinned to core 1. Each row runs the same generator command against each server in
turn, round by round, so load from neighbours shifts both alike. Rows:

  fanout-100   100 receivers + 1 sender, 1,000 messages, closed loop (window 64): deliveries/s
  fanout-500   500 receivers + 1 sender, 200 messages: deliveries/s
  paced-100k   100 receivers, paced at 100,000 deliveries/s: delay p50/p99/max
  idle-10k     10,000 registered idle clients (100 per channel), fresh servers: server RSS growth per client

Targets (issue 10, same run): fan-out >= 1.5x ngIRCd's deliveries/s at both sizes; p99 at 100k deliveries/s <=
ngIRCd's; idle clients <= 8 KiB of server memory each.
"""
import argparse, datetime, json, os, resource, shutil, signal, socket, statistics, subprocess, sys, tempfile, time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "bench", "results", "tmp", "chat")


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="smoke run: 1 round, smaller counts (about a minute once built)")
    p.add_argument("--rounds", type=int, help="rounds of the fan-out and paced rows (default 3; --quick 1); medians are reported")
    p.add_argument("--idle", type=int, help="idle clients (default 10000; --quick 2000)")
    p.add_argument("--paced-seconds", type=float, help="length of the paced run (default 5; --quick 2)")
    p.add_argument("--netwright", help="an existing netwright binary instead of building src/Netwright.Cli")
    p.add_argument("--netwright-args", default="", help="extra arguments for `netwright serve chat`, e.g. '--engine epoll'")
    p.add_argument("--no-pin", action="store_true", help="do not pin the servers to core 0 and the generator to core 1")
    p.add_argument("--only", default="", help="comma-separated rows to run (fanout-100,fanout-500,paced-100k,idle-10k)")
    a = p.parse_args()
    a.rounds = a.rounds or (1 if a.quick else 3)
    a.idle = a.idle or (2000 if a.quick else 10000)
    a.paced_seconds = a.paced_seconds or (2 if a.quick else 5)
    return a


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port, proc, log, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}; see {log}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"server did not listen on {port} within {seconds} s; see {log}")


class Server:
    def __init__(self, name, argv, port, log, workdir=None):
        self.name, self.port, self.log, self.workdir = name, port, log, workdir
        self.logfile = open(log, "w")
        self.proc = subprocess.Popen(argv, stdout=self.logfile, stderr=subprocess.STDOUT, start_new_session=True)
        wait_listening(port, self.proc, log)

    @property
    def pid(self):
        return self.proc.pid

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.logfile.close()
        if self.workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)


def pin(core, args):
    return args if args.no_pin or not PIN else ["taskset", "-c", str(core)]


def start_netwright(args, binary, tag):
    port = free_port()
    argv = pin(0, args) + [binary, "serve", "chat", "--tcp", f"127.0.0.1:{port}", "--server-name", "nw.bench",
                           "--flood-rate", "0", "--max-connections-per-address", "0", "--max-connections", "100000"] + args.netwright_args.split()
    return Server("Netwright", argv, port, os.path.join(OUT, f"netwright-{tag}.log"))


def start_ngircd(args, tag):
    port = free_port()
    workdir = tempfile.mkdtemp(prefix="netwright-chatbench-ngircd-")
    conf = os.path.join(workdir, "ngircd.conf")
    # Everything that throttles a client is off (ngircd.conf(5)): penalties (MaxPenaltyTime 0 also disables the
    # per-client command and bytes-per-second throttles, which only add penalty time), the per-IP cap and the join
    # cap; PINGs are spaced far apart so none arrives mid-run.
    with open(conf, "w") as f:
        f.write(f"""[Global]
Name = ngircd.bench
Info = Netwright chat benchmark
Listen = 127.0.0.1
Ports = {port}
MotdPhrase = bench
PidFile = {workdir}/ngircd.pid
[Limits]
MaxConnections = 0
MaxConnectionsIP = 0
MaxJoins = 0
MaxNickLength = 30
MaxPenaltyTime = 0
PingTimeout = 600
PongTimeout = 600
[Options]
PAM = no
Ident = no
DNS = no
""")
    argv = pin(0, args) + ["ngircd", "--nodaemon", "--config", conf]
    return Server("ngIRCd", argv, port, os.path.join(OUT, f"ngircd-{tag}.log"), workdir)


def bench(args, binary, server, extra, label):
    argv = pin(1, args) + [binary, "bench", f"127.0.0.1:{server.port}", "--json", "--timeout", "20"] + extra
    started = time.monotonic()
    # The generator is a new process for every run, too short-lived for tiered compilation to optimise its hot loop
    # (see warm_up): it compiles every method optimised at once, so the same instrument measures both servers at its best.
    env = dict(os.environ, DOTNET_TieredCompilation="0")
    run = subprocess.run(argv, capture_output=True, text=True, timeout=600, env=env)
    with open(os.path.join(OUT, "generator.log"), "a") as log:
        log.write(f"# {label} {server.name}: {' '.join(argv)} (exit {run.returncode}, {time.monotonic() - started:.1f} s)\n{run.stdout}\n{run.stderr}\n")
    try:
        result = json.loads(run.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return {"ok": False, "error": (run.stderr.strip() or f"exit {run.returncode}")[-300:]}
    if not result.get("ok"):
        result["error"] = (run.stderr.strip() or "errors: " + json.dumps(result.get("errors")))[-300:]
    return result


def warm_up(args, binary, servers, paced_rate, paced_receivers):
    """Every row's shape, twice, with a pause after each pass; not reported.

    .NET compiles a method first without optimisation and recompiles it optimised (with profile data, in two steps)
    only after it has been called often enough *and* no new method has been compiled for a while: 100 ms, times 10
    on a process that may use one core, as the pinned server (the runtime's TC_CallCountingDelayMs and
    TC_DelaySingleProcMultiplier). A single short warm-up left the rows measuring a server half in unoptimised code
    (seen with perf: the hot path still "QuickJitted" after a million deliveries); two passes and two pauses reach
    the steady state a server runs in. ngIRCd gets the same passes.
    """
    for _ in range(2):
        for s in servers:
            bench(args, binary, s, ["--mode", "chat-fanout", "-c", "500", "--messages", "200"], "warm-up")
            bench(args, binary, s, ["--mode", "chat-fanout", "-c", "100", "--messages", "1000"], "warm-up")
            bench(args, binary, s, ["--mode", "chat-fanout", "-c", str(paced_receivers), "--messages", str(paced_rate // paced_receivers),
                                    "--rate", str(paced_rate)], "warm-up")
        time.sleep(2)


def build(args):
    if args.netwright:
        return os.path.abspath(args.netwright)
    out = os.path.join(OUT, "build")
    log = os.path.join(OUT, "build.log")
    with open(log, "w") as f:
        if subprocess.run(["dotnet", "build", "-c", "Release", "src/Netwright.Cli", "-o", out, "-v", "quiet", "-nologo"],
                          cwd=ROOT, stdout=f, stderr=subprocess.STDOUT).returncode != 0:
            raise SystemExit(f"build failed; see {log}")
    return os.path.join(out, "Netwright.Cli")


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def main():
    global PIN
    args = parse_args()
    os.makedirs(OUT, exist_ok=True)
    open(os.path.join(OUT, "generator.log"), "w").close()
    if shutil.which("ngircd") is None:
        raise SystemExit("ngircd is not installed (apt-get install ngircd)")
    PIN = shutil.which("taskset") is not None and (os.cpu_count() or 1) >= 2
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    binary = build(args)
    only = set(filter(None, args.only.split(",")))
    want = lambda row: not only or row in only
    fanout = [("fanout-100", 100, 1000), ("fanout-500", 500, 200)]
    paced_rate, paced_receivers = 100_000, 100
    paced_messages = int(paced_rate / paced_receivers * args.paced_seconds)
    rows, notes = {}, []
    load_before = os.getloadavg()

    servers = []
    try:
        if any(want(r) for r in ("fanout-100", "fanout-500", "paced-100k")):
            servers = [start_netwright(args, binary, "fanout"), start_ngircd(args, "fanout")]
            warm_up(args, binary, servers, paced_rate, paced_receivers)
            for round_ in range(args.rounds):
                for name, receivers, messages in fanout:
                    if want(name):
                        for s in servers:
                            r = bench(args, binary, s, ["--mode", "chat-fanout", "-c", str(receivers), "--messages", str(messages)], name)
                            rows.setdefault(name, {}).setdefault(s.name, []).append(r)
                if want("paced-100k"):
                    for s in servers:
                        r = bench(args, binary, s, ["--mode", "chat-fanout", "-c", str(paced_receivers), "--messages", str(paced_messages), "--rate", str(paced_rate)], "paced-100k")
                        rows.setdefault("paced-100k", {}).setdefault(s.name, []).append(r)
            for s in servers:
                s.stop()
            servers = []
        if want("idle-10k"):
            for start in (start_netwright, start_ngircd):
                s = start(args, binary, "idle") if start is start_netwright else start(args, "idle")
                servers = [s]
                time.sleep(1)  # let the fresh server settle before its RSS is read
                r = bench(args, binary, s, ["--mode", "chat-idle", "-c", str(args.idle), "-d", "5" if not args.quick else "2", "--server-pid", str(s.pid)], "idle")
                rows.setdefault("idle-10k", {}).setdefault(s.name, []).append(r)
                s.stop()
                servers = []
    finally:
        for s in servers:
            s.stop()

    report = render(args, rows, paced_rate, paced_messages, load_before, os.getloadavg(), soft, hard)
    rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    path = os.path.join(ROOT, "bench", "results", f"{datetime.date.today()}-{rev}-chat{'-quick' if args.quick else ''}.md")
    with open(path, "w") as f:
        f.write(report)
    print(report)
    print(f"(written to {os.path.relpath(path, ROOT)}; raw output in {os.path.relpath(OUT, ROOT)}/)")


def render(args, rows, paced_rate, paced_messages, load_before, load_after, soft, hard):
    lines = [f"# Chat fan-out: Netwright against ngIRCd ({datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC)", ""]
    lines.append(f"{os.cpu_count()} CPUs; servers {'on core 0, generator on core 1' if PIN and not args.no_pin else 'not pinned'}; "
                 f"{args.rounds} round(s), medians; load average {load_before[0]:.1f} before, {load_after[0]:.1f} after; "
                 f"fd limit {hard}. Netwright: Release build, `serve chat --flood-rate 0 --max-connections-per-address 0 {args.netwright_args}`.".rstrip())
    lines += ["", "| row | Netwright | ngIRCd | ratio | target | met |", "|---|---|---|---|---|---|"]
    failures = []

    def values(row, server, key):
        out = []
        for r in rows.get(row, {}).get(server, []):
            if not r.get("ok"):
                failures.append(f"{row} {server}: {r.get('error')}")
                continue
            out.append(key(r))
        return out

    for name, label in (("fanout-100", "fan-out 100 × 1,000, deliveries/s"), ("fanout-500", "fan-out 500 × 200, deliveries/s")):
        if name not in rows:
            continue
        nw = median(values(name, "Netwright", lambda r: r["chat"]["deliveriesPerSecond"]))
        ng = median(values(name, "ngIRCd", lambda r: r["chat"]["deliveriesPerSecond"]))
        ratio = nw / ng if nw and ng else None
        lines.append(f"| {label} | {fmt(nw)} | {fmt(ng)} | {fmt(ratio, '.2f')}× | ≥ 1.5× | {met(ratio, lambda x: x >= 1.5)} |")
    if "paced-100k" in rows:
        for key, label in (("p50", "p50"), ("p99", "p99"), ("max", "max")):
            nw = median(values("paced-100k", "Netwright", lambda r: r["latencyMicroseconds"][key] / 1000))
            ng = median(values("paced-100k", "ngIRCd", lambda r: r["latencyMicroseconds"][key] / 1000))
            ratio = nw / ng if nw is not None and ng else None
            target = "≤ 1× (Netwright ≤ ngIRCd)" if key == "p99" else ""
            lines.append(f"| paced {paced_rate:,} deliveries/s ({paced_messages:,} msgs × 100), delay {label} ms | {fmt(nw, '.2f')} | {fmt(ng, '.2f')} | {fmt(ratio, '.2f')}× | {target} | {met(ratio, lambda x: x <= 1) if key == 'p99' else ''} |")
        nw = median(values("paced-100k", "Netwright", lambda r: r["chat"]["deliveriesPerSecond"]))
        ng = median(values("paced-100k", "ngIRCd", lambda r: r["chat"]["deliveriesPerSecond"]))
        lines.append(f"| paced, achieved deliveries/s | {fmt(nw)} | {fmt(ng)} | | | |")
    if "idle-10k" in rows:
        nw = median(values("idle-10k", "Netwright", lambda r: r["hold"]["serverBytesPerConnection"]))
        ng = median(values("idle-10k", "ngIRCd", lambda r: r["hold"]["serverBytesPerConnection"]))
        ratio = nw / ng if nw and ng else None
        kib = nw / 1024 if nw is not None else None
        lines.append(f"| {args.idle:,} idle clients, server RSS bytes per client | {fmt(nw)} | {fmt(ng)} | {fmt(ratio, '.2f')}× | Netwright ≤ 8 KiB | {met(kib, lambda x: x <= 8)} |")
    if failures:
        lines += ["", "Failed runs (not in the medians):", ""] + [f"- {f}" for f in failures]
    lines += ["", "Each row's command: `netwright bench 127.0.0.1:PORT --mode chat-fanout -c N --messages M [--rate R]` "
              "or `--mode chat-idle -c N -d 5 --server-pid PID`; raw JSON in bench/results/tmp/chat/generator.log.", ""]
    return "\n".join(lines)


def fmt(value, spec=",.0f"):
    return "–" if value is None else format(value, spec)


def met(value, test):
    return "–" if value is None else ("yes" if test(value) else "NO")


PIN = False
if __name__ == "__main__":
    main()
