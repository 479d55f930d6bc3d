"""Load and fault benchmark for ballot casting: no acknowledged ballot lost, none doubled.

    DATABASE_URL=... (or SQLITE_PATH=...) SECRET_KEY=... \\
        .venv/bin/python -m roundtable.voting.bench_load run --voters 5000 --concurrency 64 [--server gunicorn]

``run`` migrates and seeds a fresh database (a vote with ``--warmup`` + twice ``--voters``
residents, each signed in with a session and a CSRF token as on the phone ballot) and starts the
application server as a child process. A load generator, a *separate process* (threads casting
through ``POST /api/v1/votes/{id}/ballots``, retrying with the same idempotency key on any error or
timeout), then casts in three phases:

0. *warmup* (``--warmup`` voters): the first casts load code, open database connections and fill
   per-process caches; not the steady state, so measured apart;
1. *steady* (``--voters``): as fast as the server answers, ``--concurrency`` casts in flight: the
   sustained rate, and p50/p99 latency (which at saturation is set by the number in flight);
2. *paced* (``--voters``): voters arrive at the target rate (open loop, up to ``--concurrency`` in
   flight); latency counts from each voter's arrival, so a server that falls behind shows it;
3. *fault* (``--voters``): the server's whole process group (master and workers) is SIGKILLed when
   half of this phase's ballots are acknowledged, and restarted; the generator keeps retrying.

A latency runs from a voter's first attempt (or arrival) to the acknowledgement, retries included.
At the end: acknowledgements = stored ballots = roll marks = the tally's count, every acknowledged
receipt stored exactly once.

``--server gunicorn`` is the production server; ``--server stdlib`` is a threaded stdlib WSGI server
used as a stand-in where gunicorn is missing (figures not comparable).
"""

import argparse
import http.client
import json
import os
import shutil
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
    """A vote with `voters` residents on the roll, each signed in on their phone: a session, as the
    ballot page has after the one-time code, and a CSRF token."""
    _django()
    from datetime import timedelta

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils import timezone

    from roundtable.accounts.models import User, UserSession
    from roundtable.accounts.sessions import SessionStore
    from roundtable.testing import build_world
    from roundtable.voting.testing import open_vote

    world = build_world()
    vote = open_vote(world, extra_residents=voters)  # `voters` on the roll besides bob
    entries = list(vote.roll.exclude(person=world.bob.person).select_related("person"))
    users = User.objects.bulk_create(
        [User(username=f"bench{i}", person=e.person, password="!") for i, e in enumerate(entries)]
    )
    backend = settings.AUTHENTICATION_BACKENDS[0]
    store = SessionStore()
    expires = timezone.now() + timedelta(days=1)
    sessions = [
        UserSession(
            user=u,
            session_key=f"bench{i:06d}{os.urandom(12).hex()}",
            session_data=store.encode(
                {
                    SESSION_KEY: str(u.pk),
                    BACKEND_SESSION_KEY: backend,
                    HASH_SESSION_KEY: u.get_session_auth_hash(),
                }
            ),
            expire_date=expires,
        )
        for i, u in enumerate(users)
    ]
    UserSession.objects.bulk_create(sessions, batch_size=1000)
    keys = [s.session_key for s in sessions]
    out.write_text(
        json.dumps({"vote": str(vote.pk), "cookie": settings.SESSION_COOKIE_NAME, "sessions": keys})
    )


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


def start_server(kind: str, port: int, workers: int = 3, threads: int = 8) -> subprocess.Popen[bytes]:
    if kind == "gunicorn":
        cmd = [
            sys.executable,
            "-m",
            "gunicorn",
            "-w",
            str(workers),
            "--threads",
            str(threads),
            "-b",
            f"127.0.0.1:{port}",
            "roundtable.wsgi",
        ]
    else:
        cmd = [sys.executable, "-m", "roundtable.voting.bench_load", "serve", "--port", str(port)]
    process = subprocess.Popen(cmd, start_new_session=True)  # its own group: a crash takes all of it
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server did not start")


