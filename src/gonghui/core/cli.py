"""What every management command needs: who runs it (``--user``), on which organisation (``--org``),
and a progress bar on the terminal.

Without ``--user`` a command runs as the first active superuser, or as the system itself (``None``:
audit entries without an actor) when there is none. Unknown names stop the command with a Chinese
``CommandError``.
"""
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _


def resolve_actor(username):
    """The active user named ``username``; without a name the first active superuser, or ``None``."""
    users = get_user_model().objects.filter(is_active=True)
    if username:
        user = users.filter(username=username).first()
        if user is None:
            raise CommandError(_("找不到用户“{username}”").format(username=username))
        return user
    return users.filter(is_superuser=True).order_by("pk").first()


def resolve_org(code):
    """The organisation whose code is ``code``."""
    org = apps.get_model("orgs", "Organisation").objects.filter(code=code).first()
    if org is None:
        raise CommandError(_("找不到组织代码“{code}”（gonghui orgs 列出所有组织）").format(code=code))
    return org


class ProgressBar:
    """The ``progress(done, total, phase)`` callback drawn as one tqdm bar per phase; ``close()`` it
    when the work ends (``for_command`` draws it on the command's stderr)."""

    def __init__(self, stream, unit="行"):
        self.stream, self.unit, self.bar, self.phase = stream, unit, None, None

    @classmethod
    def for_command(cls, command, **kwargs):
        """A bar on ``command.stderr`` (the stream itself, not Django's style wrapper)."""
        return cls(getattr(command.stderr, "_out", command.stderr), **kwargs)

    def __call__(self, done, total=None, phase=None):
        from tqdm import tqdm

        if phase is not None and phase != self.phase:
            self.close()
            self.phase = phase
            self.bar = tqdm(total=total, desc=phase, unit=self.unit, file=self.stream, leave=True,
                            mininterval=0.2, dynamic_ncols=True)
        if self.bar is None:
            return
        if total is not None and self.bar.total != total:
            self.bar.total = total
        self.bar.update(done - self.bar.n)

    def close(self):
        if self.bar is not None:
            self.bar.close()
            self.bar = None
