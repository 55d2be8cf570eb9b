"""Route modules: every module in this package exposes a ``router``; the app includes them all."""

from __future__ import annotations

import pkgutil
from importlib import import_module

from fastapi import APIRouter


def all_routers() -> list[APIRouter]:
    names = sorted(module.name for module in pkgutil.iter_modules(__path__))
    return [import_module(f"{__name__}.{name}").router for name in names]
