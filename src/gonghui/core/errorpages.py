"""The pages shown when a request goes wrong: 403, 404, 500 and a refused form (CSRF).

Each says what happened and what to do, in the site's frame, with the way back: the page the user came
from (when the browser says so and it is this site) and the home page. A 403 names the capability that was
missing and the roles that carry it, when the refusal came from ``scope.require``. The 500 page is rendered
without the request (no context processors), so it needs neither the database nor a signed-in user. Under
``/api/`` the answer is JSON, as the API's own errors are.
"""
from django.apps import apps
from django.http import HttpResponseServerError, JsonResponse
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


def server_error(request):
    if _api(request):
        return JsonResponse({"detail": _("服务器出错，请稍后再试")}, status=500)
    # No request in the context: no context processor runs, so neither the session nor the database is read.
    html = loader.get_template("500.html").render({"back": _back(request)})
    return HttpResponseServerError(html)


def csrf_failure(request, reason=""):
    if _api(request):
        return JsonResponse({"detail": _("表单已过期，请刷新页面后重新提交")}, status=403)
    return render(request, "403_csrf.html", {"back": _back(request)}, status=403)
