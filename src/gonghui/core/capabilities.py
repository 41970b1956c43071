"""What each role may do. Scope (which organisations) comes from where the role is held;
this table says which capabilities the role carries there.

It lives in the base (``core``), which imports nothing above it: the roles are named by the values of
``accounts.models.RoleKind`` (a test holds the two together), not by importing the enum."""


class R:
    """The role kinds' stored values (``accounts.models.RoleKind``)."""
    FEDERATION_OFFICER = "federation_officer"
    CHAIR = "chair"
    OFFICER = "officer"
    FINANCE = "finance"
    AUDITOR = "auditor"
    GROUP_LEADER = "group_leader"


VIEW = "view"                  # see organisations and members (personal data masked)
EDIT_MEMBERS = "edit_members"  # create, edit, import, transfer, retire, terminate, delete, restore
MANAGE_ORGS = "manage_orgs"    # create, edit, move, delete organisations below
SEE_PII = "see_pii"            # ID number and mobile phone in clear, on screen and in exports
SEE_WAGE = "see_wage"          # wage base for dues
VIEW_AUDIT = "view_audit"      # audit pages
MANAGE_ROLES = "manage_roles"  # grant and revoke roles below
VIEW_FINANCE = "view_finance"  # read the books, dues rolls, budgets, statements
KEEP_BOOKS = "keep_books"      # prepare and post vouchers, run dues rolls, import payroll batches, record funds
APPROVE_SPENDING = "approve_spending"  # approve vouchers and budgets, override a spending rule with a reason
AUDIT_BOOKS = "audit_books"    # 经审: review periods, record findings, sign periods off
RUN_EVENTS = "run_events"      # set up activities and competitions, sign members up, check in, score, award
CARE = "care"                  # visits, condolences, greetings, mutual aid, health checks, hardship files
SEE_HARDSHIP = "see_hardship"  # hardship details (household, income, cause, plan) in clear
RUN_CONGRESS = "run_congress"  # workers'/teachers' congress: sessions, delegates, proposals, votes, evaluations
RUN_ELECTIONS = "run_elections"  # union elections (换届选举) and terms
PUBLISH_NOTICES = "publish_notices"  # 厂务/校务公开 notices and the disclosure calendar
MANAGE_PLANS = "manage_plans"  # work plans, targets, summaries, reports upward
RIGHTS = "rights"              # 维权: collective bargaining and contracts, members' requests, legal aid
MEDIATE = "mediate"            # labour-dispute mediation and labour-law supervision: committees, cases and their details
WOMEN = "women"                # 女职工: the women workers' committee, maternity records (in clear), nursing rooms
SAFETY = "safety"              # 群众安全生产监督: hazard reports (triage, rectification, verification), monitors, 安康杯
SUGGESTIONS = "suggestions"    # 合理化建议: evaluate and grade, decide, implementation, benefit, rewards, 3510 targets
FEDERATION = "federation"      # the federation's employer registry, unionisation settings, founding unions from it
RATE = "rate"                  # star ratings (星级职工之家): the federation defines schemes and reviews; unions self-assess

CAPABILITIES = {
    R.FEDERATION_OFFICER: {VIEW, MANAGE_ORGS, VIEW_AUDIT, MANAGE_ROLES, VIEW_FINANCE, RUN_ELECTIONS, RIGHTS, SAFETY,
                           FEDERATION, RATE},
    R.CHAIR: {VIEW, EDIT_MEMBERS, MANAGE_ORGS, SEE_PII, SEE_WAGE, VIEW_AUDIT, MANAGE_ROLES, VIEW_FINANCE,
              APPROVE_SPENDING, RUN_EVENTS, CARE, SEE_HARDSHIP, RUN_CONGRESS, RUN_ELECTIONS, PUBLISH_NOTICES,
              MANAGE_PLANS, RIGHTS, MEDIATE, WOMEN, SAFETY, SUGGESTIONS, RATE},
    R.OFFICER: {VIEW, EDIT_MEMBERS, MANAGE_ORGS, SEE_PII, RUN_EVENTS, CARE, SEE_HARDSHIP, RUN_CONGRESS,
                RUN_ELECTIONS, PUBLISH_NOTICES, MANAGE_PLANS, RIGHTS, MEDIATE, WOMEN, SAFETY, SUGGESTIONS, RATE},
    R.FINANCE: {VIEW, SEE_WAGE, VIEW_FINANCE, KEEP_BOOKS},
    R.AUDITOR: {VIEW, VIEW_AUDIT, SEE_WAGE, VIEW_FINANCE, AUDIT_BOOKS},
    R.GROUP_LEADER: {VIEW},
}

ALL = {VIEW, EDIT_MEMBERS, MANAGE_ORGS, SEE_PII, SEE_WAGE, VIEW_AUDIT, MANAGE_ROLES, VIEW_FINANCE, KEEP_BOOKS,
       APPROVE_SPENDING, AUDIT_BOOKS, RUN_EVENTS, CARE, SEE_HARDSHIP, RUN_CONGRESS, RUN_ELECTIONS, PUBLISH_NOTICES,
       MANAGE_PLANS, RIGHTS, MEDIATE, WOMEN, SAFETY, SUGGESTIONS, FEDERATION, RATE}


def kinds_with(capability):
    return [kind for kind, caps in CAPABILITIES.items() if capability in caps]


# Who may enter an expense (and the draft voucher it becomes): the finance officer, and the officers who
# spend on members' behalf — care visits and greetings, activity prizes. The voucher is then reviewed and
# approved by other people, as the ledger requires.
RECORD_EXPENSES = (KEEP_BOOKS, CARE, RUN_EVENTS)

# Who may record a member's wage base for dues: the officers who edit members, and the finance officer
# (payroll is where the base comes from). Any other field of a member needs EDIT_MEMBERS.
RECORD_WAGES = (EDIT_MEMBERS, KEEP_BOOKS)
