"""Pure-Python core of the one-stop shop: never imports odoo (see DESIGN §3)."""
