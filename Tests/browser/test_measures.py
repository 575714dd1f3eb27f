"""Measures at a real Chromium and a real SMTP server: a prescriber emails a PHQ-9 link, the patient
answers it in a phone-sized window and sees the crisis line when answering item 9, the prescriber
acknowledges the alert and sees the trajectory; a weekly plan emails its link on its own."""
import email
import os
import re
import threading
import unittest

from aiosmtpd.controller import Controller
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import harness

PRESCRIBER = "osei@clinic.example"


class Inbox:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self):
        self.messages = []
        self.arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope):
        with self.arrived:
            self.messages.append((envelope.rcpt_tos, email.message_from_bytes(envelope.content)))
            self.arrived.notify_all()
        return "250 OK"

    def wait_for(self, count, timeout=20):
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.messages) >= count, timeout)
        return self.messages

    @staticmethod
    def link(message):
        body = message.get_payload(decode=True).decode("utf-8")
        return re.search(r"http://\S+/m/[A-Za-z0-9_-]+", body).group(0)


class MeasuresTests(harness.ScreenshotOnFailure, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.inbox = Inbox()
        cls.smtp = Controller(cls.inbox, hostname="127.0.0.1", port=harness.free_port())
        cls.smtp.start()
        cls.database = harness.temporary_database()
        harness.run("users", "create", "--email", PRESCRIBER, "--name", "Dr Kofi Osei", "--role", "prescriber",
                    stdin=harness.ADMIN_PASSWORD + "\n", database=cls.database, check=True)
        cls.server = harness.Server(cls.database, env={
            "VIGIL_SMTP_HOST": "127.0.0.1", "VIGIL_SMTP_PORT": str(cls.smtp.port), "VIGIL_SMTP_SECURITY": "none",
            "VIGIL_SMTP_FROM": "Harbor Clinic <measures@harbor.example>", "VIGIL_MEASURE_CHECK_SECONDS": "1"})
        cls.browser = harness.chrome("1024,1366")
        cls.phone = harness.chrome("390,844", phone=True)

    @classmethod
    def tearDownClass(cls):
        cls.browser.quit()
        cls.phone.quit()
        cls.server.stop()
        cls.smtp.stop()

    def browsers(self):
        return {"clinic": self.browser, "phone": self.phone}

    def follow(self, browser, by, selector):
        harness.follow(browser, by, selector)

    def fill(self, element_id, value):
        harness.fill(self.browser, element_id, value)

    def test_a_patient_answers_an_emailed_phq9_on_a_phone_and_the_prescriber_acts_on_the_alert(self):
        browser = self.browser
        browser.get(self.server.url + "/sign-in")
        self.fill("email", PRESCRIBER)
        self.fill("password", harness.ADMIN_PASSWORD)
        self.follow(browser, By.CSS_SELECTOR, "form[action='/sign-in'] button")

        # Register the patient with an email address.
        browser.get(self.server.url + "/patients/new")
        self.fill("givenName", "Lena")
        self.fill("familyName", "Okafor")
        self.fill("birthDate", "1979-05-02")
        Select(browser.find_element(By.ID, "sex")).select_by_value("female")
        self.fill("email", "lena@example.org")
        self.follow(browser, By.CSS_SELECTOR, "form[action='/patients'] button[type=submit]")
        chart = browser.current_url

        # Send a PHQ-9 from the chart: it goes by email through the clinic's SMTP server.
        browser.find_element(By.XPATH, "//summary[text()='Send a measure to the patient']").click()
        Select(browser.find_element(By.ID, "send-instrument")).select_by_value("phq9")
        self.follow(browser, By.XPATH, "//button[text()='Send link']")
        self.assertIn("Emailed the PHQ-9 link to the patient.", browser.find_element(By.CSS_SELECTOR, "p.ok").text)
        recipients, message = self.inbox.wait_for(1)[0]
        self.assertEqual(recipients, ["lena@example.org"])
        self.assertEqual(message["From"], "Harbor Clinic <measures@harbor.example>")
        link = Inbox.link(message)

        # The patient answers on a phone; choosing an answer above 0 on item 9 shows the crisis line at once.
        phone = self.phone
        phone.get(link)
        self.assertIn("Hello Lena", phone.find_element(By.TAG_NAME, "body").text)
        self.assertIn("Dr Kofi Osei", phone.find_element(By.TAG_NAME, "body").text)
        crisis = phone.find_element(By.ID, "crisis")
        for index in range(8):
            phone.find_element(By.CSS_SELECTOR, f"input[name='item-{index}'][value='2']").click()
        phone.find_element(By.CSS_SELECTOR, "input[name='item-8'][value='0']").click()
        self.assertFalse(crisis.is_displayed(), "no crisis message while item 9 is 0")
        phone.find_element(By.CSS_SELECTOR, "input[name='item-8'][value='1']").click()
        self.assertTrue(crisis.is_displayed())
        self.assertIn("988", crisis.text)
        self.assertEqual(phone.execute_script("return window.innerWidth"), 390)
        self.assertLessEqual(phone.execute_script("return document.documentElement.scrollWidth"), 390, "nothing wider than the phone")
        self.follow(phone, By.CSS_SELECTOR, "form button[type=submit]")
        self.assertEqual(phone.find_element(By.TAG_NAME, "h1").text, "Thank you")
        self.assertIn("988", phone.find_element(By.CSS_SELECTOR, ".crisis").text)
        phone.get(link)
        self.assertIn("already answered", phone.find_element(By.ID, "link-state").text)

        # The prescriber sees the alert, acknowledges it with the action taken, and sees the trajectory.
        browser.get(self.server.url + "/alerts")
        alert = browser.find_element(By.CSS_SELECTOR, ".alert-banner")
        self.assertIn("Lena Okafor", alert.text)
        self.assertIn("PHQ-9 item 9 (thoughts of death or self-harm) answered 1 (Several days)", alert.text)
        alert.find_element(By.NAME, "actionTaken").send_keys("Called Lena; safety plan reviewed; seen tomorrow")
        self.follow(browser, By.XPATH, "//button[text()='Acknowledge alert']")
        self.assertIn("Acknowledged the PHQ-9 alert.", browser.find_element(By.CSS_SELECTOR, "p.ok").text)
        self.assertIn("No open alerts.", browser.find_element(By.TAG_NAME, "main").text)

        browser.get(chart)
        self.assertEqual(browser.find_elements(By.CSS_SELECTOR, ".alert-banner"), [])
        svg = browser.find_element(By.CSS_SELECTOR, "svg.trajectory")
        self.assertEqual(svg.find_element(By.TAG_NAME, "title").get_attribute("textContent"), "PHQ-9 over time")
        self.assertEqual(len(svg.find_elements(By.CSS_SELECTOR, "circle.point.flagged")), 1)

        # A weekly plan: the first measure is due today, and the server emails it on its own.
        browser.find_element(By.XPATH, "//summary[text()='Start a measurement plan']").click()
        Select(browser.find_element(By.ID, "plan-instrument")).select_by_value("gad7")
        self.follow(browser, By.XPATH, "//button[text()='Start plan']")
        self.assertIn("Planned GAD-7 every 7 days", browser.find_element(By.CSS_SELECTOR, "p.ok").text)
        recipients, message = self.inbox.wait_for(2)[1]
        self.assertEqual(recipients, ["lena@example.org"])
        self.assertIn("GAD-7", message["Subject"])
        browser.get(self.server.url + "/measures")
        self.assertIn("sent", browser.find_element(By.TAG_NAME, "table").text)
        browser.save_screenshot(os.path.join(harness.ARTIFACTS, "measures.png"))


if __name__ == "__main__":
    unittest.main()
