/** @odoo-module **/
/**
 * The reception officer's day at the counter (issue 12), as tiepnhan.saigon on the demo data:
 * lands on today's counter (not Discuss), enters a dossier, checks its documents, asks the applicant to complete
 * it (the dialog closes and the form shows the new state), refuses a second one, receives a third one and prints
 * its receipt. Every screen is checked for English words and technical names.
 */
import { registry } from "@web/core/registry";
import { assertVietnamese } from "./q1_tour_utils";

const PROCEDURE = "Chứng thực bản sao từ bản chính";

function newDossier(applicant) {
    return [
        {
            content: "New dossier from the counter",
            trigger: ".o_q1_counter_kanban .o-kanban-button-new, .o-kanban-button-new",
            run: "click",
        },
        {
            content: "Applicant's name",
            trigger: ".o_form_view .o_field_widget[name=applicant_name] input",
            run: `edit ${applicant}`,
        },
        {
            content: "Applicant's phone",
            trigger: ".o_form_view .o_field_widget[name=applicant_phone] input",
            run: "edit 0903 555 123",
        },
        {
            content: "Procedure",
            trigger: ".o_form_view .o_field_widget[name=procedure_id] input",
            run: `edit ${PROCEDURE}`,
        },
        {
            trigger: `.ui-autocomplete .ui-menu-item a:contains("${PROCEDURE}")`,
            run: "click",
        },
        {
            content: "The checklist of the procedure is filled in",
            trigger: ".o_form_view .o_field_widget[name=document_ids] .o_data_row",
        },
    ];
}

function save() {
    return [
        { trigger: ".o_form_view .o_form_button_save", run: "click" },
        { trigger: ".o_form_view .o_form_saved" },
    ];
}

function counterOutcome(buttonLabel, reason) {
    return [
        {
            content: `Open '${buttonLabel}'`,
            trigger: `.o_form_view .o_statusbar_buttons button:contains("${buttonLabel}")`,
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: `edit ${reason}`,
        },
        assertVietnamese({ trigger: ".modal .o_field_widget[name=reason]" }),
        {
            content: "Xác nhận và in",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The dialog is closed once the slip is printed",
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "The form behind shows the reason: it was reloaded",
            trigger: `.o_form_view .o_field_widget[name=counter_reason]:contains("${reason}")`,
        },
    ];
}

function backToCounter() {
    return [
        { trigger: ".o_breadcrumb .breadcrumb-item a:contains('Quầy tiếp nhận hôm nay')", run: "click" },
        { trigger: ".o_q1_counter_kanban" },
    ];
}

registry.category("web_tour.tours").add("q1_reception_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "The reception officer lands on today's counter",
            trigger: ".o_q1_counter_kanban .o_kanban_group .o_column_title:contains('Mới, chưa tiếp nhận')",
        },
        { trigger: ".o_q1_counter_kanban .o_column_title:contains('Yêu cầu bổ sung tại quầy')" },
        { trigger: ".o_q1_counter_kanban .o_column_title:contains('Đã tiếp nhận hôm nay')" },
        { trigger: ".o_q1_counter_kanban .o_column_title:contains('Từ chối')" },
        {
            content: "Only the counter's four columns",
            trigger: ".o_q1_counter_kanban",
            run() {
                const columns = document.querySelectorAll(".o_q1_counter_kanban .o_kanban_group").length;
                if (columns !== 4) {
                    throw new Error(`The counter shows ${columns} columns instead of 4`);
                }
            },
        },
        assertVietnamese(),

        // 1. A dossier with a document missing: the applicant is asked to complete it.
        ...newDossier("Nguyễn Văn Bổ Sung"),
        assertVietnamese(),
        ...save(),
        ...counterOutcome("Yêu cầu bổ sung", "Thiếu bản chính để đối chiếu."),
        {
            content: "The state shown is the new one",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Yêu cầu bổ sung')",
        },
        assertVietnamese(),
        ...backToCounter(),
        {
            trigger: ".o_q1_counter_kanban .o_kanban_group:has(.o_column_title:contains('Yêu cầu bổ sung tại quầy')) .o_kanban_record:contains('Nguyễn Văn Bổ Sung')",
        },

        // 2. A dossier refused at the counter.
        ...newDossier("Trần Thị Từ Chối"),
        ...save(),
        ...counterOutcome("Từ chối", "Thủ tục không thuộc thẩm quyền của phường."),
        {
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Đã từ chối')",
        },
        assertVietnamese(),
        ...backToCounter(),
        {
            trigger: ".o_q1_counter_kanban .o_kanban_group:has(.o_column_title:contains('Từ chối')) .o_kanban_record:contains('Trần Thị Từ Chối')",
        },

        // 3. A complete dossier: received, with its code, and the receipt printed.
        ...newDossier("Lê Văn Tiếp Nhận"),
        {
            content: "Tick every document handed in",
            trigger: ".o_form_view .o_field_widget[name=document_ids] .o_data_row",
            async run() {
                const rows = document.querySelectorAll(
                    ".o_form_view .o_field_widget[name=document_ids] .o_data_row [name=is_received] input:not(:checked)"
                );
                for (const input of rows) {
                    input.click();
                    await new Promise((resolve) => setTimeout(resolve, 100));
                }
            },
        },
        {
            trigger:
                ".o_form_view .o_field_widget[name=document_ids]:not(:has([name=is_received] input:not(:checked)))",
        },
        ...save(),
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_receive]",
            run: "click",
        },
        {
            content: "Received: the dossier has its code",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Đã tiếp nhận')",
        },
        { trigger: ".o_form_view .o_field_widget[name=code] span:not(:empty)" },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_print_receipt]",
            run: "click",
        },
        { trigger: "body:not(:has(.o_blockUI))" },
        assertVietnamese(),
        ...backToCounter(),
        {
            trigger: ".o_q1_counter_kanban .o_kanban_group:has(.o_column_title:contains('Đã tiếp nhận hôm nay')) .o_kanban_record:contains('Lê Văn Tiếp Nhận')",
        },
        assertVietnamese(),
    ],
});
