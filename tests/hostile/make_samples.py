"""Write the hostile sample files of ``tests/hostile/`` (run it again after changing it).

    .venv/bin/python tests/hostile/make_samples.py            # writes into tests/hostile/
    .venv/bin/python tests/hostile/make_samples.py OUT_DIR    # anywhere else

Binary and non-UTF-8 samples are easier to review as the code that makes them, so every
sample is written from here; the files are committed too, so that the folder can be dropped
into ``reports/`` by hand. The one exception is the 20 MB file: ``big_file()`` writes it into a
temporary folder from the tests (it would bloat the repository for no information).

Every report-like sample has its own county and its own paragraphs, so that none of them is a
near copy of another (the duplicate finder compares clauses) except the two that are meant to be.
"""
from __future__ import annotations

import shutil
import sys
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parent.parent / "reports"

CHROME_HEAD = ["您现在所在的位置 : 首页 > 政务公开 > 工作动态", "分享到:", "【字体:大 中 小】"]
CHROME_TAIL = ["扫一扫在手机打开当前页", "相关政策", "友情链接", "主办:{county}人民政府办公室  承办:{county}行政审批服务局",
               "湘ICP备16008386号  网站标识码:4311220001"]


def report(county: str, title: str, date: str, paragraphs: list[str], signed: str) -> str:
    """A captured page: chrome, the report's title and body, a signature, chrome again."""
    lines = CHROME_HEAD + [title, f"发布时间：{date}  来源：{county}卫生健康局", ""]
    for p in paragraphs:
        lines += [p, ""]
    lines += [f"{county}卫生健康局", signed, ""]
    lines += [t.format(county=county) for t in CHROME_TAIL]
    return "\n".join(lines) + "\n"


# --- report texts (each county once) -------------------------------------------------------

LINLI = report("临澧县", "临澧县卫生健康局2021年工作总结", "2022-01-12", [
    "2021年，临澧县卫生健康局在县委、县政府的正确领导下，坚持以人民健康为中心，统筹推进疫情防控和卫生健康事业发展，"
    "全县卫生健康工作取得了新的成效。现将全年工作总结如下：",
    "一、疫情防控常态化",
    "全年累计完成新冠病毒疫苗接种31.2万剂次，建成县级核酸检测基地1个，日检测能力达到1.5万管；"
    "对重点场所开展防控督查126次，发现并整改问题43个，全县未发生本地疫情。",
    "二、基层服务能力提升",
    "投入资金1860万元改造乡镇卫生院7所，新建标准化村卫生室22所；为基层招聘医学专业毕业生38名，"
    "签约服务重点人群4.6万人，慢病患者规范管理率达到72%。",
], "2022年1月10日")

TAOYUAN = report("桃源县", "桃源县卫生健康局2021年工作总结", "2022-01-18", [
    "今年以来，桃源县卫健系统紧紧围绕“健康桃源”建设目标，深化医药卫生体制改革，"
    "着力补齐公共卫生短板，各项工作稳步推进。",
    "一、医共体建设",
    "以县人民医院为龙头组建紧密型医共体2个，覆盖乡镇卫生院28所，县域内就诊率提高到89.6%；"
    "医共体内统一药品目录，基层用药品种增加到562种，群众在家门口就能买到常用药。",
    "二、中医药服务",
    "县中医医院新增名医工作室2个，由主任医师刘䶮牵头带教基层中医骨干16名；"
    "全县所有乡镇卫生院建成中医馆，能够提供6类以上中医适宜技术服务。",
], "2022年1月15日")

ANHUA = report("安化县", "安化县卫生健康局2021年工作总结", "2022-01-20", [
    "2021年，安化县卫生健康局以巩固拓展健康扶贫成果同乡村振兴有效衔接为主线，"
    "持续推进卫生健康服务体系建设，人民群众健康获得感明显增强。",
    "一、健康帮扶",
    "全县脱贫人口家庭医生签约率保持100%，大病专项救治病种扩大到30种，累计救治4217人次；"
    "县域内住院综合保障政策全面落实，脱贫人口住院实际报销比例达到87.3%。",
    "二、项目建设",
    "县人民医院门急诊综合楼完成主体工程，县妇幼保健计划生育服务中心整体搬迁，"
    "新购置镕接式医用氧气管道设备一批，全年完成卫生基础设施投资2.3亿元。",
], "2022年1月18日")

