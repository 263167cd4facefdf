"""Every write of the intake app: submissions, imports, questionnaires, encounters and counts.

The public surface for writes (reads are ``intake.queries``). Each action takes keyword-only
arguments and one actor, checks the capability and scope it needs, writes, and leaves its audit
entry in the same transaction. The code lives in ``<what>_actions.py`` modules beside this one
(submissions, imports and their batches, encounters and counts, questionnaires); this module
only gathers them, and other apps and the interfaces import from here.
"""

from __future__ import annotations

from mixflow.intake.compiled_forms import UnknownVersion
from mixflow.intake.contracts import Journey, Sensitive
from mixflow.intake.draft_actions import DRAFT_DAYS, discard_draft, save_draft
from mixflow.intake.encounter_actions import record_encounter, record_flow_count
from mixflow.intake.flow_count_actions import CORRECTABLE, correct_flow_count
from mixflow.intake.import_actions import (
    Correction,
    MappingRefused,
    apply_mapping,
    apply_preset,
    correct_row,
    missing_dates,
    queue_import,
    run_import,
    save_preset,
    set_aside,
    start_import,
)
from mixflow.intake.import_cancel_actions import cancel_import
from mixflow.intake.importing.errors import ImportFileError
from mixflow.intake.models import Submission
from mixflow.intake.questionnaire_actions import (
    install_default_questionnaires,
    set_mapping,
    upload_questionnaire,
)
from mixflow.intake.submission_actions import (
    ROW_FIELD,
    Attachment,
    Incoming,
    SubmissionOutcome,
    receive_submission,
    submit_many,
)
from mixflow.intake.submission_sites import SITE_FIELD
from mixflow.intake.xlsform.parse import FormError

Channel = Submission.Channel
"""Where a submission comes from: ``web``, ``api``, ``openrosa``, ``import``."""

__all__ = [
    "CORRECTABLE",
    "DRAFT_DAYS",
    "ROW_FIELD",
    "SITE_FIELD",
    "Attachment",
    "Channel",
    "Correction",
    "FormError",
    "ImportFileError",
    "Incoming",
    "Journey",
    "MappingRefused",
    "Sensitive",
    "SubmissionOutcome",
    "UnknownVersion",
    "apply_mapping",
    "apply_preset",
    "cancel_import",
    "correct_flow_count",
    "correct_row",
    "discard_draft",
    "install_default_questionnaires",
    "missing_dates",
    "queue_import",
    "receive_submission",
    "record_encounter",
    "record_flow_count",
    "run_import",
    "save_draft",
    "save_preset",
    "set_aside",
    "set_mapping",
    "start_import",
    "submit_many",
    "upload_questionnaire",
]
