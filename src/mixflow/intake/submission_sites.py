"""Where a submission was filled in, and whether its author may submit there.

The site comes from the answers (a site code question) or, failing that, from the caller (the
web form's site list, the API's ``site``, an import's default site). One resolver serves a
single submission and a bulk import alike; it remembers codes already seen, since a file's rows
repeat a handful of sites.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from mixflow.accounts.actors import Actor
from mixflow.geo.models import Location
from mixflow.intake.compiled_forms import may_submit
from mixflow.intake.models import QuestionnaireVersion
from mixflow.intake.said import said
from mixflow.lib.vocabularies import LocationLevel

SITE_FIELD = "__site__"
"""Error key for a site problem (no question carries the site)."""


@dataclass(frozen=True)
class SiteAnswer:
    site: Location | None
    error: str = ""
    refused: bool = False
    """The site exists but the actor may not submit there (a permission, not a typo)."""


class SiteResolver:
    def __init__(
        self,
        *,
        actor: Actor,
        version: QuestionnaireVersion,
        channel: str,
        default: Location | None,
    ) -> None:
        self.actor = actor
        self.version = version
        self.channel = channel
        self.default = default
        self._seen: dict[str, SiteAnswer] = {}

    def resolve(self, code: str) -> SiteAnswer:
        if code not in self._seen:
            self._seen[code] = self._resolve(code)
        return self._seen[code]

    def _resolve(self, code: str) -> SiteAnswer:
        if code:
            site = Location.objects.filter(code=code, level=LocationLevel.SITE).first()
            if site is None:
                return SiteAnswer(None, said(_("Unknown site code “%(code)s”."), code=code))
        elif self.default is not None:
            site = self.default
        else:
            return SiteAnswer(
                None, said(_("Choose the site where this questionnaire was filled in."))
            )
        if not may_submit(self.actor, self.version, self.channel, site):
            return SiteAnswer(
                None, said(_("You may not submit this questionnaire at this site.")), refused=True
            )
        return SiteAnswer(site)
