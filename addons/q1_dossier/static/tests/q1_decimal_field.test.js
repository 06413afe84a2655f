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

import { parseDecimal } from "@q1_dossier/fields/q1_decimal_field";

// Issue 12 item 9: in Vietnamese ("." groups thousands, "," marks decimals) a budget typed "1.5" became 15.

class Step extends models.Model {
    _name = "q1.procedure.step";
    time_budget = fields.Float({ string: "Time Budget" });
    _records = [{ id: 1, time_budget: 1 }];
}

defineMailModels();
defineModels([Step]);

describe.current.tags("desktop");

function vietnamese() {
    defineParams({ lang_parameters: { thousands_sep: ".", decimal_point: ",", grouping: [3, 0] } });
}

test("q1_decimal: a budget typed 1.5 in Vietnamese is saved as 1.5", async () => {
    vietnamese();
    onRpc("web_save", ({ args }) => {
        expect.step(`saved ${args[1].time_budget}`);
    });
    await mountView({
        type: "form",
        resModel: "q1.procedure.step",
        resId: 1,
        arch: `<form><field name="time_budget" widget="q1_decimal"/></form>`,
    });
    await contains(".o_field_widget[name=time_budget] input").edit("1.5");
    await clickSave();
    expect.verifySteps(["saved 1.5"]);
    expect(".o_field_widget[name=time_budget] input").toHaveValue("1,50");
});

test("q1_decimal: in an editable list too", async () => {
    vietnamese();
    onRpc("web_save", ({ args }) => {
        if (args[0].length) {
            expect.step(`saved ${args[1].time_budget}`);
        }
    });
    await mountView({
        type: "list",
        resModel: "q1.procedure.step",
        arch: `<list editable="bottom"><field name="time_budget" widget="q1_decimal"/></list>`,
    });
    await contains(".o_data_cell").click();
    await contains(".o_field_widget[name=time_budget] input").edit("0.25");
    await contains(".o_list_button_save").click();
    expect.verifySteps(["saved 0.25"]);
});

test("q1_decimal: what it reads", async () => {
    vietnamese();
    await mountView({
        type: "form",
        resModel: "q1.procedure.step",
        resId: 1,
        arch: `<form><field name="time_budget" widget="q1_decimal"/></form>`,
    });
    expect(parseDecimal("1.5")).toBe(1.5);
    expect(parseDecimal("1,5")).toBe(1.5);
    expect(parseDecimal("0.25")).toBe(0.25);
    expect(parseDecimal(".5")).toBe(0.5);
    expect(parseDecimal("-2.75")).toBe(-2.75);
    expect(parseDecimal("12")).toBe(12);
    // a group of exactly three digits after the dot is a thousands group, as Odoo reads it
    expect(parseDecimal("1.500")).toBe(1500);
    expect(parseDecimal("1.500,5")).toBe(1500.5);
    expect(parseDecimal("=1+2")).toBe(3);
});
