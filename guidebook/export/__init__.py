"""What the guidebook sends as files: print-ready HTML (`html`), the PDF made from it
(`pdf`) and the drafters' records as CSV (`csv`).

Nothing here imports WeasyPrint at module level: it weighs tens of megabytes, and only the
process that lays out a PDF (the export task) should carry it.
"""
