// Runs the default theme's events script in Chromium at a chosen time and time zone, and
// prints what a reader sees: the upcoming and past lists, and the local times added.
//
//   node tests/browser/events.mjs SITE_DIR BASE_PATH PAGE NOW TIMEZONE
import { serve, launch } from './lib.mjs';

const [siteDir, basePath, pagePath, now, timezoneId] = process.argv.slice(2);
const { server, origin } = await serve(siteDir, basePath);
const browser = await launch();
const context = await browser.newContext({ timezoneId, locale: 'en-US' });
const page = await context.newPage();
await page.clock.setFixedTime(new Date(now));
await page.goto(`${origin}${basePath}${pagePath}`);
await page.waitForLoadState('load');
const seen = await page.evaluate(() => ({
  upcoming: [...document.querySelectorAll('[data-upcoming-events] .event-card a')].map((a) => a.textContent.trim()),
  past: [...document.querySelectorAll('[data-past-events] .event-card a')].map((a) => a.textContent.trim()),
  local: [...document.querySelectorAll('.local-time')].map((s) => s.textContent.trim()),
}));
console.log(JSON.stringify(seen));
await browser.close();
server.close();
