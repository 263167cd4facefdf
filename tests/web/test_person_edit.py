"""A registration officer corrects a person's record from the person page: audited, searchable
under the new name, refused to those who may not register persons there."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry

from mixflow.core.roles import Role
from mixflow.identity.models import Person

pytestmark = pytest.mark.django_db


def test_a_registration_officer_corrects_a_record(world: Any, outsiders: Any, login: Any) -> None:
    person: Person = world.at_agadez
    officer = login(world.user(Role.REGISTRATION_OFFICER))
    page = officer.get(f"/persons/{person.pk}/").content.decode()
    assert f"/persons/{person.pk}/edit/" in page
    form = {
        "given_name": "Aminata",
        "father_name": "",
        "family_name": "Yousouf",
        "sex": "female",
        "date_of_birth": "1994-03-21",
        "nationality": "NGA",
    }
    refused = officer.post(f"/persons/{person.pk}/edit/", form | {"date_of_birth": "someday"})
    assert refused.status_code == 200
    assert 'class="error"' in refused.content.decode()
    done = officer.post(f"/persons/{person.pk}/edit/", form)
    assert done.status_code == 302
    person.refresh_from_db()
    assert (person.given_name, person.family_name, str(person.date_of_birth)) == (
        "Aminata",
        "Yousouf",
        "1994-03-21",
    )
    assert list(person.nationalities.values_list("country", flat=True)) == ["NGA"]
    assert LogEntry.objects.get_for_object(person).filter(action=LogEntry.Action.UPDATE).exists()
    found = officer.get("/persons/", {"q": "aminata yousouf"}).content.decode()
    assert f"/persons/{person.pk}/" in found
    # An enumerator, or an officer of another organisation, may not.
    for other in (world.user(Role.ENUMERATOR), outsiders[Role.REGISTRATION_OFFICER]):
        assert login(other).post(f"/persons/{person.pk}/edit/", form).status_code in (403, 404)
