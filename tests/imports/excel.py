"""Helpers to build and read workbooks in tests."""

import io

import openpyxl


def xlsx(headers, rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read(data, sheet=0):
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return [list(row) for row in workbook.worksheets[sheet].iter_rows(values_only=True)]


def sheet_cells(data, sheet=0):
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return list(workbook.worksheets[sheet].iter_rows())
