{
    "name": "Q1 One-Stop Shop: Dossiers",
    "version": "18.0.1.0.0",
    "summary": "Reception and handling of administrative dossiers at a ward one-stop shop",
    "description": """
Reception desk of a Vietnamese Public Administrative Service Centre (Bộ phận Một cửa):
procedure catalogue, working calendar, dossier reception with the legal dossier code and
appointment date (Decree 118/2025/NĐ-CP), receipt and counter slips (Circular 03/2025/TT-VPCP).
""",
    "category": "Services/One-Stop Shop",
    "author": "Q1 Một cửa",
    "license": "LGPL-3",
    "depends": ["mail", "hr", "web"],
    "data": [
        "security/q1_dossier_security.xml",
        "security/ir.model.access.csv",
        "data/q1_dossier_stage_data.xml",
        "data/q1_work_calendar_data.xml",
        "data/q1_mail_template_data.xml",
        "data/q1_watchdog_data.xml",
        "data/q1_lookup_data.xml",
        "views/q1_dossier_views.xml",
        "views/q1_procedure_views.xml",
        "views/q1_field_views.xml",
        "views/q1_dossier_stage_views.xml",
        "views/q1_work_calendar_views.xml",
        "views/res_company_views.xml",
        "wizard/q1_dossier_counter_outcome_views.xml",
        "wizard/q1_dossier_action_views.xml",
        "report/q1_dossier_reports.xml",
        "report/q1_dossier_lifecycle_reports.xml",
        "views/q1_menus.xml",
        "wizard/q1_tracking_book_views.xml",
        "views/q1_lookup_templates.xml",
    ],
    "demo": [
        "demo/q1_demo_companies.xml",
        "demo/q1_demo_users.xml",
        "demo/q1_demo_catalogue.xml",
        "demo/q1_demo_dossiers.xml",
    ],
    "application": True,
    "installable": True,
}
