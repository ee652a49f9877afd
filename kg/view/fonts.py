"""A font with Chinese glyphs for matplotlib, found at once, and one line when there is none.

matplotlib knows only the fonts in its cache, built the first time it runs: a font
installed afterwards (``apt-get install fonts-wqy-microhei``) stays unknown until the
cache is rebuilt, and every Chinese character then prints a warning (237 lines for one
picture of the seed). So kg looks for a CJK font itself — fontconfig's ``fc-list
:lang=zh`` and a list of known paths on Linux, macOS and Windows — and registers it with
``font_manager.addfont``; without one it says so once, with the fix, and silences the
per-glyph warnings.
"""

from __future__ import annotations

import functools
import logging
import shutil
import subprocess
from pathlib import Path
from typing import Final

__all__ = ["KNOWN_FONT_FILES", "cjk_font", "find_cjk_font_file", "warn_no_font_once"]

log = logging.getLogger(__name__)

CJK_NAMES: Final = ("Noto Sans CJK", "Noto Serif CJK", "Source Han", "WenQuanYi", "Droid Sans Fallback",
                    "AR PL", "SimHei", "Microsoft YaHei", "PingFang", "Heiti", "Hiragino Sans GB",
                    "Arial Unicode")  # fmt: skip
KNOWN_FONT_FILES: Final = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/STHeiti Light.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simhei.ttf",
)


@functools.cache
def cjk_font() -> str | None:
    """The family name of a font with Chinese glyphs, registered with matplotlib; or ``None``."""
    from matplotlib import font_manager

    known = sorted({f.name for f in font_manager.fontManager.ttflist})
    name = next((n for hint in CJK_NAMES for n in known if n.startswith(hint)), None)
    if name:
        return name
    path = find_cjk_font_file()
    if path is None:
        return None
    try:
        font_manager.fontManager.addfont(path)
        return str(font_manager.FontProperties(fname=path).get_name())
    except (OSError, RuntimeError, ValueError) as e:
        log.debug("cannot register %s: %s", path, e)
        return None


def find_cjk_font_file() -> str | None:
    """A font file with Chinese glyphs: fontconfig's answer first, then the known paths."""
    fc_list = shutil.which("fc-list")
    if fc_list:
        try:
            out = subprocess.run([fc_list, ":lang=zh", "file"], capture_output=True, text=True,
                                 timeout=10, check=False).stdout  # fmt: skip
        except (OSError, subprocess.SubprocessError):
            out = ""
        files = sorted(line.split(":")[0].strip() for line in out.splitlines() if line.strip())
        usable = [f for f in files if f.lower().endswith((".ttf", ".ttc", ".otf"))]
        if usable:
            return usable[0]
    return next((p for p in KNOWN_FONT_FILES if Path(p).is_file()), None)


@functools.cache
def warn_no_font_once() -> None:
    """The one line said when no CJK font exists (once per run)."""
    log.warning("no CJK font found: Chinese labels show as boxes; install one, e.g. "
                "apt-get install fonts-wqy-microhei (or fonts-noto-cjk)")  # fmt: skip
