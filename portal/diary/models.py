"""Models of the diary feature."""
