"""Scope-walk extensions, one module per domain app (see tests/test_scope_walk.py)."""
