"""Pure Python for leaders and HR: period windows, the statutory handling table, service indices, officer
scoring and spreadsheet writers. Never imports odoo (DESIGN.md §2)."""
