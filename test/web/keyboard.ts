/** The keyboard alone in the browser tests: moving the focus with Tab and typing over a field. */
import type { Page } from 'playwright-core';

/** Presses Tab (or Shift+Tab) until the focused element is the one labelled `label`: the keyboard alone. */
export async function tabTo(page: Page, label: string | RegExp, back = false): Promise<void> {
  for (let i = 0; i < 120; i++) {
    // A string, as the harness does: the test's types know no DOM.
    const focused = (await page.evaluate(`(() => {
      const el = document.activeElement;
      if (!el) return '';
      return el.getAttribute('aria-label') ?? (el.labels && el.labels.length ? el.labels[0].textContent : el.textContent) ?? '';
    })()`)) as string;
    const text = focused?.trim() ?? '';
    if (typeof label === 'string' ? text === label : label.test(text)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`no element labelled '${label}' reached with the keyboard`);
}

/** Replaces the focused field's text. */
export async function typeOver(page: Page, text: string): Promise<void> {
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text);
}
