"""From screening to referral: what a protection officer confirmed is where a referral starts."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from mixflow.core.roles import Role
from mixflow.protection.actions import decide_flag
from mixflow.protection.models import ProfileFlag
from tests.protection.test_vignettes import VIGNETTES

pytestmark = pytest.mark.django_db


def test_confirmed_needs_are_ticked_and_their_services_suggested(
    world: Any, screen: Any, directory: Any, login: Any
) -> None:
    vignette = VIGNETTES["boy_alone_smuggled_unpaid_work"]
    submission = screen(given_name="Idriss", **vignette.answers)
    caseworker = world.user(Role.CASEWORKER)
    flags = ProfileFlag.objects.filter(encounter=submission.encounter)
    child = flags.get(code="unaccompanied_separated_child")
    decide_flag(actor=caseworker, flag=child, decision="confirmed", reason="Seen alone.")
    smuggled = flags.get(code="smuggled")
    decide_flag(actor=caseworker, flag=smuggled, decision="dismissed", reason="Not so.")
    url = reverse("web:referral_new", args=[submission.person_id])
    page = login(caseworker).get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert page.context["needs"] == ["uasc"]  # confirmed only: raised and dismissed left out
    boxes = re.findall(r"<input[^>]*>", text)
    ticked = [b for b in boxes if 'name="needs"' in b and "checked" in b]
    assert len(ticked) == 1
    assert 'value="uasc"' in ticked[0]
    suggested = [s.service.name for s, _form in page.context["suggestions"]]
    assert "Child protection desk" in suggested
