"""Files answering media questions on the web page: stored as the submission's attachments
(as ODK Collect's are), refused clearly when too large or of the wrong type, shown and
downloaded on the submission and person pages by those who may read them."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from mixflow.core.roles import Role
from mixflow.intake.actions import upload_questionnaire
from mixflow.intake.models import Submission, SubmissionAttachment
from tests.intake.xlsform.forms import workbook

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
SURVEY = [
    ("type", "name", "label", "required", "mixflow"),
    ("text", "given", "Given name", "yes", "person.given_name"),
    ("text", "family", "Family name", "yes", "person.family_name"),
    ("select_one sex", "sex", "Sex", "yes", "person.sex"),
    ("image", "photo", "Photo", "yes", ""),
    ("file", "letter", "Letter", "", ""),
]
CHOICES = [("list_name", "name", "label"), ("sex", "female", "Female"), ("sex", "male", "Male")]


def _version(world: Any) -> Any:
    return upload_questionnaire(
        actor=world.user(Role.ORG_ADMIN),
        organisation=world.home,
        content=workbook(SURVEY, CHOICES),
        file_name="photo.xlsx",
    )


def test_a_photo_is_stored_shown_and_downloaded_and_a_wrong_file_refused(
    login: Any, world: Any, outsiders: Any
) -> None:
    version = _version(world)
    officer = world.user(Role.REGISTRATION_OFFICER)
    client = login(officer)
    url = reverse("web:questionnaire_fill", args=[version.questionnaire_id])
    answers = {"given": "Awa", "family": "Diallo", "sex": "female", "_site": world.agadez.pk}
    answers |= {"_identity": "new"}

    renamed = SimpleUploadedFile("photo.png", b"MZ not an image", content_type="image/png")
    script = SimpleUploadedFile("letter.exe", b"MZ", content_type="application/pdf")
    refused = client.post(
        url, answers | {"photo": renamed, "letter": script}, HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert refused.status_code == 200
    assert "ne correspond pas à son nom" in refused.content.decode()
    assert "Ce type de fichier n’est pas accepté" in refused.content.decode()
    assert not Submission.objects.exists()

    with override_settings(MIXFLOW_MAX_ANSWER_FILE_BYTES=10):
        big = SimpleUploadedFile("photo.png", PNG, content_type="image/png")
        too_large = client.post(url, answers | {"photo": big})
    assert "This file is larger than 0 MB." in too_large.content.decode()
    assert not Submission.objects.exists()

    photo = SimpleUploadedFile("IMG 0001.PNG", PNG, content_type="image/png")
    saved = client.post(url, answers | {"photo": photo})
    assert saved.status_code == 302, [
        line for line in saved.content.decode().splitlines() if "error" in line
    ]
    submission = Submission.objects.get()
    attachment = SubmissionAttachment.objects.get()
    assert submission.answers["photo"] == attachment.name
    assert attachment.name.startswith("photo-")
    assert attachment.name.endswith(".png")
    assert attachment.content_type == "image/png"
    assert bytes(attachment.data) == PNG

    person_page = client.get(reverse("web:person_detail", args=[submission.person_id]))
    download = reverse("web:attachment_download", args=[attachment.pk])
    assert download in person_page.content.decode()
    page = client.get(reverse("web:submission_detail", args=[submission.pk]))
    assert download in page.content.decode()
    assert "Photo" in page.content.decode()
    response = client.get(download)
    assert response["Content-Disposition"] == f'attachment; filename="{attachment.name}"'
    assert response.content == PNG

    # Someone of another organisation gets nothing, not even the file's existence.
    client.logout()
    outsider = login(outsiders[Role.REGISTRATION_OFFICER.value])
    assert outsider.get(download).status_code == 404
    assert outsider.get(reverse("web:submission_detail", args=[submission.pk])).status_code == 404
