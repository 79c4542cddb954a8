/**
 * Offline manifest checks (CI has no internet for `npm run validate`): well-formed XML, the required
 * elements in the schema's order, https URLs, the schema's string-length limits, zh-CN overrides,
 * icons that exist with the declared sizes, and the build's URL rewrite.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DOMParser, Element as XElement } from '@xmldom/xmldom';

const root = path.resolve(__dirname, '..', '..');
const text = fs.readFileSync(path.join(root, 'manifest.xml'), 'utf8');

function parse(xml: string) {
  const errors: string[] = [];
  const doc = new DOMParser({
    onError: (level, msg) => {
      if (level !== 'warning') errors.push(msg);
    },
  }).parseFromString(xml, 'text/xml');
  return { doc, errors };
}

const { doc, errors } = parse(text);
const all = (name: string) => Array.from(doc.getElementsByTagName(name)) as XElement[];
const one = (name: string) => {
  const list = all(name);
  expect(list.length).toBeGreaterThanOrEqual(1);
  return list[0];
};
const children = (e: XElement) => Array.from(e.childNodes).filter((n) => n.nodeType === 1) as XElement[];

function pngSize(file: string): [number, number] {
  const b = fs.readFileSync(file);
  expect(b.subarray(1, 4).toString('latin1')).toBe('PNG');
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

describe('manifest.xml', () => {
  test('is well-formed XML', () => {
    expect(errors).toEqual([]);
    expect(doc.documentElement!.tagName).toBe('OfficeApp');
  });

  test('is a TaskPaneApp for Excel workbooks with the schema-ordered required elements', () => {
    const rootEl = doc.documentElement as unknown as XElement;
    expect(rootEl.getAttribute('xsi:type')).toBe('TaskPaneApp');
    const order = children(rootEl).map((e) => e.tagName);
    expect(order).toEqual([
      'Id',
      'Version',
      'ProviderName',
      'DefaultLocale',
      'DisplayName',
      'Description',
      'IconUrl',
      'HighResolutionIconUrl',
      'SupportUrl',
      'AppDomains',
      'Hosts',
      'Requirements',
      'DefaultSettings',
      'Permissions',
      'VersionOverrides',
    ]);
    expect(one('Id').textContent).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(one('Version').textContent).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(one('DefaultLocale').textContent).toBe('en-US');
    expect(all('Host').map((h) => h.getAttribute('Name') || h.getAttribute('xsi:type'))).toEqual([
      'Workbook',
      'Workbook',
    ]);
    const set = one('Set');
    expect([set.getAttribute('Name'), set.getAttribute('MinVersion')]).toEqual(['ExcelApi', '1.7']);
    expect(one('Permissions').textContent).toBe('ReadWriteDocument');
  });

  test('puts a 考核助手 button on the Home tab that opens the task pane', () => {
    expect(one('OfficeTab').getAttribute('id')).toBe('TabHome');
    const control = one('Control');
    expect(control.getAttribute('xsi:type')).toBe('Button');
    const action = one('Action');
    expect(action.getAttribute('xsi:type')).toBe('ShowTaskpane');
    const labelId = children(control)
      .find((c) => c.tagName === 'Label')!
      .getAttribute('resid');
    const label = all('bt:String').find((s) => s.getAttribute('id') === labelId)!;
    const zh = Array.from(label.getElementsByTagName('bt:Override')).find((o) => o.getAttribute('Locale') === 'zh-CN')!;
    expect(zh.getAttribute('Value')).toBe('考核助手');
    const sizes = Array.from(control.getElementsByTagName('bt:Image')).map((i) => i.getAttribute('size'));
    expect(sizes).toEqual(['16', '32', '80']);
  });

  test('every resid is defined, at most 32 characters, and every URL is https', () => {
    const defined = new Set(
      all('bt:Image')
        .concat(all('bt:Url'), all('bt:String'))
        .map((e) => e.getAttribute('id'))
        .filter(Boolean),
    );
    const used = Array.from(doc.getElementsByTagName('*'))
      .map((e) => (e as XElement).getAttribute('resid'))
      .filter(Boolean) as string[];
    expect(used.length).toBeGreaterThan(8);
    for (const id of used) {
      expect(defined.has(id)).toBe(true);
      expect(id.length).toBeLessThanOrEqual(32);
    }
    const urls = [
      ...['IconUrl', 'HighResolutionIconUrl', 'SupportUrl', 'SourceLocation'].flatMap((t) =>
        all(t).map((e) => e.getAttribute('DefaultValue')),
      ),
      ...all('bt:Image').map((e) => e.getAttribute('DefaultValue')),
      ...all('bt:Url').map((e) => e.getAttribute('DefaultValue')),
      ...all('AppDomain').map((e) => e.textContent),
    ].filter((u) => u !== null) as string[];
    expect(urls.length).toBeGreaterThan(8);
    for (const u of urls) {
      expect(u).toMatch(/^https:\/\/\S+$/);
      expect(u.length).toBeLessThanOrEqual(2048);
    }
  });

  test('strings respect the schema limits and have zh-CN overrides', () => {
    const limit = (e: XElement, max: number) => {
      const values = [
        e.getAttribute('DefaultValue') ?? '',
        ...Array.from(e.getElementsByTagName('*')).map((o) => (o as XElement).getAttribute('Value') ?? ''),
      ];
      for (const v of values) expect(v.length).toBeLessThanOrEqual(max);
      const zh = Array.from(e.childNodes)
        .filter((n) => n.nodeType === 1)
        .map((o) => o as XElement)
        .find((o) => o.getAttribute('Locale') === 'zh-CN');
      expect(zh?.getAttribute('Value')).toMatch(/[\u4e00-\u9fff]/);
    };
    limit(one('DisplayName'), 125);
    limit(one('Description'), 250);
    expect(one('ProviderName').textContent!.length).toBeLessThanOrEqual(250);
    const shorts = Array.from(one('bt:ShortStrings').getElementsByTagName('bt:String'));
    const longs = Array.from(one('bt:LongStrings').getElementsByTagName('bt:String'));
    expect(shorts.length + longs.length).toBe(5);
    shorts.forEach((s) => limit(s, 125));
    longs.forEach((s) => limit(s, 250));
    expect(one('DisplayName').getElementsByTagName('Override')[0].getAttribute('Value')).toBe('考核助手');
  });

  test('icons 16/32/64/80 exist in assets/ with their declared sizes', () => {
    for (const size of [16, 32, 64, 80])
      expect(pngSize(path.join(root, 'assets', `icon-${size}.png`))).toEqual([size, size]);
    for (const img of all('bt:Image').filter((i) => i.getAttribute('id'))) {
      const url = img.getAttribute('DefaultValue')!;
      const size = Number(/icon-(\d+)\.png$/.exec(url)![1]);
      expect(img.getAttribute('id')).toBe(`Icon.${size}x${size}`);
    }
  });

  test('the build rewrites the dev URL to ADDIN_PUBLIC_URL and refuses a non-https one', () => {
    const load = (url: string) => {
      jest.resetModules();
      process.env.ADDIN_PUBLIC_URL = url;
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const make = require(path.join(root, 'webpack.config.js')) as (
          env: unknown,
          argv: { mode: string },
        ) => { plugins: Array<{ patterns?: Array<{ from: string; transform?: (c: Buffer) => string }> }> };
        return make({}, { mode: 'production' });
      } finally {
        delete process.env.ADDIN_PUBLIC_URL;
      }
    };
    const config = load('https://hr.example.com/kaohe');
    const copy = config.plugins.find((p) => p.patterns)!;
    const pattern = copy.patterns!.find((p) => p.from === 'manifest.xml')!;
    const built = pattern.transform!(Buffer.from(text));
    expect(built).not.toContain('localhost');
    expect(built).toContain('<AppDomain>https://hr.example.com</AppDomain>');
    expect(built).toContain('<SourceLocation DefaultValue="https://hr.example.com/kaohe/taskpane.html"/>');
    const reparsed = parse(built);
    expect(reparsed.errors).toEqual([]);
    expect(() => load('http://hr.example.com/')).toThrow('ADDIN_PUBLIC_URL 必须是 https://');
  });
});
