"""Traditional characters as simplified ones, for the words the parser reads (unit names, labels,
table header words): a traditional copy of a page keeps its units, and the office registers them in
simplified characters.

One character for one character (the text keeps its length, so positions found in the converted
text hold in the original). Data only: the characters that occur in government unit names, role
labels and header words; characters whose simplified form depends on the word (乾/干, 著/着) are
left out.
"""

from __future__ import annotations

_TRADITIONAL = (
    "牽鄧閻湯韓顏"
    "開務區進發讀單門時業點關監辦應羣衆眾內實強場費資項準對縣權責綜執財稅佈設規確結動來經會鎮審問題決迴濟運廣電機續為爲類營環"
    "統貫徹廳見圍繞級產創穩幫輸劃斷競爭網戶減盡職擴認將國條緊許據負義圖聞樂氣學於熱訪預覺長響飲復饋鄉壟當誠優個臺別層納繳間議"
    "報屬現給們請際總華豐寬參與達礎態獲隨處況陽質識標變領籌錄覈衛護醫療藥體遊藝術館書檔軍隊農漁畫園黨紀檢組織編員兒婦聯殘僑協"
    "團輔導測繪證計價銀險額貿郵遞訊燈鐵車輛橋樑築樓廈勞災糧倉儲礦鋼廠銷購買賣貨幣錢貸億萬並從親愛兩嚴專東樣龍閱雙號歸掃惡轉讓"
    "評試詢諮調談該說語誤謀講觀歡難雜離靈頂順須頒頭顧顯風飛驗鬥魚麗齊齡壓壞壯聲備複夠奮嬰孫寧寶屆島嶺幹廟廢徑徵懷戰擔擁攜攝數"
    "晉暢曆歷極構橫歲殯沒湧滅漢潔澤濱爐獎獨畢盜礙禮種積窮節範簡簽糾紅約紡線細終絕絡絲綠維緒練績繼罰羅聽腦興舉艱莊葉蓋薦藍蘇蘭"
    "補裝製視訂託記訴診詞譯貝貧販貼賓賠賦賽贊趨跡踐躍軟較載輕輪連週過違遠適選遺還邊鄰釋針錯鍵鏈鐘鑑鑒閉閒陸陳隱雖頻願養餘馬駐"
    "驅麥黃圓塊壇擊換損撥撫擬勵勸勝勢卻喪堅塗壽頁倫係偉側偵傳傷債僅儀兌則剛劑劉辭習亂亞凍幾憑覽閩閣鏡稱註匯後裏裡懲詳証讚壩灣"
    "汙廚寫宮筆禦氫嶽滙滯臨訓誌諾謝貢賬輿鑽紐緝繕縱縮聖膽膚臟艦蝕衝襲觸誕謹譽賴躉釐銜鋒錦鍋闊隸雲頸顆颱駛騰鬱鹽齋"
)
_SIMPLIFIED = (
    "牵邓阎汤韩颜"
    "开务区进发读单门时业点关监办应群众众内实强场费资项准对县权责综执财税布设规确结动来经会镇审问题决回济运广电机续为为类营环"
    "统贯彻厅见围绕级产创稳帮输划断竞争网户减尽职扩认将国条紧许据负义图闻乐气学于热访预觉长响饮复馈乡垄当诚优个台别层纳缴间议"
    "报属现给们请际总华丰宽参与达础态获随处况阳质识标变领筹录核卫护医疗药体游艺术馆书档军队农渔画园党纪检组织编员儿妇联残侨协"
    "团辅导测绘证计价银险额贸邮递讯灯铁车辆桥梁筑楼厦劳灾粮仓储矿钢厂销购买卖货币钱贷亿万并从亲爱两严专东样龙阅双号归扫恶转让"
    "评试询咨调谈该说语误谋讲观欢难杂离灵顶顺须颁头顾显风飞验斗鱼丽齐龄压坏壮声备复够奋婴孙宁宝届岛岭干庙废径征怀战担拥携摄数"
    "晋畅历历极构横岁殡没涌灭汉洁泽滨炉奖独毕盗碍礼种积穷节范简签纠红约纺线细终绝络丝绿维绪练绩继罚罗听脑兴举艰庄叶盖荐蓝苏兰"
    "补装制视订托记诉诊词译贝贫贩贴宾赔赋赛赞趋迹践跃软较载轻轮连周过违远适选遗还边邻释针错键链钟鉴鉴闭闲陆陈隐虽频愿养余马驻"
    "驱麦黄圆块坛击换损拨抚拟励劝胜势却丧坚涂寿页伦系伟侧侦传伤债仅仪兑则刚剂刘辞习乱亚冻几凭览闽阁镜称注汇后里里惩详证赞坝湾"
    "污厨写宫笔御氢岳汇滞临训志诺谢贡账舆钻纽缉缮纵缩圣胆肤脏舰蚀冲袭触诞谨誉赖趸厘衔锋锦锅阔隶云颈颗台驶腾郁盐斋"
)
TABLE = str.maketrans(_TRADITIONAL, _SIMPLIFIED)


def to_simplified(text: str) -> str:
    """``text`` with the traditional characters of the table in simplified form (same length)."""
    return text.translate(TABLE)
