"""A person at a real Chromium: sign in, create a user, find it in the audit log, sign out."""
import os
import unittest

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait

import harness

ADMIN = "admin@clinic.example"


class BrowserTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.database = harness.temporary_database()
        harness.run("users", "create", "--email", ADMIN, "--name", "Ada Admin", "--role", "admin",
                    stdin=harness.ADMIN_PASSWORD + "\n", database=cls.database, check=True)
        cls.server = harness.Server(cls.database)
        options = webdriver.ChromeOptions()
        for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1024,1366"]:
            options.add_argument(argument)
        options.binary_location = "/usr/bin/chromium"
        cls.browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        cls.browser.implicitly_wait(5)

    @classmethod
    def tearDownClass(cls):
        cls.browser.quit()
        cls.server.stop()

    def run(self, result=None):
        """Keeps a screenshot of the page whenever a test fails."""
        before = len(result.failures) + len(result.errors) if result else 0
        outcome = super().run(result)
        if result and len(result.failures) + len(result.errors) > before:
            path = os.path.join(harness.ARTIFACTS, f"{self.id()}.png")
            self.browser.save_screenshot(path)
            print(f"screenshot: {path}")
        return outcome

    def sign_in(self, email, password):
        self.browser.get(self.server.url + "/")
        self.assertIn("/sign-in", self.browser.current_url, "an anonymous visit is sent to sign in")
        self.browser.find_element(By.ID, "email").send_keys(email)
        self.browser.find_element(By.ID, "password").send_keys(password)
        self.follow(By.CSS_SELECTOR, "form[action='/sign-in'] button")

    def follow(self, by, selector):
        """Clicks a link or submit button and waits until the next page has replaced this one, so
        nothing is ever read from the page being left."""
        page = self.browser.find_element(By.TAG_NAME, "html")
        self.browser.find_element(by, selector).click()
        WebDriverWait(self.browser, 10).until(expected_conditions.staleness_of(page))

    def sign_out(self):
        self.follow(By.CSS_SELECTOR, "form.who button")

    def test_1_a_wrong_password_shows_an_error(self):
        self.sign_in(ADMIN, "not the password at all")
        error = self.browser.find_element(By.ID, "sign-in-error")
        self.assertEqual(error.text, "Email or password is incorrect.")
        self.assertIn("does not replace, clinical judgement", self.browser.page_source)

    def test_2_admin_creates_a_user_finds_it_in_the_audit_log_and_signs_out(self):
        self.sign_in(ADMIN, harness.ADMIN_PASSWORD)
        self.assertEqual(self.browser.find_element(By.TAG_NAME, "h1").text, "Welcome, Ada Admin")

        self.follow(By.LINK_TEXT, "Users")
        self.browser.find_element(By.ID, "name").send_keys("Nia Nurse")
        self.browser.find_element(By.ID, "email").send_keys("nia@clinic.example")
        Select(self.browser.find_element(By.ID, "role")).select_by_value("nurse")
        self.browser.find_element(By.ID, "password").send_keys("a nurse passphrase")
        self.follow(By.CSS_SELECTOR, "form[action='/users'] button")
        self.assertIn("Created the account for nia@clinic.example.", self.browser.find_element(By.CSS_SELECTOR, "p.ok").text)
        self.assertIn("nia@clinic.example", self.browser.find_element(By.TAG_NAME, "table").text)

        self.follow(By.LINK_TEXT, "Audit log")
        Select(self.browser.find_element(By.ID, "action")).select_by_value("create")
        self.follow(By.CSS_SELECTOR, "form.filters button")
        rows = self.browser.find_elements(By.CSS_SELECTOR, "#audit-events tbody tr")
        created = [row.text for row in rows if "role: nurse" in row.text]
        self.assertEqual(len(created), 1, [row.text for row in rows])
        self.assertIn(ADMIN, created[0])
        self.follow(By.LINK_TEXT, "Verify the hash chain")
        self.assertIn("Chain intact", self.browser.find_element(By.CSS_SELECTOR, "p.chain").text)
        self.browser.save_screenshot(os.path.join(harness.ARTIFACTS, "audit-log.png"))

        self.sign_out()
        self.assertIn("You have signed out.", self.browser.find_element(By.CSS_SELECTOR, "p.ok").text)
        self.browser.get(self.server.url + "/users")
        self.assertIn("/sign-in", self.browser.current_url, "the session ended with sign-out")


if __name__ == "__main__":
    unittest.main()
