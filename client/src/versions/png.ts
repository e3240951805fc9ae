/** The PNG export: an image of the export sheet (title, grid, legend) drawn by html-to-image (loaded on first use). */
export async function downloadPng(node: HTMLElement, fileName: string): Promise<void> {
  const { toBlob } = await import('html-to-image');
  const blob = await toBlob(node, { backgroundColor: '#ffffff', pixelRatio: 1, skipFonts: true });
  if (!blob) throw new Error('html-to-image drew nothing');
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
