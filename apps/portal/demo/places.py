"""Fictional but plausible names and places in Wuxi for the demo dataset."""

from decimal import Decimal
from random import Random

# Approximate centre (WGS-84) and a half-width in degrees that stays inside each district.
DISTRICT_AREAS = {
    "liangxi": (31.575, 120.296, 0.018),
    "xishan": (31.600, 120.420, 0.030),
    "huishan": (31.680, 120.260, 0.030),
    "binhu": (31.560, 120.220, 0.025),
    "xinwu": (31.545, 120.380, 0.025),
    "jiangyin": (31.840, 120.280, 0.040),
    "yixing": (31.360, 119.820, 0.040),
    "jingkai": (31.490, 120.330, 0.012),
}

# Registered population (户籍人口) per district at the end of 2023: illustrative demo values.
POPULATION_2023 = {
    "liangxi": 820_000,
    "xishan": 640_000,
    "huishan": 520_000,
    "binhu": 480_000,
    "xinwu": 390_000,
    "jiangyin": 1_240_000,
    "yixing": 1_070_000,
    "jingkai": 110_000,
}

STREETS = {
    "liangxi": [
        "崇安寺街道",
        "广益街道",
        "广瑞路街道",
        "上马墩街道",
        "江海街道",
        "清名桥街道",
        "金星街道",
        "扬名街道",
        "金匮街道",
    ],
    "xishan": [
        "东亭街道",
        "安镇街道",
        "东北塘街道",
        "厚桥街道",
        "云林街道",
        "鹅湖镇",
        "东港镇",
        "锡北镇",
    ],
    "huishan": ["堰桥街道", "长安街道", "前洲街道", "玉祁街道", "钱桥街道", "洛社镇", "阳山镇"],
    "binhu": [
        "荣巷街道",
        "河埒街道",
        "蠡园街道",
        "蠡湖街道",
        "马山街道",
        "华庄街道",
        "太湖街道",
        "胡埭镇",
    ],
    "xinwu": ["旺庄街道", "硕放街道", "江溪街道", "梅村街道", "鸿山街道", "新安街道"],
    "jiangyin": [
        "澄江街道",
        "南闸街道",
        "云亭街道",
        "城东街道",
        "周庄镇",
        "华士镇",
        "新桥镇",
        "徐霞客镇",
        "青阳镇",
        "月城镇",
    ],
    "yixing": [
        "宜城街道",
        "屺亭街道",
        "新庄街道",
        "芳桥街道",
        "丁蜀镇",
        "和桥镇",
        "官林镇",
        "张渚镇",
        "周铁镇",
    ],
    "jingkai": ["华庄街道", "太湖街道", "雪浪街道"],
}

ROADS = [
    "人民路",
    "中山路",
    "解放路",
    "学前街",
    "梁溪路",
    "清扬路",
    "金城路",
    "太湖大道",
    "蠡湖大道",
    "锡沪路",
    "惠山大道",
    "长江路",
    "新华路",
    "滨湖路",
    "建设路",
    "五湖大道",
    "湖滨路",
    "兴源路",
    "青祁路",
    "运河东路",
    "环湖路",
    "科创路",
    "震泽路",
    "通江大道",
    "澄江中路",
    "宜城路",
]

COMMUNITY_WORDS = [
    "春晖",
    "和风",
    "锦园",
    "新村",
    "晴山",
    "翠竹",
    "桃源",
    "清扬",
    "运河",
    "南门",
    "北塘",
    "东林",
    "西园",
    "永乐",
    "崇宁",
    "天一",
    "湖光",
    "蓉湖",
    "惠泉",
    "梅园",
    "长安",
    "青石",
    "金桥",
    "芙蓉",
    "瑞景",
    "万顺",
    "景渎",
    "泰伯",
    "望湖",
    "君山",
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢钱秦顾"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建文辉力宁晨雪琳浩宇欣怡子涵梓轩雨萱一诺思远佳慧志远"

COMPANY_WORDS = [
    "锡能",
    "太湖",
    "梁溪",
    "惠泉",
    "华晟",
    "恒润",
    "江南",
    "新吴",
    "澄江",
    "紫砂",
    "远东",
    "海澜",
    "阳光",
    "红豆",
    "双良",
    "法尔胜",
    "兴澄",
    "蠡湖",
    "宏达",
    "汇联",
]
COMPANY_TRADES = ["科技", "实业", "机械", "纺织", "电子", "新材料", "医药", "物流", "置业", "食品"]


def person_name(rng: Random) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def company_name(rng: Random) -> str:
    return f"无锡{rng.choice(COMPANY_WORDS)}{rng.choice(COMPANY_TRADES)}有限公司"


def community_name(rng: Random) -> str:
    return f"{rng.choice(COMMUNITY_WORDS)}{rng.choice(['社区', '苑社区', '家园社区', '里社区'])}"


def address(rng: Random, district_name: str) -> str:
    return f"无锡市{district_name}{rng.choice(ROADS)}{rng.randint(1, 999)}号"


def point_in(rng: Random, district_code: str) -> tuple[Decimal, Decimal]:
    lat, lon, half = DISTRICT_AREAS[district_code]
    return (
        Decimal(f"{lat + rng.uniform(-half, half):.6f}"),
        Decimal(f"{lon + rng.uniform(-half, half):.6f}"),
    )


def id_number(rng: Random) -> str:
    """A made-up 18-character resident ID number (Wuxi prefix 3202)."""
    year = rng.randint(1955, 2006)
    body = f"3202{rng.randint(0, 99):02d}{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    return body + rng.choice("0123456789X")


def phone(rng: Random) -> str:
    return f"1{rng.choice('3589')}{rng.randint(0, 999_999_999):09d}"
