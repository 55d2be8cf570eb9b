"""Command-line commands beyond the core ones in ``pasar.cli``, one module per capability.

Each module listed in ``MODULES`` defines ``register(app: typer.Typer) -> None``.
"""

from __future__ import annotations

from importlib import import_module

import typer

MODULES: list[str] = ["cases", "database", "messaging", "metrics", "olist"]


def register_all(app: typer.Typer) -> None:
    for name in MODULES:
        import_module(f"pasar.commands.{name}").register(app)
