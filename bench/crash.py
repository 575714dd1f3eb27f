#!/usr/bin/env python3
"""Crash rounds (`./scripts/crash`): clients write — patients registered, measures recorded, vitals
charted — while the server is killed with SIGKILL at a random moment and started again; on PostgreSQL
the database server itself is killed too. After each round every write that got a 2xx is read back,
nothing is half-written (each record has its audit event), and both chains and their checkpoints
verify. Prints acknowledged, found and lost writes per round; exits non-zero if any was lost."""
import argparse
import concurrent.futures
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402
import cluster  # noqa: E402
from cluster import harness  # noqa: E402


class Writers:
    """Clients writing until told to stop or the server goes away; each 2xx is remembered."""

    def __init__(self, url, ids):
        self.url, self.ids = url, ids
        self.bearer = f"Authorization: Bearer {ids['token']}|Content-Type: application/json"
        self.acknowledged, self.statuses = [], []
        self.lock = threading.Lock()

    def one(self, rng, number):
        kind = rng.choice(["patient", "assessment", "vitals"] if self.ids["sessions"] else ["patient", "assessment"])
        if kind == "patient":
            body = {"givenName": "Crash", "familyName": f"Round{number}", "birthDate": "1980-01-01", "sex": "female"}
            status, answer = bench.call(self.url, "POST", "/api/v1/patients", self.bearer, json.dumps(body))
            return kind, status, (json.loads(answer)["id"], None) if status == 201 else None
        if kind == "assessment":
            patient = rng.choice(self.ids["patients"])
            body = {"instrument": "phq9", "answers": [rng.randint(0, 3) for _ in range(8)] + [0], "source": "patient",
                    "takenAt": harness.now().strftime("%Y-%m-%dT%H:%M:%SZ")}
            status, answer = bench.call(self.url, "POST", f"/api/v1/patients/{patient}/assessments", self.bearer, json.dumps(body))
            return kind, status, (json.loads(answer)["id"], patient) if status == 201 else None
        session = rng.choice(self.ids["sessions"])
        body = {"systolic": rng.randint(110, 135), "diastolic": rng.randint(70, 85), "heartRate": 72, "spo2": 98}
        status, answer = bench.call(self.url, "POST", f"/api/v1/sessions/{session}/vitals", self.bearer, json.dumps(body))
        return kind, status, (json.loads(answer)["vitals"][-1]["id"], session) if status in (200, 201) else None

    def run(self, clients, until):
        """Writes from `clients` threads until `until()` says stop (a client also stops at a refused connection)."""
        def client(index):
            rng = random.Random(index * 7919 + int(time.time()))
            number = 0
            while not until():
                try:
                    kind, status, written = self.one(rng, number)
                except OSError:
                    if until(allow_outage=True):
                        return
                    time.sleep(0.05)
                    continue
                number += 1
                with self.lock:
                    self.statuses.append(status)
                    if written:
                        self.acknowledged.append((kind, *written))
        with concurrent.futures.ThreadPoolExecutor(clients) as pool:
            list(pool.map(client, range(clients)))


def found(url, ids, acknowledged):
    """The acknowledged writes read back through the API."""
    bearer = f"Authorization: Bearer {ids['token']}"
    present = set()
    for kind, key, owner in acknowledged:
        if kind == "patient" and bench.call(url, "GET", f"/api/v1/patients/{key}", bearer)[0] == 200:
            present.add(key)
    for patient in {owner for kind, _, owner in acknowledged if kind == "assessment"}:
        status, body = bench.call(url, "GET", f"/api/v1/patients/{patient}/assessments", bearer)
        present |= {item["id"] for item in json.loads(body)["items"]} if status == 200 else set()
    for session in {owner for kind, _, owner in acknowledged if kind == "vitals"}:
        status, body = bench.call(url, "GET", f"/api/v1/sessions/{session}", bearer)
        present |= {reading["id"] for reading in json.loads(body)["vitals"]} if status == 200 else set()
    return present


def unaudited(location):
    """Records with no audit event of their own: a change committed without its audit record."""
    query = ("SELECT (SELECT count(*) FROM patients p WHERE NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.resource_type = 'Patient' AND e.resource_id = p.id AND e.action = 'create'))"
             " + (SELECT count(*) FROM assessments a WHERE NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.resource_type = 'Assessment' AND e.resource_id = a.id))")
    if location.startswith("postgres://"):
        return cluster.psql(location, query)
    with sqlite3.connect(location) as connection:
        return connection.execute(query).fetchone()[0]


def verify_chains(binary, location, env):
    reports = []
    for chain in ("audit", "ledger"):
        result = subprocess.run([binary, chain, "verify", "--database", location], capture_output=True, text=True, env={**os.environ, **env})
        if result.returncode != 0 or "intact" not in result.stdout:
            raise AssertionError(f"{chain} chain after the crash rounds: {result.stdout}{result.stderr}")
        reports.append("; ".join(result.stdout.strip().splitlines()))
    return reports


