// `handbook theme preview`: every page of the example handbook renders with the theme (its
// stylesheet linked, a main landmark, no error overlay), and a save of one of the theme's
// templates reloads an open page with the change.
//
//   node tests/browser/theme-preview.mjs ORIGIN STYLESHEET TEMPLATE
//
// The script visits every same-origin page linked from the home page, breadth first.
import fs from 'node:fs';
import { launch, markReloadSocket } from './lib.mjs';

const [origin, stylesheet, template] = process.argv.slice(2);
const browser = await launch();
const page = await browser.newPage();
await markReloadSocket(page);
const result = { pages: {}, failures: [] };
// The preview sends `/` on to the site's base path (the example's is /handbook/).
await page.goto(origin + '/');
const base = new URL(page.url()).pathname;
result.base = base;
const queue = [base];
const seen = new Set(queue);
while (queue.length > 0 && seen.size < 400) {
  const path = queue.shift();
  const response = await page.goto(origin + path);
  const found = await page.evaluate((sheet) => ({
    styled: [...document.querySelectorAll('link[rel=stylesheet]')].some((l) => l.href.endsWith(sheet)),
    main: document.querySelector('main') !== null,
    overlay: document.getElementById('handbook-preview-errors') !== null,
    heading: (document.querySelector('h1') || {}).textContent || '',
    links: [...document.querySelectorAll('a[href]')].map((a) => a.href),
  }), stylesheet);
  result.pages[path] = { status: response.status(), styled: found.styled, main: found.main, heading: found.heading.trim() };
  if (response.status() !== 200 || !found.styled || !found.main || found.overlay) result.failures.push(path);
  for (const href of found.links) {
    const url = new URL(href);
    if (url.origin !== origin || !url.pathname.endsWith('/')) continue;
    if (!seen.has(url.pathname)) { seen.add(url.pathname); queue.push(url.pathname); }
  }
}
// Live reload: the open page changes after a save of the theme's template.
await page.goto(origin + base);
await page.waitForFunction(() => window.__socketOpen === true, null, { timeout: 60000 });
await page.evaluate(() => { window.__beforeSave = true; });
const text = fs.readFileSync(template, 'utf8');
// In the `styles` block, which every page's head has.
const edited = text.replace('{% block styles %}', '{% block styles %}<meta name="theme-edit" content="edited">');
if (edited === text) throw new Error('the template has no styles block');
fs.writeFileSync(template + '.tmp~', edited);
fs.renameSync(template + '.tmp~', template);
await page.waitForFunction(() => !window.__beforeSave && document.querySelector('meta[name=theme-edit]') !== null, null, { timeout: 60000 });
result.reloaded = true;
console.log(JSON.stringify(result));
await browser.close();
