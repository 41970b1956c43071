"""The raw material of the demo dataset: a fictional county, its unions and the people in them.

青岚县 is fictional; it sits in 安徽省 so the ID numbers carry real 安徽 area codes (plus a share of
migrant workers from neighbouring provinces). Everything here is plain data: ``generate`` decides how
much of each to use.
"""

COUNTY_AREA = "341122"  # area code used for the county's own residents and its organisations

# Where members were registered at birth: (area code, weight) per origin group.
AREAS_LOCAL = [("341122", 70), ("341124", 5), ("341125", 5), ("341126", 4), ("341102", 4), ("341103", 3),
               ("341181", 3), ("341182", 3), ("340104", 2), ("340111", 1)]
# Abolished codes stay on people's cards for life (DOMAIN.md §1): older members may carry them.
AREAS_LOCAL_OLD = [("342401", 1)]
AREAS_MIGRANT = [("411422", 4), ("410326", 3), ("510321", 3), ("513030", 2), ("522121", 2), ("362422", 2),
                 ("321323", 2), ("431121", 2)]

# Surnames with their approximate share of the population (per mille), most frequent first.
SURNAMES = [
    ("王", 71), ("李", 70), ("张", 68), ("刘", 54), ("陈", 46), ("杨", 31), ("黄", 23), ("赵", 22), ("吴", 20),
    ("周", 19), ("徐", 15), ("孙", 15), ("马", 13), ("朱", 12), ("胡", 12), ("郭", 12), ("何", 11), ("高", 10),
    ("林", 10), ("罗", 9), ("郑", 8), ("梁", 8), ("谢", 7), ("宋", 6), ("唐", 6), ("许", 6), ("韩", 6), ("冯", 5),
    ("邓", 5), ("曹", 5), ("彭", 5), ("曾", 5), ("肖", 5), ("田", 4), ("董", 4), ("袁", 4), ("潘", 4), ("于", 4),
    ("蒋", 4), ("蔡", 4), ("余", 4), ("杜", 4), ("叶", 4), ("程", 4), ("苏", 3), ("魏", 3), ("吕", 3), ("丁", 3),
    ("任", 3), ("沈", 3), ("姚", 3), ("卢", 3), ("姜", 3), ("崔", 3), ("钟", 3), ("谭", 3), ("陆", 3), ("汪", 4),
    ("范", 3), ("金", 3), ("石", 3), ("廖", 3), ("贾", 3), ("夏", 2), ("韦", 2), ("付", 2), ("方", 2), ("白", 2),
    ("邹", 2), ("孟", 2), ("熊", 2), ("秦", 2), ("邱", 2), ("江", 2), ("尹", 2), ("薛", 2), ("闫", 2), ("段", 2),
    ("雷", 2), ("侯", 2), ("龙", 2), ("史", 2), ("陶", 2), ("黎", 2), ("贺", 2), ("顾", 2), ("毛", 2), ("郝", 2),
    ("龚", 2), ("邵", 2), ("万", 2), ("钱", 2), ("严", 2), ("储", 1), ("葛", 1), ("单", 1), ("查", 1), ("童", 1),
    ("戴", 1), ("孔", 1), ("汤", 1), ("武", 1), ("欧阳", 1), ("诸葛", 1), ("上官", 1),
]

