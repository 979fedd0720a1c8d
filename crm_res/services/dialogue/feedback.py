"""Feedback: awaiting comment → awaiting rating → done.

A comment (written first, or answering a feedback request) is acknowledged in kind (an apology,
thanks, or a plain "noted": text that is neither is never taken as praise) and followed by the
1-5 question; the rating is thanked, with a discount code when the restaurant offers one. After
that the conversation rests: "شكراً" or a new greeting gets a fitting reply, never the question again.
"""

from __future__ import annotations

import uuid

from crm_res.assistant import replies
from crm_res.assistant.intent import is_rejection
from crm_res.assistant.order_edits import asks_for_food
from crm_res.assistant.order_parser import parse_order
from crm_res.assistant.ratings import parse_rating, puts_off, rating_answer
from crm_res.assistant.sentiment import analyze_sentiment
from crm_res.models import ConversationType, Feedback, Sentiment
from crm_res.models.customer import staff_name
from crm_res.services.dialogue import data
from crm_res.services.dialogue.states import FeedbackDraft, Phase
from crm_res.services.dialogue.turn import Turn
from crm_res.services.notifications import notify_staff
from crm_res.services.outreach.feedback_alerts import queue_negative_feedback_alerts

SHORT_RATING = 12  # a bare "3" / "٤ من ٥" answers the question; a long text with a number is a comment
# A clear other intent leaves the feedback phases (the comment already given is kept).
_LEAVING = ("order", "order_status", "support", "greeting", "thanks")


