/** The ribbon's function file: the 考核助手 button only opens the task pane, so nothing runs here. */
if (typeof Office !== 'undefined') {
  void Office.onReady();
}
export {};
