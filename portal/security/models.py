"""Models of the security feature."""
