# coding: utf-8
# netwright: from seed 001 (/work/shared/seeds/001_61fbfe93f2c466a8.txt), original name tsTservTW.py
# netwright: (Twisted reactor timestamp server). Needs Twisted: run with /usr/bin/python3 after
# netwright: `apt-get install python3-twisted`. Usage: seed001_tsTservTW.py [host] [port] [connections] [idle-seconds]

import sys  # netwright: host, port and limits come from the command line
from twisted.internet import protocol, reactor
from time import ctime

sys.stdout.reconfigure(line_buffering=True)  # netwright: flush each line so a test reading stdout sees it at once

HOST = sys.argv[1] if len(sys.argv) > 1 else ''  # netwright: host from argv (listenTCP's interface)
PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 21567  # netwright: port from argv (0 = any free port)
CONNECTIONS = int(sys.argv[3]) if len(sys.argv) > 3 else 0  # netwright: stop after this many connections (0 = no limit)
IDLE = float(sys.argv[4]) if len(sys.argv) > 4 else 10  # netwright: stop after this many seconds without a connection
state = {'open': 0, 'served': 0}  # netwright: connections open now and closed so far


def idle():  # netwright: an idle timeout ends the server
    print('netwright: idle for %g s, exiting' % IDLE, file=sys.stderr)  # netwright: see above
    reactor.stop()  # netwright: see above


idleTimer = reactor.callLater(IDLE, idle)  # netwright: see above


class TSServProtocol(protocol.Protocol):
    def connectionMade(self):   # 客户端连接到服务器时就会执行
        clnt = self.clnt = self.transport.getPeer().host
        print('...connected from:', clnt)
        state['open'] += 1  # netwright: no idle timeout while a connection is open
        if idleTimer.active():  # netwright: see above
            idleTimer.cancel()  # netwright: see above

    def dataReceived(self, data):   # 当服务器收到客户端通过网络发送的一些数据时就会调用 dataReceived() 方法
        self.transport.write(bytes('[%s] %s' % (ctime(), data.decode('utf-8')), 'utf-8'))  # netwright: decode, so the reply holds the text, not b'...'

    def connectionLost(self, reason):  # netwright: count served connections and stop after the requested number
        global idleTimer  # netwright: see above
        state['open'] -= 1  # netwright: see above
        state['served'] += 1  # netwright: see above
        if state['served'] == CONNECTIONS:  # netwright: see above
            reactor.stop()  # netwright: see above
        elif state['open'] == 0:  # netwright: restart the idle timeout once no connection is open
            idleTimer = reactor.callLater(IDLE, idle)  # netwright: see above

factory = protocol.Factory()
factory.protocol = TSServProtocol
port = reactor.listenTCP(PORT, factory, interface=HOST)  # netwright: bind before the first print and keep the port
print('netwright: listening on %s:%d' % (port.getHost().host, port.getHost().port))  # netwright: tell a test the bound port
print('waiting for connection...')
reactor.run()
