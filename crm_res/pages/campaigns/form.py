"""The create form: audience, template and parameters, timing, limits; preview, then create."""

from __future__ import annotations

import reflex as rx
from reflex.vars import NumberVar, ObjectVar

from crm_res.components.ui import CSV_FILES, NAME_STYLE, file_picker, problem_lines, section, select_tr
from crm_res.state.campaigns.form import UPLOAD_ID, CampaignFormState
from crm_res.state.campaigns.rows import ParamField, Preview, SampleRow
from crm_res.state.ui import tr

from .common import ltr_field, messages, timing_inputs

LANGUAGES = [("all", "all_languages"), ("ar", "lang_ar"), ("en", "lang_en")]
DIALECTS = [("all", "any_dialect"), ("ar-SA", "lang_ar_sa"), ("ar-EG", "lang_ar_eg"), ("ar-LV", "lang_ar_lv")]
VISITS = [
    ("all", "any_visit"),
    ("7", "visit_7"),
    ("30", "visit_30"),
    ("90", "visit_90"),
    ("lapsed", "visit_lapsed"),
]
ORDERS = [
    ("all", "any_order"),
    ("7", "ordered_7"),
    ("30", "ordered_30"),
    ("90", "ordered_90"),
    ("none_30", "no_order_30"),
    ("none_90", "no_order_90"),
]
RATINGS = [("all", "any_rating"), ("high", "rating_high"), ("low", "rating_low")]
SOURCES = [
    ("{name}", "src_name"),
    ("{discount_code}", "src_code"),
    ("{branch}", "src_branch"),
    ("text", "src_text"),
]


def _val(v: rx.Var) -> rx.Var:
    return rx.cond(v == "", "all", v)


def _labelled(key: str, control: rx.Component) -> rx.Component:
    return rx.vstack(rx.text(tr(key), size="1", color_scheme="gray"), control, spacing="1")


def _form_part(title_key: str, *children: rx.Component, spacing: str = "3") -> rx.Component:
    """One part of the create form (audience, message, when, limits): a card under its title."""
    return rx.card(
        rx.vstack(rx.heading(tr(title_key), size="3"), *children, spacing=spacing, width="100%"),
        width="100%",
    )


def _audience() -> rx.Component:
    s = CampaignFormState
    return _form_part(
        "audience",
        rx.hstack(
            rx.switch(checked=s.use_segment, on_change=s.set_use_segment, data_testid="use-segment"),
            rx.text(tr("use_segment"), size="2"),
            align="center",
        ),
        rx.cond(
            s.use_segment,
            rx.flex(
                _labelled(
                    "tag",
                    rx.select.root(
                        rx.select.trigger(width="10em", data_testid="seg-tag"),
                        rx.select.content(
                            rx.select.item(tr("all_tags"), value="all"),
                            rx.foreach(s.tags, lambda t: rx.select.item(t, value=t)),
                        ),
                        value=_val(s.tag),
                        on_change=lambda v: s.set_field("tag", v),
                    ),
                ),
                _labelled(
                    "language",
                    select_tr(
                        LANGUAGES,
                        _val(s.language),
                        lambda v: s.set_field("language", v),
                        "seg-language",
                        width="9em",
                    ),
                ),
                _labelled(
                    "dialect",
                    select_tr(
                        DIALECTS,
                        _val(s.dialect),
                        lambda v: s.set_field("dialect", v),
                        "seg-dialect",
                        width="10em",
                    ),
                ),
                _labelled(
                    "last_visit",
                    select_tr(
                        VISITS, _val(s.last_visit), lambda v: s.set_field("last_visit", v), "seg-visit"
                    ),
                ),
                _labelled(
                    "last_order",
                    select_tr(
                        ORDERS, _val(s.last_order), lambda v: s.set_field("last_order", v), "seg-order"
                    ),
                ),
                _labelled(
                    "rating",
                    select_tr(
                        RATINGS,
                        _val(s.rating),
                        lambda v: s.set_field("rating", v),
                        "seg-rating",
                        width="9em",
                    ),
                ),
                _labelled(
                    "branch",
                    select_tr(
                        [("all", "all_branches")],
                        _val(s.branch_id),
                        lambda v: s.set_field("branch_id", v),
                        "seg-branch",
                        rows=s.branches,
                    ),
                ),
                _labelled(
                    "min_ltv",
                    ltr_field(s, "min_ltv", "seg-ltv", width="8em", input_mode="decimal"),
                ),
                gap="3",
                wrap="wrap",
                align="end",
            ),
        ),
        rx.divider(),
        rx.text(tr("numbers_csv_help"), size="1", color_scheme="gray"),
        rx.hstack(
            file_picker(UPLOAD_ID, "numbers-upload", {**CSV_FILES, "text/plain": [".txt"]}),
            rx.button(
                tr("check_file"),
                on_click=s.upload_numbers(rx.upload_files(upload_id=UPLOAD_ID)),
                size="2",
                variant="soft",
                type="button",
                data_testid="numbers-check",
            ),
            rx.cond(
                s.numbers_count > 0,
                rx.badge(
                    tr("numbers_ok"),
                    " ",
                    rx.text(s.numbers_count, as_="span", dir="ltr"),
                    color_scheme="green",
                    data_testid="numbers-count",
                ),
            ),
            rx.cond(
                s.numbers_file != "",
                rx.button(tr("remove"), on_click=s.clear_numbers, size="1", variant="ghost", type="button"),
            ),
            align="center",
            wrap="wrap",
        ),
        rx.cond(
            s.csv_lines.length() > 0,
            rx.vstack(problem_lines(s.csv_lines, "csv-line-error", color_scheme="red"), spacing="0"),
        ),
    )


