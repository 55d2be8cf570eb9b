"""The pure domain: aggregates, value objects, state machines and policies (no I/O)."""
