"""Demo star ratings: the county federation copies the preset "星级职工之家" scheme for this year and publishes
it; a dozen unions self-assess (computed indicators pre-filled from their recorded data) and submit; the
county reviews most of them (stars by band), returns one for correction and leaves the rest waiting — so the
county officer's inbox has reviews to do. The school stays unsubmitted: its chair's inbox has the deadline."""
import datetime
from decimal import Decimal

from gonghui.core.errors import ActionError
from gonghui.orgs.models import Kind, Organisation

from . import actions
from .models import Assessment


def _try(call, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except ActionError:
        return None


def populate(ctx):
    officer = ctx.users.get("county")
    school = ctx.unions.get("school")
    if officer is None or school is None:
        return
    county = Organisation.objects.filter(path=school.ancestor_paths()[0]).first()
    if county is None:
        return
    rng, today = ctx.rng, ctx.today
    scheme = _try(actions.copy_preset, officer, county, year=today.year, deadline=today + datetime.timedelta(days=20))
    if scheme is None or _try(actions.publish, officer, scheme) is None:
        return
    indicators = list(scheme.indicators.all())
    featured = {u.pk for u in ctx.unions.values()}
    rows = list(Assessment.objects.filter(scheme=scheme).exclude(union=school).select_related("union")
                .order_by("union__path"))
    rows.sort(key=lambda a: (a.union_id not in featured, a.union.path))
    done = []
    for a in rows[:12]:
        quality = rng.choice([Decimal("0.95"), Decimal("0.88"), Decimal("0.8"), Decimal("0.72"), Decimal("0.6")])
        scores, computed = [], actions.figures(a, indicators)
        for ind in indicators:
            if computed.get(ind.pk, (None, None))[1] is not None:
                continue  # pre-filled from the union's data
            share = min(Decimal(1), quality + Decimal(rng.randint(-8, 8)) / 100)
            points = (ind.max_points * share).quantize(Decimal("0.5"))
            scores.append({"indicator": ind.pk, "score": points, "evidence": f"{ind.name}：见年度工作台账"})
        submitted = _try(actions.save_self_assessment, officer, a, scores=scores, submit=True)
        if submitted is not None:
            done.append(submitted)
    for i, a in enumerate(done):
        if i < 7:
            cut = [{"indicator": ind.pk, "score": max(Decimal(0), ind.max_points - rng.choice([0, 0, 1, 2])),
                    "comment": ""} for ind in indicators[:3]]
            _try(actions.review, officer, a, scores=cut, comment="台账齐全，工作扎实")
        elif i == 7:
            _try(actions.return_for_correction, officer, a, reason="“工会干部参加培训”缺少培训记录，请补充佐证材料")
