#!/usr/bin/env python3
"""Vigil's load benchmark (`./scripts/bench`; see the README's "Performance" section).

A release build of `vigil serve` over a synthetic network written by `vigil seed`, measured with wrk
on loopback: the bare route (`GET /healthz`) as the ceiling, each endpoint alone, and a mix shaped like
a clinic day, at 1, 16, 64 and 256 connections; on SQLite, and on PostgreSQL with one and two server
processes (two behind nginx, round robin). Each figure is a ratio to the bare route measured in the
same run, beside rps, latency percentiles, errors, the servers' CPU and memory, and the database's
size. Results go to bench/results/latest.json and bench/results/latest.md.
"""
import argparse
import datetime
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "Tests", "browser"))
import harness  # noqa: E402
import cluster  # noqa: E402

NURSE, ADMIN = "nurse1-001@network.vigil.example", "admin@network.vigil.example"
PASSWORD = "synthetic network 2026"
CONNECTIONS = [1, 16, 64, 256]
TIERS = {"small": [], "network": [], "large": []}
VITALS = json.dumps({"systolic": 124, "diastolic": 80, "heartRate": 74, "spo2": 98})


def endpoints(ids):
    """Each endpoint measured: (name, what it is, weight in the clinic-day mix, [(method, path, auth, body)])."""
    bearer, admin, cookie = f"Authorization: Bearer {ids['token']}", f"Authorization: Bearer {ids['admin']}", f"Cookie: {ids['cookie']}"
    json_body = "Content-Type: application/json"
    patients, sessions = ids["patients"], ids["sessions"]
    # Taken when the load began: a measure answered this morning, entered now.
    phq9 = json.dumps({"instrument": "phq9", "answers": [2, 1, 2, 1, 1, 2, 1, 1, 0], "source": "patient",
                       "takenAt": harness.now().strftime("%Y-%m-%dT%H:%M:%SZ")})
    return [
        ("bare", "GET /healthz (no sign-in, no database)", 0, [("GET", "/healthz", "", "")]),
        ("me", "GET /api/v1/auth/me (signed in, no clinical data)", 8, [("GET", "/api/v1/auth/me", bearer, "")]),
        ("instruments", "GET /api/v1/instruments (signed in, 19 KB of static JSON)", 3, [("GET", "/api/v1/instruments", bearer, "")]),
        ("patient", "GET /api/v1/patients/{id} (audited read)", 12, [("GET", f"/api/v1/patients/{p}", bearer, "") for p in patients]),
        ("patients", "GET /api/v1/patients?perPage=20 (audited list)", 8,
         [("GET", f"/api/v1/patients?perPage=20&page={n}", bearer, "") for n in range(1, 6)]),
        ("chart", "GET /patients/{id} (the chart page)", 10, [("GET", f"/patients/{p}", cookie, "") for p in patients]),
        ("board", "GET /schedule (the chair board)", 15, [("GET", "/schedule", cookie, "")]),
        ("session-page", "GET /sessions/{id} (the session screen)", 15, [("GET", f"/sessions/{s}", cookie, "") for s in sessions]),
        ("vitals", "POST /api/v1/sessions/{id}/vitals (a write)", 12,
         [("POST", f"/api/v1/sessions/{s}/vitals", f"{bearer}|{json_body}", VITALS) for s in sessions]),
        ("assessment", "POST /api/v1/patients/{id}/assessments (a write)", 6,
         [("POST", f"/api/v1/patients/{p}/assessments", f"{bearer}|{json_body}", phq9) for p in patients]),
        ("ledger", "GET /inventory/ledger (the controlled-substance book)", 2, [("GET", "/inventory/ledger", cookie, "")]),
        ("audit", "GET /api/v1/audit?perPage=20 (the audit trail, newest first)", 1, [("GET", "/api/v1/audit?perPage=20", admin, "")]),
        ("sign-in", "POST /api/v1/auth/token (bcrypt, cost 12)", 0.2,
         [("POST", "/api/v1/auth/token", json_body, json.dumps({"email": NURSE, "password": PASSWORD}))]),
    ]


