"""Cross-cutting mechanisms: scoping of every read, the audit log, and background tasks."""
