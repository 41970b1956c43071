"""200 simulated people on Gonghui (issue 19 point 4), run by ``bench/load_bench.py``::

    LOAD_PLAN=plan.json LOAD_WRITES=writes.json locust -f bench/load/locustfile.py --headless -u 200 -r 10 -t 10m \\
        --host http://127.0.0.1:8000

Who (weights out of 200): members (130) read the home page and the notices, confirm a notice read, sign up
for the event and vote once in the open election; officers (35) list and edit members (each edit carries the
``updated_at`` it was loaded with, so a colleague's edit in between is refused, never overwritten) and record
care visits; finance (15) enters vouchers and takes them through review, approval and posting (three people);
dashboards (20): the county's home page and the federation's figures (officers read the care figures). Members and officers use the web pages with a
signed-in session and the API with their token; finance and the chair (two-factor roles) use tokens.

Every write the server confirmed is remembered with the key that finds it in the database (LOAD_WRITES,
written when the run stops); ``bench/load/setup.py count`` checks each is stored exactly once. Expected
refusals (a second sign-up, a vote after voting, an edit that lost the race) are answered 400 and are counted
as such, not as failures; anything 5xx is a server error.
"""
import datetime
import itertools
import json
import os
import random

import uuid
from collections import Counter, defaultdict
from pathlib import Path
from zoneinfo import ZoneInfo

from locust import HttpUser, between, events, task

PLAN = json.loads(Path(os.environ["LOAD_PLAN"]).read_text())
WRITES = defaultdict(list)
REFUSED = Counter()
REFUSED_SAMPLES = {}
SERVER_ERRORS = Counter()
TAG = "压测"
SHANGHAI = ZoneInfo("Asia/Shanghai")
_next = {kind: itertools.count() for kind in ("members", "officers", "dashboard")}


def today():
    return datetime.datetime.now(SHANGHAI).date().isoformat()


def identity(kind):
    people = PLAN[kind]
    return people[next(_next[kind]) % len(people)]


@events.request.add_listener
def _server_errors(request_type, name, response_length, response, exception, **kwargs):
    if response is not None and getattr(response, "status_code", 0) >= 500:
        SERVER_ERRORS[f"{request_type} {name} {response.status_code}"] += 1


def _save(**_kwargs):
    path = os.environ.get("LOAD_WRITES")
    if path:
        Path(path).write_text(json.dumps({**WRITES, "refused": dict(REFUSED),
                                          "refused_samples": REFUSED_SAMPLES, "server_errors": dict(SERVER_ERRORS)},
                                         ensure_ascii=False))


events.test_stop.add_listener(_save)
events.quitting.add_listener(_save)


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 4)
    token = None

    def api(self, method, url, name, expect=(200, 201), refuse=(), **kwargs):
        """An API call: ``expect`` statuses succeed, ``refuse`` ones are expected refusals (counted), else failure."""
        headers = {"Authorization": f"Token {self.token}"}
        csrf = self.client.cookies.get("csrftoken")
        if csrf and method != "GET":  # signed in on the web too: the API checks CSRF as for a browser
            headers["X-CSRFToken"] = csrf
        with self.client.request(method, url, name=name, headers=headers, catch_response=True, **kwargs) as r:
            if r.status_code in expect:
                r.success()
                return r
            if r.status_code in refuse:
                REFUSED[name] += 1
                REFUSED_SAMPLES.setdefault(name, r.text[:200])
                r.success()
                return None
            r.failure(f"{r.status_code}: {r.text[:200] if r.status_code else repr(r.error)[:200]}")
            return None

    def sign_in(self, username):
        """A web session through the login form (CSRF token from the page, as a browser sends it)."""
        self.client.get("/login/", name="web: login page")
        csrf = self.client.cookies.get("csrftoken", "")
        with self.client.post("/login/", {"username": username, "password": PLAN["password"],
                                          "csrfmiddlewaretoken": csrf},
                              headers={"Referer": f"{self.host}/login/"}, name="web: sign in",
                              catch_response=True, allow_redirects=False) as r:
            if r.status_code == 302:
                r.success()
            else:
                r.failure(f"sign-in {r.status_code} {repr(r.error)[:200] if not r.status_code else ''}")

    def page(self, url, name):
        with self.client.get(url, name=name, catch_response=True) as r:
            if r.status_code == 200 and "/login/" not in r.url:
                r.success()
            else:
                r.failure(f"{r.status_code} {r.url if r.status_code else repr(r.error)[:200]}")


