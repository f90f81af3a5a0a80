// Screenshots of pages at a phone's, a tablet's and a desktop's width (390, 768, 1440 px),
// light and dark, named PAGE-WIDTH-SCHEME.png (PAGE with / as _, `home` for the home page),
// each compared with the stored one of the same name when there is one: the share of pixels
// that differ (by more than a little, in any colour channel) is reported. The browser's clock
// is the build's (SOURCE_DATE_EPOCH), so the events script moves nothing between runs.
//
//   node tests/browser/screenshots.mjs SITE_DIR BASE_PATH OUT_DIR STORED_DIR PAGE...
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch } from './lib.mjs';

const [siteDir, basePath, outDir, storedDir, ...pages] = process.argv.slice(2);
const epoch = Number(process.env.SOURCE_DATE_EPOCH);
if (!Number.isFinite(epoch)) throw new Error('SOURCE_DATE_EPOCH must be set: the clock is fixed to it');
const { server, origin } = await serve(siteDir, basePath);
const browser = await launch();
const shots = [];
for (const width of [390, 768, 1440]) {
  for (const scheme of ['light', 'dark']) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme, deviceScaleFactor: 1, reducedMotion: 'reduce', locale: 'en-GB', timezoneId: 'Europe/London' });
    const page = await context.newPage();
    await page.clock.setFixedTime(new Date(epoch * 1000));
    for (const p of pages) {
      await page.goto(`${origin}${basePath}${p}`);
      await page.waitForLoadState('load');
      const name = (p.replace(/\/$/, '').replace(/\//g, '_') || 'home') + `-${width}-${scheme}.png`;
      await page.screenshot({ path: path.join(outDir, name), animations: 'disabled', caret: 'hide' });
      shots.push(name);
    }
    await context.close();
  }
}

// Each new screenshot against the stored one, pixel by pixel, in a canvas.
const compare = await (await browser.newContext()).newPage();
const report = [];
for (const name of shots) {
  const stored = path.join(storedDir, name);
  if (!fs.existsSync(stored)) {
    report.push({ name, stored: false });
    continue;
  }
  const url = (file) => 'data:image/png;base64,' + fs.readFileSync(file).toString('base64');
  const result = await compare.evaluate(async ([a, b]) => {
    const load = (src) => new Promise((ok, fail) => { const i = new Image(); i.onload = () => ok(i); i.onerror = fail; i.src = src; });
    const [x, y] = await Promise.all([load(a), load(b)]);
    if (x.width !== y.width || x.height !== y.height) return { sameSize: false, differing: 1 };
    const pixels = (img) => {
      const c = document.createElement('canvas');
      c.width = img.width; c.height = img.height;
      const g = c.getContext('2d');
      g.drawImage(img, 0, 0);
      return g.getImageData(0, 0, img.width, img.height).data;
    };
    const p = pixels(x), q = pixels(y);
    let differing = 0;
    for (let i = 0; i < p.length; i += 4) {
      if (Math.abs(p[i] - q[i]) > 40 || Math.abs(p[i + 1] - q[i + 1]) > 40 || Math.abs(p[i + 2] - q[i + 2]) > 40) differing++;
    }
    return { sameSize: true, differing: differing / (p.length / 4) };
  }, [url(path.join(outDir, name)), url(stored)]);
  report.push({ name, stored: true, ...result });
}
console.log(JSON.stringify(report));
await browser.close();
server.close();
