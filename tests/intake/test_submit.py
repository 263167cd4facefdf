"""One path for every channel: validate, refuse without writing, store once, map to the domain."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from mixflow.identity.models import GroupMember, Person
from mixflow.intake.actions import (
    SITE_FIELD,
    SubmissionOutcome,
    receive_submission,
    upload_questionnaire,
)
from mixflow.intake.models import Encounter, FlowCount, SensitiveDetails, Submission
from mixflow.intake.xlsform.parse import FormError
from mixflow.protection.models import Consent
from tests.intake.builders import registration_form

ANSWERS = {
    "given": "Maxamed",
    "family": "Cabdi",
    "sex": "male",
    "born": "1998-02-03",
    "nationality": "SOM",
    "smuggler": "yes",
    "cost": "1200",
    "trafficking": "deceived unpaid",
    "members": [{"m_given": "Hodan", "m_rel": "spouse"}, {"m_given": "Ayaan", "m_rel": "child"}],
    "consent_services": "yes",
    "remarks": "arrived by truck",
}


@dataclass(frozen=True)
class SubmissionInput:
    answers: dict[str, Any]
    channel: str
    site: Any = None
    instance_id: str = ""


def submit(*, actor: Any, version: Any, data: SubmissionInput, lang: str = "en") -> Any:
    """``receive_submission`` of this version, a refusal given as the outcome's site error."""
    try:
        return receive_submission(
            actor=actor,
            questionnaire=version.questionnaire,
            version=version.version,
            answers=data.answers,
            channel=data.channel,
            site=data.site,
            instance_id=data.instance_id,
            lang=lang,
        )
    except PermissionDenied as refusal:
        return SubmissionOutcome(None, False, {SITE_FIELD: str(refusal)})


def _submit(world: Any, version: Any, answers: dict[str, Any], **kw: Any) -> Any:
    return submit(
        actor=world.user("registration_officer"),
        version=version,
        data=SubmissionInput(answers=answers, channel="api", site=world.agadez, **kw),
    )


@pytest.mark.django_db
def test_a_registration_fills_person_group_encounter_and_consent(
    world: Any, registration: Any
) -> None:
    outcome = _submit(world, registration, ANSWERS)
    assert outcome.created, outcome.errors
    submission = outcome.submission
    person = Person.objects.get(pk=submission.person_id)
    assert (person.given_name, person.family_name, person.sex) == ("Maxamed", "Cabdi", "male")
    assert person.nationalities.get().country == "SOM"
    encounter = Encounter.objects.get(pk=submission.encounter_id)
    assert encounter.person == person
    assert encounter.site == world.agadez
    assert encounter.used_smuggler is True
    assert encounter.smuggler_cost_usd == 1200
    assert SensitiveDetails.objects.get(encounter=encounter).trafficking_indicators == [
        "deceived",
        "unpaid",
    ]
    members = GroupMember.objects.filter(group_id=submission.group_id)
    assert sorted(m.relationship for m in members) == ["child", "head", "spouse"]
    assert Consent.objects.get(person=person).purpose == "services"
    # Sensitive answers live only behind their permission, never in the submission's answers.
    assert "trafficking" not in submission.answers
    assert submission.unmapped == {"remarks": "arrived by truck"}


@pytest.mark.django_db
def test_the_same_instance_twice_creates_nothing_new(world: Any, registration: Any) -> None:
    first = _submit(world, registration, ANSWERS, instance_id="uuid:abc")
    people = Person.objects.count()
    again = _submit(world, registration, ANSWERS, instance_id="uuid:abc")
    assert first.created
    assert not again.created
    assert again.submission.pk == first.submission.pk
    assert Person.objects.count() == people
    # Without an id, the content decides.
    a = _submit(world, registration, {**ANSWERS, "given": "Hamid"})
    b = _submit(world, registration, {**ANSWERS, "given": "Hamid"})
    assert a.created
    assert not b.created


@pytest.mark.django_db
def test_invalid_answers_are_refused_and_nothing_is_written(world: Any, registration: Any) -> None:
    before = (Person.objects.count(), Submission.objects.count(), Encounter.objects.count())
    outcome = submit(
        actor=world.user("registration_officer"),
        version=registration,
        data=SubmissionInput(
            answers={**ANSWERS, "born": "2999-01-01", "sex": "", "cost": "-5"},
            channel="api",
            site=world.agadez,
        ),
        lang="fr",
    )
    assert outcome.submission is None
    assert {"born", "sex", "cost"} <= set(outcome.errors)
    assert outcome.errors["born"] == "Pas dans le futur"
    assert before == (Person.objects.count(), Submission.objects.count(), Encounter.objects.count())


@pytest.mark.django_db
def test_an_irrelevant_answer_is_not_stored(world: Any, registration: Any) -> None:
    outcome = _submit(world, registration, {**ANSWERS, "smuggler": "no", "cost": "900"})
    assert outcome.created
    encounter = Encounter.objects.get(pk=outcome.submission.encounter_id)
    assert encounter.used_smuggler is False
    assert encounter.smuggler_cost_usd is None


@pytest.mark.django_db
def test_a_site_outside_the_officers_scope_is_refused(world: Any, registration: Any) -> None:
    outcome = submit(
        actor=world.limited,
        version=registration,
        data=SubmissionInput(answers=ANSWERS, channel="web", site=world.tripoli),
    )
    assert outcome.submission is None
    assert Person.objects.filter(given_name="Maxamed").count() == 0


@pytest.mark.django_db
def test_flow_counts_are_recorded_and_checked(world: Any, counts: Any) -> None:
    enumerator = world.user("enumerator")
    good = submit(
        actor=enumerator,
        version=counts,
        data=SubmissionInput(
            answers={
                "day": "2026-09-01",
                "direction": "incoming",
                "size": "5",
                "men": "2",
                "women": "3",
            },
            channel="web",
            site=world.agadez,
        ),
    )
    assert good.created
    count = FlowCount.objects.get(pk=good.submission.flow_count_id)
    assert (count.group_size, count.men, count.women, count.direction) == (5, 2, 3, "incoming")
    bad = submit(
        actor=enumerator,
        version=counts,
        data=SubmissionInput(
            answers={"direction": "incoming", "size": "2", "men": "2", "women": "3"},
            channel="web",
            site=world.agadez,
        ),
    )
    assert bad.submission is None
    assert bad.errors["women"] == "More adults than people in the group"


@pytest.mark.django_db
def test_versions_are_kept_and_a_version_is_never_replaced(world: Any, registration: Any) -> None:
    admin = world.user("org_admin")
    with pytest.raises(FormError):
        upload_questionnaire(
            actor=admin, organisation=world.home, content=registration_form(), file_name="r.xlsx"
        )
    newer = upload_questionnaire(
        actor=admin, organisation=world.home, content=registration_form("2"), file_name="r.xlsx"
    )
    assert newer.questionnaire == registration.questionnaire
    assert list(newer.questionnaire.versions.values_list("version", flat=True)) == ["2", "1"]


@pytest.mark.django_db
def test_answers_differing_only_in_sensitive_details_are_two_submissions(
    world: Any, registration: Any
) -> None:
    first = _submit(world, registration, {**ANSWERS, "given": "Idris", "trafficking": "deceived"})
    second = _submit(world, registration, {**ANSWERS, "given": "Idris", "trafficking": "unpaid"})
    assert first.created
    assert second.created
    assert first.submission.pk != second.submission.pk
