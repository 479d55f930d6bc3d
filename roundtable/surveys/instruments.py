"""The instruments of DOMAIN.md D, versioned. An instrument version never changes once used: a new
wording is a new version. Item kinds: scale (1..max, 1 = worst), bool, count (0..max), choice, text.

Satisfaction scale (C6 `satisfaction_scale`, 3 points): 3 满意, 2 基本满意, 1 不满意.
Empowerment items (D5) are paraphrases on a 5-point agree scale (5 = 非常同意); `reverse` items are
scored 6 − answer. They must be validated in Chinese before use (DOMAIN.md D5).
"""

from typing import Any

from django.utils.translation import gettext_noop

SATISFACTION_LABELS = {3: gettext_noop("满意"), 2: gettext_noop("基本满意"), 1: gettext_noop("不满意")}
AGREE_LABELS = {
    5: gettext_noop("非常同意"),
    4: gettext_noop("同意"),
    3: gettext_noop("说不清"),
    2: gettext_noop("不同意"),
    1: gettext_noop("非常不同意"),
}


def _sat(key: str, text: str) -> dict[str, Any]:
    return {"key": key, "kind": "scale", "max": 3, "text": text, "labels": "satisfaction"}


def _agree(key: str, text: str, dimension: str, reverse: bool = False) -> dict[str, Any]:
    item = {"key": key, "kind": "scale", "max": 5, "text": text, "labels": "agree", "dimension": dimension}
    return item | ({"reverse": True} if reverse else {})


def _count(key: str, text: str) -> dict[str, Any]:
    return {"key": key, "kind": "count", "max": 100, "text": text, "dimension": "behavioural"}


INSTRUMENTS: dict[tuple[str, int], dict[str, Any]] = {
    ("satisfaction", 1): {
        "kind": "satisfaction",
        "title": gettext_noop("项目满意度测评表"),
        "items": [
            _sat("need", gettext_noop("这个项目是不是解决了大家真正需要解决的问题？")),
            _sat("quality", gettext_noop("工程或服务的质量怎么样？")),
            _sat("timeliness", gettext_noop("进度是否按时？")),
            _sat("transparency", gettext_noop("过程和资金使用是否公开透明？")),
            _sat("heard", gettext_noop("居民的意见有没有被听取？")),
            _sat("overall", gettext_noop("总体评价")),
            {
                "key": "comments",
                "kind": "text",
                "max": 500,
                "text": gettext_noop("发现的问题和建议（可不填）"),
                "optional": True,
            },
        ],
    },
    ("empowerment", 1): {
        "kind": "empowerment",
        "title": gettext_noop("居民参与感受调查（赋权）"),
        "items": [
            _agree("psy_voice", gettext_noop("我有能力在社区会议上清楚表达意见"), "psychological"),
            _agree("psy_mobilise", gettext_noop("我能够带动邻居一起解决问题"), "psychological"),
            _agree("psy_influence", gettext_noop("像我这样的居民可以影响社区的决定"), "psychological"),
            _agree("psy_complex", gettext_noop("社区事务太复杂，我难以理解"), "psychological", reverse=True),
            _agree("psy_belong", gettext_noop("我认同自己是这个社区的一员"), "psychological"),
            _agree("env_whom", gettext_noop("我知道议题应向谁提出、如何推动"), "environmental"),
            _agree("env_neighbours", gettext_noop("遇到公共问题时邻居愿意一起行动"), "environmental"),
            _agree("env_support", gettext_noop("社区组织/社工能给我需要的支持"), "environmental"),
            _agree("inst_carried_out", gettext_noop("协商结果会被真正执行"), "institutional"),
            _agree("inst_equal", gettext_noop("议事规则对所有人一视同仁"), "institutional"),
            _agree("inst_budget", gettext_noop("居民在预算分配上有实际决定权"), "institutional"),
            _agree("tech_submit", gettext_noop("我能用小程序提交建议和投票"), "technological"),
            _agree("tech_find", gettext_noop("我能在平台上查到项目进展和资金使用"), "technological"),
            _count("beh_meetings", gettext_noop("过去12个月参加社区会议的次数")),
            _count("beh_proposals", gettext_noop("过去12个月提交建议的次数")),
            _count("beh_votes", gettext_noop("过去12个月参加投票的次数")),
            _count("beh_volunteer", gettext_noop("过去12个月参加实施或监督志愿服务的次数")),
        ],
    },
    ("appraisal", 1): {
        "kind": "appraisal",
        "title": gettext_noop("议事会与居民代表民主评议"),
        "items": [
            _sat("council_overall", gettext_noop("对议事会一年来工作的总体评价")),
            _sat("rep_attendance", gettext_noop("您所在楼栋的代表参加会议的情况")),
            {
                "key": "rep_reported_back",
                "kind": "bool",
                "text": gettext_noop("代表有没有向您所在楼栋反馈议事情况？"),
            },
            _sat("rep_overall", gettext_noop("对您所在楼栋代表的总体评价")),
            {
                "key": "comments",
                "kind": "text",
                "max": 500,
                "text": gettext_noop("意见和建议（可不填）"),
                "optional": True,
            },
        ],
    },
    ("participant", 1): {
        "kind": "participant",
        "title": gettext_noop("参与者问卷"),
        "items": [
            {"key": "first_time", "kind": "bool", "text": gettext_noop("这是您第一次参加社区公共事务吗？")},
            {
                "key": "heard_via",
                "kind": "choice",
                "options": [
                    gettext_noop("楼栋长/网格员"),
                    gettext_noop("社区公告栏"),
                    gettext_noop("微信群/小程序"),
                    gettext_noop("邻居"),
                    gettext_noop("其他"),
                ],
                "text": gettext_noop("您是从哪里知道这次活动的？"),
            },
            _sat("process_fair", gettext_noop("您觉得这次的过程公平吗？")),
            _sat("overall", gettext_noop("总体评价")),
        ],
    },
}

KIND_TO_CODE = {
    "satisfaction": "satisfaction",
    "empowerment": "empowerment",
    "appraisal": "appraisal",
    "participant": "participant",
}
