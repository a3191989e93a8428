#!/usr/bin/env python
# Information Example
# netwright: from seed 002 (/work/shared/seeds/002_87e8a707977170f6.txt), original name connect.py
# netwright: (information client). Usage: seed002_connect.py [host] [port]
# netwright: the seed's listing is Python 2 with line numbers and broken indentation: numbers and stray
# netwright: indentation removed, each `print "..."` statement written as print("...") (same output).

import socket
import sys  # netwright: host and port come from the command line

sys.stdout.reconfigure(line_buffering=True)  # netwright: flush each line so a test reading stdout sees it at once

print("Creating socket... ")  # netwright: Python 3 print
s = socket.socket( socket.AF_INET, socket.SOCK_STREAM )
print("Done!")  # netwright: Python 3 print

print("Looking up port number... ")  # netwright: Python 3 print
port = int(sys.argv[2]) if len(sys.argv) > 2 else socket.getservbyname( "http", "tcp" )  # netwright: port from argv
print("Done!")  # netwright: Python 3 print

print("Connecting to remote host on port %d..." % port)  # netwright: Python 3 print
s.connect(( sys.argv[1] if len(sys.argv) > 1 else "www.google.com", port ))  # netwright: host from argv
print("Done!")  # netwright: Python 3 print

print("Connected from ", s.getsockname())  # netwright: Python 3 print
print("Connected to ", s.getpeername())  # netwright: Python 3 print