def load(
    port: int, seed_file: Path, concurrency: int, acks_file: Path, first: int, count: int, rate: float = 0
) -> None:
    """The load generator (its own process): voters ``first``… until each is acknowledged, same key on
    retry; at most ``concurrency`` in flight. With ``rate``, voter ``first + i`` starts at ``i / rate``
    seconds (open loop), and its latency counts from then, waiting for a free thread included."""
    data = json.loads(seed_file.read_text())
    vote, cookie, sessions = data["vote"], data["cookie"], data["sessions"]
    acks: dict[int, str] = {}
    latencies: list[float] = []
    retries = [0]
    lock = threading.Lock()
    progress_every = max(1, min(250, count // 20))  # the count file the fault phase watches

    def cast(index: int) -> None:
        started = began + (index - first) / rate if rate else time.perf_counter()
        time.sleep(max(0.0, started - time.perf_counter()))
        body = json.dumps({"choices": [1 + index % 6, 1 + (index + 2) % 6], "key": f"bench-key-{index:06d}"})
        csrf = os.urandom(16).hex()
        headers = {
            "Cookie": f"{cookie}={sessions[index]}; csrftoken={csrf}",
            "X-CSRFToken": csrf,
            "Content-Type": "application/json",
        }
        while True:
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
                        if len(acks) % progress_every == 0:
                            acks_file.with_suffix(".count").write_text(str(len(acks)))
                    return
            except (OSError, http.client.HTTPException):
                pass
            with lock:
                retries[0] += 1
            time.sleep(0.05)

    began = time.perf_counter()  # read by cast() for its schedule
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(cast, range(first, first + count)))
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


TARGET_RATE = 300
TARGET_P99_MS = 500


def phase_figures(acks_file: Path) -> dict[str, object]:
    result = json.loads(acks_file.read_text())
    rate = len(result["acks"]) / result["seconds"]
    return {
        "acknowledged": len(result["acks"]),
        "ballots_per_second": round(rate, 1),
        "p50_ms": round(result["p50_ms"], 1),
        "p99_ms": round(result["p99_ms"], 1),
        "client_retries": result["retries"],
    }


def check(seed_file: Path, acks_files: list[Path]) -> dict[str, object]:
    """Acknowledged receipts against what the database holds and what the tally counts."""
    _django()
    from roundtable.voting import tally
    from roundtable.voting.models import Ballot, Participation, VoteEvent

    vote = VoteEvent.objects.get(pk=json.loads(seed_file.read_text())["vote"])
    acked: set[str] = set()
    for acks_file in acks_files:
        acked |= set(json.loads(acks_file.read_text())["acks"].values())
    stored = list(Ballot.objects.filter(vote_event=vote).values_list("receipt", flat=True))
    return {
        "acknowledged": len(acked),
        "stored_ballots": len(stored),
        "participations": Participation.objects.filter(vote_event=vote).count(),
        "tally_ballots": tally.tally(vote)["pools"][0]["ballots"],
        "lost": len(acked - set(stored)),
        "duplicated": len(stored) - len(set(stored)),
    }


def _acknowledged(acks_file: Path) -> int:
    try:
        return int(acks_file.with_suffix(".count").read_text())
    except (OSError, ValueError):  # not written yet, or caught mid-write
        return 0


def _crash(server: subprocess.Popen[bytes]) -> None:
    """SIGKILL the server's whole process group, master and workers, as a power cut would."""
    os.killpg(server.pid, signal.SIGKILL)
    server.wait()


def run_phase(
    args: argparse.Namespace,
    server: subprocess.Popen[bytes],
    phase: str,
    first: int,
    count: int,
    rate: float = 0,
) -> subprocess.Popen[bytes]:
    """Cast for ``count`` voters from ``first`` (at ``rate`` a second, or as fast as the server
    answers); in the fault phase crash and restart the server half way. Returns the server that is
    running at the end."""
    work = Path(args.workdir)
    acks_file = work / f"acks-{phase}.json"
    loader = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "roundtable.voting.bench_load",
            "load",
            "--port",
            str(args.port),
            "--seed",
            str(work / "seed.json"),
            "--concurrency",
            str(args.concurrency),
            "--acks",
            str(acks_file),
            "--first",
            str(first),
            "--count",
            str(count),
            "--rate",
            str(rate),
        ]
    )
    crashed = phase != "fault"
    try:
        while loader.poll() is None:
            time.sleep(0.1)
            done = _acknowledged(acks_file)
            if not crashed and done >= count // 2:
                _crash(server)
                crashed = True
                print(
                    f"SIGKILL sent to the server's process group after {done} acknowledgements; restarting",
                    flush=True,
                )
                server = start_server(args.server, args.port, args.workers, args.threads)
    finally:
        if loader.poll() is None:
            loader.terminate()
            loader.wait()
    return server


