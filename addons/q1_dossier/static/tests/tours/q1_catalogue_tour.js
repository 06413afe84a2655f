/** @odoo-module **/
/**
 * The catalogue administrator's day (issue 12), on records of the test (tests/test_tour_processing.py):
 * adds a procedure's internal process (two steps with their time budgets) and a day off in the working calendar.
 * Every screen is checked for English words and technical names (q1_tour_utils.assertVietnamese).
 */
import { registry } from "@web/core/registry";
import { assertVietnamese } from "./q1_tour_utils";

function addStep(name, budget) {
    return [
        {
            content: `Add the step ${name}`,
            trigger: ".o_field_widget[name=step_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=step_ids] .o_data_row.o_selected_row .o_field_widget[name=name] input",
            run: `edit ${name}`,
        },
        {
            trigger: ".o_field_widget[name=step_ids] .o_data_row.o_selected_row .o_field_widget[name=time_budget] input",
            run: `edit ${budget}`,
        },
    ];
}

function save() {
    return [
        { trigger: ".o_form_view .o_form_button_save", run: "click" },
        { trigger: ".o_form_view .o_form_saved" },
    ];
}

registry.category("web_tour.tours").add("q1_catalogue_tour", {
    steps: () => [
        { content: "The procedure's form", trigger: ".o_form_view .o_field_widget[name=code]" },
        assertVietnamese(),
        { trigger: ".o_notebook .nav-link:contains('Quy trình nội bộ')", run: "click" },
        ...addStep("Thẩm định hồ sơ", "3"),
        ...addStep("Ký duyệt kết quả", "2"),
        assertVietnamese(),
        ...save(),
        { trigger: ".o_field_widget[name=step_ids] .o_data_row:contains('Ký duyệt kết quả')" },
        assertVietnamese(),
    ],
});

registry.category("web_tour.tours").add("q1_catalogue_tour_day_off", {
    steps: () => [
        { content: "The working calendar's form", trigger: ".o_form_view .o_field_widget[name=day_ids]" },
        assertVietnamese(),
        {
            content: "Add a day off",
            trigger: ".o_field_widget[name=day_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=day_ids] .o_data_row.o_selected_row .o_field_widget[name=date] input",
            run: "edit 14/06/2027",
        },
        {
            trigger: ".o_field_widget[name=day_ids] .o_data_row.o_selected_row .o_field_widget[name=name] input",
            run: "edit Nghỉ bù thử nghiệm",
        },
        assertVietnamese(),
        {
            content: "Leave the row: the date is committed",
            trigger: ".o_form_view .o_field_widget[name=name]",
            run: "click",
        },
        ...save(),
        { trigger: ".o_field_widget[name=day_ids] .o_data_row:contains('14/06/2027')" },
        assertVietnamese(),
    ],
});
