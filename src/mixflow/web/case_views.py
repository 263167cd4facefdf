"""Case pages: the list, a case with its parts, the caseworker's own page ("My work"), and the
sensitive details of a person opened on request. Views check access, validate and call
``protection.actions``; reads go through ``protection.case_queries``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mixflow.core import audit
from mixflow.core.roles import Capability
from mixflow.identity.queries import group_memberships_of, groups_for, person_for
from mixflow.intake.queries import sensitive_details_for, timeline_of
from mixflow.protection import actions
from mixflow.protection import case_queries as q
from mixflow.protection.case_vocabulary import (
    BestInterestsStepKind,
    CaseKind,
    StepStatus,
    TracingStatus,
)
from mixflow.web import case_forms as f
from mixflow.web.access import requires

if TYPE_CHECKING:
    from mixflow.accounts.models import User
    from mixflow.protection.models import Case

PAGE_SIZE = 25


def _actor(request: HttpRequest) -> User:
    return cast("User", request.user)


def _case_or_404(request: HttpRequest, case_id: int) -> Case:
    case = q.case_for(request.user, case_id)
    if case is None:
        raise Http404
    return case


def _refusal(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, ValidationError):
        return " ".join(str(m) for m in error.messages)
    return str(error) or _("You may not do this.")


def _act(request: HttpRequest, case: Case, do: Callable[[], Any], done: str) -> HttpResponse:
    """Run an action; say what happened; back to the case page (a refusal is said there)."""
    try:
        do()
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(request, done)
    return redirect("web:case_detail", case_id=case.pk)


def _invalid(request: HttpRequest, case: Case, form: Any) -> HttpResponse:
    problems = "; ".join(f"{form.fields[k].label}: {' '.join(v)}" for k, v in form.errors.items())
    messages.error(request, _("Not saved: %(problems)s") % {"problems": problems})
    return redirect("web:case_detail", case_id=case.pk)


@requires(Capability.MANAGE_CASES)
def case_list(request: HttpRequest) -> HttpResponse:
    form = f.CaseFilterForm(request.GET or None)
    wanted = q.CaseFilter()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        wanted = q.CaseFilter(status=data["status"], kind=data["kind"], mine=data["mine"])
    cases = q.filter_cases(request.user, wanted)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/cases/case_list.html",
        {"form": form, "page": page, "incoming": q.incoming_transfers_for(request.user)},
    )


@requires(Capability.MANAGE_CASES)
def my_work(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    mine = q.filter_cases(request.user, q.CaseFilter(mine=True)).exclude(status="closed")
    return render(
        request,
        "web/cases/my_work.html",
        {
            "cases": mine,
            "overdue": q.overdue_tasks_for(request.user, today),
            "tasks": q.open_tasks_for(request.user).exclude(due_on__lt=today),
            "incoming": q.incoming_transfers_for(request.user),
            "today": today,
        },
    )


@require_POST
@requires(Capability.MANAGE_CASES)
def case_open(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_for(request.user, person_id)
    if person is None:
        raise Http404
    groups = sorted({m.group_id for m in group_memberships_of(request.user, person)})
    form = f.OpenCaseForm(request.POST, groups=groups)
    if not form.is_valid():
        messages.error(request, _("Choose the kind of case."))
        return redirect("web:person_detail", person_id=person.pk)
    group = None
    if form.cleaned_data["group"] not in (None, f.PERSON_ONLY):
        group = groups_for(request.user).filter(pk=form.cleaned_data["group"]).first()
        if group is None:
            raise Http404
    try:
        case = actions.open_case(
            actor=_actor(request),
            person=None if group is not None else person,
            group=group,
            kind=form.cleaned_data["kind"],
            child_situation=form.cleaned_data["child_situation"],
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _refusal(error))
        return redirect("web:person_detail", person_id=person.pk)
    messages.success(request, _("Case opened."))
    return redirect("web:case_detail", case_id=case.pk)


@requires(Capability.MANAGE_CASES)
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_or_404(request, case_id)
    if case.person is not None:
        audit.record_access(request.user, case.person, via="case")
    today = timezone.localdate()
    steps = list(q.best_interests_steps_of(request.user, case))
    bia_done = any(
        s.step == BestInterestsStepKind.ASSESSMENT and s.status == StepStatus.DONE for s in steps
    )
    next_step = (
        BestInterestsStepKind.DETERMINATION if bia_done else BestInterestsStepKind.ASSESSMENT
    )
    transfers = q.transfers_of(request.user, case)
    return render(
        request,
        "web/cases/case_detail.html",
        {
            "case": case,
            "today": today,
            "assessments": case.assessments.select_related("assessed_by"),
            "plan": case.plans.first(),
            "tasks": q.tasks_of(request.user, case),
            "note_count": q.note_count(request.user, case),
            "documents": q.documents_of(request.user, case),
            "transfers": transfers,
            "steps": steps,
            "tracing": q.tracing_requests_of(request.user, case),
            "companions": q.group_companions_of(request.user, case, today),
            "is_child": case.kind == CaseKind.CHILD,
            "forms": {
                "assign": f.AssignForm(caseworkers=q.caseworkers_for(case), auto_id="assign-%s"),
                "assessment": f.AssessmentForm(auto_id="assessment-%s"),
                "plan": f.PlanForm(auto_id="plan-%s"),
                "task": f.TaskForm(auto_id="task-%s"),
                "note": f.NoteForm(auto_id="note-%s"),
                "document": f.DocumentForm(auto_id="document-%s"),
                "transfer": f.TransferForm(
                    organisations=[(o.pk, o.name) for o in q.transfer_recipients(case)],
                    auto_id="transfer-%s",
                ),
                "close": f.CloseForm(auto_id="close-%s"),
                "step": f.BestInterestsForm(initial={"step": next_step}, auto_id="step-%s"),
                "tracing": f.TracingForm(auto_id="tracing-%s"),
            },
            "may_write_sensitive": q.may_read_sensitive_notes(request.user, case),
            "tracing_statuses": TracingStatus.choices,
        },
    )


@requires(Capability.MANAGE_CASES)
def case_notes(request: HttpRequest, case_id: int) -> HttpResponse:
    """The notes, shown only when asked for; each note shown is logged as read."""
    case = _case_or_404(request, case_id)
    notes = list(q.notes_of(request.user, case))
    for note in notes:
        audit.record_access(request.user, note)
    hidden = q.note_count(request.user, case) - len(notes)
    context = {"case": case, "notes": notes, "hidden": hidden}
    if request.headers.get("HX-Request") == "true":
        return render(request, "web/cases/_notes.html", context)
    return render(request, "web/cases/case_notes.html", context)


@require_POST
@requires(Capability.MANAGE_CASES)
def case_assign(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_or_404(request, case_id)
    form = f.AssignForm(request.POST, caseworkers=q.caseworkers_for(case))
    if not form.is_valid():
        return _invalid(request, case, form)
    caseworker = q.caseworker_of(case, form.cleaned_data["caseworker"])
    if caseworker is None:
        raise Http404
    return _act(
        request,
        case,
        lambda: actions.assign_case(actor=_actor(request), case=case, caseworker=caseworker),
        _("Caseworker assigned."),
    )


@require_POST
@requires(Capability.MANAGE_CASES)
def case_assessment(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_or_404(request, case_id)
    form = f.AssessmentForm(request.POST)
    if not form.is_valid():
        return _invalid(request, case, form)
    return _act(
        request,
        case,
        lambda: actions.record_assessment(actor=_actor(request), case=case, **form.cleaned_data),
        _("Assessment recorded."),
    )


@require_POST
@requires(Capability.MANAGE_CASES)
def case_plan(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_or_404(request, case_id)
    form = f.PlanForm(request.POST)
    if not form.is_valid():
        return _invalid(request, case, form)
    return _act(
        request,
        case,
        lambda: actions.record_plan(actor=_actor(request), case=case, **form.cleaned_data),
        _("Plan saved."),
    )


@require_POST
@requires(Capability.MANAGE_CASES)
def case_task_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_or_404(request, case_id)
    form = f.TaskForm(request.POST)
    if not form.is_valid():
        return _invalid(request, case, form)
    return _act(
        request,
        case,
        lambda: actions.add_task(actor=_actor(request), case=case, **form.cleaned_data),
        _("Task added."),
    )


@require_POST
@requires(Capability.MANAGE_CASES)
def task_done(request: HttpRequest, task_id: int) -> HttpResponse:
    task = q.task_for(request.user, task_id)
    if task is None:
        raise Http404
    response = _act(
        request,
        task.case,
        lambda: actions.complete_task(actor=_actor(request), task=task),
        _("Task done."),
    )
    if request.POST.get("next") == "my_work":
        return redirect("web:my_work")
    return response


@require_POST
@requires(Capability.MANAGE_CASES)
def case_note_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_or_404(request, case_id)
    form = f.NoteForm(request.POST)
    if not form.is_valid():
        return _invalid(request, case, form)
    return _act(
        request,
        case,
        lambda: actions.add_note(actor=_actor(request), case=case, **form.cleaned_data),
        _("Note added."),
    )


@require_POST
@requires(Capability.MANAGE_CASES)
def case_document_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_or_404(request, case_id)
    form = f.DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _invalid(request, case, form)
    uploaded = form.cleaned_data["file"]
    if uploaded.size > actions.MAX_DOCUMENT_BYTES:
        messages.error(request, _("The file is larger than 10 MB."))
        return redirect("web:case_detail", case_id=case.pk)
    upload = actions.Upload(name=uploaded.name, content=uploaded.read())
    return _act(
        request,
        case,
        lambda: actions.attach_document(
            actor=_actor(request), case=case, title=form.cleaned_data["title"], upload=upload
        ),
        _("Document attached."),
    )


@requires(Capability.MANAGE_CASES)
def document_download(request: HttpRequest, document_id: int) -> HttpResponse:
    """A case document, as an attachment (never shown inline), each download logged."""
    document = q.document_for(request.user, document_id)
    if document is None:
        raise Http404
    path = q.document_path(document)
    if not path.is_file():
        raise Http404
    audit.record_access(request.user, document)
    # At most 10 MB (``attach_document``): read whole, sent as a download, never inline.
    response = HttpResponse(path.read_bytes(), content_type=document.content_type)
    response["Content-Disposition"] = content_disposition_header(True, document.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@requires(Capability.MANAGE_CASES)
def case_transfer(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_or_404(request, case_id)
    recipients = q.transfer_recipients(case)
    form = f.TransferForm(request.POST, organisations=[(o.pk, o.name) for o in recipients])
    if not form.is_valid():
        return _invalid(request, case, form)
    to_organisation = recipients.get(pk=form.cleaned_data["to_organisation"])
    return _act(
        request,
        case,
        lambda: actions.request_transfer(
            actor=_actor(request),
            case=case,
            to_organisation=to_organisation,
            reason=form.cleaned_data["reason"],
        ),
        _("Transfer requested: the other organisation will accept or decline it."),
    )


@require_POST
@requires(Capability.MANAGE_CASES)
def transfer_answer(request: HttpRequest, transfer_id: int) -> HttpResponse:
    transfer = q.transfer_for(request.user, transfer_id)
    if transfer is None:
        raise Http404
    form = f.TransferAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Accept or decline the transfer."))
        return redirect("web:case_list")
    try:
        actions.answer_transfer(
            actor=_actor(request),
            transfer=transfer,
            accept=form.cleaned_data["accept"],
            note=form.cleaned_data["note"],
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _refusal(error))
        return redirect("web:case_list")
    if form.cleaned_data["accept"] and transfer.received_case_id is not None:
        messages.success(request, _("The case is now your organisation's."))
        # The receiver's own case: the sender's stays the sender's (and unreadable here).
        return redirect("web:case_detail", case_id=transfer.received_case_id)
    messages.success(request, _("Transfer declined."))
    return redirect("web:case_list")


@require_POST
@requires(Capability.MANAGE_CASES)
def case_close(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_or_404(request, case_id)
    form = f.CloseForm(request.POST)
    if not form.is_valid():
        return _invalid(request, case, form)
    return _act(
        request,
        case,
        lambda: actions.close_case(
            actor=_actor(request),
            case=case,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
        ),
        _("Case closed."),
    )


@require_POST
@requires(Capability.MANAGE_CASES)
def case_best_interests(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_or_404(request, case_id)
    form = f.BestInterestsForm(request.POST)
    if not form.is_valid():
        return _invalid(request, case, form)
    return _act(
        request,
        case,
        lambda: actions.record_best_interests_step(
            actor=_actor(request), case=case, **form.cleaned_data
        ),
        _("Best-interests step recorded."),
    )


@require_POST
@requires(Capability.MANAGE_CASES)
def case_tracing_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_or_404(request, case_id)
    form = f.TracingForm(request.POST)
    if not form.is_valid():
        return _invalid(request, case, form)
    return _act(
        request,
        case,
        lambda: actions.request_family_tracing(
            actor=_actor(request), case=case, **form.cleaned_data
        ),
        _("Family tracing requested."),
    )


@require_POST
@requires(Capability.MANAGE_CASES)
def tracing_update(request: HttpRequest, tracing_id: int) -> HttpResponse:
    tracing = q.tracing_request_for(request.user, tracing_id)
    if tracing is None:
        raise Http404
    form = f.TracingStatusForm(request.POST)
    if not form.is_valid():
        return _invalid(request, tracing.case, form)
    return _act(
        request,
        tracing.case,
        lambda: actions.update_family_tracing(
            actor=_actor(request), request=tracing, status=form.cleaned_data["status"]
        ),
        _("Family tracing updated."),
    )


@requires(Capability.VIEW_SENSITIVE)
def person_sensitive(request: HttpRequest, person_id: int) -> HttpResponse:
    """The sensitive details of a person's encounters, opened on request from the person page:
    each one shown is logged (by ``sensitive_details_for``), and only then."""
    person = person_for(request.user, person_id)
    if person is None:
        raise Http404
    encounters = list(timeline_of(request.user, person))
    details = sensitive_details_for(request.user, encounters)
    shown = [(e, details[e.pk]) for e in encounters if e.pk in details]
    context = {"person": person, "shown": shown}
    if request.headers.get("HX-Request") == "true":
        return render(request, "web/cases/_sensitive.html", context)
    return render(request, "web/cases/person_sensitive.html", context)
