import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.ts';
import { hasChromium, launchChromium } from '../support/browser.ts';

describe.skipIf(!hasChromium)('API docs in Chromium', () => {
  const t = useTestApp('sqlite');

  it('renders every documented operation under the security headers, without console errors', async () => {
    const url = await t.current.app.listen({ port: 0, host: '127.0.0.1' });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      await page.goto(`${url}/api/docs`);
      await page.waitForSelector('.opblock');
      expect(await page.locator('.opblock').count()).toBeGreaterThanOrEqual(14);
      await expect(page.locator('.title').first().textContent()).resolves.toContain('Ledgergate API');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
