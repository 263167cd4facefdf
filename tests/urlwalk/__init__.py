"""The resolver-walking access test's parts (tests/test_every_url.py uses them)."""
