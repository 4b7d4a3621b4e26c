"""Files in and out: one spreadsheet reader, XLSForm import and export, responses import and export."""
