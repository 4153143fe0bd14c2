// Every language the server serves. Adding a language is one line here.
import type { LanguageService } from './languageService';
import { smtpLogService } from './smtpLog/service';
import { metabaseService } from './metabase/service';
import { connectorService } from './connectors/service';
import { exchangeLogService } from './exchangeLog/service';

export function createLanguageServices(): LanguageService[] {
  return [smtpLogService(), metabaseService(), connectorService(), exchangeLogService()];
}
