#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Writes the seed corpora of the fuzz targets, tests/fuzz/corpus/NAME/,
# from tests/fixtures and small hand-made inputs:
#   python3 tests/fuzz/make-corpus.py
# The output is committed; run this again after changing it. Inputs a
# fuzzer found (crashes, leaks) go to tests/fuzz/regressions/NAME/ by hand.
import json, os, sys, zipfile

top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
fixtures = os.path.join(top, 'tests', 'fixtures')
out = os.path.join(top, 'tests', 'fuzz', 'corpus')

W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
def mkid(region, birth, seq):
    body = f"{region}{birth}{seq:03d}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, W)) % 11]

def write(target, name, data):
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode('utf-8')
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data)

def js(o):
    return json.dumps(o, ensure_ascii=False, indent=1)

ID1, ID2, ID3 = mkid('110105', '19800101', 11), mkid('410102', '19900215', 22), mkid('512501', '19751130', 33)

# ---- roster-csv -------------------------------------------------------------
hdr = '姓名,身份证号码,联系电话,工种,进场日期,月工资（元）,欠薪金额（元）\n'
write('roster-csv', 'utf8.csv',
      '城南工地 劳务班组工资表\n' + hdr +
      f'张三,{ID1},13812345678,钢筋工,2026-03-01,"8,000",12000\n'
      f'李四,{ID2},010-82345678,木工,2026/3/5,7500,1.2万\n'
      f'王五,{ID3},,杂工,20260310,¥6000,6000.50\n'
      '合计,,,,,,30000.50\n')
write('roster-csv', 'gbk.csv', (hdr + f'张三,{ID1},13812345678,钢筋工,2026年3月1日,8000,12000\n').encode('gb18030'))
write('roster-csv', 'tabs.txt', '工资表\n' + hdr.replace(',', '\t') + f'张三\t{ID1}\t13812345678\t钢筋工\t46082\t8000\t12000\n')
write('roster-csv', 'utf16.txt', b'\xff\xfe' + (hdr.replace(',', '\t') + f'李四\t{ID2}\t\t木工\t2026-03-05\t\t9000\n').encode('utf-16-le'))
write('roster-csv', 'english.csv', 'name,id_number,phone,owed\n"Zhang, San",' + ID1 + ',138 1234 5678,"12,000.00"\n"multi\nline",,,1\n')
write('roster-csv', 'errors.csv', hdr + f'张三,{ID1[:17]}0,1381234,钢筋工,2026-13-01,-5,约一万\n,{ID1},,,,,\n张三,{ID1},,,,,1e15\n')
write('roster-csv', 'dates.csv', '姓名,入职日期,欠薪\n甲,20260230,1\n乙,00000000,1\n丙,2026.2.28,1\n丁,2024年2月29日 08:00,1\n')
write('roster-csv', 'bom.csv', '\ufeff' + hdr + f'张三,{ID1},13812345678,钢筋工,2026-03-01,8000,12000\n')

# ---- roster-xlsx ------------------------------------------------------------
for name in ('roster-72-contractor.xlsx', 'roster-72-contractor-fixed.xlsx'):
    with open(os.path.join(fixtures, name), 'rb') as f:
        write('roster-xlsx', name, f.read())

def parts(d):
    return ''.join(f'--- {k}\n{v}\n' for k, v in d.items())

M = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
P = 'http://schemas.openxmlformats.org/package/2006/relationships'
with zipfile.ZipFile(os.path.join(fixtures, 'roster-72-contractor.xlsx')) as z:
    names = ['xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/sharedStrings.xml',
             'xl/worksheets/sheet1.xml']
    full = {n: z.read(n).decode('utf-8') for n in names}
    write('roster-xlsx', 'parts-72.txt', parts(full))
workbook = f'<workbook xmlns="{M}" xmlns:r="{R}"><workbookPr date1904="0"/><sheets><sheet name="工资表" sheetId="1" r:id="rId1"/></sheets></workbook>'
rels = (f'<Relationships xmlns="{P}"><Relationship Id="rId1" Type="{R}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{R}/sharedStrings" Target="sharedStrings.xml"/>'
        f'<Relationship Id="rId3" Type="{R}/styles" Target="styles.xml"/></Relationships>')
