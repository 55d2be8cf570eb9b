"""Repositories: the queries each aggregate needs, as Core statements (no per-row loops)."""
