"""What OCA's management-system addons show in English from their Python code, in Vietnamese.

Their record, view, menu and selection terms are translated by ``i18n_extra/vi.po`` (Odoo 18.0 loads it for
q1_quality; each entry's reference names the OCA record it translates). Their *code* terms (``_()`` /
``self.env._()``) cannot be translated from another module: Odoo looks a code term up in the files of the module
whose code calls ``_()`` (odoo/tools/translate.py ``get_translated_module`` -> ``get_translation`` ->
``CodeTranslations._get_code_translations(module)``, which reads ``get_po_paths(module)`` only), and the importer
skips code entries altogether (``TranslationImporter._load``: ``if row.get('type') == 'code': continue``). OCA's own
files carry no Vietnamese, so what reaches our users from their code is said again here, as q1_quality source
strings translated in q1_quality's ``i18n/vi.po``:

* the state of a nonconformity stage (a selection computed in Python, shown on nonconformities as "Trạng thái");
* the messages of OCA's checks on nonconformities, actions and document categories, and of the efficacy rating;
* the note OCA posts when an audit is closed.

The classes stay here, apart from the parts' own extensions of the same models (hence the pylint exceptions):
this file is the one list of what OCA says in code and how we say it.

Nothing of OCA's logic is repeated: its checks still run in its code; a message of theirs is replaced by ours on
its way out, matched on their exact English text (so a translation OCA may ship one day passes through as it is).
"""

from contextlib import contextmanager

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

# OCA's English message (their source string, byte for byte) -> ours.
OCA_MESSAGES = {
    "Action plan  comments are required in order to put a nonconformity In Progress.": _lt(
        "Write the comments on the action plan before putting the nonconformity in progress."
    ),
    "Evaluation Comments are required in order to close a Nonconformity.": _lt(
        "Write the conclusion of the effectiveness evaluation before closing the nonconformity."
    ),
    "All actions must be done before closing a Nonconformity.": _lt(
        "Every action must be done before closing the nonconformity."
    ),
    "We cannot bring back the action to draft stage": _lt("An action that has started cannot go back to draft."),
    "Rating must be between 0 and 100": _lt("The efficacy rating must be between 0 and 100."),
    "You cannot create recursive categories.": _lt("A document category cannot be placed under itself."),
}
# OCA's note on an audit's closure (mgmtsystem_audit, button_close).
OCA_AUDIT_CLOSED = "Audit closed"


@contextmanager
def _in_our_words(env):
    """Re-raise an OCA user error whose English text we know with our message, in the user's language."""
    try:
        yield
    except UserError as error:  # ValidationError included
        ours = OCA_MESSAGES.get(error.args[0] if error.args else None)
        if ours is None:
            raise
        raise type(error)(env._(ours)) from error


class MgmtsystemNonconformityStage(models.Model):
    _inherit = "mgmtsystem.nonconformity.stage"

    # OCA passes its method itself (selection=_get_states), so an override would never be called: name it instead.
    state = fields.Selection(selection="_get_states")

    def _get_states(self):
        labels = {
            "draft": self.env._("Draft"),
            "analysis": self.env._("Analysis"),
            "pending": self.env._("Action Plan"),
            "open": self.env._("In Progress"),
            "done": self.env._("Closed"),
            "cancel": self.env._("Cancelled"),
        }
        # OCA's keys and order; a state a later release adds keeps its (English) label until it is listed here
        return [(key, labels.get(key, label)) for key, label in super()._get_states()]


class MgmtsystemNonconformity(models.Model):
    _inherit = "mgmtsystem.nonconformity"  # pylint: disable=consider-merging-classes-inherited

    @api.constrains("stage_id")
    def _check_open_with_action_comments(self):
        with _in_our_words(self.env):
            return super()._check_open_with_action_comments()

    @api.constrains("stage_id")
    def _check_close_with_evaluation(self):
        with _in_our_words(self.env):
            return super()._check_close_with_evaluation()


class MgmtsystemAction(models.Model):
    _inherit = "mgmtsystem.action"  # pylint: disable=consider-merging-classes-inherited

    @api.constrains("stage_id")
    def _check_stage_id(self):
        with _in_our_words(self.env):
            return super()._check_stage_id()

    @api.onchange("efficacy_value")
    def _onchange_efficacy_value(self):
        with _in_our_words(self.env):
            return super()._onchange_efficacy_value()


class MgmtsystemAudit(models.Model):
    _inherit = "mgmtsystem.audit"  # pylint: disable=consider-merging-classes-inherited

    def message_post(self, **kwargs):
        # mail's own API, not widened: only OCA's English closing note is replaced by ours
        if kwargs.get("body") == OCA_AUDIT_CLOSED:
            kwargs["body"] = self.env._("Audit closed")
        return super().message_post(**kwargs)


class DocumentPage(models.Model):
    _inherit = "document.page"

    @api.constrains("parent_id")
    def _check_parent_id(self):
        with _in_our_words(self.env):
            return super()._check_parent_id()
