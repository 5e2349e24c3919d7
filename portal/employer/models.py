"""Models of the employer feature."""
