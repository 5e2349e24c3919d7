"""Models of the timeline feature."""
