// The default theme used as a reader would, with the keyboard, in Chromium: the layout at a
// desktop's and a phone's width, the phone's menu and search buttons, results as you type,
// the colour scheme switch, and the page without JavaScript. Prints what it saw as JSON.
//
//   node tests/browser/theme.mjs SITE_DIR BASE_PATH
import { serve, launch } from './lib.mjs';

const [siteDir, basePath] = process.argv.slice(2);
const { server, origin } = await serve(siteDir, basePath);
const browser = await launch();
const seen = { errors: [] };
// Set while a test holds a script back on purpose: its failed load is not an error.
let holdingBack = false;
const at = (p) => `${origin}${basePath}${p}`;

async function open(options, path) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.on('pageerror', (e) => seen.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error' && !holdingBack) seen.errors.push(m.text()); });
  await page.goto(at(path));
  await page.waitForLoadState('load');
  return { context, page };
}

const box = (page, selector) => page.$eval(selector, (e) => { const r = e.getBoundingClientRect(); return { top: r.top, left: r.left, right: r.right, bottom: r.bottom, width: r.width, height: r.height }; });
const focused = (page) => page.evaluate(() => {
  const e = document.activeElement;
  const style = getComputedStyle(e);
  return { tag: e.tagName, id: e.id, cls: e.className, text: (e.textContent || '').trim().slice(0, 60), href: e.getAttribute('href'), outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 };
});

// Desktop: three columns, a header of one row, the current heading marked while scrolling.
{
  const { context, page } = await open({ viewport: { width: 1440, height: 700 } }, 'faq/');
  const title = await box(page, '.site-title');
  const search = await box(page, '#site-search-q');
  const header = await box(page, '.site-header');
  const sidebar = await box(page, '.sidebar');
  const main = await box(page, 'main');
  const content = await box(page, '.content');
  const toc = await box(page, '.toc-inner');
  seen.desktop = {
    headerOneRow: Math.abs(title.top + title.height / 2 - (search.top + search.height / 2)) < 12 && header.height < 80,
    threeColumns: sidebar.right <= main.left && toc.left >= content.right,
    contentWidth: Math.round(content.width),
    tocVisible: toc.width > 100 && toc.top < 200,
  };
  const headings = await page.$$eval('.content h2', (hs) => hs.map((h) => h.id));
  await page.evaluate((id) => { document.getElementById(id).scrollIntoView({ block: 'start' }); }, headings[1]);
  await page.waitForFunction((id) => document.querySelector('.toc a[aria-current]')?.getAttribute('href') === '#' + id, headings[1]);
  seen.desktop.tocMarks = await page.$eval('.toc a[aria-current]', (a) => a.getAttribute('href').slice(1)) === headings[1];
  seen.desktop.tocStaysPut = Math.abs((await box(page, '.toc-inner')).top) < 40;
  await page.evaluate(() => window.scrollTo(0, 0));

  // Search without a mouse: "/" jumps to the box, results as you type, arrows, Escape, Enter.
  await page.keyboard.press('/');
  const slash = await focused(page);
  await page.keyboard.type('meet');
  await page.waitForSelector('#site-search-results:not([hidden]) a');
  const results = await page.$$eval('#site-search-results a', (as) => as.map((a) => ({ href: a.getAttribute('href'), marks: a.querySelectorAll('mark').length })));
  await page.keyboard.press('ArrowDown');
  const first = await focused(page);
  await page.keyboard.press('ArrowDown');
  const second = await focused(page);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  const back = await focused(page);
  await page.keyboard.press('Escape');
  const closed = await page.$eval('#site-search-results', (e) => e.hidden);
  const afterEscape = await focused(page);
  await page.keyboard.press('ArrowDown');
  const reopened = await page.$eval('#site-search-results', (e) => e.hidden);
  // A click on a result follows it (the list stays open under the pointer).
  await page.keyboard.press('Control+A');
  await page.keyboard.type('ground');
  await page.waitForSelector('#site-search-results:not([hidden]) a');
  const clicked = await page.$eval('#site-search-results a', (a) => a.getAttribute('href'));
  await Promise.all([page.waitForURL((u) => u.pathname + u.hash === clicked), page.click('#site-search-results a')]);
  const clickFollows = new URL(page.url()).pathname + new URL(page.url()).hash === clicked;
  await page.goBack();
  await page.waitForLoadState('load');
  await page.focus('#site-search-q');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('call');
  await page.waitForSelector('#site-search-results:not([hidden]) a');
  await page.keyboard.press('ArrowDown');
  const target = (await focused(page)).href;
  await Promise.all([page.waitForURL((u) => u.pathname + u.hash === target), page.keyboard.press('Enter')]);
  seen.search = {
    slashFocuses: slash.id === 'site-search-q',
    results: results.length,
    marked: results.filter((r) => r.marks > 0).length,
    firstIsResult: first.tag === 'A' && first.outline,
    secondIsResult: second.tag === 'A' && second.href !== first.href,
    upReturns: back.id === 'site-search-q',
    escapeCloses: closed && afterEscape.id === 'site-search-q',
    staysClosedUntilTyping: reopened,
    enterFollows: new URL(page.url()).pathname + new URL(page.url()).hash === target,
    clickFollows,
  };
  await context.close();
}

