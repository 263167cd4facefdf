"""Consent; later: profiling rules, the service directory, referrals and cases."""
