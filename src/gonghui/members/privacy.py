"""What of a member's personal data a user may see in clear; everything else is masked.

Pages and API answers show the ID number and phone masked by default, even to roles that may see them
(``masked_by_default=True``), except to the member themself; such a role reveals one member at a time with ``actions.reveal_pii``,
a POST that is audited. Exports, the edit form and a member's own profile keep the old rule.
"""
from gonghui.core.capabilities import SEE_PII, SEE_WAGE
from gonghui.core import crypto, scope


def can_see_pii(user, member):
    return scope.can(user, SEE_PII, member.org) or (member.user_id is not None and member.user_id == user.pk)


def can_see_wage(user, member):
    return scope.can(user, SEE_WAGE, member.org) or (member.user_id is not None and member.user_id == user.pk)


def shown(user, member, *, masked_by_default=False):
    """The member's ID number, phone and wage base as this user may see them.

    With ``masked_by_default`` the ID number and phone are masked for everyone but the member themself;
    ``can_reveal`` then says whether this user may reveal them (``actions.reveal_pii``).
    """
    may_see = can_see_pii(user, member)
    own = member.user_id is not None and member.user_id == user.pk  # one's own record is never hidden from one
    pii, wage = may_see and (own or not masked_by_default), can_see_wage(user, member)
    return {
        "id_number": member.id_number if pii else crypto.mask_id_number(member.id_number),
        "phone": member.phone if pii else crypto.mask_phone(member.phone),
        "wage_base": member.wage_base if wage else crypto.mask_money(member.wage_base),
        # Dues are 0.5% of the wage: showing them would give the wage away.
        "dues_monthly": member.dues_monthly if wage else crypto.mask_money(member.dues_monthly),
        "pii_masked": not pii,
        "wage_masked": not wage,
        "can_reveal": may_see and not pii,
    }
