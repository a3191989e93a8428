#!/usr/bin/env python3
"""The UDP echo server from the Python socketserver tutorial: one datagram at a time.

Usage: socketserver_udp_echo.py HOST PORT   (port 0 picks a free port)
Prints "listening HOST:PORT" once bound; exits on SIGINT or SIGTERM.
"""
import signal
import socketserver
import sys


class EchoHandler(socketserver.BaseRequestHandler):
    def handle(self):
        data, sock = self.request
        sock.sendto(data, self.client_address)


class EchoServer(socketserver.UDPServer):
    allow_reuse_address = True
    # socketserver's default of 8192 would truncate larger datagrams.
    max_packet_size = 65536


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: socketserver_udp_echo.py HOST PORT")
    host, port = sys.argv[1], int(sys.argv[2])
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with EchoServer((host, port), EchoHandler) as server:
        print(f"listening {host}:{server.server_address[1]}", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
