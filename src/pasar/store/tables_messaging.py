"""Tables for buyer–seller messaging, messaging violations and CRM (RULES.md §8–10).

Defined on the shared ``metadata`` of ``pasar.store.tables`` (imported at its end), so migrations
and tests see them like every other table.
"""

from __future__ import annotations
