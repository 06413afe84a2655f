"""The permission matrix of the field databases: every role of the one-stop shop × every model q1_registry defines
× read, write, create, unlink × a record of the user's own unit and one of another unit.

It is q1_reporting's matrix test (same kinds, same reading of the cells, same cross-checks) over q1_registry's
models. What the cells allow is the access rights and record rules; the legal facts of a register entry, a citizen's
record or a signed result are further refused by the models' own methods (their tests)."""

from datetime import date

from odoo.tests import tagged

from odoo.addons.q1_reporting.tests import test_permission_matrix as base

EXTENDED, GLOBAL, NO_TABLE, OWN, UNIT = base.EXTENDED, base.GLOBAL, base.NO_TABLE, base.OWN, base.UNIT
CATALOGUE = "read by every internal user on purpose, maintained by the administrators: one for every unit"
IDENTITY = {"a": "079090000001", "b": "079090000002"}

# Roles, in order:  user  reception  processing  head  leader  manager
MATRIX = {
    # ---- result registers
    "q1.register": (
        GLOBAL,
        "r/r r/r r/r r/r r/r rwcu/rwcu",
        f"the registers of the fields (their columns): {CATALOGUE}",
    ),
    "q1.register.entry": (UNIT, "-/- rw/- rw/- rw/- rwc/- rwc/-"),
    "q1.register.event": (UNIT, "-/- r/- r/- r/- r/- r/-"),
    "q1.register.book": (OWN, "-/- rwcu/- rwcu/- rwcu/- rwcu/- rwcu/-"),
    "report.q1_registry.report_q1_register_book": (NO_TABLE, "report values"),
    # ---- per-procedure data
    "q1.procedure.data.rule": (
        GLOBAL,
        "r/r r/r r/r r/r r/r rwcu/rwcu",
        f"the rules of a procedure's data, part of the procedure catalogue: {CATALOGUE}",
    ),
    # ---- the citizen's record
    "q1.citizen": (UNIT, "-/- r/- r/- r/- r/- rwc/-"),
    "q1.citizen.document": (UNIT, "-/- r/- r/- r/- r/- rw/-"),
    "q1.citizen.view.log": (UNIT, "-/- -/- -/- -/- -/- r/-"),
    "q1.document.kind": (GLOBAL, "r/r r/r r/r r/r r/r rwcu/rwcu", f"kinds of document: {CATALOGUE}"),
    # ---- electronic results
    "q1.dossier.e.result.wizard": (OWN, "-/- -/- rwc/- rwc/- rwc/- rwc/-"),
    # ---- models of q1_dossier, q1_reporting and the core that q1_registry extends
    "q1.dossier": (EXTENDED, "the dossier's data, register entry, reuse and signed result; q1_dossier's rules"),
    "q1.dossier.document": (EXTENDED, "the checklist's kind of document and reuse; q1_dossier's rules"),
    "q1.procedure": (EXTENDED, "the procedure's data definition and register; the catalogue's access"),
    "q1.procedure.document": (EXTENDED, "the required document's kind; the catalogue's access"),
    "q1.dossier.form.values": (EXTENDED, "the receipt's data lines"),
    "q1.dossier.fact": (EXTENDED, "the statistics' facts of 4.1 and 4.3; q1_reporting's rules"),
    "q1.dossier.report": (EXTENDED, "the dashboards' measures of 4.1 and 4.3; q1_reporting's rules"),
    "q1.handling.report.wizard": (EXTENDED, "the statutory wizard's indices 4.1-4.3; q1_reporting's rules"),
    "q1.service.index.line": (EXTENDED, "an index line's dossiers; q1_reporting's rules"),
    "res.company": (EXTENDED, "the unit's signing certificate (administrators' fields); the core's rules"),
    "ir.attachment": (EXTENDED, "signed results are never changed or deleted by users; the core's rules"),
}


@tagged("post_install", "-at_install")
class TestRegistryPermissionMatrix(base.TestPermissionMatrix):
    MODULES, MATRIX = ("q1_registry",), MATRIX
    allow_inherited_tests_method = True

    @classmethod
    def _register(cls):
        """The register the entries and books of the matrix belong to (made once, without the demo data)."""
        if not hasattr(cls, "matrix_register"):
            cls.matrix_register = cls.env["q1.register"].create(
                {"name": "Sổ thử quyền", "code": "T-MATRIX", "field_id": cls.field.id}
            )
        return cls.matrix_register

    @classmethod
    def _unit_records(cls, ward, company):
        env = cls.env
        records = super()._unit_records(ward, company)
        register = cls._register()
        citizen = env["q1.citizen"]._q1_for_identity(IDENTITY[ward], f"Công Dân Thử {ward.upper()}", company)
        entry = env["q1.register.entry"].create(
            {
                "register_id": register.id,
                "company_id": company.id,
                "number": f"MATRIX-{ward}",
                "entry_date": date(2026, 3, 2),
                "holder_name": citizen.name,
                "holder_id_number": citizen.identity_number,
                "valid_from": date(2026, 3, 2),
                "origin": "import",
            }
        )
        event = entry._q1_add_event("imported")
        document = env["q1.citizen.document"].create(
            {
                "citizen_id": citizen.id,
                "kind_id": env.ref("q1_registry.q1_document_kind_citizen_id").id,
                "name": "Căn cước",
                "digitised_at": "2026-01-05 02:00:00",
                "company_id": company.id,
            }
        )
        log = env["q1.citizen.view.log"].create(
            {"user_id": cls.users["manager", ward].id, "citizen_id": citizen.id, "company_id": company.id}
        )
        env.flush_all()
        return records | {
            "q1.register.entry": entry,
            "q1.register.event": event,
            "q1.citizen": citizen,
            "q1.citizen.document": document,
            "q1.citizen.view.log": log,
        }

    def _own_records(self, owner, company):
        env = self.env(user=owner, su=True)
        ward = "a" if company == self.ward_a else "b"
        records = super()._own_records(owner, company)
        return records | {
            "q1.register.book": env["q1.register.book"].create(
                {
                    "register_id": self._register().id,
                    "company_id": company.id,
                    "date_from": date(2026, 1, 1),
                    "date_to": date(2026, 12, 31),
                }
            ),
            "q1.dossier.e.result.wizard": env["q1.dossier.e.result.wizard"].create(
                {
                    "dossier_id": self.units[ward]["q1.dossier"].id,
                    "result_file": b"JVBERi0=",
                    "result_filename": "kq.pdf",
                }
            ),
        }

    def _global_records(self):
        env = self.env
        self.proc_5d.data_definition = [{"name": "m0000000000000a1", "string": "Tên", "type": "char"}]
        rule = env["q1.procedure.data.rule"].create(
            {"procedure_id": self.proc_5d.id, "property_name": "m0000000000000a1"}
        )
        return super()._global_records() | {
            "q1.register": self._register(),
            "q1.procedure.data.rule": rule,
            "q1.document.kind": env.ref("q1_registry.q1_document_kind_citizen_id"),
        }
