"""The demo clinic at every hour: `vigil demo` run with its clock at fixed instants on a weekday, a
Saturday and a Sunday, on the clinic's wall clock in UTC and in Pacific/Auckland (13 hours ahead in
December) while the machine stays on UTC, leaves a session in every state on its demo day, nothing
charted after the instant it was made for, and both chains intact."""
import concurrent.futures
import datetime
import os
import shutil
import sqlite3
import unittest
import zoneinfo

import harness

# Tuesday, Saturday and Sunday of one week; the demo clinic opens Monday to Friday, 08:00–18:00.
DAYS = [datetime.date(2026, 12, 1), datetime.date(2026, 12, 5), datetime.date(2026, 12, 6)]
TIMES = [datetime.time(7, 0), datetime.time(9, 20), datetime.time(12, 59), datetime.time(15, 30), datetime.time(23, 30)]
ZONES = ["UTC", "Pacific/Auckland"]
LIVE_STATES = {"scheduled", "checked-in", "ready", "dosing", "monitoring", "discharged", "stopped-early"}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def expected_demo_day(local):
    """Today from five hours after opening (13:00) on a clinic day; otherwise the last clinic day."""
    if local.weekday() < 5 and local.time() >= datetime.time(13, 0):
        return local.date()
    day = local.date() - datetime.timedelta(days=1)
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    return day


def run_demo_at(local, zone):
    """Runs `vigil demo --time-zone ZONE` with its clock at the local instant, on a UTC machine whose own
    clock says the real time (a stray read of it shows up as a record after the instant)."""
    instant = local.replace(tzinfo=zoneinfo.ZoneInfo(zone)).astimezone(datetime.timezone.utc)
    database = os.path.join(harness.scratch_folder(), "vigil.sqlite")
    return instant, database, harness.run("demo", "--time-zone", zone, database=database, at=instant)


class DemoAtEveryHourTests(unittest.TestCase):
    def test_the_demo_day_has_every_state_at_every_hour_weekday_and_zone(self):
        cases = [(datetime.datetime.combine(day, time), zone) for zone in ZONES for day in DAYS for time in TIMES]
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            runs = list(pool.map(lambda case: (case, run_demo_at(*case)), cases))
        try:
            for (local, zone), (instant, database, result) in runs:
                with self.subTest(at=local.isoformat(timespec="minutes"), zone=zone):
                    self.check(local, instant, database, result)
        finally:
            for _, (_, database, _) in runs:
                shutil.rmtree(os.path.dirname(database), ignore_errors=True)

    def check(self, local, instant, database, result):
        self.assertEqual(result.returncode, 0, result.stderr)
        day = expected_demo_day(local)
        words = "today" if day == local.date() else f"{WEEKDAYS[day.weekday()]} {day.isoformat()}"
        self.assertRegex(result.stdout, rf"8 sessions in every state on the demo day — {words}, charted up to \d\d:\d\d")
        latest = (instant + datetime.timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%S")
        with sqlite3.connect(database) as connection:
            states = [row[0] for row in connection.execute("SELECT status FROM dosing_sessions WHERE session_date = ?", (day.isoformat(),))]
            alert = connection.execute(
                "SELECT count(*) FROM dosing_sessions s JOIN session_vitals v ON v.session_id = s.id "
                "WHERE s.session_date = ? AND s.status = 'monitoring' AND v.systolic >= 180", (day.isoformat(),)).fetchone()[0]
            future = [connection.execute(f"SELECT count(*) FROM {table} WHERE {column} > ?", (latest,)).fetchone()[0]
                      for table, column in [("audit_events", "occurred_at"), ("ledger_entries", "occurred_at"), ("session_vitals", "taken_at"),
                                            ("session_transitions", "moved_at"), ("dosing_sessions", "created_at")]]
            administrations = connection.execute("SELECT count(*) FROM session_administrations").fetchone()[0]
            infusions = connection.execute("SELECT count(*) FROM session_administrations a JOIN dosing_sessions s ON s.id = a.session_id "
                                           "WHERE s.route = 'iv-ketamine'").fetchone()[0]
            first, second = (connection.execute(f"SELECT count(*) FROM stock_lots WHERE site_id {test} ?", (harness.FIRST_SITE,)).fetchone()[0]
                             for test in ("=", "<>"))
            inventories = connection.execute("SELECT count(*) FROM physical_inventories").fetchone()[0]
            transfers = connection.execute("SELECT count(*) FROM ledger_entries WHERE kind = 'transfer'").fetchone()[0]
        self.assertTrue(LIVE_STATES <= set(states), f"demo day {day}: {sorted(states)}")
        self.assertEqual(states.count("monitoring"), 2, states)
        self.assertEqual(alert, 1, "one monitoring session with a BP alert")
        self.assertEqual(future, [0] * 5, f"records after {latest}")
        audit = harness.run("audit", "verify", database=database)
        self.assertRegex(audit.stdout, r"^audit chain intact: \d{3,} events\nhead matches the checkpoint of " + instant.strftime("%Y-%m-%dT%H:%M:%S"))
        # Each lot of the first site received, counted in its initial inventory and at last evening's
        # count, every dose drawn and each opened vial's remainder wasted; the second site's two lots (one
        # by the transfer out of the first) received and counted in its own initial inventory.
        self.assertEqual((inventories, first, second, transfers), (2, 3, 2, 1), "an initial inventory at each site, one transfer")
        ledger = harness.run("ledger", "verify", database=database)
        self.assertEqual(ledger.stdout.splitlines()[0],
                         f"ledger chain intact: {3 * first + 2 * second + transfers + administrations + infusions} entries")


if __name__ == "__main__":
    unittest.main()
