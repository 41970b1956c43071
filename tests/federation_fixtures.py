"""Helpers for the federation tests: valid credit codes and registry entries."""
import random

from gonghui.demo.generate import make_uscc
from gonghui.federation import actions

_rng = random.Random("federation-tests")
CODES = [make_uscc(_rng, kind_prefix="91") for _ in range(40)]


def employer(user, area, n, **data):
    """Registry entry ``n`` (its credit code is ``CODES[n]``) under ``area``."""
    values = {"uscc": CODES[n], "name": f"测试单位{n}", "counted_on": "2026-11-30"}
    values.update(data)
    if values.get("employees") is None:
        values.pop("counted_on")
    return actions.create_employer(user, area=area, data=values)
