// W3C extended log directives: the `#Name: value` lines of a header block.

export interface DirectiveInfo {
  /** Name without `#` and `:`. */
  readonly name: string;
  readonly summary: string;
  /** Markdown, a few sentences. */
  readonly detail: string;
  /** Shape of the value, for completion snippets and hovers. */
  readonly example: string;
  /** True for the four directives IIS SMTP writes; the others are valid W3C but never seen in SMTP logs. */
  readonly writtenBySmtpsvc: boolean;
}

export const DIRECTIVES = [
  {
    name: 'Software',
    summary: 'Program that wrote the log.',
    detail:
      'IIS writes `Microsoft Internet Information Services` followed by the IIS version of the operating ' +
      'system (5.0 for Windows 2000, 6.0 for Server 2003, 7.0 and later for newer Windows), not an SMTP build ' +
      'number. It opens every header block.',
    example: 'Microsoft Internet Information Services 6.0',
    writtenBySmtpsvc: true,
  },
  {
    name: 'Version',
    summary: 'Version of the W3C extended log format: always 1.0.',
    detail: 'Fixed at `1.0` in IIS logs.',
    example: '1.0',
    writtenBySmtpsvc: true,
  },
  {
    name: 'Date',
    summary: 'UTC date and time the header block was written.',
    detail:
      'Format `yyyy-MM-dd HH:mm:ss`, **UTC**. A new header block (and `#Date`) is written when the file is ' +
      'created, when the service restarts and when the field selection changes. If the records have no ' +
      '`date` column, this is the only source of their date.',
    example: '2008-03-26 19:18:06',
    writtenBySmtpsvc: true,
  },
  {
    name: 'Fields',
    summary: 'Names of the columns of the records that follow.',
    detail:
      'A space-separated list of field names. It applies to every record up to the next `#Fields` line, so ' +
      'one file can hold blocks with different columns. The set is chosen in IIS Manager under the SMTP ' +
      'virtual server: *Properties → General → Enable logging → Properties → Advanced* (metabase ' +
      '`LogExtFileFlags`).',
    example: 'date time c-ip cs-username cs-method cs-uri-query sc-status',
    writtenBySmtpsvc: true,
  },
  {
    name: 'Start-Date',
    summary: 'When logging started (W3C; not written by IIS SMTP).',
    detail: 'Part of the W3C draft format. IIS SMTP does not write it; other tools may.',
    example: '2008-03-26 00:00:00',
    writtenBySmtpsvc: false,
  },
  {
    name: 'End-Date',
    summary: 'When logging finished (W3C; not written by IIS SMTP).',
    detail: 'Part of the W3C draft format. IIS SMTP does not write it; other tools may.',
    example: '2008-03-27 00:00:00',
    writtenBySmtpsvc: false,
  },
  {
    name: 'Remark',
    summary: 'Free-text comment (W3C; not written by IIS SMTP).',
    detail: 'Ignored by log analysers. Useful to annotate a log by hand.',
    example: 'copied from SMTPSVC1 on the old server',
    writtenBySmtpsvc: false,
  },
] as const satisfies readonly DirectiveInfo[];

export type DirectiveName = (typeof DIRECTIVES)[number]['name'];

const byLowerName = new Map<string, DirectiveInfo>(DIRECTIVES.map((d) => [d.name.toLowerCase(), d]));

/** Directive by name, with or without the leading `#` and trailing `:`, ignoring case. */
export function directiveByName(name: string): DirectiveInfo | undefined {
  const bare = name.trim().replace(/^#/, '').replace(/:$/, '');
  return byLowerName.get(bare.toLowerCase());
}
