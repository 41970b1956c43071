"""Members' requests in the inbox: open requests handled by the officer's organisations (with their
answer deadline), and, for members, their own named requests answered and waiting for a rating."""
from django.urls import reverse
from django.utils.translation import gettext_lazy

from gonghui.core import inbox, scope
from gonghui.core.capabilities import RIGHTS

from .models import Appeal


def open_appeals(user, today):
    from gonghui.core.scope import org_condition

    return (Appeal.objects.alive().filter(org_condition(user, RIGHTS, "handler"), status=Appeal.Status.OPEN)
            .select_related("handler").order_by("due", "id"))


def to_rate(user, today):
    return Appeal.objects.own(scope.member_of(user)).filter(status=Appeal.Status.ANSWERED, rating="")


inbox.register(inbox.Source(
    key="appeals.open", label=gettext_lazy("待办理的职工诉求"), capability=RIGHTS, rows=open_appeals,
    item=lambda a: inbox.Item(title=a.title, url=reverse("appeals:appeal", args=[a.pk]), pk=a.pk,
                              org=a.handler.name, due=a.due, detail=a.get_category_display()),
    list_url="appeals:home", order=50))
inbox.register(inbox.Source(
    key="appeals.to_rate", label=gettext_lazy("请评价诉求答复"), capability=inbox.MEMBER, rows=to_rate,
    item=lambda a: inbox.Item(title=a.title, url=reverse("appeals:mine", args=[a.pk]), pk=a.pk, due=None),
    list_url="appeals:my", order=50))