class Member(Person):
    weight = 130

    def on_start(self):
        me = identity("members")
        self.token, self.member = me["token"], me["member"]
        self.signed_up = self.voted = False
        self.notices = []
        self.sign_in(me["username"])

    @task(3)
    def home(self):
        self.page("/", "web: home")

    @task(2)
    def my_notices_page(self):
        self.page("/notices/mine/", "web: my notices")

    @task(3)
    def my_notices(self):
        r = self.api("GET", "/api/notices/notices/mine/", "api: my notices")
        if r is not None:
            body = r.json()
            rows = body.get("results", body) if isinstance(body, dict) else body
            self.notices = [n["id"] for n in rows if isinstance(n, dict) and "id" in n][:20]

    @task(1)
    def read_notice(self):
        if self.notices:
            self.api("POST", f"/api/notices/notices/{random.choice(self.notices)}/read/", "api: confirm notice read",
                     refuse=(400,))

    @task(2)
    def events(self):
        self.api("GET", "/api/activities/me/events/?upcoming=1", "api: my events")

    @task(2)
    def sign_up(self):
        # After signing up, now and then the same person presses again: refused, never a second row.
        if self.signed_up and random.random() < 0.8:
            return
        r = self.api("POST", f"/api/activities/me/events/{PLAN['event']}/signup/", "api: event sign-up",
                     expect=(201,), refuse=(400,))
        if r is not None:
            WRITES["signup"].append({"member": self.member})
        self.signed_up = True

    @task(1)
    def vote(self):
        if self.voted and random.random() < 0.8:
            return
        marks = random.sample(PLAN["candidates"], k=min(3, len(PLAN["candidates"])))
        r = self.api("POST", f"/api/elections/elections/{PLAN['election']}/vote/", "api: vote",
                     expect=(201,), refuse=(400,), json={"marks": marks, "write_ins": []})
        if r is not None:
            WRITES["vote"].append({"member": self.member})
        self.voted = True


class Officer(Person):
    weight = 35

    def on_start(self):
        me = identity("officers")
        self.token = me["token"]
        self.sign_in(me["username"])

    @task(2)
    def members_page(self):
        self.page(f"/members/?org={PLAN['union']}", "web: member list")

    @task(1)
    def care_page(self):
        self.page("/care/", "web: care home")

    @task(3)
    def member_list(self):
        self.api("GET", f"/api/members/?org={PLAN['union']}", "api: member list")

    @task(4)
    def edit_member(self):
        pk = random.choice(PLAN["edit_pool"][:40])  # a small pool: colleagues do meet on the same record
        r = self.api("GET", f"/api/members/{pk}/", "api: member detail")
        if r is None:
            return
        post = f"{TAG}岗位-{uuid.uuid4().hex[:12]}"
        r = self.api("PATCH", f"/api/members/{pk}/", "api: edit member", refuse=(400, 409),
                     json={"post": post, "updated_at": r.json()["updated_at"]})
        if r is not None:
            WRITES["edit"].append({"post": post, "member": pk})

    @task(1)
    def care_figures(self):
        self.api("GET", f"/api/care/figures/?org={PLAN['union']}", "api: care figures")

    @task(2)
    def record_visit(self):
        note = f"{TAG}走访-{uuid.uuid4().hex[:12]}"
        r = self.api("POST", "/api/care/visits/", "api: record care visit", expect=(201,), json={
            "union": PLAN["union"], "member_no": random.choice(PLAN["visit_pool"]), "occasion": PLAN["occasion"],
            "date": today(), "visitors": "压测干事", "note": note})
        if r is not None:
            WRITES["visit"].append({"note": note, "id": r.json()["id"]})


class Finance(Person):
    """One voucher through its three people: the accountant enters and posts, the auditor reviews, the chair
    approves (the same person may not take two of the steps)."""
    weight = 15

    def on_start(self):
        self.tokens = {role: person["token"] for role, person in PLAN["finance"].items()}
        self.token = self.tokens["maker"]

    def as_(self, role, method, url, name, **kwargs):
        self.token = self.tokens[role]
        try:
            return self.api(method, url, name, **kwargs)
        finally:
            self.token = self.tokens["maker"]

    @task(3)
    def voucher(self):
        summary = f"{TAG}凭证-{uuid.uuid4().hex[:12]}"
        amount = f"{random.randint(100, 99999) / 100:.2f}"
        r = self.as_("maker", "POST", "/api/finance/ledger/vouchers/", "api: enter voucher", expect=(201,), json={
            "org": PLAN["union"], "date": today(), "summary": summary, "category": "504",
            "lines": [{"account": "504", "debit": amount, "credit": "", "memo": summary},
                      {"account": "102", "debit": "", "credit": amount, "memo": summary}]})
        if r is None:
            return
        entry = {"summary": summary, "id": r.json()["id"], "posted": False}
        WRITES["voucher"].append(entry)
        base = f"/api/finance/ledger/vouchers/{entry['id']}"
        if (self.as_("reviewer", "POST", f"{base}/review/", "api: review voucher") is not None
                and self.as_("approver", "POST", f"{base}/approve/", "api: approve voucher") is not None
                and self.as_("maker", "POST", f"{base}/post/", "api: post voucher") is not None):
            entry["posted"] = True

    @task(1)
    def trial_balance(self):
        self.api("GET", f"/api/finance/ledger/trial-balance/?org={PLAN['union']}", "api: trial balance")

    @task(1)
    def vouchers(self):
        self.api("GET", f"/api/finance/ledger/vouchers/?org={PLAN['union']}", "api: voucher list")


class Dashboard(Person):
    weight = 20

    def on_start(self):
        me = identity("dashboard")
        self.token = me["token"]
        self.sign_in(me["username"])

    @task(3)
    def home(self):
        self.page("/", "web: dashboard home")

    @task(1)
    def notice_coverage(self):
        self.api("GET", f"/api/notices/coverage/?org={PLAN['union']}", "api: notice coverage")

    @task(1)
    def participation(self):
        self.api("GET", f"/api/activities/participation/?org={PLAN['union']}", "api: participation")


