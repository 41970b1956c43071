"""People who log in, and the roles they hold in organisations."""
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice


class User(AbstractUser):
    name = models.CharField(_("姓名"), max_length=50, blank=True)
    must_change_password = models.BooleanField(_("首次登录须修改密码"), default=False)

    class Meta:
        verbose_name = verbose_name_plural = _("用户")

    def __str__(self):
        return self.name or self.username

    def save(self, *args, **kwargs):
        # A new password (web, API, `gonghui changepassword`, an admin reset) ends the user's API tokens:
        # a token must not outlive the password it was issued against. A hash upgrade at sign-in does not
        # count (Django clears ``_password`` before that save).
        changed = self._password is not None and not self._state.adding
        super().save(*args, **kwargs)
        if changed:
            from rest_framework.authtoken.models import Token

            Token.objects.filter(user=self).delete()


class RoleKind(models.TextChoices):
    FEDERATION_OFFICER = "federation_officer", "总工会干部"
    CHAIR = "chair", "工会主席"
    OFFICER = "officer", "工会干事"
    FINANCE = "finance", "经费会计"
    AUDITOR = "auditor", "经审委员"
    GROUP_LEADER = "group_leader", "工会小组长"


class Role(models.Model):
    """A user's role in one organisation; it reaches that organisation's whole subtree."""

    user = models.ForeignKey(User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="roles")
    org = models.ForeignKey("orgs.Organisation", verbose_name=_("组织"), on_delete=models.PROTECT, related_name="roles")
    kind = models.CharField(_("角色"), max_length=24, choices=RoleKind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = _("角色")
        constraints = [models.UniqueConstraint(fields=["user", "org", "kind"], name="role_unique")]

    def __str__(self):
        return f"{self.user} · {self.org} · {self.get_kind_display()}"


class RecoveryDevice(Device):
    """The one-time recovery codes of a user's two-factor sign-in (``accounts.twofactor``), as a django-otp device
    so that a code used at sign-in verifies the session like the authenticator app. Codes are kept hashed only."""

    class Meta:
        verbose_name = verbose_name_plural = _("恢复码")

    def verify_token(self, token):
        from . import twofactor

        return twofactor.use_recovery_code(self, token)


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryDevice, on_delete=models.CASCADE, related_name="codes")
    lookup = models.CharField(max_length=4)          # the code's first characters, to pick the one hash to check
    digest = models.CharField(max_length=200)        # scrypt$salt$hash of the whole code
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["device", "lookup"], name="recovery_code_lookup")]


class Authenticator(TOTPDevice):
    """A user's authenticator app (TOTP), its secret encrypted at rest with the personal-data key.

    django-otp keeps ``TOTPDevice.key`` as clear hex; every device of the product is made and read through
    this proxy instead, whose ``key`` column holds ``crypto.encrypt(base64(secret))`` (20 random bytes: 79
    characters, within the column's 80). Every row is ciphertext (migration 0003 encrypted those made before),
    so nothing is guessed from the text; ``gonghui rotate-key`` re-encrypts the column with the others
    (``core.keys.ENCRYPTED_ELSEWHERE``)."""

    SECRET_BYTES = 20

    class Meta:
        proxy = True
        verbose_name = verbose_name_plural = _("身份验证器")

    @staticmethod
    def seal(secret: bytes) -> str:
        import base64

        from gonghui.core import crypto

        return crypto.encrypt(base64.b64encode(secret).decode())

    @classmethod
    def make(cls, user, name):
        import os

        return cls.objects.create(user=user, name=name, confirmed=False, key=cls.seal(os.urandom(cls.SECRET_BYTES)))

    @property
    def bin_key(self):
        import base64

        from gonghui.core import crypto

        return base64.b64decode(crypto.decrypt(self.key))
