"""The OpenRosa endpoints: form list, form download, manifest and submission."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from mixflow.api.openrosa import responses
from mixflow.api.openrosa.auth import basic_auth
from mixflow.core.scoping import ALL_SITES, scope_of
from mixflow.geo.queries import site_for
from mixflow.intake import queries
from mixflow.intake.actions import (
    ROW_FIELD,
    SITE_FIELD,
    Channel,
    UnknownVersion,
    receive_submission,
)
from mixflow.intake.queries import can_fill, compiled, form_media_of, version_to_use
from mixflow.intake.xlsform.instance import InstanceError, instance_to_answers

if TYPE_CHECKING:
    from mixflow.accounts.models import User
    from mixflow.geo.models import Location
    from mixflow.intake.models import QuestionnaireVersion

XML_PART = "xml_submission_file"


@require_GET
@basic_auth
def form_list(request: HttpRequest) -> HttpResponse:
    """The forms this user may fill (``?formID=`` narrows to one), per the Form List API."""
    questionnaires = queries.questionnaires_for(request.user)
    wanted = request.GET.get("formID")
    if wanted:
        questionnaires = questionnaires.filter(form_id=wanted)
    listed = []
    for questionnaire in questionnaires.order_by("title", "id"):
        current = questionnaire.current_version()
        if current is None or not can_fill(request.user, current):
            continue
        listed.append(
            responses.ListedForm(
                form_id=questionnaire.form_id,
                name=questionnaire.title,
                version=current.version,
                hash=responses.form_hash(current.xform),
                download_url=request.build_absolute_uri(
                    reverse("openrosa:form", args=[current.pk])
                ),
                manifest_url=request.build_absolute_uri(
                    reverse("openrosa:manifest", args=[current.pk])
                ),
            )
        )
    return responses.form_list(listed)


def _version(request: HttpRequest, version_id: int) -> QuestionnaireVersion | None:
    return queries.versions_for(request.user).filter(pk=version_id).first()


@require_GET
@basic_auth
def form_download(request: HttpRequest, version_id: int) -> HttpResponse:
    version = _version(request, version_id)
    if version is None:
        return responses.message(_("No such form."), status=404)
    return responses.openrosa(version.xform.encode("utf-8"))


@require_GET
@basic_auth
def form_manifest(request: HttpRequest, version_id: int) -> HttpResponse:
    version = _version(request, version_id)
    if version is None:
        return responses.message(_("No such form."), status=404)
    return responses.manifest(
        responses.ListedMedia(
            name=file.name,
            md5=file.md5,
            download_url=request.build_absolute_uri(
                reverse("openrosa:media", args=[version.pk, file.name])
            ),
        )
        for file in form_media_of(version)
    )


@require_GET
@basic_auth
def form_media(request: HttpRequest, version_id: int, file_name: str) -> HttpResponse:
    version = _version(request, version_id)
    file = form_media_of(version).filter(name=file_name).first() if version else None
    if file is None:
        return responses.message(_("No such file."), status=404)
    response = HttpResponse(bytes(file.data), content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.name}"'
    return response


def _too_large(request: HttpRequest) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > responses.max_submission_bytes()


def _parse_root(payload: bytes) -> Element | str:
    """The instance's root element, or why it cannot be read.

    defusedxml refuses DTDs, entity declarations and external references: a submission is
    data from a phone, and "billion laughs" or XXE payloads must not reach a parser.
    """
    try:
        return fromstring(payload, forbid_dtd=True)
    except DefusedXmlException:
        return _("The submission contains forbidden XML (a DTD or entities) and was refused.")
    except ParseError as error:
        return _("The submission is not well-formed XML (%(error)s).") % {"error": error}


def _instance_id(root: Element) -> str:
    for element in root.iter():
        if element.tag.rsplit("}", 1)[-1] == "instanceID" and element.text:
            return element.text.strip()
    return root.get("instanceID", "")


def _only_site(request: HttpRequest, version: QuestionnaireVersion) -> Location | None:
    """The user's site when their role for this form covers exactly one."""
    scope = scope_of(request.user)
    found: set[int] = set()
    for capability in compiled(version).capabilities:
        sites = scope.sites_for(capability)
        if sites is ALL_SITES:
            return None
        found |= set(sites or ())
    if len(found) != 1:
        return None
    return site_for(request.user, next(iter(found)))


@require_http_methods(["HEAD", "POST"])
@basic_auth
def submission(request: HttpRequest) -> HttpResponse:
    """``HEAD`` negotiates authentication and size (204); ``POST`` receives one instance."""
    if request.method == "HEAD":
        return responses.openrosa(status=204)
    if _too_large(request):
        limit = responses.max_submission_bytes() // (1024 * 1024)
        return responses.message(
            _("The submission is larger than this server accepts (%(mb)s MB).") % {"mb": limit},
            status=413,
        )
    upload = request.FILES.get(XML_PART)
    if upload is None:
        return responses.message(
            _("The request has no “%(part)s” part.") % {"part": XML_PART}, status=400
        )
    payload = upload.read()
    root = _parse_root(payload)
    if isinstance(root, str):
        return responses.message(root, status=400)
    form_id, wanted = root.get("id", ""), root.get("version", "")
    questionnaire = queries.questionnaires_for(request.user).filter(form_id=form_id).first()
    version = None
    if questionnaire is not None:
        try:
            # The same rule as every channel: the version the instance names, else the current.
            version = version_to_use(questionnaire, wanted)
        except UnknownVersion:
            version = None
    if version is None:
        return responses.message(
            _("Form “%(form)s” version “%(version)s” is not on this server: update your forms.")
            % {"form": form_id, "version": wanted},
            status=404,
        )
    assert questionnaire is not None  # a version was found: it is this questionnaire's
    if not can_fill(request.user, version):
        return responses.message(_("Your role does not allow you to submit this form."), status=403)
    try:
        instance = instance_to_answers(compiled(version).form, payload)
    except InstanceError as error:
        return responses.message(str(error), status=400)
    attachments = [
        (part.name or name, part.content_type or "application/octet-stream", part.read())
        for name in request.FILES
        if name != XML_PART
        for part in request.FILES.getlist(name)
    ]
    try:
        outcome = receive_submission(
            actor=cast("User", request.user),
            questionnaire=questionnaire,
            version=version.version,
            answers=instance.answers,
            channel=Channel.OPENROSA,
            site=_only_site(request, version),
            instance_id=instance.instance_id or _instance_id(root),
            attachments=attachments,
            lang=translation.get_language() or "en",
        )
    except PermissionDenied as refusal:
        return responses.message(str(refusal), status=403)
    if outcome.conflict is not None:
        # Not the instance we hold: Collect must not mark it sent (a 202 would), and must not
        # be told it is invalid either.
        return responses.message(
            outcome.errors.get(ROW_FIELD, ""), status=409, nature="submit_error"
        )
    if outcome.submission is None:
        lines = [
            message if question in (SITE_FIELD, ROW_FIELD) else f"{question}: {message}"
            for question, message in outcome.errors.items()
        ]
        return responses.message("\n".join(lines), status=400, nature="submit_error")
    if not outcome.created:
        # The spec's table of status codes: "202 Accepted — We got and saved your data, but may
        # not have fully processed it. You should not try to resubmit."
        # (https://docs.getodk.org/openrosa-form-submission/#server-status-codes). That is
        # the case of an instance we already hold: Collect marks it sent and stops retrying.
        return responses.message(
            _("This form was already received."), status=202, nature="submit_success"
        )
    return responses.message(_("Form received. Thank you."), status=201, nature="submit_success")
