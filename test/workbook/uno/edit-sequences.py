#!/usr/bin/python3
"""
Random sequences of person-like edits to a 月度考核 workbook, made through LibreOffice's own UNO API (so
inserted and deleted rows shift formulas and sorting moves rows as in the real program), then a full
recalculation and a save as .xlsx. Used by test/workbook/edits-uno.test.ts; run with /usr/bin/python3
(Debian python3-uno).

usage: edit-sequences.py IN.xlsx OUT_DIR SEED SEQUENCES EDITS_PER_SEQUENCE
Writes OUT_DIR/seq-N.xlsx and prints one JSON line per sequence: {"file": ..., "edits": [...]}.
"""
import json
import os
import random
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue

ENTRIES, ROSTER, ADJ, ITEMS = '考核记录', '员工名单', '额外奖惩', '考核项目'
INPUT_COLS = 10  # A..J of 考核记录 are typed by people; K (核对) and after are the system's


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def start_office():
    profile = tempfile.mkdtemp(prefix='kaohe-uno-profile-')
    pipe = 'kaohe_uno_%d' % os.getpid()
    proc = subprocess.Popen(['soffice', '--headless', '--invisible', '--nologo', '--norestore', '--nodefault',
                             '-env:UserInstallation=file://' + profile, '--accept=pipe,name=%s;urp;' % pipe],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ, HOME=profile))
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext('com.sun.star.bridge.UnoUrlResolver', local)
    for _ in range(120):
        try:
            ctx = resolver.resolve('uno:pipe,name=%s;urp;StarOffice.ComponentContext' % pipe)
            desktop = ctx.ServiceManager.createInstanceWithContext('com.sun.star.frame.Desktop', ctx)
            return proc, desktop
        except Exception:
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError('LibreOffice did not start')


def last_row(sheet, col=0, start=1):
    """0-based index of the last row with something in column `col` of the input area (or start-1)."""
    cur = sheet.createCursor()
    cur.gotoEndOfUsedArea(False)
    end = cur.RangeAddress.EndRow
    r = end
    while r >= start:
        if any(sheet.getCellByPosition(c, r).getString() != '' for c in range(0, 4 if sheet.Name != ROSTER else 1)):
            return r
        r -= 1
    return start - 1


def column_strings(sheet, col, start, end):
    return [sheet.getCellByPosition(col, r).getString() for r in range(start, end + 1)]


