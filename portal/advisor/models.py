"""Models of the advisor feature."""
