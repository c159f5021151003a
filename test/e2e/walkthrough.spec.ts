// The walkthrough as a new user opens it: every step's text reads as prose (no Markdown
// left over, such as backticks), and every line of its media page fits the page (an ARN
// or a DSN cut off at the edge cannot be read). A screenshot of each step.

import * as assert from 'node:assert/strict';
import { ui } from './fixtures';

const STEPS = ["1. Get Databend's role ARN", '2–3. Create the policy and role', '4a. Add your Databend login', '4b. Run the SQL and verify'];
const HEADINGS = ["Databend's role ARN", 'The policy and the role', 'Your Databend login', 'Run and verify'];

describe('Walkthrough, as a new user', () => {
  afterEach(async () => {
    await ui().closeAllEditorsWithoutSaving();
  });

  it('renders every step: prose without Markdown marks, media that fits its page', async () => {
    const wb = ui();
    await wb.runCommand('Welcome: Open Walkthrough');
    await wb.pickItem('Connect Databend Cloud to your S3 bucket');
    for (const [index, title] of STEPS.entries()) {
      const step = wb.page.locator('.getting-started-step', { hasText: title }).first();
      await step.waitFor({ state: 'visible', timeout: 30_000 });
      await step.click();
      const description = (await step.locator('.step-description-container').innerText()).trim();
      assert.ok(description.length > 0, `${title}: its description shows`);
      assert.doesNotMatch(description, /[`*]/, `${title}: no Markdown marks shown literally: ${description}`);
      const media = await wb.webviewFrame(`h1:text-is("${HEADINGS[index]}")`);
      // Every line of text lies within the page: nothing is cut off at the right edge.
      const cut = await media.evaluate(() => {
        const width = document.documentElement.clientWidth;
        return Array.from(document.querySelectorAll('p, li, code, pre'))
          .filter((el) => el.getBoundingClientRect().right > width + 1 || el.scrollWidth > el.clientWidth + 1)
          .map((el) => (el.textContent ?? '').slice(0, 80));
      });
      assert.deepEqual(cut, [], `${title}: text cut off at the edge of the media page`);
      await wb.screenshot(`walkthrough-step-${index + 1}`);
    }
  });
});
