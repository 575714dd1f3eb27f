"""Courses at a real Chromium: a prescriber plans an esketamine course from the chart, sees its 12
planned sessions, books them into chairs, finds them on the chair board, and cancels one with a reason.
The patient's record (consent text, screening, signed decision, consent) is set up through the real API."""
import datetime
import json
import os
import unittest
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import harness
from test_measures import chrome

ADMIN = "admin@clinic.example"
PRESCRIBER = "mensah@clinic.example"
NURSE = "okafor@clinic.example"
SCREENING_ITEMS = ["aneurysmal-vascular-disease", "intracerebral-haemorrhage", "hypersensitivity", "uncontrolled-hypertension",
                   "unstable-cardiovascular-disease", "psychosis", "active-substance-use-disorder", "pregnancy-or-breastfeeding",
                   "raised-intracranial-or-intraocular-pressure", "untreated-hyperthyroidism", "severe-hepatic-impairment",
                   "benzodiazepines", "other-sedatives", "stimulants", "maoi"]


def api(server, token, method, path, body=None):
    request = urllib.request.Request(server.url + path, method=method, data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"{}")


class CoursesTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.database = harness.temporary_database()
        for email, name, role in [(ADMIN, "Ada Admin", "admin"), (PRESCRIBER, "Dr Ama Mensah", "prescriber"), (NURSE, "Nia Okafor", "nurse")]:
            harness.run("users", "create", "--email", email, "--name", name, "--role", role,
                        stdin=harness.ADMIN_PASSWORD + "\n", database=cls.database, check=True)
        cls.server = harness.Server(cls.database)
        cls.browser = chrome("1024,1366")

    @classmethod
    def tearDownClass(cls):
        cls.browser.quit()
        cls.server.stop()

    def run(self, result=None):
        before = len(result.failures) + len(result.errors) if result else 0
        outcome = super().run(result)
        if result and len(result.failures) + len(result.errors) > before:
            self.browser.save_screenshot(os.path.join(harness.ARTIFACTS, f"{self.id()}.png"))
        return outcome

    def ready_patient(self):
        """A patient with everything an esketamine course needs, entered through the API."""
        admin = api(self.server, None, "POST", "/api/v1/auth/token", {"email": ADMIN, "password": harness.ADMIN_PASSWORD})["token"]
        token = api(self.server, None, "POST", "/api/v1/auth/token", {"email": PRESCRIBER, "password": harness.ADMIN_PASSWORD})["token"]
        template = api(self.server, admin, "POST", "/api/v1/consent-templates", {
            "route": "esketamine-nasal", "title": "Esketamine consent",
            "body": "You will receive esketamine nasal spray under supervision, then stay at least two hours."})
        today = datetime.date.today().isoformat()
        patient = api(self.server, token, "POST", "/api/v1/patients", {
            "givenName": "Rosa", "familyName": "Quinn", "birthDate": "1980-02-14", "sex": "female", "weightKg": 64,
            "remsStatus": "enrolled", "remsEnrolledOn": today})
        items = {item: {"answer": "no"} for item in SCREENING_ITEMS}
        api(self.server, token, "PUT", f"/api/v1/patients/{patient['id']}/screening", {"items": items, "systolic": 124, "diastolic": 80})
        api(self.server, token, "POST", f"/api/v1/patients/{patient['id']}/eligibility/sign", {"route": "esketamine-nasal"})
        api(self.server, token, "POST", f"/api/v1/patients/{patient['id']}/consents", {"templateId": template["id"], "typedName": "Rosa Quinn"})
        return patient["id"]

    def sign_in(self, email):
        browser = self.browser
        browser.delete_all_cookies()
        browser.get(self.server.url + "/sign-in")
        harness.fill(browser, "email", email)
        harness.fill(browser, "password", harness.ADMIN_PASSWORD)
        harness.follow(browser, By.CSS_SELECTOR, "form[action='/sign-in'] button")

    def test_plan_an_esketamine_course_book_it_on_the_chair_board_and_cancel_one_session(self):
        patient = self.ready_patient()
        browser = self.browser
        self.sign_in(PRESCRIBER)

        # Plan the course from the chart, starting next Monday.
        today = datetime.date.today()
        monday = today + datetime.timedelta(days=7 - today.weekday())
        browser.get(self.server.url + f"/patients/{patient}")
        browser.find_element(By.XPATH, "//summary[text()='Plan a course']").click()
        Select(browser.find_element(By.ID, "course-protocol")).select_by_value("esketamine-trd")
        harness.fill(browser, "course-start", monday.isoformat())
        harness.fill(browser, "course-dose", "84")
        harness.follow(browser, By.XPATH, "//button[text()='Plan course']")
        self.assertIn("Planned Esketamine nasal spray", browser.find_element(By.CSS_SELECTOR, "p.ok").text)
        rows = browser.find_elements(By.CSS_SELECTOR, "#planned-sessions tbody tr")
        self.assertEqual(len(rows), 12, "8 induction and 4 weekly sessions")
        self.assertIn("56 mg — 2 devices", rows[0].text, "day 1 is 56 mg")
        self.assertIn("84 mg — 3 devices", rows[1].text)
        self.assertEqual(sum("induction" in row.text for row in rows), 8)

        # Book every session: slots are proposed, then booked and shown on the chair board.
        harness.follow(browser, By.ID, "book-sessions")
        self.assertEqual(len(browser.find_elements(By.CSS_SELECTOR, "#proposals tbody tr")), 12)
        harness.follow(browser, By.ID, "confirm-booking")
        self.assertIn("Booked 12 sessions for Rosa Quinn", browser.find_element(By.CSS_SELECTOR, "p.ok").text)
        self.assertIn(monday.isoformat(), browser.find_element(By.TAG_NAME, "h1").text)
        slot = browser.find_element(By.CSS_SELECTOR, ".board .slot")
        self.assertIn("Rosa Quinn", slot.text)
        self.assertIn("session 1", slot.text)
        self.assertIn("08:00–10:15", slot.text, "the first chair at opening, 135 minutes")
        self.assertLessEqual(browser.execute_script("return document.documentElement.scrollWidth"), 1024, "the board fits a tablet")

        # The week view holds both of the week's sessions.
        harness.follow(browser, By.LINK_TEXT, "Week view")
        self.assertEqual(sum("session" in slot.text for slot in browser.find_elements(By.CSS_SELECTOR, ".board .slot")), 2)
        harness.follow(browser, By.LINK_TEXT, "Day view")

        # Cancel the first session with a reason; the board frees the chair and the course shows it unbooked.
        harness.follow(browser, By.CSS_SELECTOR, ".board .slot")
        Select(browser.find_element(By.ID, "cancel-reason")).select_by_value("no-ride")
        harness.fill(browser, "cancel-note", "Brother cannot drive on Monday")
        harness.follow(browser, By.ID, "cancel-booking")
        self.assertIn("No ride home", browser.find_element(By.CSS_SELECTOR, "p.ok").text)
        self.assertEqual(browser.find_elements(By.CSS_SELECTOR, ".board .slot"), [])
        browser.get(self.server.url + f"/patients/{patient}")
        self.assertIn("Book 1 unbooked session(s)", browser.find_element(By.ID, "courses").find_element(By.XPATH, "..").text)

    def test_book_a_review_from_the_chart_and_assign_its_staff(self):
        patient = self.ready_patient()
        browser = self.browser
        self.sign_in(PRESCRIBER)
        today = datetime.date.today()
        tuesday = today + datetime.timedelta(days=8 - today.weekday())

        # A review before opening is refused with the reason, keeping what was typed.
        browser.get(self.server.url + f"/patients/{patient}")
        harness.follow(browser, By.ID, "book-visit-link")
        Select(browser.find_element(By.ID, "visit-kind")).select_by_value("review")
        harness.fill(browser, "visit-date", tuesday.isoformat())
        browser.execute_script("document.getElementById('visit-time').value = '06:00'")
        harness.fill(browser, "visit-note", "Four-week review")
        browser.find_element(By.XPATH, "//label[contains(., 'Nia Okafor')]/input").click()
        harness.follow(browser, By.ID, "book-visit")
        self.assertIn("opening hours", browser.find_element(By.ID, "form-errors").text)
        self.assertEqual(browser.find_element(By.ID, "visit-note").get_attribute("value"), "Four-week review")
        self.assertTrue(browser.find_element(By.XPATH, "//label[contains(., 'Nia Okafor')]/input").is_selected())

        # At 09:00 it is booked, with its nurse, and shows on the board.
        browser.execute_script("document.getElementById('visit-time').value = '09:00'")
        harness.follow(browser, By.ID, "book-visit")
        self.assertIn("Booked review for Rosa Quinn", browser.find_element(By.CSS_SELECTOR, "p.ok").text)
        slot = browser.find_element(By.XPATH, "//a[contains(@class, 'slot')][contains(., 'Review')]")
        self.assertIn("09:00–09:30", slot.text)
        self.assertIn("Nia Okafor", slot.text)

        # Its page changes the staff: the prescriber joins.
        harness.follow(browser, By.XPATH, "//a[contains(@class, 'slot')][contains(., 'Review')]")
        browser.find_element(By.XPATH, "//label[contains(., 'Dr Ama Mensah')]/input").click()
        harness.follow(browser, By.ID, "assign-staff")
        self.assertIn("Assigned Dr Ama Mensah, Nia Okafor", browser.find_element(By.CSS_SELECTOR, "p.ok").text)
        self.assertIn("Dr Ama Mensah, Nia Okafor", browser.find_element(By.CSS_SELECTOR, "dl.facts").text)


if __name__ == "__main__":
    unittest.main()
