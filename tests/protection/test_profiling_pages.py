"""The person page's profiles, an officer's decision, the rule editor and the API."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.test import Client

from mixflow.core.roles import Role
from mixflow.protection.models import ProfileDecision, ProfileFlag, ProfileRuleSet
from mixflow.protection.profiling.rules import shipped


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_person_page_shows_profiles_only_with_view_sensitive(
    world: Any, screen: Callable[..., Any]
) -> None:
    from auditlog.models import LogEntry

    person = screen(used_smuggler="yes", fear_of_return="yes").person
    url = f"/persons/{person.pk}/"
    page = _client(world.user(Role.CASEWORKER)).get(url).content.decode()
    assert "Indicative profiles and needs" in page
    assert "Smuggled migrant" in page
    # The answers behind the flag as the questionnaire asked them, not as field names.
    assert (
        "Did the person pay a smuggler or facilitator to cross borders? — <strong>Yes</strong>"
        in page
    )
    assert "used_smuggler" not in page
    assert "rules version 1" in page
    assert "not to be prosecuted" in page  # the rule's explanation
    accesses = LogEntry.objects.filter(object_pk=str(person.pk), action=LogEntry.Action.ACCESS)
    assert any((e.additional_data or {}).get("read") == "profile flags" for e in accesses)

    french = _client(world.user(Role.CASEWORKER)).get(url, HTTP_ACCEPT_LANGUAGE="fr")
    assert "— <strong>Oui</strong>" in french.content.decode()
    officer_page = _client(world.user(Role.REGISTRATION_OFFICER)).get(url).content.decode()
    assert "Indicative profiles and needs" not in officer_page
    assert "Smuggled migrant" not in officer_page


def test_an_officer_decides_in_the_browser_and_the_page_shows_who(
    world: Any, screen: Callable[..., Any]
) -> None:
    person = screen(used_smuggler="yes").person
    flag = ProfileFlag.objects.get(person=person)
    caseworker = _client(world.user(Role.CASEWORKER))
    refused = caseworker.post(
        f"/profiles/flags/{flag.pk}/", {"decision": "confirmed", "reason": ""}
    )
    assert refused.status_code == 400
    assert "Give the reason" in refused.content.decode()
    done = caseworker.post(
        f"/profiles/flags/{flag.pk}/", {"decision": "confirmed", "reason": "Paid in Agadez"}
    )
    assert done.status_code == 302
    page = caseworker.get(f"/persons/{person.pk}/").content.decode()
    assert "History of decisions" in page
    assert "Paid in Agadez" in page
    assert world.user(Role.CASEWORKER).username in page
    # The page says so in French too.
    french = caseworker.get(f"/persons/{person.pk}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Historique des décisions" in french

    officer = _client(world.user(Role.REGISTRATION_OFFICER))
    assert officer.get(f"/profiles/flags/{flag.pk}/").status_code == 403
    assert _client(world.outsider).get(f"/profiles/flags/{flag.pk}/").status_code == 404


def test_the_rule_editor_checks_previews_and_publishes(
    world: Any, screen: Callable[..., Any]
) -> None:
    screen(given_name="Amina", used_smuggler="yes")
    screen(given_name="Bilal", used_smuggler="yes")
    screen(given_name="Chidi", reasons_for_leaving="economic")
    admin = _client(world.user(Role.SYSTEM_ADMIN))
    assert admin.get("/profiles/rules/").status_code == 200
    assert _client(world.user(Role.CASEWORKER)).get("/profiles/rules/").status_code == 403

    data = shipped().as_data()
    bad = json.loads(json.dumps(data))
    bad["rules"][0]["when"] = {"answer": "shoe_size", "is": "big"}
    refused = admin.post("/profiles/rules/", {"rules": json.dumps(bad), "action": "check"})
    assert refused.status_code == 400
    assert "unknown answer “shoe_size”" in refused.content.decode()
    # The engine's problems are in the reader's language, as the rest of the page.
    french = admin.post(
        "/profiles/rules/",
        {"rules": json.dumps(bad), "action": "check"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    rule_id = bad["rules"][0]["id"]
    assert french.context["problems"] == [
        f"{rule_id}\u00a0: when\u00a0: réponse inconnue «\u00a0shoe_size\u00a0»"
    ]

    # Treating every economic migrant as smuggled would flag one more person (Chidi).
    changed = json.loads(json.dumps(data))
    smuggling = next(r for r in changed["rules"] if r["id"] == "smuggling.paid")
    smuggling["when"] = {
        "any": [smuggling["when"], {"answer": "reasons_for_leaving", "any_of": ["economic"]}]
    }
    smuggling["reads"] = ["used_smuggler", "smuggler_cost_usd", "reasons_for_leaving"]
    smuggling["examples"]["quiet"] = [{"used_smuggler": "no"}]
    preview = admin.post("/profiles/rules/", {"rules": json.dumps(changed), "action": "check"})
    assert preview.status_code == 200
    dry = preview.context["preview"]
    by_code = {c.code: c for c in dry.changes}
    smuggled = by_code["smuggled"]
    assert (smuggled.more, smuggled.fewer, smuggled.proposed) == (1, 0, smuggled.now + 1)
    assert by_code["economic"].more == by_code["economic"].fewer == 0
    assert not ProfileRuleSet.objects.exists()

    published = admin.post(
        "/profiles/rules/", {"rules": json.dumps(changed), "action": "publish", "note": "wider"}
    )
    assert published.status_code == 302
    assert ProfileRuleSet.objects.get().version == 2


def test_the_api_lists_flags_and_takes_decisions(world: Any, screen: Callable[..., Any]) -> None:
    from rest_framework.test import APIClient

    person = screen(used_smuggler="yes", wishes_return="yes").person
    api = APIClient()
    api.force_authenticate(world.user(Role.CASEWORKER))
    listed = api.get(f"/api/profile-flags/?person={person.pk}").json()
    codes = {f["code"]: f for f in listed["results"]}
    assert set(codes) == {"smuggled", "stranded_return"}
    assert codes["smuggled"]["evidence"] == {"used_smuggler": "yes"}
    assert codes["smuggled"]["rule_set_version"] == 1
    assert "smuggler" in codes["smuggled"]["explanation"]

    flag_id = codes["stranded_return"]["id"]
    missing = api.post(
        f"/api/profile-flags/{flag_id}/decision/",
        {"decision": "amended", "reason": "r"},
        format="json",
    )
    assert missing.status_code == 400
    decided = api.post(
        f"/api/profile-flags/{flag_id}/decision/",
        {"decision": "dismissed", "reason": "Wants to go on to Italy after all"},
        format="json",
    )
    assert decided.status_code == 200, decided.content
    assert decided.json()["status"] == "dismissed"
    assert ProfileDecision.objects.get().reason == "Wants to go on to Italy after all"

    officer = APIClient()
    officer.force_authenticate(world.user(Role.REGISTRATION_OFFICER))
    assert officer.get("/api/profile-flags/").status_code == 403
    decision_url = f"/api/profile-flags/{flag_id}/decision/"
    assert officer.post(decision_url, {}, format="json").status_code == 403
    outsider = APIClient()
    outsider.force_authenticate(world.outsider)
    assert outsider.get(f"/api/profile-flags/{flag_id}/").status_code == 404
    rules = api.get("/api/profile-rules/").json()
    assert rules["version"] == 1
    assert len(rules["rules"]) == len(shipped().rules)


def test_one_rule_is_edited_through_a_form_with_errors_beside_each_field(
    world: Any, screen: Callable[..., Any]
) -> None:
    screen(given_name="Amina", used_smuggler="yes")
    screen(given_name="Chidi", reasons_for_leaving="economic")
    admin = _client(world.user(Role.SYSTEM_ADMIN))
    url = "/profiles/rules/smuggling.paid/edit/"
    assert url in admin.get("/profiles/rules/").content.decode()
    assert _client(world.user(Role.CASEWORKER)).get(url).status_code == 403
    assert admin.get("/profiles/rules/no.such.rule/edit/").status_code == 404
    shown = admin.get(url)
    assert shown.status_code == 200
    initial = {k: shown.context["form"].initial[k] for k in shown.context["form"].initial}
    initial["child"] = ""

    wrong = admin.post(
        url,
        {
            **initial,
            "code": "smuggler",
            "description_fr": "",
            "when": '{"answer": "shoe_size", "is": "big"',
            "action": "check",
        },
    )
    assert wrong.status_code == 400
    errors = wrong.context["form"].errors
    # Every mistake at once: a wrong code and a missing description do not hide the others.
    assert set(errors) == {"code", "description_fr", "when"}
    assert "line 1" in errors["when"][0]
    assert errors["description_fr"] == [
        "Write the description in French too; officers reading in French see this one."
    ]
    # Once the JSON is right, the engine's problems land beside their fields, in words.
    unknown = admin.post(url, {**initial, "when": '{"answer": "shoe_size", "is": "big"}'})
    errors = unknown.context["form"].errors
    assert errors["when"] == ["Unknown answer “shoe_size”"]
    nested = admin.post(
        url,
        {**initial, "when": '{"any": [{"answer": "used_smuggler", "is": "yes"}, {"not": {}}]}'},
    )
    assert (
        nested.context["form"]
        .errors["when"][0]
        .startswith("In condition 2 under “any” › the condition under “not”: ")
    )
    spanish = admin.post(
        url, {**initial, "when": '{"answer": "shoe_size", "is": "big"}'}, HTTP_ACCEPT_LANGUAGE="es"
    )
    assert spanish.context["form"].errors["when"] == ["Respuesta desconocida «shoe_size»"]
    failing = admin.post(url, {**initial, "examples_fire": '[{"used_smuggler": "no"}]'})
    assert failing.context["form"].errors["examples_fire"] == [
        "Example 1 does not raise the flag: its answers do not meet the condition."
    ]
    unknown_answer = admin.post(url, {**initial, "examples_quiet": '[{"shoe_size": "big"}]'})
    assert (
        unknown_answer.context["form"]
        .errors["examples_quiet"][0]
        .startswith("Example 1 names answers no question asks: shoe_size.")
    )

    # Economic migrants counted as smuggled: the dry run says one more person, nothing saved.
    wider = {
        **initial,
        "when": json.dumps(
            {
                "any": [
                    {"answer": "used_smuggler", "is": "yes"},
                    {"answer": "reasons_for_leaving", "any_of": ["economic"]},
                ]
            }
        ),
        "examples_quiet": '[{"used_smuggler": "no"}]',
        "description_es": "Pagó a un traficante o migró por trabajo.",
    }
    preview = admin.post(url, {**wider, "action": "check"})
    assert preview.status_code == 200, preview.context["form"].errors
    smuggled = next(c for c in preview.context["preview"].changes if c.code == "smuggled")
    assert (smuggled.more, smuggled.fewer) == (1, 0)
    assert not ProfileRuleSet.objects.exists()
    published = admin.post(url, {**wider, "action": "publish", "note": "economic too"})
    assert published.status_code == 302
    version = ProfileRuleSet.objects.get()
    rule = next(r for r in version.rules["rules"] if r["id"] == "smuggling.paid")
    assert sorted(rule["reads"]) == ["reasons_for_leaving", "used_smuggler"]
    assert rule["description"]["es"] == "Pagó a un traficante o migró por trabajo."
    assert version.note == "economic too"
