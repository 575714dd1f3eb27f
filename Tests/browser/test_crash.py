"""Crash rounds in the suite (bench/crash.py, `./scripts/crash` for more rounds): clients register
patients, record measures and chart vitals while the server is killed with SIGKILL and restarted, and
on PostgreSQL the database server itself is killed and restarted under them (503 meanwhile, recovery
after). Every acknowledged write is found, none is without its audit event, and both chains and their
checkpoints verify."""
import os
import sys
import unittest

import harness

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "bench"))
import cluster  # noqa: E402
import crash  # noqa: E402

ROUNDS = int(os.environ.get("VIGIL_CRASH_ROUNDS", "3"))


class CrashRoundTests(unittest.TestCase):
    def check(self, results):
        for result in results:
            with self.subTest(round=result["round"], killed=result["killed"]):
                self.assertGreater(result["acknowledged"], 0, "the round wrote something before the kill")
                self.assertEqual((result["lost"], result["unaudited"]), (0, 0), result)

    def test_no_acknowledged_write_is_lost_to_kills_on_sqlite(self):
        self.check(crash.rounds(harness.VIGIL, "sqlite", ROUNDS, say=lambda line: None))

    @unittest.skipUnless(os.environ.get("VIGIL_TEST_POSTGRES"), "needs PostgreSQL")
    def test_no_acknowledged_write_is_lost_to_kills_of_vigil_or_postgresql(self):
        postgres = cluster.Postgres()
        try:
            self.check(crash.rounds(harness.VIGIL, "postgres", ROUNDS - 1, postgres=postgres, say=lambda line: None))
        finally:
            postgres.stop()


if __name__ == "__main__":
    unittest.main()
