"""Pages of questionnaires: list, upload an XLSForm, fill one in, with the desk check."""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from mixflow.core.roles import Capability
from mixflow.core.scoping import scope_of
from mixflow.geo.queries import sites_for
from mixflow.identity.queries import persons_for
from mixflow.intake import queries
from mixflow.intake.actions import (
    ROW_FIELD,
    SITE_FIELD,
    Channel,
    FormError,
    SubmissionOutcome,
    install_default_questionnaires,
    receive_submission,
    upload_questionnaire,
)
from mixflow.intake.desk import likely_registrations
from mixflow.intake.queries import can_fill, compiled, validate
from mixflow.intake.xlsform.media import MediaFile
from mixflow.web.access import requires
from mixflow.web.draft_views import DRAFT_FIELD, draft_submitted, resumed
from mixflow.web.refusals import IN_WORDS, REFUSED

if TYPE_CHECKING:
    from mixflow.accounts.models import Organisation, User
    from mixflow.geo.models import Location
    from mixflow.intake.models import QuestionnaireVersion
from mixflow.web.mapping_views import carried_message
from mixflow.web.questionnaire_form import (
    build,
    errors_of,
    form_language,
    form_languages,
    offered_choices,
    raw_answers,
    site_code_questions,
)
from mixflow.web.questionnaire_uploads import Uploads, collect_uploads

NOT_QUESTIONS = frozenset({SITE_FIELD, ROW_FIELD})
MAX_XLSFORM_BYTES = 5 * 1024 * 1024
NEW_PERSON = "new"


def _actor(request: HttpRequest) -> User:
    """The signed-in user (the view's access decorator let only signed-in users in)."""
    return cast("User", request.user)


class MultipleFiles(forms.ClearableFileInput):
    allow_multiple_selected = True


