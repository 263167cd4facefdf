from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from mixflow.core.roles import Capability
from mixflow.core.scoping import ScopeRule
from mixflow.lib.vocabularies import LocationLevel, SiteKind

FLOW_MONITORING_KINDS = frozenset(
    {
        SiteKind.BORDER_CROSSING,
        SiteKind.BUS_STATION,
        SiteKind.PORT,
        SiteKind.DISEMBARKATION_POINT,
        SiteKind.TRANSIT_HUB,
    }
)


class Location(models.Model):
    """A place in the hierarchy country → admin 1–3 → site.

    ``path`` is the chain of codes from the country down (``NER/NE001/NER-AGZ-BUS``) so that
    "every site inside this area" is one indexed prefix query.
    """

    code = models.CharField(_("code"), max_length=40, unique=True)
    level = models.CharField(_("level"), max_length=10, choices=LocationLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)
    country_code = models.CharField(_("country"), max_length=3, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    name_fr = models.CharField(_("name in French"), max_length=200, blank=True)
    name_es = models.CharField(_("name in Spanish"), max_length=200, blank=True)
    pcode = models.CharField(_("P-code"), max_length=20, blank=True)
    site_kind = models.CharField(
        _("kind of site"), max_length=30, choices=SiteKind.choices, blank=True
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    # Places are shared reference data; a user limited to some sites sees those sites only.
    scope_rule = ScopeRule(Capability.VIEW_SITES, site="pk", cross_organisation=True)

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["path"]
        indexes = [models.Index(fields=["level", "country_code"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level="site", site_kind__gt="") | ~models.Q(level="site"),
                name="site_has_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True)
                | models.Q(latitude__gte=-90, latitude__lte=90),
                name="latitude_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True)
                | models.Q(longitude__gte=-180, longitude__lte=180),
                name="longitude_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args: object, **kwargs: object) -> None:
        self.path = f"{self.parent.path}/{self.code}" if self.parent else self.code
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def display_name(self) -> str:
        """The name in the active language, falling back to the name as recorded."""
        language = (get_language() or "en")[:2]
        translated = {"fr": self.name_fr, "es": self.name_es}.get(language)
        return translated or self.name

    @property
    def is_site(self) -> bool:
        return self.level == LocationLevel.SITE

    @property
    def is_flow_monitoring_point(self) -> bool:
        return self.site_kind in FLOW_MONITORING_KINDS
