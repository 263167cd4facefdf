"""Every URL, every role, every method: nobody sees or changes what their scope does not allow.

Healthchecks-style and exhaustive: the URL patterns come from walking the resolver (web, API,
OpenRosa and the admin site), their arguments are filled with real records of the home
organisation (tests/urlwalk/ids.py), and each URL is requested by an anonymous visitor, every
role of home, a site-limited officer and every role of the other organisation; with GET, then
POST with a plausible body (and PUT, PATCH, DELETE on the API). It fails when

- an answer carries a marker planted in a record the user may not read (``scoped`` decides);
- a request by someone the view's declared rule or the records' scope refuses is not refused
  (sign-in redirect, 400, 401, 403, 404 or 405), or changes any row of the database;
- a request leaves any account with power its actor does not hold, or changes an account
  that holds more than its actor;
- a page answers with a server error;
- a new URL cannot be filled, or a web view declares no access rule: the message says what to
  add, so new pages are covered without anyone editing this file.

Nothing is marked as an expected failure: a finding is a bug to fix where it lives.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mixflow.core.roles import Role
from mixflow.identity.linking import forget_indexes
from tests.urlwalk import rules
from tests.urlwalk.changes import Fingerprint, rolled_back
from tests.urlwalk.ids import CannotFill, Filled, fill
from tests.urlwalk.routes import Route, every_route
from tests.urlwalk.walker import ANONYMOUS, Walker
from tests.urlwalk.world import Walk, build

pytestmark = pytest.mark.django_db


@pytest.fixture
def walk(world: Any, outsiders: Any, tmp_path: Path, monkeypatch: Any) -> Iterator[Walk]:
    monkeypatch.setenv("MIXFLOW_DATA_DIR", str(tmp_path / "data"))
    forget_indexes()  # the matcher's in-memory index must not keep another test's persons
    yield build(world, outsiders, tmp_path)
    forget_indexes()


def _filled(walk: Walk) -> tuple[list[Filled], list[str]]:
    filled: list[Filled] = []
    problems: list[str] = []
    for route in every_route():
        try:
            url = fill(route, walk)
            rules.declared_check_passes(route, url, None, "GET")
        except (CannotFill, rules.Undeclared) as problem:
            problems.append(str(problem))
        else:
            filled.append(url)
    return filled, problems


def test_every_url_pattern_is_filled_and_declares_its_access_rule(walk: Walk) -> None:
    filled, problems = _filled(walk)
    assert not problems, "\n".join(problems)
    namespaces = {f.route.namespace for f in filled}
    assert {"web", "api", "openrosa", "admin"} <= namespaces
    # Every registered admin model is walked (their pages come from the admin site itself).
    from mixflow.core.admin import site

    walked = {f.route.model for f in filled if f.route.model is not None}
    assert set(site._registry) <= walked


def test_nobody_sees_or_changes_what_their_scope_does_not_allow(walk: Walk) -> None:
    filled, problems = _filled(walk)
    assert not problems, "\n".join(problems)
    walker = Walker(walk)
    # Reads first: every answer is checked, and the forms in them give the write bodies.
    walker.read_everything(filled, walker.everyone)
    walker.write_everything(filled, walker.everyone)
    assert walker.counts["GET"] >= len(filled) * len(walker.everyone)
    findings = sorted({str(f) for f in walker.findings})
    assert not findings, f"{len(findings)} findings (method, URL, user: what):\n" + "\n".join(
        findings
    )


def test_anonymous_visitors_reach_only_the_public_pages(walk: Walk) -> None:
    filled, _problems = _filled(walk)
    walker = Walker(walk)
    walker.read_everything(filled, [ANONYMOUS])
    open_pages = {
        f.route.name
        for f in filled
        if f.route.name not in rules.PUBLIC
        and not rules.refused(walker.clients[ANONYMOUS].get(f.url))
    }
    assert not open_pages, open_pages
    findings = sorted({str(f) for f in walker.findings})
    assert not findings, "\n".join(findings)


# -- the walk's own checks fail when they must ------------------------------------------------


def test_a_change_is_seen_and_rolled_back(world: Any) -> None:
    from mixflow.accounts.models import Organisation

    before = Fingerprint.take()
    with rolled_back(before, world.outsider) as outcome:
        Organisation.objects.filter(pk=world.home.pk).update(name="Renamed")
    assert outcome.changed == ["accounts_organisation"]
    assert outcome.trespasses == [
        f"changed accounts_organisation rows of organisation #{world.home.pk}"
    ]
    assert Organisation.objects.get(pk=world.home.pk).name == "Home Agency"
    with rolled_back(before, world.outsider) as outcome:
        Organisation.objects.filter(pk=world.home.pk).update(name="Home Agency")  # as it was
    assert outcome.changed == []


def test_a_grant_beyond_the_actor_and_a_takeover_are_seen(world: Any) -> None:
    from mixflow.accounts.models import RoleAssignment, User

    org_admin = world.user(Role.ORG_ADMIN)
    before = Fingerprint.take()
    with rolled_back(before, org_admin) as outcome:
        RoleAssignment.objects.create(user=world.user(Role.ENUMERATOR), role=Role.SYSTEM_ADMIN)
    assert any("administer_system" in e for e in outcome.escalations), outcome.escalations
    with rolled_back(before, org_admin) as outcome:
        User.objects.filter(pk=world.user(Role.SYSTEM_ADMIN).pk).update(password="x")
    assert any("administer_system" in e for e in outcome.escalations), outcome.escalations
    with rolled_back(before, org_admin) as outcome:
        RoleAssignment.objects.create(user=world.user(Role.ENUMERATOR), role=Role.ANALYST)
        User.objects.filter(pk=world.user(Role.ENUMERATOR).pk).update(first_name="Ena")
    # An organisation administrator may rename the enumerator; the analyst role adds imports,
    # which the administrator does not hold (views of aggregates it does).
    assert len(outcome.escalations) == 1, outcome.escalations
    assert "import_data" in outcome.escalations[0]
    assert "view_aggregates" not in outcome.escalations[0]


def test_a_new_url_the_walk_cannot_fill_fails_with_what_to_add() -> None:
    from django.http import HttpResponse

    def page(request: Any, parcel_id: int) -> HttpResponse:
        return HttpResponse()

    nothing: Any = None
    empty = Walk(
        world=nothing, users={}, records={}, markers=[], questionnaire_answers={}, version=nothing
    )
    route = Route(("parcels/<int:parcel_id>/",), "web:parcel", page, ("parcel_id",))
    with pytest.raises(CannotFill, match="add it to BY_ARGUMENT"):
        fill(route, empty)
    bare = Route(("parcels/",), "web:parcels", page, ())
    filled = Filled(bare, "/parcels/", ())
    with pytest.raises(rules.Undeclared, match=r"mixflow\.web\.access\.requires"):
        rules.declared_check_passes(bare, filled, None, "GET")
