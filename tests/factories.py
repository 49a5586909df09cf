"""Plain functions that build test data with sensible defaults; keyword-only overrides."""

import itertools
from datetime import date

from django.contrib.auth import get_user_model

from tasks.models import Assignment, Document, ProgressReport, Section, Task
from units.models import Jurisdiction, JurisdictionRole, Membership, Unit

_seq = itertools.count(1)


def jurisdiction(*, name=None, **kw) -> Jurisdiction:
    return Jurisdiction.objects.create(name=name or f"测试区{next(_seq)}", unit_prefix="区", **kw)


def unit(*, jurisdiction, name=None, kind=Unit.Kind.DEPARTMENT, **kw) -> Unit:
    return Unit.objects.create(jurisdiction=jurisdiction, name=name or f"区测试局{next(_seq)}", kind=kind, **kw)


def user(*, username=None, password="pw-123456-test", **kw):
    User = get_user_model()
    u = User.objects.create_user(username=username or f"user{next(_seq)}", password=password, **kw)
    return u


def office(*, jurisdiction, **kw):
    u = user(**kw)
    JurisdictionRole.objects.create(user=u, jurisdiction=jurisdiction, role=JurisdictionRole.Role.OFFICE)
    return u


def supervisor(*, jurisdiction, **kw):
    u = user(**kw)
    JurisdictionRole.objects.create(user=u, jurisdiction=jurisdiction, role=JurisdictionRole.Role.SUPERVISOR)
    return u


def liaison(*, unit, **kw):
    u = user(**kw)
    Membership.objects.create(user=u, unit=unit, role=Membership.Role.LIAISON)
    return u


def document(*, jurisdiction, title=None, doc_number="", issued_on=date(2021, 6, 23), **kw) -> Document:
    return Document.objects.create(
        jurisdiction=jurisdiction,
        title=title or f"2021年测试政务公开工作要点{next(_seq)}",
        doc_number=doc_number,
        issued_on=issued_on,
        year=issued_on.year if issued_on else None,
        **kw,
    )


def section(*, document, label="一", title="深化重点领域政府信息公开", **kw) -> Section:
    return Section.objects.create(document=document, label=label, title=title, **kw)


def task(*, document, text="做好开发区体制机制改革进展情况公开。", section=None, **kw) -> Task:
    kw.setdefault("order", next(_seq))
    return Task.objects.create(document=document, section=section, text=text, **kw)


def assignment(*, task, unit, **kw) -> Assignment:
    return Assignment.objects.create(task=task, unit=unit, **kw)


def report(*, assignment, author, text="已在政府网站公开。", percent=50, **kw) -> ProgressReport:
    return ProgressReport.objects.create(assignment=assignment, author=author, text=text, percent=percent, **kw)