WUGANG = report("武冈市", "武冈市卫生健康局2021年工作总结", "2022-01-21", [
    "一年来，武冈市卫生健康局坚持预防为主、防治结合，扎实做好公共卫生服务和医疗保障工作，"
    "全市卫生健康事业保持良好发展态势。",
    "一、公共卫生服务",
    "全市建立居民电子健康档案69.8万份，建档率达到91%；65岁以上老年人健康管理5.7万人，"
    "高血压、糖尿病患者规范管理人数分别为3.9万人和1.1万人。",
    "二、妇幼健康",
    "完成农村妇女两癌筛查8200人、免费孕前优生健康检查5100对，孕产妇死亡率和婴儿死亡率"
    "分别控制在十万分之九点八和千分之三点二，均低于全省平均水平。",
], "2022年1月19日")

LONGSHAN = report("龙山县", "龙山县卫生健康局2021年工作总结", "2022-01-25", [
    "2021年，龙山县卫生健康局围绕县委“三高四新”战略部署，聚焦群众急难愁盼问题，"
    "全力推进健康龙山建设，较好完成了年度目标任务。",
    "一、医疗服务质量",
    "县人民医院通过三级医院评审，新开展腔镜手术、介入治疗等新技术新项目41项；"
    "全县医疗机构门诊量达到186万人次，三四级手术占比提高到38.5%。",
    "二、卫生监督执法",
    "开展医疗美容、non-standard诊所等专项整治行动5次，出动监督员1320人次，"
    "立案查处违法违规案件57件，罚没款12.4万元，维护了良好的就医秩序。",
], "2022年1月22日")

YONGSHUN = report("永顺县", "永顺县卫生健康局2021年工作总结", "2022-01-26", [
    "过去一年，永顺县卫生健康局坚持党建引领、改革驱动，推动卫生健康事业高质量发展，"
    "为建设生态文明美丽永顺提供了坚实的健康保障。",
    "一、人才队伍",
    "全年公开招聘卫生专业技术人员96名，定向培养农村订单医学生24名；"
    "选派42名县级医院骨干医师下沉乡镇卫生院驻点帮扶，基层诊疗量同比增长8.7%。",
    "二、爱国卫生运动",
    "深入开展城乡环境卫生整洁行动，病媒生物防制覆盖全部乡镇，新创建省级卫生乡镇3个、"
    "卫生村27个，城乡居民健康素养水平提升到22.6%。",
], "2022年1月24日")

# Every injection the issue names, inside a real report: the title carries markup, and the
# body mixes prose with lines a Markdown or HTML renderer would read as syntax.
INJECTION_TITLE = "临武县卫生健康局2021年工作总结</title><script>window.__pwned=1;alert('title')</script>"
LINWU = "\n".join([
    *CHROME_HEAD,
    INJECTION_TITLE,
    "发布时间：2022-01-28  来源：临武县卫生健康局",
    "",
    "2021年，临武县卫生健康局在县委、县政府的坚强领导下，以“强基层、补短板、促健康”为目标，"
    "扎实推进各项工作，网页编辑误把代码<script>alert(1)</script>贴进了正文，这一句必须原样显示。",
    "",
    "<script>window.__pwned=1;alert('body')</script>",
    "<img src=x onerror=\"window.__pwned=1;alert('img')\">",
    "<iframe src=\"javascript:window.__pwned=1;alert('iframe')\"></iframe>",
    "<!-- 这是一段 HTML 注释，读者在原网页上看不到，但档案必须原样显示 -->",
    "[点击查看详情](javascript:window.__pwned=1;alert('link'))",
    "![](http://tracker.example.com/pixel.png)",
    "{{ config.site_name }} {% include \"secret.html\" %} {{ 7*7 }}",
    "---",
    "title: 伪造的前言",
    "---",
    "| 指标 | 2021年 |",
    "| --- | --- |",
    "| 签约率 | 100% |",
    "# 这一行以井号开头但不是标题",
    "**加粗** __下划线__ *斜体* _强调_ *** ___",
    "\"><svg onload=window.__pwned=1>",
    "&lt;script&gt;alert(5)&lt;/script&gt; 与 &amp;lt; 都是字面文字",
    "\u202e这一行含有从右到左覆盖字符，读者看到的文字方向可能颠倒。",
    "",
    "一、公共卫生体系建设",
    "",
    "全县建成发热门诊3个、发热哨点诊室19个，县疾控中心PCR实验室日检测能力达到8000管；"
    "全年开展流行病学调查培训12期，<img src=x onerror=alert(2)>培训基层防控人员860人次。",
    "",
    "二、家庭医生签约服务",
    "",
    "组建家庭医生签约服务团队146个，重点人群签约率达到78.6%，[签约](javascript:alert(3))"
    "服务包由6类扩展到11类，{% raw %}群众满意度{{ 98 }}测评为96.3分。",
    "",
    "临武县卫生健康局",
    "2022年1月26日",
    "",
    "扫一扫在手机打开当前页",
    "主办:临武县人民政府办公室",
])