styles = (f'<styleSheet xmlns="{M}"><numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>'
          '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="176"/></cellXfs></styleSheet>')
sst = f'<sst xmlns="{M}"><si><t>姓名</t></si><si><t>欠薪金额</t></si><si><r><t>张</t></r><r><t>三</t></r><rPh><t>zhang</t></rPh></si></sst>'
sheet = (f'<worksheet xmlns="{M}"><sheetData>'
         '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>入职日期</t></is></c></row>'
         '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>12000.5</v></c><c r="C2" s="1"><v>46082</v></c></row>'
         '<row r="3"><c r="A3" t="inlineStr"><is><t>李四</t></is></c><c r="B3" t="str"><f>1+1</f><v>2</v></c><c r="C3" s="2"><v>46083</v></c></row>'
         '<row><c t="b"><v>1</v></c><c t="e"><v>#N/A</v></c><c t="d"><v>2026-03-01T00:00:00</v></c></row>'
         '</sheetData></worksheet>')
small = {'xl/workbook.xml': workbook, 'xl/_rels/workbook.xml.rels': rels, 'xl/styles.xml': styles,
         'xl/sharedStrings.xml': sst, 'xl/worksheets/sheet1.xml': sheet}
write('roster-xlsx', 'parts-small.txt', parts(small))
write('roster-xlsx', 'parts-no-rels.txt', parts({'xl/workbook.xml': workbook, 'xl/worksheets/sheet1.xml': sheet}))
write('roster-xlsx', 'parts-sparse.txt', parts(dict(small, **{'xl/worksheets/sheet1.xml':
      f'<worksheet xmlns="{M}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
      '<row r="2"><c r="A2" t="inlineStr"><is><t>张三</t></is></c><c r="B2"><v>100</v></c><c r="Z2"><v>1</v></c></row>'
      '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>'})))

write('roster-xlsx', 'parts-encoding.txt', parts({'xl/workbook.xml': workbook, 'xl/worksheets/sheet1.xml':
      '<?xml version="1.0" encoding="GB2312"?>\n' + sheet}))

# ---- case-csv ---------------------------------------------------------------
write('case-csv', 'cases.csv',
      '案件,标题,类型,来源,收案日期,用人单位,统一社会信用代码,姓名,身份证号,电话,工种,月工资,欠薪金额,事实\n'
      f'A1,城南工地欠薪,wage_arrears,hotline,2026-11-16,华建劳务有限公司,91110108MA01ABCD0B,张三,{ID1},13812345678,钢筋工,8000,12000,完工后拖欠\n'
      f'A1,城南工地欠薪,,,2026-11-16,华建劳务有限公司,,李四,{ID2},,木工,,1.2万,\n'
      f'B2,,Economic compensation,Walk-in,2026-11-17,某科技公司,,王五,{ID3},13912345678,,,,"解除合同\n未付补偿"\n')
write('case-csv', 'english.csv', 'employer,received_on,name,owed\nACME,2026-11-16,Zhang San,"1,000"\nACME,2026-11-16,Li Si,abc\n')
write('case-csv', 'gbk.csv', ('用人单位,姓名,欠薪\n华建劳务,张三,100\n').encode('gb18030'))

# ---- case-json --------------------------------------------------------------
full_case = {
    "title": "城南工地农民工欠薪", "kind": "wage_arrears", "source": "hotline",
    "received_on": "2026-11-16", "accepted_on": "2026-11-16", "knew_on": "2026-10-31",
    "employment_ended_on": "2026-10-31", "employment_ongoing": False, "facts": "工程完工后拖欠工资。",
    "hotline_ref": "12351-20261116-001",
    "employer": {"name": "华建劳务有限公司", "credit_code": "91110108MA01ABCD0B", "representative": "李强",
                 "phone": "010-82345678", "address": "北京市海淀区", "contact": "王会计"},
    "chain": [{"role": "general_contractor", "name": "中城建设集团"}, {"role": "subcontractor", "name": "华建劳务有限公司"},
              {"role": "team_leader", "name": "赵老四", "phone": "13912345678"}],
    "workers": [{"name": "张三", "id_number": ID1, "phone": "13812345678", "job": "钢筋工", "start_date": "2026-03-01",
                 "monthly_wage_fen": 800000, "owed_fen": 1200000},
                {"name": "李四", "id_number": ID2, "owed_fen": 900000}],
    "agents": [{"name": "刘律师", "role": "agent", "represents": "worker", "phone": "13712345678"}],
    "claims": [{"kind": "wages", "amount_fen": 2100000, "description": "7月至10月工资"}],
    "layoff": True, "layoff_size": 40, "illegal_project": True,
}
write('case-json', 'full.json', js(full_case))
write('case-json', 'minimal.json', js({"kind": "other", "source": "walk_in", "title": "咨询"}))
write('case-json', 'referral.json', js({"kind": "termination", "source": "court", "referred_by": "江宁区人民法院",
                                        "referral_ref": "(2026)苏0115民诉前调1234号", "employer": {"name": "某公司"},
                                        "employment_ongoing": True}))
