"""Forms of the case pages: filters, opening, assessment, plan, tasks, notes, documents,
transfers, closing, the best-interests steps and family tracing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mixflow.lib.vocabularies import Relationship
from mixflow.protection.case_vocabulary import (
    BestInterestsStepKind,
    CaseKind,
    CaseStatus,
    ChildSituation,
    ClosureReason,
    RiskLevel,
    TracingStatus,
)

ANY = [("", _("Any"))]


class DateInput(forms.DateInput):
    input_type = "date"


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=ANY + CaseStatus.choices)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=ANY + CaseKind.choices)
    mine = forms.BooleanField(label=_("Only cases assigned to me"), required=False)


PERSON_ONLY = 0
"""The open-case form's choice of the person alone rather than one of their groups."""


class OpenCaseForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of case"), choices=CaseKind.choices)
    child_situation = forms.ChoiceField(
        label=_("Child's situation"),
        choices=ChildSituation.choices,
        required=False,
        initial=ChildSituation.UNKNOWN,
    )
    group = forms.TypedChoiceField(label=_("For"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, groups: Sequence[int] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[int, str]] = [(PERSON_ONLY, str(_("This person")))]
        choices += [(pk, str(_("Their travel group #%(id)s") % {"id": pk})) for pk in groups]
        self.fields["group"].choices = choices  # type: ignore[attr-defined]
        if not groups:
            self.fields["group"].widget = forms.HiddenInput()


class AssignForm(forms.Form):
    caseworker = forms.TypedChoiceField(label=_("Caseworker"), coerce=int)

    def __init__(self, *args: Any, caseworkers: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].choices = caseworkers  # type: ignore[attr-defined]


class AssessmentForm(forms.Form):
    risk_level = forms.ChoiceField(label=_("Level of risk"), choices=RiskLevel.choices)
    summary = forms.CharField(
        label=_("Assessment"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4})
    )


class PlanForm(forms.Form):
    goals = forms.CharField(
        label=_("Goals"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    actions = forms.CharField(
        label=_("Actions"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=300)
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DateInput)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"), max_length=10000, widget=forms.Textarea(attrs={"rows": 3})
    )
    sensitive = forms.BooleanField(
        label=_("Sensitive (only those who may read sensitive details see it)"),
        required=False,
        initial=True,
    )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(
        label=_("File (PDF, PNG, JPEG or text, at most 10 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.txt"}),
    )


class TransferForm(forms.Form):
    to_organisation = forms.TypedChoiceField(label=_("To organisation"), coerce=int)
    reason = forms.CharField(
        label=_("Reason for the transfer"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, organisations: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_organisation"].choices = organisations  # type: ignore[attr-defined]


class TransferAnswerForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Answer"),
        coerce=lambda value: value == "yes",
        choices=[("yes", _("Accept the case")), ("no", _("Decline"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)


class CloseForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason for closing"), choices=ClosureReason.choices)
    note = forms.CharField(
        label=_("Closing note"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class BestInterestsForm(forms.Form):
    step = forms.ChoiceField(label=_("Step"), choices=BestInterestsStepKind.choices)
    conducted_on = forms.DateField(label=_("Conducted on"), required=False, widget=DateInput)
    findings = forms.CharField(
        label=_("Findings"), max_length=10000, widget=forms.Textarea(attrs={"rows": 3})
    )
    recommendation = forms.CharField(
        label=_("Recommendation"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    determination_needed = forms.BooleanField(
        label=_("A best-interests determination is needed (a durable solution is to be decided)"),
        required=False,
    )


class TracingForm(forms.Form):
    sought_name = forms.CharField(label=_("Name of the person sought"), max_length=300)
    relationship = forms.ChoiceField(
        label=_("Relationship to the child"), choices=Relationship.choices
    )
    last_known_place = forms.CharField(label=_("Last known place"), max_length=300, required=False)


class TracingStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=TracingStatus.choices)
