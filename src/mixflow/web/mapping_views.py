"""The mapping page: an organisation administrator maps an installed form's questions to
Mixflow's fields after upload, without editing the workbook."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from mixflow.core.roles import Capability
from mixflow.intake import queries
from mixflow.intake.actions import FormError, set_mapping
from mixflow.intake.queries import compiled
from mixflow.intake.xlsform.mapping_carry import CarryReport
from mixflow.intake.xlsform.mapping_targets import DESCRIPTIONS, MEMBERS
from mixflow.intake.xlsform.model import Question, Section
from mixflow.web.access import requires

if TYPE_CHECKING:
    from mixflow.accounts.models import User

FIELD = "map-"


@dataclass(frozen=True)
class Row:
    name: str
    label: str
    kind: str
    depth: int
    workbook: str
    current: str
    problem: str


def _rows(
    children: tuple[Question | Section, ...],
    lang: str,
    current: dict[str, str],
    problems: dict[str, str],
    depth: int = 0,
) -> list[Row]:
    rows: list[Row] = []
    for child in children:
        if isinstance(child, Section):
            if child.repeat:
                rows.append(
                    Row(
                        child.name,
                        child.label_in(lang),
                        "begin_repeat",
                        depth,
                        child.maps_to or "",
                        current.get(child.name, child.maps_to or ""),
                        problems.get(child.name, ""),
                    )
                )
            rows.extend(_rows(child.children, lang, current, problems, depth + 1))
        elif child.type not in ("note", "calculate") and not child.is_metadata:
            rows.append(
                Row(
                    child.name,
                    child.label_in(lang),
                    child.type,
                    depth,
                    child.maps_to or "",
                    current.get(child.name, child.maps_to or ""),
                    problems.get(child.name, ""),
                )
            )
    return rows


def carried_message(carry: CarryReport) -> str:
    """What a new version kept of the previous one's mapping, said after the upload."""
    text = _(
        "Mapping carried over from version %(version)s for %(count)s questions whose name and "
        "type are unchanged."
    ) % {"version": carry.previous, "count": len(carry.carried)}
    if carry.to_map:
        text += " " + _("New or changed questions to map on the Mapping page: %(names)s.") % {
            "names": ", ".join(carry.to_map)
        }
    return text


@requires(Capability.MANAGE_FORMS)
def questionnaire_mapping(request: HttpRequest, questionnaire_id: int) -> HttpResponse:
    questionnaire = queries.questionnaire_for(request.user, questionnaire_id)
    version = questionnaire.current_version() if questionnaire else None
    if questionnaire is None or version is None:
        raise Http404
    lang = (get_language() or "en")[:2]
    form = compiled(version).form
    current = dict(version.mapping or {})
    problems: dict[str, str] = {}
    if request.method == "POST":
        chosen = {
            key[len(FIELD) :]: request.POST.get(key, "").strip()
            for key in request.POST
            if key.startswith(FIELD)
        }
        try:
            set_mapping(actor=cast("User", request.user), version=version, targets=chosen)
        except FormError as exc:
            problems = {p.column or "": p.message for p in exc.problems}
            current = chosen
        else:
            messages.success(request, _("The mapping is saved: new submissions follow it."))
            return redirect("web:questionnaire_mapping", questionnaire_id=questionnaire.pk)
    targets = sorted(DESCRIPTIONS.items())
    return render(
        request,
        "web/questionnaires/mapping.html",
        {
            "questionnaire": questionnaire,
            "version": version,
            # The shipped questionnaires' titles are Mixflow's text (``web/shipped_titles.py``).
            "title": _(form.title_in(lang)),
            "rows": _rows(form.children, lang, current, problems),
            "targets": [(code, str(text)) for code, text in targets if code != MEMBERS],
            "members": MEMBERS,
            "field_prefix": FIELD,
            "has_problems": bool(problems),
            "carry": queries.mapping_carried(version),
        },
    )
