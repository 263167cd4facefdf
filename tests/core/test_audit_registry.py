"""Every model that holds personal data or configuration is audited."""

from __future__ import annotations

from auditlog.registry import auditlog
from django.apps import apps
from django.db.models import Model

from mixflow.core import audit

NOT_AUDITED: dict[str, str] = {
    # Search keys derived from the person's names, rewritten with them (about ten per person):
    # the person's own entries record the names they come from.
    "identity.NameKey": "derived from Person's names",
    "flows.FactRemoval": "a note for cached copies that a derived fact went with its encounter",
    "flows.FactsVersion": "a change token of the derived encounter facts",
    "flows.FlowCountsVersion": "a change token of the flow counts, for the dashboards' copy",
    "flows.FlowCountChange": "ids of flow counts written since, for the dashboards' copy",
    "flows.EncounterFact": "derived from encounters and persons, rebuilt by mixflow flows rebuild",
    # A worker's sign of life, renewed every few seconds: no personal data, no configuration.
    "core.WorkerHeartbeat": "machine state, rewritten every few seconds",
}


def _mixflow_models() -> list[type[Model]]:
    return [model for model in apps.get_models() if model.__module__.startswith("mixflow.")]


def test_every_model_is_audited_or_says_why_not() -> None:
    missing = [
        model._meta.label
        for model in _mixflow_models()
        if not audit.is_registered(model) and model._meta.label not in NOT_AUDITED
    ]
    assert not missing, f"register these in their app's apps.py (core.audit.register): {missing}"


def test_the_allow_list_names_only_models_that_exist_and_are_not_audited() -> None:
    labels = {model._meta.label: model for model in _mixflow_models()}
    for label in NOT_AUDITED:
        assert label in labels, f"{label} no longer exists: drop it from NOT_AUDITED"
        assert not audit.is_registered(labels[label]), f"{label} is audited: drop it"


def test_no_password_hash_in_the_log() -> None:

    user = apps.get_model("accounts", "User")
    assert "password" in auditlog.get_model_fields(user)["exclude_fields"]


def test_entries_hold_the_models_own_fields_not_its_reverse_relations() -> None:
    person = apps.get_model("identity", "Person")
    excluded = auditlog.get_model_fields(person)["exclude_fields"]
    assert {"name_keys", "encounters", "documents", "aliases"} <= set(excluded)
    assert "given_name" not in excluded
