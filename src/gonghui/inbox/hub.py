"""The member's service hub (服务大厅): big buttons for what a member can do, with badges from the inbox."""
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Tile:
    key: str        # the badge key member sources name in ``extra={"hub": key}``
    label: str
    url_name: str
    icon: str       # one symbol, drawn large (not a Chinese character: the page is translated)


TILES = (
    Tile("votes", _("表决"), "congress:my", "✓"),
    Tile("elections", _("选举"), "elections:mine", "☑"),
    Tile("signups", _("活动报名"), "activities:mine", "✚"),
    Tile("notices", _("公开事项"), "notices:mine", "✉"),
    Tile("dues", _("我的会费"), "dues:mine", "¥"),
    Tile("claims", _("互助保障"), "mutualaid:mine", "☂"),
    Tile("care", _("关怀"), "care:my", "♥"),
    Tile("contests", _("比赛成绩"), "contests:my", "★"),
    Tile("requests", _("提案与申请"), "congress:my", "✎"),
    Tile("profile", _("我的会员卡"), "accounts:me", "☺"),
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
