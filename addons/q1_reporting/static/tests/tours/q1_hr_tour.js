/** @odoo-module **/
/**
 * HR's and the leader's evaluation day (issue 12). q1_hr_tour: HR lands on the open evaluation period, computes
 * the draft sheets and reads them. q1_hr_approval_tour: once the officers submitted and the manager reviewed (the
 * test does it between the two tours), the unit leader approves the group at the levels the manager proposed: one
 * "excellent" and four "good", within the 20 % rule. Every screen is checked for English and technical names.
 */
import { registry } from "@web/core/registry";
import { assertVietnamese } from "@q1_dossier/../tests/tours/q1_tour_utils";

registry.category("web_tour.tours").add("q1_hr_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "HR's home is the open evaluation period",
            trigger: '.o_form_view button[name="action_compute_sheets"]',
        },
        assertVietnamese(),
        {
            content: "Compute the draft sheets",
            trigger: '.o_form_view button[name="action_compute_sheets"]',
            run: "click",
        },
        {
            content: "Open the sheets",
            trigger: '.o_form_view button[name="action_open_sheets"]',
            run: "click",
        },
        {
            content: "One sheet per officer of the unit (five officers of the one-stop desk at least)",
            trigger: ".o_list_view .o_data_row:nth-child(5)",
        },
        assertVietnamese(),
        {
            content: "Open a sheet",
            trigger: ".o_list_view .o_data_row:first-child td.o_data_cell",
            run: "click",
        },
        {
            content: "The sheet is open",
            trigger: '.o_form_view .o_field_widget[name="task_points"]',
        },
        assertVietnamese(),
    ],
});

registry.category("web_tour.tours").add("q1_hr_approval_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "The leader opens the evaluation menu",
            trigger: '.o_menu_sections [data-menu-xmlid="q1_reporting.q1_menu_evaluation"]',
            run: "click",
        },
        {
            content: "Open the evaluation periods",
            trigger: '.dropdown-item[data-menu-xmlid="q1_reporting.q1_menu_evaluation_periods"]',
            run: "click",
        },
        {
            content: "Open the period of January 2025",
            trigger: '.o_list_view .o_data_row td.o_data_cell:contains("Tháng 1/2025")',
            run: "click",
        },
        {
            content: "The leader opens the period's sheets",
            trigger: '.o_form_view button[name="action_open_sheets"]',
            run: "click",
        },
        {
            content: "The sheets are listed",
            trigger: ".o_list_view .o_data_row",
        },
        {
            content: "Open the filters",
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Keep the sheets waiting for approval",
            trigger: '.o_filter_menu .o-dropdown-item:contains("Chờ phê duyệt")',
            run: "click",
        },
        {
            content: "Five sheets wait for approval",
            trigger: ".o_list_view .o_data_row:nth-child(5)",
            run() {
                const rows = document.querySelectorAll(".o_list_view .o_data_row");
                if (rows.length !== 5) {
                    throw new Error(`${rows.length} sheets wait for approval, 5 expected`);
                }
            },
        },
        assertVietnamese(),
        {
            content: "Select the group",
            trigger: ".o_list_view thead .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Approve at the levels the manager proposed (one excellent, four good: the 20 % rule holds)",
            trigger: 'button[name="action_approve_manager_level"]',
            run: "click",
        },
        {
            content: "No sheet waits for approval any more",
            trigger: ".o_list_view:not(:has(.o_data_row))",
        },
        assertVietnamese(),
    ],
});