class FeedbackSteps(Turn):
    """The feedback half of `Flow` (a mixin)."""

    def _tapped_rating(self) -> int | None:
        if self.reply_id.startswith("rate_"):
            return parse_rating(self.reply_id.removeprefix("rate_"))
        return None

    def _feedback_step(self) -> bool:
        """The answer while a comment or a rating is awaited; False leaves the phase."""
        rating = self._tapped_rating()
        if rating is None and self.text and len(self.text) <= SHORT_RATING:
            rating = parse_rating(self.text)
        ordering = bool(self.text) and (
            asks_for_food(self.text)
            and bool(
                parse_order(self.text, data.entries(data.menu(self.session, self.ctx.restaurant.id))).lines
            )
        )  # "tayeb 3ayez a3mel order: 2 kunafa w 2 shay": done rating, now ordering
        if rating is None and self.text and self.state.phase == Phase.awaiting_rating and not ordering:
            rating = self._rating_in_words()  # "والله ما يستاهل اكثر من ثلاث": asked, so a rating
        if rating is not None:
            return self._store_feedback(rating)
        decision = self.intent()
        intent = decision.intent if decision else "other"
        if intent in _LEAVING or ordering or self.location is not None:
            self._keep_feedback_in_progress()
            self.state.clear()
            return False
        if self.state.phase == Phase.awaiting_comment and (puts_off(self.text) or is_rejection(self.text)):
            self.state.clear()  # "بعدين", "لا شكراً": no review to store, nothing more to ask
            self.say(replies.no_problem(**self.kw))
            return True
        if self.state.phase == Phase.awaiting_comment:
            return self._feedback_start()
        # Awaiting the rating: ask again once, then move on (the comment is kept).
        if not self.state.ask("rating"):
            self._keep_feedback_in_progress()
            self.state.clear(Phase.done)
            self.say(replies.feedback_kept(**self._lang()))
            return True
        self._ask_rating(count=False)
        return True

    def _rating_in_words(self) -> int | None:
        """The one number of a reply to our rating question, unless it counts a dish ("اوكي أم علي
        وحدة" orders one om ali; "تستاهلون ٤ عشان الكبسة بس" rates four)."""
        value = rating_answer(self.text)
        lines = parse_order(self.text, data.entries(data.menu(self.session, self.ctx.restaurant.id))).lines
        if value is None or any(line.quantity == value for line in lines):
            return None
        return value

    def _feedback_start(self) -> bool:
        """A comment about a visit: acknowledge it in kind, then ask for the rating."""
        result = analyze_sentiment(self.text)
        rating = parse_rating(self.text)
        awaited = self.state.phase == Phase.awaiting_comment
        request_order = self.state.feedback_order_id if awaited else None
        self.state.clear(Phase.awaiting_rating)
        self.state.feedback_order_id = request_order
        self.state.feedback = FeedbackDraft(
            comment=self.text[:1000], sentiment=result.sentiment, categories=list(result.categories)
        )
        self.ctx.conversation.type = ConversationType.feedback
        named = data.named_branch(data.branches(self.session, self.ctx.restaurant.id), self.text)
        if named is not None:  # "امس جيت فرع العليا…": the review is that branch's (and "نفس الفرع" later)
            self.ctx.conversation.branch_id = named.id
        if rating is not None and len(self.text) <= SHORT_RATING:
            self.state.feedback.comment = None
            return self._store_feedback(rating)
        if result.sentiment == "negative":
            self.say(replies.feedback_ack_negative(**self.kw))
            # Stored now, not after the rating: the owner hears about an unhappy customer at once,
            # and the complaint is kept even if the customer never rates.
            self._save_feedback(None)
        elif result.sentiment == "positive":
            self.say(replies.feedback_ack_positive(**self.kw))
        else:
            self.say(replies.feedback_ack_neutral(**self.kw))
        self._ask_rating()
        return True

    def _ask_rating(self, count: bool = True) -> None:
        if count:
            self.state.ask("rating")
        rows = [(f"rate_{n}", f"{'⭐' * n} {n}") for n in range(5, 0, -1)]
        self.say(
            replies.ask_rating(**self.kw), rows=rows, list_button=replies.button_label("rate", **self._lang())
        )

    def _save_feedback(self, rating: int | None) -> Feedback | None:
        """Create or complete this conversation's feedback row; alert on a negative one."""
        fb = self.state.feedback or FeedbackDraft()
        self.state.feedback = fb
        sentiment = fb.sentiment
        if rating is not None and rating <= 2:
            sentiment = "negative"
        elif rating is not None and sentiment == "neutral" and rating >= 4 and fb.comment is None:
            sentiment = "positive"
        rows = data.branches(self.session, self.ctx.restaurant.id)
        branch = self._current_branch(rows) or (rows[0] if rows else None)
        if branch is None:
            return None
        needs_followup = (rating is not None and rating <= 2) or sentiment == "negative"
        feedback = self.session.get(Feedback, uuid.UUID(fb.feedback_id)) if fb.feedback_id else None
        if feedback is None:
            feedback = Feedback(
                restaurant_id=self.ctx.restaurant.id,
                conversation_id=self.ctx.conversation.id,
                customer_id=self.ctx.customer.id,
                branch_id=branch.id,
                comment=fb.comment,
                categories=list(fb.categories),
            )
            if self.state.feedback_order_id:  # the visit a feedback request asked about
                feedback.order_id = uuid.UUID(self.state.feedback_order_id)
        feedback.rating = rating if rating is not None else feedback.rating
        feedback.sentiment = Sentiment(sentiment)
        feedback.requires_followup = feedback.requires_followup or needs_followup
        self.session.add(feedback)
        self.session.flush()
        fb.feedback_id = str(feedback.id)
        if needs_followup:
            if not fb.alerted:
                who = staff_name(self.ctx.customer)
                title = f"تقييم {rating}/5: {who}" if rating is not None else f"ملاحظة سلبية: {who}"
                notify_staff(
                    session=self.session,
                    restaurant_id=self.ctx.restaurant.id,
                    kind="negative_feedback",
                    title=title,
                    body=fb.comment or "",
                    link=f"/conversation?id={self.ctx.conversation.id}",
                    branch_id=feedback.branch_id,
                )
                fb.alerted = True
            self.result.sends += queue_negative_feedback_alerts(
                session=self.session,
                restaurant=self.ctx.restaurant,
                feedback=feedback,
                customer=self.ctx.customer,
                branch_name=branch.name_ar,
            )
        return feedback

    def _keep_feedback_in_progress(self) -> None:
        """Leaving mid-feedback: the comment is stored (without a rating), not lost."""
        fb = self.state.feedback
        if (
            self.state.phase == Phase.awaiting_rating
            and fb is not None
            and fb.comment
            and fb.feedback_id is None
        ):
            self._save_feedback(None)

    def _store_feedback(self, rating: int) -> bool:
        if self.state.feedback is None:
            self.state.feedback = FeedbackDraft()
        feedback = self._save_feedback(rating)
        if feedback is None:
            self._escalate("feedback without a branch")
            return True
        discount = data.discount_code(self.session, self.ctx, feedback)
        self.say(
            replies.thank_for_rating(
                rating, discount.code if discount else None, discount.percent if discount else None, **self.kw
            )
        )
        self.state.clear(Phase.done)
        return True
