#!/usr/bin/env python3
"""Cross-node delivery latency of the Netwright chat cluster (bench/chat-cluster/run drives it).

One sender and one receiver in one channel, both IRC clients; the sender sends PRIVMSGs paced at
--rate messages per second, each carrying its send time (CLOCK_MONOTONIC, shared by the processes),
and the receiver, a separate process, records the delay of each. Run once with the receiver on the
other node (cross-node, through Redis) and once on the sender's node (same node, the peer in the
same run). Loopback only.
"""
import argparse, json, multiprocessing, socket, sys, time


def connect(port, nick, channel):
    s = socket.create_connection(("127.0.0.1", port))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    s.sendall(f"NICK {nick}\r\nUSER {nick} 0 * :{nick}\r\nJOIN {channel}\r\n".encode())
    buf = b""
    while f" 366 {nick} {channel} ".encode() not in buf:
        chunk = s.recv(65536)
        if not chunk:
            raise SystemExit(f"{nick}: server closed during registration")
        buf += chunk
    return s, buf[buf.rindex(b"\n") + 1:]


def receive(port, channel, count, ready, result, timeout):
    s, rest = connect(port, "rx" + channel[1:], channel)
    ready.set()
    delays, buf, got = [], rest, 0
    s.settimeout(timeout)
    marker = f" PRIVMSG {channel} :".encode()
    try:
        while got < count:
            chunk = s.recv(262144)
            now = time.monotonic_ns()
            if not chunk:
                break
            buf += chunk
            *lines, buf = buf.split(b"\r\n")
            for line in lines:
                i = line.find(marker)
                if i < 0 or b"PING" in line[:10]:
                    if line.startswith(b"PING"):
                        s.sendall(b"PONG" + line[4:] + b"\r\n")
                    continue
                fields = line[i + len(marker):].split(b" ")
                delays.append(now - int(fields[1]))
                got += 1
    except socket.timeout:
        pass
    result.put(delays)


def send(port, channel, count, rate, start_event):
    s, _ = connect(port, "tx" + channel[1:], channel)
    start_event.wait()
    t0 = time.monotonic_ns()
    sent = 0
    pad = "x" * 40
    while sent < count:
        due = min(count, int((time.monotonic_ns() - t0) * rate / 1e9) + 1)
        if due > sent:
            now = time.monotonic_ns()
            batch = "".join(f"PRIVMSG {channel} :{n} {now} {pad}\r\n" for n in range(sent, due))
            s.sendall(batch.encode())
            sent = due
        else:
            time.sleep(0.0002)
    elapsed = (time.monotonic_ns() - t0) / 1e9
    return elapsed


def run(tx_port, rx_port, channel, count, rate, label):
    ready, result = multiprocessing.Event(), multiprocessing.Queue()
    rx = multiprocessing.Process(target=receive, args=(rx_port, channel, count, ready, result, 10.0))
    rx.start()
    ready.wait(30)
    elapsed = send(tx_port, channel, count, rate, ready)
    delays = sorted(result.get(timeout=60))
    rx.join(10)
    n = len(delays)
    pct = lambda p: delays[min(n - 1, int(p * n))] / 1e6 if n else float("nan")
    return {"label": label, "sent": count, "received": n, "rate": round(count / elapsed),
            "p50_ms": round(pct(0.50), 3), "p90_ms": round(pct(0.90), 3), "p99_ms": round(pct(0.99), 3),
            "max_ms": round(delays[-1] / 1e6, 3) if n else None}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--node-a", type=int, required=True)
    ap.add_argument("--node-b", type=int, required=True)
    ap.add_argument("--rate", type=int, default=10000)
    ap.add_argument("--seconds", type=float, default=5)
    ap.add_argument("--warmup", type=float, default=1, help="seconds of warm-up at the rate, not reported")
    args = ap.parse_args()
    count = int(args.rate * args.seconds)
    warm = run(args.node_a, args.node_b, "#warm", max(1, int(args.rate * args.warmup)), args.rate, "warm-up (not reported)")
    rows = [run(args.node_a, args.node_b, "#cross", count, args.rate, "cross-node (A -> Redis -> B)"),
            run(args.node_a, args.node_a, "#same", count, args.rate, "same node (A -> A)")]
    print(json.dumps({"warmup": warm, "rows": rows}))


if __name__ == "__main__":
    main()
