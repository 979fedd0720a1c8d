"""Keyboard shortcuts of the inbox and their "?" help. The keys click the page's own controls (hidden
buttons for next/previous), so a shortcut does exactly what the button does; nothing fires while
typing in a field, with a modifier held, or outside the inbox."""

from __future__ import annotations

import reflex as rx

from crm_res.state.ui import UIState, tr

SHORTCUTS = [  # (keys shown, what it does)
    (("j", "↓"), "sc_next"),
    (("k", "↑"), "sc_prev"),
    (("t",), "sc_take_over"),
    (("e",), "sc_resolve"),
    (("n",), "sc_next_waiting"),
    (("r",), "sc_reply"),
    (("/", "↓", "Enter"), "sc_slash"),
    (("Esc",), "sc_escape"),
    (("?",), "sc_help"),
]

KEYS_JS = """
if (!window.__crmInboxKeys) {
  window.__crmInboxKeys = true;
  document.addEventListener('keydown', (e) => {
    if (!document.querySelector('[data-inbox]') || e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target;
    // The "/" list: arrows move between the reply box and the replies, Enter picks, Esc closes.
    const items = [...document.querySelectorAll('[data-testid=slash-item]')];
    const inList = t && (t.id === 'composer' || items.includes(t));
    if (inList && items.length && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
      const i = items.indexOf(t) + (e.key === 'ArrowDown' ? 1 : -1);
      e.preventDefault();
      (i < 0 ? document.getElementById('composer') : items[Math.min(i, items.length - 1)]).focus();
      return;
    }
    if (e.key === 'Escape' && inList) {
      const close = document.querySelector('[data-shortcut=close-slash]');
      if (document.querySelector('[data-testid=slash-popup]')) {
        if (close) close.click();
        document.getElementById('composer')?.focus();
      } else {
        t.blur();
      }
      return;
    }
    const typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)
      || (t.closest && t.closest('[role=dialog],[role=listbox],[role=menu]')));
    if (typing) return;
    const click = (sel) => {
      const el = document.querySelector(sel);
      if (el && !el.disabled) { e.preventDefault(); el.click(); }
    };
    switch (e.key) {
      case 'j': case 'ArrowDown': click('[data-shortcut=next]'); break;
      case 'k': case 'ArrowUp': click('[data-shortcut=prev]'); break;
      case 't': click('[data-testid=take-over]'); break;
      case 'e': click('[data-testid=resolve]'); break;
      case 'n': click('[data-testid=next-conversation]'); break;
      case '?': click('[data-shortcut=help]'); break;
      case 'r': {
        const c = document.getElementById('composer');
        if (c) { e.preventDefault(); c.focus(); }
        break;
      }
    }
  });
}
"""


class ShortcutsState(rx.State):
    help_open: bool = False

    @rx.event
    def set_help_open(self, value: bool) -> None:
        self.help_open = value

    @rx.event
    def toggle_help(self) -> None:
        self.help_open = not self.help_open


def _key(k: str) -> rx.Component:
    return rx.code(k, variant="outline", size="2", dir="ltr")


def help_dialog() -> rx.Component:
    return rx.fragment(
        rx.el.button(on_click=ShortcutsState.toggle_help, data_shortcut="help", hidden=True, tab_index=-1),
        rx.dialog.root(
            rx.dialog.content(
                rx.dialog.title(tr("sc_title")),
                rx.vstack(
                    *[
                        rx.hstack(
                            rx.hstack(*[_key(k) for k in keys], spacing="1", min_width="5em"),
                            rx.text(tr(label), size="2"),
                            align="center",
                            spacing="3",
                        )
                        for keys, label in SHORTCUTS
                    ],
                    rx.dialog.close(
                        rx.button(
                            tr("close"), variant="soft", align_self="end", data_testid="shortcuts-close"
                        )
                    ),
                    spacing="2",
                    width="100%",
                ),
                dir=UIState.dir,
                max_width="26em",
                data_testid="shortcuts-help",
            ),
            open=ShortcutsState.help_open,
            on_open_change=ShortcutsState.set_help_open,
        ),
    )


def keys_anchor() -> rx.Component:
    """Installs the key listener once per browser tab (it checks it is on the inbox before acting)."""
    return rx.box(display="none", on_mount=rx.call_script(KEYS_JS))
