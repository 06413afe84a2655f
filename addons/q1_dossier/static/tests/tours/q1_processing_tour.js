/** @odoo-module **/
/**
 * The processing day (issue 12), on a dossier the test receives in ward A (tests/test_tour_processing.py):
 * - q1_processing_tour: the department head opens the department board (who holds what), opens the received
 *   dossier and assigns it; the form offers only the ward's processing officers, not another ward's;
 * - q1_processing_tour_officer: the officer opens "My dossiers" and hands the dossier over step by step to the
 *   end of the internal process (the result is ready);
 * - q1_processing_tour_return: the counter returns the result.
 * Every screen is checked for English words and technical names (q1_tour_utils.assertVietnamese).
 */
import { registry } from "@web/core/registry";
import { assertVietnamese } from "./q1_tour_utils";

const APPLICANT = "Phan Thị Quy Trình";
const OFFICER = "Lê Thẩm Định";
const OTHER_WARD_OFFICER = "Hồ Văn Xử Lý";
const RECEPTION_OFFICER = "Nguyễn Văn Tiếp";

function openDossier() {
    return [
        {
            content: "The dossier's card",
            trigger: `.o_kanban_record:contains("${APPLICANT}")`,
            run: "click",
        },
        { trigger: `.o_form_view .o_field_widget[name=applicant_name]:contains("${APPLICANT}")` },
        assertVietnamese(),
    ];
}

function pressHeaderButton(label) {
    return {
        content: `Press '${label}'`,
        trigger: `.o_form_view .o_statusbar_buttons button:contains("${label}")`,
        run: "click",
    };
}

function chooseHolder(name) {
    return [
        {
            content: "Open the officers offered",
            trigger: ".modal .o_field_widget[name=user_id] input",
            run: "click",
        },
        {
            content: "Only the deciding ward's officers are offered",
            trigger: `.modal .o_field_widget[name=user_id] .o-autocomplete--dropdown-menu:contains("${name}")`,
            run() {
                const menu = document.querySelector(".modal .o_field_widget[name=user_id] .o-autocomplete--dropdown-menu");
                for (const forbidden of [OTHER_WARD_OFFICER, RECEPTION_OFFICER]) {
                    if (menu.innerText.includes(forbidden)) {
                        throw new Error(`${forbidden} must not be offered`);
                    }
                }
            },
        },
        {
            trigger: `.modal .o-autocomplete--dropdown-menu a:contains("${name}")`,
            run: "click",
        },
        { trigger: `.modal .o_field_widget[name=user_id] input:value("${name}")` },
    ];
}

function confirm() {
    return [
        assertVietnamese(),
        { trigger: ".modal .modal-footer button:contains('Xác nhận')", run: "click" },
        { trigger: "body:not(:has(.modal))" },
    ];
}

function currentStage(name) {
    // the container: with many stages the current one may sit folded in the statusbar's dropdown
    return { trigger: `.o_form_view .o_statusbar_status:has(.o_arrow_button_current:contains("${name}"))` };
}

registry.category("web_tour.tours").add("q1_processing_tour", {
    steps: () => [
        { content: "The department board: a column per holder", trigger: ".o_kanban_view .o_kanban_group" },
        assertVietnamese(),
        ...openDossier(),
        pressHeaderButton("Phân công"),
        ...chooseHolder(OFFICER),
        ...confirm(),
        { trigger: `.o_form_view .o_field_widget[name=user_id]:contains("${OFFICER}")` },
        currentStage("Thẩm định (thử nghiệm)"),
        assertVietnamese(),
    ],
});

registry.category("web_tour.tours").add("q1_processing_tour_officer", {
    steps: () => [
        { content: "My dossiers, by step", trigger: ".o_kanban_view .o_kanban_record" },
        assertVietnamese(),
        ...openDossier(),
        pressHeaderButton("Chuyển bước"),
        ...chooseHolder(OFFICER),
        ...confirm(),
        currentStage("Trình ký (thử nghiệm)"),
        pressHeaderButton("Chuyển bước"),
        ...chooseHolder(OFFICER),
        ...confirm(),
        currentStage("Ký duyệt (thử nghiệm)"),
        pressHeaderButton("Chuyển bước"),
        { content: "The last step: nobody to choose", trigger: ".modal:not(:has(.o_field_widget[name=user_id]))" },
        ...confirm(),
        currentStage("Đã có kết quả"),
        assertVietnamese(),
    ],
});

registry.category("web_tour.tours").add("q1_processing_tour_return", {
    steps: () => [
        { trigger: ".o_kanban_view .o_kanban_record" },
        ...openDossier(),
        pressHeaderButton("Trả kết quả"),
        { trigger: `.modal .o_field_widget[name=recipient] input:value("${APPLICANT}")` },
        ...confirm(),
        currentStage("Đã trả kết quả"),
        assertVietnamese(),
    ],
});
