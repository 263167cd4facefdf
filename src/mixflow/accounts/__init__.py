"""Users, organisations, roles and what each role may do."""
