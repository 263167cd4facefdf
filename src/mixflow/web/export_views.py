"""Downloads of a questionnaire's submissions (CSV or XLSX), through the same access checks.

Person-level data leaves only with ``export_persons``; the encrypted download wraps the same
file in an AES-256 zip whose password the downloader chooses (and passes on another way).
"""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from mixflow.core.roles import Capability
from mixflow.intake import queries
from mixflow.intake.submission_exports import to_csv, to_xlsx
from mixflow.lib.encrypted_archive import MIN_PASSWORD, encrypted_zip, members_of
from mixflow.web.access import requires

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TYPES = {"csv": "text/csv; charset=utf-8", "zip": "application/zip", "xlsx": XLSX}


def _export(
    request: HttpRequest, questionnaire_id: int, kind: str, labels: bool, lang: str
) -> tuple[bytes | str, str, str, int]:
    """The file's content, name, extension and how many submissions were held back."""
    questionnaire = queries.questionnaire_for(request.user, questionnaire_id)
    if questionnaire is None:
        raise Http404
    tables, held_back = queries.export_submissions(
        request.user, questionnaire, labels=labels, lang=lang
    )
    if not tables:
        raise Http404
    if kind == "xlsx":
        content, extension = to_xlsx(tables), "xlsx"
    else:
        content, extension = to_csv(tables)
    stem = slugify(questionnaire.form_id) or "submissions"
    return content, stem, extension, held_back


@requires(Capability.EXPORT_PERSONS)
def submissions_export(request: HttpRequest, questionnaire_id: int) -> HttpResponse:
    """``?format=xlsx|csv``, ``&labels=1`` for choice and question labels instead of names,
    ``&lang=fr`` for the labels' language (the page's by default)."""
    kind = request.GET.get("format", "xlsx")
    if kind not in ("xlsx", "csv"):
        raise Http404
    labels = request.GET.get("labels") == "1"
    lang = (request.GET.get("lang") or get_language() or "en")[:2]
    content, stem, extension, held_back = _export(request, questionnaire_id, kind, labels, lang)
    response = HttpResponse(content, content_type=TYPES[extension])
    response["Content-Disposition"] = f'attachment; filename="{stem}.{extension}"'
    response["X-Mixflow-Held-Back"] = str(held_back)
    return response


class ArchivePasswordForm(forms.Form):
    """The password of an encrypted download, typed twice: every encrypted download asks it
    the same way."""

    password = forms.CharField(
        label=_("Password of the archive"),
        min_length=MIN_PASSWORD,
        max_length=200,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "At least 12 characters. Give it to the recipient another way than the file "
            "(by phone, not in the same e-mail)."
        ),
    )
    again = forms.CharField(
        label=_("The same password again"),
        max_length=200,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("again"):
            self.add_error("again", _("The two passwords differ."))
        return data


class EncryptedExportForm(ArchivePasswordForm):
    format = forms.ChoiceField(
        label=_("File type"),
        choices=[("xlsx", "XLSX"), ("csv", "CSV")],
        initial="xlsx",
    )
    labels = forms.BooleanField(label=_("Labels instead of names"), required=False)
    field_order = ["format", "labels", "password", "again"]


@requires(Capability.EXPORT_PERSONS)
def submissions_export_encrypted(request: HttpRequest, questionnaire_id: int) -> HttpResponse:
    """A form (format, labels, password), then the export in an AES-256 zip."""
    questionnaire = queries.questionnaire_for(request.user, questionnaire_id)
    if questionnaire is None:
        raise Http404
    form = EncryptedExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        lang = (get_language() or "en")[:2]
        content, stem, extension, held_back = _export(
            request, questionnaire_id, data["format"], data["labels"], lang
        )
        raw = content.encode("utf-8") if isinstance(content, str) else content
        members = members_of(raw) if extension == "zip" else {f"{stem}.{extension}": raw}
        archive = encrypted_zip(members, data["password"])
        response = HttpResponse(archive, content_type=TYPES["zip"])
        response["Content-Disposition"] = f'attachment; filename="{stem}-encrypted.zip"'
        response["X-Mixflow-Held-Back"] = str(held_back)
        return response
    return render(
        request,
        "web/questionnaires/export_encrypted.html",
        {"form": form, "questionnaire": questionnaire},
    )
