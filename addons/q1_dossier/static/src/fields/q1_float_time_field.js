/** @odoo-module **/
/**
 * An hour of the day typed "7.5" is half past seven, not 75 o'clock (issue 12 item 9).
 *
 * Odoo 18's float_time field reads a value without ":" through its float parser, which in Vietnamese drops every
 * "." (the thousands separator) and reads "7.5" as 75. This field reads such a value as q1_decimal does ("7.5",
 * "7,5" and "7:30" are all 7.5); values with ":" are parsed as Odoo's float_time does.
 */
import { registry } from "@web/core/registry";
import { parseFloatTime } from "@web/views/fields/parsers";
import { useInputField } from "@web/views/fields/input_field_hook";
import { useNumpadDecimal } from "@web/views/fields/numpad_decimal_hook";
import { FloatTimeField, floatTimeField } from "@web/views/fields/float_time/float_time_field";

import { parseDecimal } from "./q1_decimal_field";

/**
 * @param {string} value what the user typed
 * @returns {number} hours
 */
export function parseHours(value) {
    let text = String(value).trim();
    if (text.includes(":")) {
        return parseFloatTime(text);
    }
    let sign = 1;
    if (text.startsWith("-")) {
        text = text.slice(1);
        sign = -1;
    }
    return sign * parseDecimal(text);
}

export class Q1FloatTimeField extends FloatTimeField {
    setup() {
        // FloatTimeField.setup() with our parser (calling it would also register Odoo's parser on the input)
        this.inputFloatTimeRef = useInputField({
            getValue: () => this.formattedValue,
            refName: "numpadDecimal",
            parse: (v) => parseHours(v),
        });
        useNumpadDecimal();
    }
}

export const q1FloatTimeField = {
    ...floatTimeField,
    component: Q1FloatTimeField,
};

registry.category("fields").add("q1_float_time", q1FloatTimeField);
