"""Figures about flows for the user's scope; later: dashboards, reports, disclosure control."""
