# coding: utf-8
# netwright: from seed 001 (/work/shared/seeds/001_61fbfe93f2c466a8.txt), original name tsUclnt.py
# netwright: (UDP timestamp client). Usage: seed001_tsUclnt.py [host] [port] < lines
# netwright: the seed's "UDP client" listing repeats the server by mistake, so this is the client of the book
# netwright: the seed cites (《Python核心编程》, Core Python Programming, tsUclnt.py). It matches the seed's
# netwright: pseudocode and its run transcript (prompt '> ', one reply per line, empty line quits).

import sys  # netwright: host and port come from the command line
from socket import *

sys.stdout.reconfigure(line_buffering=True)  # netwright: flush each line so a test reading stdout sees it at once

HOST = sys.argv[1] if len(sys.argv) > 1 else 'localhost'  # netwright: host from argv
PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 21567  # netwright: port from argv
BUFSIZ = 1024
ADDR = (HOST, PORT)

udpCliSock = socket(AF_INET, SOCK_DGRAM)

while True:
    try:  # netwright: end of input ends the client like an empty line, not with a traceback
        data = input('> ')
    except EOFError:  # netwright: see above
        break  # netwright: see above
    if not data:
        break
    udpCliSock.sendto(bytes(data, 'utf-8'), ADDR)  # netwright: send bytes, not str
    data, ADDR = udpCliSock.recvfrom(BUFSIZ)
    if not data:
        break
    print(data.decode('utf-8'))  # netwright: print the text, not b'...'

udpCliSock.close()
