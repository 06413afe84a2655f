{
    "name": "Q1 One-Stop Shop: Quality Management",
    "version": "18.0.1.0.0",
    "summary": "The ISO 9001 quality-management system of a one-stop shop, run from its record, and citizens' feedback",
    "category": "Services/One-Stop Shop",
    "author": "Q1 Một cửa",
    "license": "LGPL-3",
    # OCA's management-system addons (wheels pinned in config/requirements-prod.txt) are the ISO toolset; this addon
    # ties them to the one-stop record.
    "depends": [
        "q1_reporting",
        "mgmtsystem_nonconformity",
        "mgmtsystem_action_efficacy",
        "mgmtsystem_audit",
        "mgmtsystem_review",
        "mgmtsystem_objective",
        "document_page_procedure",
    ],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/q1_quality_security.xml",
        "security/ir.model.access.csv",
        "data/mgmtsystem_nonconformity_origin.xml",
        "views/q1_quality_menus.xml",
    ],
    "demo": [],
    "assets": {},
    "installable": True,
}
