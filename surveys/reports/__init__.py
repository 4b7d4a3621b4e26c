"""Documents laid out from already-guarded data: the situation picture as PDF and DOCX, with charts.

Nothing here imports Flask or computes figures from raw answers; callers pass a
`gettext`-like callable and a function naming problem areas in the document's language.
Import the modules themselves (`situation_pdf`, `situation_docx`, `charts`): this package
stays light so that `surveys.distribution.posters` can share `fonts` without loading python-docx.
"""
