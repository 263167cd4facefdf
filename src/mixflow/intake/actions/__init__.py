"""Every write of the intake app: submissions, imports, questionnaires, encounters and counts.

The public surface for writes (reads are ``intake.queries``). Each action takes keyword-only
arguments and one actor, checks the capability and scope it needs, writes, and leaves its audit
entry in the same transaction. The code lives in modules named for what they hold; this module
only gathers them.
"""

from __future__ import annotations

from mixflow.intake.actions.import_flow import (
    Correction,
    MappingRefused,
    apply_mapping,
    apply_preset,
    correct_row,
    queue_import,
    run_import,
    save_preset,
    set_aside,
    start_import,
)
from mixflow.intake.actions.questionnaire_uploads import (
    install_default_questionnaires,
    upload_questionnaire,
)
from mixflow.intake.actions.records import record_encounter, record_flow_count
from mixflow.intake.actions.submissions import (
    Attachment,
    Incoming,
    SubmissionOutcome,
    receive_submission,
    submit_many,
)
from mixflow.intake.compiled_forms import UnknownVersion
from mixflow.intake.contracts import Journey, Sensitive
from mixflow.intake.importing.errors import ImportFileError
from mixflow.intake.models import Submission
from mixflow.intake.submission_sites import SITE_FIELD
from mixflow.intake.xlsform.parse import FormError

Channel = Submission.Channel
"""Where a submission comes from: ``web``, ``api``, ``openrosa``, ``import``."""

__all__ = [
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
    "correct_row",
    "install_default_questionnaires",
    "queue_import",
    "receive_submission",
    "record_encounter",
    "record_flow_count",
    "run_import",
    "save_preset",
    "set_aside",
    "start_import",
    "submit_many",
    "upload_questionnaire",
]