class Editor:
    def __init__(self, doc, rnd):
        self.doc = doc
        self.rnd = rnd
        sheets = doc.Sheets
        self.e = sheets.getByName(ENTRIES)
        self.r = sheets.getByName(ROSTER)
        self.a = sheets.getByName(ADJ)
        items = sheets.getByName(ITEMS)
        self.codes = [c for c in column_strings(items, 0, 1, 60) if c]
        self.month_start = None
        for r in range(1, 40):
            k = items.getCellByPosition(13, r).getString()
            if k == '月初':
                self.month_start = int(items.getCellByPosition(14, r).getValue())
        self.added = 0

    def ids(self):
        return [i for i in column_strings(self.r, 0, 1, last_row(self.r)) if i]

    def data_end(self):
        return last_row(self.e)

    def some_day(self):
        return self.month_start + self.rnd.randint(0, 27)

    def typed_row(self, row, kind=None):
        """Types an entry into 0-based row `row`, as a person does: date, 工号, code (some typed oddly)."""
        rnd = self.rnd
        e = self.e
        day = self.some_day()
        ident = rnd.choice(self.ids())
        code = rnd.choice([c for c in self.codes if c[0] in 'BLM'] or self.codes)
        kind = kind or rnd.choice(['plain', 'plain', 'numeric-id', 'text-date', 'text-count', 'next-month', 'x01'])
        if kind == 'text-date':
            y, m, d = self.iso(day)
            e.getCellByPosition(0, row).setString('%d/%d/%d' % (y, m, d))
        elif kind == 'next-month':
            e.getCellByPosition(0, row).setValue(self.month_start + 40)
        else:
            e.getCellByPosition(0, row).setValue(day)
        if kind == 'numeric-id' and ident.isdigit():
            e.getCellByPosition(1, row).setValue(int(ident))
        else:
            e.getCellByPosition(1, row).setString(ident)
        e.getCellByPosition(2, row).setString('X01' if kind == 'x01' else code)
        if kind == 'text-count':
            e.getCellByPosition(3, row).setString('1')
        else:
            e.getCellByPosition(3, row).setValue(1)
        return {'row': row + 1, 'kind': kind, 'id': ident, 'code': code}

    @staticmethod
    def iso(serial):
        import datetime
        d = datetime.date(1899, 12, 30) + datetime.timedelta(days=int(serial))
        return d.year, d.month, d.day

    # ---- the edits
    def append_entry(self):
        row = self.data_end() + 1
        return dict(edit='append-entry', **self.typed_row(row))

    def insert_row(self):
        end = self.data_end()
        at = self.rnd.randint(1, max(1, end))
        self.e.Rows.insertByIndex(at, 1)
        return dict(edit='insert-row', **self.typed_row(at))

    def delete_row(self):
        end = self.data_end()
        if end < 2:
            return {'edit': 'none'}
        at = self.rnd.randint(1, end)
        self.e.Rows.removeByIndex(at, 1)
        return {'edit': 'delete-row', 'row': at + 1}

    def change_code(self):
        end = self.data_end()
        at = self.rnd.randint(1, max(1, end))
        code = self.rnd.choice(self.codes)
        self.e.getCellByPosition(2, at).setString(code)
        return {'edit': 'change-code', 'row': at + 1, 'code': code}

    def void_row(self):
        end = self.data_end()
        at = self.rnd.randint(1, max(1, end))
        self.e.getCellByPosition(8, at).setString('作废')
        self.e.getCellByPosition(9, at).setString('补录了请假条')
        return {'edit': 'void', 'row': at + 1}

    def sort_by_id(self):
        end = self.data_end()
        cur = self.e.createCursor()
        cur.gotoEndOfUsedArea(False)
        last_col = cur.RangeAddress.EndColumn
        rng = self.e.getCellRangeByPosition(0, 1, last_col, end)
        field = uno.createUnoStruct('com.sun.star.table.TableSortField')
        field.Field = 1
        field.IsAscending = self.rnd.random() < 0.5
        desc = rng.createSortDescriptor()
        for p in desc:
            if p.Name == 'SortFields':
                p.Value = uno.Any('[]com.sun.star.table.TableSortField', (field,))
            elif p.Name == 'ContainsHeader':
                p.Value = False
        rng.sort(desc)
        return {'edit': 'sort-by-id', 'ascending': field.IsAscending}

    def add_employee(self):
        row = last_row(self.r) + 1
        self.added += 1
        ident = '09%02d' % (self.added + self.rnd.randint(0, 80))
        self.r.getCellByPosition(0, row).setString(ident)
        self.r.getCellByPosition(1, row).setString('新员工%d' % self.added)
        self.r.getCellByPosition(4, row).setValue(self.month_start - 100)
        return {'edit': 'add-employee', 'row': row + 1, 'id': ident}

    def remove_employee(self):
        end = last_row(self.r)
        if end < 2:
            return {'edit': 'none'}
        at = self.rnd.randint(1, end)
        ident = self.r.getCellByPosition(0, at).getString()
        self.r.Rows.removeByIndex(at, 1)
        return {'edit': 'remove-employee', 'row': at + 1, 'id': ident}

    def add_adjustment(self):
        row = last_row(self.a) + 1
        y, m, _ = self.iso(self.month_start)
        ident = self.rnd.choice(self.ids())
        self.a.getCellByPosition(0, row).setString('%d-%02d' % (y, m))
        self.a.getCellByPosition(1, row).setString(ident)
        self.a.getCellByPosition(2, row).setValue(self.rnd.choice([-3, 2, 5]))
        self.a.getCellByPosition(3, row).setString('主管加减分')
        return {'edit': 'add-adjustment', 'row': row + 1, 'id': ident}

    def one(self):
        ops = [(self.append_entry, 4), (self.insert_row, 2), (self.delete_row, 2), (self.change_code, 2), (self.void_row, 1),
               (self.sort_by_id, 1), (self.add_employee, 1), (self.remove_employee, 1), (self.add_adjustment, 2)]
        total = sum(w for _, w in ops)
        x = self.rnd.uniform(0, total)
        for f, w in ops:
            x -= w
            if x <= 0:
                return f()
        return ops[0][0]()


def main():
    src, out_dir, seed, sequences, per = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    os.makedirs(out_dir, exist_ok=True)
    proc, desktop = start_office()
    try:
        for i in range(sequences):
            rnd = random.Random(seed * 1000 + i)
            doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(src)), '_blank', 0, (prop('Hidden', True),))
            ed = Editor(doc, rnd)
            edits = [ed.one() for _ in range(per)]
            doc.calculateAll()
            out = os.path.abspath(os.path.join(out_dir, 'seq-%d.xlsx' % i))
            doc.storeToURL(uno.systemPathToFileUrl(out), (prop('FilterName', 'Calc MS Excel 2007 XML'),))
            doc.close(True)
            print(json.dumps({'file': out, 'edits': edits}, ensure_ascii=False), flush=True)
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass
        try:
            proc.wait(timeout=20)
        except Exception:
            proc.kill()


if __name__ == '__main__':
    main()
