"""Models of the audit feature."""