class MediaField(forms.FileField):
    """Several files in one input (Django's documented way)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFiles())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("XLSForm (.xlsx)"),
        help_text=_("A questionnaire in the XLSForm standard, as used by ODK and KoboToolbox."),
    )

    attachments = MediaField(
        label=_("Files the form refers to (optional)"),
        required=False,
        help_text=_(
            "CSV or XML choice lists of select_one_from_file questions, images or sounds "
            "the form shows; several may be chosen."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_XLSFORM_BYTES:
            raise forms.ValidationError(_("An XLSForm larger than 5 MB is refused."))
        return upload


def _organisation(request: HttpRequest) -> Organisation:
    organisation = _actor(request).organisation
    if organisation is None:
        raise Http404
    return organisation


def _lang() -> str:
    return (get_language() or "en")[:2]


@requires(Capability.VIEW_SITES)
def questionnaire_list(request: HttpRequest) -> HttpResponse:
    questionnaires = queries.questionnaires_for(request.user).prefetch_related("versions")
    rows = []
    for questionnaire in questionnaires:
        version = questionnaire.current_version()
        if version is None:
            continue
        form = compiled(version).form
        fillable = can_fill(request.user, version)
        # Why a listed form cannot be filled here: the capability it needs, in words.
        why = "" if fillable else str(IN_WORDS.get(compiled(version).capability, ""))
        rows.append((questionnaire, version, gettext(form.title_in(_lang())), fillable, why))
    return render(
        request,
        "web/questionnaires/list.html",
        {
            "rows": rows,
            "can_manage": scope_of(request.user).can(Capability.MANAGE_FORMS),
            "can_export": scope_of(request.user).can(Capability.EXPORT_PERSONS),
        },
    )


@requires(Capability.MANAGE_FORMS)
def questionnaire_upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    problems: list[Any] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            version = upload_questionnaire(
                actor=_actor(request),
                organisation=_organisation(request),
                content=upload.read(),
                file_name=upload.name,
                odk_validate=shutil.which("java") is not None,
                media=[MediaFile(f.name, f.read()) for f in form.cleaned_data["attachments"]],
            )
        except FormError as exc:
            problems = list(exc.problems)
        else:
            messages.success(
                request,
                _("Version %(version)s of “%(title)s” is ready to fill in.")
                % {"version": version.version, "title": version.questionnaire.title},
            )
            # What Mixflow keeps but ignores, or leaves to ODK Collect: told, never refused.
            for note in compiled(version).form.notes:
                messages.info(request, _("Note: %(note)s") % {"note": note})
            carry = queries.mapping_carried(version)
            if carry is not None:
                messages.info(request, carried_message(carry))
            return redirect("web:questionnaire_list")
    return render(request, "web/questionnaires/upload.html", {"form": form, "problems": problems})


@requires(Capability.MANAGE_FORMS)
@require_POST
def questionnaire_install_defaults(request: HttpRequest) -> HttpResponse:
    count = install_default_questionnaires(
        actor=_actor(request),
        organisation=_organisation(request),
    )
    messages.success(request, _("%(count)s questionnaires installed.") % {"count": count})
    return redirect("web:questionnaire_list")


def _version_for(request: HttpRequest, questionnaire_id: int) -> QuestionnaireVersion:
    questionnaire = queries.questionnaire_for(request.user, questionnaire_id)
    version = questionnaire.current_version() if questionnaire else None
    if version is None:
        raise Http404
    if not can_fill(request.user, version):
        # The questionnaire is listed to this reader: say what filling it needs, not "not found".
        setattr(request, REFUSED, frozenset({compiled(version).capability}))
        raise PermissionDenied
    return version


def _site_choices(request: HttpRequest, version: QuestionnaireVersion) -> list[Location]:
    needed = compiled(version).capabilities
    scope = scope_of(request.user)
    return [s for s in sites_for(request.user) if any(scope.can_at_site(c, s.pk) for c in needed)]


@requires(Capability.REGISTER_PERSONS, Capability.RECORD_FLOW_COUNTS)
def questionnaire_fill(request: HttpRequest, questionnaire_id: int) -> HttpResponse:
    version = _version_for(request, questionnaire_id)
    form = compiled(version)
    lang = form_language(request, form.form, _lang())
    sites = _site_choices(request, version)
    data = request.POST if request.method == "POST" else None
    # Files of media questions, checked and named before the answers name them.
    uploads = collect_uploads(form.form, request.FILES, lang) if data else Uploads()
    raw = (
        raw_answers(form.form, data, extra_repeat=data.get("_add", ""), uploaded=uploads.names)
        if data
        else {}
    )
    site = None
    if data and data.get("_site"):
        site = next((s for s in sites if str(s.pk) == data["_site"]), None)
    elif len(sites) == 1:
        site = sites[0]
    elif data is None and request.GET.get("site"):
        # Opened from a site's page ("Record a flow count here"): that site, chosen already.
        site = next((s for s in sites if str(s.pk) == request.GET["site"]), None)
    if data is None and site is not None:
        raw = dict.fromkeys(site_code_questions(form.form), site.code)
    draft = resumed(request) if data is None else None
    if draft is not None:  # "Resume" on the drafts page: its answers and site, unchecked yet
        raw = dict(draft.answers)
        site = next((s for s in sites if s.pk == draft.site_id), site)
    checked = validate(version, raw, lang)
    checked.errors.update(uploads.errors)
    candidates: list[Any] = []
    errors: dict[str, str] = {}
    submitted = data is not None and not data.get("_add")
    if data is not None and submitted and not checked.errors:
        same_person = None
        decision = data.get("_identity", "") if data else ""
        if form.creates_person and not decision:
            candidates = likely_registrations(
                request.user, form, checked.answers, site.code if site is not None else ""
            )
        if decision and decision != NEW_PERSON:
            same_person = (
                persons_for(request.user).filter(pk=decision).first()
                if decision.isdigit()
                else None
            )
        if not candidates:
            try:
                outcome = receive_submission(
                    actor=_actor(request),
                    questionnaire=version.questionnaire,
                    version=version.version,
                    answers=raw,
                    channel=Channel.WEB,
                    site=site,
                    same_person=same_person,
                    lang=lang,
                    attachments=uploads.attachments,
                )
            except PermissionDenied as refusal:
                outcome = SubmissionOutcome(None, False, {SITE_FIELD: str(refusal)})
            if outcome.submission is not None:
                draft_submitted(request, data)
                submission = outcome.submission
                if submission.person_id:
                    messages.success(request, _("Saved: the encounter is on the person's page."))
                    return redirect("web:person_detail", person_id=submission.person_id)
                messages.success(request, _("Saved. You can fill in the next one."))
                return redirect("web:questionnaire_fill", questionnaire_id=questionnaire_id)
            errors = {k: str(v) for k, v in outcome.errors.items()}
            # Mixflow's own checks (a date of birth, a country code) beside the form's, at
            # their question; a reused instance id or a refusal of the database for the page.
            checked.errors.update({k: v for k, v in errors.items() if k not in NOT_QUESTIONS})
            if ROW_FIELD in errors:
                messages.error(request, errors[ROW_FIELD])
    fields = build(form.form, raw, checked, lang, show_errors=submitted)
    return render(
        request,
        "web/questionnaires/fill.html",
        {
            "version": version,
            "title": gettext(form.form.title_in(lang)),
            "fields": fields,
            "field_errors": errors_of(fields) if submitted else [],
            "sites": sites,
            "site": site,
            "site_error": errors.get(SITE_FIELD, ""),
            "candidates": candidates,
            "has_errors": submitted and bool(checked.errors or errors),
            "new_person": NEW_PERSON,
            "draft_id": draft.pk if draft else (data.get(DRAFT_FIELD, "") if data else ""),
            "form_languages": form_languages(form.form),
            "form_lang": lang,
        },
    )


@requires(Capability.REGISTER_PERSONS, Capability.RECORD_FLOW_COUNTS)
@require_POST
def questionnaire_relevance(request: HttpRequest, questionnaire_id: int) -> JsonResponse:
    """Which questions are relevant given the answers so far (the page shows and hides them)."""
    version = _version_for(request, questionnaire_id)
    form = compiled(version).form
    checked = validate(version, raw_answers(form, request.POST), _lang())
    return JsonResponse(
        {"relevant": sorted(checked.relevant), "choices": offered_choices(form, checked)}
    )
