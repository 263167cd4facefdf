"""The registration officer's desk from the person page: add a visit, keep a household."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from mixflow.core.roles import Role
from mixflow.identity.models import GroupMember
from mixflow.intake.models import Encounter

pytestmark = pytest.mark.django_db


def test_a_visit_and_a_household_kept_from_the_person_page(
    world: Any, outsiders: Any, login: Any
) -> None:
    person, other = world.at_agadez, world.at_tripoli
    officer = login(world.user(Role.REGISTRATION_OFFICER))
    page = officer.get(f"/persons/{person.pk}/").content.decode()
    assert f"/persons/{person.pk}/visit/" in page
    # A visit: the form proposes today and the person's site.
    form = officer.get(f"/persons/{person.pk}/visit/").content.decode()
    assert f'value="{datetime.date.today():%Y-%m-%d}"' in form
    future = datetime.date.today() + datetime.timedelta(days=3)
    refused = officer.post(
        f"/persons/{person.pk}/visit/", {"site": world.agadez.pk, "occurred_on": future}
    )
    assert refused.status_code == 200
    done = officer.post(
        f"/persons/{person.pk}/visit/",
        {"site": world.agadez.pk, "occurred_on": "2026-11-20", "intended_destination": "ITA"},
    )
    assert done.status_code == 302
    visit = Encounter.objects.get(person=person, kind="visit")
    assert (visit.site_id, str(visit.occurred_on), visit.intended_destination) == (
        world.agadez.pk,
        "2026-11-20",
        "ITA",
    )
    # A household: started from the page, a member found by name and added, then removed.
    started = officer.post(f"/persons/{person.pk}/group/")
    assert started.status_code == 302
    group_url = started["Location"]
    group = GroupMember.objects.get(person=person, relationship="head").group
    assert group_url == f"/groups/{group.pk}/"
    search = officer.get(group_url, {"q": other.given_name}).content.decode()
    assert f'name="person" value="{other.pk}"' in search
    added = officer.post(
        f"{group_url}members/add/", {"person": other.pk, "relationship": "sibling"}
    )
    assert added.status_code == 302
    member = GroupMember.objects.get(group=group, person=other)
    assert member.relationship == "sibling"
    assert other.display_name in officer.get(group_url).content.decode()
    # Nobody without the desk's capability there changes it.
    for intruder in (world.user(Role.ENUMERATOR), outsiders[Role.REGISTRATION_OFFICER]):
        client = login(intruder)
        assert client.post(f"{group_url}members/{member.pk}/remove/").status_code in (403, 404)
    officer = login(world.user(Role.REGISTRATION_OFFICER))
    assert officer.post(f"{group_url}members/{member.pk}/remove/").status_code == 302
    assert not GroupMember.objects.filter(pk=member.pk).exists()


def test_the_imports_list_filters_and_pages_keep_the_filter(world: Any, login: Any) -> None:
    client = login(world.user(Role.ANALYST))
    page = client.get("/imports/", {"status": "failed", "file": "nothing"}).content.decode()
    assert 'name="status"' in page
    assert "No import matches these filters." in page
    # The one pager keeps the filters of the page it is on.
    request = RequestFactory().get("/imports/", {"status": "done", "page": "2"})
    link = Template("{% load web_ui %}{% page_link request 3 %}").render(
        Context({"request": request})
    )
    assert link == "?status=done&amp;page=3"
