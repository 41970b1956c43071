"""The proof that nothing out of scope is shown, exported or changed, through ANY URL.

The walk discovers every URL pattern of the project from the resolver (web pages and API routes
alike, including any added after this test was written), fills each path parameter with identifiers
of objects the acting user must not see (member ids, organisation ids and codes, transfers, jobs,
users, roles, audit entries, and ids that do not exist), and requests it with GET and POST (and PUT,
PATCH and DELETE under /api/) as

  * ``outsider`` — the chair of the factory union, an officer of another union, and
  * ``member`` — 王强, a plain member of the school with a self-service login, and
  * ``other_member`` — 钱文静, a plain member of another union (the agency's) with a login: she sees her own
    union's public records and nothing of the school's, published or not.

POST-like requests carry a forged body naming out-of-scope objects. Pages of objects in scope (the
user's own record, their union) are requested with GET only, to check they leak nothing. List pages
are also requested with forged filters (``?org=SCH``, ``?under=SCH``, …). Every response is checked:

  * never a server error;
  * no leak: the body (JSON decoded, .xlsx unzipped, CSV in UTF-8 or GBK) and any redirect target
    contain no name, member number, clear or masked ID number or phone of a member out of scope, and
    no name of an organisation out of scope;
  * a URL naming an out-of-scope object answers 400/403/404/405 (or sends to the login page), never
    a success;

and afterwards no member, organisation, transfer, user, role or audit row has changed.

What is "out of scope" is computed from the data, not listed: whatever ``visible_to`` does not give
the user. Organisations that are the context of what the user sees (the ancestors of their own
union, the ends of a transfer they handle) may be named; their members may not.
"""
import html
import io
import itertools
import json
import re
import zipfile
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.db.models import Max, Q
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls import include as include_
from django.urls import path as path_
from django.urls.resolvers import RegexPattern, RoutePattern

from gonghui.accounts.models import Role, User
from gonghui.core import crypto, jobs
from gonghui.core.models import AuditEntry, Job
from gonghui.members import actions as member_actions
from gonghui.members.models import Member, Transfer
from gonghui.orgs import actions as org_actions
from gonghui.orgs.models import Kind, Organisation

from .fixtures.rosters import id_number

# URL names that are public by design and are not walked, each with the reason.
PUBLIC_BY_DESIGN = {
    "accounts:login": "the sign-in page is for people not yet signed in and shows no data",
    "accounts:logout": "signing out ends the walker's own session; it shows and changes no data",
    "core:set_language": "sets the language cookie (Django's i18n view); no data",
    "api:schema": "the OpenAPI description of the endpoints, public by design; no data",
    "api:docs": "the Swagger UI page that reads the schema; no data",
}
API_PREFIX = "api/"
WEB_METHODS = ("get", "post")
API_METHODS = ("get", "post", "put", "patch", "delete")
FORGED_FILTERS = ["org={sch}", "under={sch}", "org={county}", "parent={sch}", "org={own_group}&deleted=1",
                  "object_type=members.member&object_id={member}", "object_type=orgs.organisation&object_id={org}"]
ALLOWED_FOR_NAMED_OBJECT = {400, 403, 404, 405}
MAX_COMBINATIONS = 12

# The literal path segment before a bare ``pk``/``id`` says what kind of object it names.
SEGMENT_KINDS = {
    "members": "member", "member": "member", "transfers": "transfer", "transfer": "transfer",
    "jobs": "job", "job": "job", "import": "job", "imports": "job", "exports": "job", "export": "job",
    "roles": "role", "role": "role", "users": "user", "user": "user", "orgs": "org_id",
    "organisations": "org_id", "audit": "audit_entry",
}
# Parameter names that say it themselves.
NAME_KINDS = {
    "member_id": "member", "member_pk": "member", "transfer_id": "transfer", "transfer_pk": "transfer",
    "job_id": "job", "job_pk": "job", "user_id": "user", "user_pk": "user", "role_id": "role",
    "role_pk": "role", "org_id": "org_id", "org_pk": "org_id", "code": "org_code", "org_code": "org_code",
    "org": "org_code", "parent_code": "org_code", "union_code": "org_code", "entry_id": "audit_entry",
    "format": "format",
}