def call(url, method, path, headers="", body=""):
    request = urllib.request.Request(url + path, method=method, data=body.encode() if body else None)
    for header in filter(None, headers.split("|")):
        name, value = header.split(": ", 1)
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def prepare(url):
    """Signs in, finds patients, and checks in today's first bookings at the nurse's site (their
    session screens and vitals are measured)."""
    token = json.loads(call(url, "POST", "/api/v1/auth/token", "Content-Type: application/json",
                            json.dumps({"email": NURSE, "password": PASSWORD}))[1])["token"]
    admin = json.loads(call(url, "POST", "/api/v1/auth/token", "Content-Type: application/json",
                            json.dumps({"email": ADMIN, "password": PASSWORD}))[1])["token"]
    bearer = f"Authorization: Bearer {token}"
    patients = [p["id"] for n in (1, 2, 3) for p in json.loads(call(url, "GET", f"/api/v1/patients?perPage=50&page={n}", bearer)[1])["items"]]
    today = harness.today().isoformat()
    bookings = json.loads(call(url, "GET", f"/api/v1/appointments?from={today}&through={today}", bearer)[1])["items"]
    sessions = []
    for booking in [b for b in bookings if b.get("kind") == "dosing" and b.get("status") == "booked"][:24]:
        status, body = call(url, "POST", "/api/v1/sessions", f"{bearer}|Content-Type: application/json", json.dumps({"appointmentId": booking["id"]}))
        if status in (200, 201):
            session = json.loads(body)["id"]
            call(url, "POST", f"/api/v1/sessions/{session}/transitions", f"{bearer}|Content-Type: application/json", json.dumps({"to": "checked-in"}))
            sessions.append(session)
    if not sessions:
        raise SystemExit("bench: no booking today to check in; was the network seeded for this day?")
    return {"token": token, "admin": admin, "cookie": harness.page_session(url, NURSE, PASSWORD), "patients": patients, "sessions": sessions}


def preflight(url, name, requests):
    """Every request an endpoint makes answers 2xx before it is measured, so errors are the load's."""
    method, path, headers, body = requests[0]
    status, answer = call(url, method, path, headers, body)
    if not 200 <= status < 300:
        raise SystemExit(f"bench: {name} answered {status} before the load: {answer[:300]!r}")


def wrk(url, requests, connections, seconds, folder):
    lines = os.path.join(folder, "requests.tsv")
    with open(lines, "w") as out:
        for weight, method, path, headers, body in requests:
            out.write(f"{weight}\t{method}\t{path}\t{headers}\t{body}\n")
    summary = os.path.join(folder, "summary.json")
    threads = min(2, connections)
    subprocess.run(["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s", "-s", os.path.join(ROOT, "bench", "load.lua"),
                    url], env={**os.environ, "BENCH_REQUESTS": lines, "BENCH_SUMMARY": summary}, capture_output=True, check=True, timeout=seconds + 60)
    with open(summary) as result:
        return json.load(result)


def usage(pids):
    """CPU seconds used so far and resident memory (MB) of the server processes."""
    ticks, rss = 0, 0
    for pid in pids:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
        with open(f"/proc/{pid}/status") as status:
            rss += next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
    return ticks / os.sysconf("SC_CLK_TCK"), rss / 1024


def database_size(location):
    if location.startswith("postgres://"):
        name = location.rsplit("/", 1)[1].split("?")[0]
        return cluster.psql(location, f"SELECT pg_database_size('{name}')") / 1e6
    return sum(os.path.getsize(location + suffix) for suffix in ("", "-wal") if os.path.exists(location + suffix)) / 1e6


def measure(front, pids, location, name, requests, connections, seconds, folder):
    before_cpu, _ = usage(pids)
    started = time.monotonic()
    result = wrk(front, requests, connections, seconds, folder)
    wall = time.monotonic() - started
    after_cpu, rss = usage(pids)
    latency = result["latency_us"] if result["requests"] else {key: None for key in result["latency_us"]}
    errors = sum(result["errors"].values())
    return {"endpoint": name, "connections": connections, "seconds": round(result["duration_us"] / 1e6, 2), "requests": result["requests"],
            "rps": round(result["requests"] / (result["duration_us"] / 1e6), 1),
            **{f"{key}_ms": None if latency[key] is None else latency[key] / 1000 for key in ("p50", "p95", "p99", "max")}, "errors": errors, "error_kinds": result["errors"],
            "cpu_percent": round(100 * (after_cpu - before_cpu) / wall, 1), "rss_mb": round(rss, 1), "database_mb": round(database_size(location), 1)}


