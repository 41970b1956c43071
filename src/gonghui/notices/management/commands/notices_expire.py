"""``gonghui notices_expire``: the nightly sweep marking published notices whose posting has ended as expired,
then queueing a reminder (``gonghui.notify``: group robots, publishers' e-mail) for each union whose notices end
within three days."""
from django.core.management.base import BaseCommand
from django.utils import timezone

from gonghui.notices.actions import expire_notices


class Command(BaseCommand):
    help = "将公开期已结束的公开事项标记为“已到期”（每日运行）"

    def handle(self, *args, **options):
        n = expire_notices()
        self.stdout.write(f"已到期：{n} 条")
        from gonghui.notify import reminders

        queued = reminders.notices(timezone.localdate())
        if queued:
            self.stdout.write(f"即将到期提醒：{queued} 条")
