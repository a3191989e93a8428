#!/usr/bin/python3
# netwright: from seed 000 (/work/shared/seeds/000_b2d622e6bf6c4675.txt), original name client.py
# netwright: (the greeting client). Usage: seed000_greeting_client.py [host] [port]
# This is client.py file

import socket
import sys  # netwright: host and port come from the command line

sys.stdout.reconfigure(line_buffering=True)  # netwright: flush each line so a test reading stdout sees it at once

# create a socket object
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)

# get local machine name
host = sys.argv[1] if len(sys.argv) > 1 else socket.gethostname()  # netwright: host from argv

port = int(sys.argv[2]) if len(sys.argv) > 2 else 8088  # netwright: port from argv

# connection to hostname on the port.
s.connect((host, port))

# Receive no more than 1024 bytes
msg = s.recv(1024)

s.close()
print (msg.decode('ascii'))
