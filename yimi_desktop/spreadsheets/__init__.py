"""Spreadsheets in and out (.xlsx as Excel and WPS write them): reading rows under a Chinese header,
cleaning cells, and writing workbooks that stream. Plain Python: no Qt, no database.

`reader` opens a workbook (python-calamine), finds the header row and yields cleaned rows with their
row numbers as the spreadsheet shows them; `cells` turns a cell into the text, date, number or yes/no
a form wants; `writer` writes streaming workbooks (XlsxWriter, constant memory) atomically.
"""
