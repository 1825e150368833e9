"""Dates of news articles: the ``date`` column where it reads as ISO, else a dateline in the text's opening lines.

Example:
    >>> article_dates(pd.DataFrame({"date": ["2020-01-03", ""], "text": ["x", "Posted 11/27/2005 7:21 AM Quake"]})).tolist()
    ['2020-01-03', '2005-11-27']
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december")
_MONTH_NUMBER = {m[:3]: i + 1 for i, m in enumerate(_MONTH_NAMES)} | {"sept": 9}
_DATELINE_WORDS = frozenset(_MONTH_NAMES) | set(_MONTH_NUMBER) | {
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "am", "pm", "a", "p", "m", "gmt", "bst", "utc", "est", "edt", "et", "pst", "pdt", "cst", "cdt",
    "uk", "ist", "cet", "posted", "updated", "last", "published", "at", "on", "by", "modified", "date", "st", "nd", "rd", "th", "hrs", "ago",
}
_DATE_IN_TEXT = re.compile(
    r"(?P<month>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d{2})"
    r"|(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month2>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+(?P<year2>(?:19|20)\d{2})"
    r"|(?P<iso>(?:19|20)\d{2}-\d{2}-\d{2})"
    r"|(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>(?:19|20)?\d{2})(?![\d/])",
    re.IGNORECASE,
)
def is_dateline(line: str) -> bool:
    """True for a short line that is only a date or time stamp.

    Example:
        >>> [is_dateline(x) for x in ["May 23, 2005", "Posted 11/27/2005 7:21 AM", "18 September 2013 Last updated at 13:59 GMT", "Saints place Bush on IR"]]
        [True, True, True, False]
    """
    words = re.findall(r"[A-Za-z]+", line.lower())
    return len(line.split()) <= 12 and bool(re.search(r"\d", line)) and all(w in _DATELINE_WORDS for w in words)


def dateline_date(text: str, *, chars: int = 300) -> str:
    """The first full date written in the opening ``chars`` characters of ``text`` (ISO), else "".

    For undated articles: a dateline ("Published: April 23, 2013", "11/28/05") is
    usually the publication date. Slashed dates are read month first unless the
    first number exceeds 12.

    Example:
        >>> [dateline_date(x) for x in ["Published: April 23, 2013 9:39 AM", "27/09/2013-Turkmenistan", "11/28/05", "No date"]]
        ['2013-04-23', '2013-09-27', '2005-11-28', '']
    """
    for m in _DATE_IN_TEXT.finditer(text[:chars]):
        g = m.groupdict()
        try:
            if g["iso"]:
                return pd.Timestamp(g["iso"]).strftime("%Y-%m-%d")
            if g["month"] or g["month2"]:
                month = _MONTH_NUMBER[(g["month"] or g["month2"]).lower()[:3]]
                return pd.Timestamp(year=int(g["year"] or g["year2"]), month=month, day=int(g["day"] or g["day2"])).strftime("%Y-%m-%d")
            a, b, y = int(g["a"]), int(g["b"]), int(g["y"])
            year = y if y > 100 else (2000 + y if y < 50 else 1900 + y)
            month, day = (b, a) if a > 12 else (a, b)
            return pd.Timestamp(year=year, month=month, day=day).strftime("%Y-%m-%d")
        except (ValueError, KeyError):
            continue
    return ""


def day_numbers(dates: pd.Series) -> np.ndarray:
    """Days since 1970-01-01 (float64), NaN where missing or unreadable.

    Example:
        >>> day_numbers(pd.Series(["1970-01-02", "", None, "10/1"])).tolist()
        [1.0, nan, nan, nan]
    """
    text = dates.astype(object).where(dates.notna(), "").astype(str).str.strip()
    iso = text.str.match(r"^\d{4}-\d{2}-\d{2}")
    parsed = pd.to_datetime(text.where(iso, None).str[:10], errors="coerce", format="%Y-%m-%d")
    return ((parsed - pd.Timestamp("1970-01-01")).dt.days).to_numpy(dtype=np.float64, na_value=np.nan)


def article_dates(articles: pd.DataFrame) -> pd.Series:
    """Each article's date: the ``date`` column where it reads as ISO, else a date in the text's opening lines, else "".

    Example:
        >>> article_dates(pd.DataFrame({"date": ["2020-01-03", ""], "text": ["x", "Posted 11/27/2005 7:21 AM Quake"]})).tolist()
        ['2020-01-03', '2005-11-27']
    """
    dates = articles.get("date", pd.Series("", index=articles.index))
    dates = dates.astype(object).where(dates.notna(), "").astype(str).str.strip().str[:10]
    texts = articles.get("text", pd.Series("", index=articles.index)).fillna("").astype(str)
    valid = ~np.isnan(day_numbers(dates))
    return pd.Series([d if ok else dateline_date(t) for d, ok, t in zip(dates, valid, texts, strict=True)], index=articles.index)
