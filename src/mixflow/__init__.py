"""Mixflow: an information system for managing mixed migration flows."""

__version__ = "0.1.0"
