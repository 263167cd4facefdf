"""Forms of the identity pages: the review queue filter, a verdict, a reason."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mixflow.identity.vocabulary import MatchStatus, Verdict

ALL = "all"


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[*MatchStatus.choices, (ALL, _("All"))],
    )

    def chosen_status(self) -> str | None:
        """The status to filter on; open pairs unless something else was asked for."""
        if not self.is_bound or not self.is_valid() or not self.cleaned_data["status"]:
            return MatchStatus.OPEN
        status: str = self.cleaned_data["status"]
        return None if status == ALL else status


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept with the decision in the audit log."),
    )


def _record_ids(text: str) -> tuple[int, ...]:
    try:
        ids = tuple(sorted({int(x) for x in text.split(",") if x.strip()}))
    except ValueError:
        raise forms.ValidationError(_("The page was incomplete: reload it.")) from None
    if not ids:
        raise forms.ValidationError(_("The page was incomplete: reload it."))
    return ids


class DecisionForm(ReasonForm):
    verdict = forms.ChoiceField(
        label=_("Are these the same person?"),
        choices=Verdict.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose same person, different people or not sure.")},
    )
    # The record ids of both whole identities as the page showed them: the decision is
    # refused if they changed since (identity.actions.decide_candidate).
    shown_a = forms.CharField(widget=forms.HiddenInput)
    shown_b = forms.CharField(widget=forms.HiddenInput)

    field_order = ["verdict", "reason"]

    def clean_shown_a(self) -> tuple[int, ...]:
        return _record_ids(self.cleaned_data["shown_a"])

    def clean_shown_b(self) -> tuple[int, ...]:
        return _record_ids(self.cleaned_data["shown_b"])