# Given names: whole two-character names and single characters, by sex and by the era of birth
# (names people born in the 1960s–70s got differ from those of the 1990s–2000s).
GIVEN = {
    ("M", "old"): {
        "whole": ["建国", "建华", "国强", "志强", "建军", "卫东", "德明", "春生", "国庆", "海涛", "永强", "志刚",
                  "文明", "学军", "新民", "保国", "振华", "家明", "长江", "明亮", "庆丰", "立新", "红兵", "世杰",
                  "德胜", "金山", "玉林", "少华", "成林", "国平"],
        "single": ["军", "勇", "伟", "刚", "平", "斌", "杰", "涛", "明", "辉", "华", "峰", "强", "磊", "波", "林",
                   "超", "亮", "健", "东"],
        "first": ["建", "国", "志", "德", "永", "文", "学", "家", "立", "长", "金", "海", "新", "振", "明"],
        "second": ["华", "强", "军", "平", "明", "林", "生", "民", "荣", "福", "才", "忠", "祥", "胜", "友"],
    },
    ("M", "young"): {
        "whole": ["浩然", "子豪", "俊杰", "宇航", "天佑", "博文", "子轩", "明轩", "思远", "鹏飞", "家豪", "文博",
                  "皓轩", "梓涵", "宇轩", "俊熙", "浩宇", "晨阳", "一鸣", "嘉诚", "泽宇", "睿哲", "志鹏", "子健",
                  "浩楠", "昊天", "天宇", "逸飞", "旭东", "振宇"],
        "single": ["浩", "宇", "轩", "睿", "晨", "鑫", "昊", "凯", "阳", "旭", "航", "磊", "杰", "鹏", "博", "楠",
                   "帅", "毅", "翔", "哲"],
        "first": ["子", "浩", "宇", "俊", "天", "博", "思", "家", "泽", "嘉", "一", "明", "文", "梓", "晨"],
        "second": ["轩", "杰", "航", "宇", "睿", "涵", "豪", "文", "阳", "凯", "铭", "辰", "远", "然", "诚"],
    },
    ("F", "old"): {
        "whole": ["秀英", "桂兰", "玉兰", "秀兰", "淑芬", "丽华", "春梅", "秀珍", "美华", "凤英", "海燕", "玉梅",
                  "红梅", "金凤", "桂芳", "素珍", "翠英", "月娥", "晓红", "丽娟", "雪梅", "慧敏", "爱华", "小红",
                  "彩霞", "秀云", "淑华", "玉珍", "建萍", "丽萍"],
        "single": ["丽", "红", "芳", "敏", "静", "艳", "娟", "霞", "燕", "玲", "萍", "琴", "英", "华", "梅", "莉",
                   "兰", "霞", "珍", "云"],
        "first": ["秀", "桂", "玉", "淑", "丽", "春", "美", "凤", "海", "红", "金", "素", "翠", "雪", "晓"],
        "second": ["英", "兰", "芳", "珍", "华", "梅", "霞", "凤", "萍", "娟", "琴", "云", "燕", "红", "莲"],
    },
    ("F", "young"): {
        "whole": ["欣怡", "梓涵", "雨欣", "诗涵", "佳怡", "思琪", "梦瑶", "可馨", "紫萱", "佳琪", "雨萱", "子涵",
                  "若曦", "语嫣", "心怡", "一诺", "晓雯", "雅婷", "婧琪", "梦洁", "思雨", "欣妍", "悦彤", "雨婷",
                  "佳慧", "晨曦", "嘉怡", "思涵", "静怡", "文静"],
        "single": ["婷", "雪", "倩", "悦", "琳", "颖", "晶", "蕾", "雅", "欣", "璐", "琪", "瑶", "妍", "薇", "菲",
                   "露", "洁", "楠", "丹"],
        "first": ["欣", "雨", "诗", "佳", "思", "梦", "可", "紫", "雅", "若", "心", "晓", "婧", "悦", "嘉"],
        "second": ["怡", "涵", "欣", "琪", "瑶", "萱", "婷", "妍", "雯", "琳", "悦", "彤", "洁", "馨", "宁"],
    },
}

MINORITIES = ["回族", "满族", "壮族", "苗族", "土家族", "蒙古族", "彝族", "畲族"]
PHONE_PREFIXES = ["130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152",
                  "153", "155", "156", "157", "158", "159", "166", "173", "177", "180", "181", "182", "183",
                  "185", "186", "187", "188", "189", "191", "198", "199"]

