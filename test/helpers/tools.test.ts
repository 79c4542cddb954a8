/** The shared skip rule for tests that need LibreOffice, Chromium, poppler or CJK fonts. */
import { canRun, describeWith, skipLine, testWith, toolPath } from './tools';
import { sofficePath } from '../../scripts/libreoffice';
import { ssconvertPath } from '../../scripts/gnumeric';

const env = { ...process.env };
afterEach(() => {
  process.env = { ...env };
});

test('a hidden tool is missing; outside CI the test is skipped with the Debian package named', () => {
  process.env.KAOHE_TEST_HIDE_TOOLS = 'soffice,chromium';
  process.env.CI = '';
  expect(toolPath('soffice')).toBeNull();
  expect(toolPath('chromium')).toBeNull();
  const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    expect(canRun(['soffice'], 'LibreOffice 重算')).toBe(false);
    expect(testWith(['chromium'], '任务窗格')).toBe(test.skip);
    expect(describeWith(['chromium'], '任务窗格')).toBe(describe.skip);
    const printed = write.mock.calls.map((c) => String(c[0])).join('');
    expect(printed).toContain('sudo apt-get install libreoffice-calc-nogui');
    expect(printed).toContain('sudo apt-get install chromium');
  } finally {
    write.mockRestore();
  }
});

test('in CI a missing tool runs the test (so it fails), never a quiet skip', () => {
  process.env.KAOHE_TEST_HIDE_TOOLS = 'all';
  process.env.CI = 'true';
  expect(testWith(['soffice', 'pdftotext', 'cjk-fonts'], 'PDF')).toBe(test);
  expect(describeWith(['chromium'], '任务窗格')).toBe(describe);
});

test('the skip line names each package once', () => {
  expect(skipLine('PDF', ['soffice', 'pdftotext', 'pdftoppm', 'cjk-fonts'])).toContain(
    'sudo apt-get install libreoffice-calc-nogui poppler-utils fonts-noto-cjk',
  );
});

test('Gnumeric, the UNO bridge, xmllint and msoffcrypto are named by their Debian packages too', () => {
  expect(skipLine('UNO 编辑序列', ['soffice', 'python3-uno', 'ssconvert'])).toContain(
    'sudo apt-get install libreoffice-calc-nogui python3-uno gnumeric',
  );
  expect(skipLine('架构校验', ['xmllint', 'msoffcrypto'])).toContain(
    'sudo apt-get install libxml2-utils python3-msoffcrypto-tool',
  );
});

test('LibreOffice and Gnumeric are found where the product finds them', () => {
  process.env.KAOHE_TEST_HIDE_TOOLS = '';
  expect(toolPath('soffice')).toBe(sofficePath());
  expect(toolPath('ssconvert')).toBe(ssconvertPath());
});
