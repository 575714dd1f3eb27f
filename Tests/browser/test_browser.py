"""People at a real Chromium: sign in, create a user, find it in the audit log, sign out; a consultation
request followed from the public form to a treatment-resistant, screened, signed and consented patient."""
import os
import unittest

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import harness

ADMIN = "admin@clinic.example"
PRESCRIBER = "pat@clinic.example"


class BrowserTests(harness.ScreenshotOnFailure, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.database = harness.temporary_database()
        harness.run("users", "create", "--email", ADMIN, "--name", "Ada Admin", "--role", "admin",
                    stdin=harness.ADMIN_PASSWORD + "\n", database=cls.database, check=True)
        harness.run("users", "create", "--email", PRESCRIBER, "--name", "Dr Pat Prescriber", "--role", "prescriber",
                    stdin=harness.ADMIN_PASSWORD + "\n", database=cls.database, check=True)
        cls.server = harness.Server(cls.database)
        cls.browser = harness.chrome("1024,1366")

    @classmethod
    def tearDownClass(cls):
        cls.browser.quit()
        cls.server.stop()

    def sign_in(self, email, password):
        self.browser.get(self.server.url + "/")
        self.assertIn("/sign-in", self.browser.current_url, "an anonymous visit is sent to sign in")
        self.browser.find_element(By.ID, "email").send_keys(email)
        self.browser.find_element(By.ID, "password").send_keys(password)
        self.follow(By.CSS_SELECTOR, "form[action='/sign-in'] button")

    def follow(self, by, selector):
        harness.follow(self.browser, by, selector)

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

    def fill(self, element_id, value):
        harness.fill(self.browser, element_id, value)

    def test_3_a_consultation_request_becomes_a_treatment_resistant_consented_patient(self):
        # An admin publishes the consent text the patient will read.
        self.sign_in(ADMIN, harness.ADMIN_PASSWORD)
        self.follow(By.LINK_TEXT, "Settings")
        Select(self.browser.find_element(By.ID, "template-route")).select_by_value("iv-ketamine")
        self.fill("template-title", "Consent to IV ketamine")
        self.fill("template-body", "Ketamine is given by intravenous infusion. It can cause dissociation and raise blood pressure.")
        self.follow(By.CSS_SELECTOR, "form[action='/settings/consent-templates'] button")
        self.assertIn("version 1", self.browser.find_element(By.CSS_SELECTOR, "p.ok").text)
        self.sign_out()

        # Someone asks for a consultation on the clinic's public page.
        self.browser.get(self.server.url + "/consult")
        self.fill("name", "Maya Lindqvist")
        self.fill("phone", "555 010 0177")
        self.fill("preferredContactTime", "weekday mornings")
        self.fill("message", "Two antidepressants have not helped me.")
        self.browser.find_element(By.NAME, "consentToContact").click()
        self.follow(By.CSS_SELECTOR, "form[action='/consult'] button")
        self.assertIn("we have your request", self.browser.find_element(By.TAG_NAME, "h1").text)
        self.assertIn("988", self.browser.find_element(By.CSS_SELECTOR, "[role=note]").text)

        # The prescriber converts it into a patient record.
        self.sign_in(PRESCRIBER, harness.ADMIN_PASSWORD)
        self.follow(By.LINK_TEXT, "Consultation requests")
        self.follow(By.LINK_TEXT, "Register Maya Lindqvist as a patient")
        self.assertEqual(self.browser.find_element(By.ID, "givenName").get_attribute("value"), "Maya")
        self.assertEqual(self.browser.find_element(By.ID, "familyName").get_attribute("value"), "Lindqvist")
        self.fill("birthDate", "1984-03-09")
        Select(self.browser.find_element(By.ID, "sex")).select_by_value("female")
        self.fill("weightKg", "64")
        self.follow(By.CSS_SELECTOR, "form[action='/patients'] button[type=submit]")
        self.assertIn("Registered Maya Lindqvist", self.browser.find_element(By.CSS_SELECTOR, "p.ok").text)

        # Two adequate trials that failed.
        for drug, dose, start, end, outcome in [("sertraline", "150", "2025-01-06", "2025-03-31", "no-response"),
                                                ("venlafaxine", "225", "2025-04-14", "2025-07-07", "partial-response")]:
            summary = self.browser.find_element(By.XPATH, "//summary[text()='Record an antidepressant trial']")
            if self.browser.find_element(By.ID, "drug").is_displayed() is False:
                summary.click()
            self.fill("drug", drug)
            self.fill("dailyDoseMg", dose)
            self.fill("startDate", start)
            self.fill("endDate", end)
            # Episode, adherence and outcome are chosen each time: nothing is preselected.
            Select(self.browser.find_element(By.ID, "currentEpisode")).select_by_value("yes")
            Select(self.browser.find_element(By.ID, "adherence")).select_by_value("adequate")
            Select(self.browser.find_element(By.ID, "outcome")).select_by_value(outcome)
            self.follow(By.XPATH, "//button[text()='Record trial']")
            self.assertIn(f"Recorded the {drug} trial.", self.browser.find_element(By.CSS_SELECTOR, "p.ok").text)
        verdict = self.browser.find_element(By.ID, "trd-verdict").text
        self.assertIn("Treatment-resistant", verdict)
        self.assertIn("2 adequate failed trials", verdict)
        self.assertIn("Sertraline 150 mg/day reaches the 50 mg/day minimum.", self.browser.find_element(By.TAG_NAME, "table").text)

        # The screening, all clear, with a normal blood pressure.
        self.follow(By.LINK_TEXT, "Complete the screening")
        for radio in self.browser.find_elements(By.CSS_SELECTOR, "input[type=radio][value=no]"):
            radio.click()
        self.fill("systolic", "124")
        self.fill("diastolic", "78")
        self.follow(By.XPATH, "//button[text()='Save screening']")
        self.assertIn("IV ketamine: eligible", self.browser.find_element(By.ID, "eligibility").find_element(By.XPATH, "..").text)

        # The prescriber signs the decision.
        Select(self.browser.find_element(By.ID, "sign-route")).select_by_value("iv-ketamine")
        self.fill("sign-note", "Reviewed with the patient.")
        self.follow(By.XPATH, "//button[text()='Sign eligibility decision']")
        decisions = self.browser.find_element(By.CSS_SELECTOR, "ul.decisions").text
        self.assertIn("IV ketamine: eligible — signed by Dr Pat Prescriber", decisions)
        self.assertIn("current", decisions)

        # The patient reads the text and signs on the tablet, witnessed by the prescriber.
        self.follow(By.XPATH, "//section[@aria-labelledby='consents']//a[text()='IV ketamine']")
        self.assertIn("raise blood pressure", self.browser.find_element(By.CSS_SELECTOR, ".consent-text").text)
        self.browser.find_element(By.NAME, "understood").click()
        self.fill("typedName", "Maya Lindqvist")
        self.follow(By.XPATH, "//button[text()='Sign consent']")
        consents = self.browser.find_element(By.CSS_SELECTOR, "ul.consents").text
        self.assertIn("IV ketamine, template version 1: “Maya Lindqvist”", consents)
        self.assertIn("witnessed by Dr Pat Prescriber", consents)
        self.browser.save_screenshot(os.path.join(harness.ARTIFACTS, "chart.png"))
        self.sign_out()


if __name__ == "__main__":
    unittest.main()
