/** Extraction of uploaded files into a document's text and metadata (server/documents/extract.ts). */
import { describe, expect, it } from 'vitest';
import { detectFormat, extractDocument, pdfDate } from '../../server/documents/extract.ts';
import { tinyPdf } from '../utils/pdf.ts';
import { DocumentError } from '../../server/documents/errors.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);

/** A saved news page: navigation, a cookie banner, share buttons, related links and a footer around the article. */
const PAGE = `<!doctype html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>Cautious Russia awaits details from US on Ukraine ceasefire plan | World News Daily</title>
  <meta property="og:title" content="Cautious Russia awaits details from US on Ukraine ceasefire plan">
  <meta property="og:site_name" content="World News Daily">
  <meta name="author" content="By Guy Faulconbridge">
  <meta property="article:published_time" content="2025-03-12T10:41:00Z">
  <link rel="canonical" href="https://news.example.com/world/russia-ceasefire-2025-03-12/">
</head>
<body>
  <div class="cookie-banner">We use cookies to improve your experience. <button>Accept all</button></div>
  <header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/business">Business</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
  <main>
    <article>
      <h1>Cautious Russia awaits details from US on Ukraine ceasefire plan</h1>
      <div class="share"><a href="#">Share on X</a> <a href="#">Share by email</a></div>
      <p>The Kremlin said on Wednesday it was awaiting details from Washington about a proposal for a 30-day ceasefire in Ukraine,
         while senior Moscow sources said a deal would have to take account of Russia’s advances and address its concerns.</p>
      <p>Kremlin spokesman Dmitry Peskov suggested a reporter was getting “a little ahead” of himself by asking if Russia intended
         to tie a ceasefire proposal to the lifting of international sanctions imposed over the war in Ukraine.</p>
      <p>“Rubio and Waltz said that they would pass on detailed information to us through various channels about the essence of
         the conversation that took place in Jeddah. First, we must receive this information,” Peskov said.</p>
      <p>Putin has repeatedly said a short-term truce is not the way to end the war.</p>
    </article>
    <aside class="related"><h2>Related stories</h2><ul><li><a href="/a">Markets rally on truce hopes</a></li><li><a href="/b">Ten gadgets to buy this spring</a></li></ul></aside>
  </main>
  <footer><p>© 2025 World News Daily. All rights reserved.</p><p><a href="/privacy">Privacy policy</a> · <a href="/terms">Terms of use</a></p></footer>
</body>
</html>`;

describe('extractDocument: HTML', () => {
  it('keeps the article, one paragraph per line, and drops navigation, banners, share bars, related links and the footer', async () => {
    const doc = await extractDocument({ filename: 'ceasefire.html', contentType: 'text/html', bytes: utf8(PAGE) });
    const lines = doc.text.split('\n');
    expect(lines).toContain('Putin has repeatedly said a short-term truce is not the way to end the war.');
    expect(lines).toContain(
      'Kremlin spokesman Dmitry Peskov suggested a reporter was getting “a little ahead” of himself by asking if Russia intended to tie a ceasefire proposal to the lifting of international sanctions imposed over the war in Ukraine.',
    );
    for (const boilerplate of ['Accept all', 'Business', 'Share on X', 'Related stories', 'Ten gadgets', 'All rights reserved', 'Privacy policy']) {
      expect(doc.text, boilerplate).not.toContain(boilerplate);
    }
  });

  it('prefills title, outlet, author, date, canonical URL and language from the meta tags', async () => {
    const doc = await extractDocument({ filename: 'ceasefire.html', contentType: '', bytes: utf8(PAGE) });
    expect(doc).toMatchObject({
      format: 'html',
      title: 'Cautious Russia awaits details from US on Ukraine ceasefire plan',
      outlet: 'World News Daily',
      author: 'Guy Faulconbridge',
      date: '2025-03-12',
      url: 'https://news.example.com/world/russia-ceasefire-2025-03-12/',
      lang: 'en-GB',
    });
  });

  it('reads citation_date and a <time> element when there is no article:published_time', async () => {
    const withCitation = PAGE.replace('property="article:published_time" content="2025-03-12T10:41:00Z"', 'name="citation_date" content="2025/03/11"');
    expect((await extractDocument({ filename: 'a.htm', contentType: '', bytes: utf8(withCitation) })).date).toBe('2025-03-11');
    const withTime = PAGE.replace(/<meta property="article:published_time"[^>]*>/, '').replace('<h1>', '<time datetime="2025-03-10">10 March</time><h1>');
    expect((await extractDocument({ filename: 'a.htm', contentType: '', bytes: utf8(withTime) })).date).toBe('2025-03-10');
  });
});

