"""The form correcting a registration record (names, sex, date of birth, nationality)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mixflow.geo.queries import country_names
from mixflow.lib.dates import parse_partial_date
from mixflow.lib.vocabularies import Relationship, Sex


class PersonCorrectionForm(forms.Form):
    given_name = forms.CharField(label=_("Given name"), max_length=200, required=False)
    father_name = forms.CharField(label=_("Father's name"), max_length=200, required=False)
    family_name = forms.CharField(label=_("Family name"), max_length=200, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    date_of_birth = forms.CharField(
        label=_("Date of birth"),
        max_length=10,
        required=False,
        help_text=_("Year, year-month or year-month-day, for example 1994 or 1994-03-21."),
    )
    nationality = forms.ChoiceField(label=_("Nationality (declared)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = country_names()
        field = self.fields["nationality"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            ("", "—"),
            *sorted(names.items(), key=lambda item: item[1]),
        ]

    def clean_date_of_birth(self) -> str:
        text: str = self.cleaned_data["date_of_birth"].strip()
        try:
            parse_partial_date(text)
        except ValueError:
            raise forms.ValidationError(
                _("Type the date as a year, year-month or year-month-day, for example 1994-03-21.")
            ) from None
        return text

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        names = ("given_name", "father_name", "family_name")
        if not any(cleaned.get(name, "").strip() for name in names):
            raise forms.ValidationError(_("Give at least one name."))
        return cleaned


class VisitForm(forms.Form):
    """A registered person seen again: where, when, and where they are heading now."""

    site = forms.ChoiceField(label=_("Site"))
    occurred_on = forms.DateField(
        label=_("Date of the visit"), widget=forms.DateInput(attrs={"type": "date"})
    )
    intended_destination = forms.ChoiceField(label=_("Intended destination"), required=False)

    def __init__(self, *args: Any, sites: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        site = self.fields["site"]
        destination = self.fields["intended_destination"]
        assert isinstance(site, forms.ChoiceField)
        assert isinstance(destination, forms.ChoiceField)
        site.choices = [(str(pk), name) for pk, name in sites]
        destination.choices = [("", "—"), *sorted(country_names().items(), key=lambda i: i[1])]

    def clean_occurred_on(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["occurred_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The visit cannot be in the future."))
        return day


class MemberForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)
    relationship = forms.ChoiceField(
        label=_("Relationship to the head of the group"), choices=Relationship.choices
    )
