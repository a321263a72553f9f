"""Forum pages, one module per noun. Rules are asked of forum/permissions.py, reads go
through forum/selectors/ and writes through forum/services/."""
