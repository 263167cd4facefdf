"""Persons, their names and documents, groups; later: matching, merges and routes."""
