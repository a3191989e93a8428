# coding: utf-8
# netwright: from seed 001 (/work/shared/seeds/001_61fbfe93f2c466a8.txt), original name tsTclntTW.py
# netwright: (Twisted reactor timestamp client). Needs Twisted: run with /usr/bin/python3 after
# netwright: `apt-get install python3-twisted`. Usage: seed001_tsTclntTW.py [host] [port] < lines

import sys  # netwright: host and port come from the command line
from twisted.internet import protocol, reactor

sys.stdout.reconfigure(line_buffering=True)  # netwright: flush each line so a test reading stdout sees it at once

HOST = sys.argv[1] if len(sys.argv) > 1 else 'localhost'  # netwright: host from argv
PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 21567  # netwright: port from argv

class TSClntProtocol(protocol.Protocol):
    def sendData(self):
        try:  # netwright: end of input ends the client like an empty line, not with a traceback
            data = input('> ')
        except EOFError:  # netwright: see above
            data = ''  # netwright: see above
        if data:
            print('...sending %s...' % data)
            self.transport.write(bytes(data, 'utf-8'))
        else:
            self.transport.loseConnection()

    def connectionMade(self):
        self.sendData()

    def dataReceived(self, data):
        print(data.decode('utf-8'))  # netwright: print the text, not b'...'
        self.sendData()


class TSClntFactory(protocol.ClientFactory):
    protocol = TSClntProtocol
    clientConnectionLost = clientConnectionFailed = lambda self, connector, reason: reactor.stop()

reactor.connectTCP(HOST, PORT, TSClntFactory())
reactor.run()
