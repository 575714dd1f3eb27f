"""Courses at a real Chromium: a prescriber plans an esketamine course from the chart, sees its 12
planned sessions, books them into chairs, finds them on the chair board, and cancels one with a reason.
The patient's record (consent text, screening, signed decision, consent) is set up through the real API."""
import datetime
import unittest

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import harness
from clinic import PRESCRIBER, ClinicBrowserTest, ready_patient, sign_in


class CoursesTests(ClinicBrowserTest):
    def test_plan_an_esketamine_course_book_it_on_the_chair_board_and_cancel_one_session(self):
        patient = ready_patient(self.server)
        browser = self.browser
        sign_in(browser, self.server, PRESCRIBER)

        # Plan the course from the chart, starting next Monday.
        today = harness.today()
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
        patient = ready_patient(self.server)
        browser = self.browser
        sign_in(browser, self.server, PRESCRIBER)
        today = harness.today()
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