# Termination reasons with weights, and the note an officer would write.
TERMINATIONS = [("left_job", 50, "离职后未办理会员关系接转"), ("resigned", 20, "本人书面申请退会"),
                ("lapsed", 15, "连续六个月未缴会费、未参加活动"), ("deceased", 6, "因病去世"),
                ("expelled", 2, "受刑事处罚，经工会委员会讨论决定开除会籍"), ("other", 7, "出国定居")]

# ---- how people look in each kind of workplace ----
# female: share of women; age_mode: the commonest age of serving staff; retirees: share of 保留会籍
# retirees; start: youngest hiring age; local: share born in the county area (else migrants);
# party: share of 中共党员 among those over 28; forms/education: weighted choices; wage: (low, high)
# fixed monthly wage in yuan.
PROFILES = {
    "school": dict(female=0.68, age_mode=40, retirees=0.08, start=22, local=0.93, party=0.38,
                   forms=[("established", 88), ("contract", 10), ("dispatched", 2)],
                   education=[("master", 18), ("bachelor", 72), ("college", 9), ("high_school", 1)],
                   wage=(5200, 9800)),
    "enterprise": dict(female=0.27, age_mode=36, retirees=0.05, start=18, local=0.72, party=0.08,
                       forms=[("contract", 62), ("dispatched", 14), ("migrant", 22), ("part_time", 2)],
                       education=[("bachelor", 8), ("college", 17), ("secondary_vocational", 28),
                                  ("high_school", 25), ("junior", 22)],
                       wage=(3600, 8200)),
    "food": dict(female=0.62, age_mode=38, retirees=0.04, start=18, local=0.8, party=0.05,
                 forms=[("contract", 55), ("dispatched", 15), ("migrant", 25), ("part_time", 5)],
                 education=[("bachelor", 4), ("college", 12), ("secondary_vocational", 24), ("high_school", 28),
                            ("junior", 32)],
                 wage=(3200, 6200)),
    "agency": dict(female=0.44, age_mode=42, retirees=0.10, start=22, local=0.9, party=0.72,
                   forms=[("established", 85), ("contract", 12), ("dispatched", 3)],
                   education=[("master", 16), ("bachelor", 74), ("college", 10)],
                   wage=(4800, 9200)),
    "hospital": dict(female=0.70, age_mode=36, retirees=0.06, start=21, local=0.88, party=0.26,
                     forms=[("established", 58), ("contract", 36), ("dispatched", 6)],
                     education=[("doctorate", 1), ("master", 12), ("bachelor", 55), ("college", 28),
                                ("secondary_vocational", 4)],
                     wage=(4500, 12500)),
    "social": dict(female=0.62, age_mode=31, retirees=0.02, start=20, local=0.85, party=0.18,
                   forms=[("contract", 80), ("part_time", 15), ("other", 5)],
                   education=[("master", 6), ("bachelor", 52), ("college", 34), ("high_school", 8)],
                   wage=(3000, 6200)),
    "joint": dict(female=0.52, age_mode=33, retirees=0.0, start=16, local=0.7, party=0.03,
                  forms=[("flexible", 72), ("part_time", 18), ("contract", 10)],
                  education=[("college", 8), ("secondary_vocational", 18), ("high_school", 34), ("junior", 40)],
                  wage=(2200, 4600)),
    "industry": dict(female=0.16, age_mode=30, retirees=0.0, start=18, local=0.62, party=0.04,
                     forms=[("dispatched", 30), ("flexible", 45), ("contract", 20), ("migrant", 5)],
                     education=[("college", 10), ("secondary_vocational", 20), ("high_school", 38),
                                ("junior", 32)],
                     wage=(3800, 7800)),
}

# ---- the county's organisation tree ----
COUNTY = dict(code="QL", name="青岚县总工会", address="安徽省青岚县城关街道人民路88号", phone="0550-5012345",
              founded=(1951, 5, 1))
TOWNS = [
    dict(code="QL-CG", name="青岚县城关街道总工会", address="青岚县城关街道文昌路12号", founded=(1984, 6, 1)),
    dict(code="QL-QS", name="青岚县青石镇总工会", address="青岚县青石镇工业园区管委会大楼", founded=(1987, 3, 15)),
]

