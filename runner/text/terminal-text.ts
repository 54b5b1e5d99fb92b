// Text from a lab (a `requires:` entry, a title, an error quoting either) on its way to the
// terminal: control characters shown escaped, so a YAML `"\e]0;…"` cannot set the window title,
// write the clipboard (OSC 52) or move the cursor. Line breaks and tabs stay as they are.

const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function terminalText(text: string): string {
  return text.replace(CONTROLS, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
