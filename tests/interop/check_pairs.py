#!/usr/bin/env python3
"""Runs each seed Python server with its seed Python client on loopback (port 0) and checks what they print.

Usage: python3 check_pairs.py [--python PY] [--twisted-python PY] [--no-twisted] [--only NAME]

Every process and socket operation has a timeout, and a watchdog ends the whole run after 29 s.
Exits 0 when every check passes, 1 when one fails.
"""

import argparse
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
HOST = '127.0.0.1'
STEP = 5.0  # seconds allowed for any single wait
WATCHDOG = 29  # seconds for the whole run
CTIME = r'[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}'  # time.ctime()
LISTENING = 'netwright: listening on '

_live = []  # every process started, so the watchdog and each check's cleanup can end them


class CheckFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def expect_match(pattern, text, what):
    match = re.fullmatch(pattern, text, re.DOTALL)
    check(match is not None, '%s: expected /%s/, got %r' % (what, pattern, text))
    return match


class Proc:
    """A program whose stdout lines are collected by a reader thread, so a check can wait for one."""

    def __init__(self, python, script, *args, stdin=False):
        self.name = script
        self.proc = subprocess.Popen(
            [python, str(HERE / script), *args],
            stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        _live.append(self.proc)
        self.lines = []
        self.stderr = b''
        self._cond = threading.Condition()
        self._out = threading.Thread(target=self._read_stdout, daemon=True)
        self._err = threading.Thread(target=self._read_stderr, daemon=True)
        self._out.start()
        self._err.start()

    def _read_stdout(self):
        for raw in iter(self.proc.stdout.readline, b''):
            with self._cond:
                self.lines.append(raw.decode('utf-8', 'replace').rstrip('\n'))
                self._cond.notify_all()
        with self._cond:
            self.lines.append(None)  # end of output
            self._cond.notify_all()

    def _read_stderr(self):
        self.stderr = self.proc.stderr.read()

    def wait_line(self, pattern):
        """Returns the first stdout line that re.search finds `pattern` in, waiting up to STEP seconds."""
        deadline = time.monotonic() + STEP
        with self._cond:
            while True:
                for line in self.lines:
                    if line is not None and re.search(pattern, line):
                        return line
                check(None not in self.lines,
                      '%s ended without printing /%s/; stdout %r, stderr %r'
                      % (self.name, pattern, self.lines[:-1], self.stderr.decode('utf-8', 'replace')))
                left = deadline - time.monotonic()
                check(left > 0, '%s did not print /%s/ within %g s; stdout so far %r'
                      % (self.name, pattern, STEP, self.lines))
                self._cond.wait(left)

    def write(self, text):
        self.proc.stdin.write(text.encode('utf-8'))
        self.proc.stdin.flush()

    def close_stdin(self):
        self.proc.stdin.close()

    def finish(self):
        """Waits for the program to end by itself; checks exit code 0; returns its stdout lines."""
        try:
            code = self.proc.wait(STEP)
        except subprocess.TimeoutExpired:
            raise CheckFailed('%s did not stop by itself within %g s; stdout %r'
                              % (self.name, STEP, self.lines)) from None
        self._out.join(STEP)
        self._err.join(STEP)
        check(code == 0, '%s exited with %d; stderr %r' % (self.name, code, self.stderr.decode('utf-8', 'replace')))
        return [line for line in self.lines if line is not None]


def server(python, script, count):
    """Starts a server on 127.0.0.1 port 0 that serves `count` connections or datagrams; returns (proc, port)."""
    proc = Proc(python, script, HOST, '0', str(count), str(STEP))
    first = proc.wait_line('.')
    check(first.startswith(LISTENING), '%s: first line should be %r..., got %r' % (script, LISTENING, first))
    return proc, int(first.rsplit(':', 1)[1])


def client(python, script, port, stdin):
    """Runs a client to the end with `stdin` as its input; returns its stdout exactly (no newline translation)."""
    try:
        done = subprocess.run([python, str(HERE / script), HOST, str(port)], input=stdin.encode('utf-8'),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=STEP)
    except subprocess.TimeoutExpired as e:
        raise CheckFailed('%s did not end within %g s; stdout %r' % (script, STEP, e.stdout)) from None
    check(done.returncode == 0, '%s exited with %d; stderr %r' % (script, done.returncode, done.stderr))
    return done.stdout.decode('utf-8')


def raw_exchange(port, payload):
    """Connects, sends `payload` as is (no newline added) and returns the first reply."""
    with socket.create_connection((HOST, port), timeout=STEP) as s:
        s.sendall(payload)
        return s.recv(1024).decode('utf-8')


def connected_ports(lines, prefix):
    """Client ports from server lines like "...connected from: ('127.0.0.1', 5555)"."""
    return [int(m.group(1)) for line in lines
            for m in [re.fullmatch(re.escape(prefix) + r" \('127\.0\.0\.1', (\d+)\)", line)] if m]


# ---- the checks: one per server/client pair, plus two cross checks between the TCP timestamp pairs ----

def greeting(py, tw):
    srv, port = server(py, 'seed000_greeting_server.py', 1)
    out = client(py, 'seed000_greeting_client.py', port, '')
    check(out == 'Thank you for connecting\r\n\n', 'client printed %r' % out)
    lines = srv.finish()
    check(len(connected_ports(lines, 'Got a connection from')) == 1, 'server lines %r' % lines)
    check('Server start at port: %d' % port in lines, 'server lines %r' % lines)


def ts_tcp(py, tw):
    srv, port = server(py, 'seed001_tsTserv.py', 2)
    out = client(py, 'seed001_tsTclnt.py', port, 'hello\nworld\n\nnot sent after the empty line\n')
    expect_match(r'> \[%s\] hello\n> \[%s\] world\n> ' % (CTIME, CTIME), out, 'tsTclnt stdout')
    reply = raw_exchange(port, b'no newline')
    expect_match(r'\[%s\] no newline' % CTIME, reply, 'reply to text without a newline')
    lines = srv.finish()
    check(len(connected_ports(lines, '...connected from:')) == 2, 'server lines %r' % lines)


def ts_udp(py, tw):
    srv, port = server(py, 'seed001_tsUserv.py', 2)
    out = client(py, 'seed001_tsUclnt.py', port, 'hello\nworld\n')
    expect_match(r'> \[%s\] hello\n> \[%s\] world\n> ' % (CTIME, CTIME), out, 'tsUclnt stdout')
    lines = srv.finish()
    ports = connected_ports(lines, '...received from and returned to:')
    check(len(ports) == 2 and ports[0] == ports[1], 'server lines %r' % lines)


def ts_socketserver(py, tw):
    # Two messages make three connections: the client connects before each prompt, the last one before EOF.
    srv, port = server(py, 'seed001_tsTservSS.py', 3)
    out = client(py, 'seed001_tsTclntSS.py', port, 'a\nc\n')
    expect_match(r'> \[%s\] a\n> \[%s\] c\n> ' % (CTIME, CTIME), out, 'tsTclntSS stdout')
    lines = srv.finish()
    ports = connected_ports(lines, '...connected from:')
    check(len(ports) == 3 and len(set(ports)) == 3, 'expected 3 connections from 3 ports, server lines %r' % lines)


def ts_twisted(py, tw):
    srv, port = server(tw, 'seed001_tsTservTW.py', 2)
    out = client(tw, 'seed001_tsTclntTW.py', port, 'a\nb\n')
    expect_match(r'> \.\.\.sending a\.\.\.\n\[%s\] a\n> \.\.\.sending b\.\.\.\n\[%s\] b\n> ' % (CTIME, CTIME),
                 out, 'tsTclntTW stdout')
    reply = raw_exchange(port, b'no newline')
    expect_match(r'\[%s\] no newline' % CTIME, reply, 'reply to text without a newline')
    lines = srv.finish()
    check(lines.count('...connected from: 127.0.0.1') == 2, 'server lines %r' % lines)


def cross_tsTclnt_to_twisted(py, tw):
    srv, port = server(tw, 'seed001_tsTservTW.py', 1)
    out = client(py, 'seed001_tsTclnt.py', port, 'hello\n')
    expect_match(r'> \[%s\] hello\n> ' % CTIME, out, 'tsTclnt stdout')
    srv.finish()


def cross_twisted_to_tsTserv(py, tw):
    srv, port = server(py, 'seed001_tsTserv.py', 1)
    out = client(tw, 'seed001_tsTclntTW.py', port, 'hello\n')
    expect_match(r'> \.\.\.sending hello\.\.\.\n\[%s\] hello\n> ' % CTIME, out, 'tsTclntTW stdout')
    srv.finish()


def info(py, tw):
    srv, port = server(py, 'seed002_server.py', 2)
    out = client(py, 'seed002_connect.py', port, '')
    m = expect_match(r"Creating socket\.\.\. \nDone!\nLooking up port number\.\.\. \nDone!\n"
                     r"Connecting to remote host on port %d\.\.\.\nDone!\n"
                     r"Connected from  \('127\.0\.0\.1', (\d+)\)\nConnected to  \('127\.0\.0\.1', %d\)\n" % (port, port),
                     out, 'connect.py stdout')
    srv.wait_line(r"Got connection from  \('127\.0\.0\.1', %s\)$" % m.group(1))
    check(raw_exchange(port, b'') == '', 'the server should close a connection at once without sending')
    lines = srv.finish()
    check(lines[1] == 'Waiting for connections... ', 'server lines %r' % lines)
    check(len(connected_ports(lines, 'Got connection from ')) == 2, 'server lines %r' % lines)


def ts_seed003(py, tw):
    srv, port = server(py, 'seed003_ts_server.py', 2)
    out = client(py, 'seed003_ts_client.py', port, 'hello python\n')
    expect_match(r'>>> \[%s\] hello python\n>>> ' % CTIME, out, 'seed003 client stdout')
    reply = raw_exchange(port, b'no newline')
    expect_match(r'\[%s\] no newline' % CTIME, reply, 'reply to text without a newline')
    lines = srv.finish()
    check(len(connected_ports(lines, '...connected from:')) == 2, 'server lines %r' % lines)


def threading_seed003(py, tw):
    srv, port = server(py, 'seed003_threading_server.py', 2)
    a = Proc(py, 'seed003_threading_client.py', HOST, str(port), stdin=True)
    clients = [a]
    try:
        a.write('from a\n')
        a.wait_line(r'^>>> %s from a$' % CTIME)  # this server's reply has no brackets
        b = Proc(py, 'seed003_threading_client.py', HOST, str(port), stdin=True)
        clients.append(b)
        b.write('from b\n')  # answered while a is still connected: one thread per connection
        b.wait_line(r'^>>> %s from b$' % CTIME)
        a.write('\nagain a\n')  # the empty line is skipped, not a quit
        a.wait_line(r'%s again a$' % CTIME)
    finally:
        for p in clients:
            p.close_stdin()
    a.finish()
    b.finish()
    lines = srv.finish()
    ports = connected_ports(lines, '...connected from:')
    check(len(set(ports)) == 2, 'expected two client ports, server lines %r' % lines)


SERVERS = ['seed000_greeting_server.py', 'seed001_tsTserv.py', 'seed001_tsUserv.py', 'seed001_tsTservSS.py',
           'seed002_server.py', 'seed003_ts_server.py', 'seed003_threading_server.py']


def idle_stop(py, tw, scripts):
    """Servers without a connection limit stop by themselves, exit code 0, after the idle timeout (here 0.5 s)."""
    procs = [Proc(tw if 'TW' in s else py, s, HOST, '0', '0', '0.5') for s in scripts]
    for p in procs:
        check(p.wait_line('.').startswith(LISTENING), '%s: first line %r' % (p.name, p.lines[0]))
    for p in procs:
        p.finish()
        check(b'netwright: idle for 0.5 s, exiting' in p.stderr, '%s stderr %r' % (p.name, p.stderr))


CHECKS = [
    ('servers stop when idle', lambda py, tw: idle_stop(py, tw, SERVERS), False),
    ('Twisted server stops when idle', lambda py, tw: idle_stop(py, tw, ['seed001_tsTservTW.py']), True),
    ('seed000 greeting server/client', greeting, False),
    ('seed001 tsTserv/tsTclnt', ts_tcp, False),
    ('seed001 tsUserv/tsUclnt', ts_udp, False),
    ('seed001 tsTservSS/tsTclntSS', ts_socketserver, False),
    ('seed001 tsTservTW/tsTclntTW', ts_twisted, True),
    ('cross tsTclnt -> tsTservTW', cross_tsTclnt_to_twisted, True),
    ('cross tsTclntTW -> tsTserv', cross_twisted_to_tsTserv, True),
    ('seed002 server/connect', info, False),
    ('seed003 server/client', ts_seed003, False),
    ('seed003 ThreadingTCPServer/client', threading_seed003, False),
]


def end_all():
    for p in _live:
        if p.poll() is None:
            p.kill()
    for p in _live:
        try:
            p.wait(2)
        except subprocess.TimeoutExpired:
            pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--python', default=sys.executable, help='interpreter for the plain programs (default: this one)')
    parser.add_argument('--twisted-python', default='/usr/bin/python3',
                        help='interpreter with Twisted, for the Twisted programs (default: /usr/bin/python3)')
    parser.add_argument('--no-twisted', action='store_true', help='skip the checks that need Twisted')
    parser.add_argument('--only', help='run only the checks whose name contains this text')
    args = parser.parse_args()

    def watchdog(signum, frame):
        print('FAIL watchdog: the run took over %d s' % WATCHDOG, flush=True)
        end_all()
        os._exit(1)
    signal.signal(signal.SIGALRM, watchdog)
    signal.alarm(WATCHDOG)

    twisted_error = None
    if not args.no_twisted:
        probe = subprocess.run([args.twisted_python, '-c', 'import twisted'], capture_output=True, timeout=STEP)
        if probe.returncode != 0:
            twisted_error = ('%s cannot import twisted (install it: apt-get install -y python3-twisted, '
                             'or pass --no-twisted)' % args.twisted_python)

    failed = 0
    started = time.monotonic()
    for name, run, needs_twisted in CHECKS:
        if args.only and args.only not in name:
            continue
        if needs_twisted and args.no_twisted:
            print('SKIP %s (--no-twisted)' % name, flush=True)
            continue
        t0 = time.monotonic()
        try:
            if needs_twisted and twisted_error:
                raise CheckFailed(twisted_error)
            run(args.python, args.twisted_python)
            print('PASS %s (%.1f s)' % (name, time.monotonic() - t0), flush=True)
        except Exception as e:  # a broken check must fail the run, whatever it raised
            failed += 1
            print('FAIL %s: %s: %s' % (name, type(e).__name__, e), flush=True)
        finally:
            end_all()
    print('%s: %d failed, %.1f s' % ('FAILED' if failed else 'OK', failed, time.monotonic() - started), flush=True)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
