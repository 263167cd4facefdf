"""The OpenRosa exchange ODK Collect performs: list, download, negotiate, submit, resubmit."""

from __future__ import annotations

import base64
import hashlib
from typing import Any
from urllib.parse import urlparse

import pytest
from defusedxml.ElementTree import fromstring
from django.core.files.uploadedfile import SimpleUploadedFile

from mixflow.accounts import two_factor
from mixflow.accounts.actions import issue_api_token
from mixflow.accounts.models import User
from mixflow.core.roles import Role
from mixflow.identity.models import Person
from mixflow.intake.actions import upload_questionnaire
from mixflow.intake.models import FlowCount, Submission
from mixflow.intake.queries import compiled
from mixflow.intake.xlsform.instance import answers_to_instance
from tests.conftest import PASSWORD, SETUP

pytestmark = pytest.mark.django_db

XFORMS = "{http://openrosa.org/xforms/xformsList}"
RESPONSE = "{http://openrosa.org/http/response}"
ANSWERS = {
    "given": "Maxamed",
    "family": "Cabdi",
    "sex": "male",
    "born": "1998-02-03",
    "nationality": "SOM",
    "smuggler": "yes",
    "cost": "1200",
    "members": [{"m_given": "Hodan", "m_rel": "spouse"}],
}
COUNT = {"day": "2026-09-01", "direction": "incoming", "size": "5", "men": "2", "women": "3"}


