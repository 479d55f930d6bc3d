"""Load and fault benchmark for ballot casting: no acknowledged ballot lost, none doubled.

    DATABASE_URL=... (or SQLITE_PATH=...) SECRET_KEY=... \\
        .venv/bin/python -m roundtable.voting.bench_load run --voters 5000 --concurrency 64 [--server gunicorn]

``run`` migrates and seeds a fresh database (a vote with ``--voters`` residents, one API token each),
starts the application server as a child process, starts the load generator as a *separate
process* (threads casting through ``POST /api/v1/votes/{id}/ballots``, retrying with the same
idempotency key on any error or timeout), SIGKILLs the server when half the ballots are
acknowledged, restarts it, and at the end checks: acknowledgements = stored ballots =
participations = the tally's count, every acknowledged receipt stored once.

``--server gunicorn`` needs gunicorn installed (the production server); ``--server stdlib`` is a
threaded stdlib WSGI server used as a stand-in where gunicorn is missing (figures not comparable).
"""

import argparse
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roundtable.settings")
    import django

    django.setup()


def seed(voters: int, out: Path) -> None:
    """A vote with `voters` residents on the roll, each with a user and a bearer token."""
    _django()
    import hashlib

    from roundtable.accounts.models import ApiToken, User
    from roundtable.testing import build_world
    from roundtable.voting.testing import open_vote

    world = build_world()
    vote = open_vote(world, extra_residents=voters - 1)
    entries = list(vote.roll.exclude(person=world.bob.person).select_related("person"))
    users = User.objects.bulk_create(
        [User(username=f"bench{i}", person=e.person, password="!") for i, e in enumerate(entries)]
    )
    tokens = [f"rt_bench_{i}_{os.urandom(8).hex()}" for i in range(len(users))]
    ApiToken.objects.bulk_create(
        [
            ApiToken(user=u, name="bench", token_hash=hashlib.sha256(t.encode()).hexdigest())
            for u, t in zip(users, tokens, strict=True)
        ]
    )
    out.write_text(json.dumps({"vote": str(vote.pk), "tokens": tokens}))


def serve_stdlib(port: int) -> None:
    """Stand-in server: a threaded stdlib WSGI server (not for production)."""
    from socketserver import ThreadingMixIn
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    _django()
    from roundtable.wsgi import application

    class Server(ThreadingMixIn, WSGIServer):
        daemon_threads = True
        request_queue_size = 256

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    make_server("127.0.0.1", port, application, server_class=Server, handler_class=Quiet).serve_forever()


def start_server(kind: str, port: int) -> subprocess.Popen[bytes]:
    if kind == "gunicorn":
        cmd = [
            sys.executable,
            "-m",
            "gunicorn",
            "-w",
            "3",
            "--threads",
            "8",
            "-b",
            f"127.0.0.1:{port}",
            "roundtable.wsgi",
        ]
    else:
        cmd = [sys.executable, "-m", "roundtable.voting.bench_load", "serve", "--port", str(port)]
    process = subprocess.Popen(cmd)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server did not start")


