"""The instruments of DOMAIN.md D, versioned. An instrument version never changes once used: a new
wording is a new version. Item kinds: scale (1..max, 1 = worst), bool, count (0..max), choice, text.

Satisfaction scale (C6 `satisfaction_scale`, 3 points): 3 满意, 2 基本满意, 1 不满意.
Empowerment items (D5) are paraphrases on a 5-point agree scale (5 = 非常同意); `reverse` items are
scored 6 − answer. They must be validated in Chinese before use (DOMAIN.md D5).
"""

from typing import Any

SATISFACTION_LABELS = {3: "满意", 2: "基本满意", 1: "不满意"}
AGREE_LABELS = {5: "非常同意", 4: "同意", 3: "说不清", 2: "不同意", 1: "非常不同意"}


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
        "title": "项目满意度测评表",
        "items": [
            _sat("need", "这个项目是不是解决了大家真正需要解决的问题？"),
            _sat("quality", "工程或服务的质量怎么样？"),
            _sat("timeliness", "进度是否按时？"),
            _sat("transparency", "过程和资金使用是否公开透明？"),
            _sat("heard", "居民的意见有没有被听取？"),
            _sat("overall", "总体评价"),
            {
                "key": "comments",
                "kind": "text",
                "max": 500,
                "text": "发现的问题和建议（可不填）",
                "optional": True,
            },
        ],
    },
    ("empowerment", 1): {
        "kind": "empowerment",
        "title": "居民参与感受调查（赋权）",
        "items": [
            _agree("psy_voice", "我有能力在社区会议上清楚表达意见", "psychological"),
            _agree("psy_mobilise", "我能够带动邻居一起解决问题", "psychological"),
            _agree("psy_influence", "像我这样的居民可以影响社区的决定", "psychological"),
            _agree("psy_complex", "社区事务太复杂，我难以理解", "psychological", reverse=True),
            _agree("psy_belong", "我认同自己是这个社区的一员", "psychological"),
            _agree("env_whom", "我知道议题应向谁提出、如何推动", "environmental"),
            _agree("env_neighbours", "遇到公共问题时邻居愿意一起行动", "environmental"),
            _agree("env_support", "社区组织/社工能给我需要的支持", "environmental"),
            _agree("inst_carried_out", "协商结果会被真正执行", "institutional"),
            _agree("inst_equal", "议事规则对所有人一视同仁", "institutional"),
            _agree("inst_budget", "居民在预算分配上有实际决定权", "institutional"),
            _agree("tech_submit", "我能用小程序提交建议和投票", "technological"),
            _agree("tech_find", "我能在平台上查到项目进展和资金使用", "technological"),
            _count("beh_meetings", "过去12个月参加社区会议的次数"),
            _count("beh_proposals", "过去12个月提交建议的次数"),
            _count("beh_votes", "过去12个月参加投票的次数"),
            _count("beh_volunteer", "过去12个月参加实施或监督志愿服务的次数"),
        ],
    },
    ("appraisal", 1): {
        "kind": "appraisal",
        "title": "议事会与居民代表民主评议",
        "items": [
            _sat("council_overall", "对议事会一年来工作的总体评价"),
            _sat("rep_attendance", "您所在楼栋的代表参加会议的情况"),
            {"key": "rep_reported_back", "kind": "bool", "text": "代表有没有向您所在楼栋反馈议事情况？"},
            _sat("rep_overall", "对您所在楼栋代表的总体评价"),
            {"key": "comments", "kind": "text", "max": 500, "text": "意见和建议（可不填）", "optional": True},
        ],
    },
    ("participant", 1): {
        "kind": "participant",
        "title": "参与者问卷",
        "items": [
            {"key": "first_time", "kind": "bool", "text": "这是您第一次参加社区公共事务吗？"},
            {
                "key": "heard_via",
                "kind": "choice",
                "options": ["楼栋长/网格员", "社区公告栏", "微信群/小程序", "邻居", "其他"],
                "text": "您是从哪里知道这次活动的？",
            },
            _sat("process_fair", "您觉得这次的过程公平吗？"),
            _sat("overall", "总体评价"),
        ],
    },
}

KIND_TO_CODE = {
    "satisfaction": "satisfaction",
    "empowerment": "empowerment",
    "appraisal": "appraisal",
    "participant": "participant",
}
