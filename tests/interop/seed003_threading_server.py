#!/usr/bin/env python
# _*_ coding:utf-8 _*_
# netwright: from seed 003 (/work/shared/seeds/003_57539a5adde70b27.txt), original name socketserver.py
# netwright: (example with socketserver.ThreadingTCPServer on 127.0.0.1:8009). Renamed: a script named
# netwright: socketserver.py imports itself instead of the standard module.
# netwright: Usage: seed003_threading_server.py [host] [port] [connections] [idle-seconds]
import socketserver
import sys  # netwright: host, port and limits come from the command line
import time

sys.stdout.reconfigure(line_buffering=True)  # netwright: flush each line so a test reading stdout sees it at once
  
HOST = sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1'  # netwright: host from argv
PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 8009  # netwright: port from argv (0 = any free port)
CONNECTIONS = int(sys.argv[3]) if len(sys.argv) > 3 else 0  # netwright: stop after this many connections (0 = no limit)
IDLE = float(sys.argv[4]) if len(sys.argv) > 4 else 10  # netwright: stop after this many seconds without a new connection
ADDR = (HOST,PORT)
BUF_SIZE = 1024
  
class Myserver(socketserver.BaseRequestHandler):
    def handle(self):
        while True:
            print("...connected from:",self.client_address)
            data = self.request.recv(BUF_SIZE)
            if not data:break
            self.request.send(bytes("%s %s"%(time.ctime(),data.decode('utf-8')), 'utf-8'))  # netwright: bytes() needs an encoding; decode, so the reply holds the text


def idle():  # netwright: an idle timeout ends the server (after its open connections end)
    print("netwright: idle for %g s, exiting" % IDLE, file=sys.stderr)  # netwright: see above
    sys.exit(0)  # netwright: see above

  
server = socketserver.ThreadingTCPServer(ADDR,Myserver)
print("netwright: listening on %s:%d" % server.server_address[:2])  # netwright: tell a test the bound port
server.timeout = IDLE  # netwright: handle_request() waits at most IDLE seconds for a new connection
server.handle_timeout = idle  # netwright: and then calls idle()
print("waiting for connection...")
while True:  # netwright: handle_request() per connection instead of serve_forever(), so the server can stop;
    server.handle_request()  # netwright: each connection still gets its own thread, and exit waits for them
    CONNECTIONS -= 1  # netwright: count connections (0 = no limit: it goes negative and never stops)
    if CONNECTIONS == 0:  # netwright: stop after the requested number
        break  # netwright: see above