// A phone: the title first, the menu behind a button that opens and closes by keyboard.
{
  const { context, page } = await open({ viewport: { width: 390, height: 844 }, hasTouch: true }, 'events/monthly-call/');
  const title = await box(page, '.site-title');
  const h1 = await box(page, 'h1');
  const menuHidden = await page.$eval('#site-menu', (e) => e.offsetParent === null);
  const searchHidden = await page.$eval('#site-search', (e) => e.offsetParent === null);
  const order = [];
  let menuButton = null;
  for (let i = 0; i < 6 && !menuButton; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    order.push(f.cls || f.tag);
    if (String(f.cls).includes('menu-button')) menuButton = f;
  }
  await page.keyboard.press('Enter');
  const expanded = await page.$eval('.menu-button', (b) => b.getAttribute('aria-expanded'));
  const linksShown = await page.$$eval('#site-menu .site-nav a', (as) => as.filter((a) => a.offsetParent !== null).length);
  await page.keyboard.press('Tab');
  const intoMenu = await focused(page);
  await page.keyboard.press('Escape');
  const afterEscape = await focused(page);
  const collapsed = await page.$eval('.menu-button', (b) => b.getAttribute('aria-expanded'));
  const menuHiddenAgain = await page.$eval('#site-menu', (e) => e.offsetParent === null);
  // The search button opens the box and puts the cursor in it.
  await page.focus('.search-toggle');
  await page.keyboard.press('Enter');
  const searchFocus = await focused(page);
  // Tab goes on through the whole page and out: nothing holds the focus.
  const visited = new Set();
  let outlines = true;
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (f.tag === 'BODY') break;
    visited.add(f.href || f.id || f.text);
    if (!f.outline) outlines = false;
  }
  seen.phone = {
    titleFirst: title.top < 30 && h1.top < 160,
    menuHidden, searchHidden,
    tabOrder: order,
    menuButtonReached: menuButton !== null && menuButton.outline,
    opens: expanded === 'true' && linksShown >= 8,
    tabIntoMenu: intoMenu.tag === 'A' && intoMenu.href !== null,
    escapeCloses: collapsed === 'false' && menuHiddenAgain && String(afterEscape.cls).includes('menu-button'),
    searchOpens: searchFocus.id === 'site-search-q',
    reachedByTab: visited.size,
    focusAlwaysVisible: outlines,
    noSideScroll: await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
  };
  await context.close();
}

// The colour scheme: chosen once, kept across pages, applied before any deferred script runs.
{
  const { context, page } = await open({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' }, '');
  const before = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.focus('#scheme-choice');
  await page.selectOption('#scheme-choice', 'dark');
  const after = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  // The next page, with the theme's script held back: the inline line alone sets the scheme.
  holdingBack = true;
  await page.route('**/theme.js', (route) => route.abort());
  await page.goto(at('roles/'));
  await page.waitForLoadState('load');
  const next = await page.evaluate(() => ({ scheme: document.documentElement.getAttribute('data-scheme'), bg: getComputedStyle(document.body).backgroundColor }));
  await page.unroute('**/theme.js');
  await page.goto(at('roles/'));
  await page.waitForLoadState('load');
  holdingBack = false;
  await page.selectOption('#scheme-choice', 'system');
  const system = await page.evaluate(() => ({ scheme: document.documentElement.getAttribute('data-scheme'), stored: localStorage.getItem('handbook-scheme') }));
  seen.scheme = { before, after, nextScheme: next.scheme, nextBg: next.bg, system };
  await context.close();
}

// Without JavaScript: everything shown, no buttons that would do nothing.
{
  const { context, page } = await open({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false }, 'events/monthly-call/');
  seen.noScript = {
    navShown: await page.$$eval('#site-menu .site-nav a', (as) => as.filter((a) => a.offsetParent !== null).length),
    searchShown: await page.$eval('#site-search-q', (e) => e.offsetParent !== null),
    buttonsHidden: await page.$$eval('.tool-button, .scheme-switch', (bs) => bs.every((b) => b.offsetParent === null)),
  };
  await context.close();
}

console.log(JSON.stringify(seen));
await browser.close();
server.close();
