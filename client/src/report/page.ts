// The shell of a webview page: a strict CSP (nothing but the page's nonce'd style and script, images from the
// webview itself), no remote resources. Pages supply escaped body HTML; title and nonce are escaped here.
import { esc } from './escape';

export interface PageParts {
  title: string;
  nonce: string;
  cspSource: string;
  css: string;
  body: string;
  script: string;
}

export function webviewPage(p: PageParts): string {
  const csp = `default-src 'none'; img-src ${p.cspSource} data:; style-src 'nonce-${p.nonce}'; script-src 'nonce-${p.nonce}';`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(p.title)}</title>
<style nonce="${esc(p.nonce)}">${p.css}</style></head>
<body>
${p.body}
<script nonce="${esc(p.nonce)}">${p.script}</script>
</body></html>`;
}
