"""The preset scheme a federation can copy: "星级职工之家" — five areas, twenty indicators worth 100 points,
five of them computed from recorded data through ``core.metrics``, and the usual bands (≥ 90 five stars …).

Each indicator: (area, name, max points, weight, metric code, threshold).
"""
from decimal import Decimal as D

NAME = "星级职工之家"

INDICATORS = [
    ("组织建设", "依法建立工会组织，按期换届", D(6), D(1), "", None),
    ("组织建设", "召开职代会（教代会）", D(6), D(1), "congress.sessions_held", D(1)),
    ("组织建设", "职工入会率达到90%以上", D(5), D(1), "members.rate_of_membership", D(90)),
    ("组织建设", "会员会籍管理规范", D(3), D(1), "", None),
    ("干部队伍", "工会主席按规定配备，素质过硬", D(6), D(1), "", None),
    ("干部队伍", "工会干部参加培训", D(5), D(1), "", None),
    ("干部队伍", "工会委员会分工明确、作用发挥好", D(4), D(1), "", None),
    ("工作开展", "开展文体活动和劳动竞赛", D(6), D(1), "", None),
    ("工作开展", "开展送温暖和困难职工帮扶", D(6), D(1), "", None),
    ("工作开展", "推行集体协商，签订集体合同", D(5), D(1), "", None),
    ("工作开展", "职工之家阵地建设", D(3), D(1), "", None),
    ("制度建设", "厂务（校务）公开制度健全", D(5), D(1), "", None),
    ("制度建设", "工会经费收支公开", D(5), D(1), "finance.disclosures_published", D(1)),
    ("制度建设", "会费收缴率达到95%以上", D(5), D(1), "dues.collection_rate", D(95)),
    ("制度建设", "经费审查制度落实", D(5), D(1), "", None),
    ("工作成效", "职工对工会工作满意", D(6), D(1), "", None),
    ("工作成效", "劳动关系和谐稳定，无群体性事件", D(6), D(1), "", None),
    ("工作成效", "获得上级表彰", D(4), D(1), "", None),
    ("工作成效", "工作经验得到推广", D(4), D(1), "", None),
    ("工作成效", "完成上级工会交办任务", D(5), D(1), "", None),
]

BANDS = [(5, D(90), D(100)), (4, D(80), D(90)), (3, D(70), D(80)), (2, D(60), D(70)), (1, D(50), D(60))]


def indicators():
    return [{"area": a, "name": n, "max_points": m, "weight": w, "metric": c, "threshold": t}
            for a, n, m, w, c, t in INDICATORS]


def bands():
    return [{"stars": s, "min_score": lo, "max_score": hi} for s, lo, hi in BANDS]
