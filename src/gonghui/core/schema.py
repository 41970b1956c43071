"""The error answers every API operation can give, documented once (a drf-spectacular postprocessing hook named
in ``SPECTACULAR_SETTINGS``) instead of per endpoint.

Every endpoint shares ``core.api.exception_handler``, so the same answers are possible everywhere:

* 400 — bad input: ``{field: [Chinese message]}`` (``ActionError``, serializer errors; ``non_field_errors`` for
  the whole request), or ``{"detail": …}`` for a malformed body;
* 403 — not signed in, or no right to act here (``{"detail": …}``; token authentication sends no challenge,
  so a missing or expired token is a 403 too, not a 401);
* 404 — absent, deleted, or out of the caller's scope (never a 403 that would confirm it exists), also a
  paging cursor that is not one of ours;
* 405 — a method the operation does not offer; 409 — changed meanwhile by someone else; 415 — a body in a
  content type the operation does not read; 429 — too many attempts (the sign-in endpoints).

An operation that documents one of these itself keeps its own description; the body is always ``Error``
(``{detail}`` or ``{field: [message]}``: any 400 may name fields). ``tests/test_api_fuzz.py`` checks
with schemathesis that no answer falls outside what the schema says.

``AutoSchema`` (the project's ``DEFAULT_SCHEMA_CLASS``) documents pagination only where a view pages.
"""
from django.core.exceptions import FieldDoesNotExist
from drf_spectacular import openapi
from rest_framework.fields import ChoiceField, TimeField, empty

ERROR_SCHEMA = {
    "type": "object",
    "description": "错误：{字段: [说明]}，或 {detail: 说明}",
    "additionalProperties": {
        "oneOf": [
            {"type": "string"},
            {"type": "array", "items": {}},
            {"type": "object"},
        ],
    },
}

ERRORS = {
    "400": "输入有误：{字段: [中文说明]}",
    "403": "未登录，或无权在此执行该操作",
    "404": "未找到，或不在您的权限范围内",
    "405": "该接口不支持此请求方法",
    "409": "记录已被他人修改",
    "415": "不支持的请求内容类型",
    "429": "尝试次数过多，请稍后再试",
}


SIGN_IN_PATHS = ("/api/auth/", "/api/me/")  # where django-axes counts failed passwords and codes


def document_errors(result, generator, request, public):
    """Add the shared error answers (``ERRORS``) to every operation, referring to one ``Error`` component."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR_SCHEMA
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, operations in result.get("paths", {}).items():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for code, description in ERRORS.items():
                if code == "429" and not path.startswith(SIGN_IN_PATHS):
                    continue
                answer = operation["responses"].setdefault(code, {"description": description})
                answer["content"] = content  # also where an operation named {detail} alone: a 400 may name fields
    return result


def model_field(field):
    """The model field a serializer field reads directly (None for a dotted source or a computed value)."""
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if model is None or "." in (field.source or "") or field.source == "*":
        return None
    try:
        return model._meta.get_field(field.source)
    except FieldDoesNotExist:
        return None


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema of a view, documenting a list as paginated only where the view pages it: a
    viewset's ``list``, an APIView with a ``pagination_class``, and an extra action that names its
    ``pagination_class`` in ``@action(...)``. Other actions returning a list (a registration list, the teams of
    an event) answer a plain JSON array; drf-spectacular would otherwise document the viewset's page wrapper."""

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        """A read-only field says what it can answer: ``null`` for ``default=None`` on a dotted source (``org.code``
        of a row without an organisation) or a nullable model field (a related field on a nullable foreign key),
        and ``""`` for a choice field on a model field that may be blank — DRF drops ``allow_null``/``allow_blank``
        from read-only fields, so drf-spectacular would document neither. A time of day is ``HH:MM[:SS]``."""
        if field.read_only:
            source = model_field(field)
            if getattr(field, "default", empty) is None or (source is not None and source.null):
                field.allow_null = True
            if isinstance(field, ChoiceField) and source is not None and source.blank:
                field.allow_blank = True
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(field, TimeField) and schema.get("format") == "time":
            # a wall-clock time without an offset ("08:00"): JSON Schema's "time" is RFC 3339's, which needs one
            del schema["format"]
            schema["pattern"] = r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$"
        return schema

    def _get_paginator(self):
        action = getattr(self.view, "action", None)
        if action not in (None, "list"):
            handler = getattr(self.view, action, None)
            if "pagination_class" not in getattr(handler, "kwargs", {}):
                return None
        return super()._get_paginator()
