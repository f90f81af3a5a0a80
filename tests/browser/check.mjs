// Checks a built site in headless Chromium: axe-core on every page (light and dark), no
// request to any other host, no script errors; and screenshots for people to look at.
//
//   node tests/browser/check.mjs SITE_DIR BASE_PATH SCREENSHOT_DIR
//
// The site is served from SITE_DIR under BASE_PATH (such as /our-group/), as GitHub Pages
// serves a project site. Prints a JSON report and exits 1 on any finding.
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, require } from './lib.mjs';

const [siteDir, basePath, shotDir] = process.argv.slice(2);
const axePath = require.resolve('axe-core/axe.min.js');
const { server, origin } = await serve(siteDir, basePath);

function pages(dir, rel = '') {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const r = path.join(rel, e.name);
    if (e.isDirectory()) return pages(dir, r);
    return e.name.endsWith('.html') ? [r] : [];
  }).sort();
}

const browser = await launch();
const report = { pages: 0, violations: [], foreign_requests: [], script_errors: [], screenshots: [], redirects: [] };
for (const scheme of ['light', 'dark']) {
  const context = await browser.newContext({ colorScheme: scheme, viewport: { width: 1280, height: 900 } });
  // The fixtures are built at a fixed "now" (SOURCE_DATE_EPOCH); the browser's clock is the
  // same, so what the theme's scripts show from the time never depends on the day of the run.
  const epoch = Number(process.env.SOURCE_DATE_EPOCH);
  if (!Number.isFinite(epoch)) throw new Error('SOURCE_DATE_EPOCH must be set: the clock is fixed to it');
  await context.clock.setFixedTime(new Date(epoch * 1000));
  const page = await context.newPage();
  page.on('pageerror', (e) => report.script_errors.push(`${page.url()}: ${e.message}`));
  await page.route('**/*', (route) => {
    const u = route.request().url();
    if (!u.startsWith(origin)) { report.foreign_requests.push(u); return route.abort(); }
    return route.continue();
  });
  for (const rel of pages(siteDir)) {
    const url = `${origin}${basePath}${rel.replace(/index\.html$/, '')}`;
    // An old address (`aliases:`) sends the browser on at once: it is checked with axe as
    // written but held still, then followed, and where it lands is reported.
    const text = fs.readFileSync(path.join(siteDir, rel), 'utf8');
    const redirect = text.includes('http-equiv="refresh"');
    if (redirect) {
      const still = text.replace(/<meta http-equiv="refresh"[^>]*>/, '');
      await page.route(url, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: still }));
    }
    const response = await page.goto(url);
    if (!response.ok() && !rel.endsWith('404.html')) report.violations.push({ page: rel, id: 'http-status', help: `status ${response.status()}` });
    await page.addScriptTag({ path: axePath });
    const result = await page.evaluate(() => axe.run(document, { resultTypes: ['violations'] }));
    for (const v of result.violations) {
      report.violations.push({ page: rel, scheme, id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) });
    }
    report.pages += 1;
    if (redirect && scheme === 'light') {
      await page.unroute(url);
      await page.goto(url);
      await page.waitForURL((u) => u.href !== url, { timeout: 60000 }).catch(() => {});
      await page.waitForLoadState('load');
      report.redirects.push({ from: rel, to: page.url().slice(origin.length) });
    }
  }
  await context.close();
}
if (shotDir) {
  fs.mkdirSync(shotDir, { recursive: true });
  const targets = [['home', ''], ['role', 'roles/facilitator/'], ['events', 'events/'], ['ground-rules', 'ground-rules/'], ['start-up', 'start-up/']];
  for (const width of [390, 1280]) {
    for (const scheme of ['light', 'dark']) {
      const context = await browser.newContext({ colorScheme: scheme, viewport: { width, height: width < 500 ? 844 : 900 } });
      // The fixtures are built at a fixed "now" (SOURCE_DATE_EPOCH); the browser's clock is the
  // same, so what the theme's scripts show from the time never depends on the day of the run.
  const epoch = Number(process.env.SOURCE_DATE_EPOCH);
  if (!Number.isFinite(epoch)) throw new Error('SOURCE_DATE_EPOCH must be set: the clock is fixed to it');
  await context.clock.setFixedTime(new Date(epoch * 1000));
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
