"""The pages shown when a request goes wrong: 403, 404, 500 and a refused form (CSRF).

Each says what happened and what to do, in the site's frame, with the way back: the page the user came
from (when the browser says so and it is this site) and the home page. A 403 names the capability that was
missing and the roles that carry it, when the refusal came from ``scope.require``. The 500 page is rendered
without the request (no context processors), so it needs neither the database nor a signed-in user. Under
``/api/`` the answer is JSON, as the API's own errors are.

Two failures that are not the program's fault get their own answer instead of the 500 (``unavailable``):

* **the database is unreachable or busy** (an ``OperationalError``/``InterfaceError`` reaching the handler,
  wherever it was raised — a view, the session or the sign-in middleware): a 503 with ``Retry-After`` saying
  that nothing was saved; a submitted form comes back on the page as hidden fields under a "submit again"
  button (never passwords nor files), so the user loses no input;
* **the disk is full** (``OSError`` ENOSPC/EDQUOT, e.g. while an upload is stored): a 507 saying the file was
  not saved (``core.storage`` and ``core.jobs.save_upload`` remove what was half-written).
"""
import errno
import sys

from django.apps import apps
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import capabilities as caps

from . import i18n

# What each capability lets one do, as the 403 page names it.
CAPABILITY_LABELS = {
    caps.VIEW: gettext_lazy("查看组织和会员"),
    caps.EDIT_MEMBERS: gettext_lazy("编辑会员"),
    caps.MANAGE_ORGS: gettext_lazy("管理组织"),
    caps.SEE_PII: gettext_lazy("查看身份证号和手机号"),
    caps.SEE_WAGE: gettext_lazy("查看工资基数"),
    caps.VIEW_AUDIT: gettext_lazy("查看审计记录"),
    caps.MANAGE_ROLES: gettext_lazy("分配角色"),
    caps.VIEW_FINANCE: gettext_lazy("查看经费账目"),
    caps.KEEP_BOOKS: gettext_lazy("记账和收缴会费"),
    caps.APPROVE_SPENDING: gettext_lazy("审批经费支出"),
    caps.AUDIT_BOOKS: gettext_lazy("经费审查"),
    caps.RUN_EVENTS: gettext_lazy("组织活动和比赛"),
    caps.CARE: gettext_lazy("送温暖和互助保障"),
    caps.SEE_HARDSHIP: gettext_lazy("查看困难职工档案"),
    caps.RUN_CONGRESS: gettext_lazy("组织职代会"),
    caps.RUN_ELECTIONS: gettext_lazy("组织换届选举"),
    caps.PUBLISH_NOTICES: gettext_lazy("发布厂务/校务公开"),
    caps.MANAGE_PLANS: gettext_lazy("管理工作计划"),
    caps.RIGHTS: gettext_lazy("维权工作（集体合同、职工诉求）"),
}


def _back(request):
    """The page the user came from, when the browser sent it and it is on this site."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure()):
        return referer
    return None


def _api(request):
    return request.path.startswith("/api/")


def _needed(exception):
    """(capability labels, role labels) the refusal names, or empty lists when it names none."""
    needed = getattr(exception, "capabilities", ())
    labels = [CAPABILITY_LABELS[c] for c in needed if c in CAPABILITY_LABELS]
    kinds = {kind for c in needed for kind in caps.kinds_with(c)}
    # the role kinds' labels from the model the project installs (core imports nothing above it)
    choices = apps.get_model("accounts", "Role")._meta.get_field("kind").choices
    roles = [_(label) for kind, label in choices if kind in kinds]  # in the table's order
    return labels, roles


def permission_denied(request, exception=None):
    reason = str(exception) if exception is not None and str(exception) else ""
    if _api(request):
        return JsonResponse({"detail": reason or _("没有权限执行此操作")}, status=403)
    labels, roles = _needed(exception)
    return render(request, "403.html", {
        "reason": reason, "capabilities": i18n.words(labels) if labels else "",
        "roles": i18n.words(roles) if roles else "", "back": _back(request),
    }, status=403)


def page_not_found(request, exception=None):
    if _api(request):
        return JsonResponse({"detail": _("地址不存在")}, status=404)
    return render(request, "404.html", {"path": request.path, "back": _back(request)}, status=404)


DISK_FULL = {errno.ENOSPC, errno.EDQUOT}
RETRY_AFTER = "30"
# Fields never written back into a page (by a part of their name): passwords and secrets.
NOT_RESHOWN = ("password", "passwd", "secret")


def unavailable_reason(exc):
    """"database" or "disk" when ``exc`` is a failure of the machine rather than of the program, else None."""
    if isinstance(exc, (OperationalError, InterfaceError)):
        return "database"
    if isinstance(exc, OSError) and exc.errno in DISK_FULL:
        return "disk"
    return None


def _reshown_fields(request):
    """The submitted form's fields as (name, value) pairs to re-post, without secrets or files."""
    if request.method != "POST":
        return []
    try:
        data = request.POST
    except Exception:  # noqa: BLE001 — a body that cannot be read again is simply not re-shown
        return []
    return [(name, value) for name in data for value in data.getlist(name)
            if not any(word in name.lower() for word in NOT_RESHOWN)]


def unavailable(request, reason):
    """The 503 (database) or 507 (disk full) answer (module doc)."""
    status = 503 if reason == "database" else 507
    if reason == "database":
        detail = _("数据库暂时无法连接，您提交的内容未保存；请稍后重试")
    else:
        detail = _("服务器磁盘空间已满，文件未保存；请联系系统管理员清理空间后重试")
    if _api(request):
        response = JsonResponse({"detail": detail}, status=status)
    else:
        fields = _reshown_fields(request)
        html = loader.get_template("503.html").render({
            "reason": reason, "status": status, "fields": fields, "action": request.path,
            "had_files": request.method == "POST" and bool(getattr(request, "_files", None)),
            "back": _back(request)})
        response = HttpResponse(html, status=status)
    if reason == "database":
        response["Retry-After"] = RETRY_AFTER
    return response


def server_error(request):
    reason = unavailable_reason(sys.exc_info()[1])  # Django calls the handler inside its ``except`` block
    if reason:
        return unavailable(request, reason)
    if _api(request):
        return JsonResponse({"detail": _("服务器出错，请稍后再试")}, status=500)
    # No request in the context: no context processor runs, so neither the session nor the database is read.
    html = loader.get_template("500.html").render({"back": _back(request)})
    return HttpResponseServerError(html)


def csrf_failure(request, reason=""):
    if _api(request):
        return JsonResponse({"detail": _("表单已过期，请刷新页面后重新提交")}, status=403)
    return render(request, "403_csrf.html", {"back": _back(request)}, status=403)