YUANLING = report("沅陵县", "沅陵县卫生健康局2021年工作总结", "2022-01-27", [
    "2021年，沅陵县卫生健康局以创建国家卫生县城为抓手，全面提升城乡卫生健康服务水平，"
    "全县人均预期寿命达到77.2岁。",
    "一、卫生应急",
    "修订完善突发公共卫生事件应急预案9个，组建县级卫生应急队伍4支128人，"
    "开展汛期医疗救援和传染病处置演练6次，及时处置突发公共卫生事件2起。",
    "二、信息化建设",
    "建成县域全民健康信息平台，实现县乡村三级医疗机构检查结果互认和远程会诊全覆盖，"
    "全年开展远程心电诊断2.1万例、远程影像诊断1.4万例。",
], "2022年1月25日")

NINGYUAN = report("宁远县", "宁远县卫生健康局2021年工作总结", "2022-02-08", [
    "2021年，宁远县卫生健康局聚焦群众看病就医的突出问题，推动优质医疗资源扩容下沉，"
    "群众就医负担进一步减轻。",
    "一、分级诊疗",
    "县人民医院与14个乡镇卫生院建立双向转诊绿色通道，全年上转患者2860人次、下转1930人次；"
    "基层首诊率提高到63.4%，县外转诊率下降到9.1%。",
    "二、老龄健康",
    "建成医养结合机构5家，为辖区6.8万名65岁以上老年人提供免费健康体检，"
    "开展老年人失能预防干预试点2个，老年友善医疗机构覆盖率达到85%。",
], "2022年2月6日")

LANSHAN = report("蓝山县", "蓝山县卫生健康局2021年工作总结", "2022-02-09", [
    "2021年，蓝山县卫生健康局落实“健康湖南”行动部署，统筹推进医疗、医保、医药联动改革，"
    "卫生健康事业发展迈出新步伐。",
    "一、药品供应保障",
    "全县公立医疗机构国家集采药品采购金额3120万元，节约药品费用1460万元；"
    "村卫生室实行药品零差率销售，基本药物配备使用比例达到92%。",
    "二、托育服务",
    "出台促进3岁以下婴幼儿照护服务发展实施方案，新增普惠托位420个，"
    "每千人口拥有托位数达到2.3个，完成托育机构备案8家。",
], "2022年2月7日")

LIUYANG = report("浏阳市", "浏阳市卫生健康局2021年工作总结", "2022-02-10", [
    "2021年，浏阳市卫生健康局坚持以改革创新为动力，统筹推进疫情防控和卫生健康各项重点工作，"
    "全市居民主要健康指标持续优于全省平均水平。",
    "一、公立医院改革",
    "市人民医院、市中医医院全面实行党委领导下的院长负责制，推行薪酬制度改革，"
    "医务人员收入中固定部分占比提高到45%，医疗服务收入占比达到36.8%。",
    "二、精神卫生",
    "全市在册严重精神障碍患者5218人，规范管理率96.5%，服药率88.2%；"
    "开通24小时心理援助热线，全年接听求助电话3640个。",
], "2022年2月8日")

XIUWU_ODD_NAME = report("修武县", "修武县卫生健康委员会2021年工作总结", "2022-02-11", [
    "2021年，修武县卫生健康委员会围绕县委县政府中心工作，持续深化“放管服”改革，"
    "卫生健康领域政务服务事项全部实现网上可办。",
    "一、依法行政",
    "梳理卫生健康行政权力事项214项，医疗机构执业登记办理时限由20个工作日压缩到5个工作日；"
    "全年办理行政许可事项1360件，群众满意率100%。",
    "二、职业健康",
    "对全县83家存在职业病危害因素的企业开展专项检查，督促整改问题119条，"
    "劳动者职业健康检查覆盖率达到95%以上。",
], "2022年2月9日")

