#!/usr/bin/env python3
"""The echo server from the asyncio streams documentation: one coroutine per connection.

Usage: asyncio_echo.py HOST PORT   (port 0 picks a free port)
Prints "listening HOST:PORT" once bound; exits on SIGINT or SIGTERM.
"""
import asyncio
import signal
import sys


async def echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()


async def serve(host: str, port: int) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    server = await asyncio.start_server(echo, host, port)
    bound = server.sockets[0].getsockname()[1]
    print(f"listening {host}:{bound}", flush=True)
    await stop.wait()
    # Not wait_closed(): since Python 3.12 it also waits for every open connection to finish.
    server.close()


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: asyncio_echo.py HOST PORT")
    asyncio.run(serve(sys.argv[1], int(sys.argv[2])))


if __name__ == "__main__":
    main()
