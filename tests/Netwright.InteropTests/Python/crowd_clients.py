# Test helper for MixedCrowdTests: many tsTclnt.py-style clients in one process, one thread each.
# Usage: crowd_clients.py HOST PORT CLIENTS MESSAGES
# Opens CLIENTS connections and prints "connected N". After a line "go" on stdin, every client sends
# MESSAGES texts, each without a newline as tsTclnt.py does, and waits for the "[ctime] text" reply to each
# before sending the next. Prints "ok N" or "fail ..." lines, then "done", and exits 0 only if all replies
# were right. Every socket operation has a 30 s timeout.
import re
import socket
import sys
import threading

HOST, PORT, CLIENTS, MESSAGES = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
CTIME = r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ 123]\d \d\d:\d\d:\d\d \d{4}"

sockets = [socket.create_connection((HOST, PORT), timeout=30) for _ in range(CLIENTS)]
print("connected %d" % len(sockets), flush=True)
if sys.stdin.readline().strip() != "go":
    sys.exit(2)

failures = []
lock = threading.Lock()


def client(index, sock):
    try:
        for number in range(MESSAGES):
            text = "py%d-%d" % (index, number)
            sock.sendall(text.encode("utf-8"))
            reply = b""
            while not reply.endswith(b"\n"):  # Netwright's service ends each reply with a newline
                chunk = sock.recv(1024)
                if not chunk:
                    raise ConnectionError("closed after %r" % reply)
                reply += chunk
            if not re.fullmatch(r"\[%s\] %s\n" % (CTIME, re.escape(text)), reply.decode("utf-8")):
                raise ValueError("bad reply %r to %r" % (reply, text))
    except Exception as error:  # reported, not raised: the test reads the report
        with lock:
            failures.append("fail %d: %s" % (index, error))
    finally:
        sock.close()


threads = [threading.Thread(target=client, args=(i, s)) for i, s in enumerate(sockets)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
for failure in failures:
    print(failure)
print("ok %d" % (CLIENTS - len(failures)))
print("done", flush=True)
sys.exit(1 if failures else 0)
