"""What the ops commands share: a refusal is one Chinese line on stderr and exit status 2."""
import sys

from django.core.management.base import BaseCommand
from django.db import DatabaseError
from django.utils.translation import gettext as _

from gonghui.core.crypto import KeyProblem

from .errors import OpsProblem


class OpsCommand(BaseCommand):
    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except (OpsProblem, KeyProblem) as exc:
            self.refuse(str(exc))
        except DatabaseError as exc:
            self.refuse(_("数据库出错（%(error)s），未完成") % {"error": str(exc).strip().splitlines()[0][:200]
                                                        if str(exc).strip() else type(exc).__name__})

    def refuse(self, message):
        self.stderr.write(_("错误：%(problem)s") % {"problem": message})
        sys.exit(2)