CHROME_ONLY = "\n".join([
    "您现在所在的位置 : 首页 > 政务公开 > 工作动态",
    "分享到:",
    "【字体:大 中 小】",
    "扫一扫在手机打开当前页",
    "相关政策",
    "友情链接",
    "主办:东安县人民政府办公室  承办:东安县行政审批服务局",
    "湘ICP备16008386号  网站标识码:4311220001",
]) + "\n"

LATIN1 = ("Rapport annuel du bureau de santé, année 2021. Résumé: la vaccination a progressé, "
          "les hôpitaux ont été rénovés, et le budget a été équilibré.\n") * 5
SHIFT_JIS = ("令和3年度 保健所の年次報告書です。新型コロナウイルス感染症対策について、"
             "市民の皆様のご協力をお願いします。ワクチン接種は順調に進んでいます。\n") * 5


def png_bytes() -> bytes:
    """A real 1x1 PNG (signature, IHDR, IDAT, IEND), as a screenshot dropped in by mistake."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")
    ihdr = (1).to_bytes(4, "big") + (1).to_bytes(4, "big") + bytes([8, 2, 0, 0, 0])
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
            + chunk(b"IEND", b""))


def pdf_bytes() -> bytes:
    """A minimal PDF with a compressed (binary) stream, as a scanned report saved as .txt."""
    stream = zlib.compress("东安县卫生健康局2020年工作总结".encode("utf-16-be"))
    return (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length " + str(len(stream)).encode() + b" /Filter /FlateDecode >>\n"
            b"stream\n" + stream + b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")


def random_bytes() -> bytes:
    """Binary data with no known signature (deterministic: the same bytes on every run)."""
    out = bytearray()
    x = 2463534242
    while len(out) < 4096:
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        out += x.to_bytes(4, "little")
    return bytes(out)


def near_copy_of_001(seed: str) -> str:
    """Seed 001 reposted by another portal: other header, other footer, the same report text."""
    lines = seed.rstrip("\n").split("\n")
    body = [line for line in lines[1:] if not line.startswith(("主办单位", "地址", "辽公网安备", "辽ICP备", "建议使用", "网站监督"))]
    return "\n".join(["首页 > 新闻中心 > 部门动态", "发布时间：2025-10-12  来源：阜新市卫生健康委员会", *body,
                      "版权所有：阜新市卫生健康委员会", "辽ICP备2020000001号"]) + "\n"


HOSTILE_CORRECTION = """\
# 人工更正：值里夹带的标记必须原样显示
title: '沅陵县卫生健康局2021年工作总结<img src=x onerror=window.__pwned=1>'
agency: '{{ config.site_name }}沅陵县卫生健康局'
source: '[县政府网](javascript:window.__pwned=1)'
source_url: 'https://www.yuanling.gov.cn/zwgk/art_1.html?a=1&b=2'
"""


# --- the sample set --------------------------------------------------------------------------

# file name -> bytes. Names exercise spaces, Chinese, '..', and Markdown syntax characters
# that are legal on every file system ('<', '>', ':', '"' are not on Windows).
def samples() -> dict[str, bytes]:
    seed000 = (SEEDS / "000_2ac8209b6c6491b0.txt").read_bytes()
    seed001 = (SEEDS / "001_bef659f45db81c95.txt").read_text(encoding="utf-8")
    return {
        # encodings that must be read
        "enc_utf8_bom.txt": b"\xef\xbb\xbf" + LINLI.encode("utf-8"),
        "enc_gb18030.txt": TAOYUAN.encode("gb18030"),
        "enc_gbk.txt": ANHUA.encode("gbk"),
        "enc_gb2312.txt": WUGANG.encode("gb2312"),
        "enc_utf16le_bom.txt": b"\xff\xfe" + LONGSHAN.replace("\n", "\r\n").encode("utf-16-le"),
        "enc_utf16be_bom.txt": b"\xfe\xff" + YONGSHUN.encode("utf-16-be"),
        # files that must be refused with one clear message each
        "bad_latin1.txt": LATIN1.encode("latin-1"),
        "bad_shift_jis.txt": SHIFT_JIS.encode("shift_jis"),
        "bad_png_renamed.txt": png_bytes(),
        "bad_pdf_renamed.txt": pdf_bytes(),
        "bad_random_bytes.txt": random_bytes(),
        "bad_empty.txt": b"",
        "bad_chrome_only.txt": CHROME_ONLY.encode("utf-8"),
        "notes.docx": b"PK\x03\x04" + bytes(60),
        # untrusted text
        "inject_临武县 script.txt": LINWU.encode("utf-8"),
        # names
        "沅陵县 卫健局 2021 工作总结.txt": YUANLING.encode("utf-8"),
        "a..b.txt": NINGYUAN.encode("utf-8"),
        "..txt": LANSHAN.encode("utf-8"),
        "#1 [注] & 'q' {x} 100%.txt": XIUWU_ODD_NAME.encode("utf-8"),
        # collisions and copies
        "x_2ac8209bffffffff.txt": LIUYANG.encode("utf-8"),
        "dup_exact_of_000.txt": seed000,
        "dup_near_of_001.txt": near_copy_of_001(seed001).encode("utf-8"),
        # corrections
        "enc_utf8_bom.yml": "county: 临澧县\nyear: [2021\n".encode("utf-8"),
        "enc_gbk.yml": "year: 2021\ncountry: 安化县\n".encode("utf-8"),
        "enc_gb2312.yml": "county: 武冈市\nyear: 二〇二一年\n".encode("utf-8"),
        "a..b.yml": "year: 2021\ncounty: 宁远郡\n".encode("utf-8"),
        "orphan_no_report.yml": "county: 东安县\n".encode("utf-8"),
        "..yml": "source_url: javascript:window.__pwned=1\n".encode("utf-8"),
        # a valid correction whose values are hostile: applied, and shown as text
        "沅陵县 卫健局 2021 工作总结.yml": HOSTILE_CORRECTION.encode("utf-8"),
    }


# The problem each refused or corrected file must be reported with (a phrase of the message).
EXPECTED = {
    "bad_latin1.txt": "re-save the file as UTF-8",
    "bad_shift_jis.txt": "re-save the file as UTF-8",
    "bad_png_renamed.txt": "PNG",
    "bad_pdf_renamed.txt": "PDF",
    "bad_random_bytes.txt": "re-save the file as UTF-8",
    "bad_empty.txt": "the file is empty",
    "bad_chrome_only.txt": "nothing but site chrome",
    "notes.docx": "not a .txt report file",
    "enc_utf8_bom.yml": "not valid YAML",
    "enc_gbk.yml": "unknown field 'country'",
    "enc_gb2312.yml": "'year' must be a year",
    "a..b.yml": "unknown county '宁远郡'",
    "orphan_no_report.yml": "there is no report orphan_no_report.txt",
    "..yml": "'source_url' must be a web address",
    "dup_exact_of_000.txt": "000_2ac8209b6c6491b0.txt",
    "dup_near_of_001.txt": "001_bef659f45db81c95.txt",
    "x_2ac8209bffffffff.txt": "000_2ac8209b6c6491b0.txt",
}
# Line of the override files' messages (file:line).
EXPECTED_LINE = {"enc_utf8_bom.yml": 2, "enc_gbk.yml": 2, "enc_gb2312.yml": 2, "a..b.yml": 2, "..yml": 1}


def big_file(path: Path, size: int = 20 * 1024 * 1024) -> Path:
    """A 20 MB text file: a whole site dump saved as one report."""
    block = ("全县卫生健康系统深入推进医药卫生体制改革，基层医疗卫生服务能力持续提升。\n" * 200).encode("utf-8")
    with path.open("wb") as f:
        written = 0
        while written < size:
            f.write(block)
            written += len(block)
    return path


def write(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in samples().items():
        path = out / name
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        paths.append(path)
    return paths


def copy_into(reports: Path) -> None:
    """Copy the committed samples (not this script) into a reports folder."""
    for path in sorted(HERE.iterdir()):
        if path.is_file() and path.suffix != ".py":
            shutil.copyfile(path, reports / path.name)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    for p in write(target):
        print(p)
