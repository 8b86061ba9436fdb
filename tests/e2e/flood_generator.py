"""A bounded forged-callback flood, run as its own process: ``python flood_generator.py JSON``.

JSON: {"port": int, "prefix": str, "ours": [paths...], "rate": float, "seconds": float,
"connections": int}. Only 127.0.0.1 is targeted. Every request is a forged "SUCCESSFUL" callback:
every other one for a random unknown reference, the rest cycling over ``ours`` (our own pending
and failed references). Requests are paced to ``rate`` per second for ``seconds`` at most, over
``connections`` keep-alive sockets (reconnecting when the server closes, as wsgiref does). Prints
{"sent", "elapsed", "statuses"} as JSON.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
import uuid
from collections import Counter
from typing import Any

HOST = "127.0.0.1"
BODY = json.dumps(
    {
        "financialTransactionId": "1234567890",
        "externalId": "forged",
        "amount": "999999",
        "currency": "EUR",
        "payer": {"partyIdType": "MSISDN", "partyId": "46733123459"},
        "status": "SUCCESSFUL",
    }
).encode()


def request(path: str) -> bytes:
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {HOST}\r\nUser-Agent: LWAC Http Client 1.0\r\n"
        f"Content-Type: application/json; charset=utf-8\r\nContent-Length: {len(BODY)}\r\n\r\n"
    )
    return head.encode() + BODY


async def connection(
    spec: dict[str, Any], index: int, deadline: float, start: float, statuses: Counter[int]
) -> int:
    port, prefix, ours = spec["port"], spec["prefix"], spec["ours"]
    interval = spec["connections"] / spec["rate"]
    total = int(spec["rate"] * spec["seconds"] / spec["connections"])
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    sent = 0
    for n in range(total):
        due = start + index * interval / spec["connections"] + n * interval
        now = time.monotonic()
        if now >= deadline:
            break
        if due > now:
            await asyncio.sleep(due - now)
        if writer is None:
            reader, writer = await asyncio.open_connection(HOST, port)
        assert reader is not None
        i = n * spec["connections"] + index
        if i % 2 == 0:
            path = f"{prefix}/collection/request_to_pay/{uuid.uuid4()}"
        else:
            path = ours[(i // 2) % len(ours)]
        writer.write(request(path))
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        statuses[int(lines[0].split()[1])] += 1
        length = 0
        close = lines[0].startswith("HTTP/1.0")
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "connection" and value.strip().lower() == "close":
                close = True
        if length:
            await reader.readexactly(length)
        sent += 1
        if close:
            writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()
    return sent


async def main(spec: dict[str, Any]) -> None:
    statuses: Counter[int] = Counter()
    start = time.monotonic()
    deadline = start + spec["seconds"] + 2.0  # bounded in time even if the server is slow
    counts = await asyncio.gather(
        *(connection(spec, i, deadline, start, statuses) for i in range(spec["connections"]))
    )
    elapsed = time.monotonic() - start
    print(json.dumps({"sent": sum(counts), "elapsed": elapsed, "statuses": dict(statuses)}))


if __name__ == "__main__":
    asyncio.run(main(json.loads(sys.argv[1])))
