/** Shared by the browser tests: build dist/ when stale, serve a directory on 127.0.0.1. */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { chromium, Browser, Page } from 'playwright-core';
import { toolPath } from '../helpers/tools';
import { OFFICE_JS_CDN } from '../../addin/ui/host';

const root = path.resolve(__dirname, '..', '..');
const dist = path.join(root, 'dist');

function newest(dir: string): number {
  let t = 0;
  for (const f of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, f.name);
    t = Math.max(t, f.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

/** Builds dist/ when it is missing or older than the add-in's sources (webpack, production). */
function fresh(): boolean {
  const built = path.join(dist, 'taskpane.js');
  const sources = Math.max(
    newest(path.join(root, 'addin')),
    newest(path.join(root, 'core')),
    fs.statSync(path.join(root, 'manifest.xml')).mtimeMs,
    fs.statSync(path.join(root, 'webpack.config.js')).mtimeMs,
  );
  return fs.existsSync(built) && fs.statSync(built).mtimeMs >= sources;
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Builds dist/ (webpack, production) when missing or older than the add-in's sources. Jest workers
 * running the browser tests in parallel take turns through a lock directory, so one builds and the
 * others wait and reuse it.
 */
export function ensureBuilt(): void {
  const lock = path.join(root, '.tmp', 'addin-build.lock');
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  for (let waited = 0; ; waited += 200) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      if (waited > 180000) throw new Error(`build lock ${lock} held for 3 minutes; remove it if no build is running`);
      sleep(200);
    }
  }
  try {
    if (!fresh())
      execFileSync(
        process.execPath,
        [path.join(root, 'node_modules', 'webpack', 'bin', 'webpack.js'), '--mode', 'production'],
        { cwd: root, stdio: 'pipe' },
      );
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.png': 'image/png',
  '.xml': 'application/xml',
  '.css': 'text/css',
};

/** Serves `dir`; `overrides` maps URL paths to other files (the test's stand-in for office.js). */
export function serveDir(dir: string, overrides: Record<string, string> = {}): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent((req.url ?? '/').split('?')[0]);
    const file = overrides[url] ?? path.normalize(path.join(dir, url));
    if ((!overrides[url] && !file.startsWith(dir)) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Debian's chromium, headless, with no background traffic (this machine has no network). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: toolPath('chromium') ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const OFFICE_DIR = path.join(root, 'node_modules', '@microsoft', 'office-js', 'dist');
const CDN_DIR = OFFICE_JS_CDN.slice(0, OFFICE_JS_CDN.lastIndexOf('/') + 1);

/**
 * Network rules of every pane test: the page's own server (loopback) is reached; Microsoft's office.js
 * CDN is answered from the local npm copy (or `officeJs`, a stand-in host, for office.js itself);
 * everything else is aborted and listed in `blocked`. Nothing is fetched from the network.
 */
export async function offlineRoutes(page: Page, officeJs?: string): Promise<{ routed: string[]; blocked: string[] }> {
  const routed: string[] = [];
  const blocked: string[] = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    const u = new URL(url);
    if (
      u.protocol === 'data:' ||
      ((u.protocol === 'http:' || u.protocol === 'https:') &&
        (u.hostname === '127.0.0.1' || u.hostname === 'localhost'))
    )
      return route.continue();
    if (url.split('?')[0].startsWith(CDN_DIR)) {
      const rel = decodeURIComponent(url.split('?')[0].slice(CDN_DIR.length));
      const file = officeJs && rel === 'office.js' ? officeJs : path.normalize(path.join(OFFICE_DIR, rel));
      routed.push(url);
      if (
        (file !== officeJs && !file.startsWith(OFFICE_DIR)) ||
        !fs.existsSync(file) ||
        fs.statSync(file).isDirectory()
      )
        return route.fulfill({ status: 404, body: '' });
      return route.fulfill({
        status: 200,
        path: file,
        contentType: TYPES[path.extname(file)] ?? 'application/octet-stream',
      });
    }
    blocked.push(url);
    return route.abort();
  });
  return { routed, blocked };
}