# The featured grassroots unions. share: part of the first FEATURED_CAP members; parent: a town code
# or the county code; orgs: branches (分工会) with their groups, each (suffix, name, weight, posts, groups)
# — a branch without posts is placed in but holds no one of its own; groups carry their parent's posts.
# A weight on the union itself ("direct") puts some members at the union level (leadership, staff).
FEATURED = [
    dict(key="school", code="QL-YZ", name="青岚县第一中学工会", type="school", profile="school", parent="QL-CG",
         share=0.10, employer="青岚县第一中学", uscc_type="12", address="青岚县城关街道学府路1号",
         founded=(1956, 9, 1), employees=None, direct=(4, ["校长", "副校长", "工会专干", "教务主任"]),
         branches=[
             ("YW", "语文组分工会", 16, ["语文教师", "语文教研组长"], ["语文一组", "语文二组"]),
             ("SX", "数学组分工会", 16, ["数学教师", "数学教研组长"], ["数学一组", "数学二组"]),
             ("YY", "英语组分工会", 13, ["英语教师", "英语教研组长"], ["英语一组"]),
             ("LHS", "理化生组分工会", 18, ["物理教师", "化学教师", "生物教师", "实验员"], ["物理小组", "化学小组", "生物小组"]),
             ("ZSD", "政史地组分工会", 15, ["政治教师", "历史教师", "地理教师"], []),
             ("TY", "体艺组分工会", 9, ["体育教师", "音乐教师", "美术教师", "信息技术教师"], []),
             ("HQ", "后勤分工会", 9, ["会计", "保管员", "校医", "宿管员", "门卫"], ["后勤一组"]),
         ]),
    dict(key="factory", code="QL-HT", name="青岚县恒通机械制造有限公司工会", type="enterprise", profile="enterprise",
         parent="QL-QS", share=0.32, employer="青岚县恒通机械制造有限公司", uscc_type="91",
         address="青岚县青石镇工业园区创业大道9号", founded=(1998, 7, 1), direct=(2, ["总经理", "工会主席", "人力资源专员"]),
         branches=[
             ("JG", "金工车间分工会", 24, ["车工", "铣工", "磨工", "数控操作工", "班组长"], ["车工班组", "铣工班组", "数控班组"]),
             ("ZP", "装配车间分工会", 26, ["装配工", "钳工", "调试工", "班组长"], ["装配一班", "装配二班", "调试班"]),
             ("ZZ", "铸造车间分工会", 14, ["造型工", "熔炼工", "清理工", "班组长"], ["造型班组", "熔炼班组"]),
             ("RCL", "热处理车间分工会", 8, ["热处理工", "电工", "班组长"], ["热处理班组"]),
             ("ZJ", "质量管理部分工会", 8, ["质检员", "计量员", "质量工程师"], ["质检小组"]),
             ("JS", "技术研发部分工会", 7, ["机械工程师", "工艺员", "技术员"], []),
             ("HQ", "行政后勤分工会", 9, ["行政文员", "仓管员", "驾驶员", "食堂厨师", "保安"], ["行政小组", "后勤小组"]),
         ]),
    dict(key="agency", code="QL-RSJ", name="青岚县人力资源和社会保障局机关工会", type="agency", profile="agency",
         parent="QL", share=0.04, employer="青岚县人力资源和社会保障局", uscc_type="11",
         address="青岚县城关街道政务中心B座", founded=(1983, 10, 1), direct=(1, ["局长", "副局长"]),
         groups=[
             ("BGS", "办公室工会小组", 3, ["办公室主任", "科员", "四级主任科员"]),
             ("JY", "就业促进股工会小组", 3, ["股长", "科员", "一级科员"]),
             ("SB", "社会保险股工会小组", 3, ["股长", "科员", "四级主任科员"]),
             ("JC", "劳动保障监察大队工会小组", 3, ["大队长", "监察员"]),
         ]),
    dict(key="hospital", code="QL-RMYY", name="青岚县人民医院工会", type="institution", profile="hospital",
         parent="QL", share=0.18, employer="青岚县人民医院", uscc_type="12", address="青岚县城关街道健康路6号",
         founded=(1952, 3, 1), direct=(1, ["院长", "副院长", "工会主席"]),
         branches=[
             ("NK", "内科分工会", 20, ["医师", "主治医师", "副主任医师", "主任医师"], ["心内科小组", "消化内科小组"]),
             ("WK", "外科分工会", 18, ["医师", "主治医师", "副主任医师"], ["普外科小组", "骨科小组"]),
             ("HL", "护理部分工会", 34, ["护士", "护师", "主管护师", "护士长"], ["病区一组", "病区二组", "门急诊组"]),
             ("YJ", "医技分工会", 14, ["药师", "检验技师", "影像技师", "康复治疗师"], []),
             ("XZ", "行政后勤分工会", 12, ["会计", "办事员", "电工", "驾驶员", "保洁员"], []),
         ]),
    dict(key="food", code="QL-LY", name="青岚县绿源食品有限公司工会", type="enterprise", profile="food",
         parent="QL-QS", share=0.14, employer="青岚县绿源食品有限公司", uscc_type="91",
         address="青岚县青石镇食品产业园2号", founded=(2006, 4, 18), direct=(1, ["总经理", "办公室主任"]),
         groups=[
             ("SC1", "生产一班工会小组", 5, ["包装工", "操作工", "班组长"]),
             ("SC2", "生产二班工会小组", 5, ["包装工", "操作工", "班组长"]),
             ("PK", "品控小组", 2, ["品控员", "化验员"]),
             ("WL", "物流仓储小组", 2, ["仓管员", "叉车司机", "装卸工"]),
         ]),
    dict(key="social", code="QL-SG", name="青岚县和畅社会工作服务中心工会", type="social", profile="social",
         parent="QL-CG", share=0.03, employer="青岚县和畅社会工作服务中心", uscc_type="52",
         address="青岚县城关街道民生路21号", founded=(2015, 11, 6), direct=(1, ["社工", "项目主管", "督导", "财务"]),
         groups=[]),
    dict(key="joint", code="QL-SYJ", name="青岚县城关街道商业街个体工商户联合工会", type="joint", profile="joint",
         parent="QL-CG", share=0.09, employer="城关街道商业街个体工商户", uscc_type=None,
         address="青岚县城关街道商业步行街管理处", founded=(2012, 5, 1), direct=(0, []),
         groups=[
             ("CY", "餐饮小组", 4, ["厨师", "服务员", "面点师", "收银员"]),
             ("MR", "美容美发小组", 2, ["美发师", "美容师"]),
             ("LS", "零售小组", 3, ["店员", "收银员", "理货员"]),
             ("WX", "维修服务小组", 1, ["家电维修工", "手机维修员", "开锁匠"]),
         ]),
    dict(key="industry", code="QL-KD", name="青岚县快递物流行业工会", type="industry", profile="industry",
         parent="QL", share=0.10, employer="青岚县快递物流行业协会", uscc_type=None,
         address="青岚县城关街道物流园区3号楼", founded=(2019, 8, 8), direct=(0, []),
         groups=[
             ("SD", "顺达快递小组", 4, ["快递员", "分拣员", "驾驶员"]),
             ("ZT", "中通达快递小组", 4, ["快递员", "分拣员", "网点主管"]),
             ("CX", "城乡配送小组", 2, ["配送员", "驾驶员", "客服"]),
         ]),
]
FEATURED_CAP = 6000  # members beyond this go to further grassroots unions, as a real county has

