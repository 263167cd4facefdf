"""Flags raised by every screening, an officer's decisions, publishing rules: through the
application's own actions, on a real database."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mixflow.core.roles import Role
from mixflow.protection.models import ProfileDecision, ProfileFlag, ProfileRuleSet
from mixflow.protection.profiling.rules import RuleSetError, shipped


def _codes(submission: Any) -> set[str]:
    return set(
        ProfileFlag.objects.filter(encounter=submission.encounter).values_list("code", flat=True)
    )


def test_a_desk_screening_raises_flags_with_evidence_and_version(
    world: Any, screen: Callable[..., Any]
) -> None:
    submission = screen(
        dob_precision="exact",
        date_of_birth="2010-02-11",
        under_18="yes",
        child_care="unaccompanied",
        used_smuggler="yes",
        any_exploitation="yes",
        trafficking_indicators="forced_work unpaid",
    )
    assert {
        "unaccompanied_separated_child",
        "trafficking",
        "smuggled",
        "SC-UC",
        "CR",
        "FU",
    } <= _codes(submission)
    flag = ProfileFlag.objects.get(encounter=submission.encounter, code="trafficking")
    assert flag.person == submission.person
    assert flag.organisation == world.home
    assert flag.rule_set_version == shipped().version
    assert flag.evidence == {
        "trafficking_indicators": ["forced_work", "unpaid"],
        "any_exploitation": "yes",
    }
    assert flag.status == ProfileFlag.Status.RAISED
    # The screening answers the rules read are sensitive: not kept with the submission.
    for name in ("under_18", "child_care", "with_others", "trafficking_indicators"):
        assert name not in submission.answers
    sensitive = submission.encounter.sensitive
    assert (sensitive.under_18, sensitive.child_care) == ("yes", "unaccompanied")
    assert sensitive.travelling_with_others is False


def test_flags_are_written_by_the_profiling_system_actor(
    world: Any, screen: Callable[..., Any]
) -> None:
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    submission = screen(fear_of_return="yes")
    flag = ProfileFlag.objects.get(encounter=submission.encounter, code="international_protection")
    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(ProfileFlag), object_id=flag.pk
    )
    assert entry.actor_email == "system:profiling rules"


def test_an_answer_nobody_gave_raises_nothing(screen: Callable[..., Any]) -> None:
    assert _codes(screen()) == set()


def test_a_screening_through_the_api_is_profiled(world: Any, registration_form: Any) -> None:
    from rest_framework.test import APIClient

    from tests.protection.conftest import CONSENTED

    client = APIClient()
    client.force_authenticate(world.user(Role.REGISTRATION_OFFICER))
    response = client.post(
        f"/api/questionnaires/{registration_form.pk}/submissions/",
        {
            "answers": {
                **CONSENTED,
                "given_name": "Api",
                "dob_precision": "year",
                "date_of_birth": "1958-01-01",
                "any_health_need": "yes",
                "health_conditions": "disability",
            }
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    person_id = response.json()["person"]
    codes = set(ProfileFlag.objects.filter(person_id=person_id).values_list("code", flat=True))
    assert codes == {"specific_needs", "DS", "ER"}


def test_an_officer_confirms_dismisses_and_amends_with_a_reason(
    world: Any, screen: Callable[..., Any]
) -> None:
    from mixflow.protection.actions import decide_flag

    submission = screen(used_smuggler="yes", reasons_for_leaving="economic", wishes_return="yes")
    officer = world.user(Role.CASEWORKER)
    flags = {f.code: f for f in ProfileFlag.objects.filter(encounter=submission.encounter)}
    assert set(flags) == {"smuggled", "economic", "stranded_return"}

    with pytest.raises(ValidationError):
        decide_flag(actor=officer, flag=flags["smuggled"], decision="confirmed", reason="  ")
    decide_flag(actor=officer, flag=flags["smuggled"], decision="confirmed", reason="Paid 800 USD")
    decide_flag(actor=officer, flag=flags["economic"], decision="dismissed", reason="Came to study")
    with pytest.raises(ValidationError):
        decide_flag(actor=officer, flag=flags["stranded_return"], decision="amended", reason="x")
    decide_flag(
        actor=officer,
        flag=flags["stranded_return"],
        decision="amended",
        reason="Wants to stay; fears going back",
        amended_code="international_protection",
    )
    flags["stranded_return"].refresh_from_db()
    assert flags["stranded_return"].current_code == "international_protection"
    assert flags["stranded_return"].decided_by == officer
    history = ProfileDecision.objects.filter(flag__encounter=submission.encounter)
    assert history.count() == 3
    assert set(history.values_list("decided_by", flat=True)) == {officer.pk}


@pytest.mark.parametrize("role", [Role.REGISTRATION_OFFICER, Role.ANALYST, Role.SYSTEM_ADMIN])
def test_only_a_protection_officer_decides(
    world: Any, screen: Callable[..., Any], role: str
) -> None:
    from mixflow.protection.actions import decide_flag

    flag = ProfileFlag.objects.get(encounter=screen(used_smuggler="yes").encounter)
    with pytest.raises(PermissionDenied):
        decide_flag(actor=world.user(role), flag=flag, decision="confirmed", reason="seen")
    with pytest.raises(PermissionDenied):
        decide_flag(actor=world.outsider, flag=flag, decision="confirmed", reason="seen")
    assert not ProfileDecision.objects.exists()


def test_flags_are_read_only_with_view_sensitive(world: Any, screen: Callable[..., Any]) -> None:
    from mixflow.protection.queries import flags_of

    submission = screen(used_smuggler="yes")
    person = submission.person
    assert flags_of(world.user(Role.CASEWORKER), person).count() == 1
    for role in (Role.REGISTRATION_OFFICER, Role.ANALYST, Role.SERVICE_PROVIDER):
        assert not flags_of(world.user(role), person).exists()
    assert not flags_of(world.outsider, person).exists()


def test_publishing_rules_versions_them_and_old_flags_keep_theirs(
    world: Any, screen: Callable[..., Any]
) -> None:
    from mixflow.protection.actions import publish_rule_set

    before = screen(given_name="Before", used_smuggler="yes")
    data = shipped().as_data()
    smuggling = next(r for r in data["rules"] if r["id"] == "smuggling.paid")
    smuggling["description"]["en"] = "Paid a smuggler (version two)."

    with pytest.raises(PermissionDenied):
        publish_rule_set(actor=world.user(Role.CASEWORKER), rules=data)
    broken = {"rules": [{**smuggling, "when": {"answer": "nope", "is": "yes"}}]}
    with pytest.raises(RuleSetError):
        publish_rule_set(actor=world.user(Role.SYSTEM_ADMIN), rules=broken)
    published = publish_rule_set(actor=world.user(Role.SYSTEM_ADMIN), rules=data, note="wording")
    assert published.version == shipped().version + 1
    assert ProfileRuleSet.objects.count() == 1

    after = screen(given_name="After", used_smuggler="yes")
    old = ProfileFlag.objects.get(encounter=before.encounter)
    new = ProfileFlag.objects.get(encounter=after.encounter)
    assert (old.rule_set_version, new.rule_set_version) == (1, published.version)
