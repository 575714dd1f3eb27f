"""Every page form's refusal path, found by walking the demo clinic's pages as each role: a form sent
back with its visible fields empty is refused without a server error, and the page that refuses it
shows exactly the form that was shown — the same heading and the same hidden fields (route, template
version, session, patient). A wrong typed name on the esketamine consent used to come back as the IV
ketamine consent, and signing it recorded the wrong route (clinic-day issue, finding 1)."""
import html.parser
import re
import unittest
import urllib.error
import urllib.parse
import urllib.request

import clinic
import harness

ROLES = ["admin", "prescriber", "nurse", "frontdesk"]
# Pages and forms of one shape are tried this many times (ids replaced by {id}).
PER_SHAPE = 2
# Never followed: leaving the session, downloads, the API and assets.
SKIPPED = re.compile(r"^/(sign-out|api/|static/|healthz|readyz)|format=csv")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


class Page(html.parser.HTMLParser):
    """The links, the first heading and the POST forms of a page: each form's action, hidden fields
    and whether it has anything for a person to fill in."""
    def __init__(self, text):
        super().__init__()
        self.links, self.forms, self.heading, self._form, self._in_h1 = [], [], None, None, False
        self.feed(text)

    def handle_starttag(self, tag, attributes):
        values = dict(attributes)
        if tag == "a" and values.get("href", "").startswith("/"):
            self.links.append(values["href"])
        elif tag == "h1" and self.heading is None:
            self._in_h1, self.heading = True, ""
        elif tag == "form" and values.get("method", "get").lower() == "post":
            self._form = {"action": values.get("action", ""), "hidden": {}, "fillable": False}
            self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "select", "textarea"):
            kind = values.get("type", "text").lower()
            if tag == "input" and kind == "hidden":
                if values.get("name") != "csrf":
                    self._form["hidden"][values.get("name")] = values.get("value", "")
                else:
                    self._form["csrf"] = values.get("value", "")
            elif kind not in ("submit", "button"):
                self._form["fillable"] = True

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False
        elif tag == "form":
            self._form = None

    def handle_data(self, data):
        if self._in_h1:
            self.heading += data


def shape(path):
    return UUID.sub("{id}", path.split("?")[0])


class FormRefusalTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server, cls.passwords = clinic.demo_clinic()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def fetch(self, cookie, path, form=None):
        class Stay(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *_):
                return None
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(self.server.url + path, data=data, method="POST" if form is not None else "GET",
                                         headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
        try:
            with urllib.request.build_opener(Stay).open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as refused:
            return refused.code, refused.read().decode(errors="replace")

    def walk(self, role):
        email = f"{role}@demo.vigil.example"
        cookie = harness.page_session(self.server, email, self.passwords[email])
        queue, seen, shapes, tried, problems = ["/"], set(), {}, {}, []
        while queue:
            path = queue.pop(0)
            if path in seen or SKIPPED.search(path) or shapes.get(shape(path), 0) >= PER_SHAPE:
                continue
            seen.add(path)
            shapes[shape(path)] = shapes.get(shape(path), 0) + 1
            status, text = self.fetch(cookie, path)
            self.assertLess(status, 500, f"GET {path} as {role}")
            if status != 200 or "<form" not in text and "<a" not in text:
                continue
            page = Page(text)
            queue += [link.split("#")[0] for link in page.links]
            for form in page.forms:
                action = form["action"]
                if not form["fillable"] or not action.startswith("/") or SKIPPED.search(action) or tried.get(shape(action), 0) >= PER_SHAPE:
                    continue
                tried[shape(action)] = tried.get(shape(action), 0) + 1
                status, answer = self.fetch(cookie, action, dict(form["hidden"], csrf=form.get("csrf", "")))
                self.assertLess(status, 500, f"POST {action} (from {path}) as {role} with its fields empty")
                if status not in (409, 422):
                    continue
                again = Page(answer)
                # The same form: same action and the same hidden fields by name (one page holds several forms to one action).
                same = [other for other in again.forms if other["action"] == action and sorted(other["hidden"]) == sorted(form["hidden"])]
                if not any(other["action"] == action for other in again.forms):
                    continue
                if (again.heading or "").strip() != (page.heading or "").strip():
                    problems.append(f"{action} from {path}: heading {page.heading!r} came back as {again.heading!r}")
                if not same:
                    problems.append(f"{action} from {path}: the form with hidden fields {sorted(form['hidden'])} did not come back")
                elif form["hidden"] not in [other["hidden"] for other in same]:
                    problems.append(f"{action} from {path}: hidden fields {form['hidden']} came back as {same[0]['hidden']}")
        self.assertGreater(len(tried), {"frontdesk": 5, "admin": 8}.get(role, 15), f"too few forms reached as {role}: {sorted(tried)}")
        self.assertEqual(problems, [], f"refused forms not shown again as they were, as {role}")

    def test_every_refused_form_comes_back_as_it_was_shown(self):
        for role in ROLES:
            with self.subTest(role=role):
                self.walk(role)


if __name__ == "__main__":
    unittest.main()
