#!/usr/bin/env node
/**
 * Renders the add-in's ribbon icons (assets/icon-16/32/64/80/128.png) with the system Chromium:
 * a blue rounded square with a white 「考」 (Noto CJK), transparent corners. Run once after a design
 * change: `node addin/tools/make-icons.js`. The PNGs are committed; the build only copies them.
 */
const path = require('path');
const fs = require('fs');
const { chromium } = require('playwright-core');

const SIZES = [16, 32, 64, 80, 128];
const out = path.resolve(__dirname, '..', '..', 'assets');

function html(size) {
  const radius = Math.max(2, Math.round(size * 0.18));
  const font = Math.round(size * (size <= 16 ? 0.82 : 0.66));
  return `<!doctype html><html><head><meta charset="utf-8"><style>
  html,body{margin:0;padding:0;background:transparent}
  #i{width:${size}px;height:${size}px;border-radius:${radius}px;background:#0f6cbd;display:flex;
     align-items:center;justify-content:center;color:#fff;font:700 ${font}px/1 "Noto Sans CJK SC","Noto Sans SC",sans-serif}
  </style></head><body><div id="i">考</div></body></html>`;
}

(async () => {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage({ deviceScaleFactor: 1 });
    fs.mkdirSync(out, { recursive: true });
    for (const size of SIZES) {
      await page.setViewportSize({ width: size, height: size });
      await page.setContent(html(size));
      const file = path.join(out, `icon-${size}.png`);
      await page.locator('#i').screenshot({ path: file, omitBackground: true });
      process.stdout.write(`${file}\n`);
    }
  } finally {
    await browser.close();
  }
})().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + '\n');
  process.exit(1);
});
