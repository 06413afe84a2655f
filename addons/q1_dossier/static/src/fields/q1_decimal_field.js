/** @odoo-module **/
/**
 * A budget typed "1.5" is one and a half, not fifteen (issue 12 item 9).
 *
 * In Vietnamese Odoo groups thousands with "." and marks decimals with ",": its float parser drops every "." and
 * reads "1.5" as 15. People type decimals with a dot as often as with a comma, so this field reads a single "."
 * followed by anything but a group of exactly three digits as the decimal mark ("1.5", "0.25", "2.75" are
 * decimals; "1.500" stays one thousand five hundred, which the server refuses for a budget). Everything else
 * (",", formulas starting with "=", other languages) is parsed as Odoo's float field does.
 */
import { registry } from "@web/core/registry";
import { localization } from "@web/core/l10n/localization";
import { parseFloat } from "@web/views/fields/parsers";
import { FloatField, floatField } from "@web/views/fields/float/float_field";

const DOT_DECIMAL = /^([-+]?\d*)\.(\d+)$/;

/**
 * @param {string} value what the user typed
 * @returns {number}
 */
export function parseDecimal(value) {
    const text = String(value).trim();
    if (localization.thousandsSep === "." && localization.decimalPoint !== ".") {
        const match = DOT_DECIMAL.exec(text);
        if (match && match[2].length !== 3) {
            return Number(`${match[1] || "0"}.${match[2]}`);
        }
    }
    return parseFloat(text);
}

export class Q1DecimalField extends FloatField {
    parse(value) {
        return this.props.inputType === "number" ? Number(value) : parseDecimal(value);
    }
}

export const q1DecimalField = {
    ...floatField,
    component: Q1DecimalField,
};

registry.category("fields").add("q1_decimal", q1DecimalField);
