"""Who may do what on a route: read from the views' own declarations and from ``scoped``.

- Web pages state their capabilities with ``mixflow.web.access.requires`` (recorded on the
  view); API views name one with ``HasCapability``; the admin asks its site and model admins.
- A user may act on a URL's records only if ``scoped`` returns each of them to the user.
- Filling a questionnaire needs the capability its form writes with.

Anything else a user tries must be refused and change nothing.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Model
from django.test import RequestFactory
from django.urls import reverse
from django.views.generic import RedirectView
from rest_framework.permissions import AllowAny

from mixflow.api.permissions import HasCapability
from mixflow.core.admin import site as admin_site
from mixflow.core.roles import Capability
from mixflow.core.scoping import scope_of, scoped
from mixflow.intake.compiled_forms import compiled
from mixflow.intake.models import Questionnaire, QuestionnaireVersion
from mixflow.web.access import REQUIRED
from tests.urlwalk.ids import Filled
from tests.urlwalk.routes import Route
from tests.urlwalk.world import Walk

# Pages anyone may open without signing in: a short, explicit list.
PUBLIC = {
    "web:login",
    "web:logout",
    "set_language",
    "admin:login",
    "admin:logout",
    "api:schema",
    "api:docs",
    "api:token",
    # The public data portal and aggregates API: approved publications, through the gate.
    "web:portal",
    "web:portal_publication",
    "web:portal_download",
    "web:portal_report",
    "web:portal_report_pdf",
    "api:public_publications",
    "api:public_publication",
}

# Routes whose view decides what filling needs from the questionnaire, not from the URL.
FILLS_A_QUESTIONNAIRE = {"openrosa:submission"}
# Pages that change a questionnaire itself (not its answers): what they need is to manage the
# organisation's forms, which their view declares; filling it is not asked.
MANAGES_A_QUESTIONNAIRE = {"web:questionnaire_mapping"}

REFUSED = {400, 401, 403, 404, 405}

_factory = RequestFactory()


class Undeclared(LookupError):
    """A view that states no access rule the walk can read."""


def _request(user: Any, method: str) -> Any:
    request = _factory.generic(method, "/")
    request.user = user
    return request


def _admin_allows(route: Route, filled: Filled, user: Any, method: str) -> bool:
    request = _request(user, method)
    if not admin_site.has_permission(request):
        return False
    admin = route.model_admin
    if admin is None:
        return True
    obj = filled.records[0] if filled.records else None
    name = route.name
    writes = method != "GET"
    if name.endswith("_add"):
        return bool(admin.has_add_permission(request))
    if name.endswith("_delete"):
        return bool(admin.has_delete_permission(request, obj))
    if name.endswith("_password_change") or (writes and not name.endswith("_history")):
        return bool(admin.has_change_permission(request, obj))
    return bool(admin.has_view_or_change_permission(request, obj))


def declared_check_passes(route: Route, filled: Filled, user: Any, method: str) -> bool:
    """Whether the view's own declared rule lets ``user`` in (before any record is read).

    Raises ``Undeclared`` for a view that declares no rule, whoever asks.
    """
    if route.name in PUBLIC:
        return True
    if route.namespace == "admin":
        return user is not None and _admin_allows(route, filled, user, method)
    required = getattr(route.callback, REQUIRED, None)
    if required is not None:
        if user is None:
            return False
        scope = scope_of(user)
        return not required or any(scope.can(c) for c in required)
    view = route.view_class
    if view is not None and hasattr(view, "permission_classes"):
        permissions = list(view.permission_classes)
        if user is None:
            return AllowAny in permissions
        if HasCapability in permissions:
            return scope_of(user).can(getattr(view, "capability"))  # noqa: B009 (typed as type)
        return True  # signed in is enough (``IsAuthenticated``): the view checks the rest
    if route.namespace == "openrosa":
        return user is not None  # HTTP Basic sign-in; each view checks what the form needs
    raise Undeclared(
        f"{route}: the view declares no access rule: wrap it with mixflow.web.access.requires"
        f" (or, for a public page, add it to PUBLIC in tests/urlwalk/rules.py)"
    )


def _fill_capability_held(filled: Filled, user: Any, walk: Walk) -> bool:
    versions: list[QuestionnaireVersion] = []
    for record in filled.records:
        if isinstance(record, QuestionnaireVersion):
            versions.append(record)
        elif isinstance(record, Questionnaire):
            current = record.current_version()
            if current is not None:
                versions.append(current)
    if filled.route.name in FILLS_A_QUESTIONNAIRE:
        versions.append(walk.version)
    scope = scope_of(user)
    if filled.route.name in MANAGES_A_QUESTIONNAIRE:
        return all(
            scope.organisation_id == v.questionnaire.organisation_id
            and scope.can(Capability.MANAGE_FORMS)
            for v in versions
        )
    return all(
        scope.organisation_id == v.questionnaire.organisation_id
        and scope.can(compiled(v).capability)
        for v in versions
    )


def may_read_records(filled: Filled, user: Any) -> bool:
    return all(_readable(record, user) for record in filled.records)


def _readable(record: Model, user: Any) -> bool:
    if getattr(type(record), "scope_rule", None) is None:
        # System records (audit entries, loaded datasets, tasks) have no scope rule: the admin
        # shows them to system administrators only.
        return admin_site.has_permission(_request(user, "GET")) and scope_of(user).can(
            "administer_system"  # type: ignore[arg-type]
        )
    return scoped(user, type(record)).filter(pk=record.pk).exists()


def may_read(filled: Filled, user: Any) -> bool:
    # A public page (the statistics portal) names records everyone may read once the view lets
    # them out (approved publications): the scope of the signed-in reader does not narrow it.
    return declared_check_passes(filled.route, filled, user, "GET") and (
        user is None or filled.route.name in PUBLIC or may_read_records(filled, user)
    )


def may_change(filled: Filled, user: Any, method: str, walk: Walk) -> bool:
    """Whether ``user`` may change something with ``method`` on this URL."""
    if user is None:
        return False
    return (
        declared_check_passes(filled.route, filled, user, method)
        and may_read_records(filled, user)
        and _fill_capability_held(filled, user, walk)
    )


def is_redirect(response: Any) -> bool:
    return response.status_code in (301, 302, 303, 307, 308)


def harmless(filled: Filled, response: Any, changed: list[str]) -> bool:
    """Answers to a refused write that are not a refusal yet do no harm.

    - Public pages (signing in and out, the language) answer everyone.
    - Django's ``RedirectView`` (the admin's ``<id>/``) sends every method to another page,
      which the walk then reads (and judges as a read).
    - The admin's change lists take POST for their bulk actions and list editing, each checked
      by the model admin; a POST carrying none of them shows the list again (200). What
      matters there is that nothing changed and nothing unreadable showed, checked apart.
    """
    if filled.route.name in PUBLIC and response.status_code < 400:
        return True
    if filled.route.view_class is RedirectView and not changed:
        return True  # the admin's old-style ``<id>/`` address: sends any method to ``change/``
    return filled.route.name.endswith("_changelist") and response.status_code == 200 and not changed


def refused(response: Any) -> bool:
    """403/404-style answers, or a redirect to a sign-in page."""
    if response.status_code in REFUSED:
        return True
    if is_redirect(response):
        location = response.get("Location", "")
        # The admin answers an id outside the user's queryset as it answers an unknown one:
        # back to its index, saying nothing about the record.
        refusals = (reverse(settings.LOGIN_URL), reverse("admin:login"), reverse("admin:index"))
        return location.split("?")[0] in refusals
    return False
