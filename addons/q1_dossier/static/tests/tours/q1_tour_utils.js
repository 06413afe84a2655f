/** @odoo-module **/
/**
 * Shared tour helpers for the Q1 Một cửa tours.
 *
 * assertVietnamese() returns an Odoo 18 tour step that scans the visible text of
 * the page (document.body.innerText, the page title and every open dialog's
 * title) and throws a clear error listing each hit of:
 *   - a technical record name such as "q1.evaluation.sheet,5";
 *   - an English UI word that must not appear in the Vietnamese UI (Odoo's own
 *     UI is translated by its vi_VN catalogue, so these only appear when one of
 *     our strings, data records or demo records was left in English).
 *
 * Usage in a tour:  steps: () => [ ..., assertVietnamese(), ... ]
 * or with extra words: assertVietnamese({ extra: [/\bDraft\b/] }).
 */

export const TECHNICAL_NAME_RE = /\bq1\.[a-z_.]+,\s?\d+\b/g;

// Each entry: [label, regexp]. Word boundaries keep Vietnamese words and user
// content (e.g. a citizen called "Newton") from matching.
export const ENGLISH_DENY_LIST = [
    ["YourCompany", /YourCompany|My Company\b/g],
    ["Mitchell Admin", /Mitchell Admin/g],
    ["Marc Demo", /Marc Demo/g],
    ["Processing", /\bProcessing\b/g],
    [" created", /\S created\b/g],
    ["Administrative Procedure", /Administrative Procedure/g],
    ["New", /(^|\n|\s)New(\s|\n|$)/g],
    ["Save", /(^|\n)\s*Save\s*(\n|$)/g],
    ["Discard", /\bDiscard\b/g],
    ["Search...", /\bSearch\.\.\./g],
    ["Loading", /\bLoading\b/g],
];

function visibleDialogTitles() {
    return [...document.querySelectorAll(".modal .modal-title, .o_dialog .modal-title")]
        .map((el) => (el.innerText || el.textContent || "").trim())
        .filter(Boolean);
}

/**
 * Return the list of problems found in the current page (empty when clean).
 * Exported so tours can call it from their own run() too.
 */
export function findNonVietnamese({ extra = [], ignore = [] } = {}) {
    const body = document.body ? document.body.innerText || "" : "";
    const title = document.title || "";
    const problems = [];
    const texts = [
        ["page", body],
        ["title", title],
    ];
    for (const [where, text] of texts) {
        for (const m of text.matchAll(TECHNICAL_NAME_RE)) {
            problems.push(`technical name "${m[0]}" in ${where}`);
        }
        const list = [
            ...ENGLISH_DENY_LIST,
            ...extra.map((re) => [String(re), new RegExp(re.source, re.flags.includes("g") ? re.flags : re.flags + "g")]),
        ];
        for (const [label, re] of list) {
            if (ignore.includes(label)) {
                continue;
            }
            re.lastIndex = 0;
            for (const m of text.matchAll(re)) {
                const i = m.index || 0;
                const context = text.slice(Math.max(0, i - 30), i + m[0].length + 30).replace(/\s+/g, " ");
                problems.push(`English "${label}" in ${where}: …${context}…`);
            }
        }
    }
    for (const dialogTitle of visibleDialogTitles()) {
        if (dialogTitle === "Odoo") {
            problems.push('dialog titled "Odoo" (give the dialog a Vietnamese title)');
        }
    }
    return problems;
}

/**
 * Tour step factory: fails the tour with the list of hits.
 * @param {Object} [options]
 * @param {RegExp[]} [options.extra] more English patterns to refuse on this screen
 * @param {string[]} [options.ignore] labels of the deny list to skip on this screen
 * @param {string} [options.trigger] trigger to wait for before scanning (default "body")
 */
export function assertVietnamese(options = {}) {
    return {
        content: "No English UI word or technical name on this screen",
        trigger: options.trigger || "body",
        run() {
            const problems = findNonVietnamese(options);
            if (problems.length) {
                throw new Error(
                    `Non-Vietnamese text on ${window.location.pathname}${window.location.search}:\n- ` +
                        problems.join("\n- ")
                );
            }
        },
    };
}
