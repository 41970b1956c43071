"""Built-in plan templates (data, not code): the usual shape of a school union's and an enterprise
union's annual plan, with the schedule and targets bound to catalogue metrics.

The contents are Chinese plan text (what the union's plan will say); only a template's ``name`` is
shown in the interface, so it alone is translatable.
"""
from django.utils.translation import gettext_lazy as _

TEMPLATES = {
    "school": {
        "name": _("学校工会年度工作计划"),
        "guiding_thought": "以习近平新时代中国特色社会主义思想为指导，认真贯彻上级工会的工作部署，围绕学校中心工作，"
                           "坚持全心全意依靠教职工办学，维护教职工合法权益，建设职工之家。",
        "sections": [
            {"title": "加强民主管理，推进校务公开", "children": [
                {"title": "开好教职工代表大会", "body": "认真落实教代会各项职权，做好提案征集、立案和答复工作。"},
                {"title": "深化校务公开", "body": "坚持校务公开制度，丰富公开形式，做到应公开尽公开。"}]},
            {"title": "关心教职工生活，做好送温暖工作", "children": [
                {"title": "坚持五必访", "body": "对生病住院、婚丧嫁娶、生活困难的教职工及时走访慰问。"}]},
            {"title": "丰富教职工文化生活", "children": [
                {"title": "开展文体活动", "body": "组织教职工趣味运动会、登山、书画展等活动。"}]},
            {"title": "加强工会自身建设", "children": [
                {"title": "规范经费管理", "body": "严格执行工会经费收支管理办法，按时公开经费使用情况。"}]},
        ],
        "tasks": [
            {"title": "开展“三八”妇女节庆祝活动", "month": 3, "capability": "activities"},
            {"title": "召开教职工代表大会", "month": 3, "capability": "congress"},
            {"title": "组织教职工春季趣味运动会", "month": 4, "capability": "activities"},
            {"title": "公布上半年工会经费收支情况", "month": 7, "capability": "finance"},
            {"title": "庆祝教师节，表彰优秀教职工", "month": 9, "capability": "activities"},
            {"title": "教职工冬季长跑比赛", "month": 12, "capability": "activities"},
            {"title": "开展送温暖活动", "month": 12, "capability": "care"},
        ],
        "targets": [
            {"metric": "activities.participation_rate", "comparator": "gte", "threshold": "90",
             "source_text": "文体活动教职工参与面达到90%以上"},
            {"metric": "care.satisfaction_rate", "comparator": "gte", "threshold": "80",
             "source_text": "送温暖工作群众满意率达到80%以上"},
            {"metric": "notices.coverage_rate", "comparator": "gte", "threshold": "100",
             "source_text": "校务公开工作覆盖面达到100%"},
            {"metric": "dues.collection_rate", "comparator": "gte", "threshold": "100",
             "source_text": "会费足额收缴"},
        ],
    },
    "enterprise": {
        "name": _("企业工会年度工作计划"),
        "guiding_thought": "围绕企业生产经营中心任务，组织职工建功立业，维护职工合法权益，推进厂务公开和民主管理。",
        "sections": [
            {"title": "组织职工建功立业", "children": [
                {"title": "开展劳动竞赛", "body": "围绕安全、质量、效益开展劳动竞赛和技能比武。"},
                {"title": "开展合理化建议活动", "body": "动员职工围绕生产经营提合理化建议。"}]},
            {"title": "推进民主管理", "children": [
                {"title": "开好职工代表大会", "body": "做好提案征集和答复，落实厂务公开。"}]},
            {"title": "维护职工权益，做好帮扶", "children": [
                {"title": "送温暖", "body": "走访慰问困难职工、生病住院职工。"}]},
            {"title": "发展会员，加强组织建设", "children": [
                {"title": "新会员发展", "body": "吸收新入职职工加入工会。"}]},
        ],
        "tasks": [
            {"title": "召开职工代表大会", "month": 2, "capability": "congress"},
            {"title": "安康杯劳动竞赛启动", "month": 4, "capability": "contests"},
            {"title": "职工技能比武", "month": 6, "capability": "contests"},
            {"title": "夏季送清凉", "month": 7, "capability": "care"},
            {"title": "职工运动会", "month": 10, "capability": "activities"},
            {"title": "春节送温暖", "month": 12, "capability": "care"},
        ],
        "targets": [
            {"metric": "suggestions.per_member", "comparator": "gte", "threshold": "3",
             "source_text": "每个职工至少提3条合理化建议"},
            {"metric": "members.added", "comparator": "gte", "threshold": "10", "source_text": "年内新增会员10名"},
            {"metric": "dues.collection_rate", "comparator": "gte", "threshold": "95",
             "source_text": "会费收缴率达到95%以上"},
        ],
    },
}