def load(port: int, seed_file: Path, concurrency: int, acks_file: Path) -> None:
    """The load generator (its own process): every voter until acknowledged, same key on retry."""
    data = json.loads(seed_file.read_text())
    vote, tokens = data["vote"], data["tokens"]
    acks: dict[int, str] = {}
    latencies: list[float] = []
    retries = [0]
    lock = threading.Lock()

    def cast(index: int) -> None:
        body = json.dumps({"choices": [1 + index % 6, 1 + (index + 2) % 6], "key": f"bench-key-{index:06d}"})
        headers = {"Authorization": f"Bearer {tokens[index]}", "Content-Type": "application/json"}
        while True:
            started = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                conn.request("POST", f"/api/v1/votes/{vote}/ballots", body, headers)
                response = conn.getresponse()
                payload = response.read()
                conn.close()
                if response.status == 201:
                    with lock:
                        acks[index] = json.loads(payload)["receipt"]
                        latencies.append(time.perf_counter() - started)
                        if len(acks) % 250 == 0:
                            acks_file.with_suffix(".count").write_text(str(len(acks)))
                    return
            except (OSError, http.client.HTTPException):
                pass
            with lock:
                retries[0] += 1
            time.sleep(0.05)

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(cast, range(len(tokens))))
    elapsed = time.perf_counter() - began
    latencies.sort()
    acks_file.write_text(
        json.dumps(
            {
                "acks": acks,
                "seconds": elapsed,
                "retries": retries[0],
                "p50_ms": 1000 * latencies[len(latencies) // 2],
                "p99_ms": 1000 * latencies[int(len(latencies) * 0.99)],
            }
        )
    )


def check(seed_file: Path, acks_file: Path) -> dict[str, object]:
    _django()
    from roundtable.voting import tally
    from roundtable.voting.models import Ballot, Participation, VoteEvent

    vote = VoteEvent.objects.get(pk=json.loads(seed_file.read_text())["vote"])
    result = json.loads(acks_file.read_text())
    acked = set(result["acks"].values())
    stored = list(Ballot.objects.filter(vote_event=vote).values_list("receipt", flat=True))
    counted = tally.tally(vote)
    return {
        "acknowledged": len(acked),
        "stored_ballots": len(stored),
        "participations": Participation.objects.filter(vote_event=vote).count(),
        "tally_ballots": counted["pools"][0]["ballots"],
        "lost": len(acked - set(stored)),
        "duplicated": len(stored) - len(set(stored)),
        "ballots_per_second": round(len(acked) / result["seconds"], 1),
        "p50_ms": round(result["p50_ms"], 1),
        "p99_ms": round(result["p99_ms"], 1),
        "client_retries": result["retries"],
    }


def _acknowledged(acks_file: Path) -> int:
    try:
        return int(acks_file.with_suffix(".count").read_text())
    except (OSError, ValueError):  # not written yet, or caught mid-write
        return 0


def run(args: argparse.Namespace) -> None:
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    seed_file, acks_file = work / "seed.json", work / "acks.json"
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], check=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "roundtable.voting.bench_load",
            "seed",
            "--voters",
            str(args.voters),
            "--out",
            str(seed_file),
        ],
        check=True,
    )
    port = args.port
    server = start_server(args.server, port)
    loader = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "roundtable.voting.bench_load",
            "load",
            "--port",
            str(port),
            "--seed",
            str(seed_file),
            "--concurrency",
            str(args.concurrency),
            "--acks",
            str(acks_file),
        ]
    )
    killed = False
    try:
        while loader.poll() is None:
            time.sleep(0.2)
            done = _acknowledged(acks_file)
            if args.kill and not killed and done >= args.voters // 2:
                os.kill(server.pid, signal.SIGKILL)
                server.wait()
                killed = True
                print(f"SIGKILL sent to the server after {done} acknowledgements; restarting", flush=True)
                server = start_server(args.server, port)
    finally:  # never leave a server or a load generator behind
        for child in (loader, server):
            if child.poll() is None:
                child.terminate()
                child.wait()
    print(
        json.dumps(
            {"server": args.server, "killed_mid_load": killed, **check(seed_file, acks_file)}, indent=2
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--voters", type=int, default=5000)
    r.add_argument("--concurrency", type=int, default=64)
    r.add_argument("--server", choices=("gunicorn", "stdlib"), default="gunicorn")
    r.add_argument("--port", type=int, default=8765)
    r.add_argument("--no-kill", dest="kill", action="store_false")
    r.add_argument("--workdir", default="/tmp/rt-bench")
    s = sub.add_parser("seed")
    s.add_argument("--voters", type=int)
    s.add_argument("--out")
    v = sub.add_parser("serve")
    v.add_argument("--port", type=int)
    g = sub.add_parser("load")
    g.add_argument("--port", type=int)
    g.add_argument("--seed")
    g.add_argument("--concurrency", type=int)
    g.add_argument("--acks")
    args = parser.parse_args()
    if args.cmd == "run":
        run(args)
    elif args.cmd == "seed":
        seed(args.voters, Path(args.out))
    elif args.cmd == "serve":
        serve_stdlib(args.port)
    else:
        load(args.port, Path(args.seed), args.concurrency, Path(args.acks))


if __name__ == "__main__":
    main()
