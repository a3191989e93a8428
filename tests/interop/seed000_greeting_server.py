#!/usr/bin/python3
# netwright: from seed 000 (/work/shared/seeds/000_b2d622e6bf6c4675.txt), original name server.py
# netwright: (the greeting server). Usage: seed000_greeting_server.py [host] [port] [connections] [idle-seconds]
# This is server.py file
import socket
import sys  # netwright: host, port and limits come from the command line

sys.stdout.reconfigure(line_buffering=True)  # netwright: flush each line so a test reading stdout sees it at once

# create a socket object
serversocket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)

# get local machine name
host = sys.argv[1] if len(sys.argv) > 1 else socket.gethostname()  # netwright: host from argv
port = int(sys.argv[2]) if len(sys.argv) > 2 else 8088  # netwright: port from argv (0 = any free port)
connections = int(sys.argv[3]) if len(sys.argv) > 3 else 0  # netwright: stop after this many connections (0 = no limit)
idle = float(sys.argv[4]) if len(sys.argv) > 4 else 10  # netwright: stop after this many seconds without a connection

# bind to the port
serversocket.bind((host, port))
print("netwright: listening on %s:%d" % serversocket.getsockname()[:2])  # netwright: tell a test the bound port
print("Server start at port: %d" % serversocket.getsockname()[1])  # netwright: the bound port, not a fixed 8088

# queue up to 5 requests
serversocket.listen(5)
serversocket.settimeout(idle)  # netwright: accept() gives up after `idle` seconds, so the server stops by itself

while True:
    # establish a connection
    try:  # netwright: an idle timeout ends the server
        clientsocket,addr = serversocket.accept()
    except socket.timeout:  # netwright: see above
        print("netwright: idle for %g s, exiting" % idle, file=sys.stderr)  # netwright: see above
        break  # netwright: see above

    print("Got a connection from %s" % str(addr))

    msg='Thank you for connecting'+ "\r\n"
    clientsocket.send(msg.encode('ascii'))
    clientsocket.close()
    connections -= 1  # netwright: count served connections
    if connections == 0:  # netwright: stop after the requested number
        break  # netwright: see above
