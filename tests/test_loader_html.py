"""HTML loader: main content only, page metadata, gov.cn metadata tables, data tables as rows."""

from __future__ import annotations

import pytest

from extractors.loaders import load
from extractors.loaders.html import html_lines
from schema.errors import EmptyDocument

PAGE = """<!DOCTYPE html><html><head><title>关于做好就业工作的通知 - 某市人民政府门户网站</title>
<meta name="ArticleTitle" content="某市人力资源和社会保障局关于做好就业工作的通知">
<meta name="PubDate" content="2024-05-06 10:00:00"><script>var x = "政策";</script><style>p{}</style></head>
<body><div class="nav"><a href="/">首页</a><a href="/zw">政务公开</a><a href="/fw">政务服务</a></div>
<div class="breadcrumb">当前位置：首页 &gt; 政务公开</div>
<div class="main"><h1>某市人力资源和社会保障局关于做好就业工作的通知</h1>
<div class="info">发布时间：2024-05-06 来源：某市人力资源和社会保障局</div>
<div id="zoom"><!-- 正文开始 --><p>各区人力资源和社会保障局：</p>
<p>　　为做好就业工作，现将有关事项通知如下。一、落实补贴政策。
对吸纳脱贫人口就业的企业，按每人1000元给予补贴。</p>
<p>二、加强组织领导。各区要明确责任分工，<br>确保政策落实到位。</p>
<table border="1"><tr><td>序号</td><td>区</td><td>目标任务（人）</td></tr>
<tr><td>1</td><td>甲区</td><td>1200</td></tr>
<tr><td>2</td><td>乙区</td><td>800</td></tr></table>
<p>某市人力资源和社会保障局</p><p>2024年5月6日</p></div>
<div class="share">分享到：微信 微博</div><div class="ewm">扫一扫在手机打开当前页</div>
<p class="article-editor">责任编辑：张三</p></div>
<div class="footer">版权所有 某市人民政府 网站标识码 12345</div></body></html>"""


@pytest.fixture()
def page_lines():
    return html_lines(PAGE, "page.html")


def test_html_lines_main_content_only(page_lines):
    texts = [ln.text for ln in page_lines[0]]
    assert texts[0] == "各区人力资源和社会保障局："
    assert "2024年5月6日" in texts
    joined = "\n".join(texts)
    for furniture in ("首页", "分享到", "扫一扫", "责任编辑", "版权所有", "var x", "正文开始", "当前位置"):
        assert furniture not in joined


def test_html_lines_page_metadata(page_lines):
    meta = page_lines[1]
    assert meta["cms_title"] == "某市人力资源和社会保障局关于做好就业工作的通知"
    assert meta["cms_date"].startswith("2024-05-06")


def test_html_lines_data_table_rows(page_lines):
    rows = [ln.cells for ln in page_lines[0] if ln.cells is not None]
    assert rows == [["序号", "区", "目标任务（人）"], ["1", "甲区", "1200"], ["2", "乙区", "800"]]


def test_load_html_builds_table_and_text(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(PAGE, encoding="utf-8")
    raw = load(path)
    assert raw.format == "html"
    assert "1 甲区 1200\n2 乙区 800" in raw.text
    assert raw.tables[0].rows[1] == ["1", "甲区", "1200"]
    assert "各区要明确责任分工，确保政策落实到位。" in raw.text


def test_html_without_article_is_empty(tmp_path):
    with pytest.raises(EmptyDocument):
        html_lines(
            "<html><body><nav><a href='/'>首页</a></nav><div class='footer'>版权所有</div></body></html>", "x"
        )


def test_load_html_sample_drops_sina_furniture(corpus_dir):
    raw = load(corpus_dir / "002_6ceb1ec26c302d42.txt")
    assert raw.meta["title"] == "人民日报：夯实脱贫群众就业增收基本盘"
    assert "去年全国脱贫劳动力务工就业3145万人，同比增加126万人" in raw.text
    for furniture in ("责任编辑", "新浪财经APP", "appendQr", "{"):
        assert furniture not in raw.text


def test_load_govcn_metadata_table(realdocs_dir):
    raw = load(realdocs_dir / "govcn_guofa_2018_39_cujin_jiuye_ruogan_yijian.html")
    assert raw.meta["doc_number"] == "国发〔2018〕39号"
    assert raw.meta["issuer"] == "国务院"
    assert raw.meta["written_date"] == "2018年11月16日"
    assert "索引号" not in raw.text
    assert raw.text.startswith("国务院关于做好当前和今后一个时期\n促进就业工作的若干意见\n国发〔2018〕39号")


def test_load_gz_gov_page_keeps_article_not_menus(realdocs_dir):
    raw = load(realdocs_dir / "gz_jujia_shequ_yanglao_fuwu_guanli_banfa_2022.html")
    assert raw.text.startswith(
        "穗府办规〔2022〕13号\n广州市人民政府办公厅关于印发广州市居家社区养老服务管理办法的通知"
    )
    for furniture in ("政务邮箱", "魅力广州", "无障碍", "分享到"):
        assert furniture not in raw.text


def test_load_school_site_page_keeps_report(realdocs_dir):
    raw = load(realdocs_dir / "sxyz_meizhouyixue_2024_zhengfu_gongzuo_baogao.html")
    assert raw.text.startswith("李强作的政府工作报告（摘登）")
    assert "推荐阅读" not in raw.text and "智慧校园" not in raw.text
    assert "城镇新增就业1244万人" in raw.text


def test_html_lines_drop_a_hidden_duplicate_of_the_article():
    body = "<p>各区要落实就业补贴政策，确保资金按时足额发放到位。</p>" * 12
    hidden = f"<div style='display: none'>隐藏的重复正文。{body}</div>"
    page = f"<html><body><div>{body}</div>{hidden}</body></html>"
    texts = [ln.text for ln in html_lines(page, "x")[0]]
    assert len(texts) == 12 and "隐藏" not in "".join(texts)


def test_load_html_qa_page(realdocs_dir):
    raw = load(realdocs_dir / "gz_chuangye_danbao_daikuan_changjian_wenti.html")
    assert raw.text.startswith("一、创业担保贷款申请对象有哪几类？")


def test_load_gbk_html_page(tmp_path, realdocs_dir):
    source = realdocs_dir / "gz_jujia_shequ_yanglao_fuwu_guanli_banfa_2022.html"
    page = source.read_text(encoding="utf-8").replace("charset=UTF-8", "charset=gb2312")
    copy = tmp_path / "page.htm"
    copy.write_bytes(page.encode("gb18030"))
    raw = load(copy)
    assert raw.encoding == "gb18030"
    assert raw.text == load(source).text
