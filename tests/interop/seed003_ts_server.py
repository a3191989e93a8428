#!/usr/bin/env python
# _*_ coding:utf-8 _*_
# netwright: from seed 003 (/work/shared/seeds/003_57539a5adde70b27.txt), original name server.py
# netwright: (example 1, timestamp server on 127.0.0.1:8009). Usage: seed003_ts_server.py [host] [port] [connections] [idle-seconds]
import socket
import sys  # netwright: host, port and limits come from the command line
import time

sys.stdout.reconfigure(line_buffering=True)  # netwright: flush each line so a test reading stdout sees it at once

IP_PORT = (sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1', int(sys.argv[2]) if len(sys.argv) > 2 else 8009)  # netwright: host and port from argv
CONNECTIONS = int(sys.argv[3]) if len(sys.argv) > 3 else 0  # netwright: stop after this many connections (0 = no limit)
IDLE = float(sys.argv[4]) if len(sys.argv) > 4 else 10  # netwright: stop after this many seconds without a connection
BUF_SIZE = 1024
  
tcp_server = socket.socket()
tcp_server.bind(IP_PORT)
print("netwright: listening on %s:%d" % tcp_server.getsockname()[:2])  # netwright: tell a test the bound port
tcp_server.listen(5)
tcp_server.settimeout(IDLE)  # netwright: accept() gives up after IDLE seconds, so the server stops by itself
  
while True:
    print("waiting for connection...")
    try:  # netwright: an idle timeout ends the server
        conn,addr = tcp_server.accept()
    except socket.timeout:  # netwright: see above
        print("netwright: idle for %g s, exiting" % IDLE, file=sys.stderr)  # netwright: see above
        break  # netwright: see above
    print("...connected from:",addr)
    while True:
        data = conn.recv(BUF_SIZE)  # netwright: the seed reads from tcp_server, the listening socket (OSError); conn is the connection
        if not data:break
        conn.send(bytes('[%s] %s'%(time.ctime(),data.decode('utf-8')), 'utf-8'))  # netwright: send on conn, not tcp_server; bytes, not str; decode, so the reply holds the text
    CONNECTIONS -= 1  # netwright: count served connections (0 = no limit: it goes negative and never stops)
    if CONNECTIONS == 0:  # netwright: stop after the requested number
        break  # netwright: see above
  
tcp_server.close()
