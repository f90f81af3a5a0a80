// The search page in Chromium: typing a query shows the right result, following it opens
// the page, and a query made of HTML adds no element to the page.
//
//   node tests/browser/search.mjs SITE_DIR BASE_PATH QUERY
import { serve, launch } from './lib.mjs';

const [siteDir, basePath, query] = process.argv.slice(2);
const { server, origin } = await serve(siteDir, basePath);
const browser = await launch();
const page = await browser.newPage();
const report = {};
await page.goto(`${origin}${basePath}search/`);
await page.fill('#search-q', query);
await page.waitForSelector('#search-results li a', { timeout: 60000 });
report.results = await page.$$eval('#search-results li a', (links) => links.map((a) => ({ text: a.textContent, href: a.getAttribute('href') })));
report.status = await page.textContent('#search-status');
report.ms = Number(await page.getAttribute('#search-status', 'data-ms'));
await Promise.all([page.waitForNavigation(), page.click('#search-results li a')]);
report.followed = { url: page.url().slice(origin.length), h1: await page.textContent('h1') };

// Queries made of HTML, by the URL and by typing.
const evil = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>"><svg onload=window.__xss=3>';
await page.goto(`${origin}${basePath}search/?q=${encodeURIComponent(evil)}`);
await page.waitForFunction(() => document.getElementById('search-status').textContent.includes('for'), null, { timeout: 60000 });
await page.fill('#search-q', evil + ' facilitator');
// The status names the query it answers: wait for the typed one, not for a fixed time.
await page.waitForFunction(() => document.getElementById('search-status').textContent.includes('facilitator'), null, { timeout: 60000 });
report.xss = await page.evaluate(() => ({
  flag: window.__xss || null,
  handlers: Array.from(document.querySelectorAll('*')).filter((el) => Array.from(el.attributes).some((a) => a.name.startsWith('on'))).length,
  images: document.querySelectorAll('#search-results img, #search-status img').length,
  status: document.getElementById('search-status').textContent,
}));
console.log(JSON.stringify(report));
await browser.close();
server.close();
