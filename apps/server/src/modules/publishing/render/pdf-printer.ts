import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { accessSync, constants } from 'node:fs';
import type { Browser } from 'playwright-core';
import type { AppConfig } from '../../../config/app-config';

export interface PdfPage {
  /** A complete HTML document (standalone: styles inline, nothing to fetch). */
  html: string;
  /** Words beside the page number in the footer, e.g. "EC-NET Recommendation 2026/04, edition 1". */
  footerLabel: string;
  /** "Page" in the document's language. */
  pageWord: string;
  ofWord: string;
}

/** Whether this server can print PDFs, and if not, why (shown in the publish dialog and logged). */
export interface PdfAvailability {
  available: boolean;
  chromiumPath: string;
}

/**
 * Prints HTML to tagged PDF with the system Chromium (playwright-core, nothing downloaded): the
 * title and language come from the HTML, headings become the PDF's outline and structure tags,
 * page numbers are printed in the footer. JavaScript is off in the printing page. One browser is
 * started on first use and kept; prints run one at a time, since the machine shares its cores.
 */
@Injectable()
export class PdfPrinter implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(PdfPrinter.name);
  private readonly chromiumPath: string;
  private browser: Promise<Browser> | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(config: ConfigService<AppConfig, true>) {
    this.chromiumPath = config.get('CHROMIUM_PATH', { infer: true });
  }

  onModuleInit(): void {
    if (!this.availability().available) {
      this.logger.warn({ chromiumPath: this.chromiumPath }, `PDF exports are off: no Chromium at ${this.chromiumPath} (install it, e.g. "apt-get install chromium", or set CHROMIUM_PATH). Editions are published without PDF files.`);
    }
  }

  availability(): PdfAvailability {
    try {
      accessSync(this.chromiumPath, constants.X_OK);
      return { available: true, chromiumPath: this.chromiumPath };
    } catch {
      return { available: false, chromiumPath: this.chromiumPath };
    }
  }

  /** The PDF's bytes, or null when no Chromium is installed (logged). */
  async print(page: PdfPage): Promise<Buffer | null> {
    if (!this.availability().available) {
      this.logger.warn({ chromiumPath: this.chromiumPath }, 'PDF not rendered: no Chromium installed');
      return null;
    }
    const run = this.queue.then(() => this.printNow(page));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async printNow(page: PdfPage): Promise<Buffer> {
    const browser = await this.launched();
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    try {
      const tab = await context.newPage();
      await tab.setContent(page.html, { waitUntil: 'load' });
      const footer = `<div style="font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 8pt; color: #444; width: 100%; padding: 0 15mm; display: flex; justify-content: space-between;"><span>${escapeFooter(page.footerLabel)}</span><span>${escapeFooter(page.pageWord)} <span class="pageNumber"></span> ${escapeFooter(page.ofWord)} <span class="totalPages"></span></span></div>`;
      return await tab.pdf({
        format: 'A4',
        printBackground: true,
        tagged: true,
        outline: true,
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate: footer,
        margin: { top: '18mm', bottom: '20mm', left: '18mm', right: '18mm' },
      });
    } finally {
      await context.close();
    }
  }

  private launched(): Promise<Browser> {
    if (!this.browser) {
      // Loaded on the first print: most processes never print, and the driver is large.
      this.browser = import('playwright-core').then(({ chromium }) => chromium.launch({
        executablePath: this.chromiumPath,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      }));
      this.browser.then(
        (browser) => browser.on('disconnected', () => (this.browser = null)),
        () => (this.browser = null),
      );
    }
    return this.browser;
  }

  async onApplicationShutdown(): Promise<void> {
    const browser = await this.browser?.catch(() => null);
    this.browser = null;
    await browser?.close().catch(() => undefined);
  }
}

function escapeFooter(text: string): string {
  return text.replace(/[&<>"]/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[character] ?? character);
}
