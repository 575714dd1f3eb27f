"""A clinic network's cluster (./scripts/cluster runs this with VIGIL_TEST_CLUSTER=1; the name keeps it out of
the browser suite's discovery): PostgreSQL, two
`vigil serve` processes and nginx with TLS in front, round robin. A sign-out at one process ends the
session at the other, the sign-in lock-out counts the attempts made at both, and one process killed
mid-run loses no acknowledged write while the other keeps serving."""
import json
import os
import sys
import threading
import time
import unittest

import harness

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "bench"))
import bench  # noqa: E402
import crash  # noqa: E402

EMAIL = "nurse1-001@network.vigil.example"


@unittest.skipUnless(harness.CLUSTER, "runs in ./scripts/cluster (VIGIL_TEST_CLUSTER=1)")
class ClusterTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.database = harness.temporary_database()
        cls.keys = harness.checkpoint_files()
        harness.run("seed", "--sessions-per-site", "300", database=cls.database, check=True, env=cls.keys)
        cls.cluster = harness.Server(cls.database, env=cls.keys)
        cls.first, cls.second = (server.url for server in cls.cluster.servers)

    @classmethod
    def tearDownClass(cls):
        cls.cluster.stop()

    def sign_in(self, url, password=bench.PASSWORD):
        return bench.call(url, "POST", "/api/v1/auth/token", "Content-Type: application/json", json.dumps({"email": EMAIL, "password": password}))

    def test_a_sign_out_at_one_process_ends_the_session_at_the_other(self):
        status, body = self.sign_in(self.first)
        self.assertEqual(status, 200, body)
        token = f"Authorization: Bearer {json.loads(body)['token']}"
        self.assertEqual(bench.call(self.second, "GET", "/api/v1/auth/me", token)[0], 200)
        self.assertEqual(bench.call(self.second, "DELETE", "/api/v1/auth/token", token)[0], 204)
        self.assertEqual(bench.call(self.first, "GET", "/api/v1/auth/me", token)[0], 401)
        self.assertEqual(bench.call(self.cluster.url, "GET", "/api/v1/auth/me", token)[0], 401)

    def test_the_lock_out_counts_attempts_at_every_process(self):
        email = "prescriber1-001@network.vigil.example"
        attempt = lambda url, password: bench.call(url, "POST", "/api/v1/auth/token", "Content-Type: application/json",
                                                   json.dumps({"email": email, "password": password}))[0]
        statuses = [attempt(self.first if number % 2 else self.second, "wrong password") for number in range(10)]
        self.assertEqual(statuses, [401] * 10, "five wrong passwords at each process")
        self.assertEqual(attempt(self.first, bench.PASSWORD), 429, "the eleventh attempt is refused at the first process")
        self.assertEqual(attempt(self.second, bench.PASSWORD), 429, "and at the second")

    def test_one_process_killed_mid_run_loses_nothing_and_the_other_keeps_serving(self):
        ids = bench.prepare(self.cluster.url)
        writers = crash.Writers(self.cluster.url, ids)
        began = time.monotonic()
        killed_at = []
        turn = threading.Lock()

        def until(allow_outage=False):
            with turn:
                if not killed_at and time.monotonic() > began + 1.5:
                    self.cluster.kill(0)
                    killed_at.append(len(writers.statuses))
                return time.monotonic() > began + 5
        writers.run(4, until)
        after = writers.statuses[killed_at[0]:]
        self.assertGreater(sum(200 <= s < 300 for s in after), 20, f"the other process kept serving: {sorted(set(after))}")
        present = crash.found(self.cluster.url, ids, writers.acknowledged)
        lost = [write for write in writers.acknowledged if write[1] not in present]
        self.assertEqual(lost, [], f"{len(writers.acknowledged)} acknowledged, {len(lost)} lost")
        self.assertEqual(crash.unaudited(self.database), 0)
        self.cluster.restart(0)


if __name__ == "__main__":
    unittest.main()
