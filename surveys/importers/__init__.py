"""Reading surveys (XLSForm) and responses (CSV/XLSX from other tools) from files."""
