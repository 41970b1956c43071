"""Notification pages: the user's own settings (我的通知设置, under /me/), a union's group robots (with a
test button) and the outbox (states, errors, retry, run now) for the union's officers.

Views parse input and call ``notify.actions``; the union comes from ``?org=`` inside the scope for
``queries.CHANNEL_CAP`` (``orgs.unions.current_union``), messages from ``queries.outbox_for`` — an
out-of-scope code or id is a 404."""
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core import inbox, jobs, scope
from gonghui.core.errors import ActionError
from gonghui.core.models import Job
from gonghui.orgs.unions import current_union, union_options
from gonghui.core.views import form_post, show_action_error

from . import actions, outbox, privacy
from .forms import ChannelForm, PreferenceForm
from .jobs import KIND
from .models import Channel, Message
from .queries import CHANNEL_CAP, channel_for, home_union, outbox_for, preference_for

PAGE = 50


def notifiable_sources(user):
    return [s for s in inbox.sources_for(user) if privacy.may_notify(s)]


@login_required
def preferences(request):
    user = request.user
    pref = preference_for(user)
    sources = notifiable_sources(user)
    keys = {s.key for s in sources}
    muted = set(pref.muted_sources or ())
    initial = {"email": pref.email, "email_on": pref.email_on, "wecom_on": pref.wecom_on,
               "dingtalk_on": pref.dingtalk_on, "frequency": pref.frequency,
               "sources": [k for k in keys if k not in muted]}
    form = PreferenceForm(request.POST if request.method == "POST" else None, initial=initial, sources=sources)

    def act(data):
        kept = (muted - keys) | (keys - set(data["sources"]))
        return actions.set_preferences(user, email=data["email"], email_on=data["email_on"],
                                       wecom_on=data["wecom_on"], dingtalk_on=data["dingtalk_on"],
                                       frequency=data["frequency"], muted_sources=kept)

    union = home_union(user)
    robots = channel_for(union).configured() if union is not None else []

    def page(form):
        return render(request, "notify/preferences.html", {
            "form": form, "union": union, "robots": robots, "has_sources": bool(sources),
            "manages_channels": scope.prefixes(user, CHANNEL_CAP) != []})

    return form_post(request, form, act, done=lambda _r: redirect("notify:preferences"), page=page,
                     success=_("通知设置已保存"))


def _channels_url(union):
    return reverse("notify:channels") + "?" + urlencode({"org": union.code})


def _mask(url):
    """A webhook shown without its key: scheme and host only."""
    if not url:
        return ""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/…"


@login_required
def channels(request):
    user = request.user
    union = current_union(request, CHANNEL_CAP, post=False)
    row = channel_for(union)
    form = ChannelForm(request.POST if request.method == "POST" else None)

    def act(data):
        clear = [name for name in ("wecom", "dingtalk") if data[f"clear_{name}"]]
        return actions.set_channel(user, union, wecom_webhook=data["wecom_webhook"] or None,
                                   dingtalk_webhook=data["dingtalk_webhook"] or None,
                                   dingtalk_secret=data["dingtalk_secret"] or None, clear=clear)

    def page(form):
        return render(request, "notify/channels.html", {
            "form": form, "union": union, "unions": union_options(user, CHANNEL_CAP),
            "wecom": _mask(row.wecom_webhook), "dingtalk": _mask(row.dingtalk_webhook),
            "signed": bool(row.dingtalk_secret), "configured": row.configured(), "Channel": Channel})

    return form_post(request, form, act, done=lambda _r: redirect(_channels_url(union)), page=page,
                     success=_("群机器人设置已保存"))


@login_required
@require_POST
def channel_test(request):
    union = current_union(request, CHANNEL_CAP)
    try:
        message = actions.send_test(request.user, union, request.POST.get("channel", ""))
    except ActionError as error:
        messages.error(request, error.as_text())
        return redirect(_channels_url(union))
    outbox.deliver(ids=[message.pk])
    message.refresh_from_db()
    if message.state == Message.State.SENT:
        messages.success(request, _("测试消息已发送到%(channel)s，请到群里查看") % {"channel": message.get_channel_display()})
    else:
        messages.error(request, _("测试消息发送失败：%(error)s（稍后自动重试，可在发送记录中查看）")
                       % {"error": message.last_error})
    return redirect(_channels_url(union))


@login_required
def outbox_list(request):
    user = request.user
    union = current_union(request, CHANNEL_CAP, post=False)
    state = request.GET.get("state", "")
    rows = outbox_for(user, union).select_related("user")
    if state in Message.State.values:
        rows = rows.filter(state=state)
    before = request.GET.get("before", "")
    if before.isdigit():
        rows = rows.filter(pk__lt=int(before))
    page = list(rows.order_by("-id")[: PAGE + 1])
    next_before = page[PAGE - 1].pk if len(page) > PAGE else None
    job = None
    job_id = request.GET.get("job", "")
    if job_id.isdigit():
        job = Job.objects.filter(pk=int(job_id), created_by=user, kind=KIND).first()
    return render(request, "notify/outbox.html", {
        "union": union, "unions": union_options(user, CHANNEL_CAP), "rows": page[:PAGE], "state": state,
        "states": Message.State.choices, "next_before": next_before, "job": job,
        "result_template": "notify/_run_result.html"})


@login_required
@require_POST
def retry(request, pk):
    message = outbox_for(request.user).filter(pk=pk).select_related("union").first()
    if message is None:
        raise Http404(_("找不到该消息，或不在您的权限范围内"))
    try:
        actions.retry_message(request.user, message)
    except ActionError as error:
        messages.error(request, error.as_text())
    else:
        messages.success(request, _("已重新排队，将在下次发送时发出"))
    return redirect(reverse("notify:outbox") + "?" + urlencode({"org": message.union.code}) if message.union
                    else reverse("notify:outbox"))


@login_required
@require_POST
def run_now(request):
    union = current_union(request, CHANNEL_CAP)
    job = jobs.enqueue(KIND, user=request.user, org=union)
    return redirect(reverse("notify:outbox") + "?" + urlencode({"org": union.code, "job": job.pk}))
