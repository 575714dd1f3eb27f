"""The controlled-substance ledger at a real Chromium in a tablet-sized window: a nurse receives a
lot of ketamine vials, gives an infusion drawn from it on the session page, wastes the opened
vial's remainder with the prescriber typing their own password on the same screen, and the
blind end-of-day count, made with a second counter, matches the book; then the signed initial
physical inventory."""
import datetime
import unittest

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import harness
from clinic import NURSE, PRESCRIBER, ClinicBrowserTest, api, ready_patient, sign_in, token


class LedgerTests(ClinicBrowserTest):
    def infusion_session_in_dosing(self):
        """An IV course for a ready 64 kg patient (0.5 mg/kg: 32 mg) and its first session, checked in,
        ready and dosing — the steps the session test already walks through in the browser."""
        patient = ready_patient(self.server, route="iv-ketamine")
        prescriber, nurse = token(self.server, PRESCRIBER), token(self.server, NURSE)
        today = harness.today().isoformat()
        course = api(self.server, prescriber, "POST", f"/api/v1/patients/{patient}/courses",
                     {"protocol": "iv-ketamine", "startDate": today, "doseMgPerKg": 0.5})
        session = api(self.server, nurse, "POST", "/api/v1/sessions", {"patientId": patient, "courseId": course["id"]})["id"]
        for method, path, body in [("POST", "/transitions", {"to": "checked-in"}),
                                   ("PUT", "/checklist", {"rideConfirmed": True, "noDrivingAcknowledged": True, "pregnancy": "not-pregnant", "newMedications": []}),
                                   ("POST", "/vitals", {"systolic": 124, "diastolic": 80, "heartRate": 72, "spo2": 98}),
                                   ("POST", "/transitions", {"to": "ready"}), ("POST", "/transitions", {"to": "dosing"})]:
            api(self.server, nurse, method, f"/api/v1/sessions/{session}{path}", body)
        return session

    def test_receive_administer_waste_with_a_witness_and_count(self):
        session = self.infusion_session_in_dosing()
        browser = self.browser
        sign_in(browser, self.server, NURSE)

        # Receive: the product first, then a lot of two 500 mg vials from the invoice.
        browser.find_element(By.LINK_TEXT, "Controlled substances").click()
        harness.follow(browser, By.LINK_TEXT, "Receive stock")
        for field, value in [("name", "Ketamine HCl injection"), ("ndc", "0409-2051-05"), ("strength", "50 mg/mL"), ("form", "10 mL vial"),
                             ("unitsPerContainer", "500"), ("mgPerMl", "50")]:
            harness.fill(browser, field, value)
        Select(browser.find_element(By.ID, "unit")).select_by_value("mg")
        harness.follow(browser, By.ID, "add-product")
        Select(browser.find_element(By.ID, "productId")).select_by_index(1)
        expiry = (harness.today() + datetime.timedelta(days=400)).isoformat()
        for field, value in [("lotNumber", "KET-5521"), ("expiresOn", expiry), ("containers", "2"), ("supplierName", "Henry Schein"),
                             ("supplierDeaNumber", "RH1234563"), ("invoiceNumber", "INV-99812"), ("supplierAddress", "135 Duryea Rd, Melville NY")]:
            harness.fill(browser, field, value)
        harness.follow(browser, By.ID, "receive")
        self.assertIn("Received lot KET-5521: 2 × 10 mL vial, 1000 mg (20 mL).", browser.find_element(By.ID, "done").text)
        self.assertEqual(browser.find_element(By.CSS_SELECTOR, "#lot-KET-5521 .balance").text, "1000 mg (20 mL)")

        # Administer: the session's dose form draws from the lot.
        browser.get(self.server.url + f"/sessions/{session}")
        self.assertIn("KET-5521", Select(browser.find_element(By.ID, "dose-ledger-lot")).first_selected_option.text)
        harness.fill(browser, "dose-rate", "150")
        harness.fill(browser, "dose-volume", "100")
        Select(browser.find_element(By.ID, "dose-supervisor")).select_by_visible_text("Dr Ama Mensah")
        harness.follow(browser, By.ID, "record-dose-now")
        self.assertIn("32 mg (0.5 mg/kg), lot KET-5521", browser.find_element(By.ID, "administration").text)
        self.assertIn("Drawn from lot KET-5521 in the ledger: 32 mg (0.64 mL).", browser.find_element(By.ID, "ledger-draw").text)

        # Waste the remainder: the witness types their own email and password on this tablet.
        harness.follow(browser, By.ID, "waste-remainder")
        self.assertEqual(browser.find_element(By.ID, "quantity").get_attribute("value"), "468")
        self.assertIn("Rosa Quinn", browser.find_element(By.ID, "entry-patient").text)
        harness.fill(browser, "witness1Email", PRESCRIBER)
        harness.fill(browser, "witness1Password", "not the password")
        harness.follow(browser, By.ID, "record-entry")
        self.assertIn("email or password is not right", browser.find_element(By.ID, "form-errors").text)
        self.assertEqual(browser.find_element(By.ID, "witness1Password").get_attribute("value"), "")
        harness.fill(browser, "witness1Password", harness.ADMIN_PASSWORD)
        harness.follow(browser, By.ID, "record-entry")
        self.assertIn(f"/sessions/{session}", browser.current_url)
        self.assertIn("Remainder wasted: 468 mg (9.36 mL), witnessed by Dr Ama Mensah", browser.find_element(By.ID, "ledger-draw").text)

        # The end-of-day count, blind and by two: one full vial left, as the book says.
        browser.get(self.server.url + "/inventory/count")
        self.assertNotIn("500 mg", browser.find_element(By.ID, "record-count").find_element(By.XPATH, "./..").text)
        count = browser.find_element(By.CSS_SELECTOR, ".count-row input")
        count.send_keys("500")
        harness.fill(browser, "witnessEmail", PRESCRIBER)
        harness.fill(browser, "witnessPassword", harness.ADMIN_PASSWORD)
        harness.follow(browser, By.ID, "record-count")
        self.assertEqual(browser.find_element(By.ID, "done").text, "Counted 1 lot(s) with Dr Ama Mensah: every count matches the book.")
        self.assertEqual(browser.find_element(By.CSS_SELECTOR, "#lot-KET-5521 .balance").text, "500 mg (10 mL)")
        self.assertIn("Discrepancies: 0 open", browser.find_element(By.ID, "queue").text)
        width = browser.execute_script("return document.documentElement.scrollWidth")
        self.assertLessEqual(width, 1024, "the overview fits the tablet")

        # The initial physical inventory, signed with the nurse's own password; the report is the stored count.
        self.assertIn("No initial inventory is recorded", browser.find_element(By.ID, "inventory-due").text)
        harness.follow(browser, By.LINK_TEXT, "Physical inventory")
        self.assertNotIn("500 mg", browser.find_element(By.ID, "inventory-lots").text, "the book is not shown to the counter")
        browser.find_element(By.CSS_SELECTOR, "#inventory-lots input[name^='full.']").send_keys("1")
        harness.fill(browser, "inv-witness-email", PRESCRIBER)
        harness.fill(browser, "inv-witness-password", harness.ADMIN_PASSWORD)
        harness.fill(browser, "inv-password", harness.ADMIN_PASSWORD)
        harness.follow(browser, By.ID, "sign-inventory")
        self.assertIn("/inventory/reports/inventory", browser.current_url)
        self.assertIn("1 lot(s) counted; every count matches the book.", browser.find_element(By.ID, "done").text)
        self.assertIn("Initial inventory", browser.find_element(By.ID, "report-subtitle").text)
        report = browser.find_element(By.ID, "report").text
        self.assertIn("KET-5521", report)
        self.assertIn("500 mg (10 mL)", report)
        self.assertIn("Next biennial inventory due by", browser.page_source)
        # The administration log names the nurse who gave the dose.
        browser.get(self.server.url + "/inventory/reports/administrations")
        log = browser.find_element(By.ID, "report").text
        self.assertIn("Rosa Quinn", log)
        self.assertIn("Nia Okafor", log)


if __name__ == "__main__":
    unittest.main()
