// Screenshots of pages at a phone's, a tablet's and a desktop's width, in the light and the
// dark scheme, as PNG files named PAGE-WIDTH-SCHEME.png (PAGE with / as _).
//
//   node tests/browser/screenshots.mjs SITE_DIR BASE_PATH OUT_DIR PAGE...
import { serve, launch } from './lib.mjs';

const [siteDir, basePath, outDir, ...pages] = process.argv.slice(2);
const { server, origin } = await serve(siteDir, basePath);
const browser = await launch();
for (const width of [390, 768, 1440]) {
  for (const scheme of ['light', 'dark']) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme, deviceScaleFactor: 1, reducedMotion: 'reduce' });
    const page = await context.newPage();
    for (const p of pages) {
      await page.goto(`${origin}${basePath}${p}`);
      await page.waitForLoadState('load');
      const name = (p.replace(/\/$/, '').replace(/\//g, '_') || 'home') + `-${width}-${scheme}.png`;
      await page.screenshot({ path: `${outDir}/${name}`, fullPage: false });
    }
    await context.close();
  }
}
await browser.close();
server.close();
