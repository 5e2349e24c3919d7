"""Models of the plan feature."""
