#!/usr/bin/env python

# _*_ coding:utf-8 _*_
# netwright: from seed 003 (/work/shared/seeds/003_57539a5adde70b27.txt), original name client.py
# netwright: (example 1, timestamp client for 127.0.0.1:8009). Usage: seed003_ts_client.py [host] [port] < lines
import socket
import sys  # netwright: host and port come from the command line

sys.stdout.reconfigure(line_buffering=True)  # netwright: flush each line so a test reading stdout sees it at once
  
HOST = sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1'  # netwright: host from argv
PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 8009  # netwright: port from argv
BUF_SIZE = 1024
ADDR = (HOST,PORT)
  
client = socket.socket()
client.connect(ADDR)
  
while True:
    try:  # netwright: end of input ends the client like an empty line, not with a traceback
        data = input(">>> ")
    except EOFError:  # netwright: see above
        break  # netwright: see above
    if not data:break
    client.send(bytes(data,encoding='utf-8'))
    recv_data = client.recv(BUF_SIZE)
    if not recv_data:break
    print(recv_data.decode())
      
client.close()
