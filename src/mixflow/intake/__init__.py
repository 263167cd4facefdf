"""Encounters and the flow monitoring registry; later: questionnaires, submissions, imports."""
