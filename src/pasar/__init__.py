"""Pasar: a social-commerce marketplace engine."""

__version__ = "0.1.0"