write('case-json', 'bad-types.json', '{"kind":"wage_arrears","source":"hotline","title":"x","employment_ongoing":"no",'
      '"layoff_size":-5,"workers":[{"name":"a\\u0000b","owed_fen":1e308},{"name":3}],"claims":[{"kind":"wages","amount_fen":12.5}],'
      '"layoff":"yes","chain":{},"employer":[]}')
write('case-json', 'patch.json', js({"facts": "补充事实", "employment_ongoing": True, "layoff": False, "layoff_size": None,
                                     "limitation_restarted_on": "2026-11-01"}))
write('case-json', 'escapes.json', '{"kind":"other","source":"station","title":"\\u5f20\\u4e09 \\ud83d\\ude00 \\"q\\" \\\\ \\/ \\b\\f\\n\\r\\t","facts":"\\u00e9"}')
write('case-json', 'numbers.json', '{"kind":"other","source":"station","title":"n","workers":[{"name":"a","owed_fen":9223372036854775807},'
      '{"name":"b","owed_fen":-0},{"name":"c","monthly_wage_fen":1E2},{"name":"d","owed_fen":100000000000000}]}')

# ---- store ------------------------------------------------------------------
write('store', 'doc.json', js({"_id": "case-1", "type": "case", "title": "城南工地", "n": 1, "f": 1.5, "b": True,
                               "z": None, "list": [1, "二", {"三": [4]}]}))
write('store', 'bulk.json', js([{"_id": "a", "v": 1}, {"_id": "a", "v": 2}, {"_id": "b", "_deleted": True},
                                {"v": "generated id"}, {"_id": "_local/checkpoint", "last_seq": 7},
                                {"_id": "c", "_attachments": {"photo.jpg": {"content_type": "image/jpeg",
                                                                             "data": "aGVsbG8gd29ybGQ="}}}]))
write('store', 'replicated.json', js({"new_edits": False, "docs": [
    {"_id": "r", "_rev": "3-c", "_revisions": {"start": 3, "ids": ["c", "b", "a"]}, "v": 3},
    {"_id": "r", "_rev": "3-d", "_revisions": {"start": 3, "ids": ["d", "b", "a"]}, "v": 4},
    {"_id": "r", "_rev": "4-e", "_revisions": {"start": 4, "ids": ["e", "d"]}, "_deleted": True},
    {"_id": "s", "_rev": "1-x", "v": 1},
    {"_id": "t", "_rev": "2-y", "_revisions": {"start": 2, "ids": ["y", "x"]},
     "_attachments": {"a.txt": {"content_type": "text/plain", "data": "YWJj", "digest": "md5-kAFQmDzST7DWlj99KOF/cg==",
                                "revpos": 2, "length": 3}}},
    {"_id": "t", "_rev": "3-z", "_revisions": {"start": 3, "ids": ["z", "y"]},
     "_attachments": {"a.txt": {"stub": True, "digest": "md5-kAFQmDzST7DWlj99KOF/cg==", "revpos": 2, "length": 3}}},
]}))
write('store', 'edit-chain.json', js([{"_id": "e", "v": 1}, {"_id": "e", "_rev": "1-nothere", "v": 2},
                                      {"_id": "e", "_deleted": True}]))
