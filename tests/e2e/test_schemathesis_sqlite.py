"""Schemathesis against a server on SQLite, for every principal (see ``tests/e2e/schemathesis_run.py``)."""

from tests.e2e.schemathesis_run import schemathesis_test

test_schemathesis_finds_no_server_error = schemathesis_test("sqlite")
