"""The writes of protection, gathered: consent, profile flags and rule sets, the service
directory, referrals and cases (children's best-interests procedure included).

Every action takes keyword arguments and one ``actor``, checks first, and writes and audits in
one transaction. Each kind lives in its own ``<what>_actions`` module.
"""

from __future__ import annotations

from mixflow.protection.case_actions import (
    MAX_DOCUMENT_BYTES,
    TransferRefused,
    Upload,
    add_note,
    add_task,
    answer_transfer,
    assign_case,
    attach_document,
    close_case,
    complete_task,
    open_case,
    record_assessment,
    record_best_interests_step,
    record_plan,
    request_family_tracing,
    request_transfer,
    update_family_tracing,
)
from mixflow.protection.consent_actions import REFUSED_CONSENT, record_consent, withdraw_consent
from mixflow.protection.consent_change_actions import (
    ConsentChange,
    ConsentEffect,
    NewConsent,
    change_consent,
    preview_consent_change,
)
from mixflow.protection.profiling_actions import (
    decide_flag,
    profiling_actor,
    publish_rule_set,
    raise_flags,
    raise_flags_in_bulk,
)
from mixflow.protection.referral_actions import (
    ReferralError,
    accept_referral,
    close_referral,
    complete_referral,
    decline_referral,
    give_feedback,
    propose_group_referral,
    propose_referral,
    send_referral,
)
from mixflow.protection.service_actions import (
    ImportReport,
    ServiceValues,
    ensure_provider,
    import_services,
    read_services_csv,
    save_service,
)

__all__ = [
    "MAX_DOCUMENT_BYTES",
    "REFUSED_CONSENT",
    "ConsentChange",
    "ConsentEffect",
    "ImportReport",
    "NewConsent",
    "ReferralError",
    "ServiceValues",
    "TransferRefused",
    "Upload",
    "accept_referral",
    "add_note",
    "add_task",
    "answer_transfer",
    "assign_case",
    "attach_document",
    "change_consent",
    "close_case",
    "close_referral",
    "complete_referral",
    "complete_task",
    "decide_flag",
    "decline_referral",
    "ensure_provider",
    "give_feedback",
    "import_services",
    "open_case",
    "preview_consent_change",
    "profiling_actor",
    "propose_group_referral",
    "propose_referral",
    "publish_rule_set",
    "raise_flags",
    "raise_flags_in_bulk",
    "read_services_csv",
    "record_assessment",
    "record_best_interests_step",
    "record_consent",
    "record_plan",
    "request_family_tracing",
    "request_transfer",
    "save_service",
    "send_referral",
    "update_family_tracing",
    "withdraw_consent",
]