def settle(url, ids):
    """Waits until the server has worked off the last run's queue: an audited read (which waits its
    turn behind the queued writes) answers within 100 ms."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            call(url, "GET", f"/api/v1/patients/{ids['patients'][0]}", f"Authorization: Bearer {ids['token']}")
        except OSError:
            pass
        if time.monotonic() - started < 0.1:
            return
        time.sleep(0.5)


def run_configuration(binary, engine, processes, tier, quick, postgres, folder, seconds, levels):
    """Seeds the tier, starts the servers, and measures; returns the rows."""
    harness.VIGIL = binary
    seed_args = ["--tier", tier] + (["--sessions-per-site", "600"] if quick else [])
    if engine == "sqlite":
        location = os.path.join(folder, f"{tier}.sqlite")
    else:
        location = postgres.database(f"bench_{tier}")
    print(f"bench: seeding {tier} on {engine}", flush=True)
    started = time.monotonic()
    # The seed's progress bar goes to the terminal; its summary line is kept.
    keys = harness.checkpoint_files() if engine != "sqlite" else {}
    seeded = subprocess.run([binary, "seed", *seed_args, "--database", location], stdout=subprocess.PIPE, text=True,
                            env={**os.environ, **harness.clock_at(harness.now()), **keys})
    if seeded.returncode != 0:
        raise SystemExit(f"bench: vigil seed failed:\n{seeded.stdout}")
    seed_seconds = time.monotonic() - started
    with cluster.Servers(location, processes, tls=False) as servers:
        ids = prepare(servers.url)
        rows = []
        table = endpoints(ids)
        for name, _, _, requests in table:
            preflight(servers.url, name, requests)
        # Quick: the bare route and the mix at every level, each endpoint alone at 64 connections.
        # The bare route and the mix at every level (quick: 16 and 64), each endpoint at `levels`.
        every = [16, 64] if quick else CONNECTIONS
        plans = [(name, [(1, *r) for r in requests], every if name == "bare" else levels)
                 for name, _, _, requests in table if name != "sign-in"]
        plans.append(("mix", [(weight / len(requests), *r) for _, _, weight, requests in table if weight for r in requests], every))
        for name, requests, stage_levels in plans:
            for connections in stage_levels:
                settle(servers.url, ids)
                row = measure(servers.url, servers.pids, location, name, requests, connections, seconds if name != "mix" else seconds * 2, folder)
                row.update(engine=engine, processes=processes, tier=tier)
                rows.append(row)
                p99 = f"{row['p99_ms']:8.1f} ms" if row["p99_ms"] is not None else "no request completed in the window"
                print(f"  {engine} ×{processes} {tier:8} {name:13} c={connections:<3} {row['rps']:>9.1f} rps  p99 {p99}  errors {row['errors']}", flush=True)
        for row in rows:
            bare = next(r for r in rows if r["endpoint"] == "bare" and r["connections"] == row["connections"])
            row["ratio_to_bare"] = round(row["rps"] / bare["rps"], 4) if bare["rps"] else None
        return rows, {"engine": engine, "processes": processes, "tier": tier, "seed_seconds": round(seed_seconds, 1),
                      "seed_output": seeded.stdout.strip().splitlines()[-1]}


def markdown(results):
    lines = [f"# Benchmark results ({results['finished']})", "",
             f"`{results['command']}` ({results['seconds_each']} s a measurement) on {results['machine']}. wrk and the servers share the machine, "
             "so only the ratios to the bare route (measured in the same run) carry over to other machines.", ""]
    descriptions = {name: what for name, what, _, _ in endpoints({"token": "", "admin": "", "cookie": "", "patients": [""], "sessions": [""]})}
    descriptions["mix"] = "a clinic day's mix (boards, session screens, vitals, charts, reads, lists, measures, rare sign-ins)"
    for config in results["configurations"]:
        rows = [r for r in results["runs"] if (r["engine"], r["processes"], r["tier"]) == (config["engine"], config["processes"], config["tier"])]
        lines += [f"## {config['engine']}, {config['processes']} process{'es' if config['processes'] > 1 else ''}, tier {config['tier']}", "",
                  f"Seeded in {config['seed_seconds']} s: {config['seed_output']}", "",
                  "| endpoint | conns | rps | × bare | p50 ms | p95 ms | p99 ms | max ms | errors | CPU % | RSS MB | DB MB |",
                  "|---|---|---|---|---|---|---|---|---|---|---|---|"]
        for r in rows:
            shown = {key: "—" if r[key] is None else f"{r[key]:.1f}" for key in ("p50_ms", "p95_ms", "p99_ms", "max_ms")}
            lines.append(f"| {r['endpoint']} | {r['connections']} | {r['rps']:,.1f} | {r['ratio_to_bare']:.3f} | {shown['p50_ms']} | {shown['p95_ms']} | "
                         f"{shown['p99_ms']} | {shown['max_ms']} | {r['errors']} | {r['cpu_percent']:.0f} | {r['rss_mb']:.0f} | {r['database_mb']:.0f} |")
        lines.append("")
    tiers = sorted({r["tier"] for r in results["runs"]}, key=list(TIERS).index)
    if len(tiers) > 1:
        lines += ["## Cost that grows with the data", "",
                  "Throughput at 64 connections on each tier as a share of the same endpoint on the small tier (1.0: independent of the clinic's history).", "",
                  "| engine | processes | endpoint | " + " | ".join(tiers) + " |", "|---|---|---|" + "---|" * len(tiers)]
        keys = sorted({(r["engine"], r["processes"], r["endpoint"]) for r in results["runs"] if r["connections"] == 64})
        for engine, processes, endpoint in keys:
            by_tier = {r["tier"]: r["rps"] for r in results["runs"] if (r["engine"], r["processes"], r["endpoint"], r["connections"]) == (engine, processes, endpoint, 64)}
            base = by_tier.get(tiers[0])
            if base:
                lines.append(f"| {engine} | {processes} | {endpoint} | " + " | ".join(f"{by_tier[t] / base:.2f}" if t in by_tier else "—" for t in tiers) + " |")
        lines.append("")
    lines += ["## Endpoints", ""] + [f"- **{name}**: {what}" for name, what in descriptions.items()]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a small tier, 2-second runs, each endpoint at 64 connections, the bare route and the mix at 16 and 64 (about 3 minutes)")
    parser.add_argument("--tiers", default="small,network", help="tiers of `vigil seed` to measure (small, network, large)")
    parser.add_argument("--engines", default="sqlite:1,postgres:1,postgres:2", help="engine:processes, comma-separated")
    parser.add_argument("--binary", help="a vigil binary (default: a release build made now)")
    parser.add_argument("--seconds", type=int, help="seconds a measurement (default 5; 2 with --quick; the mix twice that)")
    parser.add_argument("--levels", help="connections each endpoint is measured at, comma-separated (default 1,16,64,256; 64 with --quick); "
                                         "the bare route and the mix always at 1,16,64,256")
    parser.add_argument("--out", default=os.path.join(ROOT, "bench", "results"), help="where latest.json and latest.md go")
    args = parser.parse_args()
    binary = args.binary or cluster.release_build()
    tiers = ["small"] if args.quick else args.tiers.split(",")
    seconds = max(1, round(args.seconds)) if args.seconds else 2 if args.quick else 5
    levels = [int(n) for n in args.levels.split(",")] if args.levels else [64] if args.quick else CONNECTIONS
    configurations = [(engine, int(processes)) for engine, processes in (item.split(":") for item in args.engines.split(","))]
    folder = tempfile.mkdtemp(prefix="vigil-bench-")
    os.environ["VIGIL_ARTIFACTS"] = folder
    runs, configs = [], []
    started = time.monotonic()
    postgres = cluster.Postgres() if any(engine == "postgres" for engine, _ in configurations) else None
    try:
        for tier in tiers:
            for engine, processes in configurations:
                rows, config = run_configuration(binary, engine, processes, tier, args.quick, postgres, folder, seconds, levels)
                runs += rows
                configs.append(config)
    finally:
        if postgres:
            postgres.stop()
    machine = f"{os.cpu_count()} cores, {round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30)} GiB, {platform.platform()}"
    results = {"finished": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "quick": args.quick, "machine": machine,
               "command": " ".join(["./scripts/bench", *sys.argv[1:]]), "seconds_each": seconds,
               "seconds": round(time.monotonic() - started), "sqlite": sqlite3.sqlite_version, "configurations": configs, "runs": runs}
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "latest.json"), "w") as out:
        json.dump(results, out, indent=1)
    with open(os.path.join(args.out, "latest.md"), "w") as out:
        out.write(markdown(results))
    shutil.rmtree(folder, ignore_errors=True)
    print(f"bench: {len(runs)} measurements in {results['seconds']} s; results in {args.out}/latest.md and latest.json")


if __name__ == "__main__":
    main()
