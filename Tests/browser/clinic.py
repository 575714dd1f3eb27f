"""A clinic's staff and an eligible esketamine patient, set up through the real command line and
API, shared by the browser tests of courses and sessions."""
import json
import re
import unittest
import urllib.error
import urllib.parse
import urllib.request

from selenium.webdriver.common.by import By

import harness

ADMIN = "admin@clinic.example"
PRESCRIBER = "mensah@clinic.example"
NURSE = "okafor@clinic.example"
SCREENING_ITEMS = ["aneurysmal-vascular-disease", "intracerebral-haemorrhage", "hypersensitivity", "uncontrolled-hypertension",
                   "unstable-cardiovascular-disease", "psychosis", "active-substance-use-disorder", "pregnancy-or-breastfeeding",
                   "raised-intracranial-or-intraocular-pressure", "untreated-hyperthyroidism", "severe-hepatic-impairment",
                   "benzodiazepines", "other-sedatives", "stimulants", "maoi"]


def create_staff(database):
    for email, name, role in [(ADMIN, "Ada Admin", "admin"), (PRESCRIBER, "Dr Ama Mensah", "prescriber"), (NURSE, "Nia Okafor", "nurse")]:
        harness.run("users", "create", "--email", email, "--name", name, "--role", role,
                    stdin=harness.ADMIN_PASSWORD + "\n", database=database, check=True)


def api(server, token, method, path, body=None):
    request = urllib.request.Request(server.url + path, method=method, data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"{}")


def token(server, email):
    return api(server, None, "POST", "/api/v1/auth/token", {"email": email, "password": harness.ADMIN_PASSWORD})["token"]


def ready_patient(server, route="esketamine-nasal"):
    """A patient with everything a course by the route needs: screening, a signed decision, consent
    (and, for esketamine, REMS enrolment)."""
    admin, prescriber = token(server, ADMIN), token(server, PRESCRIBER)
    template = api(server, admin, "POST", "/api/v1/consent-templates", {
        "route": route, "title": "Consent",
        "body": "You will receive treatment under supervision, then stay until you are safe to leave."})
    today = harness.today().isoformat()
    rems = {"remsStatus": "enrolled", "remsEnrolledOn": today} if route == "esketamine-nasal" else {}
    patient = api(server, prescriber, "POST", "/api/v1/patients", {
        "givenName": "Rosa", "familyName": "Quinn", "birthDate": "1980-02-14", "sex": "female", "weightKg": 64, "weightMeasuredOn": today, **rems,
        "diagnoses": [{"code": "F33.2", "text": "Major depressive disorder, recurrent severe"}]})
    # Two adequate antidepressant trials that failed in this episode: treatment-resistant depression.
    for drug, dose, start, end in [("sertraline", 150, "2025-03-11", "2025-05-20"), ("venlafaxine", 225, "2025-06-01", "2025-08-15")]:
        api(server, prescriber, "POST", f"/api/v1/patients/{patient['id']}/medication-trials", {
            "drug": drug, "dailyDoseMg": dose, "startDate": start, "endDate": end, "currentEpisode": True, "adherence": "adequate",
            "outcome": "no-response"})
    items = {item: {"answer": "no"} for item in SCREENING_ITEMS}
    api(server, prescriber, "PUT", f"/api/v1/patients/{patient['id']}/screening", {"items": items, "systolic": 124, "diastolic": 80})
    api(server, prescriber, "POST", f"/api/v1/patients/{patient['id']}/eligibility/sign", {"route": route})
    api(server, prescriber, "POST", f"/api/v1/patients/{patient['id']}/consents", {"templateId": template["id"], "typedName": "Rosa Quinn"})
    return patient["id"]


def demo_clinic():
    """A server over `vigil demo`'s synthetic clinic, and each demo user's password by email."""
    database = harness.temporary_database()
    demo = harness.run("demo", database=database, check=True)
    passwords = dict(re.findall(r"^\s+\S+\s+(\S+@demo\.vigil\.example)\s+(\S+)$", demo.stdout, re.MULTILINE))
    return harness.Server(database), passwords


def sign_in(browser, server, email):
    browser.delete_all_cookies()
    browser.get(server.url + "/sign-in")
    harness.fill(browser, "email", email)
    harness.fill(browser, "password", harness.ADMIN_PASSWORD)
    harness.follow(browser, By.CSS_SELECTOR, "form[action='/sign-in'] button")


class ClinicBrowserTest(harness.ScreenshotOnFailure, unittest.TestCase):
    """A server with the clinic's staff and a tablet-sized Chromium; a failing test leaves a screenshot."""

    @classmethod
    def setUpClass(cls):
        cls.database = harness.temporary_database()
        create_staff(cls.database)
        cls.server = harness.Server(cls.database)
        cls.browser = harness.chrome("1024,1366")

    @classmethod
    def tearDownClass(cls):
        cls.browser.quit()
        cls.server.stop()
