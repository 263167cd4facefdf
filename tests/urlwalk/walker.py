"""Request every filled URL as every user, with every method, and note what must not be."""

from __future__ import annotations

import base64
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

from django.test import Client
from django.urls import reverse

from mixflow.accounts import two_factor
from mixflow.accounts.actions import issue_api_token
from mixflow.accounts.models import User
from tests.conftest import PASSWORD as PASSWORD_OF_WORLD
from tests.urlwalk import rules
from tests.urlwalk.bodies import Form, api_body, bodies_of, forms_in, openrosa_submission
from tests.urlwalk.changes import Fingerprint, rolled_back
from tests.urlwalk.ids import Filled
from tests.urlwalk.world import Walk

ANONYMOUS = "anonymous"
Answer = Any  # the test client's response (its stub type is private)
API_WRITES = ("POST", "PUT", "PATCH", "DELETE")


@dataclass(frozen=True)
class Finding:
    method: str
    url: str
    who: str
    what: str

    def __str__(self) -> str:
        return f"{self.method} {self.url} as {self.who}: {self.what}"


@dataclass
class Walker:
    walk: Walk
    findings: list[Finding] = field(default_factory=list)
    forms: dict[str, dict[str, Form]] = field(default_factory=dict)
    """Forms seen in the answers, by user and by the path they post to."""
    without_body: set[str] = field(default_factory=set)
    """Routes posted to without a plausible body (no form of the application posts there)."""
    counts: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self.clients: dict[str, Client] = {ANONYMOUS: Client(raise_request_exception=False)}
        self.cookies: dict[str, SimpleCookie] = {ANONYMOUS: SimpleCookie()}
        for who, user in self.walk.users.items():
            # Accounts that confirm sign-ins with a second factor give Collect an API token.
            secret = (
                issue_api_token(actor=user, user=user, name="ODK Collect")[1]
                if two_factor.required_for(user)
                else PASSWORD_OF_WORLD
            )
            credentials = base64.b64encode(f"{user.username}:{secret}".encode())
            # Signed in twice over: a session for pages and the API, HTTP Basic for OpenRosa.
            client = Client(
                raise_request_exception=False, HTTP_AUTHORIZATION=f"Basic {credentials.decode()}"
            )
            client.force_login(user)
            self.clients[who] = client
            self.cookies[who] = SimpleCookie(client.cookies.output(header="", sep="\n"))
        # After signing everyone in (which writes ``last_login``): the state every request
        # starts from, since each one is rolled back.
        self.before = Fingerprint.take()
        self.readable = {
            who: {m.text for m in self.walk.markers if m.may_read(self._user(who))}
            for who in self.clients
        }
        schema = self.clients["home:org_admin"].get(reverse("api:schema"), {"format": "json"})
        self.schema: dict[str, Any] = json.loads(schema.content)

    def _user(self, who: str) -> User | None:
        return self.walk.users.get(who)

    @property
    def everyone(self) -> list[str]:
        return list(self.clients)

    # -- requests ------------------------------------------------------------------------------

    def _send(self, who: str, method: str, filled: Filled) -> Answer:
        client = self.clients[who]
        route = filled.route
        if method == "GET":
            return client.get(filled.url)
        if route.is_api:
            body = api_body(self.schema, filled.url, method, self.walk)
            if body is None and method != "DELETE":
                body = api_body(self.schema, filled.url, "POST", self.walk)
            return client.generic(
                method, filled.url, json.dumps(body or {}), content_type="application/json"
            )
        if route.name in rules.FILLS_A_QUESTIONNAIRE:
            return client.post(filled.url, openrosa_submission(self.walk))
        own = self.forms.get(who, {}).get(filled.url)
        home = self._any_form(filled.url)
        # Another organisation's users post home's form (home's ids in it: the attack to try)
        # and their own (what their pages offer); home's users post their own.
        forms = [f for f in ((home, own) if who.startswith("other:") else (own or home,)) if f]
        bodies = [b for form in _unique(forms) for b in bodies_of(form, self.walk)]
        if not bodies:
            self.without_body.add(route.name)
            return client.post(filled.url, {})
        for body in bodies[:-1]:
            # Earlier variants run in the same savepoint: what they change is seen too.
            client.post(filled.url, body)
        return client.post(filled.url, bodies[-1])

    def _any_form(self, url: str) -> Form | None:
        # Home's users first (then by name, for a fixed choice): home's ids are the target.
        for who in sorted(self.forms, key=lambda w: (not w.startswith("home:"), w)):
            if url in self.forms[who]:
                return self.forms[who][url]
        return None

    def visit(self, who: str, method: str, filled: Filled) -> None:
        user = self._user(who)
        self.counts[method] += 1
        must_not_change = not rules.may_change(filled, user, method, self.walk)
        with rolled_back(self.before, user) as outcome:
            first = self._send(who, method, filled)
            # A redirect shows nothing by itself: the page it leads to is what is judged.
            response, statuses, content = self._followed(who, first)
        self.clients[who].cookies = SimpleCookie(self.cookies[who].output(header="", sep="\n"))
        note = self._noter(who, method, filled)
        if response.status_code >= 500:
            note(f"server error {statuses}")
        lowered = content.lower()
        for marker in self.walk.markers:
            if marker.text.lower() in lowered and marker.text not in self.readable[who]:
                note(f"shows the {marker.record} marker {marker.text!r} ({statuses})")
        for escalation in outcome.escalations + outcome.trespasses:
            note(escalation)
        if method == "GET":
            if not rules.may_read(filled, user) and not rules.refused(response):
                note(f"answered {statuses} instead of refusing")
            if first.status_code == 200:
                self._keep_forms(who, filled.url, content)
        elif (
            must_not_change
            and not rules.refused(response)
            and not rules.harmless(filled, response, outcome.changed)
        ):
            note(f"answered {statuses} instead of refusing")
        if must_not_change and outcome.changed:
            note(f"changed {', '.join(outcome.changed)} ({statuses})")

    def _followed(self, who: str, response: Answer) -> tuple[Answer, str, str]:
        statuses = [str(response.status_code)]
        content = _content(response) + response.get("Location", "")
        for _hop in range(3):
            location = response.get("Location", "")
            if not rules.is_redirect(response) or rules.refused(response):
                break
            if not location.startswith("/"):
                break  # leaves the site: judged as it is
            response = self.clients[who].get(location)
            statuses.append(str(response.status_code))
            content += _content(response)
        return response, " → ".join(statuses), content

    def _noter(self, who: str, method: str, filled: Filled) -> Any:
        def note(what: str) -> None:
            self.findings.append(Finding(method, filled.url, who, what))

        return note

    def _keep_forms(self, who: str, url: str, content: str) -> None:
        if "<form" not in content:
            return
        kept = self.forms.setdefault(who, {})
        for form in forms_in(url, content):
            kept.setdefault(form.action, form)

    # -- the walk ------------------------------------------------------------------------------

    def read_everything(self, urls: Iterable[Filled], who: Iterable[str]) -> None:
        people = list(who)
        for filled in urls:
            searched = self._searched(filled)
            for person in people:
                self.visit(person, "GET", filled)
                if searched is not None:
                    self.visit(person, "GET", searched)

    def _searched(self, filled: Filled) -> Filled | None:
        """Lists searched for the marked person, by the start of the name only (the page
        echoes the query; the whole marker shows only if a record is found)."""
        if filled.route.arguments or filled.route.is_api or filled.route.name in rules.PUBLIC:
            return None
        prefix = self.walk.markers[0].text[:6].lower()
        return Filled(filled.route, f"{filled.url}?q={prefix}", filled.records)

    def write_everything(self, urls: Iterable[Filled], who: Iterable[str]) -> None:
        people = list(who)
        for filled in urls:
            methods = API_WRITES if filled.route.is_api else ("POST",)
            for method in methods:
                for person in people:
                    self.visit(person, method, filled)


def _unique(forms: list[Form]) -> list[Form]:
    seen: list[Form] = []
    for form in forms:
        if all(form is not other for other in seen):
            seen.append(form)
    return seen


def _content(response: Answer) -> str:
    if getattr(response, "streaming", False):
        data = b"".join(response.streaming_content)
    else:
        data = response.content
    return data.decode("utf-8", errors="replace")