describe('extractDocument: PDF', () => {
  it('extracts the text of a PDF made in the test, with title, author and date from its info', async () => {
    const bytes = tinyPdf(['Kremlin statement on the ceasefire', 'We will not comment until all details are made known.'], {
      Title: 'Kremlin statement',
      Author: 'Press office',
      CreationDate: "D:20250312093000+01'00'",
    });
    expect(bytes.length).toBeLessThan(1200);
    const doc = await extractDocument({ filename: 'statement.pdf', contentType: 'application/pdf', bytes });
    expect(doc.format).toBe('pdf');
    expect(doc.text).toContain('We will not comment until all details are made known.');
    expect(doc.text).toContain('Kremlin statement on the ceasefire');
    expect(doc).toMatchObject({ title: 'Kremlin statement', author: 'Press office', date: '2025-03-12' });
  });

  it('refuses a file that is not a PDF with a typed error', async () => {
    await expect(extractDocument({ filename: 'broken.pdf', contentType: 'application/pdf', bytes: utf8('not a pdf at all') })).rejects.toMatchObject({
      code: 'invalid-document',
      status: 422,
    });
  });

  it('reads PDF dates', () => {
    expect(pdfDate("D:20250312093000+01'00'")).toBe('2025-03-12');
    expect(pdfDate('yesterday')).toBe('');
  });
});

describe('extractDocument: text, Markdown and the rest', () => {
  it('keeps plain text as it is and takes the first line as the title', async () => {
    const text = 'Cautious Russia awaits details\n\nThe Kremlin said on Wednesday…\n';
    expect(await extractDocument({ filename: 'a.txt', contentType: 'text/plain', bytes: utf8(text) })).toMatchObject({
      format: 'txt',
      text,
      title: 'Cautious Russia awaits details',
    });
  });

  it('takes a Markdown document’s first heading as the title', async () => {
    const doc = await extractDocument({ filename: 'notes.md', contentType: '', bytes: utf8('Intro line\n\n# Jeddah talks\n\nText.') });
    expect(doc).toMatchObject({ format: 'md', title: 'Jeddah talks' });
  });

  it('refuses unknown formats (415) and text that is not UTF-8 (422)', async () => {
    await expect(extractDocument({ filename: 'a.docx', contentType: 'application/octet-stream', bytes: utf8('x') })).rejects.toBeInstanceOf(DocumentError);
    await expect(extractDocument({ filename: 'a.docx', contentType: '', bytes: utf8('x') })).rejects.toMatchObject({ status: 415 });
    await expect(extractDocument({ filename: 'a.txt', contentType: '', bytes: new Uint8Array([0xff, 0xfe, 0x41]) })).rejects.toMatchObject({ status: 422 });
  });

  it('detects the format by extension, then by content type', () => {
    expect(detectFormat({ filename: 'Page.HTM', contentType: '' })).toBe('html');
    expect(detectFormat({ filename: 'upload', contentType: 'application/pdf; charset=binary' })).toBe('pdf');
    expect(detectFormat({ filename: 'upload', contentType: 'image/png' })).toBeNull();
  });
});
