"""Demo honours through ``honours.actions``: at the school and the factory, last year's 先进个人 (committee
scores, an objection answered, the final list with certificates) and 先进集体 (a secret paper-ballot vote over
the branches and groups); this year's 优秀会员 in its public notice, ending soon, with an objection waiting for an
answer; and this year's 巾帼建功标兵 taking nominations — so the inbox has an item of each kind. One member is
under a sanction, so a nomination of them is refused."""
import datetime

from gonghui.core import periods
from gonghui.core.errors import ActionError
from gonghui.members.models import Member, Status
from gonghui.orgs.models import Kind, Organisation

from . import actions
from .models import HonourKind, Method

DEEDS = ["爱岗敬业，全年无差错，带教新职工三名", "积极参加工会活动，热心服务会员", "技术革新一项，年节约成本十余万元",
         "连续三年考核优秀，群众基础好", "扎根一线，主动承担急难险重任务"]


def _try(call, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except ActionError:
        return None


def populate(ctx):
    for key in ("school", "factory"):
        union, officer = ctx.unions.get(key), ctx.users.get(f"{key}_officer")
        if union is not None and officer is not None:
            _union(ctx, union, officer)


def _kind(code):
    return HonourKind.objects.filter(owner__isnull=True, code=code).first()


def _union(ctx, union, officer):
    rng, today = ctx.rng, ctx.today
    members = list(Member.objects.filter(union=union, status=Status.ACTIVE).select_related("org").order_by("pk")[:300])
    if len(members) < 4:
        return
    eligible = members[:-1]                  # the last one is under a sanction
    last = today.year - 1
    _try(actions.record_sanction, officer, members[-1], starts_on=today - datetime.timedelta(days=90),
         ends_on=today + datetime.timedelta(days=275), reason="违反劳动纪律，警告处分")
    evaluators = members[:3]
    # last year's 先进个人: scored, noticed, an objection dismissed, final
    rnd = _try(actions.open_round, officer, union, kind=_kind("advanced_individual"), year=last, quota=3)
    if rnd is not None:
        day = datetime.date(last, 12, 1)
        for m in eligible[-6:]:
            _try(actions.nominate, officer, rnd, by="union", member=m, deeds=rng.choice(DEEDS), nominated_on=day)
        actions.set_evaluators(officer, rnd, evaluators)
        actions.start_selection(officer, rnd)
        candidates = list(rnd.nominations.filter(state="nominated").order_by("id"))
        for e in rnd.evaluators.all():
            actions.record_scores(officer, rnd, e, {n.pk: str(rng.randint(70, 98)) for n in candidates})
        _try(actions.publish_shortlist, officer, rnd, posted_on=day + datetime.timedelta(days=10)) or \
            actions.publish_shortlist(officer, rnd, posted_on=day + datetime.timedelta(days=10),
                                      chosen=[n.pk for n in candidates[:3]])
        rnd.refresh_from_db()
        first = rnd.nominations.filter(state="shortlisted").order_by("rank").first()
        objection = actions.file_objection(officer, first, text_value="反映该同志年内曾有迟到现象",
                                           received_on=rnd.posted_on + datetime.timedelta(days=1))
        actions.answer_objection(officer, objection, upheld=False, answer="经核实，考勤记录正常，异议不成立",
                                 answered_on=rnd.posted_on + datetime.timedelta(days=3))
        actions.finalise(officer, rnd, final_on=rnd.notice_ends + datetime.timedelta(days=1))
    # last year's 先进集体: a paper-ballot vote over the branches and groups
    units = list(Organisation.objects.filter(path__startswith=union.path, kind__in=[Kind.BRANCH, Kind.GROUP])
                 .order_by("path")[:4])
    rnd = _try(actions.open_round, officer, union, kind=_kind("advanced_collective"), year=last, quota=2,
               method=Method.VOTE)
    if rnd is not None and len(units) >= 2:
        for unit in units:
            _try(actions.nominate, officer, rnd, by="union", nominee_org=unit, nominated_on=datetime.date(last, 12, 1))
        actions.set_evaluators(officer, rnd, members[:5])
        voters = list(rnd.evaluators.all())
        actions.start_selection(officer, rnd)
        ids = list(rnd.nominations.filter(state="nominated").order_by("id").values_list("pk", flat=True))
        ballots = [ids[:2], ids[:2], ids[:1] + ids[2:3], ids[1:3], ids[:2]]
        actions.enter_paper_ballots(officer, rnd, evaluators=voters, ballots=ballots[:len(voters)])
        actions.publish_shortlist(officer, rnd, posted_on=datetime.date(last, 12, 15))
        rnd.refresh_from_db()
        actions.finalise(officer, rnd, final_on=rnd.notice_ends + datetime.timedelta(days=1))
    # this year's 优秀会员: in its public notice, ending within days, one objection to answer
    rnd = _try(actions.open_round, officer, union, kind=_kind("excellent_member"), year=today.year, quota=3)
    if rnd is not None:
        posted = today - datetime.timedelta(days=14)   # the earliest posting whose notice has not ended
        while periods.add_working_days(posted, rnd.notice_days).day < today:
            posted += datetime.timedelta(days=1)
        for m in eligible[:5]:
            _try(actions.nominate, officer, rnd, by="union", member=m, deeds=rng.choice(DEEDS),
                 nominated_on=posted - datetime.timedelta(days=20))
        actions.set_evaluators(officer, rnd, evaluators)
        actions.start_selection(officer, rnd)
        candidates = list(rnd.nominations.filter(state="nominated").order_by("id"))
        for i, e in enumerate(rnd.evaluators.all()):
            actions.record_scores(officer, rnd, e, {n.pk: str(95 - 3 * j - i) for j, n in enumerate(candidates)})
        actions.publish_shortlist(officer, rnd, posted_on=posted)
        first = rnd.nominations.filter(state="shortlisted").order_by("rank").first()
        _try(actions.file_objection, officer, first, text_value="认为推荐过程未在小组内充分讨论", received_on=today)
    # this year's 巾帼建功标兵: taking nominations
    rnd = _try(actions.open_round, officer, union, kind=_kind("women_pacesetter"), year=today.year, quota=2)
    if rnd is not None:
        women = [m for m in eligible if m.sex == "F"][:3]
        for m in women:
            _try(actions.nominate, officer, rnd, by="union", member=m, deeds=rng.choice(DEEDS))
