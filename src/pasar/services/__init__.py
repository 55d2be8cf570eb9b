"""Use cases: each runs inside a unit of work and is the one way a change happens."""
