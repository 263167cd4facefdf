"""Pages of indicative profiling: an officer's decision on a flag, and the rule editor."""

from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from mixflow.core.roles import Capability
from mixflow.intake.screening import dry_run
from mixflow.protection.actions import decide_flag, publish_rule_set
from mixflow.protection.profile_codes import code_choices, code_label
from mixflow.protection.profiling.rules import RuleSetError, parse, parse_text, rule_data
from mixflow.protection.queries import (
    explanation,
    flag_for,
    rule_set_in_force,
    rule_sets_published,
)
from mixflow.web.access import requires
from mixflow.web.profiling_forms import RuleForm, in_reader_language


@requires(Capability.CONFIRM_PROFILES)
def profile_flag_decide(request: HttpRequest, flag_id: int) -> HttpResponse:
    flag = flag_for(request.user, flag_id)
    if flag is None:
        raise Http404
    error = ""
    if request.method == "POST":
        try:
            decide_flag(
                actor=request.user,  # type: ignore[arg-type]
                flag=flag,
                decision=request.POST.get("decision", ""),
                reason=request.POST.get("reason", ""),
                amended_code=request.POST.get("amended_code", ""),
            )
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        except PermissionDenied as refusal:
            raise Http404 from refusal
        else:
            url = reverse("web:person_detail", args=[flag.person_id])
            return HttpResponseRedirect(f"{url}#flag-{flag.pk}")
    lang = (request.LANGUAGE_CODE or "en")[:2]
    return render(
        request,
        "web/protection/flag_decide.html",
        {
            "flag": flag,
            "label": code_label(flag.code),
            "explanation": explanation(
                flag.rule_set_version, flag.rule_ids or [flag.rule_id], lang
            ),
            "codes": code_choices(),
            "error": error,
            "posted": request.POST,
        },
        status=400 if error else 200,
    )


@requires(Capability.MANAGE_PROFILE_RULES)
def profile_rules(request: HttpRequest) -> HttpResponse:
    """Edit the rule set as JSON: check it (every problem listed, examples run), see what it
    would change on the screenings stored, publish it as the next version."""
    in_force = rule_set_in_force()
    text = json.dumps(in_force.as_data(), ensure_ascii=False, indent=1)
    problems: list[str] = []
    preview = None
    published = None
    if request.method == "POST":
        text = request.POST.get("rules", "")
        try:
            proposed = parse_text(text)
        except RuleSetError as refusal:
            problems = [in_reader_language(p) for p in refusal.problems]
        else:
            if request.POST.get("action") == "publish":
                published = publish_rule_set(
                    actor=request.user,  # type: ignore[arg-type]
                    rules=json.loads(text),
                    note=request.POST.get("note", ""),
                )
                return HttpResponseRedirect(reverse("web:profile_rules") + "?published=1")
            preview = dry_run(in_force, proposed)
    return render(
        request,
        "web/protection/rules.html",
        {
            "in_force": in_force,
            "text": text,
            "problems": problems,
            "preview": preview,
            "published": published or request.GET.get("published") == "1",
            "versions": list(rule_sets_published()[:20]),
            "note": request.POST.get("note", ""),
            "title": _("Profiling rules"),
        },
        status=400 if problems else 200,
    )


@requires(Capability.MANAGE_PROFILE_RULES)
def profile_rule_edit(request: HttpRequest, rule_id: str) -> HttpResponse:
    """One rule of the set in force as a form: each problem beside its field; "check" shows
    what the rule set with this rule changed would flag on the screenings stored, "publish"
    makes it the next version (the whole set, this rule changed)."""
    in_force = rule_set_in_force()
    rule = in_force.rule(rule_id)
    if rule is None:
        raise Http404
    form = RuleForm(request.POST or None, rule_id=rule_id, initial=RuleForm.initial_for(rule))
    preview = None
    if request.method == "POST" and form.is_valid():
        changed = form.rule
        assert changed is not None
        data = in_force.as_data()
        data["rules"] = [rule_data(changed) if r["id"] == rule_id else r for r in data["rules"]]
        try:
            proposed = parse(data)
        except RuleSetError as refusal:
            for problem in refusal.problems:
                form.add_error(None, in_reader_language(problem))
        else:
            if request.POST.get("action") == "publish":
                publish_rule_set(
                    actor=request.user,  # type: ignore[arg-type]
                    rules=data,
                    note=form.cleaned_data["note"] or _("Rule %(id)s edited") % {"id": rule_id},
                )
                return HttpResponseRedirect(reverse("web:profile_rules") + "?published=1")
            preview = dry_run(in_force, proposed)
    return render(
        request,
        "web/protection/rule_edit.html",
        {"in_force": in_force, "rule": rule, "form": form, "preview": preview},
        status=400 if form.errors else 200,
    )
