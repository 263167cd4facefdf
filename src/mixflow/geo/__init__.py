"""Countries, administrative areas and sites."""
