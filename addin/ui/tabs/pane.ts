import type { LiveSession } from '../../live/session';
import type { HostInfo } from '../host';

/** What the shell gives each tab: the live session (once connected), the host, and error reporting. */
export interface Pane {
  session(): LiveSession | null;
  host(): HostInfo;
  /** Runs `fn`; an error is shown in the banner, never thrown into the page. */
  guard(fn: () => Promise<void>): Promise<void>;
  /** After the workbook's sheets were (re)created: watch what is there now and check everything. */
  reattach(): Promise<void>;
}
