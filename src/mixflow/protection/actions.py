"""The writes of protection, gathered: consent, profile flags and rule sets, the service
directory and referrals.

Every action takes keyword arguments and one ``actor``, checks first, and writes and audits in
one transaction. Each kind lives in its own ``<what>_actions`` module.
"""

from __future__ import annotations

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
    "REFUSED_CONSENT",
    "ConsentChange",
    "ConsentEffect",
    "ImportReport",
    "NewConsent",
    "ReferralError",
    "ServiceValues",
    "accept_referral",
    "change_consent",
    "close_referral",
    "complete_referral",
    "decide_flag",
    "decline_referral",
    "ensure_provider",
    "give_feedback",
    "import_services",
    "preview_consent_change",
    "profiling_actor",
    "propose_referral",
    "publish_rule_set",
    "raise_flags",
    "raise_flags_in_bulk",
    "read_services_csv",
    "record_consent",
    "save_service",
    "send_referral",
    "withdraw_consent",
]
