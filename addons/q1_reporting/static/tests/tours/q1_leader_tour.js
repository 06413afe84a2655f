/** @odoo-module **/
/**
 * The unit leader's day (issue 12): he lands on the dashboard of counts per unit, reads them (one distinct title
 * per column), drills from a number to its dossiers, opens the statutory handling report, reads the whole table
 * in its dialog (1366 px) and issues it. Every screen is checked for English words and technical names.
 */
import { registry } from "@web/core/registry";
import { assertVietnamese } from "@q1_dossier/../tests/tours/q1_tour_utils";

function headerTitles(selector) {
    return [...document.querySelectorAll(selector)].map((el) => (el.innerText || "").trim()).filter(Boolean);
}

registry.category("web_tour.tours").add("q1_leader_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "The home screen is the dashboard: counts of dossiers per unit",
            trigger: ".o_pivot_view .o_pivot table tbody td.o_pivot_cell_value",
        },
        {
            content: "The numbers are counts of dossiers, with the on-time rate",
            trigger: '.o_pivot thead th:contains("Số hồ sơ")',
        },
        {
            content: "Each outcome column has its own title and the unit is named in full",
            trigger: ".o_pivot thead th.o_pivot_header_cell_closed",
            run() {
                const titles = headerTitles(".o_pivot thead th.o_pivot_header_cell_closed");
                const seen = new Set();
                for (const title of titles) {
                    if (seen.has(title)) {
                        throw new Error(`Two columns titled "${title}": ${titles.join(" | ")}`);
                    }
                    seen.add(title);
                }
                const units = headerTitles(".o_pivot tbody th.o_pivot_header_cell_closed");
                if (!units.some((name) => /phường/i.test(name) && !name.endsWith("…"))) {
                    throw new Error(`No unit named in full among the rows: ${units.join(" | ")}`);
                }
            },
        },
        assertVietnamese(),
        {
            content: "Open the dossiers behind a number of a unit",
            trigger: ".o_pivot table tbody tr:nth-child(2) td.o_pivot_cell_value:not(.o_empty)",
            run: "click",
        },
        {
            content: "The dossiers of that number are listed",
            trigger: ".o_list_view .o_data_row",
        },
        assertVietnamese(),
        {
            content: "Open the reporting menu",
            trigger: '.o_menu_sections [data-menu-xmlid="q1_reporting.q1_menu_reporting"]',
            run: "click",
        },
        {
            content: "Open the statutory handling report",
            trigger: '.dropdown-item[data-menu-xmlid="q1_reporting.q1_menu_handling_report"]',
            run: "click",
        },
        {
            content: "Show the table",
            trigger: '.modal button[name="action_compute"]',
            run: "click",
        },
        {
            content: "The table is shown",
            trigger: '.modal .o_field_widget[name="line_ids"] .o_data_row',
        },
        {
            content: "The dialog is as wide as the screen and no column title is cut",
            trigger: '.modal .o_field_widget[name="line_ids"] thead th',
            run() {
                const dialog = document.querySelector(".modal .modal-dialog").getBoundingClientRect();
                if (dialog.width < window.innerWidth * 0.9) {
                    throw new Error(`The report dialog is ${dialog.width}px wide on a ${window.innerWidth}px screen`);
                }
                const table = document.querySelector('.modal .o_field_widget[name="line_ids"] table');
                const scroller = table.closest(".o_list_renderer");
                if (scroller && scroller.scrollWidth > scroller.clientWidth + 1) {
                    throw new Error("The report table is wider than its dialog: it scrolls sideways");
                }
                for (const span of table.querySelectorAll("thead th .text-truncate")) {
                    if (span.scrollWidth > span.clientWidth + 1) {
                        throw new Error(`Column title cut: "${span.innerText}"`);
                    }
                }
            },
        },
        assertVietnamese(),
        {
            content: "Issue the report",
            trigger: '.modal .modal-footer button[name="action_issue"]',
            run: "click",
        },
        {
            content: "Confirm the issue",
            trigger: ".modal:not(.o_inactive_modal) .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The issued report is shown",
            trigger: '.o_form_view .o_field_widget[name="issued_at"]',
        },
        // the issued report's own labels too (their translations need their references in vi.po)
        assertVietnamese({
            extra: [/\bUnits\b/, /\bPrint PDF\b/, /\bIssued\b/, /\bHandling Table\b/, /\bGroup By\b/],
        }),
    ],
});
