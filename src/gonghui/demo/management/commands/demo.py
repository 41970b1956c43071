"""gonghui demo [--members N] [--seed S] [--reset] [--if-empty]: load the demo dataset."""
import time
import unicodedata

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from gonghui.demo import generate


def display_width(text):
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text, width):
    return text + " " * max(0, width - display_width(text))


def table(rows):
    """Rows of strings as aligned text columns (Chinese characters count double)."""
    widths = [max(display_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(pad(cell, w) for cell, w in zip(row, widths)).rstrip() for row in rows)


def logins_table(logins, password):
    rows = [("用户名", "密码", "姓名", "角色", "组织")]
    rows += [(x.username, password, x.name, x.role, x.org) for x in logins]
    return table(rows) + two_factor_hint()


def two_factor_hint():
    """Where the roles that need two-factor sign-in enrol (settings.GONGHUI_2FA_ROLES), for the printed hints."""
    from django.conf import settings

    roles = set(getattr(settings, "GONGHUI_2FA_ROLES", ()) or ())
    if not roles:
        return ""
    names = {"admin": "系统管理员", "chair": "工会主席", "finance": "经费会计", "officer": "工会干事",
             "auditor": "经审委员", "federation_officer": "总工会干部", "group_leader": "工会小组长"}
    who = "、".join(names.get(r, r) for r in sorted(roles, key=list(names).index if roles <= set(names) else str))
    return (f"\n\n{who}须两步验证：用密码登录后，页面会转到“开启两步验证”（/me/2fa/），用手机上的身份验证器"
            f"（如 Microsoft Authenticator、Google 身份验证器）扫码并输入6位验证码；之后在“我的 › 两步验证”管理恢复码。"
            f"\n其他角色和会员只用密码登录。只想看演示、不设置两步验证：GONGHUI_2FA_ROLES= ./scripts/run-demo")


def existing_logins():
    """The demo accounts found in the database (for a second start of ./scripts/run-demo)."""
    from gonghui.accounts.models import User

    wanted = ["admin"] + [u for u, _k, _w in generate.OFFICERS] + [generate.GROUP_LEADER[0]] + \
        [u for u, _c in generate.SELF_SERVICE]
    users = {u.username: u for u in User.objects.filter(username__in=wanted).prefetch_related("roles__org")}
    out = []
    for username in wanted:
        user = users.get(username)
        if user is None:
            continue
        roles = list(user.roles.all())
        if user.is_superuser:
            role, org = "系统管理员", "全部"
        elif roles:
            role, org = roles[0].get_kind_display(), roles[0].org.name
        else:
            role, org = "会员（自助服务）", ""
        out.append(generate.Login(username, user.name, role, org))
    return out


PHASES = {"organisations": "组织", "users": "账号", "members": "会员", "activities": "业务记录"}


class Command(BaseCommand):
    help = "载入演示数据：一个县总工会及其下属工会、干部账号和会员（同一种子得到同样的数据）"

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=generate.DEFAULT_MEMBERS,
                            help=f"会员总数（默认 {generate.DEFAULT_MEMBERS}）")
        parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED, help="随机种子（默认 2026）")
        parser.add_argument("--reset", "--force", action="store_true", dest="reset",
                            help="先清空数据库中的全部数据再载入")
        parser.add_argument("--if-empty", action="store_true",
                            help="数据库已有数据时不载入（只列出演示账号），不报错")

    def handle(self, *args, members, seed, reset, if_empty, **options):
        if members < 100:
            raise CommandError("--members 至少为 100")
        if reset:
            generate.wipe()
        elif not generate.database_is_empty():
            if if_empty:
                self.stdout.write("数据库已有数据，未载入演示数据。")
                logins = existing_logins()
                if logins:
                    self.stdout.write(logins_table(logins, generate.PASSWORD + "（如未修改）"))
                return
            raise CommandError("数据库中已有数据。要清空后重新载入演示数据，请加 --reset（会删除全部数据）。")
        started = time.monotonic()
        bar = self._bar(members, options["verbosity"])
        try:
            summary = generate.load(members=members, seed=seed, progress=bar.update if bar else None)
        finally:
            if bar:
                bar.close()
        seconds = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(
            f"已载入演示数据：{summary.organisations} 个组织（{summary.unions} 个基层工会），"
            f"{summary.members} 名会员，用时 {seconds:.1f} 秒（{connection.vendor}）。"))
        if options["verbosity"] > 1:
            self.stdout.write("；".join(f"{PHASES[k]} {v:.1f} 秒" for k, v in summary.seconds.items()))
        self.stdout.write("")
        self.stdout.write(logins_table(summary.logins, summary.password))

    def _bar(self, total, verbosity):
        if verbosity < 1:
            return None
        from tqdm import tqdm

        return tqdm(total=total, unit="人", desc="写入会员", mininterval=0.5, disable=None)
