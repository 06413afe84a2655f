/** @odoo-module **/
/**
 * Reuse at reception (issue 15, item 3), as the demo reception officer of ward Sài Gòn (tiepnhan.saigon): a
 * household-business registration for Hoàng Minh Tuấn, whose citizen identity card the ward already holds
 * digitised. The checklist shows the card already held; the officer reuses it (the line is handed in without any
 * upload), ticks the paper documents, receives the dossier, and opens the applicant's record (the opening is
 * logged). Every screen is checked for English words and technical names (tests/test_tour_reuse.py carries the
 * dossier to its result and checks the register entry).
 *
 * Elements are found by their technical names (fields, buttons), records by the demo names.
 */
import { registry } from "@web/core/registry";
import { assertVietnamese } from "@q1_dossier/../tests/tours/q1_tour_utils";

const APPLICANT = "Hoàng Minh Tuấn";
const ID_NUMBER = "079088006611";
const PROCEDURE = "Đăng ký thành lập hộ kinh doanh";
const CHECKLIST = ".o_form_view .o_field_widget[name=document_ids]";
const CARD_ROW = `${CHECKLIST} .o_data_row:has([name=reusable_label]:contains("${ID_NUMBER}"))`;
// Part C's own terms, which must show in Vietnamese on these screens
const ENGLISH = [
    /\bAlready [Hh]eld\b/,
    /\bReuse\b/,
    /\bKind of Document\b/,
    /\bDigitised\b/,
    /\bCitizen's Record\b/,
    /\bValid until\b/,
    /\bScan\b/,
];

function vietnamese(trigger) {
    return assertVietnamese({ extra: ENGLISH, ...(trigger ? { trigger } : {}) });
}

registry.category("web_tour.tours").add("q1_registry_reuse_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "New dossier from today's counter",
            trigger: ".o_q1_counter_kanban .o-kanban-button-new, .o-kanban-button-new",
            run: "click",
        },
        {
            content: "Applicant's name",
            trigger: ".o_form_view .o_field_widget[name=applicant_name] input",
            run: `edit ${APPLICANT}`,
        },
        {
            content: "Applicant's citizen ID",
            trigger: ".o_form_view .o_field_widget[name=applicant_id_number] input",
            run: `edit ${ID_NUMBER}`,
        },
        {
            content: "Applicant's phone",
            trigger: ".o_form_view .o_field_widget[name=applicant_phone] input",
            run: "edit 0903 777 611",
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
            content: "The checklist shows the identity card already held, valid until its printed date",
            trigger: `${CARD_ROW} [name=reusable_label]:contains("12/04/2038")`,
        },
        vietnamese(CARD_ROW),
        {
            content: "No offer on the lines of documents of no kind",
            trigger: `${CHECKLIST}:not(:has(.o_data_row [name=reusable_label]:contains("q1.")))`,
        },
        {
            content: "Save the dossier (a line's button acts on a saved line)",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        { trigger: ".o_form_view .o_form_saved" },
        {
            content: "Reuse the card held instead of asking for the paper",
            trigger: `${CARD_ROW} button[name=action_reuse]`,
            run: "click",
        },
        {
            content: "The card's line is handed in, by reuse: nothing to upload, no more button",
            trigger: `${CARD_ROW}:not(:has(button[name=action_reuse])) [name=is_received] input:checked`,
        },
        {
            content: "The dossier is saved",
            trigger: ".o_form_view .o_form_saved",
        },
        {
            content: "Tick the documents handed in on paper",
            trigger: `${CHECKLIST} .o_data_row`,
            async run() {
                const unchecked = () =>
                    document.querySelector(
                        `${CHECKLIST} .o_data_row [name=is_received] input:not(:checked)`
                    );
                for (let i = 0; i < 10 && unchecked(); i++) {
                    unchecked().click();
                    await new Promise((resolve) => setTimeout(resolve, 200));
                }
            },
        },
        {
            trigger: `${CHECKLIST}:not(:has([name=is_received] input:not(:checked)))`,
        },
        { trigger: ".o_form_view .o_form_button_save", run: "click" },
        { trigger: ".o_form_view .o_form_saved" },
        vietnamese(),
        {
            content: "Receive the dossier",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_receive]",
            run: "click",
        },
        {
            content: "Received: the dossier has its code",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Đã tiếp nhận')",
        },
        { trigger: ".o_form_view .o_field_widget[name=code] span:not(:empty)" },
        {
            content: "The card's line still names the document reused",
            trigger: `${CARD_ROW} [name=reusable_label]:contains("${ID_NUMBER}")`,
        },
        vietnamese(),
        {
            content: "Open the applicant's record",
            trigger: "button[name=action_open_citizen]",
            run: "click",
        },
        {
            content: "The record lists the digitised identity card",
            trigger: `.o_form_view .o_field_widget[name=unit_document_ids] .o_data_row:contains("${ID_NUMBER}")`,
        },
        {
            trigger: `.o_form_view .o_field_widget[name=identity_number]:contains("${ID_NUMBER}")`,
        },
        vietnamese(),
    ],
});
