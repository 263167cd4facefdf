"""Synthetic data, its loader and the demo accounts: never real personal data."""
