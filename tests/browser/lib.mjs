// Shared by the browser checks: serves a built site under a base path, as GitHub Pages
// serves a project site, and starts Debian's Chromium through playwright-core.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

// The npm packages live in .ci/node_modules (installed by .ci/run).
const modules = process.env.HANDBOOK_NODE_MODULES || path.join(path.dirname(new URL(import.meta.url).pathname), '../../.ci/node_modules');
export const require = createRequire(path.join(modules, 'noop.js'));
const { chromium } = require('playwright-core');
const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.svg': 'image/svg+xml', '.xml': 'application/xml', '.js': 'text/javascript', '.png': 'image/png', '.ics': 'text/calendar' };

export async function serve(siteDir, basePath) {
  const root = path.resolve(siteDir);
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!url.startsWith(basePath)) { res.writeHead(404); return res.end('outside the base path'); }
    let file = path.join(root, url.slice(basePath.length));
    if (!file.startsWith(root)) { res.writeHead(403); return res.end(); }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) { res.writeHead(404); return res.end(fs.readFileSync(path.join(root, '404.html'))); }
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
    res.end(fs.readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

// Generous limits for every wait: on a loaded 2-core CI machine a page can take far longer
// than Playwright's 30 s default to load or to be screenshot, which once failed a check that
// was right. A real failure (a violation, a missing element) still fails, only later.
const TIMEOUT = 120000;

export async function launch() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    context.setDefaultTimeout(TIMEOUT);
    context.setDefaultNavigationTimeout(TIMEOUT);
    return context;
  };
  browser.newPage = async (options) => (await browser.newContext(options)).newPage();
  return browser;
}

// Marks (window.__socketOpen) when the page's live-reload socket is open, so that a script
// saves a file once the preview can tell the page, not after a guessed time.
export async function markReloadSocket(page) {
  await page.addInitScript(() => {
    const Native = window.WebSocket;
    window.WebSocket = function (...args) {
      const socket = new Native(...args);
      socket.addEventListener('open', () => { window.__socketOpen = true; });
      return socket;
    };
    window.WebSocket.prototype = Native.prototype;
  });
}
