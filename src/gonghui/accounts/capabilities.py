"""What each role may do. Scope (which organisations) comes from where the role is held;
this table says which capabilities the role carries there."""
from .models import RoleKind as R

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

CAPABILITIES = {
    R.FEDERATION_OFFICER: {VIEW, MANAGE_ORGS, VIEW_AUDIT, MANAGE_ROLES, VIEW_FINANCE},
    R.CHAIR: {VIEW, EDIT_MEMBERS, MANAGE_ORGS, SEE_PII, SEE_WAGE, VIEW_AUDIT, MANAGE_ROLES, VIEW_FINANCE,
              APPROVE_SPENDING},
    R.OFFICER: {VIEW, EDIT_MEMBERS, MANAGE_ORGS, SEE_PII},
    R.FINANCE: {VIEW, SEE_WAGE, VIEW_FINANCE, KEEP_BOOKS},
    R.AUDITOR: {VIEW, VIEW_AUDIT, SEE_WAGE, VIEW_FINANCE, AUDIT_BOOKS},
    R.GROUP_LEADER: {VIEW},
}

ALL = {VIEW, EDIT_MEMBERS, MANAGE_ORGS, SEE_PII, SEE_WAGE, VIEW_AUDIT, MANAGE_ROLES, VIEW_FINANCE, KEEP_BOOKS,
       APPROVE_SPENDING, AUDIT_BOOKS}


def kinds_with(capability):
    return [kind for kind, caps in CAPABILITIES.items() if capability in caps]
