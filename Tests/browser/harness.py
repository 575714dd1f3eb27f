"""Runs the real `vigil` binary for the command-line and browser tests."""
import datetime
import re
import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

VIGIL = os.environ.get("VIGIL_BIN", "vigil")
ARTIFACTS = os.environ.get("VIGIL_ARTIFACTS", tempfile.gettempdir())
ADMIN_PASSWORD = "tangerine lighthouse 42"
# How many schema steps `vigil migrate` applies to an empty database.
MIGRATIONS = 21
# The site every installation starts with (migration 0020); a one-site clinic works there.
FIRST_SITE = "00000000-0000-4000-8000-000000000001"


# The fixed instant the command-line tests run the demo at (a Tuesday morning, UTC), so that no test
# depends on the hour it happens to run at; test_demo_clock covers the other hours.
DEMO_INSTANT = datetime.datetime(2026, 12, 1, 9, 20, tzinfo=datetime.timezone.utc)

# The instant every other `vigil` process here starts at, whatever the wall clock says: VIGIL_TEST_AT
# (e.g. 2026-12-06T11:00:00Z), by default Tuesday 1 December 2026 at 10:00 UTC. Each process is given
# its clock (VIGIL_CLOCK_START) from `now()`, which advances with the time the tests take, in UTC; the
# tests read the date and time from `now()` and `today()`, never from the machine.
TEST_AT = datetime.datetime.fromisoformat(os.environ.get("VIGIL_TEST_AT", "2026-12-01T10:00:00Z").replace("Z", "+00:00"))
_began = time.monotonic()


def now():
    """The tests' instant, in UTC (aware)."""
    return TEST_AT.astimezone(datetime.timezone.utc) + datetime.timedelta(seconds=time.monotonic() - _began)


def today():
    """The server's calendar day: the servers here run on UTC."""
    return now().date()


def clock_at(at):
    """The environment that starts a vigil process's clock at `at` (it runs on from there), with the
    machine's zone UTC. The machine's own clock is left alone, so a stray read of it shows up as a
    record dated at the real time."""
    return {"VIGIL_CLOCK_START": at.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z", "TZ": "UTC"}


def run(*args, stdin=None, database=None, check=False, env=None, at=None):
    """Runs `vigil ARGS` with its clock starting at `at` (an aware datetime; default `now()`), returning
    the completed process (text output)."""
    command = [VIGIL, *args] + (["--database", database] if database else [])
    return subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=300, check=check,
                          env={**os.environ, **clock_at(at or now()), **(env or {})})


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# With VIGIL_TEST_CLUSTER=1 (./scripts/cluster) every clinic a test makes is a PostgreSQL database on
# the server at VIGIL_TEST_POSTGRES, served by two `vigil serve` processes behind nginx with TLS.
CLUSTER = os.environ.get("VIGIL_TEST_CLUSTER") == "1"


class Server:
    """`vigil serve` on a free loopback port, stopped with SIGTERM; in cluster mode, two of them
    behind nginx (`url` is nginx's, `process` the first server's)."""

    def __new__(cls, database, *extra, env=None, port=None, single=False):
        if CLUSTER and not single:
            import sys
            sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "bench"))
            import cluster
            return cluster.Servers(database, 2, tls=True, env=env, extra=extra).__enter__()
        return super().__new__(cls)

    def __init__(self, database, *extra, env=None, port=None, single=False):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(os.path.join(ARTIFACTS, f"serve-{self.port}.log"), "a")
        self.process = subprocess.Popen([VIGIL, "serve", "--port", str(self.port), "--database", database, *extra],
                                        stdout=self.log, stderr=subprocess.STDOUT, env={**os.environ, **clock_at(now()), **(env or {})})
        deadline = time.time() + 60
        while time.time() < deadline and self.process.poll() is None:
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("vigil serve did not start; see " + self.log.name)

    def stop(self):
        """Sends SIGTERM and returns the exit code."""
        if self.process.poll() is None:
            self.process.terminate()
        code = self.process.wait(timeout=30)
        self.log.close()
        return code


class PostgresServer:
    """A PostgreSQL server of its own, in a temporary folder on a free loopback port, that a test can
    freeze (SIGSTOP to the server and every backend) and thaw."""

    def __enter__(self):
        import glob
        import shutil
        bindir = sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1]
        self.folder = tempfile.mkdtemp(prefix="vigil-pg-")
        self.port = free_port()
        as_postgres = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
        if as_postgres:
            shutil.chown(self.folder, "postgres")
        self.ctl = [*as_postgres, f"{bindir}/pg_ctl", "-D", self.folder]
        subprocess.run([*as_postgres, f"{bindir}/initdb", "-D", self.folder, "-U", "vigil", "--auth=trust", "-E", "UTF8"], check=True, capture_output=True)
        subprocess.run([*self.ctl, "-w", "-l", os.path.join(self.folder, "log"), "-o", f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1",
                        "start"], check=True, capture_output=True)
        self.url = f"postgres://vigil@127.0.0.1:{self.port}/postgres?sslmode=disable"
        with open(os.path.join(self.folder, "postmaster.pid")) as pid:
            self.pid = int(pid.readline())
        return self

    def processes(self):
        children = subprocess.run(["pgrep", "-P", str(self.pid)], capture_output=True, text=True).stdout.split()
        return [self.pid, *map(int, children)]

    def freeze(self):
        self.send(signal.SIGSTOP)

    def thaw(self):
        self.send(signal.SIGCONT)

    def send(self, number):
        # A backend listed may exit before it is signalled (the postmaster, resumed first, reaps the
        # ones whose connections Vigil closed meanwhile): that one needs no signal.
        for pid in self.processes():
            try:
                os.kill(pid, number)
            except ProcessLookupError:
                pass

    def __exit__(self, *_):
        self.thaw()
        subprocess.run([*self.ctl, "-m", "immediate", "stop"], capture_output=True)
        import shutil
        shutil.rmtree(self.folder, ignore_errors=True)


