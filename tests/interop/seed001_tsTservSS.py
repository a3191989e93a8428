# coding: utf-8
# netwright: from seed 001 (/work/shared/seeds/001_61fbfe93f2c466a8.txt), original name tsTservSS.py
# netwright: (socketserver timestamp server, one line per connection).
# netwright: Usage: seed001_tsTservSS.py [host] [port] [connections] [idle-seconds]

import sys  # netwright: host, port and limits come from the command line
from socketserver import (TCPServer as TCP, StreamRequestHandler as SRH)

from time import ctime

sys.stdout.reconfigure(line_buffering=True)  # netwright: flush each line so a test reading stdout sees it at once

HOST = sys.argv[1] if len(sys.argv) > 1 else ''  # netwright: host from argv
PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 21567  # netwright: port from argv (0 = any free port)
CONNECTIONS = int(sys.argv[3]) if len(sys.argv) > 3 else 0  # netwright: stop after this many connections (0 = no limit)
IDLE = float(sys.argv[4]) if len(sys.argv) > 4 else 10  # netwright: stop after this many seconds without a connection
ADDR = (HOST, PORT)


class MyRequestHandler(SRH):
    def handle(self):
        print('...connected from:', self.client_address)
        self.wfile.write(bytes('[%s] %s' % (ctime(), self.rfile.readline().decode('utf-8')), 'utf-8'))  # netwright: wfile takes bytes; decode the line, so the reply holds the text


def idle():  # netwright: an idle timeout ends the server
    print('netwright: idle for %g s, exiting' % IDLE, file=sys.stderr)  # netwright: see above
    sys.exit(0)  # netwright: see above


tcpServ = TCP(ADDR, MyRequestHandler)
print('netwright: listening on %s:%d' % tcpServ.server_address[:2])  # netwright: tell a test the bound port
tcpServ.timeout = IDLE  # netwright: handle_request() waits at most IDLE seconds for a connection
tcpServ.handle_timeout = idle  # netwright: and then calls idle()
print('waiting for connection...')
while True:  # netwright: handle_request() per connection instead of serve_forever(), so the server can stop
    tcpServ.handle_request()  # netwright: see above
    CONNECTIONS -= 1  # netwright: count connections (0 = no limit: it goes negative and never stops)
    if CONNECTIONS == 0:  # netwright: stop after the requested number
        break  # netwright: see above
