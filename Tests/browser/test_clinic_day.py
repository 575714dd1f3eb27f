"""Two findings of the clinic-day walk, replayed in a real Chromium on a tablet: a mistyped name on
the esketamine consent must come back as the esketamine consent (it came back as IV ketamine, and
signing it recorded the wrong route), and a patient who does not come is recorded as a no-show from
the booking, which frees the next day for their next dose and puts the missed session on the
board's list to rebook."""
import datetime
import unittest

from selenium.webdriver.common.by import By

import harness
from clinic import ADMIN, NURSE, PRESCRIBER, ClinicBrowserTest, api, ready_patient, sign_in, token


class ClinicDayTests(ClinicBrowserTest):
    def test_a_mistyped_name_keeps_the_esketamine_consent(self):
        patient = ready_patient(self.server, route="esketamine-nasal")
        admin = token(self.server, ADMIN)
        api(self.server, admin, "POST", "/api/v1/consent-templates", {
            "route": "iv-ketamine", "title": "IV consent", "body": "An infusion under supervision; risks include raised blood pressure."})
        browser = self.browser
        sign_in(browser, self.server, NURSE)
        browser.get(self.server.url + f"/patients/{patient}/consent?route=esketamine-nasal")
        self.assertEqual(browser.find_element(By.TAG_NAME, "h1").text, "Consent to Esketamine nasal spray")
        browser.find_element(By.NAME, "understood").click()
        harness.fill(browser, "typedName", "J. Quinn")
        harness.follow(browser, By.XPATH, "//button[text()='Sign consent']")
        self.assertIn("typedName", browser.find_element(By.ID, "form-errors").text)
        self.assertEqual(browser.find_element(By.TAG_NAME, "h1").text, "Consent to Esketamine nasal spray")
        self.assertEqual(browser.find_element(By.NAME, "route").get_attribute("value"), "esketamine-nasal")
        browser.find_element(By.NAME, "understood").click()
        harness.fill(browser, "typedName", "Rosa Quinn")
        harness.follow(browser, By.XPATH, "//button[text()='Sign consent']")
        self.assertIn("Recorded consent to Esketamine nasal spray", browser.page_source)
        consents = api(self.server, token(self.server, NURSE), "GET", f"/api/v1/patients/{patient}/consents")["items"]
        self.assertEqual(sorted({consent["route"] for consent in consents}), ["esketamine-nasal"], "no IV consent was recorded")

    def test_a_no_show_is_recorded_and_frees_the_next_day(self):
        patient = ready_patient(self.server, route="esketamine-nasal")
        prescriber, nurse = token(self.server, PRESCRIBER), token(self.server, NURSE)
        # Open every day, so that today and tomorrow are clinic days whatever day the suite runs on.
        api(self.server, token(self.server, ADMIN), "PATCH", f"/api/v1/sites/{harness.FIRST_SITE}",
            {"openingHours": "; ".join(f"{day} 08:00-18:00" for day in ["mon", "tue", "wed", "thu", "fri", "sat", "sun"])})
        today = harness.today()
        course = api(self.server, prescriber, "POST", f"/api/v1/patients/{patient}/courses", {"protocol": "esketamine-trd", "startDate": today.isoformat()})
        first, second = today, today + datetime.timedelta(days=1)
        booking = api(self.server, nurse, "POST", "/api/v1/appointments", {
            "patientId": patient, "courseId": course["id"], "sessionNumber": 1, "date": first.isoformat(), "startTime": "09:00", "chair": "Chair 1"})
        browser = self.browser
        sign_in(browser, self.server, NURSE)
        browser.get(self.server.url + f"/appointments/{booking['id']}")
        harness.fill(browser, "attendance-note", "No answer on the phone")
        harness.follow(browser, By.ID, "attendance-no-show")
        self.assertEqual(browser.find_element(By.ID, "booking-status").text, "No-show")
        # The next open day is free for the next dose, and the board lists the missed session to rebook.
        booked = api(self.server, nurse, "POST", "/api/v1/appointments", {
            "patientId": patient, "courseId": course["id"], "sessionNumber": 2, "date": second.isoformat(), "startTime": "09:00", "chair": "Chair 1"})
        self.assertEqual(booked["date"], second.isoformat())
        browser.get(self.server.url + "/schedule")
        self.assertIn("No-show", browser.find_element(By.CSS_SELECTOR, ".slot.missed").text)
        self.assertIn("Rosa Quinn", browser.find_element(By.ID, "to-rebook").text)


if __name__ == "__main__":
    unittest.main()