def page_session(server, email, password):
    """Signs in through the page form, as a browser does, and returns the session cookie (`server`: a
    Server, or the base URL)."""
    url = getattr(server, "url", server)
    class Stay(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *_):
            return None
    opener = urllib.request.build_opener(Stay)
    with opener.open(url + "/sign-in", timeout=10) as page:
        form_cookie = page.headers["Set-Cookie"].split(";")[0]
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.read().decode()).group(1)
    body = urllib.parse.urlencode({"csrf": csrf, "email": email, "password": password}).encode()
    request = urllib.request.Request(url + "/sign-in", data=body, method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": form_cookie})
    try:
        opener.open(request, timeout=10)
        raise AssertionError("signing in did not redirect")
    except urllib.error.HTTPError as signed_in:
        assert signed_in.code == 303, signed_in.code
        cookies = [value.split(";")[0] for value in signed_in.headers.get_all("Set-Cookie")]
    return next(cookie for cookie in cookies if "session" in cookie.split("=")[0])


_databases = iter(range(1, 1_000_000))


def temporary_database():
    """A new, empty clinic's database: a SQLite file, or in cluster mode a PostgreSQL database."""
    if CLUSTER:
        import glob
        url = os.environ["VIGIL_TEST_POSTGRES"]
        name = f"cluster_{os.getpid()}_{next(_databases)}"
        psql = os.path.join(sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1], "psql")
        subprocess.run([psql, url, "-tAc", f"CREATE DATABASE {name}"], check=True, capture_output=True)
        return url.replace("/postgres?", f"/{name}?")
    folder = tempfile.mkdtemp(prefix="vigil-e2e-")
    return os.path.join(folder, "vigil.sqlite")


def scratch_folder():
    """A new folder in memory where the machine has one (/dev/shm), for databases that many tests fill."""
    return tempfile.mkdtemp(prefix="vigil-e2e-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)


def checkpoint_files():
    """Environment naming a new checkpoint key and log, for PostgreSQL clinics (whose default is the working folder)."""
    folder = tempfile.mkdtemp(prefix="vigil-keys-")
    return {"VIGIL_CHECKPOINT_KEY": os.path.join(folder, "checkpoint.key"), "VIGIL_CHECKPOINT_LOG": os.path.join(folder, "checkpoints.jsonl")}



def follow(browser, by, selector):
    """Clicks a link or submit button and waits until the next page has replaced this one, so
    nothing is ever read from the page being left."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait
    page = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(by, selector).click()
    # Chromium may answer "node does not belong to the document" mid-navigation; that is the
    # old page going away too, so the wait polls again until the element is reported stale.
    WebDriverWait(browser, 10, ignored_exceptions=[WebDriverException]).until(expected_conditions.staleness_of(page))


def fill(browser, element_id, value):
    """Types into a field; dates and times are set directly, as their pickers differ by locale."""
    from selenium.webdriver.common.by import By
    field = browser.find_element(By.ID, element_id)
    if field.get_attribute("type") in ("date", "time", "datetime-local"):
        browser.execute_script("arguments[0].value = arguments[1]", field, value)
    else:
        field.clear()
        field.send_keys(value)


def chrome(size, phone=False):
    """A headless Chromium with a window of `size` ("width,height"); `phone` emulates a touch device."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", f"--window-size={size}",
                     # In cluster mode nginx's certificate is one ./scripts/cluster made.
                     *(["--ignore-certificate-errors"] if CLUSTER else [])]:
        options.add_argument(argument)
    if phone:
        width, height = (int(part) for part in size.split(","))
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": width, "height": height, "pixelRatio": 3}})
    options.binary_location = "/usr/bin/chromium"
    browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    browser.implicitly_wait(5)
    return browser


class ScreenshotOnFailure:
    """A test-case mixin that keeps a screenshot of each browser whenever a test fails."""

    def browsers(self):
        return {"": self.browser}

    def run(self, result=None):
        before = len(result.failures) + len(result.errors) if result else 0
        outcome = super().run(result)
        if result and len(result.failures) + len(result.errors) > before:
            for name, browser in self.browsers().items():
                path = os.path.join(ARTIFACTS, f"{self.id()}{'-' + name if name else ''}.png")
                browser.save_screenshot(path)
                print(f"screenshot: {path}")
        return outcome
