"""Models of the reports feature."""
