"""A clinic network in a real browser: a nurse signs in at the second site and sees its board, in
its own time zone, then switches to the first; the front desk, who works only at the first site,
has no switch and is refused the second site's board."""
import unittest

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import clinic
import harness


class SitesTests(harness.ScreenshotOnFailure, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server, cls.passwords = clinic.demo_clinic()
        cls.browser = harness.chrome("1280,900")

    @classmethod
    def tearDownClass(cls):
        cls.browser.quit()
        cls.server.stop()

    def sign_in(self, email, site=None):
        browser = self.browser
        browser.delete_all_cookies()
        browser.get(self.server.url + "/sign-in")
        harness.fill(browser, "email", email)
        harness.fill(browser, "password", self.passwords[email])
        if site:
            Select(browser.find_element(By.ID, "site")).select_by_visible_text(site)
        harness.follow(browser, By.CSS_SELECTOR, "form[action='/sign-in'] button")

    def test_a_nurse_signs_in_at_the_second_site_sees_its_board_and_switches(self):
        browser = self.browser
        self.sign_in("nurse@demo.vigil.example", site="Vigil Front Range clinic")
        self.assertEqual(browser.find_element(By.CSS_SELECTOR, ".site-name").text, "Vigil Front Range clinic")
        browser.get(self.server.url + "/schedule")
        heading = browser.find_element(By.TAG_NAME, "h1").text
        self.assertIn("Vigil Front Range clinic", heading)
        page = browser.page_source
        self.assertIn("Recliner A", page, "the second site's own chairs")
        self.assertIn("America/Denver", page, "its hours in its own time zone")
        self.assertNotIn("Chair 4", page, "not the first site's chairs")
        self.assertIn("Consultation", page, "the visits booked there")
        # Switch to the first site from the header: the board follows.
        Select(browser.find_element(By.ID, "site-choice")).select_by_visible_text("Vigil Lakeside clinic")
        harness.follow(browser, By.CSS_SELECTOR, ".site form button")
        self.assertEqual(browser.find_element(By.CSS_SELECTOR, ".site-name").text, "Vigil Lakeside clinic")
        browser.get(self.server.url + "/schedule")
        self.assertIn("Vigil Lakeside clinic", browser.find_element(By.TAG_NAME, "h1").text)
        self.assertIn("Chair 4", browser.page_source)
        self.assertNotIn("Recliner A", browser.page_source)

    def test_the_front_desk_of_one_site_has_no_switch_and_is_refused_the_other(self):
        browser = self.browser
        self.sign_in("frontdesk@demo.vigil.example")
        self.assertEqual(browser.find_element(By.CSS_SELECTOR, ".site-name").text, "Vigil Lakeside clinic")
        self.assertEqual(browser.find_elements(By.ID, "site-choice"), [], "one site: nothing to switch to")
        admin = clinic.api(self.server, self.admin_token(), "GET", "/api/v1/sites")["items"]
        second = next(site["id"] for site in admin if site["name"] == "Vigil Front Range clinic")
        browser.get(self.server.url + f"/schedule?site={second}")
        self.assertIn("You do not work at Vigil Front Range clinic", browser.page_source)

    def admin_token(self):
        return clinic.api(self.server, None, "POST", "/api/v1/auth/token",
                          {"email": "admin@demo.vigil.example", "password": self.passwords["admin@demo.vigil.example"]})["token"]


if __name__ == "__main__":
    unittest.main()
