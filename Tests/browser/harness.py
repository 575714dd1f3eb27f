"""Runs the real `vigil` binary for the command-line and browser tests."""
import datetime
import os
import socket
import subprocess
import tempfile
import time
import urllib.request

VIGIL = os.environ.get("VIGIL_BIN", "vigil")
ARTIFACTS = os.environ.get("VIGIL_ARTIFACTS", tempfile.gettempdir())
ADMIN_PASSWORD = "tangerine lighthouse 42"
# How many schema steps `vigil migrate` applies to an empty database.
MIGRATIONS = 11


# The fixed instant the command-line tests run the demo at (a Tuesday morning, UTC), so that no test
# depends on the hour it happens to run at; test_demo_clock covers the other hours.
DEMO_INSTANT = datetime.datetime(2026, 12, 1, 9, 20, tzinfo=datetime.timezone.utc)


def run(*args, stdin=None, database=None, check=False, env=None, at=None):
    """Runs `vigil ARGS`, returning the completed process (text output); with `at` (an aware datetime)
    under faketime, its clock starting at that instant, on a machine in UTC."""
    command = [VIGIL, *args] + (["--database", database] if database else [])
    if at is not None:
        command = ["faketime", "-f", "@" + at.astimezone(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S"), *command]
        env = {"TZ": "UTC", **(env or {})}
    return subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=300, check=check,
                          env={**os.environ, **(env or {})})


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`vigil serve` on a free loopback port, stopped with SIGTERM."""

    def __init__(self, database, *extra, env=None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(os.path.join(ARTIFACTS, f"serve-{self.port}.log"), "w")
        self.process = subprocess.Popen([VIGIL, "serve", "--port", str(self.port), "--database", database, *extra],
                                        stdout=self.log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
        deadline = time.time() + 60
        while time.time() < deadline:
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


def temporary_database():
    folder = tempfile.mkdtemp(prefix="vigil-e2e-")
    return os.path.join(folder, "vigil.sqlite")


def scratch_folder():
    """A new folder in memory where the machine has one (/dev/shm), for databases that many tests fill."""
    return tempfile.mkdtemp(prefix="vigil-e2e-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)


def checkpoint_files():
    """Environment naming a new checkpoint key and log, for PostgreSQL clinics (whose default is the working folder)."""
    folder = tempfile.mkdtemp(prefix="vigil-keys-")
    return {"VIGIL_CHECKPOINT_KEY": os.path.join(folder, "checkpoint.key"), "VIGIL_CHECKPOINT_LOG": os.path.join(folder, "checkpoints.jsonl")}


def has_faketime():
    import shutil
    return shutil.which("faketime") is not None


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
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", f"--window-size={size}"]:
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
