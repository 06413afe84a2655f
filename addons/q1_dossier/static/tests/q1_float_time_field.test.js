import { defineMailModels } from "@mail/../tests/mail_test_helpers";
import { describe, expect, test } from "@odoo/hoot";
import {
    clickSave,
    contains,
    defineModels,
    defineParams,
    fields,
    models,
    mountView,
    onRpc,
} from "@web/../tests/web_test_helpers";

import { parseHours } from "@q1_dossier/fields/q1_float_time_field";

// Issue 12 item 9: in Vietnamese ("." groups thousands, "," marks decimals) Odoo's float_time read "7.5" as 75.

class Calendar extends models.Model {
    _name = "q1.work.calendar";
    morning_start = fields.Float({ string: "Morning Start" });
    _records = [{ id: 1, morning_start: 8 }];
}

defineMailModels();
defineModels([Calendar]);

describe.current.tags("desktop");

function vietnamese() {
    defineParams({ lang_parameters: { thousands_sep: ".", decimal_point: ",", grouping: [3, 0] } });
}

test("q1_decimal: an hour typed 7.5 in Vietnamese is half past seven (q1_float_time)", async () => {
    vietnamese();
    onRpc("web_save", ({ args }) => {
        expect.step(`saved ${args[1].morning_start}`);
    });
    await mountView({
        type: "form",
        resModel: "q1.work.calendar",
        resId: 1,
        arch: `<form><field name="morning_start" widget="q1_float_time"/></form>`,
    });
    await contains(".o_field_widget[name=morning_start] input").edit("7.5");
    await clickSave();
    expect.verifySteps(["saved 7.5"]);
    expect(".o_field_widget[name=morning_start] input").toHaveValue("07:30");
});

test("q1_decimal: what q1_float_time reads", async () => {
    vietnamese();
    await mountView({
        type: "form",
        resModel: "q1.work.calendar",
        resId: 1,
        arch: `<form><field name="morning_start" widget="q1_float_time"/></form>`,
    });
    expect(parseHours("7.5")).toBe(7.5);
    expect(parseHours("7,5")).toBe(7.5);
    expect(parseHours("7:30")).toBe(7.5);
    expect(parseHours("17.25")).toBe(17.25);
    expect(parseHours("-1.5")).toBe(-1.5);
    expect(parseHours("8")).toBe(8);
});
