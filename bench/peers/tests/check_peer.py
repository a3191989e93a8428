#!/usr/bin/env python3
"""Checks one peer echo server by hand: start it, read its "listening" line, echo over loopback, stop it.

Usage: check_peer.py tcp|udp COMMAND [ARGS...]
COMMAND is run with "127.0.0.1 0" appended. TCP checks: small messages on several connections at
once, byte-exact echo of 8 MiB of varied bytes written without reading (so the server's socket
fills and it must handle partial writes), and a client that resets. UDP checks sizes 1 B to 60 KiB.
The server must then exit within 5 s of SIGTERM. Exits 0 when every check passes.
"""
import os
import select
import signal
import socket
import struct
import subprocess
import sys
import threading
import time

TIMEOUT = 10


def start(command):
    proc = subprocess.Popen(command + ["127.0.0.1", "0"], stdout=subprocess.PIPE, text=True)
    ready, _, _ = select.select([proc.stdout], [], [], 30)
    if not ready:
        proc.kill()
        raise SystemExit("no 'listening' line within 30 s")
    line = proc.stdout.readline().strip()
    host, _, port = line.removeprefix("listening ").rpartition(":")
    if not line.startswith("listening ") or host != "127.0.0.1" or not port.isdigit() or port == "0":
        proc.kill()
        raise SystemExit(f"bad first line: {line!r}")
    return proc, int(port)


def recv_exact(sock, n):
    chunks, got = [], 0
    while got < n:
        chunk = sock.recv(min(65536, n - got))
        if not chunk:
            raise AssertionError(f"EOF after {got} of {n} bytes")
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def check_tcp(port):
    conns = [socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) for _ in range(20)]
    for round_ in range(50):
        for i, c in enumerate(conns):
            c.sendall(f"{i:04d}-{round_:04d}-0123456789abcdef-xyz!\n".encode())
        for i, c in enumerate(conns):
            expected = f"{i:04d}-{round_:04d}-0123456789abcdef-xyz!\n".encode()
            assert recv_exact(c, len(expected)) == expected, "small echo differs"
    for c in conns:
        c.close()
    print("  20 connections x 50 round trips of 32 B: ok")

    payload = os.urandom(1 << 16) * 128  # 8 MiB
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as c:
        c.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
        received = []
        # Write everything first in one thread while another reads late, so the server's writes
        # hit a full socket buffer.
        writer = threading.Thread(target=c.sendall, args=(payload,))
        writer.start()
        time.sleep(0.5)
        received = recv_exact(c, len(payload))
        writer.join(TIMEOUT)
        assert received == payload, "8 MiB echo differs"
    print("  8 MiB written before reading, byte-exact: ok")

    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as c:
        c.sendall(b"x" * 100000)
        c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as c:
        c.sendall(b"still alive")
        assert recv_exact(c, 11) == b"still alive"
    print("  server survives a client reset: ok")


def check_udp(port):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(TIMEOUT)
        for size in (1, 32, 1400, 9000, 60000):
            data = os.urandom(size)
            s.sendto(data, ("127.0.0.1", port))
            reply, addr = s.recvfrom(65536)
            assert reply == data, f"{size} B datagram differs"
            assert addr == ("127.0.0.1", port), f"reply came from {addr}"
    print("  datagrams of 1 B to 60000 B echoed byte-exactly: ok")


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("tcp", "udp"):
        raise SystemExit(__doc__)
    proc, port = start(sys.argv[2:])
    print(f"{' '.join(sys.argv[2:])}: listening on {port}")
    try:
        (check_tcp if sys.argv[1] == "tcp" else check_udp)(port)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            code = proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise SystemExit("did not exit within 5 s of SIGTERM")
    print(f"  exited on SIGTERM with code {code}: ok")


if __name__ == "__main__":
    main()
