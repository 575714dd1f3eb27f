"""A dosing session at a real Chromium in a tablet-sized window: a nurse opens today's esketamine
booking from the chair board, checks the patient in, records pre-dose vitals and the checklist,
gives two devices, sees the high-BP alert on the session page and the board, discharges at two
hours and prints the REMS monitoring form. Two hours cannot pass in a test, so the dose is given
through a second server on the same database whose clock runs 130 minutes behind: the pre-dose
gate takes only a reading from the last 30 minutes, as it would at the chair."""
import datetime
import os
import unittest

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import harness
from clinic import ADMIN, NURSE, PRESCRIBER, ClinicBrowserTest, api, ready_patient, sign_in, token

EVERY_DAY = "; ".join(f"{day} 00:00-24:00" for day in ["mon", "tue", "wed", "thu", "fri", "sat", "sun"])


def local(moment):
    """A datetime-local field's value, on the server's clock (UTC)."""
    return moment.strftime("%Y-%m-%dT%H:%M")


class SessionsTests(ClinicBrowserTest):
    def book_first_session_today(self):
        """An esketamine course for a ready patient, its first session booked today at midnight
        (the clinic opens every day, all day, so the test runs on any day at any hour)."""
        patient = ready_patient(self.server)
        api(self.server, token(self.server, ADMIN), "PATCH", f"/api/v1/sites/{harness.FIRST_SITE}", {"openingHours": EVERY_DAY})
        prescriber = token(self.server, PRESCRIBER)
        today = harness.today().isoformat()
        course = api(self.server, prescriber, "POST", f"/api/v1/patients/{patient}/courses",
                     {"protocol": "esketamine-trd", "startDate": today, "doseMg": 84})
        api(self.server, prescriber, "POST", "/api/v1/appointments", {
            "patientId": patient, "courseId": course["id"], "sessionNumber": 1, "date": today, "startTime": "00:00", "chair": "Chair 1"})

    def record_vitals(self, at, systolic, diastolic, heart_rate, spo2, sedation):
        for field, value in [("v-sys", systolic), ("v-dia", diastolic), ("v-hr", heart_rate), ("v-spo2", spo2), ("v-sed", sedation),
                             ("v-time", local(at))]:
            harness.fill(self.browser, field, str(value))
        harness.follow(self.browser, By.ID, "save-vitals")

    def move(self, to):
        Select(self.browser.find_element(By.ID, "move-to")).select_by_value(to)
        harness.follow(self.browser, By.ID, "move-session")

    def test_an_esketamine_session_from_the_chair_board_to_discharge_and_the_rems_form(self):
        self.book_first_session_today()
        browser = self.browser
        sign_in(browser, self.server, NURSE)
        now = harness.now().replace(second=0, microsecond=0)

        # The dose is given 130 minutes ago, so that discharge falls due now: the patient was checked in
        # and their pre-dose reading taken on a server whose clock runs 140 minutes behind, and the dose
        # recorded on one 130 minutes behind — a dose is never charted before its check-in or its reading.
        dose_at = now - datetime.timedelta(minutes=130)
        arrival = harness.Server(self.database, env=harness.clock_at(harness.now() - datetime.timedelta(minutes=140)))
        dosing = harness.Server(self.database, env=harness.clock_at(harness.now() - datetime.timedelta(minutes=130)))
        try:
            # Check in from today's chair board.
            browser.get(arrival.url + "/schedule")
            harness.follow(browser, By.CSS_SELECTOR, ".board .slot")
            harness.follow(browser, By.ID, "check-in")
            self.assertIn("Rosa Quinn checked in", browser.find_element(By.CSS_SELECTOR, "p.ok").text)
            self.assertEqual(browser.find_element(By.ID, "session-status").text, "Checked in")
            self.assertIn("56 mg — 2 devices", browser.find_element(By.TAG_NAME, "main").text)
            session_path = browser.current_url.removeprefix(arrival.url).split("?")[0]

            # A reading from hours ago does not open the gate: this visit's vitals do.
            self.record_vitals(dose_at - datetime.timedelta(minutes=300), 150, 95, 80, 98, 5)
            self.assertIn("Take a new reading", browser.find_element(By.TAG_NAME, "main").text)
            self.record_vitals(dose_at - datetime.timedelta(minutes=9), 128, 82, 76, 98, 5)
            self.assertEqual(browser.find_element(By.ID, "readiness-status").text, "incomplete")
            for question in ["noFoodForTwoHours", "noLiquidsForThirtyMinutes", "noNasalSprayWithinHour", "rideConfirmed", "noDrivingAcknowledged"]:
                browser.find_element(By.CSS_SELECTOR, f"input[name='{question}'][value='yes']").click()
            browser.find_element(By.CSS_SELECTOR, "input[name='pregnancy'][value='not-pregnant']").click()
            harness.follow(browser, By.ID, "save-checklist")
            self.assertEqual(browser.find_element(By.ID, "readiness-status").text, "ok")
            self.move("ready")

            browser.get(dosing.url + session_path)
            self.move("dosing")

            # Two devices, 5 minutes apart, supervised by the prescriber; the times are typed, never filled in.
            self.assertEqual(browser.find_element(By.ID, "deviceTime0").get_attribute("value"), "")
            harness.fill(browser, "dose-lot", "ESK-2291")
            harness.fill(browser, "deviceTime0", local(dose_at - datetime.timedelta(minutes=3)))
            harness.fill(browser, "deviceTime1", local(dose_at + datetime.timedelta(minutes=2)))
            Select(browser.find_element(By.ID, "dose-supervisor")).select_by_visible_text("Dr Ama Mensah")
            harness.follow(browser, By.ID, "record-dose")
            self.assertIn("56 mg, lot ESK-2291", browser.find_element(By.ID, "administration").text)
            self.move("monitoring")
        finally:
            arrival.stop()
            dosing.stop()
        browser.get(self.server.url + session_path)

        # At 40 minutes the blood pressure is high: the alert shows on the session page and the board.
        self.record_vitals(now - datetime.timedelta(minutes=85), 184, 112, 88, 97, 4)
        self.assertIn("BP 184/112 is at or above 180/110", browser.find_element(By.ID, "session-alerts").text)
        self.assertIn("not before", browser.find_element(By.ID, "discharge").text)
        session_page = browser.current_url
        browser.get(self.server.url + "/schedule")
        slot = browser.find_element(By.CSS_SELECTOR, ".board .slot.alerting")
        self.assertIn("BP 184/112", slot.text)
        self.assertLessEqual(browser.execute_script("return document.documentElement.scrollWidth"), 1024, "the board fits a tablet")
        browser.get(session_page)

        # It settles; the nurse signs the patient off and discharges at two hours from the first device.
        self.record_vitals(now, 132, 82, 78, 98, 5)
        self.assertEqual(browser.find_elements(By.ID, "session-alerts"), [])
        harness.fill(browser, "signoff-note", "Alert and oriented; brother driving")
        harness.follow(browser, By.ID, "sign-off")
        self.assertIn("Every discharge rule is met", browser.find_element(By.ID, "discharge-ready").text)
        self.move("discharged")
        self.assertEqual(browser.find_element(By.ID, "session-status").text, "Discharged")

        # The REMS monitoring form is filled from the session and prints.
        harness.follow(browser, By.ID, "rems-link")
        fields = browser.find_element(By.ID, "rems-fields").text
        for expected in ["ESK-2291", "56 mg", "128/82", "184/112", "132/82", "Quinn"]:
            self.assertIn(expected, fields)
        minutes = browser.find_element(By.XPATH, "//dt[contains(., 'first device to end of monitoring')]/following-sibling::dd[1]").text
        self.assertGreaterEqual(int(minutes), 125)
        pdf = browser.execute_cdp_cmd("Page.printToPDF", {"printBackground": False})["data"]
        self.assertGreater(len(pdf), 1000, "Chromium printed the form")
        with open(os.path.join(harness.ARTIFACTS, "rems-form.pdf.base64"), "w") as out:
            out.write(pdf)


if __name__ == "__main__":
    unittest.main()
