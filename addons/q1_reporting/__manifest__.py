{
    "name": "Q1 One-Stop Shop: Reporting",
    "version": "18.0.1.0.0",
    "summary": "Leaders' dashboards, the statutory handling report and service-quality indices",
    "description": """
What leaders look at: live dashboards of the dossiers each ward, field, department and officer has received,
resolved and holds, with every figure leading to its dossiers; the periodic report on the handling of
administrative procedures (Excel and PDF, with the late dossiers and their reasons); the Decision 766/QĐ-TTg
service-quality sub-indices computable from the dossiers.
""",
    "category": "Services/One-Stop Shop",
    "author": "Q1 Một cửa",
    "license": "LGPL-3",
    "depends": ["q1_dossier", "hr"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/q1_reporting_security.xml",
        "security/q1_evaluation_security.xml",
        "security/ir.model.access.csv",
        "data/q1_handling_column_data.xml",
        "data/q1_service_index_data.xml",
        "views/q1_dossier_report_views.xml",
        "views/q1_handling_entry_views.xml",
        "views/q1_service_index_views.xml",
        "wizard/q1_handling_report_wizard_views.xml",
        "report/q1_handling_report.xml",
        "views/q1_reporting_menus.xml",
        "views/q1_evaluation_views.xml",
        "report/q1_evaluation_sheet_report.xml",
    ],
    "installable": True,
}
