#!/usr/bin/env python3
"""The newline flood's fairness, measured: how long a well-behaved client waits for its answer while another
client pipelines 256 KiB of bare newlines (262,144 empty lines) at `netwright serve timestamp`, against the 100 ms of
issue 9 §1. One server per engine x style; each round opens a fresh flooder on the plain or the TLS listener, waits
until an eighth of its answers are back (the flood is being served), then times one request from a client connected
before it. A round whose answer came after the flood's last reply measured nothing and is reported as such."""
import argparse, re, socket, ssl, statistics, subprocess, sys, threading, time

LINES = 256 * 1024
TARGET_MS = 100.0


def start(dll, engine, style):
    args = ["dotnet", dll, "serve", "timestamp", "--engine", engine, "--style", style, "--tcp", "127.0.0.1:0",
            "--tls", "127.0.0.1:0", "--tls-self-signed", "--quiet"]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    for line in proc.stderr:
        m = re.search(r"waiting for connection\.\.\. on (.+)$", line)
        if m:
            eps = dict(e.split("://") for e in m.group(1).strip().split(", "))
            threading.Thread(target=lambda: [None for _ in proc.stderr], daemon=True).start()
            return proc, eps["tcp"], eps["tls"]
        if time.time() > deadline:
            break
    proc.kill()
    sys.exit(f"newline_flood: {' '.join(args)} did not start")


def connect(endpoint, tls):
    host, port = endpoint.rsplit(":", 1)
    sock = socket.create_connection((host, int(port)), timeout=30)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    if tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # our own throw-away certificate on loopback
        sock = context.wrap_socket(sock)
    return sock


def read_line(sock, buffer):
    while b"\n" not in buffer:
        chunk = sock.recv(4096)
        if not chunk:
            raise EOFError("closed")
        buffer += chunk
    line, _, rest = buffer.partition(b"\n")
    return line, rest


def one_round(endpoint, tls):
    fresh = connect(endpoint, tls)
    fresh.sendall(b"warm\n")
    _, rest = read_line(fresh, b"")
    flooder = connect(endpoint, tls)
    state = {"replies": 0, "underway": threading.Event(), "done": threading.Event()}

    def count():
        while state["replies"] < LINES:
            chunk = flooder.recv(65536)
            if not chunk:
                break
            state["replies"] += chunk.count(b"\n")
            if state["replies"] >= LINES // 8:
                state["underway"].set()
        state["done"].set()
        state["underway"].set()

    reader = threading.Thread(target=count, daemon=True)
    reader.start()
    threading.Thread(target=lambda: flooder.sendall(b"\n" * LINES), daemon=True).start()
    state["underway"].wait(60)
    before = state["replies"]
    clock = time.perf_counter()
    fresh.sendall(b"hello\n")
    line, _ = read_line(fresh, rest)
    waited = (time.perf_counter() - clock) * 1000
    meaningful = not state["done"].is_set()
    if not line.endswith(b"] hello"):
        raise ValueError(f"wrong answer {line!r}")
    state["done"].wait(60)
    flooder.close()
    fresh.close()
    if state["replies"] != LINES:
        raise ValueError(f"the flooder got {state['replies']} of {LINES} answers")
    return waited, meaningful, state["replies"] - before


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dll", required=True, help="Netwright.Cli.dll")
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    print(f"| engine | style | listener | fresh client's wait: median | max | ÷ target {TARGET_MS:.0f} ms (max) | rounds measured |")
    print("|---|---|---|---|---|---|---|")
    worst = 0.0
    for engine in ("sockets", "epoll"):
        for style in ("handler", "event"):
            proc, tcp, tls_endpoint = start(args.dll, engine, style)
            try:
                for tls in (False, True):
                    waits = []
                    for _ in range(args.rounds):
                        waited, meaningful, _ = one_round(tls_endpoint if tls else tcp, tls)
                        if meaningful:
                            waits.append(waited)
                    if waits:
                        worst = max(worst, max(waits))
                        print(f"| {engine} | {style} | {'TLS' if tls else 'TCP'} | {statistics.median(waits):.1f} ms | {max(waits):.1f} ms "
                              f"| {max(waits) / TARGET_MS:.2f} | {len(waits)}/{args.rounds} |", flush=True)
                    else:
                        print(f"| {engine} | {style} | {'TLS' if tls else 'TCP'} | — | — | — | 0/{args.rounds} (the flood was answered before the probe) |", flush=True)
            finally:
                proc.kill()
                proc.wait()
    print(f"\nworst wait {worst:.1f} ms against the {TARGET_MS:.0f} ms target: {'met' if worst <= TARGET_MS else 'MISSED'}")


if __name__ == "__main__":
    main()
