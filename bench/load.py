"""Requests per second the API holds on loopback, over a store of the seeds (read in place from
../shared/seeds): a server process (`sidelines serve`) and client threads with keep-alive connections, a
fixed number of requests spread over the read endpoints, first on repeated URLs (as a dashboard asks them),
then on URLs never asked before. Prints the rate, latency percentiles and errors of each.

    python bench/load.py [--requests 6000] [--clients 8]
Target (issue 6): at least 500 requests a second with no errors.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=6000)
    ap.add_argument("--clients", type=int, default=8)
    args = ap.parse_args()
    cli = [sys.executable, "-c", "from sidelines.serve.cli import main; main()"]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "seeds.duckdb"
        subprocess.run(cli + ["extract", str(SEEDS), "--manifest", str(SEEDS / "manifest.jsonl"), "--db", str(db), "-q"],
                       check=True)
        port = free_port()
        server = subprocess.Popen(cli + ["serve", "--db", str(db), "--port", str(port)], stderr=subprocess.DEVNULL,
                                  env={**os.environ, "SIDELINES_TOKEN": ""})
        try:
            for _ in range(200):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.05)
            conn = http.client.HTTPConnection("127.0.0.1", port)
            conn.request("GET", "/events?limit=50")
            ids = [e["id"] for e in json.loads(conn.getresponse().read())["items"]]
            paths = os.environ.get("LOAD_PATHS", "").split(",") if os.environ.get("LOAD_PATHS") else ["/events?party=SYR", "/events?limit=20&offset=5", f"/events/{ids[0]}", f"/events/{ids[-1]}",
                     "/actors", "/actors/abbas-araghchi/timeline", "/network", "/events?type=meeting&since=2021-01-01"]
            latencies: list[float] = []
            errors: list[str] = []
            lock = threading.Lock()
            per_client = args.requests // args.clients

            def client(k: int, distinct: bool):
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                mine, bad = [], []
                for i in range(per_client):
                    path = paths[(k + i) % len(paths)]
                    if distinct:   # a URL no one asked before: the server's answer cache cannot help
                        j = k * per_client + i
                        path += ("&" if "?" in path else "?") + f"limit={1 + j % 400}&offset={j // 400}"
                    t = time.perf_counter()
                    try:
                        c.request("GET", path)
                        r = c.getresponse()
                        r.read()
                        if r.status != 200:
                            bad.append(f"{path}: {r.status}")
                    except Exception as e:   # counted, and the connection renewed
                        bad.append(f"{path}: {type(e).__name__}")
                        c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                    mine.append(time.perf_counter() - t)
                with lock:
                    latencies.extend(mine)
                    errors.extend(bad)

            results = {}
            for label, distinct in (("repeated URLs (answers kept by the server)", False),
                                    ("distinct URLs (every answer computed)", True)):
                latencies.clear()
                errors.clear()
                threads = [threading.Thread(target=client, args=(k, distinct)) for k in range(args.clients)]
                t0 = time.perf_counter()
                for t in threads:
                    t.start()
                for t in threads:
                    t.join()
                results[label] = (time.perf_counter() - t0, list(latencies), list(errors))
        finally:
            server.terminate()
            server.wait(timeout=10)
    failed = False
    for label, (elapsed, lat, errs) in results.items():
        n = len(lat)
        q = statistics.quantiles(lat, n=100)
        print(f"{label}: {n:,} requests from {args.clients} clients in {elapsed:.1f} s: {n / elapsed:,.0f} requests/s; "
              f"latency median {q[49] * 1000:.1f} ms, p95 {q[94] * 1000:.1f} ms, p99 {q[98] * 1000:.1f} ms; "
              f"{len(errs)} errors{': ' + ', '.join(errs[:5]) if errs else ''}")
        failed = failed or bool(errs)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
