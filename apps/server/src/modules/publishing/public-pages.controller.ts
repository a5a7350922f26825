import { Controller, Get, Header, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ConfigService } from '@nestjs/config';
import { languageFor } from '../../common/i18n/translator';
import { pickLanguage, type Language } from '@accord/i18n';
import type { Response } from 'express';
import type { AppConfig } from '../../config/app-config';
import { Public } from '../auth/authenticated-member';
import { PublishingService } from './publishing.service';
import { changesPage, editionPage, networkIndexPage, notFoundPage, PUBLIC_PAGE_CSP, verifyPage } from './public-pages';
import { EDITION_CSS } from './render/edition-styles';
import { STANDALONE_CSP } from './render/standalone-html';

const EDITION_NUMBER = /^[1-9][0-9]{0,5}$/;
const SHA256 = /^[0-9a-fA-F]{64}$/;

/**
 * The public side of publishing, for anyone, without signing in: plain HTML rendered by the
 * server (no script at all), a strict CSP, and the stored files exactly as stored. Anything that
 * is not a published edition answers 404.
 */
@ApiTags('public pages')
@Public()
@Controller('p')
export class PublicPagesController {
  private readonly publicUrl: string;

  constructor(
    private readonly publishing: PublishingService,
    config: ConfigService<AppConfig, true>,
  ) {
    this.publicUrl = config.get('PUBLIC_URL', { infer: true }).replace(/\/+$/, '');
  }

  @Get('_assets/edition.css')
  @ApiExcludeEndpoint()
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  stylesheet(): string {
    return EDITION_CSS + PUBLIC_ONLY_CSS;
  }

  @Get(':network')
  @ApiProduces('text/html')
  @ApiOkResponse({ description: "The network's published recommendations (HTML)" })
  async network(@Param('network') slug: string, @Headers('accept-language') accept: string | undefined, @Res() response: Response): Promise<void> {
    const language = languageFor(null, accept);
    const found = await this.publishing.publicNetwork(slug);
    if (!found) return this.notFound(response, language);
    this.html(response, networkIndexPage(found.network, found.editions, language, this.publicUrl));
  }

  @Get(':network/verify')
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'Checks a SHA-256 against the stored files (HTML); ?sha256=<64 hex digits>' })
  async verify(@Param('network') slug: string, @Query('sha256') sha256: unknown, @Headers('accept-language') accept: string | undefined, @Res() response: Response): Promise<void> {
    const language = languageFor(null, accept);
    const found = await this.publishing.publicNetwork(slug);
    if (!found) return this.notFound(response, language);
    const given = typeof sha256 === 'string' ? sha256.trim().slice(0, 128) : '';
    const result = SHA256.test(given) ? await this.publishing.verify(given) : null;
    this.html(response, verifyPage(found.network, result, given, language, this.publicUrl));
  }

  @Get(':network/:number')
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The latest edition of a published recommendation (HTML)' })
  async latest(@Param('network') slug: string, @Param('number') number: string, @Headers('accept-language') accept: string | undefined, @Res() response: Response): Promise<void> {
    const view = await this.publishing.publicEdition(slug, number, null);
    if (!view) return this.notFound(response, languageFor(null, accept));
    this.html(response, editionPage(view, this.pageLanguage(view.shown.language, accept), this.publicUrl));
  }

  @Get(':network/:number/editions/:edition')
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'One edition, at its own address (HTML)' })
  async edition(@Param('network') slug: string, @Param('number') number: string, @Param('edition') edition: string, @Headers('accept-language') accept: string | undefined, @Res() response: Response): Promise<void> {
    const view = EDITION_NUMBER.test(edition) ? await this.publishing.publicEdition(slug, number, Number(edition)) : null;
    if (!view) return this.notFound(response, languageFor(null, accept));
    this.html(response, editionPage(view, this.pageLanguage(view.shown.language, accept), this.publicUrl));
  }

  @Get(':network/:number/editions/:edition/changes')
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'What an edition changed against the one before (HTML)' })
  async changes(@Param('network') slug: string, @Param('number') number: string, @Param('edition') edition: string, @Headers('accept-language') accept: string | undefined, @Res() response: Response): Promise<void> {
    const view = EDITION_NUMBER.test(edition) ? await this.publishing.publicChanges(slug, number, Number(edition)) : null;
    if (!view) return this.notFound(response, languageFor(null, accept));
    this.html(response, changesPage(view, this.pageLanguage(view.edition.language, accept), this.publicUrl));
  }

  @Get(':network/:number/editions/:edition/files/:fileName')
  @ApiProduces('application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'text/markdown', 'text/html', 'application/json')
  @ApiOkResponse({ description: 'A file of the edition, byte for byte as stored at publication; its SHA-256 is in the ETag and the X-Content-SHA256 header' })
  async file(
    @Param('network') slug: string,
    @Param('number') number: string,
    @Param('edition') edition: string,
    @Param('fileName') fileName: string,
    @Headers('accept-language') accept: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    const file = EDITION_NUMBER.test(edition) && fileName.length <= 200 ? await this.publishing.publicFile(slug, number, Number(edition), fileName) : null;
    if (!file) return this.notFound(response, languageFor(null, accept));
    response.setHeader('Content-Type', file.mediaType);
    response.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
    response.setHeader('Content-Security-Policy', file.kind === 'html' ? `${STANDALONE_CSP}; sandbox` : "default-src 'none'; sandbox");
    response.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    response.setHeader('ETag', `"${file.sha256}"`);
    response.setHeader('X-Content-SHA256', file.sha256);
    response.send(file.bytes);
  }

  /** The page speaks the text's language where Accord does, else the reader's. */
  private pageLanguage(textLanguage: string, accept: string | undefined): Language {
    return pickLanguage([textLanguage]) ?? languageFor(null, accept);
  }

  private html(response: Response, body: string): void {
    response.status(200);
    response.setHeader('Content-Type', 'text/html; charset=utf-8');
    response.setHeader('Content-Security-Policy', PUBLIC_PAGE_CSP);
    response.setHeader('Cache-Control', 'public, max-age=60');
    response.send(body);
  }

  private notFound(response: Response, language: Language): void {
    response.status(404);
    response.setHeader('Content-Type', 'text/html; charset=utf-8');
    response.setHeader('Content-Security-Policy', PUBLIC_PAGE_CSP);
    response.setHeader('Cache-Control', 'no-store');
    response.send(notFoundPage(language));
  }
}

/** Rules only the public pages need (the exports inline EDITION_CSS alone). */
const PUBLIC_ONLY_CSS = `
dl.colophon-list { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; font-family: "DejaVu Sans", Arial, sans-serif; font-size: .9rem; }
dl.colophon-list dt { font-weight: 700; }
dl.colophon-list dd { margin: 0; overflow-wrap: anywhere; }
body > footer.colophon { max-width: 46rem; margin: 2rem auto 0; }
`;
