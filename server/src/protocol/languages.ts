// The language ids the server serves. The three IIS/Exchange ones are contributed by package.json (a unit test
// compares); the connector scripts are PowerShell, a language the editor already has.

export const SMTP_LOG_LANGUAGE_ID = 'iis-smtp-log';
export const METABASE_LANGUAGE_ID = 'iis-metabase';
export const EXCHANGE_LOG_LANGUAGE_ID = 'exchange-protocol-log';
export const CONNECTOR_SCRIPT_LANGUAGE_ID = 'powershell';

/** The languages this extension contributes (package.json `contributes.languages`). */
export const CONTRIBUTED_LANGUAGE_IDS = [SMTP_LOG_LANGUAGE_ID, METABASE_LANGUAGE_ID, EXCHANGE_LOG_LANGUAGE_ID] as const;

/** Every language id some language service serves. */
export const SERVED_LANGUAGE_IDS = [...CONTRIBUTED_LANGUAGE_IDS, CONNECTOR_SCRIPT_LANGUAGE_ID] as const;