def _param(p: ObjectVar[ParamField], i: NumberVar[int]) -> rx.Component:
    s = CampaignFormState
    return rx.hstack(
        rx.code(p["name"], dir="ltr", min_width="6em"),
        select_tr(SOURCES, p["source"], lambda v: s.set_param_source(i, v), "param-source", width="11em"),
        rx.cond(
            p["source"] == "text",
            rx.input(
                value=p["text"],
                on_change=lambda v: s.set_param_text(i, v),
                dir="auto",
                width="16em",
                data_testid="param-text",
            ),
        ),
        align="center",
        wrap="wrap",
        data_testid="param-row",
    )


def _message() -> rx.Component:
    s = CampaignFormState
    return _form_part(
        "message",
        rx.select.root(
            rx.select.trigger(placeholder=tr("choose_template"), width="100%", data_testid="template-picker"),
            rx.select.content(
                rx.foreach(
                    s.approved_templates,
                    lambda t: rx.select.item(t["name"] + " · " + t["language"], value=t["id"]),
                )
            ),
            value=s.template_id,
            on_change=s.choose_template,
        ),
        rx.cond(
            s.approved_templates.length() == 0,
            rx.text(tr("no_approved_templates"), size="1", color_scheme="amber"),
        ),
        rx.cond(
            s.chosen_body != "",
            rx.blockquote(s.chosen_body, size="2", dir="auto", data_testid="template-body"),
        ),
        rx.foreach(s.params, _param),
        rx.cond(
            s.uses_code,
            rx.hstack(
                rx.text(tr("discount_percent"), size="2"),
                ltr_field(
                    s,
                    "discount_percent",
                    "discount-percent",
                    width="5em",
                    input_mode="numeric",
                    placeholder="10",
                ),
                align="center",
            ),
        ),
    )


def _limits() -> rx.Component:
    s = CampaignFormState
    return _form_part(
        "limits",
        rx.hstack(
            _labelled(
                "max_recipients",
                ltr_field(
                    s,
                    "max_recipients",
                    "max-recipients",
                    width="8em",
                    input_mode="numeric",
                    placeholder="—",
                ),
            ),
            _labelled(
                "frequency_cap_days",
                ltr_field(s, "cap_days", "cap-days", width="6em", input_mode="numeric"),
            ),
            _labelled(
                "attribution_days",
                ltr_field(s, "attribution_days", "attribution-days", width="6em", input_mode="numeric"),
            ),
            rx.button(
                tr("save_limits"),
                on_click=s.save_limits,
                variant="soft",
                size="2",
                type="button",
                data_testid="save-limits",
            ),
            align="end",
            wrap="wrap",
            spacing="3",
        ),
        rx.text(tr("frequency_cap_help"), size="1", color_scheme="gray"),
        spacing="2",
    )


def _sample_row(c: ObjectVar[SampleRow]) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(rx.cond(c["name"] != "", c["name"], "—"), style=NAME_STYLE)),
        rx.table.cell(rx.text(c["wa_id"], dir="ltr")),
    )


def audience_preview(p: ObjectVar[Preview], test_id: str) -> rx.Component:
    """The count after exclusions, what was left out and why, and a sample of who gets it."""

    def excluded(key: str) -> rx.Component:
        return rx.badge(
            tr(f"excl_{key}"),
            " ",
            rx.text(p[key].to(int), as_="span", dir="ltr"),
            variant="soft",
            color_scheme="gray",
        )

    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(tr("will_receive"), size="3"),
                rx.heading(p["count"].to(int), size="6", dir="ltr", data_testid=f"{test_id}-count"),
                rx.cond(
                    p["new_numbers"].to(int) > 0,
                    rx.text(
                        tr("of_them_new"),
                        " ",
                        rx.text(p["new_numbers"].to(int), as_="span", dir="ltr"),
                        size="1",
                        color_scheme="gray",
                    ),
                ),
                align="center",
                spacing="3",
                wrap="wrap",
            ),
            rx.hstack(
                rx.text(tr("left_out"), size="1"),
                excluded("opted_out"),
                excluded("capped"),
                excluded("failed"),
                excluded("test"),
                rx.cond(p["other_branches"].to(int) > 0, excluded("other_branches")),
                wrap="wrap",
                spacing="2",
                align="center",
            ),
            rx.text(tr("sample"), size="2", weight="bold"),
            rx.table.root(
                rx.table.body(rx.foreach(p["sample"].to(list[dict[str, str]]), _sample_row)),
                size="1",
                data_testid=f"{test_id}-sample",
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        data_testid=test_id,
    )


def create_form() -> rx.Component:
    s = CampaignFormState
    return section(
        "new_campaign",
        messages(s.error, s.error_en, s.notice, "form"),
        _labelled(
            "campaign_name",
            rx.input(
                value=s.name,
                on_change=lambda v: s.set_field("name", v),
                dir="auto",
                width="100%",
                max_length=120,
                placeholder=tr("campaign_name_hint"),
                data_testid="campaign-name",
            ),
        ),
        _audience(),
        _message(),
        _form_part("when", timing_inputs(s, "form"), spacing="2"),
        _limits(),
        rx.hstack(
            rx.button(
                rx.icon("users", size=16),
                tr("preview_audience"),
                on_click=s.run_preview,
                variant="soft",
                type="button",
                data_testid="preview-audience",
            ),
            rx.button(
                rx.icon("file-plus", size=16),
                tr("create_campaign"),
                on_click=s.create,
                type="button",
                data_testid="create-campaign",
            ),
            spacing="3",
            wrap="wrap",
        ),
        rx.cond(s.previewed, audience_preview(s.preview, "preview")),
        test_id="campaign-form",
    )
