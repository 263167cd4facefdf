"""A partly-filled web form saved as a draft: its author's alone, listed, resumed, submitted
(then gone), deleted; never a submission."""

from __future__ import annotations

from typing import Any

import pytest

from mixflow.core.roles import Role
from mixflow.intake.actions import install_default_questionnaires
from mixflow.intake.models import Draft, FlowCount, Questionnaire, Submission

pytestmark = pytest.mark.django_db


def test_a_draft_is_saved_listed_resumed_and_submitted_by_its_author_only(
    world: Any, outsiders: Any, login: Any, client: Any
) -> None:
    install_default_questionnaires(actor=world.user(Role.ORG_ADMIN), organisation=world.home)
    registry = Questionnaire.objects.get(
        organisation=world.home, form_id="flow_monitoring_registry"
    )
    enumerator = world.user(Role.ENUMERATOR)
    page = login(enumerator)
    fill = f"/questionnaires/{registry.pk}/fill/"
    form = page.get(fill).content.decode()
    assert f"/questionnaires/{registry.pk}/draft/" in form
    partial = {"_site": str(world.agadez.pk), "site": "NER-AGZ-BUS", "observed_time": "09:15"}
    saved = page.post(f"/questionnaires/{registry.pk}/draft/", partial, follow=True)
    assert saved.status_code == 200
    draft = Draft.objects.get(owner=enumerator)
    assert draft.answers["observed_time"] == "09:15"
    assert Submission.objects.count() == 0
    assert FlowCount.objects.count() == 0
    assert f"?draft={draft.pk}" in saved.content.decode()
    assert "/drafts/" in page.get("/").content.decode()  # the home page points to it
    # Resumed: the answers are back, and the draft travels with the form.
    resumed = page.get(f"{fill}?draft={draft.pk}").content.decode()
    assert 'value="09:15"' in resumed
    assert f'name="_draft" value="{draft.pk}"' in resumed
    # Nobody else reads or deletes it: another officer of home, another organisation.
    for other in (world.user(Role.REGISTRATION_OFFICER), outsiders[Role.ENUMERATOR]):
        intruder = login(other)
        assert f"?draft={draft.pk}" not in intruder.get("/drafts/").content.decode()
        assert intruder.post(f"/drafts/{draft.pk}/delete/").status_code in (403, 404)
        assert 'value="09:15"' not in intruder.get(f"{fill}?draft={draft.pk}").content.decode()
    page = login(enumerator)
    complete = partial | {
        "observed_on": "2026-11-30",
        "direction": "incoming",
        "group_size": "2",
        "men": "1",
        "women": "1",
        "boys": "0",
        "girls": "0",
        "nationality": "NGA",
        "_draft": str(draft.pk),
    }
    done = page.post(fill, complete)
    assert done.status_code == 302, done.content.decode()[-3000:]
    assert FlowCount.objects.count() == 1
    assert not Draft.objects.exists()
    # A second draft, deleted by its author.
    page.post(f"/questionnaires/{registry.pk}/draft/", partial)
    second = Draft.objects.get()
    assert page.post(f"/drafts/{second.pk}/delete/").status_code == 302
    assert not Draft.objects.exists()


def test_expired_drafts_are_deleted_by_the_daily_retention_run_without_another_save(
    world: Any, outsiders: Any, capsys: Any
) -> None:
    """Saving a draft clears only its author's expired ones: an author who never comes back
    would leave their answers kept for ever, so the daily run deletes them on time."""
    import datetime

    from django.utils import timezone

    from mixflow.cli.main import main
    from mixflow.intake.actions import save_draft

    install_default_questionnaires(actor=world.user(Role.ORG_ADMIN), organisation=world.home)
    registry = Questionnaire.objects.get(
        organisation=world.home, form_id="flow_monitoring_registry"
    )
    version = registry.current_version()
    assert version is not None
    enumerator = world.user(Role.ENUMERATOR)
    gone = save_draft(actor=enumerator, version=version, answers={"observed_time": "09:15"})
    kept = save_draft(actor=enumerator, version=version, answers={"observed_time": "10:30"})
    Draft.objects.filter(pk=gone.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    assert main(["retention", "run", "--dry-run"]) == 0
    assert "draft\t1\twould be deleted" in capsys.readouterr().out
    assert Draft.objects.filter(pk=gone.pk).exists()

    assert main(["retention", "run"]) == 0  # no retention rule is set: drafts go anyway
    assert "draft\t1\tdeleted" in capsys.readouterr().out
    assert list(Draft.objects.values_list("pk", flat=True)) == [kept.pk]
