/** HTML to PDF by printing it in headless Chromium (Debian's, through playwright-core): the charts are SVG, so they stay sharp. */
import { existsSync } from 'node:fs';
import type { PdfRenderer } from '../../services/ports.js';

export const CHROMIUM_PATH = process.env.DEFUSE_CHROMIUM ?? '/usr/bin/chromium';

/** The PDF renderer the container hands to services. */
export const chromiumPdf: PdfRenderer = { render: (html) => htmlToPdf(html) };

export async function htmlToPdf(html: string): Promise<Buffer> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`PDF needs Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set DEFUSE_CHROMIUM)`);
  // Loaded here, not at the top: playwright-core takes about a second to load, and only PDFs need it.
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    const page = await browser.newPage();
    // The report is self-contained: nothing to fetch, so offline is fine.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true, margin: { top: '12mm', bottom: '12mm', left: '10mm', right: '10mm' } });
  } finally {
    await browser.close();
  }
}
