"""The words of identity resolution that interfaces need without touching the models: the
states of a suggested match and a reviewer's verdicts (the models use these same choices)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class MatchStatus(models.TextChoices):
    OPEN = "open", _("To review")
    NOT_SURE = "not_sure", _("Not sure")
    DECIDED = "decided", _("Decided")


class Verdict(models.TextChoices):
    SAME = "same", _("Same person")
    DIFFERENT = "different", _("Different people")
    NOT_SURE = "not_sure", _("Not sure")
