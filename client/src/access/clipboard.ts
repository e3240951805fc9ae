/**
 * Copies text. The Clipboard API needs a secure context (https or localhost); a workshop server
 * on a LAN address is plain http, so fall back to a selected textarea and execCommand('copy').
 * `host`: where the textarea goes (inside an open modal dialog, the rest of the page is inert).
 */
export async function copyText(text: string, host: HTMLElement = document.body): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.cssText = 'position:fixed;top:0;left:0;width:1px;height:1px;opacity:0';
    host.append(area);
    area.select();
    let ok: boolean;
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    area.remove();
    return ok;
  }
}