# Further grassroots unions for large datasets: names are built from these parts.
FIRM_PREFIXES = ["恒达", "鑫源", "华宇", "金泰", "宏远", "永盛", "瑞丰", "长青", "天诚", "伟业", "新锐", "中联", "明辉",
                 "润华", "博海", "兴隆", "腾飞", "嘉禾", "宝丰", "安泰", "德胜", "众诚", "汇通", "凯达", "东方",
                 "青山", "淮润", "皖江", "滁源", "广信", "信和", "利民", "丰源", "昌盛", "康达", "旭日", "精工",
                 "国泰", "合力", "富康"]
FIRM_TRADES = [("机械", ["车工", "钳工", "装配工", "焊工", "质检员"]),
               ("电子", ["贴片工", "测试员", "操作工", "技术员"]),
               ("纺织", ["挡车工", "纺纱工", "质检员", "机修工"]),
               ("服装", ["缝纫工", "裁剪工", "熨烫工", "质检员"]),
               ("食品", ["操作工", "包装工", "品控员"]),
               ("建材", ["搅拌工", "窑炉工", "叉车司机", "化验员"]),
               ("化工", ["操作工", "化验员", "安全员", "设备员"]),
               ("家具", ["木工", "油漆工", "安装工", "设计员"]),
               ("汽车零部件", ["冲压工", "焊工", "装配工", "质检员"]),
               ("新能源", ["电池装配工", "测试员", "工艺员", "设备维护员"]),
               ("物流", ["仓管员", "叉车司机", "分拣员", "调度员"]),
               ("建筑安装", ["电工", "管道工", "钢筋工", "施工员"])]
