// Prints a page (/print/ unless PAGE says) to PDF with Chromium, as a reader's "Save as
// PDF" would.
//
//   node tests/browser/print.mjs SITE_DIR BASE_PATH OUT.pdf [PAGE]
import { serve, launch } from './lib.mjs';

const [siteDir, basePath, out, pagePath = 'print/'] = process.argv.slice(2);
const { server, origin } = await serve(siteDir, basePath);
const browser = await launch();
const page = await browser.newPage();
await page.goto(`${origin}${basePath}${pagePath}`);
await page.emulateMedia({ media: 'print' });
await page.pdf({ path: out, format: 'A4', printBackground: false, margin: { top: '18mm', bottom: '18mm', left: '16mm', right: '16mm' } });
const sections = await page.$$eval('.print-page', (s) => s.length);
console.log(JSON.stringify({ sections }));
await browser.close();
server.close();
