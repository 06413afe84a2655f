/** @odoo-module **/
/**
 * A citizen on a phone (issue 12): opens the public lookup page, types the code from the receipt in lower case
 * with a wrong phone ending, finds what she typed still in the form, corrects the digits, reads the status and
 * rates the service. The dossier T99.01-260302-0001 (phone ending 5678, returned) is made by
 * tests/test_tour_reception.py. Every screen is checked for English words, and for a page wider than the phone.
 */
import { registry } from "@web/core/registry";
import { assertVietnamese } from "./q1_tour_utils";

const CODE = "T99.01-260302-0001";

function fitsThePhone() {
    return {
        content: "Nothing wider than the phone's screen",
        trigger: "#q1_lookup_main",
        run() {
            const width = document.documentElement.scrollWidth;
            if (width > window.innerWidth + 1) {
                throw new Error(`The page is ${width}px wide on a ${window.innerWidth}px screen`);
            }
        },
    };
}

registry.category("web_tour.tours").add("q1_lookup_tour", {
    url: "/q1/lookup",
    steps: () => [
        { trigger: "#q1_lookup_code" },
        assertVietnamese(),
        fitsThePhone(),
        { trigger: "#q1_lookup_code", run: `edit ${CODE.toLowerCase()}` },
        { trigger: "#q1_lookup_phone", run: "edit 0000" },
        { trigger: "form[action='/q1/lookup'] button[type=submit]", run: "click" },
        {
            content: "A miss: what was typed stays in the form",
            trigger: ".alert-warning:contains('Không tìm thấy hồ sơ phù hợp')",
        },
        { trigger: `#q1_lookup_code[value='${CODE}']` },
        { trigger: "#q1_lookup_phone[value='0000']" },
        assertVietnamese(),
        { trigger: "#q1_lookup_phone", run: "edit 5678" },
        { trigger: "form[action='/q1/lookup'] button[type=submit]", run: "click" },
        {
            content: "The status of the dossier, found from the lower-case code",
            trigger: "#q1_result_title",
        },
        { trigger: `dd:contains('${CODE}')` },
        { trigger: ".badge:contains('Đã trả kết quả')" },
        assertVietnamese(),
        fitsThePhone(),
        { trigger: "label[for=q1_rating_very_satisfied]", run: "click" },
        { trigger: "#q1_rating_comment", run: "edit Cán bộ hướng dẫn tận tình." },
        { trigger: "form[action='/q1/lookup/rate'] button[type=submit]", run: "click" },
        { trigger: ".alert-success:contains('Cảm ơn Ông/Bà đã đánh giá')" },
        assertVietnamese(),
        fitsThePhone(),
    ],
});
