// Placeholder until the SMTP log language lands.
import type { LanguageService } from '../languageService';

export function smtpLogService(): LanguageService<null> {
  return {
    languageIds: ['iis-smtp-log'],
    open: () => null,
    update: (m) => m,
    diagnostics: () => [],
  };
}
