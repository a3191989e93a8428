# coding: utf-8
# netwright: from seed 001 (/work/shared/seeds/001_61fbfe93f2c466a8.txt), original name tsTclntSS.py
# netwright: (socketserver timestamp client: a new connection for each line). Usage: seed001_tsTclntSS.py [host] [port] < lines

import sys  # netwright: host and port come from the command line
from socket import *

sys.stdout.reconfigure(line_buffering=True)  # netwright: flush each line so a test reading stdout sees it at once

HOST = sys.argv[1] if len(sys.argv) > 1 else 'localhost'  # netwright: host from argv
PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 21567  # netwright: port from argv
BUFSIZ = 1024
ADDR = (HOST, PORT)

while True:
    tcpCliSock = socket(AF_INET, SOCK_STREAM)
    tcpCliSock.connect(ADDR)
    try:  # netwright: end of input ends the client like an empty line, not with a traceback
        data = input('> ')
    except EOFError:  # netwright: see above
        break  # netwright: see above
    if not data:
        break
    tcpCliSock.send(bytes('%s\r\n' % data, 'utf-8'))
    data = tcpCliSock.recv(BUFSIZ)
    if not data:
        break
    print(data.decode('utf-8').strip())  # netwright: print the text, not b'...'
    tcpCliSock.close()
