"""Democratic evaluation (民主评议) of the union's leaders: secret ballots through ``core.ballots``, on the
phone or typed in from paper by the tellers."""
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gonghui.core.capabilities import RUN_CONGRESS
from gonghui.core import audit
from gonghui.core import ballots as secret
from gonghui.core.errors import ActionError
from gonghui.core.i18n import words
from gonghui.core.scope import require

from ..models import EVALUATION_BALLOTS, Attendance, EvaluationRound, Grade, Leader, Session
from ..queries import attendance_counts, settings_for
from ._common import _require_quorum, _required, _self_delegate

def create_evaluation(actor, session, *, title, leaders):
    """``leaders``: (member or None, name, post) triples; a member's name is taken from the roster."""
    require(actor, RUN_CONGRESS, session.union)
    title = _required(title, "title")
    rows = []
    for i, (member, name, post) in enumerate(leaders, start=1):
        name = member.name if member else (name or "").strip()
        if member is not None and member.union_id != session.union_id:
            raise ActionError(_("第%(i)s位被评议人不是本工会会员") % {"i": i}, field="leaders")
        if not name or not (post or "").strip():
            raise ActionError(_("第%(i)s位被评议人应写明姓名和职务") % {"i": i}, field="leaders")
        rows.append((member, name[:50], post.strip()[:60]))
    if not rows:
        raise ActionError(_("至少列出一位被评议人"), field="leaders")
    with transaction.atomic():
        rnd = EvaluationRound.objects.create(union=session.union, session=session, title=title[:120],
                                             unfit_flag=settings_for(session.union).unfit_flag)
        Leader.objects.bulk_create([Leader(round=rnd, member=m, name=n, post=p) for m, n, p in rows])
        audit.record(actor, "create", rnd, org=session.union, after={"title": rnd.title},
                     note=words(_("%(name)s（%(note)s）") % {"name": n, "note": p} for _m, n, p in rows))
    return rnd


def open_evaluation(actor, rnd):
    require(actor, RUN_CONGRESS, rnd.union)
    with transaction.atomic():
        secret.lock(EVALUATION_BALLOTS, rnd)
        if rnd.status != EvaluationRound.Status.DRAFT:
            raise ActionError(_("该评议已开始过"), field="status")
        if rnd.session.status != Session.Status.OPEN:
            raise ActionError(_("会议未在进行中"), field="status")
        _require_quorum(rnd.session)
        rnd.status = EvaluationRound.Status.OPEN
        rnd.save(update_fields=["status"])
        audit.record(actor, "open", rnd, org=rnd.union, before={"status": "draft"}, after={"status": "open"})
    return rnd


def _check_grades(rnd, grades):
    leader_ids = set(rnd.leaders.values_list("id", flat=True))
    clean = {}
    for key, grade in (grades or {}).items():
        try:
            lid = int(key)
        except (TypeError, ValueError):
            raise ActionError(_("被评议人无效"), field="grades") from None
        if lid not in leader_ids:
            raise ActionError(_("被评议人无效"), field="grades")
        if grade not in Grade.values:
            raise ActionError(_("等次应为优秀、称职、基本称职或不称职"), field="grades")
        clean[str(lid)] = grade
    if set(map(int, clean)) != leader_ids:
        raise ActionError(_("请对每一位被评议人选择等次"), field="grades")
    return clean


def cast_evaluation(actor, rnd, grades):
    """The delegate's own evaluation ballot, secret and at most once."""
    delegate = _self_delegate(actor, rnd.session.term)
    try:
        with transaction.atomic():
            locked = secret.lock(EVALUATION_BALLOTS, rnd)
            if not Attendance.objects.filter(session=locked.session, delegate=delegate).exists():
                raise ActionError(_("请先签到再评议"), field="grades")
            clean = _check_grades(locked, grades)
            if locked.status != EvaluationRound.Status.OPEN:
                raise ActionError(_("该评议不在进行中"), field="grades")
            return secret.cast(EVALUATION_BALLOTS, locked, delegate, {"grades": clean, "paper": False})
    except IntegrityError:
        raise ActionError(_("您已提交评议票，不能重复评议"), field="grades") from None


def record_paper_evaluation(actor, rnd, grades):
    """One paper evaluation ballot typed in by the tellers (audited; the ballot stays anonymous)."""
    require(actor, RUN_CONGRESS, rnd.union)
    clean = _check_grades(rnd, grades)
    with transaction.atomic():
        locked = secret.lock(EVALUATION_BALLOTS, rnd)
        if locked.status != EvaluationRound.Status.OPEN:
            raise ActionError(_("该评议不在进行中"), field="grades")
        total, present = attendance_counts(locked.session)
        if locked.ballots.count() >= present:
            raise ActionError(_("评议票已达到实到代表人数%(n)s，不能再录入") % {"n": present}, field="grades")
        ballot = secret.append(EVALUATION_BALLOTS, locked, [{"grades": clean, "paper": True}])[0]
        # no place in the chain: it changes when the round is sealed
        audit.record(actor, "paper_ballot", locked, org=locked.union, note=_("纸质评议票"))
    return ballot


def close_evaluation(actor, rnd):
    require(actor, RUN_CONGRESS, rnd.union)
    with transaction.atomic():
        locked = secret.lock(EVALUATION_BALLOTS, rnd)
        if locked.status != EvaluationRound.Status.OPEN:
            raise ActionError(_("该评议不在进行中"), field="status")
        sealed = secret.seal(EVALUATION_BALLOTS, locked)
        locked.status, locked.chain_head = EvaluationRound.Status.CLOSED, sealed.head
        locked.save(update_fields=["status", "chain_head"])
        audit.record(actor, "close", locked, org=locked.union, before={"status": "open"},
                     after={"status": "closed", "chain_head": locked.chain_head},
                     note=_("评议票%(n)s张") % {"n": len(sealed.ballots)})
    return locked
