"""What of a member's personal data a user may see in clear; everything else is masked."""
from gonghui.accounts.capabilities import SEE_PII, SEE_WAGE
from gonghui.core import crypto, scope


def can_see_pii(user, member):
    return scope.can(user, SEE_PII, member.org) or (member.user_id is not None and member.user_id == user.pk)


def can_see_wage(user, member):
    return scope.can(user, SEE_WAGE, member.org) or (member.user_id is not None and member.user_id == user.pk)


def shown(user, member):
    """The member's ID number, phone and wage base as this user may see them."""
    pii, wage = can_see_pii(user, member), can_see_wage(user, member)
    return {
        "id_number": member.id_number if pii else crypto.mask_id_number(member.id_number),
        "phone": member.phone if pii else crypto.mask_phone(member.phone),
        "wage_base": member.wage_base if wage else crypto.mask_money(member.wage_base),
        # Dues are 0.5% of the wage: showing them would give the wage away.
        "dues_monthly": member.dues_monthly if wage else crypto.mask_money(member.dues_monthly),
        "pii_masked": not pii,
        "wage_masked": not wage,
    }
