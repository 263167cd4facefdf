"""Forms of the publication pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from mixflow.flows.corridors import ROUTES
from mixflow.flows.periods import parse_period
from mixflow.flows.statistics import KINDS
from mixflow.geo.queries import countries


class PrepareForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    country = forms.ChoiceField(label=_("Country"))
    period = forms.CharField(
        label=_("Period"),
        max_length=10,
        help_text=_("A year (2026), a quarter (2026-Q3) or a month (2026-07)."),
    )
    table_kinds = forms.MultipleChoiceField(label=_("Tables"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = sorted((c.display_name, c.code) for c in countries())
        self.fields["country"].choices = [(code, name) for name, code in names]  # type: ignore[attr-defined]
        self.fields["table_kinds"].choices = [(k, kind.title) for k, kind in KINDS.items()]  # type: ignore[attr-defined]


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason for withdrawal"), max_length=500)


class RouteReportForm(forms.Form):
    """The periodic report of one route (drafted from tables the gate protects at once)."""

    route = forms.ChoiceField(label=_("Route"))
    period = forms.CharField(
        label=_("Period"),
        max_length=10,
        help_text=_("A year (2026), a quarter (2026-Q3) or a month (2026-07)."),
    )
    language = forms.ChoiceField(label=_("Language of the report"), choices=settings.LANGUAGES)
    format = forms.ChoiceField(label=_("Format"), choices=[("pdf", "PDF"), ("html", "HTML")])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["route"].choices = [(code, label) for code, label in ROUTES.items()]  # type: ignore[attr-defined]

    def clean_period(self) -> str:
        period: str = self.cleaned_data["period"].strip()
        try:
            parse_period(period)
        except ValueError as error:
            raise forms.ValidationError(
                _("Give the period as 2026, 2026-Q3 or 2026-07.")
            ) from error
        return period
