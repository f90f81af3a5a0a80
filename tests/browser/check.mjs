// Checks a built site in headless Chromium: axe-core on every page (light and dark), no
// request to any other host, no script errors; and screenshots for people to look at.
//
//   node tests/browser/check.mjs SITE_DIR BASE_PATH SCREENSHOT_DIR
//
// The site is served from SITE_DIR under BASE_PATH (such as /our-group/), as GitHub Pages
// serves a project site. Prints a JSON report and exits 1 on any finding.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const [siteDir, basePath, shotDir] = process.argv.slice(2);
// The npm packages live in .ci/node_modules (installed by .ci/run).
const modules = process.env.HANDBOOK_NODE_MODULES || path.join(path.dirname(new URL(import.meta.url).pathname), '../../.ci/node_modules');
const require = createRequire(path.join(modules, 'noop.js'));
const { chromium } = require('playwright-core');
const axePath = require.resolve('axe-core/axe.min.js');
const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.svg': 'image/svg+xml', '.xml': 'application/xml', '.js': 'text/javascript', '.png': 'image/png' };

const server = http.createServer((req, res) => {
  const url = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (!url.startsWith(basePath)) { res.writeHead(404); return res.end('outside the base path'); }
  let file = path.join(siteDir, url.slice(basePath.length));
  if (!file.startsWith(path.resolve(siteDir))) { res.writeHead(403); return res.end(); }
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
  if (!fs.existsSync(file)) { res.writeHead(404); return res.end(fs.readFileSync(path.join(siteDir, '404.html'))); }
  res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
  res.end(fs.readFileSync(file));
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}`;

function pages(dir, rel = '') {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const r = path.join(rel, e.name);
    if (e.isDirectory()) return pages(dir, r);
    return e.name.endsWith('.html') ? [r] : [];
  }).sort();
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const report = { pages: 0, violations: [], foreign_requests: [], script_errors: [], screenshots: [] };
for (const scheme of ['light', 'dark']) {
  const context = await browser.newContext({ colorScheme: scheme, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => report.script_errors.push(`${page.url()}: ${e.message}`));
  await page.route('**/*', (route) => {
    const u = route.request().url();
    if (!u.startsWith(origin)) { report.foreign_requests.push(u); return route.abort(); }
    return route.continue();
  });
  for (const rel of pages(siteDir)) {
    const url = `${origin}${basePath}${rel.replace(/index\.html$/, '')}`;
    const response = await page.goto(url);
    if (!response.ok() && !rel.endsWith('404.html')) report.violations.push({ page: rel, id: 'http-status', help: `status ${response.status()}` });
    await page.addScriptTag({ path: axePath });
    const result = await page.evaluate(() => axe.run(document, { resultTypes: ['violations'] }));
    for (const v of result.violations) {
      report.violations.push({ page: rel, scheme, id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) });
    }
    report.pages += 1;
  }
  await context.close();
}
if (shotDir) {
  fs.mkdirSync(shotDir, { recursive: true });
  const targets = [['home', ''], ['role', 'roles/facilitator/'], ['events', 'events/'], ['ground-rules', 'ground-rules/'], ['start-up', 'start-up/']];
  for (const width of [390, 1280]) {
    for (const scheme of ['light', 'dark']) {
      const context = await browser.newContext({ colorScheme: scheme, viewport: { width, height: width < 500 ? 844 : 900 } });
      const page = await context.newPage();
      for (const [name, rel] of targets) {
        await page.goto(`${origin}${basePath}${rel}`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (overflow > 0) report.violations.push({ page: rel || 'index.html', id: 'horizontal-scroll', help: `scrolls sideways by ${overflow}px at ${width}px` });
        const file = path.join(shotDir, `${name}-${width}-${scheme}.png`);
        await page.screenshot({ path: file, fullPage: true });
        report.screenshots.push(file);
      }
      await context.close();
    }
  }
}
await browser.close();
server.close();
console.log(JSON.stringify(report, null, 1));
const failed = report.violations.length + report.foreign_requests.length + report.script_errors.length;
process.exit(failed > 0 ? 1 : 0);
