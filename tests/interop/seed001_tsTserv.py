# coding: utf-8
# netwright: from seed 001 (/work/shared/seeds/001_61fbfe93f2c466a8.txt), original name tsTserv.py
# netwright: (TCP timestamp server). Usage: seed001_tsTserv.py [host] [port] [connections] [idle-seconds]

import sys  # netwright: host, port and limits come from the command line
from socket import *
from time import ctime

sys.stdout.reconfigure(line_buffering=True)  # netwright: flush each line so a test reading stdout sees it at once

HOST = sys.argv[1] if len(sys.argv) > 1 else ''		# HOST变量是空白，这是对bind()方法的标识，表示它可以使用任何可用的地址  # netwright: host from argv
PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 21567	# netwright: port from argv (0 = any free port)
CONNECTIONS = int(sys.argv[3]) if len(sys.argv) > 3 else 0  # netwright: stop after this many connections (0 = no limit)
IDLE = float(sys.argv[4]) if len(sys.argv) > 4 else 10  # netwright: stop after this many seconds without a connection
BUFSIZ = 1024	# 缓冲区大小设置为1KB
ADDR = (HOST, PORT)	

tcpSerSock = socket(AF_INET, SOCK_STREAM)	# 分配TCP服务器套接字
tcpSerSock.bind(ADDR)						# 将套接字绑定到服务器地址
print('netwright: listening on %s:%d' % tcpSerSock.getsockname()[:2])  # netwright: tell a test the bound port
tcpSerSock.listen(5)	# 开启TCP监听器的调用，参数是在连接被转接或拒绝之前，传入连接请求的最大数
tcpSerSock.settimeout(IDLE)  # netwright: accept() gives up after IDLE seconds, so the server stops by itself

while True:
    print('waiting for connection...')
    try:  # netwright: an idle timeout ends the server
        tcpCliSock, addr = tcpSerSock.accept()	# 被动等待客户端的连接
    except timeout:  # netwright: see above
        print('netwright: idle for %g s, exiting' % IDLE, file=sys.stderr)  # netwright: see above
        break  # netwright: see above
    print('...connected from:', addr)

    while True:
        data = tcpCliSock.recv(BUFSIZ)		# 等待客户端发送的消息
        if not data:						# 如果消息是空白的，意味着客户端已经退出
            break							# 跳出对话循环
        tcpCliSock.send(bytes('[%s] %s' % (ctime(), data.decode('utf-8')), 'utf-8'))  # netwright: decode, so the reply holds the text, not b'...'

    tcpCliSock.close()						# 关闭当前客户端连接
    CONNECTIONS -= 1  # netwright: count served connections
    if CONNECTIONS == 0:  # netwright: stop after the requested number
        break  # netwright: see above

# tcpSerSock.close()
