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
"""

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
