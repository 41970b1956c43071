"""Demo elections: every union's term on record (some ending soon, some overdue), the school's
completed re-election (committee by a delegates' assembly, then the chair), the factory's committee
election open for voting (the "worker" login can vote on the phone), and the agency's in nomination.
Everything goes through ``elections.actions``."""
import datetime

from gonghui.members.models import Member
from gonghui.orgs.models import Kind as OrgKind
from gonghui.orgs.models import Organisation

from . import actions
from .models import Body

ROLL = ["active", "transferring"]


def _terms(ctx, chair_of):
    rng = ctx.rng
    for union in Organisation.objects.filter(kind=OrgKind.GRASSROOTS).order_by("path"):
        actor = chair_of.get(union.pk, ctx.admin)
        years = 5 if rng.random() < 0.8 else 3
        elected = ctx.today - datetime.timedelta(days=rng.randint(years * 365 - 400, years * 365 + 120))
        actions.record_term(actor, union, body=Body.COMMITTEE, elected_on=elected, years=years,
                            note="历史任期（补录）")


def _vote(ctx, chair, rnd, voters, weights):
    """Issue paper ballots to ``voters`` and enter one ballot each, marks drawn by ``weights``."""
    actions.issue_paper_ballots(chair, rnd, voters)
    cands = list(rnd.candidate_ids)
    for _ in voters:
        marks = [c for c, w in zip(cands, weights) if ctx.rng.random() < w][:rnd.seats]
        actions.enter_paper_ballot(chair, rnd, marks=marks)


def _school(ctx, county):
    school, chair = ctx.unions["school"], ctx.users["school_chair"]
    members = list(Member.objects.filter(union=school, status__in=ROLL).order_by("pk"))
    election = actions.create_election(chair, school, kind="committee", seats=9, assembly="delegates",
                                       title=f"{school.name}第五届委员会委员选举", term_years=5)
    for m in members[:10]:
        actions.nominate(chair, election, m, nominated_by=ctx.rng.choice(["教研组推荐", "十名会员联名", "上届委员会提名"]))
    actions.set_delegates(chair, election, members[:min(60, len(members))])
    actions.approve_candidates(county, election)
    rnd = actions.open_voting(chair, election)
    voters = members[:rnd.entitled - rnd.entitled // 12]
    actions.open_round(chair, rnd, present=len(voters))
    _vote(ctx, chair, rnd, voters, [0.95, 0.92, 0.9, 0.88, 0.86, 0.85, 0.83, 0.8, 0.78, 0.3])
    actions.close_round(chair, rnd)
    election.refresh_from_db()
    if election.awaiting_decision:
        actions.decide_shortfall(chair, election, further_round=False)
    actions.approve_results(county, election)
    actions.publish_results(chair, election)
    elected = list(election.candidates.filter(elected=True).order_by("-votes", "pk"))
    chair_vote = actions.create_election(chair, school, kind="chair", seats=1, committee_election=election,
                                         title=f"{school.name}第五届委员会主席选举", term_years=5)
    actions.nominate(chair, chair_vote, elected[0].member, nominated_by="新一届委员会提名")
    actions.approve_candidates(county, chair_vote)
    rnd = actions.open_voting(chair, chair_vote)
    committee = [c.member for c in elected]
    actions.open_round(chair, rnd, present=len(committee))
    _vote(ctx, chair, rnd, committee, [0.95])
    actions.close_round(chair, rnd)
    chair_vote.refresh_from_db()
    if chair_vote.awaiting_decision:
        actions.decide_shortfall(chair, chair_vote, further_round=False)
    actions.approve_results(county, chair_vote)
    actions.publish_results(chair, chair_vote)


def _factory(ctx, county):
    factory, chair = ctx.unions["factory"], ctx.users["factory_chair"]
    members = list(Member.objects.filter(union=factory, status__in=ROLL).order_by("pk"))
    worker = Member.objects.filter(user=ctx.users.get("worker"), union=factory).first() if ctx.users.get("worker") \
        else None
    election = actions.create_election(chair, factory, kind="committee", seats=7, assembly="delegates",
                                       title=f"{factory.name}第四届委员会委员选举", term_years=5)
    for m in members[:8]:
        actions.nominate(chair, election, m, nominated_by="车间工会小组推荐")
    delegates = members[:50] + ([worker] if worker and worker not in members[:50] else [])
    actions.set_delegates(chair, election, delegates)
    actions.approve_candidates(county, election)
    rnd = actions.open_voting(chair, election)
    actions.open_round(chair, rnd, present=rnd.entitled - 3)
    paper = [m for m in delegates if m != worker][:20]
    _vote(ctx, chair, rnd, paper, [0.9, 0.85, 0.8, 0.8, 0.75, 0.7, 0.7, 0.4])


def _agency(ctx):
    agency = ctx.unions.get("agency")
    if agency is None:
        return
    actor = ctx.admin
    members = list(Member.objects.filter(union=agency, status__in=ROLL).order_by("pk")[:6])
    election = actions.create_election(actor, agency, kind="committee", seats=5, title=f"{agency.name}换届选举")
    for m in members[:6]:
        actions.nominate(actor, election, m, nominated_by="党组织推荐")


def populate(ctx):
    county = ctx.users["county"]
    chair_of = {ctx.unions["school"].pk: ctx.users["school_chair"], ctx.unions["factory"].pk: ctx.users["factory_chair"]}
    _terms(ctx, chair_of)
    _school(ctx, county)
    _factory(ctx, county)
    _agency(ctx)
