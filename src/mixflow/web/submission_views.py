"""A submission's page (its answers and files) and the download of one of its files."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language, gettext

from mixflow.core import audit
from mixflow.core.roles import Capability
from mixflow.intake import queries
from mixflow.intake.queries import compiled
from mixflow.web.access import requires


def _rows(submission: Any, lang: str) -> list[tuple[str, Any]]:
    """(label, answer) in the form's order; answers of repeats as one entry per instance."""
    form = compiled(submission.version).form
    answers = dict(submission.answers or {})
    rows: list[tuple[str, Any]] = []
    for question in form.questions():
        if question.name in answers:
            rows.append((question.label_in(lang), answers.pop(question.name)))
    for section in form.sections():
        if section.name in answers:
            rows.append((section.label_in(lang), answers.pop(section.name)))
    rows.extend(answers.items())
    return rows


@requires(Capability.VIEW_PERSONS)
def submission_detail(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = queries.submission_for(request.user, submission_id)
    if submission is None:
        raise Http404
    if submission.person is not None:
        audit.record_access(request.user, submission.person, submission=submission.pk)
    lang = (get_language() or "en")[:2]
    return render(
        request,
        "web/questionnaires/submission.html",
        {
            "submission": submission,
            # The shipped questionnaires' titles are Mixflow's text (``web/shipped_titles.py``).
            "title": gettext(compiled(submission.version).form.title_in(lang)),
            "rows": _rows(submission, lang),
            "attachments": queries.attachments_of(request.user, submission=submission),
        },
    )


@requires(Capability.VIEW_PERSONS)
def attachment_download(request: HttpRequest, attachment_id: int) -> HttpResponse:
    """Always a download, never shown inline (a file from the field is not trusted), each
    download of a person's file logged as a read of the person."""
    attachment = queries.attachment_for(request.user, attachment_id)
    if attachment is None:
        raise Http404
    if attachment.submission.person is not None:
        audit.record_access(request.user, attachment.submission.person, attachment=attachment.pk)
    response = HttpResponse(bytes(attachment.data), content_type=attachment.content_type)
    response["Content-Disposition"] = f'attachment; filename="{attachment.name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
