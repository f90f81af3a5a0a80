// Each language's search in Chromium: on `BASE_PATH/CODE/search/`, a query in that language
// finds that language's page. Prints what was seen per language, as JSON.
//
//   node tests/browser/languages.mjs SITE_DIR BASE_PATH CODE=QUERY...
//
// CODE is empty for the default language (`=stewardship`).
import { serve, launch } from './lib.mjs';

const [siteDir, basePath, ...queries] = process.argv.slice(2);
const { server, origin } = await serve(siteDir, basePath);
const browser = await launch();
const page = await browser.newPage();
const report = {};
for (const pair of queries) {
  const at = pair.indexOf('=');
  const code = pair.slice(0, at);
  const query = pair.slice(at + 1);
  const prefix = code ? `${code}/` : '';
  await page.goto(`${origin}${basePath}${prefix}search/`);
  await page.fill('#search-q', query);
  await page.waitForSelector('#search-results li a', { timeout: 60000 });
  report[code || 'default'] = {
    lang: await page.getAttribute('html', 'lang'),
    dir: await page.getAttribute('html', 'dir'),
    results: await page.$$eval('#search-results li a', (links) => links.map((a) => a.getAttribute('href'))),
    status: await page.textContent('#search-status'),
  };
}
console.log(JSON.stringify(report));
await browser.close();
server.close();
