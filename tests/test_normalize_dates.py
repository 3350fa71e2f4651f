"""Date parsing: due dates resolved against a document's date, relative limits in days."""
from __future__ import annotations

import datetime as dt

import pytest

from extractors.normalize.dates import (
    DUE_EXPRESSION,
    TIME_LIMIT,
    limit_days,
    month_end,
    parse_full_date,
    resolve_due,
    to_int,
)

ISSUED_2022_09 = dt.date(2022, 9, 6)  # a notice issued in September (穗府办规〔2022〕13号 is one)
ISSUED_2023_10 = dt.date(2023, 10, 27)


@pytest.mark.parametrize("text, ref, expected, recurring", [
    # source: corpus/003 (a 2023 notice): 年底前 is the end of the notice's own year
    ("年底前", ISSUED_2023_10, "2023-12-31", False),
    # source: baotou_2022 考评办法 (7月底前完成项目前期手续), issued early in the year
    ("7月底前", dt.date(2022, 3, 1), "2022-07-31", False),
    # a month already past when the notice is issued is next year's month
    ("6月底前", ISSUED_2022_09, "2023-06-30", False),
    # an explicit year wins, in Arabic or Chinese numerals
    ("2023年12月31日前", ISSUED_2022_09, "2023-12-31", False),
    ("二〇二三年十二月三十一日前", ISSUED_2022_09, "2023-12-31", False),
    ("2024年底前", ISSUED_2022_09, "2024-12-31", False),
    ("第三季度末", dt.date(2023, 2, 1), "2023-09-30", False),
    ("上半年", dt.date(2023, 2, 1), "2023-06-30", False),
    ("11月10日前", dt.date(2019, 5, 1), "2019-11-10", False),
    ("6月中旬前", dt.date(2023, 2, 1), "2023-06-20", False),
    # source: gz_jujia 居家社区养老服务管理办法 (2022-09-06): recurring dates roll forward
    ("每年2月底前", ISSUED_2022_09, "2023-02-28", True),
    ("每年3月份", ISSUED_2022_09, "2023-03-31", True),
    ("每年12月20日前", dt.date(2024, 5, 1), "2024-12-20", True),
    ("每季度末", ISSUED_2022_09, "2022-09-30", True),
    # a year alone before 前 limits an action to that year's end (2027年前完成…建设)
    ("2027年前完成基地建设", dt.date(2025, 5, 1), "2027-12-31", False),
])
def test_resolve_due_against_document_date(text, ref, expected, recurring):
    m = DUE_EXPRESSION.search(text)
    due = resolve_due(m, ref)
    assert due is not None
    assert due.date.isoformat() == expected
    assert due.recurring is recurring


def test_resolve_due_without_reference_needs_a_year():
    assert resolve_due(DUE_EXPRESSION.search("6月底前"), None) is None
    assert resolve_due(DUE_EXPRESSION.search("2023年6月底前"), None).date == dt.date(2023, 6, 30)


def test_resolve_due_rejects_impossible_dates():
    assert resolve_due(DUE_EXPRESSION.search("2月30日前"), ISSUED_2022_09) is None


@pytest.mark.parametrize("text, days", [
    ("受理需求后 15 日内", 15),  # source: corpus/000 (PDF spacing kept)
    ("应在5个工作日内完成初核", 5),  # source: gz_jujia; working days count as days
    ("受理申请后1个月内", 30),  # source: gz_jujia
    ("应当在十日内通过当地主要媒体", 10),  # source: henan 扶贫开发条例
    ("登记注册之日起3年内", 1095),  # source: gd 扶持政策清单
    ("证书核发之日起12个月内", 360),  # source: gd 扶持政策清单
    ("判决书之日起六个月内", 180),  # source: gz 失业保险常见问题
    ("两周内", 14),
])
def test_limit_days_counts_in_days(text, days):
    m = TIME_LIMIT.search(text)
    assert limit_days(m.group("num"), m.group("unit")) == days


@pytest.mark.parametrize("text, value", [("12", 12), ("１２", 12), ("十二", 12), ("两", 2),
                                         ("二〇二二", 2022), ("三十一", 31)])
def test_to_int_reads_date_numerals(text, value):
    assert to_int(text) == value


@pytest.mark.parametrize("text, expected", [
    ("广州市人民政府办公厅\n2022年9月6日\n", dt.date(2022, 9, 6)),
    ("二〇二二年九月六日", dt.date(2022, 9, 6)),
    ("2022 年 4 月 21 日", dt.date(2022, 4, 21)),  # source: corpus/004 (PDF spacing)
    ("发布日期：2022-09-13", dt.date(2022, 9, 13)),
    ("没有日期", None),
])
def test_parse_full_date_finds_first_date(text, expected):
    assert parse_full_date(text) == expected


def test_month_end_knows_leap_years():
    assert month_end(2024, 2) == dt.date(2024, 2, 29)
    assert month_end(2023, 2) == dt.date(2023, 2, 28)


@pytest.mark.parametrize("text", ["2020年前后", "2023年前三季度", "2025年前5个月"])
def test_due_expression_year_before_needs_an_action_not_a_period(text):
    # 前后 (around) and 前三季度 / 前5个月 (the first part of a year) end no period with the year
    assert not any(m.group("ybefore") is not None for m in DUE_EXPRESSION.finditer(text))