# ---- extensions: each domain app teaches the walk its own objects ----
# A module tests/walk_ext/<app>.py may define:
#   SEGMENT_KINDS / NAME_KINDS   dicts merged into the ones above (path segment or parameter → kind)
#   populate(world)              create that app's data for every union of the world (in and out of scope)
#   extend(user, scope)          add scope.strict[kind] (out-of-scope ids, plus a guessed id),
#                                scope.lax[kind] (in-scope ids) and scope.secrets (strings that must not leak)
#   snapshot()                   a dict of rows whose change the walk must not cause
def _load_extensions():
    import importlib
    import pkgutil

    from . import walk_ext

    mods = [importlib.import_module(f"{walk_ext.__name__}.{m.name}") for m in pkgutil.iter_modules(walk_ext.__path__)]
    for mod in mods:
        SEGMENT_KINDS.update(getattr(mod, "SEGMENT_KINDS", {}))
        NAME_KINDS.update(getattr(mod, "NAME_KINDS", {}))
    return mods


EXTENSIONS = _load_extensions()


# ---- discovering routes ----

@dataclass
class Route:
    patterns: list
    name: str
    callback: object

    @property
    def template(self):
        return "".join(str(p) for p in self.patterns)

    @property
    def is_api(self):
        return str(self.patterns[0]) == API_PREFIX

    def params(self):
        names = []
        for p in self.patterns:
            if isinstance(p, RoutePattern):
                names += list(p.converters)
            elif isinstance(p, RegexPattern):
                names += list(p.regex.groupindex)
        return names

    def url(self, values):
        out = ""
        for p in self.patterns:
            if isinstance(p, RoutePattern):
                out += re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), str(p))
            else:
                text = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values[m.group(1)]), str(p))
                out += text.lstrip("^").replace("/?$", "/").rstrip("$").replace("\\.", ".").replace("\\", "")
        return "/" + out


def discover(patterns=None, chain=(), namespace=""):
    """Every URL pattern reachable from the root URLconf, with its full name."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = ":".join(filter(None, [namespace, p.namespace]))
            yield from discover(p.url_patterns, chain + (p.pattern,), ns)
        elif isinstance(p, URLPattern):
            name = ":".join(filter(None, [namespace, p.name])) if p.name else ""
            yield Route(list(chain + (p.pattern,)), name, p.callback)


# ---- the world: out-of-scope data of every kind ----

@pytest.fixture
def world(tree, users, members, member_user, admin_user, settings, tmp_path):
    """Beyond conftest's county tree: a third union (机关工会) with its own members, a pending
    transfer between the school and that union, a deleted member and a deleted branch of the school,
    and a finished export job of the school's chair."""
    settings.MEDIA_ROOT = tmp_path
    agency = org_actions.create_org(admin_user, parent=tree.town, kind=Kind.GRASSROOTS, union_type="agency",
                                    code="AGY", name="县政府机关工会")
    agency_chair = User.objects.create_user("agencychair", password="Agency#2026", name="机关主席")
    Role.objects.create(user=agency_chair, org=agency, kind="chair")
    qian = member_actions.create_member(agency_chair, org=agency, data={
        "name": "钱文静", "id_number": id_number(birth="19880808", seq=124), "phone": "13655556666",
        "join_date": "2012-05-01"})
    member_actions.create_member(agency_chair, org=agency, data={
        "name": "孙建国", "id_number": id_number(birth="19750303", seq=131), "join_date": "2010-01-01"})
    member_actions.transfer_out(users.chair, members.zhao, to_org=agency, reason="调动")
    gone = member_actions.create_member(users.chair, org=tree.school, data={
        "name": "吴德厚", "id_number": id_number(birth="19700707", seq=151), "phone": "13533334444",
        "join_date": "2000-01-01"})
    member_actions.delete_member(users.chair, gone)
    b3 = org_actions.create_org(users.chair, parent=tree.school, kind=Kind.BRANCH, code="SCH-B3",
                                name="已撤销的英语组分工会")
    org_actions.delete_org(users.chair, b3)
    jobs.enqueue("export_members", user=users.chair, org=None, params={"filters": {}})
    world = type("World", (), dict(tree=tree, users=users, members=members, member_user=member_user,
                                   agency=agency, agency_chair=agency_chair, admin=admin_user))
    for ext in EXTENSIONS:
        if hasattr(ext, "populate"):
            ext.populate(world)
    # 钱文静's login (an extension may have given her one already, to vote or sign in as a delegate).
    qian.refresh_from_db()
    if qian.user_id is None:
        qian.user = User.objects.create_user("qianwenjing", password="Agency#2026", name="钱文静")
        qian.save(update_fields=["user"])
    world.other_member_user = User.objects.get(pk=qian.user_id)
    return world


