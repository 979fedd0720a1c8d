"""The create form: audience (segment builder and/or an uploaded CSV of numbers), template and its
parameters, timing, limits; "preview" shows the count and a sample before anything is created."""

from __future__ import annotations

from typing import Any, cast

import reflex as rx

from crm_res.i18n import csv_line_texts
from crm_res.services.campaigns import actions as svc
from crm_res.services.campaigns import board
from crm_res.services.csv_problems import CsvLineErrors
from crm_res.services.lists import list_branch_options
from crm_res.services.lists import normalize_wa_id as _digits
from crm_res.state.errors import CSV_NOT_UTF8, error_texts

from .base import TIMING_FIELDS, CampaignsBase, TimingFields, timing_choice
from .rows import EMPTY_PREVIEW, ParamField, Preview, TemplateChoice

UPLOAD_ID = "campaign_numbers"
SEGMENT_KEYS = ("tag", "language", "dialect", "last_visit", "last_order", "min_ltv", "rating", "branch_id")
TEXT_FIELDS = (
    *SEGMENT_KEYS,
    "name",
    *TIMING_FIELDS,
    "discount_percent",
    "max_recipients",
    "cap_days",
    "attribution_days",
)
NAME_PARAMS = ("name", "customer_name", "first_name")


class CampaignFormState(TimingFields, CampaignsBase):
    name: str = ""
    template_id: str = ""
    params: list[ParamField] = []
    use_segment: bool = True
    tag: str = ""
    language: str = ""
    dialect: str = ""
    last_visit: str = ""
    last_order: str = ""
    min_ltv: str = ""
    rating: str = ""
    branch_id: str = ""
    numbers_csv: str = ""
    numbers_file: str = ""
    numbers_count: int = 0
    csv_lines: list[dict[str, str]] = []  # line-numbered problems, {"ar", "en"} each
    discount_percent: str = ""
    max_recipients: str = ""
    cap_days: str = ""
    attribution_days: str = ""
    preview: Preview = EMPTY_PREVIEW
    previewed: bool = False
    templates: list[TemplateChoice] = []
    tags: list[str] = []
    branches: list[dict[str, str]] = []

    @rx.var
    def approved_templates(self) -> list[TemplateChoice]:
        return [t for t in self.templates if t["status"] == "approved"]

    @rx.var
    def chosen_body(self) -> str:
        return next((t["body_preview"] for t in self.templates if t["id"] == self.template_id), "")

    @rx.var
    def uses_code(self) -> bool:
        return any(p["source"] == "{discount_code}" for p in self.params)

    @rx.event
    async def load(self) -> None:
        self._ok()
        if self._manager() is None:
            return

        def read(session, viewer):
            return {
                "templates": svc.template_choices(session=session, viewer=viewer),
                "tags": board.known_tags(session=session, viewer=viewer),
                "branches": list_branch_options(session=session, viewer=viewer),
                "limits": board.campaign_limits(session=session, viewer=viewer),
                "now": board.local_now(session=session, viewer=viewer),
            }

        data = await self._call(read)
        if data is None:
            return
        self.templates = cast(list[TemplateChoice], data["templates"])
        self.tags, self.branches = data["tags"], data["branches"]
        self.cap_days = str(data["limits"]["frequency_cap_days"])
        self.attribution_days = str(data["limits"]["attribution_days"])
        today = data["now"].strftime("%Y-%m-%d")
        self.at_date = self.at_date or today
        self.at_time = self.at_time or data["now"].strftime("%H:00")
        self.prayer_date = self.prayer_date or today

    @rx.event
    def set_field(self, field: str, value: str) -> None:
        """One text/select field of the form (a select's "all" is the empty choice)."""
        if field in TEXT_FIELDS:
            setattr(self, field, "" if value == "all" else str(value))
            if field in SEGMENT_KEYS:
                self.previewed = False

    @rx.event
    def set_use_segment(self, value: bool) -> None:
        self.use_segment, self.previewed = bool(value), False

    @rx.event
    def choose_template(self, template_id: str) -> None:
        """A template's parameters become fields: the customer's name where the name goes, else text."""
        self.template_id = template_id
        chosen = next((t for t in self.templates if t["id"] == template_id), None)
        names = chosen["parameters"] if chosen else []
        self.params = [
            {
                "name": p,
                "source": "{name}" if p in NAME_PARAMS or (i == 0 and p == "1") else "text",
                "text": "",
            }
            for i, p in enumerate(names)
        ]

    @rx.event
    def set_param_source(self, index: int, value: str) -> None:
        self.params[index]["source"] = value
        self.params = list(self.params)

    @rx.event
    def set_param_text(self, index: int, value: str) -> None:
        self.params[index]["text"] = value
        self.params = list(self.params)

    @rx.event
    async def upload_numbers(self, files: list[rx.UploadFile]) -> None:
        """An uploaded CSV of numbers: checked at once, bad lines listed by their line number."""
        if not files:
            return
        raw = await files[0].read()
        self.csv_lines, self.numbers_csv, self.numbers_count, self.previewed = [], "", 0, False
        self.numbers_file = files[0].filename or ""
        try:
            content = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            self._say(CSV_NOT_UTF8)
            return
        try:
            rows = svc.parse_numbers_csv(content)
        except CsvLineErrors as exc:
            texts = error_texts(exc)
            self.error, self.error_en, self.notice = texts["ar"], texts["en"], ""
            self.csv_lines = csv_line_texts(exc.lines[:50])
            return
        except ValueError as exc:
            self._fail(exc)
            return
        self._ok()
        self.numbers_csv, self.numbers_count = content, len(rows)

    @rx.event
    def clear_numbers(self) -> None:
        self.numbers_csv, self.numbers_file, self.numbers_count, self.csv_lines, self.previewed = (
            "",
            "",
            0,
            [],
            False,
        )

    def _segment(self) -> dict[str, Any] | None:
        if not self.use_segment:
            return None
        return {k: getattr(self, k) for k in SEGMENT_KEYS if getattr(self, k)}

    @rx.event
    async def run_preview(self) -> None:
        """The count after exclusions and a sample, before anything is created."""
        out = await self._call(
            svc.preview_audience, segment=self._segment(), numbers_csv=self.numbers_csv or None
        )
        if out is None:
            return
        self._ok()
        self.preview = cast(
            Preview,
            {
                **{k: out[k] for k in ("count", "matched", "new_numbers")},
                **out["excluded"],
                "sample": out["sample"],
            },
        )
        self.previewed = True

    @rx.event
    async def save_limits(self) -> None:
        out = await self._call(
            board.set_campaign_limits,
            frequency_cap_days=_digits(self.cap_days) or "x",
            attribution_days=_digits(self.attribution_days) or "x",
        )
        if out is not None:
            self._ok("limits_saved")
            self.previewed = False

    @rx.event
    async def create(self):
        """A draft; the campaign's own page shows its audience again and sends it."""
        try:
            timing = timing_choice(self)
            percent = int(_digits(self.discount_percent)) if self.discount_percent.strip() else None
            limit = int(_digits(self.max_recipients)) if self.max_recipients.strip() else None
        except ValueError as exc:
            self._fail(exc)
            return None
        if not self.template_id:
            self._say("choose_template_first")
            return None
        params = {p["name"]: (p["text"] if p["source"] == "text" else p["source"]) for p in self.params}
        cid = await self._call(
            svc.create_campaign,
            name=self.name,
            template_id=self.template_id,
            template_params=params,
            segment=self._segment(),
            numbers_csv=self.numbers_csv or None,
            timing=timing,
            discount_percent=percent,
            max_recipients=limit,
        )
        if cid is None:
            return None
        self._ok()
        self.name, self.previewed = "", False
        return rx.redirect(f"/campaign?id={cid}")
