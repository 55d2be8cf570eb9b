"""Importers of real data (entry points: they parse, validate, and call the services)."""