@dataclass
class Scope:
    """What one acting user may and may not see, computed from ``visible_to``."""

    user: object
    strict: dict = field(default_factory=dict)   # kind -> values naming objects out of scope
    lax: dict = field(default_factory=dict)      # kind -> values of objects in scope or in context
    secrets: set = field(default_factory=set)    # strings that must never appear in a response


def scope_of(user):
    s = Scope(user)
    visible_members = Member.all_objects.visible_to(user)
    visible_transfers = Transfer.objects.visible_to(user)
    visible_orgs = Organisation.all_objects.visible_to(user)
    # Context: organisations the user sees, those of members and transfers they see, and all ancestors.
    context_ids = set(visible_orgs.values_list("pk", flat=True))
    context_ids |= set(visible_members.values_list("org_id", flat=True))
    for row in visible_transfers.values_list("from_org_id", "to_org_id", "new_org_id"):
        context_ids |= {pk for pk in row if pk}
    context = Organisation.all_objects.filter(pk__in=context_ids)
    prefixes = {p for o in context for p in o.ancestor_paths()}
    context = Organisation.all_objects.filter(Q(pk__in=context_ids) | Q(path__in=prefixes))

    hidden_members = Member.all_objects.exclude(pk__in=visible_members.values("pk")).exclude(
        pk__in=visible_transfers.values("member_id")).select_related("org")
    hidden_orgs = Organisation.all_objects.exclude(pk__in=context.values("pk"))
    shown = set()
    for m in Member.all_objects.filter(Q(pk__in=visible_members.values("pk"))
                                       | Q(pk__in=visible_transfers.values("member_id"))):
        shown |= _member_strings(m)
    for m in hidden_members:
        s.secrets |= _member_strings(m)
    s.secrets |= set(hidden_orgs.values_list("name", flat=True))
    s.secrets -= shown | set(context.values_list("name", flat=True))

    guessed = {model: (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1000
               for model in (Member, Organisation, Transfer, Job, User, Role, AuditEntry)}
    guessed[Member] = (Member.all_objects.aggregate(m=Max("pk"))["m"] or 0) + 1000
    guessed[Organisation] = (Organisation.all_objects.aggregate(m=Max("pk"))["m"] or 0) + 1000

    s.strict["member"] = _sample(hidden_members.values_list("pk", flat=True)) + [guessed[Member]]
    s.lax["member"] = _sample(visible_members.values_list("pk", flat=True), 1)
    s.strict["org_id"] = _sample(hidden_orgs.values_list("pk", flat=True)) + [guessed[Organisation]]
    s.strict["org_code"] = _sample(hidden_orgs.values_list("code", flat=True)) + ["NO-SUCH-ORG"]
    s.lax["org_id"] = _sample(context.values_list("pk", flat=True), 2)
    s.lax["org_code"] = _sample(context.values_list("code", flat=True), 2)
    s.strict["transfer"] = _sample(Transfer.objects.exclude(pk__in=visible_transfers.values("pk"))
                                   .values_list("pk", flat=True)) + [guessed[Transfer]]
    s.lax["transfer"] = _sample(visible_transfers.values_list("pk", flat=True), 1)
    s.strict["job"] = _sample(Job.objects.exclude(created_by=user).values_list("pk", flat=True)) + [guessed[Job]]
    in_scope_user_ids = set(Role.objects.filter(org__in=visible_orgs).values_list("user_id", flat=True))
    in_scope_user_ids |= set(visible_members.exclude(user=None).values_list("user_id", flat=True))
    in_scope_user_ids.add(user.pk)
    s.strict["user"] = _sample(User.objects.exclude(pk__in=in_scope_user_ids).values_list("pk", flat=True))
    s.strict["user"] += [guessed[User]]
    s.lax["user"] = [user.pk]
    s.strict["role"] = _sample(Role.objects.exclude(org__in=visible_orgs).values_list("pk", flat=True))
    s.strict["role"] += [guessed[Role]]
    s.strict["audit_entry"] = _sample(AuditEntry.objects.exclude(org__in=visible_orgs)
                                      .values_list("pk", flat=True)) + [guessed[AuditEntry]]
    s.strict["audit_object"] = ([("members.member", pk) for pk in s.strict["member"][:3]]
                                + [("orgs.organisation", pk) for pk in s.strict["org_id"][:2]])
    s.lax["audit_object"] = [("members.member", pk) for pk in s.lax["member"]]
    s.strict["format"], s.lax["format"] = [], ["json"]
    s.strict["any_int"] = sorted({v for k in ("member", "org_id", "transfer", "job", "user", "role", "audit_entry")
                                  for v in s.strict[k][:1]})
    s.strict["any_str"] = s.strict["org_code"][:2]
    for ext in EXTENSIONS:
        if hasattr(ext, "extend"):
            ext.extend(user, s)
    return s


def _member_strings(m):
    values = {m.name, m.member_no, m.id_number, crypto.mask_id_number(m.id_number)}
    if m.phone:
        values |= {m.phone, crypto.mask_phone(m.phone)}
    return {v for v in values if v}


def _sample(values, n=3):
    """A few representatives, deterministic: the first ``n - 1`` and the last in id order (the world
    creates its deleted rows last, so restore endpoints meet them)."""
    ordered = list(values.order_by("pk"))
    return ordered[:n] if len(ordered) <= n else ordered[:n - 1] + ordered[-1:]


# ---- filling in a route ----

def kind_of(route, param):
    if param in NAME_KINDS:
        return NAME_KINDS[param]
    if param == "object_type" or param == "object_id":
        return "audit_object"
    if param in ("pk", "id"):
        before = route.template.split(f"<int:{param}>")[0].split(f"(?P<{param}>")[0]
        segments = [s for s in re.split(r"[/^]", before) if s and not s.startswith("<")]
        if segments and segments[-1] in SEGMENT_KINDS:
            return SEGMENT_KINDS[segments[-1]]
    return None


def assignments(route, scope):
    """Yield (values, strict) for the route's parameters: each out-of-scope candidate (strict) and a
    few in-scope ones (lax: they may answer 200, but must not leak)."""
    params = route.params()
    if not params:
        yield {}, False
        return
    options = []
    for param in params:
        if param == "object_id" and "object_type" in params:
            continue
        kind = kind_of(route, param)
        if kind is None:  # unknown parameter: try every kind of out-of-scope identifier, leniently
            str_param = _is_str_param(route, param)
            values = scope.strict["any_str" if str_param else "any_int"]
            options.append([(param, v, False) for v in values])
        else:
            options.append([(param, v, True) for v in scope.strict.get(kind, [])]
                           + [(param, v, False) for v in scope.lax.get(kind, [])])
    for combo in itertools.islice(itertools.product(*options), MAX_COMBINATIONS):
        values, strict = {}, False
        for param, value, is_strict in combo:
            if param == "object_type":
                values["object_type"], values["object_id"] = value
            else:
                values[param] = value
            strict = strict or is_strict
        yield values, strict


def _is_str_param(route, param):
    for p in route.patterns:
        if isinstance(p, RoutePattern) and param in p.converters:
            return type(p.converters[param]).__name__ in ("StringConverter", "SlugConverter", "PathConverter")
        if isinstance(p, RegexPattern) and param in p.regex.groupindex:
            return "\\d" not in str(p)
    return True


def forged_body(scope):
    """A body naming out-of-scope objects in every field a form or an endpoint might read."""
    code = scope.strict["org_code"][0]
    member = scope.strict["member"][0]
    return {
        "org": code, "parent": code, "to_org": code, "under": code, "member": member, "member_id": member,
        "user": scope.strict["user"][0], "user_id": scope.strict["user"][0], "role": "chair", "kind": "branch",
        "code": "FORGED-1", "name": "冒名顶替", "id_number": id_number(birth="19910909", seq=171),
        "join_date": "2020-01-01", "phone": "13700009999", "termination_reason": "other", "status_note": "伪造",
        "decision_note": "伪造", "note": "伪造", "reason": "伪造", "username": "forged-user",
        "password": "Forged#2026x", "new_password": "Forged#2026y", "confirm_warnings": "on",
    }


# ---- reading a response ----

def body_text(response):
    if getattr(response, "streaming", False):
        raw = b"".join(response.streaming_content)
    else:
        raw = response.content
    texts = []
    if raw[:4] == b"PK\x03\x04":  # .xlsx (or any zip): read every XML part, sharedStrings included
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            # html.unescape: openpyxl with lxml writes non-ASCII text as numeric character references.
            texts += [html.unescape(z.read(n).decode("utf-8", "replace"))
                      for n in z.namelist() if n.endswith((".xml", ".rels"))]
    else:
        texts.append(raw.decode("utf-8", "replace"))
        try:
            texts.append(raw.decode("gbk"))
        except UnicodeDecodeError:
            pass
        if "json" in response.get("Content-Type", ""):
            try:  # JsonResponse escapes non-ASCII by default: compare on the decoded values
                texts.append(json.dumps(json.loads(raw), ensure_ascii=False))
            except ValueError:
                pass
    texts.append(response.get("Location", ""))
    return "\n".join(texts)


def snapshot():
    return {
        "members": list(Member.all_objects.order_by("pk").values_list(
            "pk", "org_id", "union_id", "status", "deleted_at", "updated_at", "user_id", "name")),
        "orgs": list(Organisation.all_objects.order_by("pk").values_list(
            "pk", "path", "parent_id", "deleted_at", "updated_at", "name", "code")),
        "transfers": list(Transfer.objects.order_by("pk").values_list("pk", "state", "decided_at")),
        "roles": list(Role.objects.order_by("pk").values_list("pk", "user_id", "org_id", "kind")),
        "users": list(User.objects.order_by("pk").values_list("pk", "username", "password", "is_active")),
        "audit": AuditEntry.objects.count(),
        **{k: v for ext in EXTENSIONS if hasattr(ext, "snapshot") for k, v in ext.snapshot().items()},
    }


# ---- the walk ----

class Walker:
    def __init__(self, client, user, scope):
        self.client, self.user, self.scope = client, user, scope
        self.problems, self.requests = [], 0
        self.login_url = reverse(settings.LOGIN_URL)
        client.raise_request_exception = False  # a crash is reported with its URL, and the walk goes on
        self._sign_in()

    def _sign_in(self):
        self.client.force_login(self.user)
        self.session_key = self.client.cookies[settings.SESSION_COOKIE_NAME].value
        self.audit_rows = AuditEntry.objects.count()

    def request(self, method, url, *, strict, data=None):
        kwargs = {}
        if method != "get" and url.startswith("/api/"):
            kwargs = {"data": json.dumps(data), "content_type": "application/json"}
        elif method == "post":
            kwargs = {"data": data}
        response = getattr(self.client, method)(url, **kwargs)
        self.requests += 1
        where = f"{method.upper()} {url}"
        if response.status_code >= 500:
            self.problems.append(f"{where} → {response.status_code} (server error)")
        text = body_text(response)
        leaked = sorted(s for s in self.scope.secrets if s in text)
        if leaked:
            self.problems.append(f"{where} → {response.status_code} leaks {leaked}")
        if strict and response.status_code not in ALLOWED_FOR_NAMED_OBJECT and not self._to_login(response):
            self.problems.append(f"{where} → {response.status_code} for an object out of scope "
                                 f"(expected 400/403/404/405)")
        audit_rows = AuditEntry.objects.count()
        if audit_rows != self.audit_rows:
            self.problems.append(f"{where} → {response.status_code} wrote to the audit trail")
            self.audit_rows = audit_rows
        # a request that ends or replaces the walker's session sends a new session cookie (or an empty one)
        cookie = response.cookies.get(settings.SESSION_COOKIE_NAME)
        if cookie is not None and cookie.value != self.session_key:
            if "_auth_user_id" not in self.client.session:
                self.problems.append(f"{where} signed the user out (add it to PUBLIC_BY_DESIGN if intended)")
                self._sign_in()
            else:
                self.session_key = cookie.value

    def _to_login(self, response):
        return response.status_code in (301, 302) and response.get("Location", "").startswith(self.login_url)

    def walk(self, routes):
        body = forged_body(self.scope)
        for route in routes:
            methods = API_METHODS if route.is_api else WEB_METHODS
            for values, strict in assignments(route, self.scope):
                url = route.url(values)
                match = resolve(url.split("?")[0])
                if match.func != route.callback:
                    self.problems.append(f"walker could not build a URL for {route.template} (got {url})")
                    continue
                # Objects in scope are only looked at: a forged body could legitimately change them.
                for method in (methods if strict or not values else ("get",)):
                    self.request(method, url, strict=strict, data=body)
                if not route.params():
                    for query in FORGED_FILTERS:
                        self.request("get", f"{url}?{self.query(query)}", strict=False)

    def query(self, template):
        strict = self.scope.strict
        return template.format(sch="SCH", county="COUNTY", own_group="SCH-G1", member=strict["member"][0],
                               org=strict["org_id"][0])


def walkable_routes():
    routes = [r for r in discover() if r.name not in PUBLIC_BY_DESIGN]
    assert len(routes) > 30, "the walker found too few URL patterns: is discovery broken?"
    names = {r.name for r in routes}
    for expected in ("api:member-detail", "api:org-move", "api:transfer-accept", "api:audit-list", "api:job-detail",
                     "api:member-export", "api:user-revoke-role"):
        assert expected in names, f"{expected} not discovered"
    return routes


def test_every_route_is_either_walked_or_public_by_design():
    discovered = {r.name for r in discover()}
    unknown_public = set(PUBLIC_BY_DESIGN) - discovered
    assert not unknown_public, f"PUBLIC_BY_DESIGN names routes that no longer exist: {unknown_public}"


def test_every_path_parameter_is_understood_by_the_walker():
    """A parameter the walker cannot classify is still walked (with every kind of out-of-scope id),
    but only leniently; name it here (NAME_KINDS / SEGMENT_KINDS) so it is walked strictly."""
    unknown = sorted({f"{r.template}: {p}" for r in discover() if r.name not in PUBLIC_BY_DESIGN
                      for p in r.params() if kind_of(r, p) is None})
    assert not unknown, "teach the scope walk these path parameters:\n" + "\n".join(unknown)


# The school's records a member of another union must never see, published or not (walk_ext markers).
SCHOOL_RECORDS = {"SCH已公开说明", "SCH草稿说明", "SCH经审问题：慰问品发票不全", "一中议程审议事项", "一中已表决事项",
                  "一中征集附议提案", "一中民主评议"}


# The outsider's walk runs on both databases. The members' walks read the same scoped querysets, so
# scripts/test runs each on one database only (run directly, pytest walks all three on either): the
# member's in the SQLite run, the other union's member's in the PostgreSQL run, which balances the two.
@pytest.mark.parametrize("who", ["outsider", pytest.param("member", marks=pytest.mark.sqlite_only),
                                 pytest.param("other_member", marks=pytest.mark.postgres_only)])
def test_no_url_shows_exports_or_changes_anything_out_of_scope(world, client, who):
    user = {"outsider": world.users.outsider, "member": world.member_user,
            "other_member": world.other_member_user}[who]
    scope = scope_of(user)
    assert {"王强", "赵丽", "县政府机关工会", "钱文静", "吴德厚"} & scope.secrets, "the world has no secrets to keep"
    if who == "outsider":
        assert {"王强", "赵丽", "张敏", "第一中学工会", "语文一组", "钱文静", "吴德厚"} <= scope.secrets
    elif who == "member":
        assert {"赵丽", "张敏", "刘洋", "机械厂工会", "钱文静"} <= scope.secrets and "王强" not in scope.secrets
    else:
        assert {"王强", "张敏", "刘洋", "第一中学工会", "语文一组", "机械厂工会"} <= scope.secrets
        assert "钱文静" not in scope.secrets and "县政府机关工会" not in scope.secrets
        missing = SCHOOL_RECORDS - scope.secrets
        assert not missing, f"the school's records are not kept from a member of another union: {missing}"
    before = snapshot()
    walker = Walker(client, user, scope)
    walker.walk(walkable_routes())
    after = snapshot()
    changed = [key for key in before if before[key] != after[key]]
    report = "\n".join(walker.problems + [f"rows changed: {key}" for key in changed])
    assert not report, f"{len(walker.problems)} problems in {walker.requests} requests as {who}:\n{report}"
    assert walker.requests > 300


# ---- the walk itself is tested: a view that skips scope must be caught ----

def _leaky_detail(request, pk):
    from django.http import HttpResponse

    return HttpResponse(Member.all_objects.get(pk=pk).name)  # no visible_to: the bug being caught


def _leaky_export(request):
    from django.http import JsonResponse

    return JsonResponse({"names": [m.name for m in Member.objects.all()]})  # escapes non-ASCII


def _leaky_write(request, code):
    from django.http import HttpResponse

    org = Organisation.objects.get(code=code)
    if request.method == "POST":
        org_actions.update_org(org_admin(), org, name=org.name + "改")
    return HttpResponse("ok")


def org_admin():
    return User.objects.get(username="admin")


urlpatterns = [
    path_("leaky/members/<int:pk>/", _leaky_detail, name="leaky_detail"),
    path_("leaky/export/", _leaky_export, name="leaky_export"),
    path_("leaky/orgs/<str:code>/", _leaky_write, name="leaky_write"),
    path_("", include_("gonghui.urls")),
]


@pytest.mark.urls("tests.test_scope_walk")
def test_the_walk_catches_views_that_skip_scope(world, client):
    scope = scope_of(world.users.outsider)
    walker = Walker(client, world.users.outsider, scope)
    before = snapshot()
    walker.walk([r for r in discover() if r.name.startswith("leaky")])
    report = "\n".join(walker.problems)
    assert "GET /leaky/members/" in report and "leaks ['王强']" in report
    assert "for an object out of scope" in report
    assert "GET /leaky/export/ → 200 leaks" in report
    assert "POST /leaky/orgs/SCH/ → 200" in report and "wrote to the audit trail" in report
    assert snapshot() != before
