"""A morning rush at the one-stop shop, for Locust (issue 13, item 5): run by ``bench_load.py``, which prepares
the database, writes the fixture file and starts Odoo.

    locust -f tests/bench/locust_rush.py --headless --host http://127.0.0.1:PORT -u 20 -r 5 --run-time 60s

Five kinds of users, as many of each (equal weights), each logged in with its own session as a demo user of its
role, spread over the four wards (``Q1_LOAD_FIXTURE``, a JSON file of ``bench_load.py``, names them):

* counter (``tiepnhan.*``): receptions (the new form's ``onchange``, the procedure's ``onchange``, ``web_save``,
  *Tiếp nhận*, the form read again), now and then the board and a form;
* officer (``chuyenvien.*``): hand-overs of dossiers it holds (prepared, each handed over once), the board and
  forms;
* head (``truongphong.*``): the board and forms;
* leader (``lanhdao.*``): the dashboard (the counts pivot of ``q1.dossier.report``, this year);
* citizen (no login): the public lookup page, GET then POST with the code and the phone's last 4 digits of a
  dossier that exists. Only failed lookups count against the page's limits, so these are never refused; an HTTP
  429 is counted apart all the same.

Every page is reported as one request of type ``page`` named after the action (its time: all its calls), beside
the HTTP calls it made. Any error is a failure of its page; a user message (an Odoo ``UserError``...) too.
Think time 1-3 s between pages.
"""

import collections
import itertools
import json
import os
import random
import time as clock

import webclient
from locust import HttpUser, between, task

FIXTURE = json.loads(open(os.environ["Q1_LOAD_FIXTURE"], encoding="utf-8").read())
DB = FIXTURE["db"]
PASSWORD = FIXTURE["password"]
# One pool of prepared dossiers per officer's login, shared by the Locust users logged in as that officer: each
# dossier is handed over once.
HAND_OVERS = {login: collections.deque(map(tuple, pairs)) for login, pairs in FIXTURE["hand_overs"].items()}
LOGINS = {role: itertools.cycle(logins) for role, logins in FIXTURE["logins"].items()}
SERIAL = itertools.count(1)


class Refused(Exception):
    """A page that answered, but not what the user asked for (HTTP 429, a user message...)."""


class Q1User(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    role = None

    def post(self, path, params, name):
        body = webclient.rpc_body(params)
        with self.client.post(path, json=body, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
                raise webclient.RpcError(f"HTTP {response.status_code}", response.text[:200])
            answer = response.json()
            response.success()  # an error answer is the page's failure, counted once, there
        return webclient.rpc_result(answer)

    def on_start(self):
        if self.role is None:
            return
        self.login = next(LOGINS[self.role])
        self.web = webclient.Session(self.post)
        self.web.login(DB, self.login, PASSWORD)
        self.records = self.web.call("q1.dossier", "search", [[["code", "!=", False]]], {"limit": 200}, "search")
        self.dimensions = None

    def page(self, name, action):
        started = clock.perf_counter()
        error = None
        try:
            action()
        except Exception as exception:  # noqa: BLE001 - every failure of a page is a result of the test
            error = exception
        self.environment.events.request.fire(
            request_type="page",
            name=name,
            response_time=(clock.perf_counter() - started) * 1000,
            response_length=0,
            exception=error,
            context={},
        )

    def board(self):
        self.page("kanban open", lambda: webclient.kanban(self.web))

    def open_form(self):
        if self.records:
            self.page("form open", lambda: webclient.form(self.web, random.choice(self.records)))


class Counter(Q1User):
    role = "counter"

    @task(4)
    def receive(self):
        serial = next(SERIAL)
        procedure = FIXTURE["procedures"][self.login]
        self.page(
            "reception",
            lambda: webclient.reception(
                self.web, procedure, f"Người thử tải {serial:05d}", f"0904{serial % 10**6:06d}"
            ),
        )

    @task(1)
    def kanban(self):
        self.board()

    @task(1)
    def form(self):
        self.open_form()


class Officer(Q1User):
    role = "officer"

    @task(2)
    def hand_over(self):
        pool = HAND_OVERS.get(self.login)
        if not pool:
            return  # every prepared dossier of this officer was handed over: nothing to time
        dossier_id, step_id = pool.popleft()
        self.page("hand-over", lambda: webclient.hand_over(self.web, dossier_id, step_id))

    @task(2)
    def kanban(self):
        self.board()

    @task(2)
    def form(self):
        self.open_form()


class Head(Q1User):
    role = "head"

    @task(2)
    def kanban(self):
        self.board()

    @task(1)
    def form(self):
        self.open_form()


class Leader(Q1User):
    role = "leader"

    @task
    def dashboard(self):
        def open_dashboard():
            if self.dimensions is None:
                self.dimensions = webclient.pivot_dimensions(self.web, "q1.dossier.report")
            webclient.dashboard(self.web, self.dimensions)

        self.page("dashboard open", open_dashboard)


class Citizen(Q1User):
    @task
    def lookup(self):
        code, digits = random.choice(FIXTURE["lookups"])

        def look_up():
            response = self.client.get("/q1/lookup", name="/q1/lookup GET")
            token = webclient.lookup_form(response.text)
            if not token:
                raise Refused(f"no form on the lookup page (HTTP {response.status_code})")
            with self.client.post(
                "/q1/lookup",
                data={"csrf_token": token, "code": code, "phone_digits": digits},
                name="/q1/lookup POST",
                catch_response=True,
            ) as answer:
                answer.success()
                if answer.status_code == 429:
                    raise Refused("HTTP 429 (lookup limit)")
                if answer.status_code != 200 or code not in answer.text:
                    raise Refused(f"HTTP {answer.status_code}, dossier not shown")

        self.page("public lookup", look_up)
