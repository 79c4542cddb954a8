/**
 * System tools some tests need (LibreOffice and its Python UNO bridge, Gnumeric, Chromium, poppler,
 * CJK fonts, xmllint, Python msoffcrypto), and what a test does
 * when one is missing: outside CI it is skipped with one printed line naming the Debian package to
 * install, so `npm test` passes on a fresh machine with Node only; in CI (env CI = 'true', where
 * .ci/run installs them) it runs and fails, never skipping quietly.
 *
 * KAOHE_TEST_HIDE_TOOLS=soffice,chromium (or =all) makes the named tools count as missing: how the
 * skip path is tried on a machine that has them.
 */
import { execFileSync } from 'child_process';
import { existsSync } from 'fs';
import { sofficePath } from '../../scripts/libreoffice';
import { ssconvertPath } from '../../scripts/gnumeric';

export type Tool =
  | 'soffice'
  | 'python3-uno'
  | 'ssconvert'
  | 'chromium'
  | 'pdftotext'
  | 'pdftoppm'
  | 'cjk-fonts'
  | 'xmllint'
  | 'msoffcrypto';

/** The Python the UNO and msoffcrypto scripts of the tests run with (Debian's, where python3-uno goes). */
export const PYTHON = '/usr/bin/python3';

/** The Debian package that brings each tool (the names .ci/run installs). */
export const DEBIAN_PACKAGE: Record<Tool, string> = {
  soffice: 'libreoffice-calc-nogui',
  'python3-uno': 'python3-uno',
  ssconvert: 'gnumeric',
  chromium: 'chromium',
  pdftotext: 'poppler-utils',
  pdftoppm: 'poppler-utils',
  'cjk-fonts': 'fonts-noto-cjk',
  xmllint: 'libxml2-utils',
  msoffcrypto: 'python3-msoffcrypto-tool',
};

export const inCI = (): boolean => process.env.CI === 'true';

function hidden(tool: Tool): boolean {
  const list = (process.env.KAOHE_TEST_HIDE_TOOLS ?? '').split(',').map((s) => s.trim());
  return list.includes('all') || list.includes(tool);
}

function onPath(name: string): string | null {
  try {
    const p = execFileSync('sh', ['-c', `command -v ${name}`], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return p || null;
  } catch {
    return null;
  }
}

const found = new Map<Tool, string | null>();

/** Where a tool is (a path; 'fc-list' for the fonts), or null when it is missing or hidden. */
export function toolPath(tool: Tool): string | null {
  if (hidden(tool)) return null;
  if (!found.has(tool)) found.set(tool, locate(tool));
  return found.get(tool)!;
}

function locate(tool: Tool): string | null {
  switch (tool) {
    case 'soffice':
      return sofficePath(); // found as the product finds it
    case 'ssconvert':
      return ssconvertPath();
    case 'python3-uno':
      return pythonHas('uno');
    case 'msoffcrypto':
      return pythonHas('msoffcrypto');
    case 'chromium':
      return (
        onPath('chromium') ??
        onPath('chromium-browser') ??
        (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : null)
      );
    case 'cjk-fonts': {
      if (!onPath('fc-list')) return null;
      try {
        return execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' }).trim() ? 'fc-list' : null;
      } catch {
        return null;
      }
    }
    default:
      return onPath(tool);
  }
}

/** PYTHON when it imports `module`, else null. */
function pythonHas(module: string): string | null {
  if (!existsSync(PYTHON)) return null;
  try {
    execFileSync(PYTHON, ['-c', `import ${module}`], { stdio: 'ignore' });
    return PYTHON;
  } catch {
    return null;
  }
}

/** The tools of `tools` that are missing here. */
export function missingTools(tools: Tool[]): Tool[] {
  return tools.filter((t) => toolPath(t) === null);
}

const said = new Set<string>();

/** The skip line: what is skipped, what is missing and the apt-get line that brings it. */
export function skipLine(what: string, missing: Tool[]): string {
  const packages = [...new Set(missing.map((t) => DEBIAN_PACKAGE[t]))];
  return `跳过「${what}」：本机没有 ${missing.join('、')}（安装：sudo apt-get install ${packages.join(' ')}）。CI 中缺少时测试失败。\n`;
}

/**
 * Whether tests needing `tools` run: true when all are here, or in CI (they then fail if missing).
 * Otherwise prints the skip line once and returns false.
 */
export function canRun(tools: Tool[], what: string): boolean {
  const missing = missingTools(tools);
  if (missing.length === 0 || inCI()) return true;
  const line = skipLine(what, missing);
  if (!said.has(line)) {
    said.add(line);
    process.stderr.write(line);
  }
  return false;
}

/** `test` when the tools are here (or in CI), else `test.skip` with the printed line. */
export function testWith(tools: Tool[], what: string): jest.It {
  return canRun(tools, what) ? test : test.skip;
}

/** `describe` when the tools are here (or in CI), else `describe.skip` with the printed line. */
export function describeWith(tools: Tool[], what: string): jest.Describe {
  return canRun(tools, what) ? describe : describe.skip;
}
