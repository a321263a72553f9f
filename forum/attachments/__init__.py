"""Files on posts: PDF, DOCX, ODT, XLSX, PNG and JPEG documents behind contributions.

- `detection`: what a file is, from its bytes.
- `names`: the cleaned name shown, the random name stored.
- `images`: metadata stripped, thumbnails.
- `extraction`: the text of PDF and DOCX files for search, capped.
- `services`: checking, storing, removing and deleting files; the extraction task's body.
- `selectors`, `views`: who may download what, and serving it.
"""
