# coding: utf-8
# netwright: from seed 001 (/work/shared/seeds/001_61fbfe93f2c466a8.txt), original name tsUserv.py
# netwright: (UDP timestamp server). Usage: seed001_tsUserv.py [host] [port] [datagrams] [idle-seconds]

import sys  # netwright: host, port and limits come from the command line
from socket import *
from time import ctime

sys.stdout.reconfigure(line_buffering=True)  # netwright: flush each line so a test reading stdout sees it at once

HOST = sys.argv[1] if len(sys.argv) > 1 else ''  # netwright: host from argv
PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 21567  # netwright: port from argv (0 = any free port)
DATAGRAMS = int(sys.argv[3]) if len(sys.argv) > 3 else 0  # netwright: stop after this many datagrams (0 = no limit)
IDLE = float(sys.argv[4]) if len(sys.argv) > 4 else 10  # netwright: stop after this many seconds without a datagram
BUFSIZ = 1024
ADDR = (HOST, PORT)

udpSerSock = socket(AF_INET, SOCK_DGRAM)
udpSerSock.bind(ADDR)
print('netwright: listening on %s:%d' % udpSerSock.getsockname()[:2])  # netwright: tell a test the bound port
udpSerSock.settimeout(IDLE)  # netwright: recvfrom() gives up after IDLE seconds, so the server stops by itself

while True:
    print('waiting for message...')
    try:  # netwright: an idle timeout ends the server
        data, addr = udpSerSock.recvfrom(BUFSIZ)
    except timeout:  # netwright: see above
        print('netwright: idle for %g s, exiting' % IDLE, file=sys.stderr)  # netwright: see above
        break  # netwright: see above
    udpSerSock.sendto(bytes('[%s] %s' % (ctime(), data.decode('utf-8')), 'utf-8'), addr)  # netwright: send bytes, not str; decode, so the reply holds the text
    print('...received from and returned to:', addr)
    DATAGRAMS -= 1  # netwright: count served datagrams
    if DATAGRAMS == 0:  # netwright: stop after the requested number
        break  # netwright: see above

# udpSerSock.close()
