"""The `vigil` command line, run as a person would run it."""
import os
import signal
import sqlite3
import subprocess
import time
import unittest
import urllib.request

import harness


class CommandLineTests(unittest.TestCase):
    def test_every_command_has_help(self):
        for command in [[], ["serve"], ["migrate"], ["users"], ["users", "create"], ["audit"], ["audit", "verify"], ["demo"]]:
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
        self.assertRegex(intact.stdout.strip(), r"^audit chain intact: \d{3,} events$")
        ledger = harness.run("ledger", "verify", database=database)
        self.assertEqual(ledger.returncode, 0, ledger.stderr)
        self.assertRegex(ledger.stdout.strip(), r"^ledger chain intact: \d{3,} entries$")
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

    @unittest.skipUnless(os.environ.get("VIGIL_TEST_POSTGRES"), "needs VIGIL_TEST_POSTGRES")
    def test_the_same_commands_work_on_postgresql(self):
        server = os.environ["VIGIL_TEST_POSTGRES"]
        name = f"vigil_cli_{os.getpid()}"
        admin = server.replace("/postgres?", f"/{name}?")
        subprocess.run(["psql", server, "-c", f"CREATE DATABASE {name}"], check=True, capture_output=True)
        try:
            self.assertIn(f"applied {harness.MIGRATIONS} migration(s)", harness.run("migrate", database=admin, check=True).stdout)
            harness.run("demo", database=admin, check=True, at=harness.DEMO_INSTANT)
            self.assertRegex(harness.run("audit", "verify", database=admin).stdout.strip(), r"^audit chain intact: \d{3,} events$")
            self.assertRegex(harness.run("ledger", "verify", database=admin).stdout.strip(), r"^ledger chain intact: \d{3,} entries$")
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
