/** @odoo-module **/
/**
 * Per-procedure data in the browser (tests/test_procedure_data.py, TestProcedureDataTour): the administrator adds a
 * data item in the procedure's "Dossier Data" tab with Odoo's properties widget ("Add a Property") and saves; the
 * reception officer then types its value on a dossier's "Dossier Data" tab and saves.
 */
import { registry } from "@web/core/registry";

function save() {
    return [
        { trigger: ".o_form_view .o_form_button_save", run: "click" },
        { trigger: ".o_form_view .o_form_saved" },
    ];
}

registry.category("web_tour.tours").add("q1_procedure_data_tour", {
    steps: () => [
        { content: "The procedure's form", trigger: ".o_form_view .o_field_widget[name=code]" },
        { trigger: ".o_notebook .nav-link[name=dossier_data]", run: "click" },
        {
            content: "Add a data item with the properties widget",
            trigger: ".o_field_widget[name=data_preview] .o_field_property_add button",
            run: "click",
        },
        { trigger: ".o_field_property_definition_header", run: "edit Tên hộ kinh doanh" },
        { content: "Close the item's popover", trigger: ".o_form_view .o_field_widget[name=code]", run: "click" },
        { trigger: ".o_field_widget[name=data_preview] .o_field_property_label:contains('Tên hộ kinh doanh')" },
        ...save(),
    ],
});

registry.category("web_tour.tours").add("q1_dossier_data_tour", {
    steps: () => [
        { content: "The dossier's form", trigger: ".o_form_view .o_field_widget[name=applicant_name]" },
        { trigger: ".o_notebook .nav-link[name=dossier_data]", run: "click" },
        {
            content: "Type the business name",
            trigger: ".o_field_widget[name=data_values] .o_property_field:contains('Tên hộ kinh doanh') input",
            run: "edit Quán Phở Hà",
        },
        { content: "Leave the field", trigger: ".o_form_view .o_field_widget[name=applicant_address] input", run: "click" },
        ...save(),
    ],
});
