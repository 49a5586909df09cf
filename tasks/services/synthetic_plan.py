"""The rows of a synthetic data set, planned in memory before anything is written.

Vocabulary and rules that make the data look like the seeds: section titles, task sentences put
together from phrase fragments, deadline phrases of every kind (resolved by the real
``tasks.deadlines.resolve``), units per task with roles, statuses that agree with the due dates,
reporting periods and report histories. All draws come from one ``random.Random(seed)`` in a fixed
order, so the same spec gives the same plan. ``tasks.services.synthetic`` writes the plan.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from tasks import deadlines
from tasks.models import (
    Assignment,
    AssignmentPeriod,
    DeadlineKind,
    Document,
    ProgressReport,
    ReportingPeriod,
    Role,
    Section,
    Status,
    Task,
)
from tasks.workdays import chinese_calendar_overrides
from units.models import Jurisdiction, JurisdictionRole, Membership, Unit

if TYPE_CHECKING:
    from tasks.services.synthetic import SyntheticSpec

NAME_PREFIX = "合成"  # every synthetic jurisdiction's name starts with it; --flush relies on that
USERNAME_PREFIX = "syn"
SYNTHETIC_PASSWORD = "opensched-synthetic"
SYNTHETIC_USERNAME = rf"^{USERNAME_PREFIX}[0-9]{{2,}}-(office|leader|u[0-9]{{3,}})$"

_PLACES = [
    "青山", "云溪", "临河", "东湖", "石门", "白沙", "清源", "龙泉", "金川", "桃源", "南岭", "北塘", "松江", "柳林",
    "长宁", "安平",
]
_TOWNS = [
    "沙河", "周营", "邹坞", "陶庄", "运河", "涧头", "邳庄", "泥沟", "马兰", "柳泉", "桑园", "梁堂", "范寨", "店子",
    "兰沃", "万善", "常庄", "新城",
]
_DEPARTMENTS = [  # (full name without the prefix, short name without the prefix)
    ("发展和改革局", "发改局"), ("财政局", "财政局"), ("工业和信息化局", "工信局"), ("自然资源局", "自然资源局"),
    ("农业农村局", "农业农村局"), ("商务和投资促进局", "商促局"), ("卫生健康局", "卫健局"),
    ("文化和旅游局", "文旅局"), ("市场监督管理局", "市场监管局"), ("司法局", "司法局"),
    ("行政审批服务局", "审批服务局"), ("教育和体育局", "教体局"), ("人力资源和社会保障局", "人社局"),
    ("民政局", "民政局"), ("医疗保障局", "医保局"), ("应急管理局", "应急局"), ("住房和城乡建设局", "住建局"),
    ("交通运输局", "交运局"), ("城乡水务局", "水务局"), ("退役军人事务局", "退役军人局"), ("大数据局", "大数据局"),
    ("地方金融监督管理局", "金融监管局"), ("统计局", "统计局"), ("审计局", "审计局"),
]
_TOP_TITLES = [
    "深化重点领域政府信息公开", "加强政策解读回应", "推进决策和执行公开", "提升政务公开平台效能",
    "强化基层政务公开", "优化政务公开制度体系", "加强组织保障",
]
_LEADS = ["", "", "持续", "进一步", "全面", "深入", "扎实", "切实"]
_VERBS = ["做好", "推进", "加大", "深化", "强化", "加强", "规范", "完善", "落实"]
_TOPICS = [
    "重点项目建设", "财政预决算", "减税降费政策", "惠民惠农政策和资金发放", "行政许可事项", "“十四五”规划实施",
    "公共资源配置", "义务教育招生入学", "保障性安居工程", "养老托育支持政策", "生态环境质量", "食品药品安全监管",
    "就业创业补贴", "医疗保障政策", "安全生产监管", "优化营商环境政策", "政府债务", "重大行政决策", "依申请公开",
    "政府开放活动", "政务舆情回应", "基层政务公开标准目录", "公共企事业单位信息", "行政执法", "统计数据",
    "乡村振兴项目", "老旧小区改造", "征地补偿", "涉企收费清单", "政府公报",
]
_TAILS = [
    "信息公开工作", "情况公开", "信息公开力度", "政策解读和回应", "相关信息的主动公开", "公开和解读力度", "全过程公开",
]
_OPENERS = ["", "", "", "围绕群众关切，", "按照“谁制定、谁解读”的原则，", "聚焦市场主体需求，", "依法依规"]
_DETAILS = [
    "及时公开进展、成效等信息", "在政府网站开设专题栏目集中发布", "通过新闻发布会、政策吹风会等形式做好解读",
    "严格按照规定时限公开", "确保信息发布的权威性和时效性", "做好标志性项目落地等关键节点的集中宣传推介",
    "推动相关信息向农村和社区延伸", "加强现场解答、电话解答等咨询渠道建设", "及时回应社会关切",
]
_REPORT_DONE = ["已在政府门户网站“{col}”专栏公开{topic}相关信息{n}条", "已通过政务新媒体同步发布{topic}政策解读{n}篇"]
_REPORT_NEXT = ["", "下一步将持续做好信息更新。", "下一步将加强政策解读，及时回应社会关切。"]
_COLUMNS = ["政府信息公开", "重点领域信息公开", "政策解读", "法定主动公开内容"]
_RETURN_NOTES = [
    "佐证材料不完整，请补充公开链接。", "公开内容与任务要求不符，请修改后重新报送。", "请补充政策解读材料。",
    "链接无法访问，请核实后重新报送。",
]
# (kind weight, phrases); {y}: the document's year, {n}: a number of working days.
_DEADLINES = [
    (30, ["{y}年年底前", "11月底前", "于7月15日前", "{y}年9月底前", "6月底前", "{y1}年6月底前"]),
    (12, ["本要点发布{n}个工作日内"]),
    (12, ["按季度", "按月", "每半年"]),
    (26, ["持续", "常态化", "长期坚持"]),
    (20, [""]),
]
_WORKDAYS = [10, 15, 20, 30, 60, 120]
_DIGITS = "零一二三四五六七八九"


def zh_number(n: int) -> str:
    """1 → 一, 10 → 十, 15 → 十五, 23 → 二十三 (enough for section numbers up to 99)."""
    tens, ones = divmod(n, 10)
    if n < 10:
        return _DIGITS[n]
    return (_DIGITS[tens] if tens > 1 else "") + "十" + (_DIGITS[ones] if ones else "")


def jurisdiction_name(index: int) -> str:
    place = _PLACES[index % len(_PLACES)] + (str(index // len(_PLACES) + 1) if index >= len(_PLACES) else "")
    return f"{NAME_PREFIX}{place}{'区' if index % 2 == 0 else '县'}"


def synthetic_jurisdictions():
    return Jurisdiction.objects.filter(name__startswith=NAME_PREFIX)

class Plan:
    """Rows planned in memory, written in dependency order."""

    def __init__(self, spec: SyntheticSpec):
        self.spec = spec
        self.rng = random.Random(spec.seed)
        self.today = spec.today or timezone.localdate()
        self.last_day = self.today - timedelta(days=1)  # everything that happened happened by yesterday
        self.tz = timezone.get_current_timezone()
        years = range(self.today.year - 4, self.today.year + 3)
        self.calendar = chinese_calendar_overrides(years).calendar()
        self.deadline_cache: dict[tuple[str, date], deadlines.Deadline] = {}
        self.rows: dict[str, list] = {key: [] for key in (
            "jurisdictions", "units", "users", "roles", "memberships", "documents", "top_sections", "sections",
            "tasks", "periods", "assignments", "assignment_periods", "reports")}
        self.period_rows: dict[int, list[ReportingPeriod]] = {}  # id(task) → its periods

    # --- people and places -------------------------------------------------------------------------------
    def build(self) -> None:
        password_hash = make_password(self.spec.password)
        User = get_user_model()
        for j in range(self.spec.jurisdictions):
            name = jurisdiction_name(j)
            prefix = name[-1]
            level = Jurisdiction.Level.DISTRICT if prefix == "区" else Jurisdiction.Level.COUNTY
            jurisdiction = Jurisdiction(name=name, short_name=name[len(NAME_PREFIX):], unit_prefix=prefix,
                                        level=level, order=1000 + j)
            self.rows["jurisdictions"].append(jurisdiction)
            units = self._units(jurisdiction, prefix)
            tag = f"{USERNAME_PREFIX}{j + 1:02d}"
            office = User(username=f"{tag}-office", first_name=f"{name}政务公开办", email=f"{tag}-office@example.org",
                          password=password_hash)
            leader = User(username=f"{tag}-leader", first_name=f"{name}分管领导", password=password_hash)
            self.rows["users"] += [office, leader]
            self.rows["roles"] += [
                JurisdictionRole(user=office, jurisdiction=jurisdiction, role=JurisdictionRole.Role.OFFICE),
                JurisdictionRole(user=leader, jurisdiction=jurisdiction, role=JurisdictionRole.Role.SUPERVISOR),
            ]
            liaisons = {}
            for k, unit in enumerate(units):
                liaison = User(username=f"{tag}-u{k + 1:03d}", first_name=f"{unit.short_name or unit.name}联络员",
                               password=password_hash)
                liaisons[id(unit)] = liaison
                self.rows["users"].append(liaison)
                self.rows["memberships"].append(Membership(user=liaison, unit=unit, role=Membership.Role.LIAISON))
            for d in range(self.spec.documents):
                self._document(jurisdiction, j, d, units, office, liaisons)

    def _units(self, jurisdiction: Jurisdiction, prefix: str) -> list[Unit]:
        count = self.spec.units
        towns = max(1, count * 3 // 10)
        units = [Unit(jurisdiction=jurisdiction, name=f"{prefix}人民政府办公室", short_name=f"{prefix}政府办公室",
                      kind=Unit.Kind.OFFICE, order=0)]
        for i in range(count - towns - 1):
            full, short = _DEPARTMENTS[i % len(_DEPARTMENTS)]
            lap = "" if i < len(_DEPARTMENTS) else str(i // len(_DEPARTMENTS) + 1)
            units.append(Unit(jurisdiction=jurisdiction, name=f"{prefix}{full}{lap}",
                              short_name=f"{prefix}{short}{lap}", kind=Unit.Kind.DEPARTMENT, order=len(units)))
        for i in range(towns):
            base = _TOWNS[i % len(_TOWNS)] + ("" if i < len(_TOWNS) else str(i // len(_TOWNS) + 1))
            units.append(Unit(jurisdiction=jurisdiction, name=base + ("镇" if i % 3 else "街道"), kind=Unit.Kind.TOWN,
                              order=len(units)))
        self.rows["units"] += units
        return units

    # --- documents, sections, tasks ----------------------------------------------------------------------
    def _document(self, jurisdiction, j, d, units, office, liaisons) -> None:
        rng, spec = self.rng, self.spec
        year = self.today.year - (spec.documents - 1 - d) * 3 // spec.documents
        latest = min(date(year, 10, 31), self.today - timedelta(days=20))
        earliest = min(date(year, 2, 1), latest)
        issued = earliest + timedelta(days=rng.randint(0, max(0, (latest - earliest).days)))
        place = jurisdiction.short_name
        if d % 3 == 0:
            title = f"{year}年{place}政务公开工作要点"
        else:
            title = f"{year}年{place}{rng.choice(_TOPICS)}公开实施方案"
        document = Document(
            jurisdiction=jurisdiction, title=title, doc_number=f"{place[0]}政办发〔{year}〕{d + 1}号",
            issuer=f"{jurisdiction.name}人民政府办公室", issued_on=issued, year=year,
            kind=Document.Kind.WORK_POINTS if d % 3 == 0 else Document.Kind.IMPLEMENTATION_PLAN,
            source_name=f"synthetic seed={spec.seed}", is_published=rng.random() < 0.7,
        )
        self.rows["documents"].append(document)
        sizes = []
        while sum(sizes) < spec.tasks:
            sizes.append(min(rng.randint(1, 5), spec.tasks - sum(sizes)))
        n_top = min(len(_TOP_TITLES), max(1, round(len(sizes) / 3)))
        tops = []
        for t in range(n_top):
            top = Section(document=document, label=zh_number(t + 1), title=_TOP_TITLES[t], level=1, order=len(tops))
            tops.append(top)
        self.rows["top_sections"] += tops
        order, sub_in_top = 0, Counter()
        for s, size in enumerate(sizes):
            top = tops[s * n_top // len(sizes)]
            sub_in_top[id(top)] += 1
            sub = Section(document=document, parent=top, label=f"（{zh_number(sub_in_top[id(top)])}）",
                          title=f"{rng.choice(_VERBS)}{rng.choice(_TOPICS)}领域政务公开", level=2, order=n_top + s)
            self.rows["sections"].append(sub)
            path = [f"{top.label}、{top.title}", f"{sub.label}{sub.title}"]
            for k in range(size):
                order += 1
                task = self._task(document, sub, path, order, k + 1)
                self._assign(task, units, office, liaisons, document)

    def _deadline(self, phrase: str, document: Document) -> deadlines.Deadline:
        key = (phrase, document.issued_on)
        if key not in self.deadline_cache:
            self.deadline_cache[key] = deadlines.resolve(
                phrase, issued_on=document.issued_on, year=document.year, calendar=self.calendar)
        return self.deadline_cache[key]

    def _phrase(self, document: Document) -> str:
        """A deadline phrase; about 5% run past the end of the last year with an official holiday schedule."""
        rng = self.rng
        phrases = rng.choices([p for _, p in _DEADLINES], weights=[w for w, _ in _DEADLINES])[0]
        phrase = rng.choice(phrases).format(y=document.year, y1=document.year + 1, n=rng.choice(_WORKDAYS))
        if rng.random() < 0.05 and not self.calendar.is_official(document.year + 1):
            days = self.calendar.working_days_between(document.issued_on, date(document.year + 1, 1, 31))
            phrase = f"本要点发布{-(-days // 10) * 10}个工作日内"
        return phrase

    def _sentence(self, lead: str | None = None) -> str:
        rng = self.rng
        opener = rng.choice(_OPENERS)
        body = f"{rng.choice(_LEADS)}{rng.choice(_VERBS)}{rng.choice(_TOPICS)}{rng.choice(_TAILS)}"
        body = f"{lead}{body.lstrip(''.join(_LEADS))}" if lead is not None else opener + body
        return "，".join([body, *rng.sample(_DETAILS, rng.randint(0, 2))]) + "。"

    def _task(self, document, section, path, order, number) -> Task:
        rng = self.rng
        phrase = self._phrase(document)
        continuous = phrase in ("持续", "常态化", "长期坚持")
        text = "".join(self._sentence(phrase if continuous and i == 0 else None)
                       for i in range(rng.choice([1, 1, 2, 2, 3])))
        if phrase and not continuous:
            text = f"{phrase}，{text}" if rng.random() < 0.6 else text[:-1] + f"，{phrase}。"
        deadline = self._deadline(phrase, document)
        kind = deadline.kind if deadline.kind in DeadlineKind.values else DeadlineKind.NONE
        task = Task(
            document=document, section=section, number=str(number), order=order, text=text, section_path=path,
            deadline_phrase=phrase, deadline_kind=kind, deadline_data=deadline.to_dict(), due_on=deadline.due,
            due_provisional=bool(deadline.provisional and deadline.due),
        )
        self.rows["tasks"].append(task)
        if kind == DeadlineKind.RECURRING and deadline.periods:
            periods = [ReportingPeriod(task=task, index=i, label=p.label, starts_on=p.start, due_on=p.due,
                                       due_provisional=deadline.provisional) for i, p in enumerate(deadline.periods)]
            self.period_rows[id(task)] = periods
            self.rows["periods"] += periods
        return task

    # --- assignments, period states, reports -------------------------------------------------------------
    def _pick_units(self, units: list[Unit]) -> list[tuple[Unit, str]]:
        rng = self.rng
        r = rng.random()
        if r < 0.10:  # 各镇街: every town responsible, sometimes the office leads
            towns = [u for u in units if u.kind == Unit.Kind.TOWN]
            picked = [(u, Role.RESPONSIBLE) for u in towns]
            return ([(units[0], Role.LEAD)] if rng.random() < 0.5 else []) + picked
        count = 1 if r < 0.45 else rng.randint(2, 4) if r < 0.82 else rng.randint(5, 9)
        chosen = rng.sample(units, min(count, len(units)))
        roles = [Role.RESPONSIBLE] * len(chosen)
        if len(chosen) >= 2 and rng.random() < 0.45:
            roles[0] = Role.LEAD
        for i in range(rng.randint(0, len(chosen) // 3)):
            roles[-1 - i] = Role.COOPERATING
        return list(zip(chosen, roles, strict=True))

    def _status(self, due: date | None) -> str:
        if due is None:
            weights = (25, 35, 12, 18, 10)
        elif due < self.today:
            weights = (8, 10, 8, 68, 6)
        else:
            weights = (40, 30, 12, 12, 6)
        return self.rng.choices(
            [Status.NOT_STARTED, Status.IN_PROGRESS, Status.SUBMITTED, Status.COMPLETED, Status.RETURNED],
            weights=weights)[0]

    def _day_between(self, low: date, high: date) -> date:
        return low + timedelta(days=self.rng.randint(0, max(0, (high - low).days)))

    def _assign(self, task, units, office, liaisons, document) -> None:
        rng, today = self.rng, self.last_day
        issued = document.issued_on
        for unit, role in self._pick_units(units):
            a = Assignment(task=task, unit=unit, role=role, due_on=task.due_on, due_provisional=task.due_provisional,
                           document_id=document.pk, jurisdiction_id=document.jurisdiction_id)
            a._liaison, a._office, a._issued, a._reports, a._periods = liaisons[id(unit)], office, issued, [], []
            periods = self.period_rows.get(id(task))
            if periods:
                self._recurring(a, periods)
            else:
                a.status = self._status(task.due_on)
                a.percent = {Status.NOT_STARTED: 0, Status.COMPLETED: 100}.get(a.status, rng.randint(1, 9) * 10)
                if a.status == Status.COMPLETED:
                    if task.due_on is None:
                        done = self._day_between(issued, today)
                    elif rng.random() < 0.2:
                        done = task.due_on + timedelta(days=rng.randint(1, 25))
                    else:
                        done = task.due_on - timedelta(days=rng.randint(0, 40))
                    a.completed_on = min(max(done, issued + timedelta(days=1)), today)
                    a._reports.append((ProgressReport.State.ACCEPTED, a.completed_on, None))
                elif a.status == Status.SUBMITTED:
                    a._reports.append((ProgressReport.State.SUBMITTED, self._day_between(
                        max(issued, today - timedelta(days=10)), today), None))
                elif a.status == Status.RETURNED:
                    a._reports.append((ProgressReport.State.RETURNED, self._day_between(
                        max(issued, today - timedelta(days=30)), today), None))
            if a.status != Status.NOT_STARTED:
                a.acknowledged_at = self._moment(min(issued + timedelta(days=rng.randint(1, 5)), today))
                a.acknowledged_by = a._liaison
            self.rows["assignments"].append(a)

    def _recurring(self, a: Assignment, periods: list[ReportingPeriod]) -> None:
        rng, today = self.rng, self.today
        states, done = [], 0
        for period in periods:
            state = AssignmentPeriod(assignment=a, period=period, status=Status.NOT_STARTED)
            if period.due_on < today and rng.random() < 0.85:
                state.status = Status.COMPLETED
                state.completed_on = min(max(period.due_on - timedelta(days=rng.randint(0, 10)), period.starts_on,
                                             a._issued), self.last_day)
                a._reports.append((ProgressReport.State.ACCEPTED, state.completed_on, period))
                done += 1
            states.append(state)
        self.rows["assignment_periods"] += states
        a._periods = states
        open_states = [s for s in states if s.status != Status.COMPLETED]
        a.percent = round(100 * done / len(periods))
        if not open_states:
            a.status, a.due_on = Status.COMPLETED, periods[-1].due_on
            a.completed_on = max(s.completed_on for s in states)
        else:
            a.due_on = open_states[0].period.due_on
            a.status = Status.IN_PROGRESS if done else Status.NOT_STARTED
            if done and rng.random() < 0.25:
                a.status = Status.SUBMITTED
                a._reports.append((ProgressReport.State.SUBMITTED, self._day_between(
                    max(a._issued, today - timedelta(days=10)), self.last_day), open_states[0].period))

    def _moment(self, day: date) -> datetime:
        return datetime.combine(day, time(self.rng.randint(8, 17), self.rng.randint(0, 59)), tzinfo=self.tz)

    def fit_reports(self) -> None:
        """Make the total number of reports exactly ``spec.reports``: drop whole histories, add returned rounds."""
        rng, assignments = self.rng, self.rows["assignments"]
        required = sum(len(a._reports) for a in assignments)
        target = self.spec.reports if self.spec.reports is not None else round(required * 1.3)
        reporting = [a for a in assignments if a._reports]
        rng.shuffle(reporting)
        while required > target and reporting:
            a = reporting.pop()
            required -= len(a._reports)
            a._reports = []
            a.status, a.completed_on = Status.IN_PROGRESS, None
            a.percent = min(a.percent, 90)
            if a._periods:  # a recurring history dropped: nothing done in any period
                a.status, a.percent, a.due_on = Status.NOT_STARTED, 0, a._periods[0].period.due_on
                for state in a._periods:
                    state.status, state.completed_on = Status.NOT_STARTED, None
        pool = reporting or assignments
        for _ in range(target - required):
            a = rng.choice(pool)
            if not a._reports:
                a.status = Status.RETURNED
            first_day = min((day for _, day, _ in a._reports), default=self.last_day)
            day = max(a._issued, first_day - timedelta(days=rng.randint(3, 20)))
            period = a._reports[0][2] if a._reports else None
            a._reports.insert(0, (ProgressReport.State.RETURNED, day, period))
        for a in assignments:
            self._reports_of(a)

    def _reports_of(self, a: Assignment) -> None:
        rng = self.rng
        closing = datetime.combine(self.last_day, time(20, 0), tzinfo=self.tz)
        previous = None
        for state, day, period in a._reports:  # planned oldest first; timestamps made strictly increasing
            accepted = state == ProgressReport.State.ACCEPTED
            created = self._moment(max(a._issued, day - timedelta(days=rng.randint(0, 3))) if accepted else day)
            if previous is not None and created <= previous:
                created = previous + timedelta(minutes=rng.randint(5, 90))
            previous = created
            text = rng.choice(_REPORT_DONE).format(col=rng.choice(_COLUMNS), topic=rng.choice(_TOPICS),
                                                   n=rng.randint(1, 30)) + "。" + rng.choice(_REPORT_NEXT)
            report = ProgressReport(
                assignment=a, period=period, author=a._liaison, text=text, created_at=created, state=state,
                percent=100 if accepted and (period or a.status == Status.COMPLETED) else max(a.percent, 10),
                evidence_urls=[f"http://www.{a._liaison.username.split('-')[0]}.gov.cn/art/{day:%Y/%m/%d}/"
                               f"art_{rng.randint(1000, 9999)}.html"],
            )
            if accepted:
                report.reviewer, report.reviewed_at = a._office, max(created + timedelta(hours=1), self._moment(day))
            elif state == ProgressReport.State.RETURNED:
                report.reviewer, report.review_note = a._office, rng.choice(_RETURN_NOTES)
                report.reviewed_at = min(created + timedelta(days=rng.randint(1, 3)), max(created, closing))
            self.rows["reports"].append(report)
            a.last_reported_at = created
