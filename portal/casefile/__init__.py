"""Compositions that read many features: one case file, below the pages.

Everything here may read any feature's models, services and rules (and `portal.domain`),
but never a view or a form; feature services never import this package. Views, forms, demo
seeders and CLI commands sit above it. The import-linter contracts in `.importlinter`
(`make lint`, tests/test_import_contracts.py) hold the graph to that.
"""
