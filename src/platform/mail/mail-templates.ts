import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import { existsSync, readFileSync } from 'node:fs';
import { templatesDir } from '../../config/paths';
import { endSentence } from './sentence';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

type Compiled = Handlebars.TemplateDelegate<Record<string, unknown>>;

/**
 * E-mail templates live in `templates/email/<name>/` as `subject.hbs`, `text.hbs` and `html.hbs`;
 * the HTML is wrapped in `templates/email/layout.html.hbs`. HTML output is escaped by Handlebars.
 */
@Injectable()
export class MailTemplates {
  private readonly cache = new Map<string, Compiled>();
  private readonly handlebars = Handlebars.create();

  constructor() {
    this.handlebars.registerHelper('join', (list: unknown, separator: unknown) =>
      Array.isArray(list) ? list.join(typeof separator === 'string' ? separator : ', ') : '',
    );
    this.handlebars.registerHelper('sentence', (text: unknown) =>
      endSentence(typeof text === 'string' ? text : typeof text === 'number' ? String(text) : ''),
    );
    // `monitoring_check` types and statuses read as words: "periodic_review" → "periodic review".
    this.handlebars.registerHelper('words', (text: unknown) =>
      typeof text === 'string' ? text.replaceAll('_', ' ') : '',
    );
    this.handlebars.registerHelper('capitalize', (text: unknown) =>
      typeof text === 'string' ? text.charAt(0).toUpperCase() + text.slice(1) : '',
    );
    this.handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  }

  exists(name: string): boolean {
    return existsSync(templatesDir('email', name, 'subject.hbs'));
  }

  private compile(file: string, strict: boolean, text = false): Compiled {
    const cached = this.cache.get(file);
    if (cached) return cached;
    const compiled = this.handlebars.compile<Record<string, unknown>>(readFileSync(file, 'utf8'), {
      strict,
      noEscape:
        text || file.endsWith('.txt.hbs') || file.endsWith('text.hbs') || file.endsWith('subject.hbs'),
    });
    this.cache.set(file, compiled);
    return compiled;
  }

  /**
   * A plain-text piece of wording, `templates/<parts…>.hbs` (e.g. a reminder's subject line), with the
   * e-mails' helpers; every name it uses must be in `context`.
   */
  renderText(parts: string[], context: Record<string, unknown>): string {
    if (!parts.every((p) => /^[a-z0-9_-]+$/.test(p))) throw new Error(`Unknown template ${parts.join('/')}`);
    const file = templatesDir(...parts.slice(0, -1), `${parts[parts.length - 1]}.hbs`);
    if (!existsSync(file)) throw new Error(`Unknown template ${parts.join('/')}`);
    return this.compile(file, true, true)(context).trim();
  }

  render(name: string, context: Record<string, unknown>): RenderedMail {
    if (!/^[a-z0-9-]+$/.test(name) || !this.exists(name))
      throw new Error(`Unknown e-mail template "${name}"`);
    const subject = this.compile(templatesDir('email', name, 'subject.hbs'), true)(context).trim();
    const text = this.compile(templatesDir('email', name, 'text.hbs'), true)(context);
    const body = this.compile(templatesDir('email', name, 'html.hbs'), true)(context);
    const html = this.compile(templatesDir('email', 'layout.html.hbs'), false)({ subject, body });
    return { subject, text, html };
  }
}
