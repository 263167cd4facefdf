"""The words of case management: kinds of case, statuses, reasons, levels and steps."""

from __future__ import annotations

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class CaseKind(TextChoices):
    GENERAL = "general", _("General protection case")
    CHILD = "child", _("Child's case (best interests)")


class CaseStatus(TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ClosureReason(TextChoices):
    GOALS_MET = "goals_met", _("The plan's goals were met")
    DURABLE_SOLUTION = "durable_solution", _("A durable solution was found")
    TRANSFERRED = "transferred", _("Transferred to another organisation")
    MOVED_ON = "moved_on", _("The person moved on and cannot be followed")
    NO_CONTACT = "no_contact", _("Contact lost")
    PERSON_DECLINED = "person_declined", _("The person no longer wants the case")
    OTHER = "other", _("Other reason")


class RiskLevel(TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class ChildSituation(TextChoices):
    """Who the child is with: the key to the best-interests procedure."""

    UNACCOMPANIED = "unaccompanied", _("Unaccompanied (no adult caregiver)")
    SEPARATED = "separated", _("Separated (with an adult who is not the usual caregiver)")
    WITH_CAREGIVER = "with_caregiver", _("With a parent or usual caregiver")
    UNKNOWN = "unknown", _("Not yet known")


class BestInterestsStepKind(TextChoices):
    ASSESSMENT = "bia", _("Best-interests assessment (BIA)")
    DETERMINATION = "bid", _("Best-interests determination (BID)")


class StepStatus(TextChoices):
    PROPOSED = "proposed", _("To do")
    DONE = "done", _("Done")


class TransferStatus(TextChoices):
    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class TracingStatus(TextChoices):
    OPEN = "open", _("Searching")
    FOUND = "found", _("Family member found")
    REUNIFIED = "reunified", _("Reunified")
    CLOSED = "closed", _("Closed without finding")


ADULT_AGE = 18
"""Below this age a person is a child; an uncertain age that may be below it counts as a child."""
