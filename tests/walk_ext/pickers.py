"""Scope-walk extension for the pickers' lookup (``/pick/<kind>/``): the kinds are names, not objects, so
every kind is walked; what a lookup finds for an outsider is proven in tests/test_pickers.py."""

NAME_KINDS = {"kind_name": "picker_kind"}


def extend(user, scope):
    scope.strict["picker_kind"] = ["no-such-kind"]
    scope.lax["picker_kind"] = ["member", "org", "account", "event", "plan"]
