/** Display width in a terminal: CJK and full-width characters take two columns. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    w +=
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x20000 && c <= 0x3fffd)
        ? 2
        : 1;
  }
  return w;
}

export function padDisplay(text: string, width: number, alignRight = false): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return alignRight ? fill + text : text + fill;
}

/** A plain-text table whose columns line up with Chinese text in a terminal. */
export function renderTable(headers: string[], rows: string[][], rightAligned: Set<number> = new Set()): string {
  // A loop, not Math.max(...rows): 200,000 rejected rows would overflow the call stack.
  const widths = headers.map((h, i) => {
    let w = displayWidth(h);
    for (const r of rows) w = Math.max(w, displayWidth(r[i] ?? ''));
    return w;
  });
  const line = (cells: string[]) =>
    cells
      .map((c, i) => padDisplay(c ?? '', widths[i], rightAligned.has(i)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n';
}
