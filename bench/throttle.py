#!/usr/bin/env python3
"""A TCP proxy that limits each direction to RATE MB/s (10^6 bytes/s), shared by all connections:
a stand-in for a LAN link on loopback. Usage: throttle.py LISTEN_PORT TARGET_PORT RATE_MBPS.
Listens on 127.0.0.1 only; bytes pass through unchanged (TLS stays end to end)."""
import asyncio
import sys
import time

LISTEN, TARGET, RATE = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]) * 1e6


class Link:
    """One direction of the link: bytes leave no faster than RATE (at most ~10 ms of burst)."""

    def __init__(self):
        self.free_at = time.monotonic()

    async def send(self, n):
        now = time.monotonic()
        self.free_at = max(self.free_at, now - 0.01) + n / RATE
        if self.free_at > now:
            await asyncio.sleep(self.free_at - now)


DOWN, UP = Link(), Link()


async def pipe(reader, writer, link):
    try:
        while data := await reader.read(64 * 1024):
            await link.send(len(data))
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()


async def handle(client_r, client_w):
    try:
        server_r, server_w = await asyncio.open_connection("127.0.0.1", TARGET)
    except OSError:
        client_w.close()
        return
    await asyncio.gather(pipe(client_r, server_w, UP), pipe(server_r, client_w, DOWN))


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", LISTEN)
    async with server:
        await server.serve_forever()


asyncio.run(main())
