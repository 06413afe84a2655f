{
    "name": "Q1 One-Stop Shop: Field Databases",
    "version": "18.0.1.0.0",
    "summary": "Per-procedure data, result registers by field, the citizen's record with reuse of what the ward holds, "
    "and electronic results signed with the unit's certificate",
    "category": "Services/One-Stop Shop",
    "author": "Q1 Một cửa",
    "license": "LGPL-3",
    "depends": ["q1_reporting", "base_import"],
    # pyHanko signs the electronic results (pinned with its dependencies in config/requirements-prod.txt).
    "external_dependencies": {"python": ["pyhanko"]},
    "data": [
        "security/q1_registry_security.xml",
        "security/ir.model.access.csv",
        "security/q1_registry_citizen_security.xml",
        "security/q1_registry_register_security.xml",
        "views/q1_registry_menus.xml",
        "security/q1_registry_data_security.xml",
        "views/q1_procedure_data_views.xml",
        "views/q1_dossier_data_views.xml",
        "report/q1_dossier_receipt_data.xml",
        "security/q1_registry_e_result_security.xml",
        "data/q1_registry_index_data.xml",
        "views/res_company_views.xml",
        "views/q1_dossier_e_result_views.xml",
        "views/q1_lookup_templates.xml",
        "views/q1_dossier_report_views.xml",
        "data/q1_document_kind_data.xml",
        "views/q1_citizen_views.xml",
        "views/q1_dossier_reuse_views.xml",
    ],
    "demo": [
        "demo/q1_registry_e_result_demo.xml",
    ],
    "assets": {
        "web.assets_tests": ["q1_registry/static/tests/tours/*.js"],
    },
    "installable": True,
}
