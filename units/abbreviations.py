"""The standard full and short names of Chinese government departments, as data.

Each entry is one department as it exists in a jurisdiction. ``full`` lists the official names it
goes by (the first is used when a document writes only a short form), ``short`` the short forms
documents write; both without the jurisdiction prefix (区/县/市). A jurisdiction has one of the
forms of an entry, never two of them (a county has 卫生健康局 *or* 卫生健康委员会), so every form
of an entry names the same unit: 区发改局 and 区发展和改革局 become one unit with an alias.

``kind`` overrides the kind guessed from the name's ending (units.naming.guess_kind).
Departments that are often merged or split differently from place to place (商务局 and
商务和投资促进局, 教育局 and 教育和体育局, 国资局 and 国资中心) are separate entries: a person merges
them in the registry page when they are one unit there.
"""

from __future__ import annotations

DEPARTMENTS: list[dict] = [
    {"full": ["人民政府办公室"], "short": ["政府办公室", "政府办"], "kind": "office"},
    {"full": ["党政办公室"], "short": ["党政办"], "kind": "office"},
    {"full": ["发展和改革局", "发展和改革委员会"], "short": ["发改局", "发展改革局", "发改委", "发展改革委"]},
    {"full": ["人力资源和社会保障局"], "short": ["人社局", "人力资源社会保障局", "人力社保局"]},
    {"full": ["住房和城乡建设局", "住房和城乡建设委员会"],
     "short": ["住建局", "住房城乡建设局", "住建委", "住房城乡建设委"]},
    {"full": ["卫生健康局", "卫生健康委员会"], "short": ["卫健局", "卫健委", "卫生健康委", "卫生和健康局"]},
    {"full": ["市场监督管理局"], "short": ["市场监管局"]},
    {"full": ["自然资源局", "自然资源和规划局"], "short": ["自然资源规划局"]},
    {"full": ["行政审批服务局"], "short": ["审批服务局", "行政审批局", "审批局"]},
    {"full": ["医疗保障局"], "short": ["医保局"]},
    {"full": ["应急管理局"], "short": ["应急局"]},
    {"full": ["退役军人事务局"], "short": ["退役军人局"]},
    {"full": ["大数据局", "大数据发展管理局", "大数据中心", "大数据服务中心"], "short": []},
    {"full": ["教育和体育局"], "short": ["教体局", "教育体育局"]},
    {"full": ["教育局"], "short": []},
    {"full": ["农业农村局"], "short": ["农业局"]},
    {"full": ["文化和旅游局"], "short": ["文旅局", "文化旅游局"]},
    {"full": ["生态环境局"], "short": ["环保局", "环境保护局"]},
    {"full": ["交通运输局"], "short": ["交通局", "交运局"]},
    {"full": ["水务局", "城乡水务局", "水利局"], "short": []},
    {"full": ["统计局"], "short": []},
    {"full": ["财政局"], "short": []},
    {"full": ["审计局"], "short": []},
    {"full": ["司法局"], "short": []},
    {"full": ["民政局"], "short": []},
    {"full": ["公安局"], "short": []},
    {"full": ["商务局"], "short": []},
    {"full": ["商务和投资促进局"], "short": ["商促局", "商务投资促进局"]},
    {"full": ["科学技术局"], "short": ["科技局"]},
    {"full": ["工业和信息化局"], "short": ["工信局", "工业信息化局"]},
    {"full": ["城市管理局", "综合行政执法局", "城市管理综合执法局", "城市管理行政执法局"],
     "short": ["城管局", "综合执法局", "城管执法局"]},
    {"full": ["信访局"], "short": ["信访办"]},
    {"full": ["税务局"], "short": [], "kind": "branch"},
    {"full": ["供电公司"], "short": ["供电局", "电力公司"], "kind": "company"},
    {"full": ["地方金融监督管理局"], "short": ["地方金融监管局", "金融监管局", "金融局"]},
    {"full": ["金融服务中心"], "short": ["金融中心"]},
    {"full": ["扶贫开发办公室"], "short": ["扶贫办"], "kind": "department"},
    {"full": ["乡村振兴局"], "short": []},
    {"full": ["国有资产监督管理局", "国有资产监督管理委员会"], "short": ["国资局", "国资委"]},
    {"full": ["国有资产事务中心", "国有资产服务中心"], "short": ["国资中心"]},
    {"full": ["机构编制委员会办公室"], "short": ["编办", "委编办"], "kind": "other"},
    {"full": ["林业局"], "short": []},
    {"full": ["粮食和物资储备局"], "short": ["粮食局", "粮储局"]},
    {"full": ["民族宗教事务局"], "short": ["民宗局"]},
    {"full": ["人民防空办公室"], "short": ["人防办"], "kind": "department"},
    {"full": ["机关事务服务中心", "机关事务管理局"], "short": ["机关事务局"]},
    {"full": ["政务服务中心", "政务服务管理办公室"], "short": ["政务服务办", "政务中心"]},
    {"full": ["融媒体中心"], "short": []},
    {"full": ["档案馆", "档案局"], "short": []},
    {"full": ["气象局"], "short": []},
    {"full": ["住房公积金管理中心"], "short": ["公积金中心"]},
    {"full": ["公安局交通警察大队"], "short": ["交警大队"], "kind": "branch"},
    {"full": ["消防救援大队"], "short": ["消防大队"], "kind": "branch"},
    {"full": ["总工会"], "short": ["工会"], "kind": "other"},
    {"full": ["妇女联合会"], "short": ["妇联"], "kind": "other"},
    {"full": ["残疾人联合会"], "short": ["残联"], "kind": "other"},
    {"full": ["科学技术协会"], "short": ["科协"], "kind": "other"},
    {"full": ["共青团委员会"], "short": ["团委"], "kind": "other"},
    {"full": ["人民法院"], "short": ["法院"], "kind": "other"},
    {"full": ["人民检察院"], "short": ["检察院"], "kind": "other"},
    {"full": ["外事办公室"], "short": ["外办"], "kind": "department"},
    {"full": ["政府研究室"], "short": [], "kind": "department"},
]
