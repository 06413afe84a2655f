"""Pure Python rules of the field databases (never imports odoo)."""
