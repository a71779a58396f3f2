"""Persistence: SQLAlchemy 2 (async) models and the stores that read and write them."""
