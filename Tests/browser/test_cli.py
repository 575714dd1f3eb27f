"""The `vigil` command line, run as a person would run it."""
import os
import re
import socket
import sqlite3
import subprocess
import time
import unittest
import urllib.error
import urllib.request

import harness


class CommandLineTests(unittest.TestCase):
    def test_every_command_has_help(self):
        for command in [[], ["serve"], ["migrate"], ["users"], ["users", "create"], ["audit"], ["audit", "verify"], ["backup"], ["restore"], ["checkpoint"], ["demo"]]:
            result = harness.run(*command, "--help")
            self.assertEqual(result.returncode, 0, command)
            self.assertIn("USAGE", result.stdout.upper(), command)

    def test_migrate_is_idempotent(self):
        database = harness.temporary_database()
        first = harness.run("migrate", database=database)
        self.assertEqual(first.returncode, 0, first.stderr)
        self.assertIn(f"applied {harness.MIGRATIONS} migration(s)", first.stdout)
        second = harness.run("migrate", database=database)
        self.assertIn("schema up to date", second.stdout)
        with sqlite3.connect(database) as connection:
            self.assertEqual(connection.execute("PRAGMA journal_mode").fetchone()[0], "wal")

    def test_users_create_reads_the_password_from_standard_input_and_explains_refusals(self):
        database = harness.temporary_database()
        weak = harness.run("users", "create", "--email", "a@clinic.example", "--name", "A", "--role", "admin",
                           stdin="short\n", database=database)
        self.assertNotEqual(weak.returncode, 0)
        self.assertIn("password must be at least 12 characters", weak.stderr)
        good = harness.run("users", "create", "--email", "A@Clinic.Example", "--name", "A", "--role", "admin",
                           stdin=harness.ADMIN_PASSWORD + "\n", database=database)
        self.assertEqual(good.returncode, 0, good.stderr)
        self.assertIn("created admin a@clinic.example", good.stdout)
        again = harness.run("users", "create", "--email", "a@clinic.example", "--name", "B", "--role", "nurse",
                            stdin=harness.ADMIN_PASSWORD + "\n", database=database)
        self.assertNotEqual(again.returncode, 0)
        self.assertIn("email already belongs to another account", again.stderr)

    def test_demo_fills_an_empty_database_once(self):
        database = harness.temporary_database()
        first = harness.run("demo", database=database, at=harness.DEMO_INSTANT)
        self.assertEqual(first.returncode, 0, first.stderr)
        for role in ["admin", "prescriber", "nurse", "front-desk", "auditor"]:
            self.assertIn(role, first.stdout)
        self.assertIn("synthetic", first.stdout)
        with sqlite3.connect(database) as connection:
            states = {row[0] for row in connection.execute("SELECT DISTINCT status FROM dosing_sessions")}
            day = connection.execute("SELECT session_date FROM dosing_sessions WHERE status = 'monitoring'").fetchone()[0]
            live = {row[0] for row in connection.execute("SELECT status FROM dosing_sessions WHERE session_date = ?", (day,))}
        self.assertEqual(states, {"scheduled", "checked-in", "ready", "dosing", "monitoring", "discharged", "no-show", "cancelled", "stopped-early"})
        self.assertTrue({"scheduled", "checked-in", "ready", "dosing", "monitoring", "discharged", "stopped-early"} <= live, "the demo day")
        second = harness.run("demo", database=database)
        self.assertIn("already has users", second.stdout)

    def test_audit_and_ledger_verify_name_a_tampered_record(self):
        database = harness.temporary_database()
        harness.run("demo", database=database, check=True, at=harness.DEMO_INSTANT)
        intact = harness.run("audit", "verify", database=database)
        self.assertEqual(intact.returncode, 0, intact.stderr)
        self.assertRegex(intact.stdout, r"^audit chain intact: \d{3,} events\nhead matches the checkpoint of 2026-12-01T09:20:00(\.\d+)?Z \(\d+ events\), signed by key ")
        ledger = harness.run("ledger", "verify", database=database)
        self.assertEqual(ledger.returncode, 0, ledger.stderr)
        self.assertRegex(ledger.stdout, r"^ledger chain intact: \d{3,} entries\nhead matches the checkpoint")
        # Someone with the file lowers a waste entry's quantity, then deletes an administration.
        with sqlite3.connect(database) as connection:
            with self.assertRaises(sqlite3.DatabaseError):
                connection.execute("UPDATE ledger_entries SET quantity = 1 WHERE kind = 'waste'")
            connection.execute("DROP TRIGGER ledger_entries_no_update")
            connection.execute("DROP TRIGGER ledger_entries_no_delete")
            waste, sequence = connection.execute("SELECT id, sequence FROM ledger_entries WHERE kind = 'waste' ORDER BY sequence LIMIT 1").fetchone()
            connection.execute("UPDATE ledger_entries SET quantity = quantity - 10 WHERE id = ?", (waste,))
        changed = harness.run("ledger", "verify", database=database)
        self.assertEqual(changed.returncode, 1)
        self.assertIn(f"BROKEN at entry {waste}: entry {sequence} was altered after it was written", changed.stdout)
        with sqlite3.connect(database) as connection:
            connection.execute("UPDATE ledger_entries SET quantity = quantity + 10 WHERE id = ?", (waste,))
            after = connection.execute("SELECT id FROM ledger_entries WHERE sequence = 5").fetchone()[0]
            connection.execute("DELETE FROM ledger_entries WHERE sequence = 4")
        deleted = harness.run("ledger", "verify", database=database)
        self.assertEqual(deleted.returncode, 1)
        self.assertIn(f"BROKEN at entry {after}: entries 4 to 4 are missing", deleted.stdout)
        # An attacker with the database file removes the append-only guard and edits an event.
        with sqlite3.connect(database) as connection:
            with self.assertRaises(sqlite3.DatabaseError):
                connection.execute("UPDATE audit_events SET detail = 'role: auditor' WHERE sequence = 3")
            connection.execute("DROP TRIGGER audit_events_no_update")
            connection.execute("UPDATE audit_events SET detail = 'role: auditor' WHERE sequence = 3")
            event = connection.execute("SELECT id FROM audit_events WHERE sequence = 3").fetchone()[0]
        broken = harness.run("audit", "verify", database=database)
        self.assertEqual(broken.returncode, 1)
        self.assertIn(f"BROKEN at event {event}", broken.stdout)
        self.assertIn("event 3 was altered after it was written", broken.stdout)

    def test_a_half_sent_request_is_cut_off(self):
        server = harness.Server(harness.temporary_database(), env={"VIGIL_REQUEST_READ_SECONDS": "2"})
        try:
            started = time.monotonic()
            with socket.create_connection(("127.0.0.1", server.port), timeout=30) as connection:
                connection.sendall(b"POST /api/v1/auth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"email\"")
                self.assertEqual(connection.recv(4096), b"", "the server closes the connection")
            self.assertLess(time.monotonic() - started, 15)
            with urllib.request.urlopen(server.url + "/healthz", timeout=5) as response:
                self.assertEqual(response.status, 200)
        finally:
            server.stop()

    @unittest.skipUnless(os.environ.get("VIGIL_TEST_POSTGRES"), "needs PostgreSQL")
    def test_a_frozen_postgresql_answers_503_within_seconds(self):
        """A stopped-but-alive (SIGSTOP) PostgreSQL held every request, /readyz too, for over 20 s."""
        with harness.PostgresServer() as postgres:
            server = harness.Server(postgres.url, env=harness.checkpoint_files())
            try:
                with urllib.request.urlopen(server.url + "/readyz", timeout=10) as response:
                    self.assertEqual(response.status, 200)
                postgres.freeze()
                for path in ["/readyz", "/api/v1/auth/me"]:
                    started = time.monotonic()
                    with self.assertRaises(urllib.error.HTTPError) as refused:
                        urllib.request.urlopen(urllib.request.Request(server.url + path, headers={"Authorization": "Bearer x"}), timeout=30)
                    self.assertEqual(refused.exception.code, 503, path)
                    self.assertLess(time.monotonic() - started, 16, path)
                postgres.thaw()
            finally:
                postgres.thaw()
                server.stop()

    def test_serve_with_postgresql_down_says_so(self):
        result = harness.run("serve", "--port", str(harness.free_port()), database="postgres://vigil@127.0.0.1:1/vigil?sslmode=disable",
                             env=harness.checkpoint_files())
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("database unavailable", result.stderr)

    def test_the_client_address_comes_from_a_trusted_proxy_only(self):
        for trusted, expected in ((None, "127.0.0.1"), ("127.0.0.1", "203.0.113.9")):
            database = harness.temporary_database()
            server = harness.Server(database, *(["--trusted-proxy", trusted] if trusted else []))
            try:
                request = urllib.request.Request(server.url + "/api/v1/auth/token", method="POST", data=b'{"email":"a@clinic.example","password":"not the one"}',
                                                 headers={"Content-Type": "application/json", "X-Forwarded-For": "6.6.6.6, 203.0.113.9"})
                with self.assertRaises(urllib.error.HTTPError) as refused:
                    urllib.request.urlopen(request, timeout=10)
                self.assertEqual(refused.exception.code, 401)
            finally:
                server.stop()
            with sqlite3.connect(database) as connection:
                addresses = {row[0] for row in connection.execute("SELECT address FROM audit_events WHERE action = 'sign-in'")}
            self.assertEqual(addresses, {expected}, trusted)

    def test_seed_writes_the_same_network_for_a_seed_with_its_chains_intact(self):
        """`vigil seed` (the benchmark's synthetic network): two sites, the same records for the same
        seed and clock, a refusal on a database that has users, and both chains verify."""
        import sqlite3
        digests = []
        for _ in range(2):
            database = harness.temporary_database()
            seeded = harness.run("seed", "--sites", "2", "--sessions-per-site", "120", database=database, at=harness.TEST_AT)
            self.assertEqual(seeded.returncode, 0, seeded.stdout + seeded.stderr)
            self.assertRegex(seeded.stdout, r"Wrote \d+ patients, \d+ courses, \d+ bookings, \d+ sessions")
            with sqlite3.connect(database) as connection:
                digests.append([connection.execute(query).fetchall() for query in (
                    "SELECT count(*), max(hash) FROM audit_events WHERE resource_type <> 'User'",
                    "SELECT count(*), max(hash) FROM ledger_entries", "SELECT count(DISTINCT site_id) FROM dosing_sessions",
                    "SELECT count(*), sum(systolic) FROM session_vitals", "SELECT count(*), sum(total) FROM assessments")])
            for chain in ("audit", "ledger"):
                verified = harness.run(chain, "verify", database=database)
                self.assertEqual(verified.returncode, 0, verified.stdout + verified.stderr)
        self.assertEqual(digests[0], digests[1], "the same seed writes the same network")
        self.assertEqual(digests[0][2], [(2,)], "sessions at both sites")
        again = harness.run("seed", database=database)
        self.assertNotEqual(again.returncode, 0)
        self.assertIn("already has users", again.stderr)

    def test_a_full_disk_makes_the_server_unready_and_answers_503(self):
        """A full disk left /readyz ready while every audited read failed (hostile-testing issue, defect 10).
        The clinic lives on a 16 MB file system of its own (tmpfs), which the test then fills."""
        import json
        import tempfile
        folder = tempfile.mkdtemp(prefix="vigil-full-")
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", folder], capture_output=True, text=True)
        self.assertEqual(mounted.returncode, 0, "this test mounts a small tmpfs and needs root: " + mounted.stderr)
        server = None
        try:
            database = os.path.join(folder, "vigil.sqlite")
            harness.run("users", "create", "--email", "a@clinic.example", "--name", "A", "--role", "nurse",
                        stdin=harness.ADMIN_PASSWORD + "\n", database=database, check=True)
            server = harness.Server(database, env=harness.checkpoint_files())

            def get(path, token=None):
                request = urllib.request.Request(server.url + path, headers={"Authorization": f"Bearer {token}"} if token else {})
                try:
                    with urllib.request.urlopen(request, timeout=20) as response:
                        return response.status, json.loads(response.read())
                except urllib.error.HTTPError as error:
                    return error.code, json.loads(error.read())
            sign_in = urllib.request.Request(server.url + "/api/v1/auth/token", method="POST", headers={"Content-Type": "application/json"},
                                             data=json.dumps({"email": "a@clinic.example", "password": harness.ADMIN_PASSWORD}).encode())
            with urllib.request.urlopen(sign_in, timeout=20) as response:
                token = json.loads(response.read())["token"]
            self.assertEqual(get("/readyz")[0], 200)
            self.assertEqual(get("/api/v1/patients", token)[0], 200)

            filler = os.path.join(folder, "filler")
            descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT)
            try:
                while os.write(descriptor, b"\0" * 4096):
                    pass
            except OSError:
                pass
            finally:
                os.close(descriptor)
            statuses = [get("/api/v1/patients", token)[0] for _ in range(5)]
            self.assertNotIn(500, statuses)
            self.assertEqual(statuses[-1], 503, "an audited read on a full disk is a 503, not a success that was never recorded")
            status, body = get("/readyz")
            self.assertEqual((status, body["status"]), (503, "unavailable"))
            self.assertIn("disk is full", body["reason"])

            os.remove(filler)
            self.assertEqual(get("/readyz")[0], 200)
            self.assertEqual(get("/api/v1/patients", token)[0], 200)
        finally:
            if server:
                server.stop()
            subprocess.run(["umount", "-l", folder], capture_output=True)

    def test_verify_refuses_a_missing_or_empty_database_and_serve_says_what_it_opens(self):
        missing = harness.temporary_database()
        for command in (["audit", "verify"], ["ledger", "verify"]):
            result = harness.run(*command, database=missing)
            self.assertNotEqual(result.returncode, 0, command)
            self.assertIn(f"there is no database at {missing}", result.stderr)
            self.assertFalse(os.path.exists(missing), "a check creates nothing")
        open(missing, "w").close()
        empty = harness.run("audit", "verify", database=missing)
        self.assertNotEqual(empty.returncode, 0)
        self.assertIn("holds no Vigil clinic (no schema)", empty.stderr)
        os.remove(missing)
        # The main file gone while its write-ahead log remains: it was deleted or moved.
        open(missing + "-wal", "w").close()
        refused = harness.run("migrate", database=missing)
        self.assertNotEqual(refused.returncode, 0)
        self.assertIn("is missing but its write-ahead log", refused.stderr)
        os.remove(missing + "-wal")
        created = harness.run("migrate", database=missing)
        self.assertIn(f"No database at {missing}: creating a new, empty clinic there.", created.stdout)

    def restore_drill(self, source, target, backup, env=None):
        """demo → backup → restore: the restored clinic has the backup's rows and both chains verify."""
        harness.run("demo", database=source, check=True, at=harness.DEMO_INSTANT, env=env)
        written = harness.run("backup", "--to", backup, database=source, env=env)
        self.assertEqual(written.returncode, 0, written.stderr)
        copied = re.search(r"^(\d+ users, .*); audit chain intact: (\d+) events \(checkpoint of [^)]+\); ledger chain intact: (\d+) entries \(checkpoint",
                           written.stdout, re.M)
        self.assertIsNotNone(copied, written.stdout)
        self.assertNotEqual(harness.run("backup", "--to", backup, database=source).returncode, 0, "an existing file is never overwritten")
        restored = harness.run("restore", "--from", backup, database=target, env=env)
        self.assertEqual(restored.returncode, 0, restored.stderr)
        again = re.search(r"^(\d+ users, .*); audit chain intact: (\d+) events(?: \(checkpoint of [^)]+\))?; ledger chain intact: (\d+) entries", restored.stdout, re.M)
        self.assertIsNotNone(again, restored.stdout)
        self.assertEqual(again.group(1), copied.group(1).replace(f"{copied.group(2)} audit events", f"{int(copied.group(2)) + 1} audit events"))
        self.assertEqual((int(again.group(2)), again.group(3)), (int(copied.group(2)) + 1, copied.group(3)), "the restore is audited")
        refused = harness.run("restore", "--from", backup, database=target, env=env)
        self.assertNotEqual(refused.returncode, 0)
        self.assertIn("holds a clinic (5 users); add --force", refused.stderr)
        self.assertEqual(harness.run("restore", "--from", backup, "--force", database=target, env=env).returncode, 0)
        self.assertRegex(harness.run("audit", "verify", database=target, env=env).stdout, r"^audit chain intact: \d+ events\n")

    def test_backup_and_restore_drill_on_sqlite(self):
        folder = os.path.dirname(harness.temporary_database())
        self.restore_drill(os.path.join(folder, "clinic.sqlite"), os.path.join(folder, "restored.sqlite"), os.path.join(folder, "backup.sqlite"))
        broken = os.path.join(folder, "not-a-backup.sqlite")
        with open(broken, "w") as file:
            file.write("nothing")
        refused = harness.run("restore", "--from", broken, database=os.path.join(folder, "other.sqlite"))
        self.assertNotEqual(refused.returncode, 0)
        self.assertIn("is not a SQLite backup", refused.stderr)

    @unittest.skipUnless(os.environ.get("VIGIL_TEST_POSTGRES"), "needs VIGIL_TEST_POSTGRES")
    def test_backup_and_restore_drill_on_postgresql(self):
        server = os.environ["VIGIL_TEST_POSTGRES"]
        names = [f"vigil_drill_{os.getpid()}_a", f"vigil_drill_{os.getpid()}_b"]
        for name in names:
            subprocess.run(["psql", server, "-c", f"CREATE DATABASE {name}"], check=True, capture_output=True)
        try:
            urls = [server.replace("/postgres?", f"/{name}?") for name in names]
            self.restore_drill(urls[0], urls[1], os.path.join(os.path.dirname(harness.temporary_database()), "clinic.dump"), env=harness.checkpoint_files())
        finally:
            for name in names:
                subprocess.run(["psql", server, "-c", f"DROP DATABASE {name} WITH (FORCE)"], capture_output=True)

    def test_verify_finds_the_newest_records_cut_off(self):
        """Removing the newest audit events and ledger entries, and their checkpoint rows, still verified
        "intact" (hostile-testing issue, defect 5): the signed checkpoint in the log outside the database finds it."""
        database = harness.temporary_database()
        harness.run("demo", database=database, check=True, at=harness.DEMO_INSTANT)
        with sqlite3.connect(database) as connection:
            events = connection.execute("SELECT max(sequence) FROM audit_events").fetchone()[0]
            entries = connection.execute("SELECT max(sequence) FROM ledger_entries").fetchone()[0]
            for trigger in ["audit_events_no_delete", "ledger_entries_no_delete", "chain_checkpoints_no_delete"]:
                connection.execute(f"DROP TRIGGER {trigger}")
            connection.execute("DELETE FROM audit_events WHERE sequence > ?", (events - 5,))
            connection.execute("DELETE FROM ledger_entries WHERE sequence > ?", (entries - 3,))
            connection.execute("DELETE FROM chain_checkpoints")
        audit = harness.run("audit", "verify", database=database)
        self.assertEqual(audit.returncode, 1)
        self.assertIn(f"audit chain BROKEN: events {events - 4} to {events} are missing: the chain was cut after the checkpoint of 2026-12-01T09:20:00",
                      audit.stdout)
        ledger = harness.run("ledger", "verify", database=database)
        self.assertEqual(ledger.returncode, 1)
        self.assertIn(f"entries {entries - 2} to {entries} are missing", ledger.stdout)
        # A checkpoint signed by another key is no anchor: with only the forger's key nothing is vouched for.
        forged = harness.run("audit", "verify", "--checkpoint-key", database + ".other-key", database=database)
        self.assertEqual(forged.returncode, 0)
        self.assertIn("no checkpoint key", forged.stdout)
        # A new checkpoint signs what is there now; the log keeps the old one, so the cut stays visible.
        self.assertEqual(harness.run("checkpoint", database=database).returncode, 0)
        self.assertEqual(harness.run("audit", "verify", database=database).returncode, 1)

    @unittest.skipUnless(os.environ.get("VIGIL_TEST_POSTGRES"), "needs VIGIL_TEST_POSTGRES")
    def test_the_same_commands_work_on_postgresql(self):
        server = os.environ["VIGIL_TEST_POSTGRES"]
        name = f"vigil_cli_{os.getpid()}"
        admin = server.replace("/postgres?", f"/{name}?")
        keys = harness.checkpoint_files()
        subprocess.run(["psql", server, "-c", f"CREATE DATABASE {name}"], check=True, capture_output=True)
        try:
            self.assertIn(f"applied {harness.MIGRATIONS} migration(s)", harness.run("migrate", database=admin, check=True).stdout)
            harness.run("demo", database=admin, check=True, at=harness.DEMO_INSTANT, env=keys)
            self.assertRegex(harness.run("audit", "verify", database=admin, env=keys).stdout, r"^audit chain intact: \d{3,} events\nhead matches the checkpoint")
            self.assertRegex(harness.run("ledger", "verify", database=admin, env=keys).stdout, r"^ledger chain intact: \d{3,} entries\nhead matches the checkpoint")
        finally:
            subprocess.run(["psql", server, "-c", f"DROP DATABASE {name} WITH (FORCE)"], capture_output=True)

    def test_serve_explains_the_first_step_and_stops_gracefully(self):
        database = harness.temporary_database()
        server = harness.Server(database)
        try:
            with urllib.request.urlopen(server.url + "/readyz", timeout=5) as response:
                self.assertEqual(response.status, 200)
        finally:
            code = server.stop()
        self.assertEqual(code, 0)
        with open(server.log.name) as log:
            text = log.read()
        self.assertIn("vigil users create --email", text)
        self.assertNotIn("correct horse", text)


if __name__ == "__main__":
    unittest.main()
