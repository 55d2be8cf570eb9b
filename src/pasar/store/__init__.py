"""Persistence: table definitions, engines, repositories and migrations."""