def rounds(binary, engine, count, clients=4, postgres=None, say=print):
    """Runs `count` rounds of server kills (and, on PostgreSQL, one of the database killed); returns
    one dict a round with its acknowledged, found and lost writes."""
    harness.VIGIL = binary
    folder = tempfile.mkdtemp(prefix="vigil-crash-")
    location = os.path.join(folder, "crash.sqlite") if engine == "sqlite" else postgres.database("crash")
    keys = harness.checkpoint_files()
    seeded = subprocess.run([binary, "seed", "--sessions-per-site", "300", "--database", location], capture_output=True, text=True,
                            env={**os.environ, **harness.clock_at(harness.now()), **keys})
    if seeded.returncode != 0:
        raise AssertionError("vigil seed: " + seeded.stdout + seeded.stderr[-2000:])
    results, acknowledged = [], []
    servers = cluster.Servers(location, 1, env=keys).__enter__()
    try:
        ids = bench.prepare(servers.url)
        plan = ["server"] * count + (["database"] if engine == "postgres" else [])
        for number, victim in enumerate(plan, 1):
            writers = Writers(servers.url, ids)
            killed = threading.Event()
            # The clients ask `until` together; one of them kills and restarts, under this lock.
            turn = threading.Lock()
            if victim == "server":
                at = time.monotonic() + random.uniform(0.5, 2.5)

                def until(allow_outage=False):
                    with turn:
                        if not killed.is_set() and time.monotonic() >= at:
                            killed.set()
                            servers.kill(0)
                        return killed.is_set()
                writers.run(clients, until)
                servers.restart(0)
            else:
                # PostgreSQL dies under the writers and comes back: Vigil answers 503 meanwhile and recovers by itself.
                phase = {"down": time.monotonic() + 1.5, "up": time.monotonic() + 4.0, "end": time.monotonic() + 60.0}

                def until(allow_outage=False):
                    with turn:
                        now = time.monotonic()
                        if now >= phase["down"] and not killed.is_set():
                            killed.set()
                            postgres.kill()
                        if now >= phase["up"] and "restarted" not in phase:
                            postgres.start()
                            phase["restarted"] = time.monotonic()
                        # The round ends once writes succeed again for a second after the restart (or after a minute).
                        recent = writers.statuses[-8:]
                        recovered = "restarted" in phase and now > phase["restarted"] + 1 and len(recent) == 8 and all(200 <= s < 300 for s in recent)
                        return recovered or now >= phase["end"]
                writers.run(clients, until)
                unexpected = sorted({s for s in writers.statuses if s >= 500 and s != 503})
                if unexpected or 503 not in writers.statuses:
                    raise AssertionError(f"while PostgreSQL was down: statuses {sorted(set(writers.statuses))}; expected 503s and no other 5xx")
                after = [s for s in writers.statuses[-20:]]
                if not any(200 <= s < 300 for s in after):
                    raise AssertionError(f"Vigil did not recover after PostgreSQL came back: last statuses {after}; {len(writers.statuses)} answers, "
                                         f"PostgreSQL restarted {phase.get('restarted', 0) - phase['down']:.1f} s after it was killed; its log:\n" + postgres.log_tail())
            acknowledged += writers.acknowledged
            present = found(servers.url, ids, acknowledged)
            lost = [write for write in acknowledged if write[1] not in present]
            result = {"engine": engine, "round": number, "killed": victim, "acknowledged": len(writers.acknowledged),
                      "total_acknowledged": len(acknowledged), "found": len(acknowledged) - len(lost), "lost": len(lost),
                      "unaudited": unaudited(location)}
            results.append(result)
            say(f"crash {engine} round {number} ({'server' if victim == 'server' else 'PostgreSQL'} killed): {result['acknowledged']} acknowledged this round, "
                f"{result['found']} of {result['total_acknowledged']} found, {result['lost']} lost, {result['unaudited']} without their audit event")
    finally:
        servers.__exit__()
    for line in verify_chains(binary, location, keys):
        say(f"crash {engine}: {line}")
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--engines", default="sqlite,postgres")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--binary", help="a vigil binary (default: a release build made now)")
    args = parser.parse_args()
    binary = args.binary or cluster.release_build()
    os.environ.setdefault("VIGIL_ARTIFACTS", tempfile.mkdtemp(prefix="vigil-crash-logs-"))
    results = []
    postgres = cluster.Postgres() if "postgres" in args.engines else None
    try:
        for engine in args.engines.split(","):
            results += rounds(binary, engine, args.rounds, args.clients, postgres)
    finally:
        if postgres:
            postgres.stop()
    lost = sum(r["lost"] + r["unaudited"] for r in results)
    print(f"crash: {len(results)} rounds, {sum(r['acknowledged'] for r in results)} acknowledged writes, {lost} lost or half-written")
    sys.exit(1 if lost else 0)


if __name__ == "__main__":
    main()