FIRM_SUFFIXES = ["有限公司", "股份有限公司", "科技有限公司", "实业有限公司"]
PLACES = ["城关", "青石", "龙山", "白塔", "桂花", "三河", "汊河", "大英", "舜山", "施官", "水口", "半塔", "杨郢",
          "雷官", "张山", "独山", "新安", "黄桥", "花园", "柳湾"]
SCHOOL_KINDS = [("中心小学", ["语文教师", "数学教师", "英语教师", "科学教师", "体育教师"]),
                ("初级中学", ["语文教师", "数学教师", "英语教师", "物理教师", "历史教师"]),
                ("幼儿园", ["幼儿教师", "保育员", "保健医生"])]
INSTITUTION_KINDS = [("卫生院", ["医师", "护士", "药剂员", "检验员"]),
                     ("农业技术推广站", ["农艺师", "技术员", "办事员"]),
                     ("水利站", ["水利技术员", "管理员"]),
                     ("文化站", ["文化专干", "管理员"])]
AGENCY_KINDS = [("人民政府机关", ["科员", "办事员", "四级主任科员", "副镇长"]),
                ("财政所", ["会计", "科员", "所长"]),
                ("司法所", ["司法助理员", "科员", "所长"]),
                ("市场监督管理所", ["执法人员", "科员", "所长"])]
SOCIAL_KINDS = [("养老服务中心", ["护理员", "社工", "厨师"]), ("志愿者协会", ["项目专员", "社工"])]
JOINT_KINDS = [("个体工商户联合工会", ["店员", "厨师", "收银员", "美发师", "维修工"]),
               ("小微企业联合工会", ["操作工", "业务员", "会计", "司机"])]
INDUSTRY_KINDS = [("家政服务行业工会", ["家政员", "育婴员", "保洁员"]),
                  ("网约车司机行业工会", ["网约车司机"]),
                  ("建筑业行业工会", ["钢筋工", "木工", "泥瓦工", "电焊工"])]
# (profile, union type, weight) for further unions.
EXTRA_TYPES = [("enterprise", "enterprise", 58), ("school", "school", 12), ("hospital", "institution", 10),
               ("agency", "agency", 8), ("social", "social", 4), ("joint", "joint", 5), ("industry", "industry", 3)]
GROUP_NAMES = ["第一工会小组", "第二工会小组", "第三工会小组", "第四工会小组", "第五工会小组", "第六工会小组",
               "第七工会小组", "第八工会小组"]
BRANCH_NAMES = ["一分厂分工会", "二分厂分工会", "三分厂分工会", "四分厂分工会", "五分厂分工会", "六分厂分工会",
                "七分厂分工会", "八分厂分工会", "九分厂分工会", "十分厂分工会"]
