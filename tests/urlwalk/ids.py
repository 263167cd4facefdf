"""Real ids for every URL argument: a table from argument names (and, in the admin, from
models) to one of home's records in ``Walk.records``.

A new URL whose argument or admin model is missing here fails the walk with a message naming
what to add, so that no page escapes it silently.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Model
from django.urls import Resolver404, resolve

from tests.urlwalk.routes import Route
from tests.urlwalk.world import Walk

# URL keyword → key of ``Walk.records``.
BY_ARGUMENT = {
    "person_id": "person",
    "candidate_id": "candidate",
    "decision_id": "decision",
    "site_id": "site",
    "questionnaire_id": "questionnaire",
    "version_id": "version",
    "batch_id": "batch",
    "row_id": "row",
    "user_id": "user",
    "publication_id": "publication",
    "flow_count_id": "flow_count",
    "session_id": "session",
    "request_id": "data_request",
    "hold_id": "legal_hold",
    "flag_id": "flag",
    "service_id": "service",
    "referral_id": "referral",
    "received_id": "received_referral",
    "case_id": "case",
    "task_id": "case_task",
    "document_id": "case_document",
    "transfer_id": "transfer",
    "group_id": "group",
    "tracing_id": "tracing",
    "draft_id": "draft",
    "member_id": "group_member",
    "submission_id": "submission",
    "attachment_id": "attachment",
}

# ``object_id`` (and ``id``, the admin's password page) of admin pages: model label → record.
BY_ADMIN_MODEL = {
    "accounts.organisation": "organisation",
    "accounts.user": "user",
    "accounts.roleassignment": "role_assignment",
    "auditlog.logentry": "audit_entry",
    "axes.accessattempt": "access_attempt",
    "axes.accessfailurelog": "access_failure",
    "axes.accesslog": "access_log",
    "core.loadeddataset": "dataset",
    "django_tasks_database.dbtaskresult": "task",
    "geo.location": "site",
    "identity.person": "person",
    "identity.personalias": "alias",
    "identity.nationality": "nationality",
    "identity.document": "document",
    "identity.group": "group",
    "identity.groupmember": "group_member",
    "identity.identity": "identity",
    "identity.matchcandidate": "candidate",
    "identity.linkdecision": "decision",
    "identity.linksettingsversion": "link_settings",
    "intake.encounter": "encounter",
    "intake.sensitivedetails": "sensitive",
    "intake.flowcount": "flow_count",
    "intake.submission": "submission",
    "intake.questionnaire": "questionnaire",
    "intake.questionnaireversion": "version",
    "intake.importbatch": "batch",
    "intake.quarantinedrow": "row",
    "protection.consent": "consent",
}

# Arguments that are not ids.
LITERAL = {
    "file_name": "walk-choices.csv",  # a file attached to a form version (OpenRosa media)
    "app_label": "identity",  # the admin's page of one app: the one holding persons
    "url": "walk-no-such-page/",  # the admin's catch-all
    "role": "system_admin",  # revoking the role of ``user`` (home's system administrator)
    "table_name": "movements_by_nationality",  # a table of the walk's publication
    "fmt": "csv",
    "name": "nationalities",  # a flows dashboard download
    "rule_id": "smuggling.paid",  # a shipped profiling rule
}

# The admin's "view on site" page: a content type and an object of it.
VIEW_ON_SITE = {"content_type_id": "person_type", "object_id": "person"}


class CannotFill(LookupError):
    """A URL argument the walk has no record for: the message says what to add."""


@dataclass(frozen=True)
class Filled:
    route: Route
    url: str
    records: tuple[Model, ...]
    """The records named by the URL: a user who may not read one must be refused."""


def _admin_record(route: Route, walk: Walk) -> str:
    model = route.model
    if model is None:
        raise CannotFill(f"{route}: an admin page with an object id but no model admin")
    label = model._meta.label_lower
    key = BY_ADMIN_MODEL.get(label)
    if key is None or key not in walk.records:
        raise CannotFill(
            f"{route}: add {label!r} to BY_ADMIN_MODEL in tests/urlwalk/ids.py with a record of"
            f" home made in tests/urlwalk/world.py"
        )
    return key


def fill(route: Route, walk: Walk) -> Filled:
    values: dict[str, str] = {}
    records: list[Model] = []
    for argument in route.arguments:
        if argument in LITERAL:
            values[argument] = LITERAL[argument]
            continue
        if route.name == "admin:view_on_site":
            key = VIEW_ON_SITE.get(argument)
        elif argument in ("object_id", "id") and route.namespace == "admin":
            key = _admin_record(route, walk)
        else:
            key = BY_ARGUMENT.get(argument, "pk" if argument == "pk" else None)
            if key == "pk":
                key = _api_record(route)
        if key is None or key not in walk.records:
            table = "PK_BY_ROUTE (by route name)" if argument == "pk" else "BY_ARGUMENT"
            raise CannotFill(
                f"{route}: no record for URL argument {argument!r}: add it to {table} in"
                f" tests/urlwalk/ids.py (with a record of home made in tests/urlwalk/world.py)"
            )
        record = walk.records[key]
        values[argument] = str(record.pk)
        if not (route.name == "admin:view_on_site" and argument == "content_type_id"):
            records.append(record)
    url = route.url(values)
    try:
        match = resolve(url)
    except Resolver404 as error:
        raise CannotFill(f"{route}: the filled URL {url} does not resolve") from error
    if match.func is not route.callback:
        raise CannotFill(f"{route}: the filled URL {url} resolves to another view")
    return Filled(route, url, tuple(records))


# ``pk`` of views that declare no model (the API's detail views): route name → record. Views
# whose serializer names a model find it in ``BY_ADMIN_MODEL``.
PK_BY_ROUTE = {
    "api:person": "person",
    "api:person_encounters": "person",
    "api:encounter_sensitive": "encounter",
    "api:submissions": "questionnaire",
    "api_token": "api_token",
    "api:public_publication": "publication",
    "api:profile_flag": "flag",
    "api:profile_flag_decision": "flag",
    "api:service": "service",
    "api:referral": "referral",
    "api:referral_send": "referral",
    "api:referral_close": "referral",
    "api:inbox_referral": "received_referral",
    "api:inbox_answer": "received_referral",
    "api:person_suggestions": "person",
    "api:case": "case",
    "api:case_tasks": "case",
    "api:case_notes": "case",
    "api:case_task_done": "case_task",
    "api:case_close": "case",
    "api:case_documents": "case",
    "api:case_document": "case_document",
    "api:case_best_interests": "case",
    "api:case_transfers": "case",
    "api:case_transfer_answer": "transfer",
}


def _api_record(route: Route) -> str | None:
    if route.name in PK_BY_ROUTE:
        return PK_BY_ROUTE[route.name]
    serializer = getattr(route.view_class, "serializer_class", None)
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    if model is None:
        return None
    return BY_ADMIN_MODEL.get(model._meta.label_lower)
