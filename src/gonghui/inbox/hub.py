"""The member's service hub (服务大厅): big buttons for what a member can do, with badges from the inbox."""
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Tile:
    key: str        # the badge key member sources name in ``extra={"hub": key}``
    label: str
    url_name: str
    icon: str       # one character, drawn large


TILES = (
    Tile("votes", _("表决"), "congress:my", "票"),
    Tile("elections", _("选举"), "elections:mine", "选"),
    Tile("signups", _("活动报名"), "activities:mine", "报"),
    Tile("notices", _("公开事项"), "notices:mine", "公"),
    Tile("dues", _("我的会费"), "dues:mine", "费"),
    Tile("claims", _("互助保障"), "mutualaid:mine", "助"),
    Tile("care", _("关怀"), "care:my", "暖"),
    Tile("contests", _("比赛成绩"), "contests:my", "赛"),
    Tile("requests", _("提案与申请"), "congress:my", "议"),
    Tile("profile", _("我的会员卡"), "accounts:me", "我"),
)


def tiles(sections):
    """[(tile, url, badge)] with the count of the member sources that point at each tile."""
    badges = {}
    for section in sections:
        key = section.source.extra.get("hub")
        if key:
            badges[key] = badges.get(key, 0) + section.count
    out = []
    for tile in TILES:
        try:
            url = reverse(tile.url_name)
        except NoReverseMatch:
            continue
        out.append((tile, url, badges.get(tile.key, 0)))
    return out
