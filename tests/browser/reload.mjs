// An open page in the preview reloads itself after a save, shows a failed build's errors
// over the page (as text), and comes back after the fix.
//
//   node tests/browser/reload.mjs URL FILE
//
// FILE is the page's Markdown file; the script rewrites it as an editor would.
import fs from 'node:fs';
import { launch, markReloadSocket } from './lib.mjs';

const [url, file] = process.argv.slice(2);
const save = (text) => { fs.writeFileSync(file + '.tmp~', text); fs.renameSync(file + '.tmp~', file); };
const browser = await launch();
const page = await browser.newPage();
await markReloadSocket(page);
const result = {};
await page.goto(url);
await page.waitForFunction(() => window.__socketOpen === true, null, { timeout: 60000 });
await page.evaluate(() => { window.__beforeSave = true; });
save('---\ntitle: Reloaded\n---\nAfter the save.\n');
await page.waitForFunction(() => !window.__beforeSave && document.body.innerText.includes('After the save.'), null, { timeout: 60000 });
result.reloaded = true;
save('---\ntitle: Reloaded\nwieght: "<img src=x onerror=alert(1)>"\n---\nBroken.\n');
await page.waitForSelector('#handbook-preview-errors', { timeout: 60000 });
result.overlay = await page.$eval('#handbook-preview-errors', (box) => ({ text: box.textContent, elements: box.children.length }));
result.imagesInOverlay = await page.$$eval('#handbook-preview-errors img', (imgs) => imgs.length);
save('---\ntitle: Reloaded\n---\nFixed.\n');
await page.waitForFunction(() => document.body.innerText.includes('Fixed.') && !document.getElementById('handbook-preview-errors'), null, { timeout: 60000 });
result.recovered = true;
console.log(JSON.stringify(result));
await browser.close();
