/** File-name and progress helpers for writing one file per employee. */
/**
 * Characters Windows does not allow in file names are replaced by "_"; a part is cut to 40
 * characters (a 姓名 cell pasted with a whole paragraph must not make the path too long to write).
 */
export function safeFilePart(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are not allowed in Windows file names
  const safe = text.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim() || '_';
  const chars = Array.from(safe);
  return chars.length > 40 ? chars.slice(0, 40).join('') : safe;
}

/** A progress bar on stderr when it is a terminal; nothing otherwise. */
export function progressBar(label: string, total: number, isTTY: boolean, err: (t: string) => void) {
  let last = -1;
  return {
    tick(done: number) {
      if (!isTTY || total === 0) return;
      const pct = Math.floor((done / total) * 100);
      if (pct === last && done !== total) return;
      last = pct;
      const width = 30;
      const fill = Math.round((done / total) * width);
      err(`\r${label} [${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${done}/${total}`);
      if (done === total) err('\n');
    },
  };
}
