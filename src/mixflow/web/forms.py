from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mixflow.geo.queries import countries, sites_for

BORN = re.compile(r"^\d{4}(-\d{2}-\d{2})?$")


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "autofocus": True}),
        help_text=_("Any spelling or script; the last word may be incomplete."),
    )
    born = forms.CharField(
        label=_("Born"),
        required=False,
        max_length=10,
        widget=forms.TextInput(
            attrs={"placeholder": _("YYYY or YYYY-MM-DD"), "inputmode": "numeric"}
        ),
    )
    nationality = forms.ChoiceField(label=_("Nationality"), required=False)
    site = forms.ChoiceField(label=_("Registration site"), required=False)
    document = forms.CharField(
        label=_("Document number"),
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("The whole number; spaces and dashes do not count."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        nationality_choices = sorted(
            ((c.code, c.display_name) for c in countries()), key=lambda c: c[1]
        )
        nationality = self.fields["nationality"]
        site = self.fields["site"]
        assert isinstance(nationality, forms.ChoiceField)
        assert isinstance(site, forms.ChoiceField)
        nationality.choices = [("", _("Any")), *nationality_choices]
        site.choices = [
            ("", _("Any")),
            *((str(s.pk), s.display_name) for s in sites_for(user)),
        ]

    def clean_born(self) -> str:
        born: str = self.cleaned_data["born"].strip()
        if born and not BORN.match(born):
            raise forms.ValidationError(_("Write a year (1990) or a full date (1990-05-31)."))
        if len(born) == 10:
            try:
                forms.DateField().clean(born)
            except forms.ValidationError:
                raise forms.ValidationError(_("This date does not exist.")) from None
        return born