write('store', 'deep.json', '{"_id":"deep","d":' + '[' * 40 + ']' * 40 + '}')
write('store', 'unicode.json', '{"_id":"\\u6848\\u4ef6","名":"\\ud83d\\ude00","e":"\\u00e9\\t"}')
write('store', 'local.json', js({"_id": "_local/sync", "history": [{"session_id": "s", "recorded_seq": 3}]}))

# ---- template ---------------------------------------------------------------
tdir = os.path.join(top, 'src', 'core', 'docgen', 'templates')
for name in sorted(os.listdir(tdir)):
    if name.endswith('.xml'):
        with open(os.path.join(tdir, name), 'rb') as f:
            write('template', name, f.read())
write('template', 'small.xml',
      '<template name="t" title="测试">\n'
      '<title>{{case.number}}</title>\n'
      '<paragraph align="center" indent="2" style="small" bold="true">申请人：<b>{{case.workers.0.name}}</b> '
      '<u>{{case.totals.owed_fen|money}}</u> {{case.totals.owed_fen|money_upper}} {{case.received_on|date_cn}}'
      '<br/><blank chars="4"/><field path="case.nothing" optional="true" blank="6"/>{{case.kind|label}} '
      '{{case.workers|count}} {{settlement.installment_count|cn_number}} {{case.workers.0.id_number|masked_id}}'
      '{{case.workers.0.phone|masked_phone}}{{case.missing?}}</paragraph>\n'
      '<if path="case.flags" contains="collective"><heading>集体</heading><else><p>个人</p></else></if>\n'
      '<if path="case.kind" equals="wage_arrears" not="true"><p>x</p></if>\n'
      '<table widths="1,3" row-height="8"><header><cell>序号</cell><cell>姓名</cell></header>'
      '<each path="case.workers" as="w" index="n"><row><cell align="right">{{n}}</cell><cell bold="true">{{w.name}}</cell></row></each>'
      '<row><cell span="2">合计</cell></row></table>\n'
      '<signatures columns="2"><signature marks="sign,seal,fingerprint" date="true" space="14">申请人</signature>'
      '<each path="case.chain" as="c"><signature>{{c.name}}</signature></each></signatures>\n'
      '<pagebreak/><spacer height="5"/><subtitle>附</subtitle>\n'
      '</template>\n')
write('template', 'errors.xml', '<template title="t"><paragraph>{{case.nope}} {{ case.number | bogus }}</paragraph><table widths="0"/></template>')

# ---- docgen-model -----------------------------------------------------------
with open(os.path.join(fixtures, 'docgen-wage-arrears-72.json'), encoding='utf-8') as f:
    model = json.load(f)
small_model = dict(model)
keep = [w['id'] for w in model['workers'][:3]]
small_model['workers'] = model['workers'][:3]
s = dict(model['settlement'])
insts = []
for inst in s['installments']:
    allocs = [a for a in inst['allocations'] if a['worker_id'] in keep]
    insts.append(dict(inst, allocations=allocs, amount_fen=sum(a['amount_fen'] for a in allocs)))
s['installments'] = insts
s['total_fen'] = sum(i['amount_fen'] for i in insts)
small_model['settlement'] = s
small_model['totals'] = dict(model['totals'], workers=3, owed_fen=sum(w['owed_fen'] for w in small_model['workers']))
write('docgen-model', 'case-3-workers.json', js(small_model))
write('docgen-model', 'case-only.json', js({k: v for k, v in small_model.items()
                                            if k not in ('settlement', 'agreement', 'outcome', 'consultation')}))
write('docgen-model', 'nested.json', js({"case": {"number": "1", "workers": [{"name": "甲", "owed_fen": 1}]},
                                         "settlement": {"total_fen": 1, "installments": [{"due_on": "2026-12-01", "amount_fen": 1}]},
                                         "organisation": {"name": "调委会"}, "agreement": {"copies": 3}}))
write('docgen-model', 'odd-values.json', js({"number": 5, "title": ["x"], "totals": {"owed_fen": 999999999999999999},
                                             "workers": [{"name": None, "owed_fen": -1, "id_number": 1, "phone": True}],
                                             "settlement": {"total_fen": 0, "installments": []},
                                             "agreement": {"copies": 100, "signed_on": "2026-02-30"}}))
print('corpus written to', out)
