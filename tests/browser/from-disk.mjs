// A site built with --relative, opened from disk (file://) in Chromium: every page reachable
// from the home page is crawled by following its links; each link must lead to a file that
// exists (and its #fragment to an id there), each stylesheet, script and image must exist and
// the stylesheet must apply; the search page must find a page as typed and link to it; the
// printed handbook must hold every page.
//
//   node tests/browser/from-disk.mjs SITE_DIR QUERY [OLD_ADDRESS...]
//
// Each OLD_ADDRESS (a redirect written for `aliases:`, such as `questions/index.html`) is
// opened too, and where the browser ends up is reported under `redirects`.
// Prints a JSON report; the Rust test judges it.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { launch } from './lib.mjs';

const [siteDir, query, ...oldAddresses] = process.argv.slice(2);
const root = path.resolve(siteDir);
const rootUrl = pathToFileURL(root + '/').href;
const browser = await launch();
const page = await browser.newPage();
const report = { pages: [], broken: [], missing: [], unstyled: [], errors: [], outside: [] };
page.on('pageerror', (e) => report.errors.push(`${page.url()}: ${e.message}`));

const seen = new Set();
const queue = [new URL('index.html', rootUrl).href];
const ids = new Map();
const fragments = [];
while (queue.length) {
  const url = queue.shift();
  if (seen.has(url)) continue;
  seen.add(url);
  const file = fileURLToPath(url);
  if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) { report.broken.push(url.slice(rootUrl.length)); continue; }
  if (!file.endsWith('.html')) continue;
  await page.goto(url);
  const found = await page.evaluate(() => ({
    links: Array.from(document.querySelectorAll('a[href]')).map((a) => a.href),
    resources: Array.from(document.querySelectorAll('link[rel=stylesheet][href], script[src], img[src]')).map((e) => e.href || e.src),
    styled: document.styleSheets.length > 0 && getComputedStyle(document.body).margin !== '8px',
    ids: Array.from(document.querySelectorAll('[id]')).map((e) => e.id),
  }));
  const rel = url.slice(rootUrl.length);
  report.pages.push(rel);
  ids.set(url, new Set(found.ids));
  if (!found.styled) report.unstyled.push(rel);
  for (const resource of found.resources) {
    if (!resource.startsWith(rootUrl) || !fs.existsSync(fileURLToPath(resource.split(/[?#]/)[0]))) report.missing.push(`${rel}: ${resource}`);
  }
  for (const link of found.links) {
    if (link.startsWith('file:') && !link.startsWith(rootUrl)) { report.outside.push(`${rel}: ${link}`); continue; }
    if (!link.startsWith(rootUrl)) continue; // another site, mailto:, webcal:
    const [target, fragment] = link.split('#');
    const bare = target.split('?')[0];
    if (fragment) fragments.push({ from: rel, target: bare, fragment: decodeURIComponent(fragment) });
    queue.push(bare);
  }
}
for (const { from, target, fragment } of fragments) {
  const known = ids.get(target);
  if (known && !known.has(fragment)) report.broken.push(`${from} -> ${target.slice(rootUrl.length)}#${fragment}`);
}

// Search, typed into the search page opened from disk.
await page.goto(new URL('search/index.html', rootUrl).href);
await page.fill('#search-q', query);
await page.waitForSelector('#search-results li a', { timeout: 60000 });
const result = await page.$eval('#search-results li a', (a) => a.href);
report.search = { first: result.slice(rootUrl.length), exists: result.startsWith(rootUrl) && fs.existsSync(fileURLToPath(result.split('#')[0])) };
await page.click('#search-results li a');
await page.waitForLoadState('load');
report.search.followed = page.url().slice(rootUrl.length);

// Old addresses: the browser follows each redirect to its page.
report.redirects = {};
for (const old of oldAddresses) {
  await page.goto(new URL(old, rootUrl).href);
  await page.waitForURL((u) => !u.href.endsWith(old), { timeout: 60000 }).catch(() => {});
  await page.waitForLoadState('load');
  report.redirects[old] = page.url().slice(rootUrl.length);
}

// The printed handbook.
await page.goto(new URL('print/index.html', rootUrl).href);
report.print_pages = await page.$$eval('section.print-page', (s) => s.length);

console.log(JSON.stringify(report));
await browser.close();