def basic(username: str, password: str = PASSWORD) -> dict[str, str]:
    """Collect's credentials: the password, or for an account that confirms its sign-ins with a
    second factor one of its API tokens (``api.openrosa.auth``)."""
    secret = password
    user = User.objects.filter(username=username).first()
    if password == PASSWORD and user is not None and two_factor.required_for(user):
        secret = issue_api_token(actor=user, user=user, name="ODK Collect")[1]
    token = base64.b64encode(f"{username}:{secret}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


def assert_openrosa(response: Any, status: int) -> None:
    assert response.status_code == status, response.content
    assert response["X-OpenRosa-Version"] == "1.0"
    assert response["Date"].endswith(" GMT")
    assert response["Content-Type"].startswith("text/xml")


def message_of(response: Any) -> tuple[str, str]:
    root = fromstring(response.content)
    assert root.tag == f"{RESPONSE}OpenRosaResponse"
    node = root.find(f"{RESPONSE}message")
    assert node is not None
    return node.get("nature", ""), node.text or ""


def post_instance(client: Any, user: str, xml: bytes, files: dict[str, bytes] | None = None) -> Any:
    data: dict[str, Any] = {
        "xml_submission_file": SimpleUploadedFile("submission.xml", xml, "text/xml")
    }
    for name, content in (files or {}).items():
        data[name] = SimpleUploadedFile(name, content, "image/jpeg")
    return client.post("/submission", data, **basic(user))


def instance(version: Any, answers: dict[str, Any], instance_id: str) -> bytes:
    return answers_to_instance(compiled(version).form, answers, instance_id)


def listed(client: Any, user: str) -> dict[str, dict[str, str]]:
    response = client.get("/formList", **basic(user))
    assert_openrosa(response, 200)
    root = fromstring(response.content)
    assert root.tag == f"{XFORMS}xforms"
    return {
        form.findtext(f"{XFORMS}formID", ""): {
            child.tag.removeprefix(XFORMS): child.text or "" for child in form
        }
        for form in root.findall(f"{XFORMS}xform")
    }


def test_signing_in_is_required_and_checked(client: Any, world: Any) -> None:
    for method, url in (("get", "/formList"), ("head", "/submission"), ("post", "/submission")):
        response = getattr(client, method)(url)
        assert_openrosa(response, 401)
        assert response["WWW-Authenticate"].startswith('Basic realm="Mixflow"')
        wrong = getattr(client, method)(url, **basic("registration_officer", "wrong"))
        assert_openrosa(wrong, 401)
    assert_openrosa(client.get("/formList", HTTP_AUTHORIZATION="Basic !!!"), 401)
    assert_openrosa(client.get("/formList", **basic("nobody")), 401)


def test_basic_auth_over_plain_http_is_refused_from_elsewhere(
    client: Any, world: Any, settings: Any
) -> None:
    settings.DEBUG = False
    remote = {"REMOTE_ADDR": "192.0.2.7"}
    refused = client.get("/formList", **remote, **basic("registration_officer"))
    assert_openrosa(refused, 403)
    assert "WWW-Authenticate" not in refused  # no challenge: Collect never sends the password
    assert "HTTPS" in message_of(refused)[1]
    assert client.get("/formList", secure=True, **remote, **basic("enumerator")).status_code == 200
    settings.OPENROSA_ALLOW_PLAIN_HTTP = True
    assert client.get("/formList", **remote, **basic("enumerator")).status_code == 200


def test_form_list_shows_the_forms_each_user_may_fill(
    client: Any, world: Any, registration: Any, counts: Any
) -> None:
    assert set(listed(client, "registration_officer")) == {"test_registration"}
    assert set(listed(client, "enumerator")) == {"test_counts"}
    assert set(listed(client, "analyst")) == set()
    assert set(listed(client, "outsider")) == set()
    narrowed = client.get("/formList", {"formID": "test_counts"}, **basic("enumerator"))
    assert b"test_counts" in narrowed.content


def test_form_download_and_manifest(
    client: Any, world: Any, registration: Any, counts: Any
) -> None:
    entry = listed(client, "registration_officer")["test_registration"]
    assert entry["name"] == "Test registration"
    assert entry["version"] == registration.version
    download = client.get(urlparse(entry["downloadUrl"]).path, **basic("registration_officer"))
    assert_openrosa(download, 200)
    assert download.content == registration.xform.encode("utf-8")
    assert entry["hash"] == "md5:" + hashlib.md5(download.content).hexdigest()  # noqa: S324
    manifest = client.get(urlparse(entry["manifestUrl"]).path, **basic("registration_officer"))
    assert_openrosa(manifest, 200)
    assert fromstring(manifest.content).tag == "{http://openrosa.org/xforms/xformsManifest}manifest"
    # Another organisation's form is not found.
    assert client.get(f"/forms/{registration.pk}/form.xml", **basic("outsider")).status_code == 404


def test_head_negotiates_before_posting(client: Any, world: Any) -> None:
    response = client.head("/submission", **basic("enumerator"))
    assert_openrosa(response, 204)
    assert int(response["X-OpenRosa-Accept-Content-Length"]) >= 1024 * 1024


def test_a_registration_from_collect_is_stored_once(
    client: Any, world: Any, registration: Any
) -> None:
    xml = instance(registration, ANSWERS, "uuid:0d9e8c1a-collect-1")
    # The limited officer works at one site: the submission is placed there.
    created = post_instance(client, "limited", xml, {"photo.jpg": b"\xff\xd8jpeg"})
    assert_openrosa(created, 201)
    assert message_of(created)[0] == "submit_success"
    submission = Submission.objects.get(instance_id="uuid:0d9e8c1a-collect-1")
    assert submission.channel == "openrosa"
    assert submission.site == world.agadez
    assert submission.encounter is not None
    assert submission.person is not None
    assert submission.person.given_name == "Maxamed"
    assert [(a.name, bytes(a.data)) for a in submission.attachments.all()] == [
        ("photo.jpg", b"\xff\xd8jpeg")
    ]
    persons = Person.objects.count()

    again = post_instance(client, "limited", xml)
    assert_openrosa(again, 202)
    assert Person.objects.count() == persons
    assert Submission.objects.count() == 1

    # Another form under the same instance id: a conflict, never a silent drop (a 202 would
    # have Collect mark it sent).
    other = instance(registration, {**ANSWERS, "given": "Hodan"}, "uuid:0d9e8c1a-collect-1")
    conflict = post_instance(client, "limited", other)
    assert_openrosa(conflict, 409)
    assert message_of(conflict)[0] == "submit_error"
    assert str(submission.pk) in message_of(conflict)[1]
    assert Person.objects.count() == persons


def test_a_flow_count_from_collect(client: Any, world: Any, counts: Any) -> None:
    from mixflow.accounts.actions import create_or_update_user

    create_or_update_user(
        username="counter",
        organisation=world.home,
        password=PASSWORD,
        roles=[Role.ENUMERATOR],
        limited_to=[world.tripoli],
        actor=SETUP,
    )
    response = post_instance(client, "counter", instance(counts, COUNT, "uuid:count-1"))
    assert_openrosa(response, 201)
    count = FlowCount.objects.get()
    assert (count.site, count.group_size, count.direction) == (world.tripoli, 5, "incoming")


def test_refusals_say_why(client: Any, world: Any, registration: Any, counts: Any) -> None:
    # An officer covering every site must say where: the form does not, so it is refused.
    whole = post_instance(client, "registration_officer", instance(registration, ANSWERS, "u:1"))
    assert_openrosa(whole, 400)
    assert message_of(whole)[0] == "submit_error"
    assert message_of(whole)[1]
    # Invalid answers: the form's own messages.
    bad = post_instance(
        client, "limited", instance(registration, {**ANSWERS, "born": "2999-01-01"}, "u:2")
    )
    assert_openrosa(bad, 400)
    assert "born" in message_of(bad)[1]
    # A role that may not fill the form.
    analyst = post_instance(client, "analyst", instance(counts, COUNT, "u:3"))
    assert_openrosa(analyst, 403)
    # Another organisation does not have the form.
    outsider = post_instance(client, "outsider", instance(counts, COUNT, "u:4"))
    assert_openrosa(outsider, 404)
    missing = client.post("/submission", {}, **basic("limited"))
    assert_openrosa(missing, 400)
    assert Submission.objects.count() == 0


HOSTILE = [
    # "billion laughs": entities expanding exponentially
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    b'<data id="test_counts" version="1"><direction>&lol2;</direction></data>',
    # XXE: an external entity reading a file of the server
    b'<?xml version="1.0"?><!DOCTYPE data [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b'<data id="test_counts" version="1"><direction>&xxe;</direction></data>',
    # not XML at all
    b"<data id='test_counts'><direction>incoming</data>",
]


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_or_broken_xml_is_refused(
    client: Any, world: Any, counts: Any, payload: bytes
) -> None:
    response = post_instance(client, "enumerator", payload)
    assert_openrosa(response, 400)
    assert "passwd" not in response.content.decode()
    assert Submission.objects.count() == 0


def test_oversized_submissions_are_refused(
    client: Any, world: Any, counts: Any, settings: Any
) -> None:
    settings.OPENROSA_MAX_SUBMISSION_BYTES = 2000
    response = post_instance(
        client, "enumerator", instance(counts, COUNT, "u:big"), {"video.mp4": b"0" * 5000}
    )
    assert_openrosa(response, 413)
    assert response["X-OpenRosa-Accept-Content-Length"] == "2000"
    assert Submission.objects.count() == 0


# -- the shipped questionnaires, end to end ---------------------------------------------------

DEFAULT_FORMS: dict[str, tuple[str, dict[str, Any]]] = {
    "flow_monitoring_registry": (
        "enumerator",
        {
            "site": "NER-AGZ-BUS",
            "observed_on": "2026-09-14",
            "observed_time": "10:30",
            "direction": "incoming",
            "group_size": "4",
            "men": "1",
            "women": "1",
            "boys": "1",
            "girls": "1",
            "nationality": "SDN",
            "unaccompanied_children": "0",
            "pregnant_women": "0",
            "older_persons": "0",
            "persons_with_disability": "0",
        },
    ),
    "flow_monitoring_survey": (
        "enumerator",
        {
            "site": "NER-AGZ-BUS",
            "consent": "yes",
            "age": "30",
            "sex": "female",
            "reasons_for_leaving": "economic conflict",
            "used_smuggler": "yes",
            "smuggler_cost_usd": "500",
            "companions": "alone",
            "with_children": "no",
        },
    ),
    "registration_screening": (
        "registration_officer",
        {
            "site": "NER-AGZ-BUS",
            "consent_services": "yes",
            "consent_statistics": "yes",
            "consent_family_tracing": "no",
            "consent_share": "no",
            "consent_withhold": "no",
            "consent_method": "verbal",
            "given_name": "Amanuel",
            "family_name": "Tekle",
            "sex": "male",
            "dob_precision": "year",
            "date_of_birth": "1997-01-01",
            "nationality": "ERI",
            "has_document": "no",
            "with_others": "yes",
            "group_kind": "family",
            "members": [
                {
                    "m_given_name": "Selam",
                    "m_sex": "female",
                    "m_dob_precision": "estimated",
                    "m_age_years": "25",
                    "m_relationship": "spouse",
                }
            ],
            "reasons_for_leaving": "conflict",
            "under_18": "no",
            "any_exploitation": "yes",
            "trafficking_indicators": "debt_bondage",
        },
    ),
}


@pytest.mark.parametrize("form_id", sorted(DEFAULT_FORMS))
def test_collect_exchange_with_each_shipped_questionnaire(
    client: Any, world: Any, form_id: str
) -> None:
    from mixflow.intake.actions import install_default_questionnaires
    from mixflow.intake.models import Questionnaire

    install_default_questionnaires(actor=world.user(Role.ORG_ADMIN), organisation=world.home)
    user, answers = DEFAULT_FORMS[form_id]

    # 1. Collect lists the forms and downloads this one, checking its hash.
    entry = listed(client, user)[form_id]
    form_xml = client.get(urlparse(entry["downloadUrl"]).path, **basic(user))
    assert_openrosa(form_xml, 200)
    assert entry["hash"] == "md5:" + hashlib.md5(form_xml.content).hexdigest()  # noqa: S324
    assert f'id="{form_id}"' in form_xml.content.decode()

    # 2. It negotiates, then posts the filled instance.
    assert_openrosa(client.head("/submission", **basic(user)), 204)
    version = Questionnaire.objects.get(organisation=world.home, form_id=form_id).current_version()
    xml = instance(version, answers, f"uuid:{form_id}-1")
    created = post_instance(client, user, xml)
    assert_openrosa(created, 201)
    submission = Submission.objects.get(instance_id=f"uuid:{form_id}-1")
    assert submission.channel == "openrosa"
    assert submission.site == world.agadez  # from the form's own site question
    if form_id == "flow_monitoring_registry":
        count = submission.flow_count
        assert count is not None
        assert (count.group_size, count.direction, count.nationality) == (4, "incoming", "SDN")
    elif form_id == "registration_screening":
        assert submission.encounter is not None
        person = submission.person
        assert person is not None
        assert (person.given_name, person.birth_year) == ("Amanuel", 1997)
        assert submission.encounter.sensitive.trafficking_indicators == ["debt_bondage"]
        assert "trafficking_indicators" not in submission.answers
    else:  # the anonymous survey keeps its answers, and creates no person
        assert submission.person_id is None
        assert submission.answers["age"] in ("30", 30)

    # 3. Sent again (Collect retrying after a lost response): accepted, nothing new.
    rows = (Submission.objects.count(), Person.objects.count(), FlowCount.objects.count())
    again = post_instance(client, user, xml)
    assert_openrosa(again, 202)
    assert (Submission.objects.count(), Person.objects.count(), FlowCount.objects.count()) == rows


def test_an_instance_is_stored_against_the_version_it_names_else_the_current(
    client: Any, world: Any, registration: Any
) -> None:
    from tests.intake.builders import registration_form

    newer = upload_questionnaire(
        actor=world.user(Role.ORG_ADMIN),
        organisation=world.home,
        content=registration_form("2"),
        file_name="r2.xlsx",
    )
    older = instance(registration, ANSWERS, "uuid:older")
    assert b'version="1"' in older
    assert_openrosa(post_instance(client, "limited", older), 201)
    assert Submission.objects.get(instance_id="uuid:older").version == registration
    unnamed = instance(registration, {**ANSWERS, "given": "Hamid"}, "uuid:unnamed")
    assert_openrosa(post_instance(client, "limited", unnamed.replace(b' version="1"', b"")), 201)
    assert Submission.objects.get(instance_id="uuid:unnamed").version == newer
