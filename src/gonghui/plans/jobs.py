"""Plans work that runs in the job worker (``core.jobs``/``core.exports``): the report upward, whose rows are
every grassroots union under an organisation — a county federation's report spans the whole county."""
from django.utils.translation import gettext as _

from gonghui.core import exports
from gonghui.core.capabilities import VIEW
from gonghui.orgs.models import Organisation

from . import upward

REPORT = "plans_report"
YEARS = range(2000, 2101)


def report_title(org, year):
    return _("%(org)s%(year)s年上报统计表") % {"org": org.name, "year": year}


def start_report(user, org, year):
    """Queue the report upward of ``org`` (already checked to be in the user's scope) for ``year``."""
    return exports.start(REPORT, user=user, org=org, params={"year": year}, title=report_title(org, year))


@exports.document(REPORT)
def build_report(user, org, params, progress):
    try:
        year = int(params.get("year"))
    except (TypeError, ValueError):
        raise exports.Refused(_("年度应在2000至2100之间")) from None
    if year not in YEARS:
        raise exports.Refused(_("年度应在2000至2100之间"))
    if org is None or (user is not None and not Organisation.objects.visible_to(user, VIEW).filter(pk=org.pk).exists()):
        raise exports.Refused(_("组织不存在或不在您的权限范围内"))
    return upward.workbook(org, year, progress=progress), f"report-{org.code}-{year}.xlsx"
