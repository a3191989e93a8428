# coding: utf-8
# netwright: from seed 001 (/work/shared/seeds/001_61fbfe93f2c466a8.txt), original name tsTclnt.py
# netwright: (TCP timestamp client). Usage: seed001_tsTclnt.py [host] [port] < lines

import sys  # netwright: host and port come from the command line
from socket import *

sys.stdout.reconfigure(line_buffering=True)  # netwright: flush each line so a test reading stdout sees it at once

HOST = sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1'  # netwright: host from argv
PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 21567  # netwright: port from argv
BUFSIZ = 1024
ADDR = (HOST, PORT)

tcpCliSock = socket(AF_INET, SOCK_STREAM)	# 分配TCP客户端套接字
tcpCliSock.connect(ADDR)					# 主动调用并连接到服务器

while True:
    try:  # netwright: end of input ends the client like an empty line, not with a traceback
        data = input('> ')
    except EOFError:  # netwright: see above
        break  # netwright: see above
    if not data:
        break
    tcpCliSock.send(bytes(data, 'utf-8'))
    data = tcpCliSock.recv(BUFSIZ)
    if not data:
        break
    print(data.decode('utf-8'))

tcpCliSock.close()
