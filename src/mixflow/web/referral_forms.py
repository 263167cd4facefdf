"""Forms of the directory, referral, inbox and consent pages: they validate and convert what
was posted; the actions decide whether it may be done."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mixflow.geo.queries import countries, sites_for
from mixflow.lib.vocabularies import ConsentMethod, ConsentPurpose, Sex
from mixflow.protection.actions import ServiceValues
from mixflow.protection.vocabulary import Need, ReferralStatus, ServiceType

ANY = ("", _("Any"))


def _codes(text: str) -> list[str]:
    return [part.strip() for part in text.replace(",", ";").split(";") if part.strip()]


def _site_choices(user: Any) -> list[tuple[str, str]]:
    return [(str(s.pk), f"{s.display_name} ({s.country_code})") for s in sites_for(user)]


class DirectorySearchForm(forms.Form):
    q = forms.CharField(label=_("Name or provider"), required=False, max_length=100)
    service_type = forms.ChoiceField(label=_("Type of service"), required=False)
    language = forms.CharField(
        label=_("Language"),
        required=False,
        max_length=3,
        help_text=_("ISO 639-3 code, e.g. ara, fra, tir"),
    )
    site = forms.ChoiceField(label=_("Near the site"), required=False)
    within_km = forms.IntegerField(
        label=_("Within (km)"), required=False, min_value=1, max_value=20000
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service_type"].choices = [ANY, *ServiceType.choices]  # type: ignore[attr-defined]
        self.fields["site"].choices = [ANY, *_site_choices(user)]  # type: ignore[attr-defined]


class ServiceForm(forms.Form):
    unit = forms.CharField(
        label=_("Unit"),
        required=False,
        max_length=200,
        help_text=_(
            "A named unit of your organisation (a clinic, a shelter);"
            " empty for the organisation itself."
        ),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    service_type = forms.ChoiceField(label=_("Type of service"), choices=ServiceType.choices)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    sites = forms.MultipleChoiceField(label=_("Sites where it is delivered"), required=False)
    areas = forms.MultipleChoiceField(
        label=_("Countries it serves"),
        required=False,
        help_text=_("Every site inside them is in its catchment."),
    )
    min_age = forms.IntegerField(label=_("Minimum age"), required=False, min_value=0, max_value=130)
    max_age = forms.IntegerField(label=_("Maximum age"), required=False, min_value=0, max_value=130)
    sexes = forms.MultipleChoiceField(
        label=_("Sexes served (none: all)"),
        required=False,
        choices=[(Sex.FEMALE, Sex.FEMALE.label), (Sex.MALE, Sex.MALE.label)],
        widget=forms.CheckboxSelectMultiple,
    )
    needs = forms.MultipleChoiceField(
        label=_("Only for these profiles or needs (none: anyone)"),
        required=False,
        choices=Need.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    nationalities = forms.CharField(
        label=_("Only for these nationalities"),
        required=False,
        max_length=300,
        help_text=_("ISO 3166-1 alpha-3 codes separated by ';' (empty: any)."),
    )
    languages = forms.CharField(
        label=_("Languages spoken"),
        required=False,
        max_length=300,
        help_text=_("ISO 639-3 codes separated by ';'."),
    )
    opening_hours = forms.CharField(label=_("Opening hours"), required=False, max_length=200)
    capacity = forms.IntegerField(label=_("Capacity"), required=False, min_value=0)
    contact_name = forms.CharField(label=_("Contact person"), required=False, max_length=200)
    contact_phone = forms.CharField(label=_("Telephone"), required=False, max_length=60)
    contact_email = forms.EmailField(label=_("E-mail"), required=False)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sites"].choices = _site_choices(user)  # type: ignore[attr-defined]
        self.fields["areas"].choices = sorted(  # type: ignore[attr-defined]
            ((str(c.pk), c.display_name) for c in countries()), key=lambda c: c[1]
        )

    def values(self) -> ServiceValues:
        data = self.cleaned_data
        return ServiceValues(
            name=data["name"],
            service_type=data["service_type"],
            description=data["description"],
            site_ids=[int(i) for i in data["sites"]],
            area_ids=[int(i) for i in data["areas"]],
            min_age=data["min_age"],
            max_age=data["max_age"],
            sexes=list(data["sexes"]),
            needs=list(data["needs"]),
            nationalities=_codes(data["nationalities"]),
            languages=_codes(data["languages"]),
            opening_hours=data["opening_hours"],
            capacity=data["capacity"],
            contact_name=data["contact_name"],
            contact_phone=data["contact_phone"],
            contact_email=data["contact_email"],
            active=data["active"],
        )


class ServiceImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"), widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"})
    )


class ReferralFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[ANY, *ReferralStatus.choices]
    )
    service_type = forms.ChoiceField(
        label=_("Type of service"), required=False, choices=[ANY, *ServiceType.choices]
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)


class NeedsForm(forms.Form):
    """The needs to find services for (a GET form on the new-referral page)."""

    needs = forms.MultipleChoiceField(
        label=_("Needs"), choices=Need.choices, widget=forms.CheckboxSelectMultiple
    )


class ProposeForm(forms.Form):
    service = forms.IntegerField(widget=forms.HiddenInput)
    needs = forms.MultipleChoiceField(choices=Need.choices, widget=forms.MultipleHiddenInput)
    due_on = forms.DateField(
        label=_("Due on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    contact = forms.CharField(
        label=_("How the provider reaches the person"), required=False, max_length=200
    )
    note = forms.CharField(
        label=_("Note for the provider"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Shared only with services whose type needs it"
            " (legal aid, child protection, counter-trafficking…)."
        ),
    )
    send_now = forms.BooleanField(label=_("Send now (checks consent)"), required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000)


class AnswerForm(forms.Form):
    ANSWERS = (
        ("accept", _("Accept")),
        ("decline", _("Decline")),
        ("complete", _("Mark completed")),
        ("feedback", _("Save feedback")),
    )
    answer = forms.ChoiceField(choices=ANSWERS, widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Feedback or reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    given = forms.TypedChoiceField(
        label=_("The person"),
        choices=[("yes", _("agrees")), ("no", _("does not agree"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        initial="yes",
    )
    method = forms.ChoiceField(label=_("How it was recorded"), choices=ConsentMethod.choices)
    organisation = forms.ChoiceField(
        label=_("Organisation concerned"),
        required=False,
        help_text=_("For sharing with, or withholding from, a named organisation."),
    )
    withheld_from = forms.CharField(
        label=_("Withheld from (another person or body)"), required=False, max_length=200
    )

    def __init__(self, *args: Any, organisations: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", "—"), *organisations]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("purpose") == ConsentPurpose.SHARE_WITH_ORGANISATION and not data.get(
            "organisation"
        ):
            self.add_error("organisation", _("Name the organisation to share with."))
        if (
            data.get("purpose") == ConsentPurpose.WITHHOLD_FROM
            and not data.get("organisation")
            and not data.get("withheld_from")
        ):
            self.add_error("withheld_from", _("Say from whom the data must be withheld."))
        return data


class GroupReferralForm(forms.Form):
    """One referral for several members of a group: the service, the members, what for."""

    service = forms.ChoiceField(label=_("Service"))
    members = forms.MultipleChoiceField(
        label=_("Members to refer"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each member's consent is checked; those it does not allow are left out."),
    )
    needs = forms.MultipleChoiceField(
        label=_("Needs"), choices=Need.choices, widget=forms.CheckboxSelectMultiple
    )
    due_on = forms.DateField(
        label=_("Due on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    contact = forms.CharField(
        label=_("How the provider reaches the person"), required=False, max_length=200
    )
    note = forms.CharField(
        label=_("Note for the provider"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self,
        *args: Any,
        services: list[tuple[str, str]],
        members: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [("", _("Choose a service")), *services]  # type: ignore[attr-defined]
        self.fields["members"].choices = members  # type: ignore[attr-defined]
