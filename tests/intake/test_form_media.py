"""Files attached to a form: select_one_from_file choice lists on the web page and in ODK
Collect's manifest; names, types and sizes checked before anything is stored."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from defusedxml.ElementTree import fromstring
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mixflow.core.roles import Role
from mixflow.intake.actions import Channel, FormError, receive_submission, upload_questionnaire
from mixflow.intake.models import FormMedia, QuestionnaireVersion
from mixflow.intake.queries import compiled
from mixflow.intake.xlsform.media import MediaFile
from tests.api.test_openrosa import basic
from tests.intake.builders import labels, xlsform

pytestmark = pytest.mark.django_db

MANIFEST = "{http://openrosa.org/xforms/xformsManifest}"
CSV = (
    "name,label::English (en),label::Français (fr),region\n"
    "agadez,Agadez,Agadez,north\n"
    "niamey,Niamey,Niamey,south\n"
).encode()
XML = (
    b"<root><item><name>bus</name><label>Bus</label></item>"
    b"<item><name>truck</name><label>Truck</label></item></root>"
)


def _form() -> bytes:
    return xlsform(
        [
            {
                "type": "select_one_from_file towns.csv",
                "name": "town",
                **labels("Town", "Ville", "Ciudad"),
            },
            {
                "type": "select_multiple_from_file transport.xml",
                "name": "transport",
                **labels("Transport", "Transport", "Transporte"),
            },
        ],
        form_id="towns",
        title="Towns",
    )


def _upload(world: Any, media: list[MediaFile]) -> QuestionnaireVersion:
    return upload_questionnaire(
        actor=world.user(Role.ORG_ADMIN),
        organisation=world.home,
        content=_form(),
        file_name="towns.xlsx",
        media=media,
    )


def test_without_its_files_the_form_installs_with_a_note_and_the_questions_stay_on_the_device(
    world: Any,
) -> None:
    form = compiled(_upload(world, [])).form
    assert [q.type for q in form.questions()] == [
        "select_one_from_file",
        "select_multiple_from_file",
    ]
    assert all(q.device_only for q in form.questions())
    assert any("towns.csv" in str(note) for note in form.notes)


def test_choices_come_from_the_attached_csv_and_xml_and_the_answers_are_checked_against_them(
    world: Any,
) -> None:
    version = _upload(world, [MediaFile("towns.csv", CSV), MediaFile("transport.xml", XML)])
    town = compiled(version).form.question("town")
    assert town.type == "select_one"
    assert [c.name for c in town.choices] == ["agadez", "niamey"]
    assert town.choices[1].label_in("fr") == "Niamey"
    assert town.choices[0].extra["region"] == "north"
    transport = compiled(version).form.question("transport")
    assert [c.label_in("en") for c in transport.choices] == ["Bus", "Truck"]

    def submit(answers: dict[str, Any]) -> Any:
        return receive_submission(
            actor=world.user(Role.ENUMERATOR),
            questionnaire=version.questionnaire,
            answers=answers,
            channel=Channel.WEB,
            lang="en",
            site=world.agadez,
        )

    assert not submit({"town": "niamey", "transport": ["bus", "truck"]}).errors
    assert "town" in submit({"town": "paris", "transport": ["bus"]}).errors


def test_the_web_page_offers_the_choices_of_the_file(world: Any, login: Any) -> None:
    version = _upload(world, [MediaFile("towns.csv", CSV), MediaFile("transport.xml", XML)])
    page = login(world.user(Role.ENUMERATOR)).get(
        reverse("web:questionnaire_fill", args=[version.questionnaire.pk])
    )
    assert page.status_code == 200
    assert 'value="niamey"' in page.content.decode()


def test_odk_collect_finds_the_files_in_the_manifest_and_downloads_them(
    world: Any, client: Any
) -> None:
    version = _upload(world, [MediaFile("towns.csv", CSV), MediaFile("transport.xml", XML)])
    user = world.user(Role.ENUMERATOR).username
    listing = client.get(reverse("openrosa:manifest", args=[version.pk]), **basic(user))
    assert listing.status_code == 200
    files = fromstring(listing.content).findall(f"{MANIFEST}mediaFile")
    assert [f.findtext(f"{MANIFEST}filename") for f in files] == ["towns.csv", "transport.xml"]
    digest = hashlib.md5(CSV, usedforsecurity=False).hexdigest()
    assert files[0].findtext(f"{MANIFEST}hash") == f"md5:{digest}"
    url = files[0].findtext(f"{MANIFEST}downloadUrl")
    assert url is not None
    download = client.get(url, **basic(user))
    assert download.status_code == 200
    assert download.content == CSV
    # Another organisation's user finds neither the manifest nor the file.
    assert client.get(url, **basic(world.outsider.username)).status_code == 404


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("../towns.csv", CSV, "plain file name"),
        ("sub/towns.csv", CSV, "plain file name"),
        ("towns.exe", b"MZ", "CSV, XML or GeoJSON"),
        ("towns.csv", b"x" * (10 * 1024 * 1024 + 1), "larger than 10 MB"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_stored(
    world: Any, name: str, data: bytes, says: str
) -> None:
    with pytest.raises(FormError) as refused:
        _upload(world, [MediaFile(name, data)])
    assert says in str(refused.value.problems[0])
    assert not QuestionnaireVersion.objects.filter(questionnaire__form_id="towns").exists()
    assert not FormMedia.objects.exists()


def test_the_upload_page_takes_several_files_with_the_form(world: Any, login: Any) -> None:
    response = login(world.user(Role.ORG_ADMIN)).post(
        reverse("web:questionnaire_upload"),
        {
            "file": SimpleUploadedFile("towns.xlsx", _form()),
            "attachments": [
                SimpleUploadedFile("towns.csv", CSV),
                SimpleUploadedFile("transport.xml", XML),
            ],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    version = QuestionnaireVersion.objects.get(questionnaire__form_id="towns")
    assert sorted(version.media.values_list("name", flat=True)) == ["towns.csv", "transport.xml"]
