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

/**
 * Opens the file chooser of the input labelled `label` with the keyboard (Tab to it, Space) and picks
 * `file`. The page may still re-render as its data arrives and take the focus away between the Tab and
 * the Space, so the chooser is awaited a few seconds at a time, tabbing to the input again, three times
 * at most: a field that never opens by keyboard still fails.
 */
export async function chooseFileWithKeyboard(page: Page, label: string, file: string, back = false): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    await tabTo(page, label, back);
    const chooser = page.waitForEvent('filechooser', { timeout: 5_000 }).catch(() => null);
    await page.keyboard.press('Space');
    const opened = await chooser;
    if (opened) return opened.setFiles(file);
  }
  throw new Error(`the file chooser of '${label}' did not open with the keyboard`);
}
