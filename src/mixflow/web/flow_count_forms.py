"""The correction form of one flow count."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mixflow.lib.vocabularies import Direction, ReasonForLeaving, Transport


class FlowCountCorrectionForm(forms.Form):
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    men = forms.IntegerField(label=_("Men"), min_value=0)
    women = forms.IntegerField(label=_("Women"), min_value=0)
    boys = forms.IntegerField(label=_("Boys"), min_value=0)
    girls = forms.IntegerField(label=_("Girls"), min_value=0)
    nationality = forms.RegexField(
        label=_("Nationality (code)"), regex=r"^[A-Za-z]{3}$", required=False, max_length=3
    )
    intended_destination = forms.RegexField(
        label=_("Intended destination (code)"),
        regex=r"^[A-Za-z]{3}$",
        required=False,
        max_length=3,
    )
    transport = forms.ChoiceField(
        label=_("Means of transport"), choices=[("", "—"), *Transport.choices], required=False
    )
    reason = forms.ChoiceField(
        label=_("Main reason for leaving"),
        choices=[("", "—"), *ReasonForLeaving.choices],
        required=False,
    )
    unaccompanied_children = forms.IntegerField(label=_("Unaccompanied children"), min_value=0)
    pregnant_women = forms.IntegerField(label=_("Pregnant women"), min_value=0)
    older_persons = forms.IntegerField(label=_("Older persons (60+)"), min_value=0)
    persons_with_disability = forms.IntegerField(label=_("Persons with a disability"), min_value=0)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("nationality", "intended_destination"):
            if data.get(name):
                data[name] = data[name].upper()
        return data
