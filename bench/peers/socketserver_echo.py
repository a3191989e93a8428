#!/usr/bin/env python3
"""The echo server from the Python socketserver tutorial: one thread per connection.

Usage: socketserver_echo.py HOST PORT   (port 0 picks a free port)
Prints "listening HOST:PORT" once bound; exits on SIGINT or SIGTERM.
The server keeps socketserver's defaults (listen backlog of 5, no TCP_NODELAY) on purpose:
they are what a user of the standard library gets.
"""
import signal
import socketserver
import sys


class EchoHandler(socketserver.BaseRequestHandler):
    def handle(self):
        sock = self.request
        while True:
            try:
                data = sock.recv(65536)
            except ConnectionError:
                return
            if not data:
                return
            try:
                sock.sendall(data)
            except ConnectionError:
                return


class EchoServer(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A client vanishing mid-request is normal under load; anything else still goes to stderr.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: socketserver_echo.py HOST PORT")
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
