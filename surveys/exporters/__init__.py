"""Writing surveys and responses to files other tools read (XLSForm, CSV, XLSX)."""
