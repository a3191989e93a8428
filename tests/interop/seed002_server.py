#!/usr/bin/env python
# Base Server
# netwright: from seed 002 (/work/shared/seeds/002_87e8a707977170f6.txt), original name server.py
# netwright: (base server: accepts, reports the peer, closes). Usage: seed002_server.py [host] [port] [connections] [idle-seconds]
# netwright: the seed's listing is Python 2 with line numbers and broken indentation: numbers and stray
# netwright: indentation removed, each `print "..."` statement written as print("...") (same output).

import socket
import sys  # netwright: host, port and limits come from the command line

sys.stdout.reconfigure(line_buffering=True)  # netwright: flush each line so a test reading stdout sees it at once

host = sys.argv[1] if len(sys.argv) > 1 else ''  # netwright: host from argv
port = int(sys.argv[2]) if len(sys.argv) > 2 else 51423  # netwright: port from argv (0 = any free port)
connections = int(sys.argv[3]) if len(sys.argv) > 3 else 0  # netwright: stop after this many connections (0 = no limit)
idle = float(sys.argv[4]) if len(sys.argv) > 4 else 10  # netwright: stop after this many seconds without a connection

s = socket.socket( socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt( socket.SOL_SOCKET, socket.SO_REUSEADDR, 1 )
s.bind((host, port))
print("netwright: listening on %s:%d" % s.getsockname()[:2])  # netwright: tell a test the bound port
print("Waiting for connections... ")  # netwright: Python 3 print
s.listen(1)
s.settimeout(idle)  # netwright: accept() gives up after `idle` seconds, so the server stops by itself

while 1:
    try:  # netwright: an idle timeout ends the server
        clientsock, cliendaddr = s.accept()
    except socket.timeout:  # netwright: see above
        print("netwright: idle for %g s, exiting" % idle, file=sys.stderr)  # netwright: see above
        break  # netwright: see above
    print("Got connection from ", clientsock.getpeername())  # netwright: Python 3 print
    clientsock.close()  # netwright: the seed closes `cliendsock`, a typo (NameError on the first connection)
    connections -= 1  # netwright: count served connections (0 = no limit: it goes negative and never stops)
    if connections == 0:  # netwright: stop after the requested number
        break  # netwright: see above
