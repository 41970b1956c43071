"""gonghui reset-2fa USERNAME: turn off a user's two-factor sign-in (lost phone, no recovery code left).

The user enrols again at their next sign-in if their role requires it. Audited as done by the system."""
from django.core.management.base import BaseCommand, CommandError

from gonghui.accounts import actions
from gonghui.accounts.models import User


class Command(BaseCommand):
    help = "重置一个用户的两步验证（手机丢失且恢复码用完时）；该用户下次登录时重新设置"

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"没有用户名为“{username}”的用户")
        removed = actions.disable_two_factor(None, user)
        self.stdout.write(f"已重置 {username} 的两步验证。" if removed else f"{username} 未开启两步验证，无需重置。")