def run(args: argparse.Namespace) -> None:
    work = Path(args.workdir)
    shutil.rmtree(work, ignore_errors=True)  # a stale count file would trigger the crash early
    work.mkdir(parents=True)
    seed_file = work / "seed.json"
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], check=True)
    voters = args.warmup + 3 * args.voters
    subprocess.run(
        [
            sys.executable,
            "-m",
            "roundtable.voting.bench_load",
            "seed",
            "--voters",
            str(voters),
            "--out",
            str(seed_file),
        ],
        check=True,
    )
    server = start_server(args.server, args.port, args.workers, args.threads)
    try:
        # first casts load code, open connections and fill per-process caches: not the steady state
        server = run_phase(args, server, "warmup", 0, args.warmup)
        server = run_phase(args, server, "steady", args.warmup, args.voters)
        first = args.warmup + args.voters
        server = run_phase(args, server, "paced", first, args.voters, rate=TARGET_RATE)
        server = run_phase(args, server, "fault", first + args.voters, args.voters)
    finally:  # never leave a server behind
        if server.poll() is None:
            _crash(server)
    steady, paced = phase_figures(work / "acks-steady.json"), phase_figures(work / "acks-paced.json")
    met = steady["ballots_per_second"] >= TARGET_RATE and paced["p99_ms"] < TARGET_P99_MS  # type: ignore[operator]
    report = {
        "server": f"{args.server} ({args.workers} workers x {args.threads} threads)"
        if args.server == "gunicorn"
        else args.server,
        "concurrency": args.concurrency,
        "target (issue 6, PostgreSQL, 2 cores)": f">= {TARGET_RATE} ballots/s with p99 < {TARGET_P99_MS} ms",
        "warmup": phase_figures(work / "acks-warmup.json"),
        "target met (steady rate, paced p99)": met,
        "steady": steady,
        f"paced (open loop, {TARGET_RATE}/s)": paced,
        "fault (SIGKILL + restart mid-phase)": phase_figures(work / "acks-fault.json"),
        "integrity (all phases)": check(
            seed_file, [work / f"acks-{phase}.json" for phase in ("warmup", "steady", "paced", "fault")]
        ),
    }
    print(json.dumps(report, indent=2))


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--voters", type=int, default=5000)
    r.add_argument("--warmup", type=int, default=1000, help="voters cast for before the steady phase")
    r.add_argument("--concurrency", type=int, default=64)
    r.add_argument("--server", choices=("gunicorn", "stdlib"), default="gunicorn")
    r.add_argument("--port", type=int, default=8765)
    r.add_argument("--workers", type=int, default=3)
    r.add_argument("--threads", type=int, default=8)
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
    g.add_argument("--first", type=int)
    g.add_argument("--count", type=int)
    g.add_argument("--rate", type=float, default=0, help="voters started per second (0: closed loop)")
    args = parser.parse_args()
    if args.cmd == "run":
        run(args)
    elif args.cmd == "seed":
        seed(args.voters, Path(args.out))
    elif args.cmd == "serve":
        serve_stdlib(args.port)
    else:
        load(args.port, Path(args.seed), args.concurrency, Path(args.acks), args.first, args.count, args.rate)


if __name__ == "__main__":
    main()
